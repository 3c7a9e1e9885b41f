"""The `since` and `until` options: a date in the server's zone, or a span back from now."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.organizer.errors import RequestError
from bot.organizer.timezones import local, local_day_start

_SPAN = re.compile(r"(\d{1,4})\s*(d|days?|w|weeks?|m|months?|y|years?)")
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
MAX_DAYS_BACK = 3660  # ten years: alerts are kept about one
FORMS = "a date (2026-03-01), a span back from now (7d, 2w, 3m), today or yesterday"


@dataclass(frozen=True, slots=True)
class Period:
    """Alerts with since <= when < until; either end may be open."""

    since: datetime | None = None
    until: datetime | None = None

    def holds(self, moment: datetime) -> bool:
        if self.since is not None and moment < self.since:
            return False
        return self.until is None or moment < self.until


def _day(text: str, zone_name: str | None, now: datetime) -> date | None:
    word = text.casefold()
    today = local(now, zone_name).date()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    try:
        return date.fromisoformat(word)
    except ValueError:
        return None


def _span(text: str) -> timedelta | None:
    found = _SPAN.fullmatch(text.casefold())
    if not found:
        return None
    days = int(found.group(1)) * _UNIT_DAYS[found.group(2)[0]]
    if days > MAX_DAYS_BACK:
        raise RequestError(f"That reaches back more than {MAX_DAYS_BACK // 366} years.")
    return timedelta(days=days)


def parse_bound(text: str, zone_name: str | None, now: datetime, *, end: bool) -> datetime:
    """One end of a period as a UTC instant. A date means the start of that local day for
    `since` and the end of it for `until` (so until:2026-03-01 includes March 1st)."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise RequestError(f"Give {FORMS}.")
    span = _span(cleaned)
    if span is not None:
        return now - span
    day = _day(cleaned, zone_name, now)
    if day is None:
        raise RequestError(f"{cleaned[:40]!r} is not a date. Give {FORMS}.")
    if end:
        day += timedelta(days=1)
    return local_day_start(day, zone_name)


def parse_period(
    since: str | None, until: str | None, zone_name: str | None, now: datetime
) -> Period:
    start = parse_bound(since, zone_name, now, end=False) if since else None
    stop = parse_bound(until, zone_name, now, end=True) if until else None
    if start is not None and stop is not None and start >= stop:
        raise RequestError("`since` must come before `until`.")
    return Period(start, stop)
