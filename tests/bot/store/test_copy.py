"""Copying a TinyDB store into PostgreSQL: everything arrives, and twice is once."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot import guilds
from bot.clock import utcnow
from bot.cycle import source_registry
from bot.store import (
    ChannelSettings,
    ChannelStatus,
    CycleSummary,
    DigestMode,
    MentionRule,
    Store,
)
from bot.store.copy import copy_store
from bot.store.postgres import PgStore
from bot.store.tinydb import TinyStore
from feeds.models import EventType
from tests.bot.store.test_repo_methods import ANA, BEN, alert, row

G1, G2 = "111", "222"


async def fill(store: Store) -> None:
    """Two servers with watchlists, subscriptions, channels, feeds, alerts, rows, feedback."""
    now = utcnow()
    async with store.transaction() as tx:
        await guilds.watch(tx, G1, ANA, 10)
        await guilds.watch(tx, G1, BEN, 10)
        await guilds.watch(tx, G2, BEN, 10)
        await guilds.subscribe(tx, G1, "c1", None, [EventType.RECALL])
        await guilds.subscribe(tx, G2, "c9", BEN.id, ())
        await tx.guilds.set_mention(G1, MentionRule("r1", [EventType.RECALL]))
        await tx.guilds.save_channel(
            ChannelSettings(G2, "c9", DigestMode.WEEKLY, "09:00", now, ChannelStatus.PAUSED, "403")
        )
        for gid in (G1, G2):
            source = source_registry.new_source(f"feed:{gid}", "rss", f"https://{gid}.ex/f",
                                                guild_id=gid)  # fmt: skip
            source.etag, source.consecutive_errors = '"v3"', 2
            await source_registry.add_source(tx, source)
        await tx.seen.mark(["k1", "k2"], now - timedelta(days=2))
        await tx.seen.mark(["k3"], now)
        await tx.alerts.add([alert("a1"), alert("b1", BEN, also_reported_by=["Hill Post"])])
        await tx.outbox.enqueue([row("r1"), row("r2", guild=G2, channel="c9")])
        await guilds.record_feedback(tx, G1, "a1", "wrong_person")
        await tx.meta.set_last_cycle(CycleSummary(now, {"sources": 2}))


async def dump(store: Store) -> dict[str, Any]:
    """Everything a store holds, in a form that compares across engines."""
    async with store.transaction() as tx:
        gids = sorted(await tx.guilds.guild_ids())
        return {
            "sources": sorted(map(dataclasses.astuple, await tx.sources.all())),
            "seen": sorted(await tx.seen.all()),
            "alerts": sorted(map(dataclasses.astuple, await tx.alerts.all())),
            "outbox": sorted(map(dataclasses.astuple, await tx.outbox.all())),
            "watched": {g: await tx.guilds.watched(g) for g in gids},
            "mention": {g: await tx.guilds.mention(g) for g in gids},
            "subscriptions": sorted(map(dataclasses.astuple, await tx.guilds.subscriptions())),
            "channels": sorted(map(dataclasses.astuple, await tx.guilds.channels())),
            "feedback": sorted(map(dataclasses.astuple, await tx.feedback.all())),
            "last_cycle": await tx.meta.last_cycle(),
        }


async def test_copy_brings_everything_over(tmp_path: Path, pg_store_url: str) -> None:
    """After the copy, PostgreSQL holds what the TinyDB file held, server by server."""
    tiny = TinyStore.open(tmp_path / "s.json")
    pg = await PgStore.open(pg_store_url)
    try:
        await fill(tiny)
        report = await copy_store(tiny, pg)
        assert await dump(pg) == await dump(tiny)
    finally:
        await tiny.close()
        await pg.close()
    assert (report.sources, report.seen, report.alerts, report.outbox) == (2, 3, 2, 2)
    assert (report.watches, report.subscriptions, report.channels, report.feedback) == (3, 2, 1, 1)


async def test_copy_twice_gives_the_same_rows(tmp_path: Path, pg_store_url: str) -> None:
    """A second copy adds no record and changes none."""
    tiny = TinyStore.open(tmp_path / "s.json")
    pg = await PgStore.open(pg_store_url)
    try:
        await fill(tiny)
        await copy_store(tiny, pg)
        once = await dump(pg)
        again = await copy_store(tiny, pg)
        assert await dump(pg) == once
    finally:
        await tiny.close()
        await pg.close()
    assert (again.sources, again.seen, again.alerts, again.outbox) == (0, 0, 0, 0)
