"""/mention: which role urgent alerts ping. Nothing else ever pings anyone."""

from __future__ import annotations

import discord
from discord import app_commands

from bot import guilds
from bot.chat.commands import change, gid, parse_types, reply, safe, types_autocomplete
from bot.chat.permissions import organizer_hint, organizer_only
from feeds.models import URGENT_TYPES


@app_commands.command(
    name="mention", description="Ping a role for urgent alerts (no role: stop pinging)"
)
@app_commands.describe(
    role="The role to ping; leave empty to stop all pings",
    types="Comma-separated types that ping (default: recall, injunction, impeachment, "
    "removal_or_suspension, indictment_or_investigation)",
)
@app_commands.autocomplete(types=types_autocomplete)
@organizer_hint
@organizer_only()
async def mention(
    interaction: discord.Interaction, role: discord.Role | None = None, types: str | None = None
) -> None:
    guild = interaction.guild
    if role is None:
        await change(interaction, guilds.set_mention, gid(interaction), None, ())
        await reply(interaction, "Alerts will not ping anyone.")
        return
    if guild is None or guild.get_role(role.id) is None:
        raise guilds.ConfigError("Pick a role of this server.")
    if role.is_default():
        raise guilds.ConfigError("Alerts never ping @\u200beveryone; pick a role.")
    chosen = parse_types(types) or sorted(URGENT_TYPES)
    await change(interaction, guilds.set_mention, gid(interaction), role.id, chosen)
    note = (
        "" if role.mentionable else " (the role is not mentionable: allow the bot to Mention roles)"
    )
    await reply(
        interaction,
        f"<@&{role.id}> ({safe(role.name, 100)}) will be pinged for: {', '.join(chosen)}.{note}",
    )


def setup(client: discord.Client) -> None:
    client.tree.add_command(mention)  # type: ignore[attr-defined]
