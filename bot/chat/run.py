"""Running the Discord bot: `run_bot.py run` and `run_bot.py sync`.

The pipeline's sink is the Discord sink; the scheduler starts inside the client's setup_hook.
SIGTERM and SIGINT stop the client and the scheduler, then the services close in order (the
store last), so a shutdown never leaves a half-written cycle.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable

import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.app import StartupError, services
from bot.chat.client import WatchBot
from bot.chat.discord_sink import DiscordSink
from bot.settings import Settings, SettingsError, require_token
from bot.webhook import WebhookReceiver

log = logging.getLogger(__name__)


# discord.py's DEBUG lines carry secrets: gateway event dumps hold interaction tokens, webhook
# request lines hold /interactions/<id>/<token> URLs, and HTTP lines hold request bodies.
SECRET_LOGGERS = ("discord.gateway", "discord.webhook", "discord.http", "discord.state")


def quiet_secret_loggers() -> None:
    for name in SECRET_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(max(logging.INFO, logger.getEffectiveLevel()))


def configure_endpoints(settings: Settings) -> None:
    """Point discord.py at the configured API and gateway (a Discord-compatible server)."""
    discord.http.Route.BASE = settings.discord.api_base.rstrip("/")
    if settings.discord.gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord.gateway_url)


async def run_discord(
    settings: Settings, *, started: Callable[[WatchBot], None] | None = None
) -> None:
    """Run until SIGTERM/SIGINT (or `client.stop.set()`); `started` sees the client (tests)."""
    token = require_token(settings)
    configure_endpoints(settings)
    quiet_secret_loggers()
    sink = DiscordSink()
    async with services(settings, sink) as app:
        client = WatchBot(app, http_trace=sink.trace)
        sink.attach(client)
        loop = asyncio.get_running_loop()
        installed = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, client.stop.set)
                installed.append(sig)
        receiver = None
        if settings.webhook.enabled:
            receiver = WebhookReceiver(app.pipeline, settings.webhook.secret)
            await receiver.start(settings.webhook.host, settings.webhook.port)
            where = f"{settings.webhook.host}:{receiver.port}"
            log.info("CourtListener webhook receiver on %s", where)
        if started is not None:
            started(client)
        runner = asyncio.create_task(client.start(token), name="discord-client")
        stopper = asyncio.create_task(client.stop.wait())
        try:
            await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for sig in installed:
                loop.remove_signal_handler(sig)
            stopper.cancel()
            log.info("shutting down")
            await client.close()
            if receiver is not None:
                await receiver.stop()
            await asyncio.wait({runner}, timeout=10)
            if not runner.done():
                runner.cancel()
        failure = runner.exception() if runner.done() and not runner.cancelled() else None
        if isinstance(failure, discord.LoginFailure):
            raise SettingsError("DISCORD_TOKEN was refused by Discord (401)") from None
        if isinstance(failure, _UNREACHABLE):
            raise _unreachable(settings, failure) from None
        if failure is not None:
            raise failure


# Connection refused, DNS failure, TLS failure, no route: discord.py raises them as they are.
_UNREACHABLE = (OSError, asyncio.TimeoutError, discord.GatewayNotFound)


def _unreachable(settings: Settings, exc: BaseException) -> StartupError:
    reason = str(exc) or type(exc).__name__
    return StartupError(f"cannot reach Discord at {settings.discord.api_base}: {reason}")


async def sync_commands(settings: Settings, guild_id: int | None) -> None:
    from bot.chat.sync import sync

    token = require_token(settings)
    configure_endpoints(settings)
    quiet_secret_loggers()
    try:
        names = await sync(token, guild_id)
    except discord.LoginFailure:
        raise SettingsError("DISCORD_TOKEN was refused by Discord (401)") from None
    except _UNREACHABLE as exc:
        raise _unreachable(settings, exc) from None
    print(f"registered {len(names)} commands: {', '.join(names)}")
