"""/subscribe, /unsubscribe, /subscriptions: which channel gets which alerts."""

from __future__ import annotations

from collections.abc import Sequence

import discord
from discord import app_commands

from bot import guilds
from bot.chat.commands import (
    app_of,
    change,
    fit,
    gid,
    parse_types,
    reply,
    resolve_watched,
    safe,
    types_autocomplete,
    watched_autocomplete,
)
from bot.chat.permissions import organizer_hint, organizer_only
from bot.store import ChannelStatus, DigestMode

ALL_WORDS = ("all", "*", "everyone watched")


def own_channel(interaction: discord.Interaction, channel) -> int:
    """The channel's id if it is a text channel of this server; anything else is refused."""
    if channel is None:
        channel_id = interaction.channel_id
        guild_channel = interaction.guild.get_channel(channel_id) if interaction.guild else None
    else:
        channel_id = channel.id
        guild_channel = interaction.guild.get_channel(channel.id) if interaction.guild else None
        if getattr(channel, "guild_id", interaction.guild_id) != interaction.guild_id:
            guild_channel = None
    if guild_channel is None or not isinstance(guild_channel, discord.TextChannel | discord.Thread):
        raise guilds.ConfigError("Pick a text channel of this server.")
    assert channel_id is not None
    return channel_id


async def _target(
    interaction: discord.Interaction, prosecutor: str | None
) -> tuple[str | None, str]:
    if prosecutor is None or prosecutor.strip().lower() in ALL_WORDS:
        return None, "everyone this server watches"
    person = await resolve_watched(interaction, prosecutor)
    return person.id, safe(person.name, 100)


def _types_text(types: Sequence[str]) -> str:
    return ", ".join(types) if types else "all types"


@app_commands.command(name="subscribe", description="Send alerts to a channel")
@app_commands.describe(
    channel="Where alerts go (default: this channel)",
    prosecutor="One watched prosecutor, or all (default)",
    types="Comma-separated event types, or urgent (default: all types)",
)
@app_commands.autocomplete(prosecutor=watched_autocomplete, types=types_autocomplete)
@organizer_hint
@organizer_only()
async def subscribe(
    interaction: discord.Interaction,
    channel: app_commands.AppCommandChannel | None = None,
    prosecutor: str | None = None,
    types: str | None = None,
) -> None:
    channel_id = own_channel(interaction, channel)
    chosen = parse_types(types)
    pid, who = await _target(interaction, prosecutor)
    sub = await change(interaction, guilds.subscribe, gid(interaction), channel_id, pid, chosen)
    await reply(
        interaction,
        f"<#{channel_id}> now gets alerts about {who}: {_types_text(sub.types)}.",
    )


@app_commands.command(name="unsubscribe", description="Stop alerts in a channel")
@app_commands.describe(channel="Default: this channel", prosecutor="Only this one (default: all)")
@app_commands.autocomplete(prosecutor=watched_autocomplete)
@organizer_hint
@organizer_only()
async def unsubscribe(
    interaction: discord.Interaction,
    channel: app_commands.AppCommandChannel | None = None,
    prosecutor: str | None = None,
) -> None:
    channel_id = own_channel(interaction, channel)
    pid = None
    if prosecutor and prosecutor.strip().lower() not in ALL_WORDS:
        pid = (await resolve_watched(interaction, prosecutor)).id
    removed = await change(interaction, guilds.unsubscribe, gid(interaction), channel_id, pid)
    if removed:
        await reply(interaction, f"Removed {removed} subscription(s) from <#{channel_id}>.")
    else:
        await reply(interaction, f"<#{channel_id}> had no matching subscription.")


@app_commands.command(name="subscriptions", description="Which channel gets which alerts")
async def subscriptions(interaction: discord.Interaction) -> None:
    app = app_of(interaction)
    guild_id = gid(interaction)
    async with app.store.transaction() as tx:
        people = {p.id: p.name for p in await guilds.watched(tx, guild_id)}
        channels = {c.channel_id: c for c in await guilds.channels(tx, guild_id)}
        subs = await guilds.subscriptions(tx, guild_id)
        mention = await guilds.get_mention(tx, guild_id)
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
            state = f" — {channel.digest} digest at {channel.digest_time} UTC"
        lines.append(f"• <#{sub.channel_id}>: {safe(who, 100)} · {_types_text(sub.types)}{state}")
    if mention:
        lines.append(f"Pings <@&{mention.role_id}> for: {', '.join(mention.types)}")
    await reply(interaction, fit(lines))


def setup(client: discord.Client) -> None:
    for command in (subscribe, unsubscribe, subscriptions):
        client.tree.add_command(command)  # type: ignore[attr-defined]
