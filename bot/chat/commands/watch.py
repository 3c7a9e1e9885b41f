"""/watch add | remove | list: which prosecutors this server follows."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot import guilds
from bot.chat.commands import (
    app_of,
    change,
    fit,
    gid,
    reply,
    resolve_watched,
    safe,
    watched_autocomplete,
)
from bot.chat.permissions import organizer_hint, organizer_only
from feeds.directory import slugify
from feeds.models import Prosecutor

log = logging.getLogger(__name__)

NAME_MAX = 100
FIELD_MAX = 100
STATE_MAX = 30

watch = app_commands.Group(name="watch", description="Prosecutors this server follows")


def _find(directory: list[Prosecutor], value: str) -> Prosecutor | None:
    wanted = value.strip().lower()
    for person in directory:
        if person.id == wanted or person.name.lower() == wanted:
            return person
    return None


def _free_text(name: str, office: str | None, jurisdiction: str | None, state: str | None):
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


async def directory_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    needle = current.strip().lower()
    found = [
        p
        for p in app_of(interaction).directory
        if needle in p.name.lower() or needle in p.jurisdiction.lower()
    ]
    return [
        app_commands.Choice(name=f"{p.name} — {p.office}, {p.jurisdiction}"[:100], value=p.id)
        for p in found[:25]
    ]


@watch.command(name="add", description="Watch a prosecutor (from the directory, or describe them)")
@app_commands.describe(
    prosecutor="Name (suggestions come from the bundled directory)",
    office="For someone not in the directory: e.g. District Attorney",
    jurisdiction="For someone not in the directory: e.g. Harbor County",
    state="For someone not in the directory: e.g. CA",
)
@app_commands.autocomplete(prosecutor=directory_autocomplete)
@organizer_hint
@organizer_only()
async def watch_add(
    interaction: discord.Interaction,
    prosecutor: app_commands.Range[str, 1, NAME_MAX],
    office: app_commands.Range[str, 1, FIELD_MAX] | None = None,
    jurisdiction: app_commands.Range[str, 1, FIELD_MAX] | None = None,
    state: app_commands.Range[str, 1, STATE_MAX] | None = None,
) -> None:
    app = app_of(interaction)
    # Discord enforces the ranges in its client; a crafted request may not, so check again.
    person = _find(app.directory, prosecutor) if len(prosecutor) <= NAME_MAX else None
    if person is None:
        person = _free_text(prosecutor, office, jurisdiction, state)
    added = await change(
        interaction, guilds.watch, gid(interaction), person, app.settings.discord.max_watched
    )
    who = f"{safe(person.name, NAME_MAX)} ({safe(person.office_line, 300)})"
    if added:
        await reply(interaction, f"Now watching {who}. Route alerts with /subscribe.")
    else:
        await reply(interaction, f"Already watching {who}.")


@watch.command(name="remove", description="Stop watching a prosecutor")
@app_commands.autocomplete(prosecutor=watched_autocomplete)
@organizer_hint
@organizer_only()
async def watch_remove(interaction: discord.Interaction, prosecutor: str) -> None:
    person = await resolve_watched(interaction, prosecutor)
    await change(interaction, guilds.unwatch, gid(interaction), person.id)
    await reply(
        interaction,
        f"Stopped watching {safe(person.name, NAME_MAX)}; their subscriptions are gone too.",
    )


@watch.command(name="list", description="Prosecutors this server watches")
async def watch_list(interaction: discord.Interaction) -> None:
    people = await change(interaction, guilds.watched, gid(interaction))
    if not people:
        await reply(interaction, "Nobody is watched yet. Try /watch add.")
        return
    lines = [f"• {safe(p.name, NAME_MAX)} — {safe(p.office_line, 300)}" for p in people]
    await reply(interaction, f"Watching {len(people)}:\n" + fit(lines))


def setup(client: discord.Client) -> None:
    client.tree.add_command(watch)  # type: ignore[attr-defined]
