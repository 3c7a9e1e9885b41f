"""Replies to organizers: escaped echoes, length limits, plurals, and answers that ping nobody."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord

from bot.delivery.alert_view import clean
from bot.organizer.timezones import format_datetime

if TYPE_CHECKING:
    from bot.chat.client import Interaction

# Discord caps an interaction message at 2,000 characters; leave room for the ellipsis.
REPLY_MAX = 1900


def safe(text: Any, limit: int = 200) -> str:
    """Organizer or feed text echoed back: markdown and mentions escaped, one line."""
    return clean(str(text), limit)


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 day`, `2 days`; `many` for irregular plurals."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def when(moment: datetime | None, zone: str | None = None) -> str:
    """A stored time as organizers read it: in the server's zone to the minute, with the
    zone's abbreviation, or "never"."""
    return format_datetime(moment, zone) if moment else "never"


def fit(lines: list[str], more: str = "…and {n} more") -> str:
    """Lines joined within one reply; the rest summarized as "…and N more"."""
    out = ""
    for count, line in enumerate(lines):
        if len(out) + len(line) + 40 > REPLY_MAX:
            return out + "\n" + more.format(n=len(lines) - count)
        out += ("\n" if out else "") + line
    return out


async def reply(
    interaction: Interaction,
    text: str,
    *,
    ephemeral: bool = True,
    view: discord.ui.View | None = None,
) -> None:
    """Answer (or follow up a deferred answer) with plain text that pings nobody."""
    text = text[:2000]
    none = discord.AllowedMentions.none()
    buttons = view if view is not None else discord.utils.MISSING
    if interaction.response.is_done():
        await interaction.followup.send(
            text, ephemeral=ephemeral, allowed_mentions=none, view=buttons
        )
    else:
        await interaction.response.send_message(
            text, ephemeral=ephemeral, allowed_mentions=none, view=buttons
        )


def backfill_note(days: int, interval_seconds: int) -> str:
    """What happens to a backfill request, said once where it is made."""
    minutes = max(1, round(interval_seconds / 60))
    return (
        f"The last {plural(days, 'day')} of matching news will be posted once, oldest first, "
        f"after the next poll (within about {plural(minutes, 'minute')}) to the channels "
        "subscribed by then."
    )
