"""Part of `make bench`: what the outbox costs per alert, flood summaries against single sends.

On the embedded store with a sink that answers at once (the bench measures the bot, not
Discord): 1,000 alerts for one channel (flood cap 10: 9 singles, the rest folded into stored
summary rows, every one listed) against 200 alerts spread one per channel over 200 channels
(all singles: one render, one send, one committed outcome each). Prints alerts per second for
both and their ratio, then one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import guilds
from bot.clock import utcnow
from bot.cycle.alerts import alert_record
from bot.delivery import outbox
from bot.delivery.alert_view import MessageView
from bot.delivery.sinks import Outcome, Result
from bot.store.tinydb import TinyStore
from feeds.models import Event, EventType, Item, Match, Prosecutor

PERSON = Prosecutor("p", "Morgan Quill", "District Attorney", "Ridge County", "CA")
GUILD = "1"


class CountingSink:
    def __init__(self) -> None:
        self.sent = 0

    async def send(self, channel_id: str, view: MessageView, nonce: str) -> Outcome:
        self.sent += 1
        return Outcome(Result.DELIVERED, message_id=str(self.sent))

    def notice_channels(self, guild_id: str) -> list[str]:
        return []


async def queued(path: Path, alerts: int, channels: int) -> TinyStore:
    store = TinyStore.open(path)
    now = utcnow()
    records, rows = [], []
    for i in range(alerts):
        item = Item(key=f"k{i}", source_id="s", title=f"Quill story {i} w{i}", story_key=f"s{i}")
        record = alert_record(Event(item, Match(PERSON.id, EventType.RECALL, 0.9)), PERSON, now)
        records.append(record)
        channel = str(100 + i % channels)
        rows.append(
            outbox.new_row(record.alert_key, GUILD, channel, digest=False, role=None, now=now)
        )
    async with store.transaction() as tx:
        await guilds.watch(tx, GUILD, PERSON, 10)
        for c in range(channels):
            await guilds.subscribe(tx, GUILD, str(100 + c), None, ())
        await tx.alerts.add(records)
        await tx.outbox.enqueue(rows)
    return store


async def alerts_per_second(path: Path, alerts: int, channels: int) -> tuple[float, int]:
    store = await queued(path, alerts, channels)
    sink = CountingSink()
    started = time.perf_counter()
    report = await outbox.drain(store, sink, flood_cap=10)
    elapsed = time.perf_counter() - started
    await store.close()
    assert report.delivered + report.summarized == alerts, report
    return alerts / elapsed, sink.sent


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        flood, flood_messages = await alerts_per_second(Path(tmp) / "flood.json", 1000, 1)
        single, single_messages = await alerts_per_second(Path(tmp) / "spread.json", 200, 200)
    print(f"flood, 1,000 alerts in one channel:  {flood:8.0f} alerts/s ({flood_messages} messages)")
    print(
        f"spread, 200 alerts in 200 channels:  {single:8.0f} alerts/s ({single_messages} messages)"
    )
    print(f"flood / spread throughput:           {flood / single:8.1f}x")
    result = {
        "delivery_flood_alerts_per_s": round(flood),
        "delivery_single_alerts_per_s": round(single),
        "delivery_flood_messages": flood_messages,
        "delivery_flood_vs_single": round(flood / single, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
