from datetime import timedelta

from bot.clock import utcnow
from bot.cycle.ingest import apply_cycle
from bot.delivery import outbox
from bot.delivery.sinks import Outcome, Result
from bot.settings import PollSettings
from bot.store import ChannelStatus, RowStatus, Store
from tests.bot.helpers import (
    CHANNEL,
    GUILD,
    NOW,
    PERSON,
    item,
    match,
    open_store,
    outcome,
    setup_guild,
    snapshot,
)
from tests.fakes.sinks import MemorySink


async def queued_store(path, n: int = 1) -> Store:
    store = open_store(path)
    await setup_guild(store)
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
    assert await statuses(store) == {RowStatus.UNDELIVERABLE}
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
    """The nonce depends only on alert and channel, and fits Discord's 25 characters."""
    a = outbox.nonce_for(outbox.row_id("k", "1"))
    assert a == outbox.nonce_for(outbox.row_id("k", "1")) and len(a) <= 25
    assert a != outbox.nonce_for(outbox.row_id("k", "2"))


async def test_notices_are_sent_as_plain_notices_not_summarized(tmp_path):
    """A notice row is delivered on its own even when alerts overflow the flood cap."""
    store = await queued_store(tmp_path / "s.json", n=6)
    notice = outbox.new_notice("k", str(GUILD), str(CHANNEL), "feed X failing", now=utcnow())
    async with store.transaction() as tx:
        await tx.outbox.enqueue([notice])
    sink = MemorySink()
    await outbox.drain(store, sink, flood_cap=3)
    titles = [view.embeds[0].title for _, view, _ in sink.sent]
    assert titles[0] == "prosecutor-watch notice" and len(sink.sent) == 4


async def test_concurrent_drains_send_each_row_once(tmp_path):
    """Two drains at once (delivery job and cycle end) send every row exactly once."""
    import asyncio

    store = await queued_store(tmp_path / "s.json", n=4)
    sink = MemorySink()
    await asyncio.gather(outbox.drain(store, sink), outbox.drain(store, sink))
    assert len(sink.sent) == 4
