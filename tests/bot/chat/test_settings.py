"""/settings timezone through the real client, and the dates a server is shown."""

from __future__ import annotations

from datetime import datetime

from bot.clock import utcnow
from bot.organizer.timezones import format_date
from tests.bot.chat.conftest import (
    ALERTS,
    EPHEMERAL,
    GUILD,
    MEMBER,
    MEMBER_PERMS,
    OTHER_GUILD,
    add_alert,
    watch_rivera,
)
from tests.fakes.fake_discord import ChannelRef


async def _zone(bot, guild: int) -> str | None:
    async def read(tx):
        return await tx.guilds.timezone(str(guild))

    return await bot.call(read)


def zone_on_another_day(moment: datetime) -> str:
    """A zone whose local date differs from the UTC date at `moment` (+14 or -12 hours)."""
    return "Pacific/Kiritimati" if moment.hour >= 10 else "Etc/GMT+12"


async def test_set_zone_and_show_it(bot):
    """/settings timezone stores the canonical name; without a zone it shows the current one."""
    answer = await bot.command("settings timezone", zone="america/los angeles")
    assert "now follow America/Los_Angeles" in answer["content"]
    assert await _zone(bot, GUILD) == "America/Los_Angeles"
    shown = await bot.command("settings timezone")
    assert shown["content"].startswith("This server's time zone is America/Los_Angeles")
    assert await _zone(bot, OTHER_GUILD) is None


async def test_unknown_zone_refused(bot):
    """A name that is not a zone is refused with an example; nothing is stored."""
    answer = await bot.command("settings timezone", zone="Mars/Olympus")
    assert "not a time zone" in answer["content"] and answer["flags"] & EPHEMERAL
    assert await _zone(bot, GUILD) is None


async def test_members_cannot_change_zone(bot):
    """Changing the zone takes Manage Server or the organizer role."""
    answer = await bot.command(
        "settings timezone", user=MEMBER, perms=MEMBER_PERMS, zone="Europe/Paris"
    )
    assert "Only organizers" in answer["content"]
    assert await _zone(bot, GUILD) is None


async def test_zone_autocomplete(bot):
    """Typing a city suggests its zone."""
    handle = await bot.fake.slash(GUILD, 1, "settings timezone", zone="los", focused="zone")
    await bot.fake.wait_for(lambda: handle.id in bot.fake.callbacks)
    choices = bot.fake.callbacks[handle.id]["data"]["choices"]
    assert choices[0]["value"] == "America/Los_Angeles"


async def test_recent_and_alert_dates_follow_zone(bot):
    """/recent lines and the alert's Date field show the local date in the server's zone."""
    zone = zone_on_another_day(utcnow())
    await watch_rivera(bot)
    await bot.command("settings timezone", zone=zone)
    record = await bot.call(add_alert, 1)
    local_day = format_date(record.published, zone)
    assert local_day != format_date(record.published, "UTC")
    assert f"• {local_day} **Recall**" in (await bot.command("recent"))["content"]
    await bot.app.pipeline.deliver()
    [post] = bot.fake.posts(ALERTS)
    fields = {f["name"]: f["value"] for f in post.json["embeds"][0]["fields"]}
    assert fields["Date"] == local_day


async def test_digest_reply_names_zone(bot):
    """/digest says the time is in the server's zone."""
    await watch_rivera(bot)
    await bot.command("settings timezone", zone="Europe/Berlin")
    answer = await bot.command("digest", mode="daily", time="07:30", channel=ChannelRef(ALERTS))
    assert "daily digest at 07:30 Europe/Berlin time" in answer["content"]
