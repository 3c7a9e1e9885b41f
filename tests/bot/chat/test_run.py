"""run_discord and sync_commands: start, stop, command sync, secrets in logs (E5)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket

import pytest

from bot.chat.run import run_discord, sync_commands
from bot.settings import SettingsError
from tests.bot.chat.conftest import (
    ALERTS,
    GUILD,
    TOKEN,
    add_alert,
    bot_settings,
    start_bot,
    watch_rivera,
)
from tests.cli import run_cli
from tests.fakes.fake_discord import Fault


async def test_sync_only_when_asked(fake, tmp_path):
    """`run_bot.py sync --guild ID` registers every command once, for that server."""
    await sync_commands(bot_settings(fake, tmp_path), GUILD)
    assert fake.command_puts == 1
    [put] = [r for r in fake.requests if r.method == "PUT"]
    assert put.path.endswith(f"/guilds/{GUILD}/commands")
    names = {c["name"] for c in put.json}
    assert {"watch", "subscribe", "mention", "feeds", "status", "recent", "timeline"} <= names
    assert {"digest", "feedback", "help", "unsubscribe", "subscriptions"} <= names
    watch = next(c for c in put.json if c["name"] == "watch")
    assert int(watch["default_member_permissions"]) == 32  # Discord reads hints on the group only
    assert watch["contexts"] == [0]


async def test_sigterm_stops_cleanly(fake, tmp_path):
    """SIGTERM closes the client and the store; the store lock is free afterwards."""
    settings = bot_settings(fake, tmp_path)
    bot = await start_bot(settings, fake)
    os.kill(os.getpid(), signal.SIGTERM)
    async with asyncio.timeout(10):
        await bot.task
    assert bot.client.is_closed()
    again = await start_bot(settings, fake)  # would raise AlreadyRunning if the lock leaked
    again.client.stop.set()
    await again.task


async def test_bad_token_is_a_clear_error(fake, tmp_path):
    """A token Discord refuses ends the run with a one-line settings error."""
    fake.fail("GET", "/users/@me", Fault(401, {"message": "401: Unauthorized", "code": 0}))
    with pytest.raises(SettingsError, match="refused"):
        async with asyncio.timeout(10):
            await run_discord(bot_settings(fake, tmp_path))


async def test_no_secrets_in_logs(fake, tmp_path):
    """E5: a run with commands and deliveries logs neither the bot token nor interaction
    tokens, even at DEBUG."""
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Keep(level=logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        bot = await start_bot(bot_settings(fake, tmp_path), fake)
        await watch_rivera(bot)
        await bot.call(add_alert, 1)
        fake.fail("POST", f"/channels/{ALERTS}/messages", Fault(400, {"message": "bad"}))
        await bot.app.pipeline.deliver()
        tokens = [h for h in fake.followups] + [f"token-{i}" for i in fake.callbacks]
        bot.client.stop.set()
        await bot.task
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    text = "\n".join(records)
    assert records and TOKEN not in text
    assert not [t for t in tokens if t in text]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_discord_unreachable_at_start_is_one_clear_line(tmp_path):
    """With Discord unreachable, `run_bot.py run` exits 2 with a line naming the address it
    tried, not a traceback."""
    port = _closed_port()
    toml = tmp_path / "settings.toml"
    toml.write_text(
        f'[discord]\napi_base = "http://127.0.0.1:{port}/api/v10"\n'
        f'[store]\npath = "{tmp_path / "s.json"}"\n'
        "[sources]\nenabled = []\n"
    )
    proc = run_cli("--config", str(toml), "run", env={"DISCORD_TOKEN": TOKEN})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: cannot reach Discord at http://127.0.0.1:{port}/api/v10: ")
