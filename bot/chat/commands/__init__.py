"""Slash command modules, one feature each; each has `setup(client)` adding to `client.tree`.

Helpers shared by the modules live here: the application behind a command, replies that can
never ping anyone, and the prosecutor and event-type options.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands

from bot import guilds
from bot.delivery.alert_view import clean
from bot.store import UnitOfWork
from feeds.models import URGENT_TYPES, EventType

if TYPE_CHECKING:
    from bot.app import Services

# Discord caps an interaction message at 2,000 characters; leave room for the ellipsis.
REPLY_MAX = 1900
T = TypeVar("T")
TYPE_NAMES = [t.value for t in EventType]


def app_of(interaction: discord.Interaction) -> Services:
    return interaction.client.app  # type: ignore[attr-defined]


def gid(interaction: discord.Interaction) -> int:
    assert interaction.guild_id is not None  # the tree refuses commands outside servers
    return interaction.guild_id


def safe(text: Any, limit: int = 200) -> str:
    """Organizer or feed text echoed back: markdown and mentions escaped, one line."""
    return clean(str(text), limit)


def when(moment: datetime | None) -> str:
    """A stored time as organizers read it: UTC to the minute."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if moment else "never"


def fit(lines: list[str], more: str = "…and {n} more") -> str:
    out = ""
    for count, line in enumerate(lines):
        if len(out) + len(line) + 40 > REPLY_MAX:
            return out + "\n" + more.format(n=len(lines) - count)
        out += ("\n" if out else "") + line
    return out


async def reply(interaction: discord.Interaction, text: str, *, ephemeral: bool = True) -> None:
    """Answer (or follow up a deferred answer) with plain text that pings nobody."""
    text = text[:2000]
    none = discord.AllowedMentions.none()
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=ephemeral, allowed_mentions=none)
    else:
        await interaction.response.send_message(text, ephemeral=ephemeral, allowed_mentions=none)


def parse_types(raw: str | None) -> list[EventType]:
    """Comma-separated event types; "urgent" stands for the default urgent set."""
    if not raw or not raw.strip():
        return []
    chosen: list[EventType] = []
    for part in raw.replace(";", ",").split(","):
        word = part.strip().lower().replace(" ", "_")
        if not word:
            continue
        if word == "urgent":
            chosen.extend(sorted(URGENT_TYPES))
            continue
        if word in ("all", "*"):
            return []
        if word not in TYPE_NAMES:
            raise guilds.ConfigError(
                f"Unknown event type {safe(part, 40)!s}. Types: {', '.join(TYPE_NAMES)}."
            )
        chosen.append(EventType(word))
    return list(dict.fromkeys(chosen))


async def types_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Suggest the next type for a comma-separated list."""
    head, _, last = current.rpartition(",")
    prefix = f"{head}," if head else ""
    last = last.strip().lower()
    options = ["urgent", *TYPE_NAMES]
    return [
        app_commands.Choice(name=(prefix + name)[:100], value=(prefix + name)[:100])
        for name in options
        if name.startswith(last) or last in name
    ][:25]


async def watched_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """This server's watched prosecutors (value: their id)."""
    if interaction.guild_id is None:
        return []
    people = await change(interaction, guilds.watched, interaction.guild_id)
    needle = current.strip().lower()
    return [
        app_commands.Choice(name=f"{p.name} ({p.jurisdiction})"[:100], value=p.id[:100])
        for p in people
        if needle in p.name.lower() or needle in p.id
    ][:25]


async def resolve_watched(interaction: discord.Interaction, value: str):
    """A prosecutor this server watches, by id (autocomplete) or by name as typed."""
    people = await change(interaction, guilds.watched, gid(interaction))
    wanted = value.strip().lower()
    for person in people:
        if person.id == wanted or person.name.lower() == wanted:
            return person
    surname = [p for p in people if wanted and p.name.lower().split()[-1] == wanted]
    if len(surname) == 1:
        return surname[0]
    raise guilds.ConfigError(
        f"This server does not watch {safe(value, 100)}. See /watch list, or /watch add first."
    )


async def change(
    interaction: discord.Interaction, fn: Callable[..., Awaitable[T]], *args: Any
) -> T:
    """Run `fn(tx, *args)` (a guilds.* change or a read) in one transaction, committed at once."""
    app = app_of(interaction)
    tx: UnitOfWork
    async with app.store.transaction() as tx:
        return await fn(tx, *args)
