import asyncio
import re
from datetime import timedelta

import time_machine

from bot import guilds
from bot.clock import utcnow
from bot.cycle.ingest import apply_cycle
from bot.delivery import outbox
from bot.delivery.sinks import Outcome, Result
from bot.settings import PollSettings
from bot.store import ChannelStatus, RowKind, RowStatus, Store
from tests.bot.helpers import (
    CHANNEL,
    GUILD,
    NOW,
    OTHER_CHANNEL,
    PERSON,
    item,
    match,
    open_store,
    outcome,
    setup_guild,
    snapshot,
)
from tests.fakes.sinks import MemorySink


async def queued_store(path, n: int = 1, *, two_channels: bool = False) -> Store:
    store = open_store(path)
    await setup_guild(store)
    if two_channels:
        async with store.transaction() as tx:
            await guilds.subscribe(tx, GUILD, OTHER_CHANNEL, None, ())
    now = utcnow()
    # Headlines share no words, so none of them joins another as the same story.
    pairs = [(item(i, f"w{i}a w{i}b w{i}c"), [match()]) for i in range(n)]
    async with store.transaction() as tx:
        await apply_cycle(tx, [outcome(*pairs)], {PERSON.id: PERSON}, PollSettings(), now)
    return store


async def statuses(store: Store) -> set[RowStatus]:
    return {r.status for r in (await snapshot(store)).outbox}


async def test_pending_alert_is_delivered_and_marked(tmp_path):
    """A pending row is sent once and marked delivered with the message id."""
    store = await queued_store(tmp_path / "s.json")
    sink = MemorySink()
    report = await outbox.drain(store, sink)
    assert report.delivered == 1 and len(sink.sent) == 1
    [row] = (await snapshot(store)).outbox
    assert row.status is RowStatus.DELIVERED and row.message_id == "1"


async def test_restart_delivers_pending_rows_exactly_once(tmp_path):
    """Rows queued before a restart are delivered after it, and not again later."""
    store = await queued_store(tmp_path / "s.json", n=3)
    await store.close()
    store = open_store(tmp_path / "s.json")
    sink = MemorySink()
    await outbox.drain(store, sink)
    await outbox.drain(store, sink)
    await store.close()
    store = open_store(tmp_path / "s.json")
    await outbox.drain(store, sink)
    assert len(sink.sent) == 3
    assert await statuses(store) == {RowStatus.DELIVERED}


async def test_retry_keeps_the_row_pending_with_a_later_attempt_and_same_nonce(tmp_path):
    """A transient failure reschedules the row; the retry reuses the same nonce."""
    store = await queued_store(tmp_path / "s.json")
    sink = MemorySink([Outcome(Result.RETRY, retry_after=300, detail="503")])
    report = await outbox.drain(store, sink)
    [row] = (await snapshot(store)).outbox
    assert report.retried == 1 and row.status is RowStatus.PENDING and row.attempts == 1
    assert row.next_attempt_at >= utcnow() + timedelta(seconds=290)
    async with store.transaction() as tx:
        await tx.outbox.set_next_attempt(NOW)
    await outbox.drain(store, sink)
    assert len(sink.sent) == 1 and sink.sent[0][2] == row.nonce


async def test_forbidden_channel_is_paused_and_not_retried(tmp_path):
    """A 403 pauses the channel and its rows become undeliverable, with no further sends."""
    store = await queued_store(tmp_path / "s.json", n=3)
    sink = MemorySink([Outcome(Result.FORBIDDEN, detail="Missing Access")])
    await outbox.drain(store, sink)
    async with store.transaction() as tx:
        channel = await tx.guilds.channel(str(GUILD), str(CHANNEL))
    assert channel.status is ChannelStatus.PAUSED
    rows = (await snapshot(store)).outbox
    assert {r.status for r in rows if r.kind is RowKind.ALERT} == {RowStatus.UNDELIVERABLE}
    # The organizers' notice waits for a channel: the guild has no other one.
    [notice] = [r for r in rows if r.kind is RowKind.NOTICE]
    assert notice.status is RowStatus.PENDING and notice.next_attempt_at > utcnow()
    assert len(sink.sent) == 0


async def test_rejected_message_is_not_retried(tmp_path):
    """A 400 marks the row rejected."""
    store = await queued_store(tmp_path / "s.json")
    await outbox.drain(store, MemorySink([Outcome(Result.REJECTED, detail="400")]))
    assert await statuses(store) == {RowStatus.REJECTED}


async def test_global_limit_pauses_all_delivery(tmp_path):
    """A Cloudflare-style limit stops every send until the pause ends."""
    store = await queued_store(tmp_path / "s.json", n=2)
    sink = MemorySink([Outcome(Result.PAUSE_ALL, detail="cloudflare 429")])
    first = await outbox.drain(store, sink)
    second = await outbox.drain(store, sink)
    assert first.paused_all and second.paused_all and len(sink.sent) == 0
    assert await statuses(store) == {RowStatus.PENDING}


async def test_flood_cap_sends_a_summary_for_the_rest(tmp_path):
    """With 15 pending and a cap of 5: 4 single alerts and one summary of 11."""
    store = await queued_store(tmp_path / "s.json", n=15)
    sink = MemorySink()
    report = await outbox.drain(store, sink, flood_cap=5)
    assert len(sink.sent) == 5
    assert report.summarized == 11 and report.delivered == 4
    assert "11 more alerts" in sink.sent[-1][1].embeds[0].title
    assert await statuses(store) == {RowStatus.DELIVERED}


def test_nonce_is_stable_and_within_discord_limit():
    """The nonce depends only on alert and channel, the same in every version, and fits 25."""
    # Fixed values: a nonce that changed between versions would repost after an upgrade.
    assert outbox.nonce_for(outbox.row_id("k", "1")) == "07f3328fbecbdea18f50"
    assert outbox.nonce_for(outbox.row_id("k", "2")) == "9fb4ba666ae7e2e4ef04"
    assert outbox.nonce_for("x" * 40) == "x" * 25


async def test_notices_are_sent_as_plain_notices_not_summarized(tmp_path):
    """A notice row is delivered on its own even when alerts overflow the flood cap."""
    store = await queued_store(tmp_path / "s.json", n=6)
    notice = outbox.new_notice("k", str(GUILD), str(CHANNEL), "feed X failing", now=utcnow())
    async with store.transaction() as tx:
        await tx.outbox.enqueue([notice])
    sink = MemorySink()
    await outbox.drain(store, sink, flood_cap=3)
    first = sink.sent[0][1]
    assert first.content == "feed X failing" and not first.embeds
    assert [len(view.embeds) for _, view, _ in sink.sent[1:]] == [1, 1, 1]  # 2 singles, summary
    assert len(sink.sent) == 4


async def test_concurrent_drains_send_each_row_once(tmp_path):
    """Two drains at once (delivery job and cycle end) send every row exactly once."""
    store = await queued_store(tmp_path / "s.json", n=4)
    sink = MemorySink()
    await asyncio.gather(outbox.drain(store, sink), outbox.drain(store, sink))
    assert len(sink.sent) == 4


async def test_a_plain_drain_reports_no_pause(tmp_path):
    """A drain where everything is delivered reports no paused channel and no global pause."""
    store = await queued_store(tmp_path / "s.json", n=2)
    report = await outbox.drain(store, MemorySink())
    assert (report.delivered, report.paused_all, report.paused_channels) == (2, False, [])


async def test_exactly_flood_cap_alerts_are_all_sent_singly(tmp_path):
    """At the cap (5 pending, cap 5) every alert goes out on its own, with no summary."""
    store = await queued_store(tmp_path / "s.json", n=5)
    sink = MemorySink()
    report = await outbox.drain(store, sink, flood_cap=5)
    assert counts(report) == counts(outbox.DrainReport(delivered=5)) and len(sink.sent) == 5


async def test_flood_summary_lists_the_alerts_it_stands_for(tmp_path):
    """The summary names each alert it replaces, in queue order, and only those."""
    store = await queued_store(tmp_path / "s.json", n=7)
    sink = MemorySink()
    await outbox.drain(store, sink, flood_cap=3)
    stored = await snapshot(store)
    queue = sorted(
        (r for r in stored.outbox if r.kind == RowKind.ALERT), key=lambda r: (r.created_at, r.id)
    )
    titles = {a.alert_key: a.title for a in stored.alerts}
    summary = sink.sent[-1][1].embeds[0].description
    assert re.findall(r": \[(.*?)\]\(", summary) == [titles[r.alert_key] for r in queue[2:]]


async def test_a_retry_stops_that_channel_for_this_drain(tmp_path):
    """After a transient failure the channel's other rows wait for a later drain."""
    store = await queued_store(tmp_path / "s.json", n=3)
    sink = MemorySink([Outcome(Result.RETRY, detail="503")])
    report = await outbox.drain(store, sink)
    assert counts(report) == counts(outbox.DrainReport(retried=1))
    attempts = sorted(r.attempts for r in (await snapshot(store)).outbox)
    assert sink.sent == [] and attempts == [0, 0, 1]


async def test_a_rejected_row_does_not_stop_the_next_ones(tmp_path):
    """A 400 on one row rejects that row; the channel's next rows are sent in the same drain."""
    store = await queued_store(tmp_path / "s.json", n=3)
    sink = MemorySink([Outcome(Result.REJECTED, detail="400")])
    report = await outbox.drain(store, sink)
    assert counts(report) == counts(outbox.DrainReport(delivered=2, rejected=1))
    async with store.transaction() as tx:
        assert await tx.outbox.depth() == {RowStatus.REJECTED: 1, RowStatus.DELIVERED: 2}


async def test_a_rejected_summary_counts_as_rejected_not_summarized(tmp_path):
    """When the flood summary is refused, its rows are rejected and none counts as summarized."""
    store = await queued_store(tmp_path / "s.json", n=6)
    outcomes = [Outcome(Result.DELIVERED)] * 2 + [Outcome(Result.REJECTED, detail="400")]
    report = await outbox.drain(store, MemorySink(outcomes), flood_cap=3)
    assert counts(report) == counts(outbox.DrainReport(delivered=2, rejected=4))


async def test_global_pause_stops_the_other_channels_too(tmp_path):
    """A global limit hit on one channel's send stops the drain before the next channel."""
    store = await queued_store(tmp_path / "s.json", two_channels=True)
    sink = MemorySink([Outcome(Result.PAUSE_ALL, detail="cloudflare 429"),
                       Outcome(Result.DELIVERED)])  # fmt: skip
    report = await outbox.drain(store, sink)
    assert counts(report) == counts(outbox.DrainReport(paused_all=True))
    assert sink.sent == [] and len(sink.outcomes) == 1


async def test_the_global_pause_ends_at_its_end_time(tmp_path):
    """At the exact end of a global pause, delivery resumes."""
    store = await queued_store(tmp_path / "s.json")
    with time_machine.travel(NOW, tick=False):
        async with store.transaction() as tx:
            await tx.meta.set_delivery_paused_until(NOW)
            await tx.outbox.set_next_attempt(NOW)
        report = await outbox.drain(store, MemorySink())
    assert counts(report) == counts(outbox.DrainReport(delivered=1))


async def test_a_pruned_alert_rejects_its_row(tmp_path):
    """A row whose alert record is gone is rejected with the reason, and nothing is sent."""
    store = await queued_store(tmp_path / "s.json")
    async with store.transaction() as tx:
        long_ago = NOW - timedelta(days=3650)
        await tx.prune(seen_before=long_ago, alerts_before=utcnow() + timedelta(days=1),
                       outbox_before=long_ago)  # fmt: skip
    sink = MemorySink()
    report = await outbox.drain(store, sink)
    [row] = (await snapshot(store)).outbox
    assert counts(report) == counts(outbox.DrainReport(rejected=1)) and sink.sent == []
    assert (row.status, row.last_error) == (RowStatus.REJECTED, "alert record missing")


class HangingSink:
    async def send(self, channel_id, view, nonce) -> Outcome:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


def counts(report: outbox.DrainReport) -> tuple[object, ...]:
    """What a drain did, without when it wants to run next (that depends on the clock)."""
    return (report.delivered, report.retried, report.rejected, report.summarized,
            report.paused_all, report.paused_channels)  # fmt: skip


class BrokenSink:
    async def send(self, channel_id, view, nonce) -> Outcome:
        raise ValueError("bug in the sink")


async def test_a_send_that_hangs_is_retried_later(tmp_path, monkeypatch):
    """A send that never answers times out and the row is kept for a retry, with the reason."""
    monkeypatch.setattr(outbox, "SEND_TIMEOUT", 0.05)
    store = await queued_store(tmp_path / "s.json")
    report = await outbox.drain(store, HangingSink())
    [row] = (await snapshot(store)).outbox
    assert counts(report) == counts(outbox.DrainReport(retried=1))
    assert (row.status, row.attempts, row.last_error) == (RowStatus.PENDING, 1, "send timed out")


async def test_a_sink_that_raises_is_retried_later(tmp_path):
    """A sink bug is a retry for that row, named in the row, never a crash of the drain."""
    store = await queued_store(tmp_path / "s.json")
    report = await outbox.drain(store, BrokenSink())
    [row] = (await snapshot(store)).outbox
    assert counts(report) == counts(outbox.DrainReport(retried=1))
    assert (row.status, row.last_error) == (RowStatus.PENDING, "sink error: ValueError")


async def test_a_rate_limited_channel_is_held_in_the_store(tmp_path):
    """RATE_LIMITED holds the channel until retry_after has passed: a later drain (or another
    process on the same store) sends nothing there before then."""
    store = await queued_store(tmp_path / "s.json", n=2)
    sink = MemorySink([Outcome(Result.RATE_LIMITED, retry_after=120, detail="429")])
    report = await outbox.drain(store, sink)
    async with store.transaction() as tx:
        holds = await tx.outbox.holds(utcnow())
        await tx.outbox.set_next_attempt(NOW)  # rows due again: only the hold stops them
    second = await outbox.drain(store, sink)
    await store.close()
    assert report.held_channels == [str(CHANNEL)] and not sink.sent
    assert holds[str(CHANNEL)] >= utcnow() + timedelta(seconds=110)
    assert second.held_channels == [str(CHANNEL)] and second.next_wake == holds[str(CHANNEL)]


async def test_a_struggling_channel_is_not_tried_row_after_row(tmp_path):
    """After a transient failure the channel's other due rows wait about as long as the first
    retry: the next wake is not 'now'."""
    store = await queued_store(tmp_path / "s.json", n=3)
    report = await outbox.drain(store, MemorySink([Outcome(Result.RETRY, detail="503")]))
    await store.close()
    assert report.next_wake is not None and report.next_wake >= utcnow() + timedelta(seconds=10)
