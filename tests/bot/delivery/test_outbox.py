import asyncio
import re
from datetime import timedelta

import time_machine

from bot import guilds
from bot.clock import utcnow
from bot.cycle.ingest import apply_cycle
from bot.delivery import flood, outbox
from bot.delivery.outcomes import apply_outcome
from bot.delivery.sinks import Outcome, Result
from bot.settings import PollSettings
from bot.store import ChannelStatus, RowKind, RowStatus, Store
from feeds.models import EventType
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


async def test_a_drain_that_sends_everything_asks_for_nothing_more(tmp_path):
    """All delivered: nothing blocked, nothing held, and no next wake."""
    store = await queued_store(tmp_path / "s.json", n=2)
    report = await outbox.drain(store, MemorySink())
    assert (report.blocked, report.held_channels, report.next_wake) == (False, [], None)


async def test_a_send_the_store_cannot_record_stops_delivery_until_it_can(tmp_path, monkeypatch):
    """Disk full after a send: nothing more is sent, the drain says it is blocked and when to
    try again; once the disk has room the send is recorded and the rest go out, none twice."""
    store = await queued_store(tmp_path / "s.json", n=2)
    sink = MemorySink()

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    before = utcnow()
    blocked = await outbox.drain(store, sink)
    after = utcnow()
    monkeypatch.undo()
    retry = timedelta(seconds=outbox.RECORD_RETRY)
    assert (blocked.blocked, len(sink.sent)) == (True, 1)
    assert before + retry <= blocked.next_wake <= after + retry
    resumed = await outbox.drain(store, sink)
    assert (resumed.blocked, resumed.delivered) == (False, 1)
    assert len({nonce for _, _, nonce in sink.sent}) == len(sink.sent) == 2
    assert await statuses(store) == {RowStatus.DELIVERED}


async def test_the_global_pause_is_when_delivery_wakes_next(tmp_path):
    """After a global limit the next wake is the end of the pause, not the rows still due."""
    store = await queued_store(tmp_path / "s.json", n=2)
    with time_machine.travel(NOW, tick=False):
        async with store.transaction() as tx:
            await tx.outbox.set_next_attempt(NOW)
        report = await outbox.drain(store, MemorySink([Outcome(Result.PAUSE_ALL, detail="429")]))
    assert report.next_wake == NOW + timedelta(seconds=600)


async def test_a_flood_summary_pings_the_role_after_pinging_single_alerts(tmp_path):
    """With a role for recalls: each single alert pings it, and so does the summary after them."""
    store = await queued_store(tmp_path / "s.json", n=5)
    async with store.transaction() as tx:
        await guilds.set_mention(tx, GUILD, 77, [EventType.RECALL])
    sink = MemorySink()
    await outbox.drain(store, sink, flood_cap=3)
    assert [view.mention_role_id for _, view, _ in sink.sent] == ["77", "77", "77"]
    assert sink.sent[-1][1].embeds[0].title.startswith("3 more alerts")


async def test_a_thread_note_without_a_thread_is_rejected(tmp_path):
    """A note for an alert's thread that has no thread id is rejected, and nothing is sent."""
    store = await queued_store(tmp_path / "s.json")
    alert_key = (await snapshot(store)).alerts[0].alert_key
    async with store.transaction() as tx:
        await tx.outbox.set_next_attempt(utcnow() + timedelta(days=1))  # the alert itself waits
        note = outbox.new_update(alert_key, str(GUILD), str(CHANNEL), "", "also: Wire", now=NOW)
        await tx.outbox.enqueue([note])
    sink = MemorySink()
    report = await outbox.drain(store, sink)
    [row] = [r for r in (await snapshot(store)).outbox if r.kind is RowKind.UPDATE]
    assert (row.status, row.last_error, sink.sent) == (
        RowStatus.REJECTED,
        "no thread to post in",
        [],
    )
    assert counts(report) == counts(outbox.DrainReport(rejected=1))


async def test_a_pruned_alert_folded_into_a_summary_is_rejected_and_not_listed(tmp_path):
    """Folding a flood: a row whose alert is gone is rejected; the summary lists the others."""
    store = open_store(tmp_path / "s.json")
    await setup_guild(store)
    people = {PERSON.id: PERSON}
    earlier, now = utcnow() - timedelta(hours=2), utcnow()
    async with store.transaction() as tx:
        await apply_cycle(tx, [outcome((item(0, "w0a w0b w0c"), [match()]))], people,
                          PollSettings(), earlier)  # fmt: skip
        pairs = [(item(i, f"w{i}a w{i}b w{i}c"), [match()]) for i in (1, 2)]
        await apply_cycle(tx, [outcome(*pairs)], people, PollSettings(), now)
        await tx.prune(seen_before=earlier - timedelta(days=1),
                       alerts_before=now - timedelta(hours=1),
                       outbox_before=earlier - timedelta(days=1))  # fmt: skip
    sink = MemorySink()
    report = await outbox.drain(store, sink, flood_cap=1)
    stored = await snapshot(store)
    kept = {a.alert_key for a in stored.alerts}
    [pruned] = [r for r in stored.outbox if r.kind is RowKind.ALERT and r.alert_key not in kept]
    summary = sink.sent[-1][1].embeds[0].description
    assert (pruned.status, pruned.last_error) == (RowStatus.REJECTED, "alert record missing")
    assert re.findall(r": \[(.*?)\]\(", summary) == ["w1a w1b w1c", "w2a w2b w2c"]
    assert report.summarized == 2


async def test_folding_exactly_the_cap_stores_no_summary(tmp_path):
    """flood.fold with as many alerts as the cap returns them all, in order, and stores nothing."""
    store = await queued_store(tmp_path / "s.json", n=3)
    rows = (await snapshot(store)).outbox
    async with store.transaction() as tx:
        queue = await flood.fold(tx, rows=rows, cap=3, now=utcnow())
    assert [r.id for r in queue] == [r.id for r in flood.order(rows)]
    assert len((await snapshot(store)).outbox) == 3


async def test_only_the_first_part_of_a_long_summary_pings(tmp_path):
    """A flood too long for one summary message (40 lines) is sent in parts; one ping a round."""
    store = await queued_store(tmp_path / "s.json", n=45)
    async with store.transaction() as tx:
        await guilds.set_mention(tx, GUILD, 77, [EventType.RECALL])
    sink = MemorySink()
    await outbox.drain(store, sink, flood_cap=3)
    summaries = [view for _, view, _ in sink.sent][2:]
    assert [view.mention_role_id for view in summaries] == ["77", None]


async def test_recording_an_outcome_for_rows_that_are_gone_asks_for_nothing(tmp_path):
    """An outcome for rows no longer in the outbox changes nothing and asks for no new pass."""
    store = await queued_store(tmp_path / "s.json")
    more = await apply_outcome(store, ["no-such-row"], Outcome(Result.DELIVERED), utcnow())
    assert (more, await statuses(store)) == (False, {RowStatus.PENDING})
