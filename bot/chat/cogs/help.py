"""/help: what the bot does and every command, in one ephemeral message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot.chat.replies import reply

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot

HELP = """**prosecutor-watch** posts one alert per real-world event about the prosecutors this \
server watches (recalls, injunctions, police-union money, impeachment, charges, ...).
**Set up** (Manage Server or the organizer role)
• `/watch add <prosecutor> [backfill days]` (a surname is enough) · `/watch remove` · `/watch list`
• `/subscribe [channel] [prosecutor|all] [types] [threads]` · `/unsubscribe` · `/subscriptions`
• `/mention <role> [types]`: urgent alerts ping that role (nothing else pings)
• `/digest <daily|weekly|off> [time]`: one summary instead of single alerts
• `/feeds add <url> [backfill days]` · `/feeds remove` · `/feeds list` · `/feeds test <url>` \
· `/feeds retry`
• `/settings timezone <zone>`: dates and digest times in your zone (default UTC)
• `/export [prosecutor] [type] [since] [until]`: a CSV of this server's alerts
**Look**
• `/recent [prosecutor] [type] [days]` · `/search <words> [prosecutor] [type] [since]`
• `/timeline <prosecutor>` (with a picture) · `/status`
**Correct**
• The buttons under an alert, or `/feedback <alert id> <wrong_person|not_relevant>`: \
the same pattern is not alerted here again.
Types: recall, injunction, union_endorsement, impeachment, removal_or_suspension, \
case_reassignment, lawsuit, indictment_or_investigation, resignation, election, \
policy_directive, charging_decision, exoneration, legislation, other."""


class HelpCog(commands.Cog):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What prosecutor-watch does and its commands")
    async def help(self, interaction: Interaction) -> None:
        await reply(interaction, HELP)


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(HelpCog(bot))
