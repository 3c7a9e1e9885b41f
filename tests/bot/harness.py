"""Drive the real pipeline over the loopback feed server: store, fetcher, matcher, outbox."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot import guilds
from bot.cycle import source_registry
from bot.cycle.pipeline import CycleReport, Pipeline
from bot.settings import Settings
from bot.store import Store
from feeds.fetch import Fetcher
from tests.bot.helpers import CHANNEL, GUILD, PERSON, Stored, open_store, snapshot
from tests.fakes.feed_server import FeedServer
from tests.fakes.sinks import MemorySink

DEADLINE = 2.0


def settings_for(
    server: FeedServer,
    workers: int = 0,
    *,
    allow_hosts: Iterable[str] = (),
    interval: int | None = None,
    concurrency: int | None = None,
    per_host: int = 2,
) -> Settings:
    base = Settings()
    fetch = dataclasses.replace(
        base.fetch,
        allow_hosts=(server.host_port, *allow_hosts),
        deadline=DEADLINE,
        per_host=per_host,
        concurrency=concurrency or base.fetch.concurrency,
    )
    poll = dataclasses.replace(
        base.poll,
        parse_workers=workers,
        interval_seconds=interval or base.poll.interval_seconds,
    )
    sources = dataclasses.replace(base.sources, enabled=())
    return dataclasses.replace(base, fetch=fetch, poll=poll, sources=sources)


def feed_url(server: FeedServer, path_or_url: str) -> str:
    """A path on the server's own address, or a full URL (another host name) as given."""
    return path_or_url if "://" in path_or_url else server.url(path_or_url)


async def configure(store: Store, server: FeedServer, paths, seeded: bool = True) -> None:
    async with store.transaction() as tx:
        await guilds.watch(tx, GUILD, PERSON, 200)
        await guilds.subscribe(tx, GUILD, CHANNEL, None, ())
        for path in paths:
            url = feed_url(server, path)
            source = source_registry.new_source(
                f"feed{urlsplit(url).path}", "rss", url, guild_id=str(GUILD), seeded=seeded
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
    allow_hosts: Iterable[str] = (),
    interval: int | None = None,
    concurrency: int | None = None,
) -> AsyncIterator[Harness]:
    store = open_store(tmp_path / "s.json")
    await configure(store, server, paths, seeded)
    settings = settings_for(
        server,
        workers,
        allow_hosts=allow_hosts,
        interval=interval,
        concurrency=concurrency,
        per_host=per_host,
    )
    f = settings.fetch
    fetcher = Fetcher(
        user_agent="test",
        deadline=f.deadline,
        allow_hosts=f.allow_hosts,
        per_host=f.per_host,
        concurrency=f.concurrency,
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
