"""/watch add | remove | list: which prosecutors this server follows.

`/watch add Krasner` or `George Gascon` (no accent) finds the directory entry (bot/chat/lookup.py).
When several people match, the reply lists them with a "Watch …" button each; the button's
custom_id carries the directory id, so it works without per-message state (and after a restart).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import guilds
from bot.chat.client import ours
from bot.chat.lookup import find, fold
from bot.chat.options import change, gid, read, resolve_watched, watched_autocomplete
from bot.chat.permissions import is_organizer, organizer_hint, organizer_only
from bot.chat.replies import backfill_note, fit, reply, safe
from bot.clock import utcnow
from bot.organizer.backfill import MAX_DAYS, check_days, new_request
from bot.organizer.errors import RequestError
from bot.store import UnitOfWork
from feeds.directory import slugify
from feeds.models import Prosecutor

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot

log = logging.getLogger(__name__)

NAME_MAX = 100
FIELD_MAX = 100
STATE_MAX = 30
# Buttons offered when a name is ambiguous (Discord allows 5 per row); the rest are listed.
CHOICE_BUTTONS = 5
CANDIDATES_SHOWN = 10
BUTTON_PREFIX = "pw:watch:"


def free_text_person(
    name: str, office: str | None, jurisdiction: str | None, state: str | None
) -> Prosecutor:
    """Someone not in the directory: every field given, kept literally, length-limited."""
    name = " ".join(name.split())
    if len(name) > NAME_MAX:
        raise guilds.ConfigError(f"That name is longer than {NAME_MAX} characters.")
    if not (office and jurisdiction and state):
        raise guilds.ConfigError(
            f"{safe(name, NAME_MAX)} is not in the directory. To watch someone else, give "
            "office, jurisdiction and state too (e.g. office: District Attorney, "
            "jurisdiction: Harbor County, state: CA)."
        )
    parts = [" ".join(v.split()) for v in (office, jurisdiction, state)]
    if any(len(v) > FIELD_MAX for v in parts) or len(parts[2]) > STATE_MAX:
        raise guilds.ConfigError(f"Office and jurisdiction are limited to {FIELD_MAX} characters.")
    base, place = slugify(name), slugify(parts[1])
    if not base or not place:
        raise guilds.ConfigError("The name and jurisdiction need some letters or digits.")
    return Prosecutor(
        id=f"{base}-{place}"[:120],
        name=name,
        office=parts[0],
        jurisdiction=parts[1],
        state=parts[2],
    )


def _candidate_line(person: Prosecutor) -> str:
    return f"• {safe(person.name, NAME_MAX)} — {safe(person.office_line, 200)}"


def _choice_id(person_id: str, backfill: int) -> str:
    return BUTTON_PREFIX + person_id + (f":b{backfill}" if backfill else "")


class WatchChoice(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.escape(BUTTON_PREFIX) + r"(?P<pid>[a-z0-9-]{1,90})(?::b(?P<days>[0-9]{1,2}))?",
):
    """ "Watch <name>" under an ambiguous /watch add: adds that directory entry (with the
    backfill the command asked for, carried in the custom_id)."""

    def __init__(self, person_id: str, label: str = "Watch", backfill: int = 0) -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:80],
                style=discord.ButtonStyle.primary,
                custom_id=_choice_id(person_id, backfill),
            )
        )
        self.person_id = person_id
        self.backfill = backfill

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> WatchChoice:
        return cls(match["pid"], backfill=int(match["days"] or 0))

    async def callback(self, any_interaction: discord.Interaction[Any]) -> None:
        interaction = ours(any_interaction)
        if interaction.guild_id is None:
            return
        app = interaction.client.services
        try:
            if not is_organizer(interaction, app.settings.discord.organizer_role):
                raise guilds.ConfigError("Only organizers can change this.")
            person = next((p for p in app.directory if p.id == self.person_id), None)
            if person is None:
                raise guilds.ConfigError("That person is no longer in the directory.")
            await add_person(interaction, person, check_days(self.backfill))
        except (guilds.ConfigError, RequestError) as exc:
            await reply(interaction, str(exc))


def choices_view(found: list[Prosecutor], backfill: int = 0) -> discord.ui.View | None:
    view = discord.ui.View(timeout=None)
    for person in found[:CHOICE_BUTTONS]:
        fits = len(_choice_id(person.id, backfill)) <= 100
        if fits and re.fullmatch(r"[a-z0-9-]{1,90}", person.id):
            label = f"Watch {person.name} ({person.jurisdiction})"
            view.add_item(WatchChoice(person.id, label, backfill))
    return view if view.children else None


async def _watch(
    tx: UnitOfWork, guild_id: int, person: Prosecutor, limit: int, backfill: int
) -> bool:
    added = await guilds.watch(tx, guild_id, person, limit)
    if backfill:
        request = new_request(str(guild_id), backfill, utcnow(), prosecutor_id=person.id)
        await tx.guilds.add_backfill(request)
    return added


async def add_person(interaction: Interaction, person: Prosecutor, backfill: int = 0) -> None:
    services = interaction.client.services
    limit = services.settings.discord.max_watched
    added = await change(interaction, _watch, gid(interaction), person, limit, backfill)
    who = f"{safe(person.name, NAME_MAX)} ({safe(person.office_line, 300)})"
    text = (
        f"Now watching {who}. Route alerts with /subscribe."
        if added
        else f"Already watching {who}."
    )
    if backfill:
        text += " " + backfill_note(backfill, services.settings.poll.interval_seconds)
    await reply(interaction, text)


@organizer_hint
class WatchCog(
    commands.GroupCog, group_name="watch", description="Prosecutors this server follows"
):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(WatchChoice)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(WatchChoice)

    async def directory_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.strip()
        directory = self.bot.services.directory
        found = find(directory, needle) if needle else list(directory)
        if not found:  # still typing: a part of a name or place
            low = needle.lower()
            found = [p for p in directory if low in p.name.lower() or low in p.jurisdiction.lower()]
        return [
            app_commands.Choice(name=f"{p.name} — {p.office}, {p.jurisdiction}"[:100], value=p.id)
            for p in found[:25]
        ]

    @app_commands.command(
        name="add", description="Watch a prosecutor (from the directory, or describe them)"
    )
    @app_commands.describe(
        prosecutor="Name or surname; suggestions come from the bundled directory",
        office="Only for someone not in the directory: e.g. District Attorney",
        jurisdiction="Only for someone not in the directory: e.g. Harbor County",
        state="Only for someone not in the directory: e.g. CA",
        backfill="Also post the last N days (0-30) of news about them, once (default: none)",
    )
    @app_commands.autocomplete(prosecutor=directory_autocomplete)
    @organizer_only()
    async def add(
        self,
        interaction: Interaction,
        prosecutor: app_commands.Range[str, 1, NAME_MAX],
        office: app_commands.Range[str, 1, FIELD_MAX] | None = None,
        jurisdiction: app_commands.Range[str, 1, FIELD_MAX] | None = None,
        state: app_commands.Range[str, 1, STATE_MAX] | None = None,
        backfill: app_commands.Range[int, 0, MAX_DAYS] | None = None,
    ) -> None:
        # Discord enforces the ranges in its client; a crafted request may not, so check again.
        if len(prosecutor) > NAME_MAX:
            raise guilds.ConfigError(f"That name is longer than {NAME_MAX} characters.")
        days = check_days(backfill)
        directory = self.bot.services.directory
        found = find(directory, prosecutor)
        if office or jurisdiction or state:
            # Describing someone: only an exact name, alias or id means the directory entry.
            found = [p for p in found if p.id == prosecutor.strip().lower() or _same(p, prosecutor)]
        if len(found) == 1:
            await add_person(interaction, found[0], days)
        elif found:
            lines = [_candidate_line(p) for p in found[:CANDIDATES_SHOWN]]
            if len(found) > CANDIDATES_SHOWN:
                lines.append(f"…and {len(found) - CANDIDATES_SHOWN} more: type more of the name")
            await reply(
                interaction,
                f"{len(found)} people in the directory match {safe(prosecutor, NAME_MAX)}. "
                "Which one? Pick a button or type the full name:\n" + "\n".join(lines),
                view=choices_view(found, days),
            )
        else:
            person = free_text_person(prosecutor, office, jurisdiction, state)
            await add_person(interaction, person, days)

    @app_commands.command(name="remove", description="Stop watching a prosecutor")
    @app_commands.describe(prosecutor="Someone this server watches (name, surname or suggestion)")
    @app_commands.autocomplete(prosecutor=watched_autocomplete)
    @organizer_only()
    async def remove(self, interaction: Interaction, prosecutor: str) -> None:
        person = await resolve_watched(interaction, prosecutor)
        await change(interaction, guilds.unwatch, gid(interaction), person.id)
        await reply(
            interaction,
            f"Stopped watching {safe(person.name, NAME_MAX)}; their subscriptions are gone too.",
        )

    @app_commands.command(name="list", description="Prosecutors this server watches")
    async def list_watched(self, interaction: Interaction) -> None:
        people = await read(interaction, guilds.watched, gid(interaction))
        if not people:
            await reply(interaction, "Nobody is watched yet. Try /watch add.")
            return
        lines = [f"• {safe(p.name, NAME_MAX)} — {safe(p.office_line, 300)}" for p in people]
        await reply(interaction, f"Watching {len(people)}:\n" + fit(lines))


def _same(person: Prosecutor, typed: str) -> bool:
    return fold(typed) in {fold(n) for n in (person.name, *person.aliases)}


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(WatchCog(bot))
