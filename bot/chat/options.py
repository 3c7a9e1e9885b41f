"""Command options shared by several cogs: event types, watched prosecutors, store changes.

Prosecutors are looked up the same way everywhere (bot/chat/lookup.py): id from autocomplete,
full name, alias or surname; several hits are a clear error listing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from discord import app_commands

from bot import guilds
from bot.chat.lookup import find
from bot.chat.replies import safe
from feeds.models import URGENT_TYPES, EventType, Prosecutor

if TYPE_CHECKING:
    from bot.chat.client import Interaction

TYPE_NAMES = [t.value for t in EventType]
# Written for the /subscribe, /unsubscribe and /recent prosecutor options.
ALL_WORDS = ("all", "*", "everyone watched")
T = TypeVar("T")


def gid(interaction: Interaction) -> int:
    assert interaction.guild_id is not None  # the tree refuses commands outside servers
    return interaction.guild_id


async def change(interaction: Interaction, fn: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Run `fn(tx, *args)` (a guilds.* change) in one transaction, committed at once."""
    store = interaction.client.services.store
    async with store.transaction() as tx:
        return await fn(tx, *args)


async def read(interaction: Interaction, fn: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Run `fn(tx, *args)`, a read, in one transaction (which commits nothing)."""
    return await change(interaction, fn, *args)


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
    interaction: Interaction, current: str
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
    interaction: Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """This server's watched prosecutors (value: their id)."""
    if interaction.guild_id is None:
        return []
    people = await read(interaction, guilds.watched, interaction.guild_id)
    needle = current.strip().lower()
    return [
        app_commands.Choice(name=f"{p.name} ({p.jurisdiction})"[:100], value=p.id[:100])
        for p in people
        if needle in p.name.lower() or needle in p.id
    ][:25]


def one_of(found: list[Prosecutor], typed: str, where: str) -> Prosecutor:
    """The single hit, or a ConfigError naming the candidates ("which one?")."""
    if len(found) == 1:
        return found[0]
    if not found:
        raise guilds.ConfigError(f"{safe(typed, 100)} is not {where}.")
    names = [f"• {safe(p.name, 100)} — {safe(p.office_line, 200)}" for p in found[:10]]
    more = f"\n…and {len(found) - 10} more" if len(found) > 10 else ""
    raise guilds.ConfigError(
        f"Several people match {safe(typed, 100)}; pick one from the suggestions or type "
        "the full name:\n" + "\n".join(names) + more
    )


async def resolve_watched(interaction: Interaction, value: str) -> Prosecutor:
    """A prosecutor this server watches, by id (autocomplete), name, alias or surname."""
    people = await read(interaction, guilds.watched, gid(interaction))
    found = find(people, value)
    if not found:
        raise guilds.ConfigError(
            f"This server does not watch {safe(value, 100)}. See /watch list, or /watch add first."
        )
    return one_of(found, value, "watched here")
