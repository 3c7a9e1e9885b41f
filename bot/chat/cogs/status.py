"""/status: is the bot healthy for this server? What needs attention, the last cycle, delivery,
sources.

A server sees its own feeds and the shared sources it benefits from (automatic searches for the
people it watches, court feeds every server shares), never another server's feeds, errors or
counts. What an organizer must act on comes first, so a long list of source errors, summarized
by kind with the worst few named, can never push it out of the reply.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot import guilds
from bot.chat.cogs.feeds import describe
from bot.chat.options import gid, read
from bot.chat.replies import fit, plural, reply, safe, when
from bot.cycle import source_registry
from bot.cycle.alerts import visible_to
from bot.organizer.reads import zone_of
from bot.store import ChannelSettings, ChannelStatus, CycleSummary, RowStatus, Source, UnitOfWork

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot

WORST_SHOWN = 5


@dataclass
class StatusInfo:
    searches: list[Source]  # automatic searches for the prosecutors this server watches
    courts: list[Source]  # court feeds every server shares (configured by the operator)
    own: list[Source]  # feeds this server added
    depth: dict[RowStatus, int]
    channels: list[ChannelSettings]  # the ones not active
    cycle: CycleSummary | None
    # Each source is polled once per interval (±10%), in whichever cycle it falls due: the last
    # cycle's figures cover the window before it in which every source was polled once.
    window: timedelta
    recent_alerts: int  # alerts this server may see, first seen in that window
    paused_until: datetime | None
    zone: str

    @property
    def sources(self) -> list[Source]:
        return [*self.searches, *self.courts, *self.own]


async def _status(tx: UnitOfWork, guild_id: int, interval: int) -> StatusInfo:
    watched = {p.id for p in await guilds.watched(tx, guild_id)}
    searches, courts = [], []
    for source in await tx.sources.automatic():
        if source.push or source.disabled_reason == source_registry.NOT_WATCHED:
            continue
        if source.prosecutor_id is None:
            courts.append(source)
        elif source.prosecutor_id in watched:
            searches.append(source)
    cycle = await tx.meta.last_cycle()
    window = timedelta(seconds=interval * 1.1)
    recent_alerts = 0
    if cycle is not None:
        since = cycle.at - window
        found = await tx.alerts.search(watched, since=since, visible_to=str(guild_id))
        recent_alerts = len(visible_to(found, str(guild_id)))
    channels = await guilds.channels(tx, guild_id)
    return StatusInfo(
        searches=searches,
        courts=courts,
        own=await source_registry.guild_feeds(tx, guild_id),
        depth=await tx.outbox.depth(str(guild_id)),
        channels=[c for c in channels if c.status is not ChannelStatus.ACTIVE],
        cycle=cycle,
        window=window,
        recent_alerts=recent_alerts,
        paused_until=await tx.meta.delivery_paused_until(),
        zone=await zone_of(tx, guild_id),
    )


def _failing(source: Source) -> bool:
    return bool(source.consecutive_errors) or not source.enabled


def _kind(source: Source) -> str:
    """The kind of failure, in words: "disabled", "http error", "timeout", ..."""
    return "disabled" if not source.enabled else (source.error_reason or "error").replace("_", " ")


def attention_lines(info: StatusInfo) -> list[str]:
    """What stops alerts from arriving, for the organizer to act on (or wait out)."""
    lines = []
    if info.paused_until:
        lines.append(
            "⚠ Sending is paused: Discord asked the bot to slow down; sending resumes after "
            f"{when(info.paused_until, info.zone)}."
        )
    for channel in info.channels:
        reason = safe(channel.reason or "", 200)
        lines.append(
            f"⚠ <#{channel.channel_id}> is {channel.status}: {reason}. "
            "Fix the bot's permissions there, then run /subscribe in it again."
        )
    return lines


def cycle_line(info: StatusInfo) -> str:
    cycle = info.cycle
    if cycle is None:
        return "**Last cycle**: none yet"
    mine = info.sources
    since = cycle.at - info.window
    polled = [s for s in mine if s.last_attempt and since <= s.last_attempt <= cycle.at]
    failed = sum(1 for s in polled if s.consecutive_errors)
    minutes = plural(max(1, round(info.window.total_seconds() / 60)), "minute")
    return (
        f"**Last cycle** {when(cycle.at, info.zone)}; in the {minutes} up to it: {len(polled)} of "
        f"this server's {plural(len(mine), 'source')} polled, {failed} failed, "
        f"{plural(info.recent_alerts, 'new alert')} here"
    )


def delivery_line(depth: dict[RowStatus, int]) -> str:
    return (
        f"**Delivery** pending {depth.get(RowStatus.PENDING, 0)} · "
        f"in digests {depth.get(RowStatus.DIGEST, 0)} · "
        f"delivered {depth.get(RowStatus.DELIVERED, 0)} · "
        f"undeliverable {depth.get(RowStatus.UNDELIVERABLE, 0)} · "
        f"rejected {depth.get(RowStatus.REJECTED, 0)}"
    )


def source_lines(info: StatusInfo) -> list[str]:
    """How many sources, how many failing by kind, the worst few, then the feeds added here."""
    mine = info.sources
    failing = [s for s in mine if _failing(s)]
    parts = [
        plural(len(info.searches), "automatic search", "automatic searches"),
        plural(len(info.courts), "shared court feed"),
        f"{len(info.own)} added here",
    ]
    lines = [f"**Sources** {len(mine)} ({len(mine) - len(failing)} healthy): " + ", ".join(parts)]
    upcoming = [s.next_check_at for s in mine if s.enabled and s.next_check_at]
    if upcoming:
        lines.append(f"Next poll {when(min(upcoming), info.zone)}")
    if failing:
        kinds = Counter(_kind(s) for s in failing).most_common()
        lines.append(
            f"{len(failing)} failing: "
            + ", ".join(f"{count} {safe(kind, 40)}" for kind, count in kinds)
        )
        worst = sorted(failing, key=lambda s: (s.enabled, -s.consecutive_errors, s.label))
        for source in worst[:WORST_SHOWN]:
            why = source.disabled_reason if not source.enabled else source.last_error
            retry = f", next try {when(source.next_check_at, info.zone)}" if source.enabled else ""
            errors = plural(source.consecutive_errors, "error")
            lines.append(safe(f"• {source.label}: {errors} in a row{retry}: {why}", 250))
    if info.own:
        lines.append("**Feeds added here**")
        for source in sorted(info.own, key=lambda s: s.url):
            next_poll = f" · next {when(source.next_check_at, info.zone)}"
            lines.append(safe(describe(source, info.zone) + next_poll, 300))
    return lines


def status_lines(info: StatusInfo) -> list[str]:
    return [
        *attention_lines(info),
        cycle_line(info),
        delivery_line(info.depth),
        *source_lines(info),
    ]


class StatusCog(commands.Cog):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot

    @app_commands.command(name="status", description="Source health, delivery queue and last cycle")
    async def status(self, interaction: Interaction) -> None:
        interval = self.bot.services.settings.poll.interval_seconds
        info = await read(interaction, _status, gid(interaction), interval)
        await reply(interaction, fit(status_lines(info)))


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(StatusCog(bot))
