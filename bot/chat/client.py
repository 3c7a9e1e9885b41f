"""The Discord client: command modules, the command tree's guards, and the scheduler.

Built with AllowedMentions.none(): nothing the bot says pings anyone unless a message asks
for one configured role. Commands are not synced here (see bot/chat/sync.py): syncing on every
start re-registers them and spends a small daily quota.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.delivery.wake import DeliveryWaker, start_waker
from bot.guilds import ConfigError
from bot.scheduler import build_scheduler

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.app import Services

log = logging.getLogger(__name__)

COMMAND_MODULES = (
    "watch",
    "subscribe",
    "mention",
    "feeds",
    "status",
    "recent",
    "digest",
    "feedback",
    "help",
)
# discord.py waits this long after the last GUILD_CREATE before "ready"; tests lower it.
GUILD_READY_TIMEOUT = 2.0
# A 429 asking to wait longer than this raises RateLimited: the outbox reschedules the row
# instead of a worker sleeping for minutes.
MAX_RATELIMIT_TIMEOUT = 60.0


class Tree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        # guild_only / allowed_contexts are hints the client may ignore; refuse DMs here too.
        if interaction.guild_id is None:
            if interaction.type is discord.InteractionType.autocomplete:
                return False
            await _answer(interaction, "prosecutor-watch works inside a server, not in DMs.")
            return False
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        if isinstance(cause, ConfigError | app_commands.CheckFailure):
            text = str(cause)
        elif isinstance(cause, app_commands.TransformerError):
            text = "That option's value is not usable here (pick one from this server)."
        else:
            name = interaction.command.qualified_name if interaction.command else "?"
            log.error("command %s failed", name, exc_info=cause)
            text = "Something went wrong on our side; it has been logged."
        await _answer(interaction, text)


async def _answer(interaction: discord.Interaction, text: str) -> None:
    none = discord.AllowedMentions.none()
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=none)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=none)
    except discord.HTTPException:
        log.warning("could not answer interaction %s", interaction.id)


class WatchBot(discord.Client):
    """`app` is None for `run_bot.py sync`, which only needs the command definitions."""

    def __init__(self, app: Services | None, *, start_scheduler: bool = True) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # channels and roles, for permission checks and notices
        super().__init__(
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            max_ratelimit_timeout=MAX_RATELIMIT_TIMEOUT,
            guild_ready_timeout=GUILD_READY_TIMEOUT,
            chunk_guilds_at_startup=False,
        )
        self.app = app
        self.tree = Tree(self)
        self.tree.allowed_contexts = app_commands.AppCommandContext(guild=True)
        self._start_scheduler = start_scheduler and app is not None
        self.scheduler: AsyncIOScheduler | None = None
        self.waker: DeliveryWaker | None = None

    async def setup_hook(self) -> None:
        for name in COMMAND_MODULES:
            importlib.import_module(f"bot.chat.commands.{name}").setup(self)
        if self._start_scheduler and self.app is not None:
            # Polling and delivery run on APScheduler, not tasks.loop, which dies on the first
            # exception that is not an aiohttp one.
            self.scheduler = build_scheduler(self.app.pipeline)
            self.scheduler.start()
            # PostgreSQL: workers queue rows in other processes; their NOTIFY wakes delivery.
            self.waker = start_waker(self.app.pipeline)

    async def on_ready(self) -> None:
        log.info("connected as %s to %d servers", self.user, len(self.guilds))

    async def close(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self.waker is not None:
            await self.waker.stop()
        await super().close()
