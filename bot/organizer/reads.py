"""What the organizer features read about one server, through the store's unit of work.

The rest of bot/organizer is pure; this is the one module that asks the repositories. Every
function is scoped by guild: alerts are those about prosecutors the server watches itself.
"""

from __future__ import annotations

from datetime import datetime

from bot import guilds
from bot.cycle.alerts import visible_to
from bot.organizer.records import Alert
from bot.organizer.timezones import DEFAULT_ZONE
from bot.store import UnitOfWork
from feeds.models import EventType


async def watched_alerts(
    tx: UnitOfWork,
    guild_id: int | str,
    prosecutor_id: str | None = None,
    event_type: str | None = None,
    since: datetime | None = None,
    *,
    include_suppressed: bool = False,
) -> list[Alert]:
    """Alerts about the prosecutors this server watches (one of them when given), of those the
    shared ones and the server's own (from feeds it added), never another server's.

    Alerts the server's feedback rules out are left out unless `include_suppressed` (the
    export lists them with their feedback). `since` is on when the bot first saw an alert,
    a bound callers narrow further by when it happened."""
    gid = str(guild_id)
    watched = {p.id for p in await tx.guilds.watched(gid)}
    wanted = watched & {prosecutor_id} if prosecutor_id else watched
    if not wanted:
        return []
    kind = EventType(event_type) if event_type else None
    found = visible_to(await tx.alerts.search(sorted(wanted), kind, since, visible_to=gid), gid)
    if include_suppressed:
        return found
    rules = await tx.feedback.for_guild(gid)
    return [a for a in found if not guilds.suppressed_by(rules, a)]


async def feedback_by_alert(tx: UnitOfWork, guild_id: int | str) -> dict[str, str]:
    """alert key -> this server's verdict on it (wrong_person or not_relevant)."""
    return {f.alert_key: str(f.kind) for f in await tx.feedback.for_guild(str(guild_id))}


async def zone_of(tx: UnitOfWork, guild_id: int | str) -> str:
    """The server's time zone name (UTC when none is set)."""
    return await tx.guilds.timezone(str(guild_id)) or DEFAULT_ZONE
