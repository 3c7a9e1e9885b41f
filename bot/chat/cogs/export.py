"""/export: this server's alerts as a CSV file (run_bot.py export does the same from a shell)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import guilds
from bot.chat.options import TYPE_NAMES, gid, read, resolve_watched, watched_autocomplete
from bot.chat.permissions import organizer_hint, organizer_only
from bot.chat.replies import plural, reply
from bot.clock import utcnow
from bot.organizer.export_query import ExportRequest, build_export
from bot.organizer.reads import zone_of

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot


class ExportCog(commands.Cog):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot

    @app_commands.command(name="export", description="This server's alerts as a CSV file")
    @app_commands.describe(
        prosecutor="Only this watched prosecutor (default: everyone watched)",
        type="Only this event type (default: all types)",
        since="From this date (2026-03-01) or span back (30d); default: everything kept",
        until="Up to and including this date (2026-03-31)",
    )
    @app_commands.autocomplete(prosecutor=watched_autocomplete)
    @app_commands.choices(type=[app_commands.Choice(name=t, value=t) for t in TYPE_NAMES])
    @organizer_hint
    @organizer_only()
    async def export(
        self,
        interaction: Interaction,
        prosecutor: str | None = None,
        type: str | None = None,
        since: app_commands.Range[str, 1, 40] | None = None,
        until: app_commands.Range[str, 1, 40] | None = None,
    ) -> None:
        if type is not None and type not in TYPE_NAMES:
            raise guilds.ConfigError("Unknown event type.")
        pid = (await resolve_watched(interaction, prosecutor)).id if prosecutor else None
        zone = await read(interaction, zone_of, gid(interaction))
        request = ExportRequest.parse(pid, type, since, until, zone, utcnow())
        name = interaction.guild.name if interaction.guild else "server"
        result = await read(interaction, build_export, gid(interaction), request, name)
        if not result.count:
            await reply(interaction, "No alerts match; nothing to export.")
            return
        limit = interaction.filesize_limit
        if len(result.data) > limit:
            raise guilds.ConfigError(
                f"The file would be {len(result.data) // 1024} KB, over Discord's "
                f"{limit // 1024} KB: narrow it with since and until."
            )
        await interaction.response.send_message(
            f"{plural(result.count, 'alert')}; dates in {result.zone}.",
            file=discord.File(io.BytesIO(result.data), filename=result.file_name),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(ExportCog(bot))
