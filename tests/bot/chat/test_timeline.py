"""/timeline through the real client: the text list and the attached PNG."""

from __future__ import annotations

import io

from PIL import Image

from bot.organizer.timeline import size_px
from tests.bot.chat.conftest import EPHEMERAL, OTHER_GUILD, add_alert, watch_rivera

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def test_timeline_attaches_picture_and_lists_events(bot):
    """Three events of two types: the list oldest first, and a PNG with one row per type."""
    await watch_rivera(bot)
    for n, kind in enumerate(["recall", "lawsuit", "recall"]):
        await bot.call(add_alert, n, kind, route=False)
    answer = await bot.command("timeline", prosecutor="Rivera")
    assert answer["content"].startswith("Alex Rivera: 3 events")
    assert answer["content"].index("number 0") < answer["content"].index("number 2")
    assert answer["flags"] & EPHEMERAL
    [attachment] = answer["attachments"]
    assert attachment["filename"] == "timeline.png"
    data = bot.fake.attachment(attachment)
    assert data.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == size_px(2)


async def test_timeline_without_events_has_no_picture(bot):
    """No events yet: a sentence, no attachment."""
    await watch_rivera(bot)
    answer = await bot.command("timeline", prosecutor="Rivera")
    assert answer["content"] == "No events recorded for Alex Rivera yet."
    assert not answer.get("attachments")


async def test_timeline_of_someone_not_watched_here(bot):
    """Another server cannot draw this server's prosecutor."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1, "recall", route=False)
    handle = await bot.fake.slash(OTHER_GUILD, 9, "timeline", prosecutor="Rivera")
    answer = await bot.fake.reply(handle)
    assert "does not watch" in answer["content"] and not answer.get("attachments")
