"""Who may change a server's configuration: checked when the command runs.

`default_permissions` only hides a command in the client and an admin can override it per role
or channel, so every configuration command also passes this run-time check. Discord reads the
hint only on top-level commands: a command group carries it for all its subcommands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.chat.client import Interaction

log = logging.getLogger(__name__)
T = TypeVar("T")


class NotOrganizer(app_commands.CheckFailure):
    """Shown to the member as is."""


def is_organizer(interaction: Interaction, organizer_role: str) -> bool:
    perms = interaction.permissions  # Discord computes these for the member in that channel
    if perms.manage_guild or perms.administrator:
        return True
    member = interaction.user
    if not organizer_role or not isinstance(member, discord.Member):
        return False
    wanted = organizer_role.strip().lower()
    return any(role.name.lower() == wanted or str(role.id) == wanted for role in member.roles)


def organizer_only() -> Callable[[T], T]:
    """Decorator: refuse members without Manage Server or the configured organizer role."""

    async def predicate(interaction: Interaction) -> bool:
        role = interaction.client.services.settings.discord.organizer_role
        if is_organizer(interaction, role):
            return True
        log.info(
            "refused %s to user %s",
            interaction.command and interaction.command.qualified_name,
            interaction.user.id,
        )
        needed = "Manage Server" + (f" or the {role} role" if role else "")
        raise NotOrganizer(f"Only organizers can change this: you need {needed}.")

    return app_commands.check(predicate)


# The client-side hint: hidden from members without Manage Server unless an admin overrides it.
organizer_hint = app_commands.default_permissions(manage_guild=True)
