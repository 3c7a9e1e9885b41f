"""/settings timezone: the server's time zone, for every date shown and digest times."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot.chat.options import change, gid, read
from bot.chat.permissions import organizer_hint, organizer_only
from bot.chat.replies import reply
from bot.clock import utcnow
from bot.organizer.reads import zone_of
from bot.organizer.timezones import format_datetime, suggest, validate_zone
from bot.store import UnitOfWork

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot


async def zone_autocomplete(
    interaction: Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=name) for name in suggest(current)]


async def _set_zone(tx: UnitOfWork, guild_id: int, zone: str) -> None:
    await tx.guilds.set_timezone(str(guild_id), zone)


@organizer_hint
class SettingsCog(
    commands.GroupCog, group_name="settings", description="This server's prosecutor-watch settings"
):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="timezone", description="The time zone for dates and digest times (default UTC)"
    )
    @app_commands.describe(zone="An IANA zone such as America/Los_Angeles; empty shows the current")
    @app_commands.autocomplete(zone=zone_autocomplete)
    @organizer_only()
    async def timezone(
        self, interaction: Interaction, zone: app_commands.Range[str, 1, 64] | None = None
    ) -> None:
        if zone is None:
            current = await read(interaction, zone_of, gid(interaction))
            now = format_datetime(utcnow(), current)
            await reply(interaction, f"This server's time zone is {current} (now {now}).")
            return
        name = validate_zone(zone)
        await change(interaction, _set_zone, gid(interaction), name)
        now = format_datetime(utcnow(), name)
        await reply(
            interaction,
            f"Dates and digest times here now follow {name} (now {now}). "
            "Digest times keep their clock time in the new zone.",
        )


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(SettingsCog(bot))
