"""The channel an organizer picks for alerts: in this server, and one the bot can post in.

Channel options are declared as `discord.TextChannel`, so Discord offers only text and
announcement channels. The default (no option) is the channel the command ran in, which may
also be a thread. Before anything is stored, the bot's own permissions there are checked: a
subscription the bot cannot deliver would otherwise look fine until the first alert.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot import guilds

if TYPE_CHECKING:
    from bot.chat.client import Interaction

AlertChannel = discord.TextChannel | discord.Thread
# What an alert needs, as (discord.Permissions attribute, the name Discord shows).
NEEDED = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages"),
    ("embed_links", "Embed Links"),
)
IN_THREADS = (
    ("view_channel", "View Channel"),
    ("send_messages_in_threads", "Send Messages in Threads"),
    ("embed_links", "Embed Links"),
)


def missing_permissions(channel: AlertChannel, perms: discord.Permissions) -> list[str]:
    needed = IN_THREADS if isinstance(channel, discord.Thread) else NEEDED
    return [label for attr, label in needed if not getattr(perms, attr)]


def bot_permissions(interaction: Interaction, channel: AlertChannel) -> discord.Permissions | None:
    """The bot's permissions in `channel`: Discord's own figure for the channel the command
    ran in, else computed from the cached roles and overwrites (None if the bot's member is
    not cached, in which case nothing is refused)."""
    if channel.id == interaction.channel_id:
        return interaction.app_permissions
    me = channel.guild.me
    return channel.permissions_for(me) if me is not None else None


def own_channel(interaction: Interaction, chosen: discord.TextChannel | None) -> AlertChannel:
    """The chosen channel (default: this one) if it is a text channel or thread of this server."""
    channel = interaction.channel if chosen is None else chosen
    if not isinstance(channel, AlertChannel) or channel.guild.id != interaction.guild_id:
        raise guilds.ConfigError("Pick a text channel of this server.")
    return channel


def alert_channel(interaction: Interaction, chosen: discord.TextChannel | None) -> int:
    """The id of a channel of this server that the bot can post alerts in, or a ConfigError."""
    channel = own_channel(interaction, chosen)
    perms = bot_permissions(interaction, channel)
    missing = missing_permissions(channel, perms) if perms is not None else []
    if missing:
        raise guilds.ConfigError(
            f"I cannot post alerts in <#{channel.id}>: I am missing {', '.join(missing)} "
            "there. Give the bot these permissions in that channel (or pick another one), "
            "then run this again. Nothing was changed."
        )
    return channel.id
