"""/help: what the bot does and every command, in one ephemeral message."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.chat.commands import reply

HELP = """**prosecutor-watch** posts one alert per real-world event about the prosecutors this \
server watches (recalls, injunctions, police-union money, impeachment, charges, ...).
**Set up** (Manage Server or the organizer role)
• `/watch add <prosecutor>` · `/watch remove` · `/watch list`
• `/subscribe [channel] [prosecutor|all] [types]` · `/unsubscribe` · `/subscriptions`
• `/mention <role> [types]`: urgent alerts ping that role (nothing else pings)
• `/digest <daily|weekly|off> [time]`: one summary instead of single alerts
• `/feeds add <url>` · `/feeds remove` · `/feeds list` · `/feeds test <url>` · `/feeds retry`
**Look**
• `/recent [prosecutor] [type] [days]` · `/timeline <prosecutor>` · `/status`
**Correct**
• The buttons under an alert, or `/feedback <alert id> <wrong_person|not_relevant>`: \
the same pattern is not alerted here again.
Types: recall, injunction, union_endorsement, impeachment, removal_or_suspension, \
case_reassignment, lawsuit, indictment_or_investigation, resignation, election, \
policy_directive, charging_decision, exoneration, legislation, other."""


@app_commands.command(name="help", description="What prosecutor-watch does and its commands")
async def help_command(interaction: discord.Interaction) -> None:
    await reply(interaction, HELP)


def setup(client: discord.Client) -> None:
    client.tree.add_command(help_command)  # type: ignore[attr-defined]
