"""The outbox repository's contract for holds, summaries and retries (every engine)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from bot.delivery.rows import new_notice, new_row, new_summaries
from bot.store import OutboxRow, RowKind, RowStatus, Store
from tests.bot.helpers import NOW
from tests.bot.store.test_repositories import A_CHANNEL, B_CHANNEL, A, B


def alert_rows(n: int, guild: str = A, channel: str = A_CHANNEL) -> list[OutboxRow]:
    return [
        new_row(
            f"alert{i}", guild, channel, digest=False, role=None, now=NOW + timedelta(seconds=i)
        )
        for i in range(n)
    ]


async def test_a_hold_is_per_channel_and_never_shortened(store: Store):
    """A channel's hold lasts to the latest time given; another channel is not held."""
    async with store.transaction() as tx:
        await tx.outbox.hold_channel(A_CHANNEL, NOW + timedelta(seconds=30))
        await tx.outbox.hold_channel(A_CHANNEL, NOW + timedelta(seconds=10))
    async with store.transaction() as tx:
        assert await tx.outbox.holds(NOW) == {A_CHANNEL: NOW + timedelta(seconds=30)}
        assert await tx.outbox.holds(NOW + timedelta(seconds=30)) == {}
        await tx.outbox.hold_channel(A_CHANNEL, NOW + timedelta(seconds=60))
        assert await tx.outbox.holds(NOW) == {A_CHANNEL: NOW + timedelta(seconds=60)}


async def test_a_hold_survives_a_reopen(tmp_path):
    """Holds are stored, not kept in memory."""
    from tests.bot.helpers import open_store

    store = open_store(tmp_path / "h.json")
    async with store.transaction() as tx:
        await tx.outbox.hold_channel(B_CHANNEL, NOW + timedelta(minutes=5))
    await store.close()
    store = open_store(tmp_path / "h.json")
    async with store.transaction() as tx:
        held = await tx.outbox.holds(NOW)
    await store.close()
    assert held == {B_CHANNEL: NOW + timedelta(minutes=5)}


async def test_next_attempt_after_is_the_earliest_later_pending_row(store: Store):
    """Only pending rows count, and only those not due yet."""
    rows = alert_rows(3)
    rows[0].next_attempt_at = NOW - timedelta(seconds=5)  # due already
    rows[1].next_attempt_at = NOW + timedelta(seconds=40)
    rows[2].next_attempt_at = NOW + timedelta(seconds=20)
    rows[2].status = RowStatus.DELIVERED
    async with store.transaction() as tx:
        assert await tx.outbox.next_attempt_after(NOW) is None
        await tx.outbox.enqueue(rows)
        assert await tx.outbox.next_attempt_after(NOW) == NOW + timedelta(seconds=40)


async def test_summary_rows_keep_what_they_cover_in_order(store: Store):
    """A summary row comes back with its covered ids in order; its parts sort after the rows
    queued before them."""
    rows = alert_rows(5)
    parts = new_summaries(RowKind.SUMMARY, rows, [3, 2], ["a\nnext", "b"], NOW + timedelta(1))
    async with store.transaction() as tx:
        await tx.outbox.enqueue(rows[:1] + parts)
        due = await tx.outbox.due(NOW + timedelta(days=2))
    assert [r.id for r in due] == [rows[0].id, parts[0].id, parts[1].id]
    assert due[1].covers == [r.id for r in rows[:3]] and due[2].covers == [rows[3].id, rows[4].id]
    assert due[1].kind is RowKind.SUMMARY and due[1].text == "a\nnext"


async def test_give_up_takes_pending_and_listed_rows_but_not_notices(store: Store):
    """A lost channel's pending and in-summary rows become undeliverable; a notice stays
    pending (it moves elsewhere); another channel's rows are untouched."""
    rows = alert_rows(2) + alert_rows(1, B, B_CHANNEL)
    rows[1] = dataclasses.replace(rows[1], status=RowStatus.IN_SUMMARY)
    notice = new_notice("x", A, A_CHANNEL, "tell them", now=NOW)
    async with store.transaction() as tx:
        await tx.outbox.enqueue([*rows, notice])
        assert await tx.outbox.give_up_channel(A_CHANNEL, "403") == 2
        found = await tx.outbox.get_many([r.id for r in rows] + [notice.id])
    assert [found[r.id].status for r in rows] == [RowStatus.UNDELIVERABLE] * 2 + [RowStatus.PENDING]
    assert found[notice.id].status is RowStatus.PENDING


async def test_prune_keeps_rows_waiting_in_a_summary(store: Store):
    """An old in-summary row is not pruned: its summary has not gone out yet."""
    [row] = alert_rows(1)
    row.status = RowStatus.IN_SUMMARY
    later = NOW + timedelta(days=500)
    async with store.transaction() as tx:
        await tx.outbox.enqueue([row])
        await tx.outbox.hold_channel(A_CHANNEL, NOW)
        report = await tx.prune(seen_before=later, alerts_before=later, outbox_before=later)
        assert report.outbox == 0 and list(await tx.outbox.get_many([row.id])) == [row.id]
