"""Repository contract for the organizer features: time zones, backfill requests, threads."""

from __future__ import annotations

from datetime import timedelta

from bot import guilds
from bot.delivery import outbox
from bot.store import Backfill, RowKind
from tests.bot.helpers import NOW
from tests.bot.store.test_repositories import A_CHANNEL, B_CHANNEL, RIVERA, A, B, two_servers


async def test_time_zone_per_server(store):
    """Each server keeps its own zone; an unset one reads None (UTC)."""
    async with store.transaction() as tx:
        await guilds.watch(tx, A, RIVERA, 10)
        await tx.guilds.set_timezone(A, "America/Los_Angeles")
    async with store.transaction() as tx:
        assert await tx.guilds.timezone(A) == "America/Los_Angeles"
        assert await tx.guilds.timezone(B) is None
        assert [p.id for p in await tx.guilds.watched(A)] == [RIVERA.id]  # watchlist kept
        await tx.guilds.set_timezone(A, None)
    async with store.transaction() as tx:
        assert await tx.guilds.timezone(A) is None


def _backfill(
    n: int, guild: str, prosecutor_id: str | None = None, source_id: str | None = None
) -> Backfill:
    moment = NOW + timedelta(minutes=n)
    return Backfill(f"b{n}", guild, 7, moment, prosecutor_id=prosecutor_id, source_id=source_id)


async def test_backfills_scoped_replaced_and_removed(store):
    """A server sees its own requests; asking again for the same prosecutor replaces the
    first; removing by id leaves the others."""
    async with store.transaction() as tx:
        await tx.guilds.add_backfill(_backfill(1, A, prosecutor_id="alex-rivera"))
        await tx.guilds.add_backfill(_backfill(2, B, prosecutor_id="alex-rivera"))
        await tx.guilds.add_backfill(_backfill(3, A, source_id="feed:1"))
        await tx.guilds.add_backfill(_backfill(4, A, prosecutor_id="alex-rivera"))  # replaces 1
    async with store.transaction() as tx:
        assert [b.id for b in await tx.guilds.backfills(A)] == ["b3", "b4"]
        assert [b.id for b in await tx.guilds.backfills(B)] == ["b2"]
        assert [b.id for b in await tx.guilds.backfills()] == ["b2", "b3", "b4"]
        assert (await tx.guilds.backfills(A))[1].requested_at == NOW + timedelta(minutes=4)
        assert await tx.guilds.remove_backfills(["b3", "missing"]) == 1
        assert await tx.guilds.remove_backfills([]) == 0
    async with store.transaction() as tx:
        assert [b.id for b in await tx.guilds.backfills()] == ["b2", "b4"]


async def test_thread_settings_and_ids_persist(store):
    """A channel's thread option and a row's thread id and kind survive a commit."""
    await two_servers(store)
    async with store.transaction() as tx:
        channel = await tx.guilds.channel(A, A_CHANNEL)
        channel.threads = True
        await tx.guilds.save_channel(channel)
        [row] = await tx.outbox.all(A)
        row.thread_id = "9999"
        update = outbox.new_row("k", A, A_CHANNEL, digest=False, role=None, now=NOW)
        update.kind, update.id = RowKind.UPDATE, "update-1"
        await tx.outbox.save([row])
        await tx.outbox.enqueue([update])
    async with store.transaction() as tx:
        assert (await tx.guilds.channel(A, A_CHANNEL)).threads is True
        assert (await tx.guilds.channel(B, B_CHANNEL)).threads is False
        rows = {r.id: r for r in await tx.outbox.all(A)}
        assert rows[row.id].thread_id == "9999"
        assert rows["update-1"].kind is RowKind.UPDATE
