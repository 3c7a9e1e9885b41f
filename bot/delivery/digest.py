"""Digests: channels that asked for a daily or weekly summary instead of single alerts.

When a channel's digest is due, the alerts held for it are folded into digest rows, stored
like any outbox row (bot/delivery/flood.py), and the outbox sends them: one nonce each,
retried, delivered once, and every held alert listed.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime

from bot.clock import utcnow
from bot.delivery.flood import summarize
from bot.organizer.timezones import digest_due
from bot.store import ChannelSettings, ChannelStatus, DigestMode, RowKind, Store

log = logging.getLogger(__name__)


def is_due(channel: ChannelSettings, now: datetime, zone: str | None = None) -> bool:
    """Due once the channel's daily time (or weekly: 7 days since the last) has passed, on
    the clock of the server's time zone (UTC when none is set)."""
    return digest_due(str(channel.digest), channel.digest_time, channel.last_digest_at, now, zone)


async def fold_due(store: Store, now: datetime | None = None) -> int:
    """Turn every due digest into digest rows for the outbox to send; returns how many alerts
    they list."""
    now = now or utcnow()
    folded = 0
    async with store.transaction() as tx:
        zones: dict[str, str | None] = {}
        for channel in await tx.guilds.channels():
            if channel.guild_id not in zones:
                zones[channel.guild_id] = await tx.guilds.timezone(channel.guild_id)
            due = is_due(channel, now, zones[channel.guild_id])
            if channel.status is not ChannelStatus.ACTIVE or not due:
                continue
            held = await tx.outbox.held_for_digest(channel.channel_id)
            if held:
                period = "week" if channel.digest is DigestMode.WEEKLY else "day"
                heading = f"This {period}: {len(held)} alerts"
                # Sent from now on, whatever moment `now` says the digest is for.
                rows = await summarize(tx, RowKind.DIGEST, held, heading, utcnow())
                folded += sum(len(row.covers) for row in rows)
            await tx.guilds.save_channel(dataclasses.replace(channel, last_digest_at=now))
    if folded:
        log.info("digests: %d alerts folded for sending", folded)
    return folded
