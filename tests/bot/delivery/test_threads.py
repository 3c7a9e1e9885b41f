"""Threads through the outbox: alerts open them, notes go into them under the channel's rules."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot import guilds
from bot.clock import utcnow
from bot.cycle.ingest import apply_cycle
from bot.delivery import outbox
from bot.delivery.sinks import Outcome, Result
from bot.settings import PollSettings
from bot.store import ChannelStatus, RowKind, RowStatus, Store
from tests.bot.delivery.test_outbox import queued_store
from tests.bot.helpers import CHANNEL, GUILD, PERSON, item, match, outcome, snapshot
from tests.fakes.sinks import MemorySink

THREAD = "777"


async def queue_note(store: Store, text: str = "Also reported by Bay Ledger") -> str:
    """An update row for the first stored alert, as thread_updates would queue it."""
    async with store.transaction() as tx:
        [alert] = await tx.alerts.all()
        row = outbox.new_update(
            alert.alert_key, str(GUILD), str(CHANNEL), THREAD, text, now=utcnow()
        )
        await tx.outbox.enqueue([row])
    return row.id


async def test_an_alert_opens_its_thread_and_reads_in_the_server_zone(tmp_path):
    """With threads on, the alert's message asks for a thread; its date is the server's local
    date (11:00 UTC on 20 Nov is 21 Nov at UTC+14); the thread id is kept on the row."""
    store = await queued_store(tmp_path / "s.json")
    async with store.transaction() as tx:
        await guilds.set_threads(tx, GUILD, CHANNEL, True)
        await tx.guilds.set_timezone(str(GUILD), "Pacific/Kiritimati")
    sink = MemorySink([Outcome(Result.DELIVERED, message_id="m1", thread_id=THREAD)])
    await outbox.drain(store, sink)
    [row] = (await snapshot(store)).outbox
    await store.close()
    [(_, view, _)] = sink.sent
    assert view.thread_name == "Recall: Alex Rivera — w0a w0b w0c"
    assert dict((name, value) for name, value, _ in view.embeds[0].fields)["Date"] == "2026-11-21"
    assert row.thread_id == THREAD and row.message_id == "m1"


async def test_a_thread_note_goes_to_the_thread_after_its_channel_hold(tmp_path):
    """A note waits out a 429 hold on the alert's channel, then is posted in the thread."""
    store = await queued_store(tmp_path / "s.json")
    sink = MemorySink()
    await outbox.drain(store, sink)
    await queue_note(store)
    async with store.transaction() as tx:
        await tx.outbox.hold_channel(str(CHANNEL), utcnow() + timedelta(seconds=0.3))
    held = await outbox.drain(store, sink)
    sent_while_held = len(sink.sent)
    await asyncio.sleep(0.35)
    after = await outbox.drain(store, sink)
    await store.close()
    assert held.held_channels == [str(CHANNEL)] and sent_while_held == 1
    assert after.delivered == 1
    where, view, _ = sink.sent[1]
    assert where == THREAD and view.content == "Also reported by Bay Ledger"


async def test_a_closed_thread_loses_the_note_not_the_channel(tmp_path):
    """A thread that is gone rejects only its note: the channel stays active, no notice."""
    store = await queued_store(tmp_path / "s.json")
    await outbox.drain(store, MemorySink())
    rid = await queue_note(store)
    await outbox.drain(store, MemorySink([Outcome(Result.MISSING, detail="404")]))
    stored = await snapshot(store)
    async with store.transaction() as tx:
        channel = await tx.guilds.channel(str(GUILD), str(CHANNEL))
    await store.close()
    [note] = [r for r in stored.outbox if r.id == rid]
    assert note.status is RowStatus.REJECTED
    assert channel.status is ChannelStatus.ACTIVE
    assert not [r for r in stored.outbox if r.kind is RowKind.NOTICE]


async def test_a_flood_never_folds_a_thread_note(tmp_path):
    """Past the flood cap, alerts are summarized but a thread note is still sent on its own."""
    store = await queued_store(tmp_path / "s.json")
    await outbox.drain(store, MemorySink())
    await queue_note(store)
    pairs = [(item(i, f"x{i}a x{i}b x{i}c"), [match()]) for i in range(1, 5)]
    async with store.transaction() as tx:
        await apply_cycle(tx, [outcome(*pairs)], {PERSON.id: PERSON}, PollSettings(), utcnow())
    sink = MemorySink()
    report = await outbox.drain(store, sink, flood_cap=2)
    await store.close()
    assert report.summarized == 3 and report.delivered == 2
    assert [where for where, _, _ in sink.sent].count(THREAD) == 1
