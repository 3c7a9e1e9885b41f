"""Searching a server's past alerts by words in headline, outlet and summary.

Words match the start of words in the alert, ignoring case and accents: "recall" finds
"recalled", "gascon" finds "Gascón". Every word must appear; a "quoted phrase" must appear as
those words in that order. Results are newest first.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from anyascii import anyascii

from bot.organizer.errors import RequestError
from bot.organizer.periods import Period
from bot.organizer.records import Alert, when

TEXT_MAX = 200
TERMS_MAX = 10
PAGE_SIZE = 5  # lines of up to ~350 characters: five fit in one reply
_TOKEN = re.compile(r"[a-z0-9]+")
_TERM = re.compile(r'"([^"]*)"|(\S+)')


def tokens(text: str | None) -> tuple[str, ...]:
    """Lower-case ASCII words: the form both queries and alerts are compared in."""
    if not text:
        return ()
    if not text.isascii():  # transliteration is most of the cost, and most text is ASCII
        text = anyascii(text)
    return tuple(_TOKEN.findall(text.casefold()))


@dataclass(frozen=True, slots=True)
class Query:
    """What to look for: terms (each a word or a phrase) and filters."""

    terms: tuple[tuple[str, ...], ...] = ()
    prosecutor_id: str | None = None
    event_type: str | None = None
    period: Period = field(default_factory=Period)


def parse_terms(text: str) -> tuple[tuple[str, ...], ...]:
    """The words and "phrases" of a search text; a RequestError when nothing searchable."""
    if len(text) > TEXT_MAX:
        raise RequestError(f"Search text is limited to {TEXT_MAX} characters.")
    terms: list[tuple[str, ...]] = []
    for phrase, word in _TERM.findall(text):
        words = tokens(phrase if phrase else word)
        if phrase:
            if words:
                terms.append(words)
        else:
            terms.extend((w,) for w in words)  # "state's" is two words, as in the alert
    terms = list(dict.fromkeys(terms))
    if not terms:
        raise RequestError("Give at least one word to search for (letters or digits).")
    if len(terms) > TERMS_MAX:
        raise RequestError(f"Search for at most {TERMS_MAX} words or phrases at a time.")
    return tuple(terms)


def _plain(text: str | None) -> str:
    """Text as terms are compared with it: ASCII, case-folded."""
    if not text:
        return ""
    if not text.isascii():  # transliteration is most of the cost, and most text is ASCII
        text = anyascii(text)
    return text.casefold()


def term_pattern(term: tuple[str, ...]) -> re.Pattern[str]:
    """The term's words at consecutive word positions. The last word may be a prefix (so a
    word still being typed matches, and "recall" finds "recalled"); the others are whole."""
    *whole, last = term
    parts = [re.escape(word) + r"(?![a-z0-9])" for word in whole] + [re.escape(last)]
    return re.compile(r"(?<![a-z0-9])" + r"[^a-z0-9]+".join(parts))


def matches(alert: Alert, query: Query, patterns: list[re.Pattern[str]] | None = None) -> bool:
    if query.prosecutor_id is not None and alert.prosecutor_id != query.prosecutor_id:
        return False
    if query.event_type is not None and alert.event_type != query.event_type:
        return False
    if not query.period.holds(when(alert)):
        return False
    if not query.terms:
        return True
    if patterns is None:
        patterns = [term_pattern(t) for t in query.terms]
    # Fields searched separately so a phrase never spans the headline and the outlet.
    fields = [_plain(alert.title), _plain(alert.outlet), _plain(alert.summary)]
    return all(any(p.search(text) for text in fields) for p in patterns)


def search(alerts: Iterable[Alert], query: Query) -> list[Alert]:
    """Matching alerts, newest first (ties: the one seen later first, then by key)."""
    patterns = [term_pattern(t) for t in query.terms]
    found = [a for a in alerts if matches(a, query, patterns)]
    found.sort(key=lambda a: a.alert_key, reverse=True)
    found.sort(key=lambda a: (when(a), a.first_seen), reverse=True)
    return found


@dataclass(frozen=True, slots=True)
class Page:
    items: tuple[Alert, ...]
    number: int  # 1-based
    pages: int
    total: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page(results: list[Alert], number: int, size: int = PAGE_SIZE) -> Page:
    """Page `number` (1-based; clamped into range, so a stale button still shows a page)."""
    if size < 1:
        raise ValueError("page size must be positive")
    pages = max(1, math.ceil(len(results) / size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    return Page(tuple(results[start : start + size]), number, pages, len(results))


class SearchSessions:
    """Recent searches, so "next page" buttons need only a short token in their custom_id
    (which holds 100 characters; a search text holds 200).

    Kept in memory: after a restart an old button says the search expired. A token is only
    valid in the server that made it, so a button copied elsewhere reveals nothing.
    """

    def __init__(self, capacity: int = 500) -> None:
        self.capacity = capacity
        self._queries: dict[str, tuple[str, Query]] = {}

    def put(self, guild_id: str, query: Query) -> str:
        token = secrets.token_hex(6)
        self._queries[token] = (guild_id, query)
        while len(self._queries) > self.capacity:  # dicts keep insertion order: oldest first
            del self._queries[next(iter(self._queries))]
        return token

    def get(self, guild_id: str, token: str) -> Query | None:
        found = self._queries.get(token)
        if found is None or found[0] != guild_id:
            return None
        return found[1]
