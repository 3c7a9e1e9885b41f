"""/watch add finds directory entries by surname, without accents, and asks when ambiguous."""

from __future__ import annotations

from bot import guilds
from tests.bot.chat.conftest import ALERTS, GUILD, MEMBER, MEMBER_PERMS, OTHER_GUILD

GONZALEZ_IDS = {"eric-gonzalez", "mark-gonzalez", "deborah-gonzalez"}


async def _watched(bot, guild: int = GUILD) -> list[str]:
    return [p.name for p in await bot.call(guilds.watched, guild)]


async def test_surname_alone_finds_krasner(bot):
    """`/watch add Krasner` watches Larry Krasner from the directory."""
    answer = await bot.command("watch add", prosecutor="Krasner")
    assert "Now watching Larry Krasner (District Attorney, Philadelphia, PA)" in answer["content"]
    assert await _watched(bot) == ["Larry Krasner"]


async def test_name_without_accent_finds_gascon(bot):
    """`George Gascon` (no accent, any case) watches George Gascón."""
    answer = await bot.command("watch add", prosecutor="george GASCON")
    assert "Now watching George Gascón" in answer["content"]
    assert await _watched(bot) == ["George Gascón"]


async def test_alias_finds_the_person(bot):
    """An alias in the directory (Lawrence Krasner) finds its entry."""
    await bot.command("watch add", prosecutor="Lawrence Krasner")
    assert await _watched(bot) == ["Larry Krasner"]


async def test_ambiguous_surname_lists_candidates_and_stores_nothing(bot):
    """`Gonzalez` matches three district attorneys: the reply names each, nothing is watched."""
    answer = await bot.command("watch add", prosecutor="Gonzalez")
    text = answer["content"]
    assert text.startswith("3 people in the directory match Gonzalez")
    for line in (
        "Eric Gonzalez — District Attorney, Brooklyn (Kings County), NY",
        "Mark Gonzalez — District Attorney, Nueces County, TX",
    ):
        assert line in text
    buttons = [c["custom_id"] for row in answer["components"] for c in row["components"]]
    assert {b.removeprefix("pw:watch:") for b in buttons} == GONZALEZ_IDS
    assert await _watched(bot) == []


async def test_choice_button_watches_that_one(bot):
    """Pressing "Watch Mark Gonzalez" under the question watches exactly him."""
    answer = await bot.command("watch add", prosecutor="Gonzalez")
    message = bot.fake.as_message(ALERTS, answer)
    handle = await bot.fake.click(GUILD, 1, message, "pw:watch:mark-gonzalez", permissions=1 << 5)
    reply = await bot.fake.reply(handle)
    assert "Now watching Mark Gonzalez" in reply["content"]
    assert await _watched(bot) == ["Mark Gonzalez"]


async def test_choice_button_refuses_members(bot):
    """A member without Manage Server pressing a choice button changes nothing."""
    answer = await bot.command("watch add", prosecutor="Gonzalez")
    message = bot.fake.as_message(ALERTS, answer)
    handle = await bot.fake.click(GUILD, MEMBER, message, "pw:watch:eric-gonzalez")
    reply = await bot.fake.reply(handle)
    assert "Only organizers" in reply["content"]
    assert await _watched(bot) == []


async def test_describing_someone_new_with_a_known_surname_stays_free_text(bot):
    """With office, jurisdiction and state given, a surname match does not replace the person."""
    await bot.command(
        "watch add",
        prosecutor="Dana Krasner",
        office="County Attorney",
        jurisdiction="Elm County",
        state="IA",
    )
    [person] = await bot.call(guilds.watched, GUILD)
    assert (person.name, person.jurisdiction) == ("Dana Krasner", "Elm County")


async def test_remove_by_surname(bot):
    """`/watch remove Krasner` removes the watched Larry Krasner."""
    await bot.command("watch add", prosecutor="Krasner")
    answer = await bot.command("watch remove", prosecutor="krasner")
    assert "Stopped watching Larry Krasner" in answer["content"]
    assert await _watched(bot) == []


async def test_two_servers_resolve_and_keep_their_own(bot):
    """Each server's surname lookups land in its own list; the other sees none of it."""
    await bot.command("watch add", prosecutor="Krasner")
    handle = await bot.fake.slash(OTHER_GUILD, 9, "watch add", prosecutor="Gascon")
    assert "Now watching George Gascón" in (await bot.fake.reply(handle))["content"]
    assert await _watched(bot, GUILD) == ["Larry Krasner"]
    assert await _watched(bot, OTHER_GUILD) == ["George Gascón"]
    handle = await bot.fake.slash(OTHER_GUILD, 9, "watch remove", prosecutor="Krasner")
    assert "does not watch Krasner" in (await bot.fake.reply(handle))["content"]
    assert await _watched(bot, GUILD) == ["Larry Krasner"]


async def test_member_refused_before_lookup(bot):
    """A member's /watch add Krasner is refused and stores nothing."""
    answer = await bot.command("watch add", user=MEMBER, perms=MEMBER_PERMS, prosecutor="Krasner")
    assert "Only organizers" in answer["content"]
    assert await _watched(bot) == []
