"""Drive the real pipeline over the loopback feed server: store, fetcher, matcher, outbox."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot import guilds
from bot.cycle import source_registry
from bot.cycle.pipeline import CycleReport, Pipeline
from bot.settings import Settings
from bot.store import Store
from feeds.fetch import Fetcher
from tests.bot.helpers import CHANNEL, GUILD, PERSON, Stored, open_store, snapshot
from tests.fakes.feed_server import FeedServer
from tests.fakes.sinks import MemorySink


def settings_for(server: FeedServer, workers: int = 0) -> Settings:
    base = Settings()
    return dataclasses.replace(
        base,
        fetch=dataclasses.replace(base.fetch, allow_hosts=(server.host_port,), deadline=2.0),
        poll=dataclasses.replace(base.poll, parse_workers=workers),
        sources=dataclasses.replace(base.sources, enabled=()),
    )


async def configure(store: Store, server: FeedServer, paths, seeded: bool = True) -> None:
    async with store.transaction() as tx:
        await guilds.watch(tx, GUILD, PERSON, 200)
        await guilds.subscribe(tx, GUILD, CHANNEL, None, ())
        for path in paths:
            source = source_registry.new_source(
                f"feed{path}", "rss", server.url(path), guild_id=str(GUILD), seeded=seeded
            )
            await source_registry.add_source(tx, source)


async def make_due(store: Store) -> None:
    async with store.transaction() as tx:
        await tx.sources.set_next_check(None)


@dataclass
class Harness:
    store: Store
    sink: MemorySink
    pipeline: Pipeline

    async def stored(self) -> Stored:
        return await snapshot(self.store)

    async def cycle(self) -> CycleReport:
        await make_due(self.store)
        return await self.pipeline.run_cycle()


@asynccontextmanager
async def harness(
    tmp_path,
    server: FeedServer,
    paths,
    *,
    workers: int = 0,
    seeded: bool = True,
    per_host: int = 2,
) -> AsyncIterator[Harness]:
    store = open_store(tmp_path / "s.json")
    await configure(store, server, paths, seeded)
    settings = settings_for(server, workers)
    fetcher = Fetcher(
        user_agent="test", deadline=2.0, allow_hosts=[server.host_port], per_host=per_host
    )
    async with fetcher:
        pipeline = Pipeline(settings, store, fetcher, MemorySink())
        try:
            yield Harness(store, pipeline.sink, pipeline)
        finally:
            await pipeline.close()
            await store.close()


async def run_cycles(
    tmp_path, server, paths, n: int = 1, workers: int = 0, seeded: bool = True
) -> tuple[Stored, MemorySink, list[CycleReport]]:
    """Run n cycles; returns what the store held after them, what was sent, and the reports."""
    async with harness(tmp_path, server, paths, workers=workers, seeded=seeded) as h:
        reports = [await h.cycle() for _ in range(n)]
        stored = await snapshot(h.store)
    return stored, h.sink, reports
