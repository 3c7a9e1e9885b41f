"""Notices to organizers: where they go, and the one sent when a channel stops taking alerts.

A notice is an outbox row like an alert (one nonce, retried, delivered once). It is meant for
one channel of its guild; when that channel cannot take it (paused, deleted, or none chosen
yet), it moves to another channel of the same guild: a subscribed one the bot can still post
in, else one the sink knows the bot may write to. With none left it waits and is tried again.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot import guilds
from bot.delivery.rows import new_notice
from bot.delivery.sinks import Result, Sink
from bot.store import ChannelStatus, OutboxRow, UnitOfWork

log = logging.getLogger(__name__)

CHANNEL_LOST = (
    "⚠ prosecutor-watch can no longer post alerts in <#{channel}> ({why}). Alerts for it are "
    "{state}. Give the bot View Channel, Send Messages and Embed Links there (or pick another "
    "channel), then run /subscribe in it again. /status shows details."
)


async def channel_lost(
    tx: UnitOfWork, guild_id: str, channel_id: str, result: Result, detail: str, now: datetime
) -> bool:
    """A 403 or 404 on `channel_id`: pause or disable it, give up its alerts and, when alerts
    were going there, queue a notice for the guild's organizers. True when this changed the
    channel (the notice, if any, is queued)."""
    state = ChannelStatus.PAUSED if result is Result.FORBIDDEN else ChannelStatus.DISABLED
    current = await tx.guilds.channel(guild_id, channel_id)
    await tx.outbox.give_up_channel(channel_id, detail)
    if current.status is not ChannelStatus.ACTIVE:
        return False  # already known: no second notice
    await guilds.set_channel_status(tx, guild_id, channel_id, state, detail)
    subscribed = any(s.channel_id == channel_id for s in await tx.guilds.subscriptions(guild_id))
    if not subscribed:  # a channel tried for a notice only: nobody lost alerts there
        log.warning("channel %s of guild %s is %s (%s)", channel_id, guild_id, state, detail)
        return True
    why = "missing permission" if result is Result.FORBIDDEN else "channel deleted"
    text = CHANNEL_LOST.format(channel=channel_id, why=why, state=state)
    target = await guilds.notice_channel(tx, guild_id) or ""
    key = f"channel|{channel_id}|{state}|{now.isoformat()}"
    await tx.outbox.enqueue([new_notice(key, guild_id, target, text, now=now)])
    log.warning("channel %s %s (%s); organizers will be told", channel_id, state, why)
    return True


async def _channels(tx: UnitOfWork, sink: Sink, guild_id: str) -> tuple[set[str], list[str]]:
    """The guild's channels known to be paused or gone, and those a notice may go to, best
    first: its subscribed channels, then those the sink says the bot may write to."""
    broken = {
        c.channel_id
        for c in await tx.guilds.channels(guild_id)
        if c.status is not ChannelStatus.ACTIVE
    }
    subscribed = [s.channel_id for s in await tx.guilds.subscriptions(guild_id)]
    found = dict.fromkeys(subscribed + sink.notice_channels(guild_id))
    return broken, [c for c in found if c and c not in broken]


async def place(tx: UnitOfWork, sink: Sink, notices: list[OutboxRow]) -> list[OutboxRow]:
    """Give every notice whose channel cannot take it another channel of its guild, saved
    before it is sent there. Returns the notices that have no channel left (for now)."""
    stranded: list[OutboxRow] = []
    moved: list[OutboxRow] = []
    known: dict[str, tuple[set[str], list[str]]] = {}
    for row in notices:
        if row.guild_id not in known:
            known[row.guild_id] = await _channels(tx, sink, row.guild_id)
        broken, usable = known[row.guild_id]
        if row.channel_id and row.channel_id not in broken:
            continue  # keep its channel: it may be posted there already, the answer lost
        if usable:
            row.channel_id = usable[0]
            moved.append(row)
        else:
            stranded.append(row)
    await tx.outbox.save(moved)
    return stranded
