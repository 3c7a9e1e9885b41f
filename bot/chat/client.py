"""The Discord bot: a typed `commands.Bot` that carries the application and loads the cogs.

Built with AllowedMentions.none(): nothing the bot says pings anyone unless a message asks
for one configured role. Commands are not synced here (see bot/chat/sync.py): syncing on every
start re-registers them and spends a small daily quota.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot import scheduler as jobs
from bot.cycle.poller import PollLoop
from bot.delivery.wake import DeliveryWaker, start_waker
from bot.guilds import ConfigError
from bot.organizer.errors import RequestError

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.app import Services

log = logging.getLogger(__name__)

# Loaded in this order by setup_hook; each module has `async def setup(bot)` adding one cog.
EXTENSIONS = (
    "bot.chat.cogs.watch",
    "bot.chat.cogs.subscriptions",
    "bot.chat.cogs.alert_settings",
    "bot.chat.cogs.feeds",
    "bot.chat.cogs.status",
    "bot.chat.cogs.history",
    "bot.chat.cogs.search",
    "bot.chat.cogs.export",
    "bot.chat.cogs.settings",
    "bot.chat.cogs.feedback",
    "bot.chat.cogs.help",
)
# discord.py waits this long after the last GUILD_CREATE before "ready"; tests lower it.
GUILD_READY_TIMEOUT = 2.0
# A 429 asking to wait longer than this raises RateLimited: the outbox reschedules the row
# instead of a worker sleeping for minutes.
MAX_RATELIMIT_TIMEOUT = 60.0


class Tree(app_commands.CommandTree["WatchBot"]):
    async def interaction_check(self, interaction: Interaction) -> bool:
        # guild_only / allowed_contexts are hints the client may ignore; refuse DMs here too.
        if interaction.guild_id is None:
            if interaction.type is discord.InteractionType.autocomplete:
                return False
            await answer_privately(
                interaction, "prosecutor-watch works inside a server, not in DMs."
            )
            return False
        return True

    async def on_error(self, interaction: Interaction, error: app_commands.AppCommandError) -> None:
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        if isinstance(cause, ConfigError | RequestError | app_commands.CheckFailure):
            text = str(cause)
        elif isinstance(cause, app_commands.TransformerError):
            text = "That option's value is not usable here (pick one from this server)."
        else:
            name = interaction.command.qualified_name if interaction.command else "?"
            log.error("command %s failed", name, exc_info=cause)
            text = "Something went wrong on our side; it has been logged."
        await answer_privately(interaction, text)


async def answer_privately(interaction: Interaction, text: str) -> None:
    """An ephemeral answer that pings nobody; a failure to answer is logged, not raised."""
    none = discord.AllowedMentions.none()
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=none)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=none)
    except discord.HTTPException:
        log.warning("could not answer interaction %s", interaction.id)


class WatchBot(commands.Bot):
    """The bot and the application behind it.

    `app` is None for `run_bot.py sync`, which only needs the command definitions; commands
    reach the application through `services`, which refuses to run without one.
    """

    def __init__(
        self,
        app: Services | None,
        *,
        start_scheduler: bool = True,
        http_trace: aiohttp.TraceConfig | None = None,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # channels and roles, for permission checks and notices
        super().__init__(
            # No text commands: without the message-content intent there is nothing to read.
            command_prefix=commands.when_mentioned,
            help_command=None,
            tree_cls=Tree,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            max_ratelimit_timeout=MAX_RATELIMIT_TIMEOUT,
            guild_ready_timeout=GUILD_READY_TIMEOUT,
            chunk_guilds_at_startup=False,
            allowed_contexts=app_commands.AppCommandContext(guild=True),
            # The Discord sink watches responses for 429s (see DiscordSink.trace).
            http_trace=http_trace or aiohttp.TraceConfig(),
        )
        self.app = app
        self.stop = asyncio.Event()  # set by SIGTERM/SIGINT (bot/chat/run.py) and by tests
        self._start_scheduler = start_scheduler and app is not None
        self.scheduler: AsyncIOScheduler | None = None
        self.poller: PollLoop | None = None
        self.waker: DeliveryWaker | None = None

    @property
    def tree(self) -> Tree:
        """The command tree, typed as ours (built from tree_cls=Tree)."""
        tree = super().tree
        assert isinstance(tree, Tree)
        return tree

    @property
    def services(self) -> Services:
        if self.app is None:
            raise RuntimeError("this bot was built without the application (command sync only)")
        return self.app

    async def setup_hook(self) -> None:
        # Each module is imported once per process and its setup run for this bot, rather than
        # load_extension'd: that runs the module's code afresh on every start and, on close,
        # scans every loaded module once per extension (30-40 ms a start, most of a bot's start
        # in tests). This bot never reloads an extension.
        for name in EXTENSIONS:
            await importlib.import_module(name).setup(self)
        if self._start_scheduler and self.app is not None:
            # Polling runs in its own loop (a cycle whenever a source falls due); digests and
            # pruning on APScheduler; delivery is a task of its own that cycles wake. Not
            # tasks.loop, which dies on the first exception that is not an aiohttp one.
            if self.app.settings.store.engine != "postgres":  # there, worker processes poll
                self.poller = PollLoop(self.app.pipeline)
                self.poller.start()
            self.scheduler = jobs.start(self.app.pipeline)
            # PostgreSQL: workers queue rows in other processes; their NOTIFY wakes delivery.
            self.waker = start_waker(self.app.pipeline)

    async def on_ready(self) -> None:
        log.info("connected as %s to %d servers", self.user, len(self.guilds))

    async def close(self) -> None:
        if self.poller is not None:
            await self.poller.stop()
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self.waker is not None:
            await self.waker.stop()
        if self.app is not None:
            await self.app.pipeline.delivery.stop()
        await super().close()


# What every command and component callback receives: `interaction.client` is a WatchBot.
Interaction: TypeAlias = discord.Interaction[WatchBot]


def ours(interaction: discord.Interaction[Any]) -> Interaction:
    """A component callback's interaction, typed as ours: discord.py types them for any client."""
    if not isinstance(interaction.client, WatchBot):
        raise TypeError(f"interaction for {type(interaction.client).__name__}, not WatchBot")
    return cast(Interaction, interaction)
