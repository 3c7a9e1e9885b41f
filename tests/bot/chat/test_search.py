"""/search through the real client: words, filters, pages and buttons, two servers."""

from __future__ import annotations

from tests.bot.chat.conftest import (
    EPHEMERAL,
    GUILD,
    MEMBER,
    MEMBER_PERMS,
    OTHER_GUILD,
    RIVERA_ID,
    add_alert,
    watch_rivera,
)


async def _alerts(bot, titles: list[str], kind: str = "recall") -> None:
    for n, title in enumerate(titles):
        await bot.call(add_alert, n, kind, route=False, title=title)


async def test_finds_words_newest_first(bot):
    """Alerts carrying every word are listed, newest first, ephemerally."""
    await watch_rivera(bot)
    await _alerts(
        bot,
        ["Recall petition filed against Rivera", "Budget vote", "Rivera recall petition grows"],
    )
    answer = await bot.command("search", text="recall petition")
    text = answer["content"]
    assert text.startswith("2 alerts match “recall petition”")
    assert text.index("petition grows") < text.index("petition filed")
    assert "Budget" not in text
    assert answer["flags"] & EPHEMERAL


async def test_members_may_search(bot):
    """Searching is reading: members without Manage Server may."""
    await watch_rivera(bot)
    await _alerts(bot, ["Recall petition filed against Rivera"])
    answer = await bot.command("search", user=MEMBER, perms=MEMBER_PERMS, text="recall")
    assert answer["content"].startswith("1 alert match")


async def test_type_and_prosecutor_filters(bot):
    """type: narrows to one event type; prosecutor: must be watched here."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1, "recall", route=False, title="Rivera news one")
    await bot.call(add_alert, 2, "election", route=False, title="Rivera news two")
    answer = await bot.command("search", text="rivera", type="election", prosecutor=RIVERA_ID)
    assert "news two" in answer["content"] and "news one" not in answer["content"]
    refused = await bot.command("search", text="rivera", prosecutor="Somebody Else")
    assert "does not watch" in refused["content"]


async def test_bad_text_and_since_refused(bot):
    """Punctuation-only text and a malformed since are refused with the accepted forms."""
    await watch_rivera(bot)
    answer = await bot.command("search", text="!!!")
    assert "at least one word" in answer["content"] and answer["flags"] & EPHEMERAL
    answer = await bot.command("search", text="recall", since="last tuesday")
    assert "7d" in answer["content"] and answer["flags"] & EPHEMERAL


async def test_pages_with_buttons(bot):
    """Twelve results come in pages of five with Previous / Next buttons that turn pages."""
    await watch_rivera(bot)
    await _alerts(bot, [f"Recall story {n:02d}" for n in range(12)])
    handle = await bot.fake.slash(GUILD, 7001, "search", text="recall story")
    message = await bot.fake.reply_message(handle)
    assert "12 alerts match" in message["content"] and "(page 1 of 3)" in message["content"]
    previous, following = message["components"][0]["components"]
    assert previous["disabled"] and not following.get("disabled")
    clicked = await bot.fake.click(GUILD, 7001, message, following["custom_id"])
    page_two = await bot.fake.reply(clicked)
    assert bot.fake.callbacks[clicked.id]["type"] == 7  # the message itself is updated
    assert "(page 2 of 3)" in page_two["content"]
    assert "Recall story 06" in page_two["content"] and "Recall story 11" not in page_two["content"]


async def test_page_button_from_another_server_reveals_nothing(bot):
    """A search's button pressed in another server says the search expired."""
    await watch_rivera(bot)
    await _alerts(bot, [f"Recall story {n:02d}" for n in range(12)])
    handle = await bot.fake.slash(GUILD, 7001, "search", text="recall story")
    message = await bot.fake.reply_message(handle)
    custom_id = message["components"][0]["components"][1]["custom_id"]
    foreign = {**message, "channel_id": "2001", "guild_id": str(OTHER_GUILD)}
    clicked = await bot.fake.click(OTHER_GUILD, 9, foreign, custom_id)
    answer = await bot.fake.reply(clicked)
    assert "expired" in answer["content"] and "Recall story" not in answer["content"]


async def test_other_server_sees_nothing(bot):
    """Another server's search never lists this server's alerts."""
    await watch_rivera(bot)
    await _alerts(bot, ["Recall petition filed against Rivera"])
    handle = await bot.fake.slash(OTHER_GUILD, 9, "search", text="recall")
    answer = await bot.fake.reply(handle)
    assert answer["content"] == "No alerts match “recall”."
