"""/watch add | remove | list through the real client and the fake Discord."""

from __future__ import annotations

from bot import guilds
from tests.bot.chat.conftest import (
    EPHEMERAL,
    GUILD,
    MEMBER,
    MEMBER_PERMS,
    ORGANIZER,
    ORGANIZER_ROLE,
    OTHER_GUILD,
)

FREE = {"office": "District Attorney", "jurisdiction": "Harbor County", "state": "CA"}


async def test_add_from_directory(bot):
    """A directory name is watched with its office, and the reply is ephemeral."""
    answer = await bot.command("watch add", prosecutor="George Gascón")
    assert "Now watching George Gascón" in answer["content"]
    assert answer["flags"] & EPHEMERAL
    people = await bot.call(guilds.watched, GUILD)
    assert [p.name for p in people] == ["George Gascón"]


async def test_autocomplete_offers_directory(bot):
    """Typing part of a name suggests directory entries with their office."""
    handle = await bot.fake.slash(GUILD, 1, "watch add", prosecutor="gasc", focused="prosecutor")
    await bot.fake.wait_for(lambda: handle.id in bot.fake.callbacks)
    choices = bot.fake.callbacks[handle.id]["data"]["choices"]
    assert choices and choices[0]["name"].startswith("George Gascón")


async def test_unknown_prosecutor_needs_office(bot):
    """A name not in the directory without office and jurisdiction is refused, nothing stored."""
    answer = await bot.command("watch add", prosecutor="Nobody Known")
    assert "not in the directory" in answer["content"]
    assert await bot.call(guilds.watched, GUILD) == []


async def test_free_text_prosecutor(bot):
    """Someone outside the directory is watched from name, office and jurisdiction."""
    answer = await bot.command("watch add", prosecutor="Alex Rivera", **FREE)
    assert "Now watching Alex Rivera" in answer["content"]
    [person] = await bot.call(guilds.watched, GUILD)
    assert person.id == "alex-rivera-harbor-county"
    assert person.office_line == "District Attorney, Harbor County, CA"


async def test_long_name_refused(bot):
    """A 300-character name (past Discord's own check) is refused with a length message."""
    answer = await bot.command("watch add", prosecutor="A" * 300, **FREE)
    assert "longer than 100" in answer["content"]
    assert await bot.call(guilds.watched, GUILD) == []


async def test_markdown_and_everyone_stored_literally_and_escaped(bot):
    """Markdown and @everyone in a name are kept literally but echoed inert, pinging nobody."""
    name = "@everyone **Bold** <@&502> .*(a+)+$"
    answer = await bot.command("watch add", prosecutor=name, **FREE)
    assert "@everyone" not in answer["content"]
    assert "@\u200beveryone" in answer["content"]
    assert "\\*\\*Bold\\*\\*" in answer["content"]
    assert "<@&502>" not in answer["content"]
    assert answer["allowed_mentions"] == {"parse": []}
    [person] = await bot.call(guilds.watched, GUILD)
    assert person.name == name


async def test_quota(bot):
    """Past discord.max_watched (3 here) a server is refused with a quota message (E3)."""
    for n in range(3):
        await bot.command("watch add", prosecutor=f"Person {n}", **FREE)
    answer = await bot.command("watch add", prosecutor="Person 4", **FREE)
    assert "already watches 3" in answer["content"]
    assert len(await bot.call(guilds.watched, GUILD)) == 3


async def test_member_without_manage_server_refused(bot):
    """Runtime check: a member without Manage Server changes nothing (E1)."""
    answer = await bot.command(
        "watch add", user=MEMBER, perms=MEMBER_PERMS, prosecutor="George Gascón"
    )
    assert "Only organizers" in answer["content"]
    assert answer["flags"] & EPHEMERAL
    assert await bot.call(guilds.watched, GUILD) == []


async def test_organizer_role_allowed(bot):
    """A member with the configured organizer role may change configuration."""
    handle = await bot.fake.slash(
        GUILD,
        ORGANIZER,
        "watch add",
        permissions=MEMBER_PERMS,
        roles=(ORGANIZER_ROLE,),
        prosecutor="George Gascón",
    )
    answer = await bot.fake.reply(handle)
    assert "Now watching" in answer["content"]


async def test_dm_refused(bot):
    """A command from a DM is refused and touches no server's data (E2)."""
    handle = await bot.fake.slash(None, MEMBER, "watch add", prosecutor="George Gascón")
    answer = await bot.fake.reply(handle)
    assert "inside a server" in answer["content"]
    assert await bot.call(guilds.watched, GUILD) == []


async def test_remove_and_list(bot):
    """Removing a watched prosecutor drops them from /watch list."""
    await bot.command("watch add", prosecutor="George Gascón")
    await bot.command("watch add", prosecutor="Alex Rivera", **FREE)
    listing = await bot.command("watch list")
    assert "George Gascón" in listing["content"] and "Alex Rivera" in listing["content"]
    answer = await bot.command("watch remove", prosecutor="alex-rivera-harbor-county")
    assert "Stopped watching Alex Rivera" in answer["content"]
    listing = await bot.command("watch list")
    assert "Alex Rivera" not in listing["content"]


async def test_servers_see_only_their_own_list(bot):
    """Another server's /watch list does not show this server's prosecutors."""
    await bot.command("watch add", prosecutor="George Gascón")
    handle = await bot.fake.slash(OTHER_GUILD, 9, "watch list")
    answer = await bot.fake.reply(handle)
    assert "Nobody is watched" in answer["content"]


async def test_imported_directory_entry_completes_without_restart(bot, tmp_path):
    """A person imported into the user directory while the bot runs can be watched."""
    from bot.directory_file import import_csv

    csv_path = tmp_path / "more.csv"
    csv_path.write_text(
        "name,office,jurisdiction,state,aliases,term_start,term_end\n"
        "Ada Stone,District Attorney,Harbor County,CA,,2021-01-04,\n",
        encoding="utf-8",
    )
    import_csv(csv_path, bot.app.settings.directory.path)
    answer = await bot.command("watch add", prosecutor="Stone")
    assert "Now watching Ada Stone (District Attorney, Harbor County, CA)" in answer["content"]
    assert await bot.call(guilds.watched, str(OTHER_GUILD)) == []
