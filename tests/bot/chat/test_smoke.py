"""Connection basics: the real client logs in to the fake, gets READY and answers /help."""

from __future__ import annotations

from tests.bot.chat.conftest import EPHEMERAL


async def test_help_answers_ephemerally(bot):
    """/help answers with the command list, visible only to the caller."""
    answer = await bot.command("help")
    assert "/watch add" in answer["content"]
    assert answer["flags"] & EPHEMERAL
    assert answer["allowed_mentions"] == {"parse": []}


async def test_help_lists_every_registered_command(bot):
    """Every top-level command the bot registers is named in /help."""
    answer = await bot.command("help")
    names = {command.name for command in bot.client.tree.get_commands()}
    assert {"search", "export", "settings", "timeline"} <= names
    missing = [name for name in names - {"help"} if f"/{name}" not in answer["content"]]
    assert missing == []
