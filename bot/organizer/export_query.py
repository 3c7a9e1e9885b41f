"""Which alerts an export holds, and the file: shared by /export and `run_bot.py export`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from bot.clock import utcnow
from bot.organizer.errors import RequestError
from bot.organizer.export import file_name, to_csv
from bot.organizer.periods import Period, parse_period
from bot.organizer.reads import feedback_by_alert, watched_alerts, zone_of
from bot.organizer.records import when
from bot.organizer.timezones import local
from bot.store import UnitOfWork
from feeds.models import EventType


@dataclass(frozen=True, slots=True)
class ExportRequest:
    prosecutor_id: str | None
    event_type: str | None
    period: Period

    @classmethod
    def parse(
        cls,
        prosecutor_id: str | None,
        event_type: str | None,
        since: str | None,
        until: str | None,
        zone: str,
        now: datetime,
    ) -> ExportRequest:
        if event_type is not None and event_type not in {t.value for t in EventType}:
            raise RequestError(f"Unknown event type {event_type[:40]!r}.")
        return cls(prosecutor_id, event_type, parse_period(since, until, zone, now))


@dataclass(frozen=True, slots=True)
class ExportResult:
    data: bytes
    count: int
    zone: str
    file_name: str


async def build_export(
    tx: UnitOfWork, guild_id: int | str, request: ExportRequest, guild_name: str
) -> ExportResult:
    """The CSV of the alerts this server may see, oldest first, with its own feedback.

    Alerts the server marked wrong are included (with the verdict in the feedback column),
    since the export is the record of what the bot said."""
    alerts = await watched_alerts(
        tx, guild_id, request.prosecutor_id, request.event_type, include_suppressed=True
    )
    chosen = sorted(
        (a for a in alerts if request.period.holds(when(a))), key=lambda a: (when(a), a.alert_key)
    )
    zone = await zone_of(tx, guild_id)
    feedback = await feedback_by_alert(tx, guild_id)
    # Writing 10,000 rows takes most of a second: not on the event loop.
    data = await asyncio.to_thread(to_csv, chosen, feedback, zone)
    stamp = f"{local(utcnow(), zone):%Y-%m-%d}"
    return ExportResult(data, len(chosen), zone, file_name(guild_name, stamp))
