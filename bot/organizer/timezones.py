"""A server's time zone: every date shown to it and its digest times follow it.

Names are IANA zone names (America/Los_Angeles), looked up case-insensitively among the zones
this machine knows (the system database, or the pinned tzdata package). Local times are turned
into instants through zoneinfo, so daylight-saving changes are handled: a digest at 08:00 stays
at 08:00 local time across the switch, and a time that falls in the spring-forward gap moves
forward by the gap instead of being skipped.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.organizer.errors import RequestError

DEFAULT_ZONE = "UTC"
SUGGESTIONS = 25
# Present on some systems but not zones an organizer means: the machine's own zone, a
# placeholder, and the alternative leap-second trees.
_NOT_OFFERED = ("localtime", "Factory")
_HIDDEN_PREFIXES = ("posix/", "right/")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")


@functools.cache
def _zones() -> dict[str, str]:
    """casefolded name -> canonical name, read once (the listing walks the zone database)."""
    from zoneinfo import available_timezones

    names = {
        name
        for name in available_timezones()
        if name not in _NOT_OFFERED and not name.startswith(_HIDDEN_PREFIXES)
    }
    names.add(DEFAULT_ZONE)
    return {name.casefold(): name for name in names}


def zone_names() -> list[str]:
    return sorted(_zones().values())


def _key(text: str) -> str:
    # "los angeles" and "America/Los Angeles" are how people type it.
    return "_".join(text.strip().split()).casefold()


def validate_zone(name: str) -> str:
    """The canonical zone name for what an organizer typed, or a RequestError saying why."""
    wanted = _key(name)
    found = _zones().get(wanted)
    if found is None:
        close = suggest(name, 3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        shown = " ".join(name.split())[:60]
        raise RequestError(
            f"{shown!r} is not a time zone name. Use an IANA name such as "
            f"America/Los_Angeles or America/New_York.{hint}"
        )
    return found


def suggest(current: str, limit: int = SUGGESTIONS) -> list[str]:
    """Zone names for autocomplete: the city part starting with what was typed first, then
    names containing it anywhere."""
    needle = _key(current)
    names = zone_names()
    if not needle:
        return [DEFAULT_ZONE, *(n for n in names if n.startswith("America/"))][:limit]
    found: dict[str, None] = {}
    for wanted in (
        lambda n: n.rsplit("/", 1)[-1].startswith(needle),
        lambda n: n.startswith(needle),
        lambda n: needle in n,
    ):
        found.update((n, None) for n in names if wanted(n.casefold()))
    return list(found)[:limit]


@functools.lru_cache(maxsize=256)
def zone(name: str | None) -> ZoneInfo:
    """The ZoneInfo for a stored zone name; UTC when none is set or it vanished from the
    machine's database (a stored name must never break every date a server is shown)."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def local(moment: datetime, zone_name: str | None) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(zone_name))


def format_date(moment: datetime | None, zone_name: str | None) -> str:
    return local(moment, zone_name).strftime("%Y-%m-%d") if moment else "unknown"


def format_datetime(moment: datetime | None, zone_name: str | None) -> str:
    """Date, time and the zone's abbreviation (PST or PDT, as it was on that day)."""
    if moment is None:
        return "unknown"
    shown = local(moment, zone_name)
    return f"{shown:%Y-%m-%d %H:%M} {shown.tzname() or ''}".rstrip()


def parse_clock(text: str) -> time:
    """'08:00' or '8:00' (24-hour) as a time of day."""
    found = _TIME.fullmatch(text.strip())
    if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise RequestError("Time must look like 08:00 (24-hour).")
    return time(int(found.group(1)), int(found.group(2)))


def at_local(day: date, clock: time, zone_name: str | None) -> datetime:
    """The instant (UTC) when the wall clock in `zone_name` shows `clock` on `day`.

    In the spring-forward gap the wall time does not exist: the instant is the one the clock
    reaches after the gap (02:30 becomes 03:30). In the autumn overlap the first one counts.
    """
    # fold=0 reads a wall time with the offset in force before any transition: in a gap that
    # lands after the gap, in an overlap on the first occurrence. Both are the rules above.
    return datetime.combine(day, clock, tzinfo=zone(zone_name)).astimezone(UTC)


def latest_slot(now: datetime, clock: time, zone_name: str | None) -> datetime:
    """The most recent instant at or before `now` when the local clock showed `clock`."""
    today = local(now, zone_name).date()
    slot = at_local(today, clock, zone_name)
    if slot > now:
        slot = at_local(today - timedelta(days=1), clock, zone_name)
    return slot


def local_day_start(day: date, zone_name: str | None) -> datetime:
    """Midnight at the start of `day` in the zone, as a UTC instant."""
    return at_local(day, time(0, 0), zone_name)


def digest_due(
    mode: str, clock_text: str, last_sent: datetime | None, now: datetime, zone_name: str | None
) -> bool:
    """Whether a daily or weekly digest at local `clock_text` is due at `now`.

    Due once the latest local slot has passed and the digest was not sent since; weekly ones
    also wait seven days from the last. Days are 23 or 25 hours long around DST switches, so
    the spacing check allows an hour less than the period.
    """
    if mode not in ("daily", "weekly"):
        return False
    slot = latest_slot(now, parse_clock(clock_text), zone_name)
    if last_sent is None:
        return True
    period = timedelta(days=7 if mode == "weekly" else 1)
    return last_sent < slot and now - last_sent >= period - timedelta(hours=1)
