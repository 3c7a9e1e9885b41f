"""Routing: which channels get an alert, held or pinging, per each guild's configuration."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from bot import guilds
from bot.delivery import outbox
from bot.store import (
    Alert,
    ChannelSettings,
    ChannelStatus,
    DigestMode,
    Feedback,
    MentionRule,
    OutboxRow,
    Subscription,
    UnitOfWork,
)


@dataclass
class GuildRules:
    mention: MentionRule | None
    feedback: list[Feedback]


@dataclass
class RouteContext:
    """What routing reads for every alert, read once per cycle: the watchers map, subscriptions,
    channel settings, mentions and feedback do not change inside a cycle's transaction."""

    watching: dict[str, set[str]]
    subscriptions: list[Subscription]
    channels: dict[str, ChannelSettings]
    rules: dict[str, GuildRules] = field(default_factory=dict)

    @classmethod
    async def load(cls, tx: UnitOfWork) -> RouteContext:
        channels: dict[str, ChannelSettings] = {}
        for channel in await tx.guilds.channels():
            channels.setdefault(channel.channel_id, channel)
        return cls(await tx.guilds.watchers(), await tx.guilds.subscriptions(), channels)

    def channel(self, guild_id: str, channel_id: str) -> ChannelSettings:
        found = self.channels.get(channel_id)
        if found is not None and found.guild_id == guild_id:
            return found
        return ChannelSettings(guild_id=guild_id, channel_id=channel_id)

    async def guild(self, tx: UnitOfWork, guild_id: str) -> GuildRules:
        if guild_id not in self.rules:
            self.rules[guild_id] = GuildRules(
                await tx.guilds.mention(guild_id), await tx.feedback.for_guild(guild_id)
            )
        return self.rules[guild_id]


async def route(
    tx: UnitOfWork,
    alert: Alert,
    now: datetime,
    ctx: RouteContext | None = None,
    *,
    skip: Collection[str] = (),
    only_guild: str | None = None,
) -> list[OutboxRow]:
    """Outbox rows for every channel that asked for this prosecutor and type: in every guild
    watching the person for a shared alert (but those in `skip`), in its own guild for a
    private one; in one guild only when `only_guild` is given (a backfill goes to the server
    that asked)."""
    ctx = ctx or await RouteContext.load(tx)
    rows: dict[str, OutboxRow] = {}
    watching = ctx.watching.get(alert.prosecutor_id, set())
    for sub in ctx.subscriptions:
        if sub.guild_id not in watching or sub.guild_id in skip or sub.channel_id in rows:
            continue
        if alert.guild_id is not None and sub.guild_id != alert.guild_id:
            continue
        if only_guild is not None and sub.guild_id != only_guild:
            continue
        if sub.prosecutor_id not in (guilds.ALL, alert.prosecutor_id):
            continue
        if sub.types and alert.event_type not in sub.types:
            continue
        channel = ctx.channel(sub.guild_id, sub.channel_id)
        if channel.status is not ChannelStatus.ACTIVE:
            continue
        rules = await ctx.guild(tx, sub.guild_id)
        if guilds.suppressed_by(rules.feedback, alert):
            continue
        rows[sub.channel_id] = outbox.new_row(
            alert.alert_key,
            sub.guild_id,
            sub.channel_id,
            digest=channel.digest is not DigestMode.OFF,
            role=guilds.mention_role(rules.mention, alert.event_type),
            now=now,
        )
    return list(rows.values())
