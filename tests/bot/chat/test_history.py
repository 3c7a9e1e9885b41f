"""/recent, /timeline and /digest."""

from __future__ import annotations

from bot import guilds
from tests.bot.chat.conftest import ALERTS, GUILD, OTHER_GUILD, RIVERA_ID, add_alert, watch_rivera
from tests.fakes.fake_discord import ChannelRef


async def test_recent_lists_newest_first(bot):
    """/recent shows this server's alerts, newest first, with their ids."""
    await watch_rivera(bot)
    for n, kind in enumerate(["recall", "election", "lawsuit"]):
        await bot.call(add_alert, n, kind, route=False)
    answer = await bot.command("recent")
    text = answer["content"]
    assert "3 alerts in the last 7 days" in text
    assert text.index("number 2") < text.index("number 0")


async def test_recent_filters_by_type_and_person(bot):
    """/recent type:election shows only elections."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1, "recall", route=False)
    await bot.call(add_alert, 2, "election", route=False)
    answer = await bot.command("recent", prosecutor=RIVERA_ID, type="election")
    assert "number 2" in answer["content"] and "number 1" not in answer["content"]


async def test_recent_unknown_prosecutor(bot):
    """/recent for someone not watched here is refused."""
    answer = await bot.command("recent", prosecutor="Someone Else")
    assert "does not watch" in answer["content"]


async def test_other_server_sees_nothing(bot):
    """Another server never sees alerts about prosecutors only this one watches."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1, "recall", route=False)
    handle = await bot.fake.slash(OTHER_GUILD, 9, "recent")
    assert "No alerts" in (await bot.fake.reply(handle))["content"]


async def test_timeline_oldest_first(bot):
    """/timeline lists one prosecutor's events in order, newest last."""
    await watch_rivera(bot)
    for n in range(3):
        await bot.call(add_alert, n, "recall", route=False)
    answer = await bot.command("timeline", prosecutor="Rivera")
    text = answer["content"]
    assert "Alex Rivera: 3 events" in text
    assert text.index("number 0") < text.index("number 2")


async def test_digest_mode_queues_instead_of_posting(bot):
    """/digest daily: new alerts wait for the digest instead of posting one by one."""
    await watch_rivera(bot)
    answer = await bot.command("digest", mode="daily", time="07:30", channel=ChannelRef(ALERTS))
    assert "daily digest at 07:30" in answer["content"]
    [channel] = await bot.call(guilds.channels, GUILD)
    assert (channel.digest, channel.digest_time) == ("daily", "07:30")
    await bot.call(add_alert, 1)
    await bot.app.pipeline.deliver()
    assert bot.fake.posts(ALERTS) == []


async def test_digest_bad_time(bot):
    """A malformed time is refused with the expected format."""
    answer = await bot.command("digest", mode="daily", time="25:99")
    assert "08:00" in answer["content"]


async def test_counts_read_as_english(bot):
    """One alert in one day reads "1 alert in the last day", never "1 days"."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1, "recall", route=False)
    answer = await bot.command("recent", days=1)
    assert answer["content"].startswith("1 alert in the last day:")
    answer = await bot.command("timeline", prosecutor="Rivera")
    assert answer["content"].startswith("Alex Rivera: 1 event\n")
    handle = await bot.fake.slash(OTHER_GUILD, 9, "recent", days=1)
    assert (await bot.fake.reply(handle))["content"] == "No alerts in the last day."
