"""/subscribe, /unsubscribe, /subscriptions: which channel gets which alerts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import guilds
from bot.chat.channels import own_channel, thread_target
from bot.chat.options import (
    ALL_WORDS,
    change,
    gid,
    parse_types,
    read,
    resolve_watched,
    types_autocomplete,
    watched_autocomplete,
)
from bot.chat.permissions import organizer_hint, organizer_only
from bot.chat.replies import fit, plural, reply, safe
from bot.organizer.reads import zone_of
from bot.store import (
    ChannelSettings,
    ChannelStatus,
    DigestMode,
    MentionRule,
    Subscription,
    UnitOfWork,
)
from feeds.models import EventType

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot


async def _target(interaction: Interaction, prosecutor: str | None) -> tuple[str | None, str]:
    if prosecutor is None or prosecutor.strip().lower() in ALL_WORDS:
        return None, "everyone this server watches"
    person = await resolve_watched(interaction, prosecutor)
    return person.id, safe(person.name, 100)


def _types_text(types: Sequence[str]) -> str:
    return ", ".join(types) if types else "all types"


@dataclass
class Routes:
    people: dict[str, str]  # prosecutor id -> name
    channels: dict[str, ChannelSettings]
    subscriptions: list[Subscription]
    mention: MentionRule | None
    zone: str


async def _routes(tx: UnitOfWork, guild_id: int) -> Routes:
    return Routes(
        people={p.id: p.name for p in await guilds.watched(tx, guild_id)},
        channels={c.channel_id: c for c in await guilds.channels(tx, guild_id)},
        subscriptions=await guilds.subscriptions(tx, guild_id),
        mention=await guilds.get_mention(tx, guild_id),
        zone=await zone_of(tx, guild_id),
    )


async def _subscribe(
    tx: UnitOfWork,
    guild_id: int,
    channel_id: int,
    pid: str | None,
    types: list[EventType],
    asked: bool | None,
    opens_threads: bool,
) -> Subscription:
    sub = await guilds.subscribe(tx, guild_id, channel_id, pid, types)
    if asked is not None or opens_threads:  # not given: a text channel keeps its setting
        await guilds.set_threads(tx, guild_id, channel_id, opens_threads)
    return sub


class SubscriptionsCog(commands.Cog):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot

    @app_commands.command(name="subscribe", description="Send alerts to a channel")
    @app_commands.describe(
        channel="Text, announcement or forum channel for alerts (default: this channel)",
        prosecutor="One watched prosecutor, or all (default)",
        types="Comma-separated event types, or urgent (default: all types)",
        threads="Each alert opens a thread for discussion, later outlets noted there "
        "(always on in a forum)",
    )
    @app_commands.autocomplete(prosecutor=watched_autocomplete, types=types_autocomplete)
    @organizer_hint
    @organizer_only()
    async def subscribe(
        self,
        interaction: Interaction,
        channel: discord.TextChannel | discord.ForumChannel | None = None,
        prosecutor: str | None = None,
        types: str | None = None,
        threads: bool | None = None,
    ) -> None:
        channel_id, opens_threads = thread_target(interaction, channel, threads)
        chosen = parse_types(types)
        pid, who = await _target(interaction, prosecutor)
        sub = await change(
            interaction,
            _subscribe,
            gid(interaction),
            channel_id,
            pid,
            chosen,
            threads,
            opens_threads,
        )
        text = f"<#{channel_id}> now gets alerts about {who}: {_types_text(sub.types)}."
        if opens_threads:
            text += " Each alert opens a thread; later outlets are noted in it."
        elif threads is False:
            text += " Alerts no longer open threads."
        await reply(interaction, text)

    @app_commands.command(name="unsubscribe", description="Stop alerts in a channel")
    @app_commands.describe(
        channel="The channel to stop alerts in (default: this channel)",
        prosecutor="Stop only this prosecutor's alerts (default: all)",
    )
    @app_commands.autocomplete(prosecutor=watched_autocomplete)
    @organizer_hint
    @organizer_only()
    async def unsubscribe(
        self,
        interaction: Interaction,
        channel: discord.TextChannel | None = None,
        prosecutor: str | None = None,
    ) -> None:
        # No permission check: a channel the bot cannot post in may always be unsubscribed.
        channel_id = own_channel(interaction, channel).id
        pid = None
        if prosecutor and prosecutor.strip().lower() not in ALL_WORDS:
            pid = (await resolve_watched(interaction, prosecutor)).id
        removed = await change(interaction, guilds.unsubscribe, gid(interaction), channel_id, pid)
        if removed:
            await reply(
                interaction, f"Removed {plural(removed, 'subscription')} from <#{channel_id}>."
            )
        else:
            await reply(interaction, f"<#{channel_id}> had no matching subscription.")

    @app_commands.command(name="subscriptions", description="Which channel gets which alerts")
    async def subscriptions(self, interaction: Interaction) -> None:
        routes = await read(interaction, _routes, gid(interaction))
        people, channels, subs = routes.people, routes.channels, routes.subscriptions
        if not subs:
            await reply(
                interaction,
                "No subscriptions yet. Try /subscribe in the channel that should get alerts.",
            )
            return
        lines = []
        for sub in sorted(subs, key=lambda s: (s.channel_id, s.prosecutor_id)):
            who = (
                "all watched"
                if sub.prosecutor_id == guilds.ALL
                else people.get(sub.prosecutor_id, sub.prosecutor_id)
            )
            channel = channels.get(sub.channel_id)
            state = ""
            if channel is not None and channel.status is not ChannelStatus.ACTIVE:
                state = f" — {channel.status}: {safe(channel.reason or '', 200)}"
            elif channel is not None and channel.digest is not DigestMode.OFF:
                state = f" — {channel.digest} digest at {channel.digest_time} {routes.zone} time"
            if channel is not None and channel.threads:
                state += " — a thread per alert"
            lines.append(
                f"• <#{sub.channel_id}>: {safe(who, 100)} · {_types_text(sub.types)}{state}"
            )
        mention = routes.mention
        if mention:
            lines.append(f"Pings <@&{mention.role_id}> for: {', '.join(mention.types)}")
        await reply(interaction, fit(lines))


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(SubscriptionsCog(bot))
