"""Registering the slash commands with Discord, only when an operator asks for it.

Global sync takes up to an hour to show everywhere; `--guild ID` registers a copy for one
server at once (for trying changes). Commands are never synced on start: a restart loop would
otherwise spend the daily command-creation quota.
"""

from __future__ import annotations

import logging

import discord

from bot.chat.client import WatchBot

log = logging.getLogger(__name__)


async def sync(token: str, guild_id: int | None) -> list[str]:
    """Log in over REST only (no gateway), push the command tree, return the command names."""
    client = WatchBot(None, start_scheduler=False)
    try:
        await client.login(token)  # runs setup_hook, which loads the command modules
        if guild_id is not None:
            guild = discord.Object(guild_id)
            client.tree.copy_global_to(guild=guild)
            synced = await client.tree.sync(guild=guild)
        else:
            synced = await client.tree.sync()
    finally:
        await client.close()
    names = sorted(command.name for command in synced)
    where = f"server {guild_id}" if guild_id else "all servers (global; may take up to an hour)"
    log.info("registered %d commands for %s: %s", len(names), where, ", ".join(names))
    return names
