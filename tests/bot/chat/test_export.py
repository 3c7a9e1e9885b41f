"""/export through the real client: the attached CSV, permissions, filters, two servers."""

from __future__ import annotations

import csv
import io

from bot import guilds
from bot.chat.embeds import alert_id
from bot.organizer.export import COLUMNS
from tests.bot.chat.conftest import (
    EPHEMERAL,
    GUILD,
    MEMBER,
    MEMBER_PERMS,
    OTHER_GUILD,
    add_alert,
    watch_rivera,
)


def _rows(bot, answer) -> list[list[str]]:
    [attachment] = answer["attachments"]
    data = bot.fake.attachment(attachment)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def test_export_attaches_csv_with_feedback(bot):
    """The CSV lists this server's alerts oldest first, with its feedback and defused cells."""
    await watch_rivera(bot)
    first = await bot.call(add_alert, 1, "recall", route=False, title="=HYPERLINK(1) Rivera")
    second = await bot.call(add_alert, 2, "lawsuit", route=False, outlet="@Ledger")
    await bot.call(guilds.record_feedback, GUILD, second.alert_key, "not_relevant")
    answer = await bot.command("export")
    assert answer["content"] == "2 alerts; dates in UTC." and answer["flags"] & EPHEMERAL
    assert answer["attachments"][0]["filename"].startswith("prosecutor-watch-organizers-")
    header, one, two = _rows(bot, answer)
    assert header == list(COLUMNS)
    assert one[4] == "'=HYPERLINK(1) Rivera" and one[8] == alert_id(first.alert_key)
    assert (two[3], two[5], two[9]) == ("lawsuit", "'@Ledger", "not_relevant")


async def test_export_filters_by_type(bot):
    """type: keeps one event type."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1, "recall", route=False)
    await bot.call(add_alert, 2, "lawsuit", route=False)
    answer = await bot.command("export", type="lawsuit")
    assert [row[3] for row in _rows(bot, answer)[1:]] == ["lawsuit"]


async def test_export_until_before_everything_is_empty(bot):
    """until: a date before every alert: nothing to export, and no file."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1, "recall", route=False)
    answer = await bot.command("export", until="2020-01-01")
    assert answer["content"] == "No alerts match; nothing to export."
    assert not answer.get("attachments")


async def test_export_bad_dates_refused(bot):
    """A malformed date or since after until is refused, ephemerally."""
    await watch_rivera(bot)
    answer = await bot.command("export", since="someday")
    assert "not a date" in answer["content"] and answer["flags"] & EPHEMERAL
    answer = await bot.command("export", since="2026-03-05", until="2026-03-01")
    assert "before" in answer["content"]


async def test_members_cannot_export(bot):
    """Exporting takes Manage Server or the organizer role."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1, "recall", route=False)
    answer = await bot.command("export", user=MEMBER, perms=MEMBER_PERMS)
    assert "Only organizers" in answer["content"] and not answer.get("attachments")


async def test_other_server_exports_nothing_of_this_one(bot):
    """Another server's export has none of this server's alerts."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1, "recall", route=False)
    handle = await bot.fake.slash(OTHER_GUILD, 9, "export")
    answer = await bot.fake.reply(handle)
    assert answer["content"] == "No alerts match; nothing to export."
