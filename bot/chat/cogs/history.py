"""/recent and /timeline: what the bot has seen about this server's prosecutors.

Dates are shown in the server's time zone (/settings timezone). /timeline also attaches a
picture of the events on a time axis, drawn off the event loop.
"""

from __future__ import annotations

import io
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import guilds
from bot.chat.embeds import alert_id
from bot.chat.options import TYPE_NAMES, gid, read, resolve_watched, watched_autocomplete
from bot.chat.replies import REPLY_MAX, fit, plural, reply, safe
from bot.clock import utcnow
from bot.cycle.alerts import visible_to
from bot.delivery.alert_view import label
from bot.organizer.reads import zone_of
from bot.organizer.timeline import render_async
from bot.organizer.timezones import format_date
from bot.store import Alert, UnitOfWork
from feeds.links import safe_link
from feeds.models import EventType

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot

log = logging.getLogger(__name__)

RECENT_SHOWN = 15
TIMELINE_SHOWN = 25
LINK_SHOWN_MAX = 300  # a longer link is left out of a line rather than crowd the reply


async def _alerts(
    tx: UnitOfWork, guild_id: int, pid: str | None, kind: str | None, days: int | None
) -> tuple[list[Alert], str]:
    # A server only sees alerts about prosecutors it watches itself, and of those the shared
    # ones and its own (from feeds it added).
    watched = {p.id for p in await guilds.watched(tx, guild_id)}
    wanted = {pid} & watched if pid else watched
    since = utcnow() - timedelta(days=days) if days else None
    found = await tx.alerts.search(
        wanted, EventType(kind) if kind else None, since, visible_to=str(guild_id)
    )
    found = visible_to(found, str(guild_id))
    rules = await tx.feedback.for_guild(str(guild_id))
    found = [a for a in found if not guilds.suppressed_by(rules, a)]
    ordered = sorted(found, key=lambda a: a.published or a.first_seen)
    return ordered, await zone_of(tx, guild_id)


def line(alert: Alert, zone: str | None) -> str:
    """One alert as a reply line: local date, type, person, linked headline, outlet, id."""
    when = format_date(alert.published or alert.first_seen, zone)
    link = safe_link(alert.link)
    if link and len(link) > LINK_SHOWN_MAX:
        link = None
    title = safe(alert.title, 150)
    if link:  # parentheses or ">" in a URL would end the markdown link early
        link = link.replace("(", "%28").replace(")", "%29").replace(">", "%3E")
    text = f"[{title}](<{link}>)" if link else title
    where = safe(alert.outlet or alert.court or "", 60)
    return (
        f"• {when} **{label(alert.event_type)}** · {safe(alert.prosecutor_name, 60)}: "
        f"{text} — {where} `{alert_id(alert.alert_key)}`"
    )


class HistoryCog(commands.Cog):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot

    @app_commands.command(name="recent", description="Recent alerts for this server's prosecutors")
    @app_commands.describe(
        prosecutor="Only this watched prosecutor (default: everyone watched)",
        type="Only this event type (default: all types)",
        days="How far back, in days (default 7)",
    )
    @app_commands.autocomplete(prosecutor=watched_autocomplete)
    @app_commands.choices(type=[app_commands.Choice(name=t, value=t) for t in TYPE_NAMES])
    async def recent(
        self,
        interaction: Interaction,
        prosecutor: str | None = None,
        type: str | None = None,
        days: app_commands.Range[int, 1, 365] = 7,
    ) -> None:
        pid = (await resolve_watched(interaction, prosecutor)).id if prosecutor else None
        if type is not None and type not in TYPE_NAMES:
            raise guilds.ConfigError("Unknown event type.")
        days = max(1, min(int(days), 365))
        docs, zone = await read(interaction, _alerts, gid(interaction), pid, type, days)
        span = f"the last {plural(days, 'day')}" if days > 1 else "the last day"
        if not docs:
            await reply(interaction, f"No alerts in {span}.")
            return
        newest = list(reversed(docs))[:RECENT_SHOWN]
        await reply(
            interaction,
            f"{plural(len(docs), 'alert')} in {span}:\n" + fit([line(a, zone) for a in newest]),
        )

    @app_commands.command(
        name="timeline", description="One prosecutor's events in order, newest last"
    )
    @app_commands.describe(prosecutor="A prosecutor this server watches")
    @app_commands.autocomplete(prosecutor=watched_autocomplete)
    async def timeline(self, interaction: Interaction, prosecutor: str) -> None:
        person = await resolve_watched(interaction, prosecutor)
        docs, zone = await read(interaction, _alerts, gid(interaction), person.id, None, None)
        if not docs:
            await reply(interaction, f"No events recorded for {safe(person.name, 100)} yet.")
            return
        # Drawing takes a moment (more on the first call): answer within Discord's 3 s.
        await interaction.response.defer(ephemeral=True, thinking=True)
        shown = docs[-TIMELINE_SHOWN:]
        head = f"{safe(person.name, 100)}: {plural(len(docs), 'event')}" + (
            f" (the last {len(shown)})" if len(shown) < len(docs) else ""
        )
        lines = [line(a, zone) for a in shown]
        # Newest last: when the reply is too long, drop the oldest lines, not the newest.
        while lines and len(head) + sum(len(x) + 1 for x in lines) > REPLY_MAX:
            lines.pop(0)
        text = head + "\n" + "\n".join(lines)
        try:
            picture = await render_async(docs, person.name, zone)
        except Exception:  # the text list is still worth sending without the picture
            log.exception("timeline picture failed for %s", person.id)
            await reply(interaction, text + "\n(The picture could not be drawn.)")
            return
        await interaction.followup.send(
            text[:2000],
            ephemeral=True,
            file=discord.File(io.BytesIO(picture.png), filename="timeline.png"),
            allowed_mentions=discord.AllowedMentions.none(),
        )


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(HistoryCog(bot))
