"""/digest: a channel gets one summary a day or week instead of single alerts."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands

from bot import guilds
from bot.chat.commands import change, gid, reply
from bot.chat.commands.subscribe import own_channel
from bot.chat.permissions import organizer_hint, organizer_only


@app_commands.command(name="digest", description="Summaries instead of single alerts in a channel")
@app_commands.describe(
    mode="daily, weekly or off",
    time="When, 24-hour UTC (default 08:00)",
    channel="Default: this one",
)
@organizer_hint
@organizer_only()
async def digest(
    interaction: discord.Interaction,
    mode: Literal["daily", "weekly", "off"],
    time: app_commands.Range[str, 1, 5] = "08:00",
    channel: app_commands.AppCommandChannel | None = None,
) -> None:
    channel_id = own_channel(interaction, channel)
    await change(interaction, guilds.set_digest, gid(interaction), channel_id, mode, time[:5])
    if mode == "off":
        await reply(interaction, f"<#{channel_id}> gets single alerts again.")
    else:
        await reply(interaction, f"<#{channel_id}> now gets a {mode} digest at {time[:5]} UTC.")


def setup(client: discord.Client) -> None:
    client.tree.add_command(digest)  # type: ignore[attr-defined]
