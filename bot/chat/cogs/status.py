"""/status: is the bot healthy for this server? Sources, delivery, last cycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot import guilds
from bot.chat.cogs.feeds import describe
from bot.chat.options import gid, read
from bot.chat.replies import fit, reply, safe, when
from bot.cycle import source_registry
from bot.organizer.reads import zone_of
from bot.store import ChannelSettings, ChannelStatus, CycleSummary, RowStatus, Source, UnitOfWork

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot


@dataclass
class StatusInfo:
    auto: list[Source]  # automatic searches for the prosecutors this server watches
    own: list[Source]  # feeds this server added
    depth: dict[RowStatus, int]
    channels: list[ChannelSettings]  # the ones not active
    cycle: CycleSummary | None
    paused_until: datetime | None
    zone: str


async def _status(tx: UnitOfWork, guild_id: int) -> StatusInfo:
    watched = {p.id for p in await guilds.watched(tx, guild_id)}
    channels = await guilds.channels(tx, guild_id)
    return StatusInfo(
        auto=[s for s in await tx.sources.automatic() if s.prosecutor_id in watched],
        own=await source_registry.guild_feeds(tx, guild_id),
        depth=await tx.outbox.depth(str(guild_id)),
        channels=[c for c in channels if c.status is not ChannelStatus.ACTIVE],
        cycle=await tx.meta.last_cycle(),
        paused_until=await tx.meta.delivery_paused_until(),
        zone=await zone_of(tx, guild_id),
    )


def status_lines(info: StatusInfo) -> list[str]:
    auto, zone = info.auto, info.zone
    failing = [s for s in auto if s.consecutive_errors or not s.enabled]
    lines = ["**Sources**"]
    lines.append(f"Automatic searches: {len(auto)} ({len(auto) - len(failing)} healthy)")
    for source in failing[:8]:
        backoff = f", next try {when(source.next_check_at, zone)}" if source.enabled else ""
        why = source.last_error or source.disabled_reason
        lines.append(safe(f"• {source.label}: {why}{backoff}", 300))
    lines.append(f"Feeds added here: {len(info.own)}")
    for source in info.own[:10]:
        lines.append(
            safe(describe(source, zone) + f" · next {when(source.next_check_at, zone)}", 400)
        )
    depth = info.depth
    lines.append("**Delivery**")
    lines.append(
        f"Pending {depth.get(RowStatus.PENDING, 0)} · "
        f"in digests {depth.get(RowStatus.DIGEST, 0)} · "
        f"delivered {depth.get(RowStatus.DELIVERED, 0)} · "
        f"undeliverable {depth.get(RowStatus.UNDELIVERABLE, 0)} · "
        f"rejected {depth.get(RowStatus.REJECTED, 0)}"
    )
    if info.paused_until:
        lines.append(
            f"Discord asked us to slow down; sending resumes after {when(info.paused_until, zone)}"
        )
    for channel in info.channels:
        reason = safe(channel.reason or "", 200)
        lines.append(
            f"⚠ <#{channel.channel_id}> is {channel.status}: {reason}. "
            "Fix the bot's permissions there, then run /subscribe in it again."
        )
    cycle = info.cycle
    if cycle:
        counts = cycle.counts
        lines.append(
            f"**Last cycle** {when(cycle.at, zone)}: {counts.get('sources', 0)} sources, "
            f"{counts.get('errors', 0)} errors, {counts.get('alerts', 0)} new alerts"
        )
    else:
        lines.append("**Last cycle**: none yet")
    return lines


class StatusCog(commands.Cog):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot

    @app_commands.command(name="status", description="Source health, delivery queue and last cycle")
    async def status(self, interaction: Interaction) -> None:
        info = await read(interaction, _status, gid(interaction))
        await reply(interaction, fit(status_lines(info)))


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(StatusCog(bot))
