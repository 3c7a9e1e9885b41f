"""What Discord is told about the commands (the `run_bot.py sync` payload)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.chat.run import sync_commands
from tests.bot.chat.conftest import GUILD, bot_settings

TEXT, NEWS, FORUM, MEDIA = 0, 5, 15, 16
CHANNEL_OPTION = 7
MANAGE_GUILD = 1 << 5
READ_ONLY = {"status", "recent", "timeline", "help", "subscriptions", "search"}


@pytest.fixture
async def commands(fake, tmp_path) -> list[dict[str, Any]]:
    await sync_commands(bot_settings(fake, tmp_path), GUILD)
    [put] = [r for r in fake.requests if r.method == "PUT"]
    return put.json


def _walk(command: dict[str, Any], path: str = ""):
    here = f"{path} {command['name']}".strip()
    yield here, command
    for option in command.get("options") or []:
        yield from _walk(option, here)


async def test_every_description_is_written(commands):
    """No command, subcommand or option is described by discord.py's placeholder "…"."""
    placeholders = [
        where for c in commands for where, node in _walk(c) if node["description"] in ("…", "")
    ]
    assert placeholders == []


async def test_channel_options_offer_only_text_and_announcement_channels(commands):
    """Channel options list text and news channels only (and forums where alerts can be
    forum posts: /subscribe): no voice or category."""
    found = {
        where: node.get("channel_types")
        for c in commands
        for where, node in _walk(c)
        if node.get("type") == CHANNEL_OPTION
    }
    assert set(found) == {"subscribe channel", "unsubscribe channel", "digest channel"}
    # discord.py offers media channels with forums; /subscribe refuses them when picked.
    assert sorted(found.pop("subscribe channel")) == [TEXT, NEWS, FORUM, MEDIA]
    assert all(sorted(types) == [TEXT, NEWS] for types in found.values())


async def test_organizer_hint_on_every_configuration_command(commands):
    """Groups and configuration commands carry Manage Server; read-only ones carry none."""
    hints = {c["name"]: c.get("default_member_permissions") for c in commands}
    for name, hint in hints.items():
        if name in READ_ONLY:
            assert hint is None, name
        else:
            assert int(hint) == MANAGE_GUILD, name
    assert {"watch", "feeds"} <= set(hints)
