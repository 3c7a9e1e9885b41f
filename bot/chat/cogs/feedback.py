"""/feedback, and the Wrong person / Not relevant buttons under every alert (registered here)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from discord import app_commands
from discord.ext import commands

from bot.chat.feedback import FeedbackButton, record
from bot.chat.permissions import organizer_hint, organizer_only

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot


class FeedbackCog(commands.Cog):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        # Buttons on alerts posted before a restart keep working: matched by custom_id.
        self.bot.add_dynamic_items(FeedbackButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(FeedbackButton)

    @app_commands.command(
        name="feedback", description="Mark an alert as wrong person or not relevant"
    )
    @app_commands.describe(alert="The id in the alert's footer", verdict="What was wrong")
    @organizer_hint
    @organizer_only()
    async def feedback(
        self,
        interaction: Interaction,
        alert: app_commands.Range[str, 1, 40],
        verdict: Literal["wrong_person", "not_relevant"],
    ) -> None:
        await record(interaction, alert, verdict)


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(FeedbackCog(bot))
