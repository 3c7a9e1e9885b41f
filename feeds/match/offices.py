"""Offices and their holders over time: who was "the Brooklyn DA" on a given day.

News often names only the office ("Brooklyn DA won't seek prison", "a Fulton County grand
jury"); such an item is about whoever held the office on its date. An office is keyed by
state, title class and jurisdiction; its holders carry start and end dates (end None: still
in office). Dates are inclusive: on a handover day both holders cover it, and the one
leaving is chosen (news that day is about the death, resignation or last act of the one
who leaves; the newcomer's swearing-in names them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from anyascii import anyascii

from feeds.match.titles import ROLES, office_class, role_of

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ISO_YEAR = re.compile(r"(\d{4})")


def slugify(name: str) -> str:
    """ASCII, lowercase, hyphen-separated: "George Gascón" -> "george-gascon"."""
    return _NON_SLUG.sub("-", anyascii(name).lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Period:
    """The days an item's date may mean: one day, or a whole month or year when that is all
    the date says ("2022-08")."""

    first: date
    last: date

    @classmethod
    def day(cls, d: date) -> Period:
        return cls(d, d)


def today() -> date:
    return datetime.now(UTC).date()


def period_of(value: object) -> Period | None:
    """An item date (date, datetime, or ISO text "2022-08-15", "2022-08", "2022") as a Period.

    Anything else (None, empty, unreadable, out of range) gives None.
    """
    if isinstance(value, Period):
        return value
    if isinstance(value, datetime):
        return Period.day(value.date())
    if isinstance(value, date):
        return Period.day(value)
    if not isinstance(value, str):
        return None
    text = value.strip()[:40]
    try:
        if m := _ISO_DAY.match(text):
            return Period.day(date(int(m[1]), int(m[2]), int(m[3])))
        if (m := _ISO_MONTH.fullmatch(text)) is not None:
            first = date(int(m[1]), int(m[2]), 1)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return Period(first, following - timedelta(days=1))
        if (m := _ISO_YEAR.fullmatch(text)) is not None:
            return Period(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True)
class Holder:
    """One term of one person in an office. `end` None: still in office. `start` None: the
    person held the office but the term is unknown (listed, never resolved to)."""

    name: str
    start: date | None = None
    end: date | None = None
    aliases: tuple[str, ...] = ()
    note: str = ""

    @property
    def slug(self) -> str:
        return slugify(self.name)

    def overlap(self, period: Period) -> int:
        """Days of `period` this term covers (0: none, or the term is unknown)."""
        if self.start is None:
            return 0
        lo = max(self.start, period.first)
        hi = min(self.end or period.last, period.last)
        return (hi - lo).days + 1 if hi >= lo else 0


def office_key(office: str, jurisdiction: str, state: str) -> tuple[str, str, str]:
    """(state, title class, jurisdiction slug): how two records are known to be one office."""
    return (state.strip().upper(), office_class(office), slugify(jurisdiction))


@dataclass(frozen=True, slots=True)
class Office:
    """An office and its holders, oldest first."""

    office: str
    jurisdiction: str
    state: str
    holders: tuple[Holder, ...] = ()
    role: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if not self.role:
            object.__setattr__(self, "role", role_of(self.office))
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {self.role!r}")

    @property
    def key(self) -> tuple[str, str, str]:
        return office_key(self.office, self.jurisdiction, self.state)

    def dated(self) -> list[Holder]:
        """Holders with a known term, oldest first."""
        return sorted((h for h in self.holders if h.start is not None), key=_start)

    @property
    def complete(self) -> bool:
        """True when every holder listed has a known term."""
        return all(h.start is not None for h in self.holders)

    def holder_on(self, period: Period) -> Holder | None:
        """Who held the office over `period`: the longest overlap, the one leaving on a tie."""
        best: Holder | None = None
        best_days = 0
        for h in self.dated():
            days = h.overlap(period)
            if days > best_days:
                best, best_days = h, days
        return best


def check_terms(holders: Iterable[Holder], label: str) -> None:
    """Raise ValueError when a term ends before it starts or two terms overlap by a day more
    than the handover day."""
    ordered = sorted((h for h in holders if h.start is not None), key=_start)
    for h in holders:
        if h.start is None and h.end is not None:
            raise ValueError(f"{label}: {h.name}'s term has an end but no start")
    for h in ordered:
        if h.end is not None and h.start is not None and h.end < h.start:
            raise ValueError(f"{label}: {h.name}'s term ends ({h.end}) before it starts")
    for a, b in pairwise(ordered):
        if a.end is None or a.end > _start(b):
            raise ValueError(
                f"{label}: {a.name}'s term ({a.start}..{a.end or 'now'}) overlaps "
                f"{b.name}'s (from {b.start})"
            )


@dataclass(frozen=True)
class OfficeHistory:
    """Every known office with its holders; later sources override earlier ones per person."""

    offices: tuple[Office, ...] = ()
    _by_key: dict[tuple[str, str, str], Office] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _by_slug: dict[str, list[Office]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        for o in self.offices:
            self._by_key[o.key] = o
            for h in o.holders:
                for s in _holder_slugs(h):
                    held = self._by_slug.setdefault(s, [])
                    if o not in held:
                        held.append(o)

    def __iter__(self) -> Iterator[Office]:
        return iter(self.offices)

    def __len__(self) -> int:
        return len(self.offices)

    def get(self, key: tuple[str, str, str]) -> Office | None:
        return self._by_key.get(key)

    def offices_of(self, slugs: Iterable[str]) -> list[Office]:
        """The offices whose holders include any of these name slugs."""
        found: dict[tuple[str, str, str], Office] = {}
        for s in slugs:
            for o in self._by_slug.get(s, ()):
                found[o.key] = o
        return list(found.values())

    def merged(self, newer: Iterable[Office]) -> OfficeHistory:
        """This history with `newer` offices laid over it: a person's terms in an office come
        from the newer record when it has any; other holders stay."""
        table = {o.key: o for o in self.offices}
        for o in newer:
            old = table.get(o.key)
            if old is None:
                table[o.key] = o
                continue
            replaced = {h.slug for h in o.holders}
            kept = [h for h in old.holders if h.slug not in replaced]
            table[o.key] = Office(
                old.office,
                old.jurisdiction,
                old.state,
                tuple(sorted([*kept, *o.holders], key=_start)),
                old.role,
                old.source if not o.source else f"{old.source}; {o.source}".strip("; "),
            )
        return OfficeHistory(tuple(table.values()))


def _start(h: Holder) -> date:
    return h.start or date.min


def _holder_slugs(h: Holder) -> set[str]:
    return {h.slug, *(slugify(a) for a in h.aliases)}
