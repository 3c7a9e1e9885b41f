"""/mention and /digest: how a server's alerts arrive (who is pinged; single or summarized)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import guilds
from bot.chat.channels import alert_channel, own_channel
from bot.chat.options import change, gid, parse_types, read, types_autocomplete
from bot.chat.permissions import organizer_hint, organizer_only
from bot.chat.replies import reply, safe
from bot.organizer.reads import zone_of
from feeds.models import URGENT_TYPES

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot


class AlertSettingsCog(commands.Cog):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="mention", description="Ping a role for urgent alerts (no role: stop pinging)"
    )
    @app_commands.describe(
        role="The role to ping; leave empty to stop all pings",
        types="Comma-separated types that ping (default: recall, injunction, impeachment, "
        "removal_or_suspension, indictment_or_investigation)",
    )
    @app_commands.autocomplete(types=types_autocomplete)
    @organizer_hint
    @organizer_only()
    async def mention(
        self, interaction: Interaction, role: discord.Role | None = None, types: str | None = None
    ) -> None:
        guild = interaction.guild
        if role is None:
            await change(interaction, guilds.set_mention, gid(interaction), None, ())
            await reply(interaction, "Alerts will not ping anyone.")
            return
        if guild is None or guild.get_role(role.id) is None:
            raise guilds.ConfigError("Pick a role of this server.")
        if role.is_default():
            raise guilds.ConfigError("Alerts never ping @\u200beveryone; pick a role.")
        chosen = parse_types(types) or sorted(URGENT_TYPES)
        await change(interaction, guilds.set_mention, gid(interaction), role.id, chosen)
        note = (
            ""
            if role.mentionable
            else " (the role is not mentionable: allow the bot to Mention roles)"
        )
        await reply(
            interaction,
            f"<@&{role.id}> ({safe(role.name, 100)}) will be pinged for: "
            f"{', '.join(chosen)}.{note}",
        )

    @app_commands.command(
        name="digest", description="Summaries instead of single alerts in a channel"
    )
    @app_commands.describe(
        mode="daily, weekly or off",
        time="When, 24-hour, in this server's time zone (default 08:00; see /settings timezone)",
        channel="Text or announcement channel (default: this channel)",
    )
    @organizer_hint
    @organizer_only()
    async def digest(
        self,
        interaction: Interaction,
        mode: Literal["daily", "weekly", "off"],
        time: app_commands.Range[str, 1, 5] = "08:00",
        channel: discord.TextChannel | None = None,
    ) -> None:
        # Turning a digest off needs no permission there; turning one on must be deliverable.
        if mode == "off":
            channel_id = own_channel(interaction, channel).id
        else:
            channel_id = alert_channel(interaction, channel)
        await change(interaction, guilds.set_digest, gid(interaction), channel_id, mode, time[:5])
        if mode == "off":
            await reply(interaction, f"<#{channel_id}> gets single alerts again.")
        else:
            zone = await read(interaction, zone_of, gid(interaction))
            await reply(
                interaction, f"<#{channel_id}> now gets a {mode} digest at {time[:5]} {zone} time."
            )


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(AlertSettingsCog(bot))
