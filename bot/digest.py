"""Digests: channels that asked for a daily or weekly summary instead of single alerts."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta
from typing import Any

from tinydb import Query

from bot import guilds
from bot.alert_view import summary_view
from bot.outbox import apply_outcome, nonce_for, send_view
from bot.sinks import Sink
from bot.store import Store, from_iso, iso, utcnow

log = logging.getLogger(__name__)
Q = Query()


def is_due(channel: dict[str, Any], now: datetime) -> bool:
    """Due once the channel's daily time (or weekly: 7 days since the last) has passed."""
    if channel["digest"] == "off":
        return False
    hours, minutes = (int(x) for x in channel["digest_time"].split(":"))
    slot = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    if slot > now:
        slot -= timedelta(days=1)
    last = from_iso(channel.get("last_digest_at"))
    if last is None:
        return True
    period = timedelta(days=7 if channel["digest"] == "weekly" else 1)
    return last < slot and now - last >= period - timedelta(hours=1)


# A due channel and its waiting (outbox row, alert) pairs.
DueDigest = tuple[dict[str, Any], list[tuple[dict[str, Any], dict[str, Any]]]]


def _due(store: Store, now: datetime) -> list[DueDigest]:
    result: list[DueDigest] = []
    for channel in guilds.channels(store):
        if channel["status"] != "active" or not is_due(channel, now):
            continue
        rows = store.outbox.search((Q.channel_id == channel["channel_id"]) & (Q.status == "digest"))
        alerts: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for row in rows:
            alert = store.alerts.get(Q.alert_key == row["alert_key"])
            if alert:
                alerts.append((dict(row), dict(alert)))
        result.append((channel, alerts))
    return result


async def send_due(store: Store, sink: Sink) -> int:
    """Send every due digest; returns how many alerts went out in digests."""
    now = utcnow()
    sent = 0
    for channel, pairs in await store.call(_due, store, now):
        if pairs:
            rows = [row for row, _ in pairs]
            period = "week" if channel["digest"] == "weekly" else "day"
            view = summary_view([alert for _, alert in pairs], f"This {period}: {len(rows)} alerts")
            key = hashlib.sha256(("digest|" + "|".join(r["id"] for r in rows)).encode())
            outcome = await send_view(sink, channel["channel_id"], view, nonce_for(key.hexdigest()))
            await store.call(apply_outcome, store, [r["id"] for r in rows], outcome, utcnow())
            if outcome.result != "delivered":
                continue
            sent += len(rows)

        def mark(s: Store, ch: dict[str, Any] = channel) -> None:
            guilds.mark_digest_sent(s, ch["guild_id"], ch["channel_id"], iso(now))
            s.commit()

        await store.call(mark, store)
    return sent
