"""Digests: channels that asked for a daily or weekly summary instead of single alerts."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from datetime import datetime, timedelta

from bot.clock import utcnow
from bot.delivery.alert_view import summary_view
from bot.delivery.outbox import apply_outcome, nonce_for, send_view
from bot.delivery.sinks import Result, Sink
from bot.store import Alert, ChannelSettings, ChannelStatus, DigestMode, OutboxRow, Store

log = logging.getLogger(__name__)


def is_due(channel: ChannelSettings, now: datetime) -> bool:
    """Due once the channel's daily time (or weekly: 7 days since the last) has passed."""
    if channel.digest is DigestMode.OFF:
        return False
    hours, minutes = (int(x) for x in channel.digest_time.split(":"))
    slot = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    if slot > now:
        slot -= timedelta(days=1)
    last = channel.last_digest_at
    if last is None:
        return True
    period = timedelta(days=7 if channel.digest is DigestMode.WEEKLY else 1)
    return last < slot and now - last >= period - timedelta(hours=1)


async def _due(
    store: Store, now: datetime
) -> list[tuple[ChannelSettings, list[tuple[OutboxRow, Alert]]]]:
    result = []
    async with store.transaction() as tx:
        for channel in await tx.guilds.channels():
            if channel.status is not ChannelStatus.ACTIVE or not is_due(channel, now):
                continue
            rows = await tx.outbox.held_for_digest(channel.channel_id)
            found = {
                a.alert_key: a for a in await tx.alerts.get_many([r.alert_key or "" for r in rows])
            }
            pairs = [(row, found[row.alert_key]) for row in rows if row.alert_key in found]
            result.append((channel, pairs))
    return result


async def send_due(store: Store, sink: Sink) -> int:
    """Send every due digest; returns how many alerts went out in digests."""
    now = utcnow()
    sent = 0
    for channel, pairs in await _due(store, now):
        if pairs:
            rows = [row for row, _ in pairs]
            period = "week" if channel.digest is DigestMode.WEEKLY else "day"
            view = summary_view([alert for _, alert in pairs], f"This {period}: {len(rows)} alerts")
            key = hashlib.sha256(("digest|" + "|".join(r.id for r in rows)).encode())
            outcome = await send_view(sink, channel.channel_id, view, nonce_for(key.hexdigest()))
            await apply_outcome(store, [r.id for r in rows], outcome, utcnow())
            if outcome.result is not Result.DELIVERED:
                continue
            sent += len(rows)
        async with store.transaction() as tx:
            current = await tx.guilds.channel(channel.guild_id, channel.channel_id)
            await tx.guilds.save_channel(dataclasses.replace(current, last_digest_at=now))
    return sent
