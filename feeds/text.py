"""Plain text from untrusted feed HTML, and the small text helpers every source needs."""

from __future__ import annotations

import calendar
import html
import re
import time
from datetime import UTC, datetime, timedelta

import nh3
import regex

_SPACE = re.compile(r"\s+")
# What a reader cannot see, by Unicode property rather than a list (the one table for feed text
# and alert rendering): Cf, format characters (bidi marks, overrides and isolates reorder text;
# zero-width characters, soft hyphens, invisible operators and the tag block hide it); the
# default-ignorable code points that are not Cf (Hangul fillers shown as blanks, variation
# selectors, which can smuggle bytes); Cs, lone surrogates (not even encodable for Discord);
# Co, private use (no meaning outside a font); and Cc controls other than whitespace, which
# is folded into spaces instead. `regex` knows Default_Ignorable_Code_Point, which the
# standard library's unicodedata does not expose; one pass of it costs less than the old
# str.translate plus a control-character regex.
_INVISIBLE_RUN = regex.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}\p{Co}]+"
)
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


class _InvisibleTable(dict[int, int | None]):
    """A str.translate table deleting what _INVISIBLE_RUN matches, filled as characters are met:
    callers that translate (alert rendering, exports) share the property-based rule."""

    def __missing__(self, codepoint: int) -> int | None:
        kept = None if _INVISIBLE_RUN.match(chr(codepoint)) else codepoint
        self[codepoint] = kept
        return kept


INVISIBLE = _InvisibleTable()


def strip_invisible(text: str) -> str:
    """``text`` without invisible characters: the same rule as ``text.translate(INVISIBLE)``."""
    return _INVISIBLE_RUN.sub("", text)


def plain_text(value: str | None, limit: int = 4000) -> str:
    """Tags removed (script/style with their content), entities decoded, whitespace folded."""
    if not value:
        return ""
    if "<" in value or "&" in value:
        value = html.unescape(nh3.clean(value, tags=set(), attributes={}))
    value = strip_invisible(value)
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
