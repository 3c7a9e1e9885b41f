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
# A thread per alert: the message, the thread on it, and notes posted into the thread later.
OPENING_THREADS = (
    *NEEDED,
    ("create_public_threads", "Create Public Threads"),
    ("send_messages_in_threads", "Send Messages in Threads"),
)
# A forum post per alert ("Send Messages" is what Discord calls creating posts there).
IN_FORUM = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages (create posts)"),
    ("send_messages_in_threads", "Send Messages in Threads"),
    ("embed_links", "Embed Links"),
)


def missing_permissions(channel: AlertChannel, perms: discord.Permissions) -> list[str]:
    needed = IN_THREADS if isinstance(channel, discord.Thread) else NEEDED
    return [label for attr, label in needed if not getattr(perms, attr)]


def bot_permissions(
    interaction: Interaction, channel: AlertChannel | discord.ForumChannel
) -> discord.Permissions | None:
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


def _refuse_missing(channel_id: int, missing: list[str]) -> None:
    if missing:
        raise guilds.ConfigError(
            f"I cannot post alerts in <#{channel_id}>: I am missing {', '.join(missing)} "
            "there. Give the bot these permissions in that channel (or pick another one), "
            "then run this again. Nothing was changed."
        )


def thread_target(
    interaction: Interaction,
    chosen: discord.TextChannel | discord.ForumChannel | None,
    threads: bool | None,
) -> tuple[int, bool]:
    """For /subscribe: the channel id and whether its alerts open threads.

    A forum channel always does (each alert is a post); a text channel does when asked; a
    thread cannot hold threads. The bot's permissions for that way of posting are checked."""
    if isinstance(chosen, discord.ForumChannel):
        if chosen.guild.id != interaction.guild_id:
            raise guilds.ConfigError("Pick a text or forum channel of this server.")
        if chosen.type is discord.ChannelType.media:
            raise guilds.ConfigError("A media channel needs an image on every post: pick a forum.")
        if threads is False:
            raise guilds.ConfigError("In a forum channel every alert is a post: leave threads on.")
        perms = bot_permissions(interaction, chosen)
        if perms is not None:
            _refuse_missing(chosen.id, [lab for attr, lab in IN_FORUM if not getattr(perms, attr)])
        return chosen.id, True
    if not threads:
        return alert_channel(interaction, chosen), False
    channel = own_channel(interaction, chosen)
    if isinstance(channel, discord.Thread):
        raise guilds.ConfigError("Alerts can open threads in a text channel, not in a thread.")
    perms = bot_permissions(interaction, channel)
    if perms is not None:
        _refuse_missing(
            channel.id, [lab for attr, lab in OPENING_THREADS if not getattr(perms, attr)]
        )
    return channel.id, True


def alert_channel(interaction: Interaction, chosen: discord.TextChannel | None) -> int:
    """The id of a channel of this server that the bot can post alerts in, or a ConfigError."""
    channel = own_channel(interaction, chosen)
    perms = bot_permissions(interaction, channel)
    _refuse_missing(channel.id, missing_permissions(channel, perms) if perms is not None else [])
    return channel.id
