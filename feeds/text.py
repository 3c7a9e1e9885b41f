"""Plain text from untrusted feed HTML, and the small text helpers every source needs."""

from __future__ import annotations

import calendar
import html
import re
import time
from datetime import UTC, datetime, timedelta

import nh3

_SPACE = re.compile(r"\s+")
# Bidi overrides and isolates can reorder what an organizer reads; zero-width characters hide text.
INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
# Unicode category Cc (C0, DEL, C1) except tab and newline: one regex pass instead of a
# per-character category lookup, which cost as much as feedparser itself on long summaries.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain_text(value: str | None, limit: int = 4000) -> str:
    """Tags removed (script/style with their content), entities decoded, whitespace folded."""
    if not value:
        return ""
    if "<" in value or "&" in value:
        value = html.unescape(nh3.clean(value, tags=set(), attributes={}))
    value = _CONTROL.sub("", value.translate(INVISIBLE))
    value = _SPACE.sub(" ", value).strip()
    return value[:limit]


def parsed_time(value: time.struct_time | None, now: datetime | None = None) -> datetime | None:
    """A feed date as aware UTC, or None when absent or implausible (1970, far future)."""
    if not value:
        return None
    try:
        moment = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None
    latest = (now or datetime.now(UTC)) + timedelta(days=1)
    if moment < _EARLIEST or moment > latest:
        return None
    return moment
