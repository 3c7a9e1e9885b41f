"""The prosecutor directory: offices with their holders over time, and the people in them.

Sources, later ones laid over earlier ones: config/prosecutors.toml (bundled, cited per
office), config/attorneys_general.toml (generated from a CC0 Open States snapshot), the
user directory an operator imports (`run_bot.py directory import`), and terms a watchlist
carries. /watch add completes from `Directory.people`; the matcher resolves office-only
mentions with `Directory.history`.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from feeds.directory_records import (
    MAX_FIELD,
    holder_from_record,
    office_from_record,
    offices_from_watchlist,
)
from feeds.match.offices import Office, OfficeHistory, slugify, today
from feeds.match.titles import PROSECUTOR_ROLE
from feeds.models import Prosecutor

__all__ = [
    "MAX_FIELD",
    "Directory",
    "bundled",
    "holder_from_record",
    "load_directory",
    "load_offices_toml",
    "load_watchlist_json",
    "prosecutors_from_records",
    "read_watchlist",
    "slugify",
]

CONFIG = Path(__file__).resolve().parent.parent / "config"
BUNDLED_FILES = (CONFIG / "prosecutors.toml", CONFIG / "attorneys_general.toml")
_REQUIRED = ("name", "office", "jurisdiction", "state")


@dataclass(frozen=True)
class Directory:
    """Offices and holders, and one Prosecutor per person (the office of their latest term)."""

    history: OfficeHistory = field(default_factory=OfficeHistory)
    people: tuple[Prosecutor, ...] = field(init=False)
    _roles: dict[str, str] = field(init=False, repr=False, compare=False)
    _current: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        latest: dict[str, tuple[date, Prosecutor]] = {}
        roles: dict[str, str] = {}
        aliases: dict[str, dict[str, None]] = {}
        current: set[str] = set()
        now = today()
        for o in self.history:
            for h in o.holders:
                pid = h.slug
                aliases.setdefault(pid, {}).update(dict.fromkeys(h.aliases))
                when = h.start or date.min
                if pid not in latest or when >= latest[pid][0]:
                    person = Prosecutor(pid, h.name, o.office, o.jurisdiction, o.state)
                    latest[pid] = (when, person)
                    roles[pid] = o.role
                if h.start is not None and h.start <= now and (h.end is None or h.end >= now):
                    current.add(pid)
        people = []
        for pid, (_, p) in latest.items():
            names = tuple(a for a in aliases[pid] if a != p.name)
            people.append(Prosecutor(p.id, p.name, p.office, p.jurisdiction, p.state, names))
        object.__setattr__(self, "people", tuple(people))
        object.__setattr__(self, "_roles", roles)
        object.__setattr__(self, "_current", frozenset(current))

    @classmethod
    def of(cls, *sources: Iterable[Office]) -> Directory:
        """A directory of these offices, each source laid over the ones before it."""
        history = OfficeHistory()
        for offices in sources:
            history = history.merged(offices)
        return cls(history)

    def with_offices(self, offices: Iterable[Office]) -> Directory:
        """This directory with `offices` laid over it (a user directory, watchlist terms)."""
        return Directory(self.history.merged(offices))

    def role(self, person_id: str) -> str:
        """prosecutor or attorney_general."""
        return self._roles.get(person_id, PROSECUTOR_ROLE)

    def in_office(self, person_id: str) -> bool:
        """True when the person's latest known term is still running."""
        return person_id in self._current

    def get(self, person_id: str) -> Prosecutor | None:
        return next((p for p in self.people if p.id == person_id), None)

    def resolve(self, query: str, limit: int = 10, exact_only: bool = False) -> list[Prosecutor]:
        """People a /watch add query may mean, best first (see feeds/directory_resolve.py)."""
        from feeds.directory_resolve import resolve

        return resolve(self, query, limit, exact_only)


def load_offices_toml(path: str | Path) -> list[Office]:
    """Read a directory TOML of [[office]] tables with holders; ValueError names the entry."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    records = data.get("office")
    if not isinstance(records, list):
        raise ValueError(f"{path}: expected [[office]] tables")
    return [
        office_from_record(rec, f"{Path(path).name} office {n}")
        for n, rec in enumerate(records, start=1)
    ]


@cache
def bundled() -> Directory:
    """The directory shipped in config/ (read once per process)."""
    return Directory.of(*(load_offices_toml(p) for p in BUNDLED_FILES))


def load_directory(path: str | Path) -> list[Prosecutor]:
    """The people of one directory TOML file."""
    return list(Directory.of(load_offices_toml(path)).people)


def prosecutors_from_records(records: Iterable[Mapping[str, Any]]) -> list[Prosecutor]:
    """Validate watchlist records (name, office, jurisdiction, state, optional aliases, id and
    terms: term_start/term_end, or terms = [{start, end, office?, jurisdiction?, state?}])."""
    out: list[Prosecutor] = []
    seen: set[str] = set()
    for n, rec in enumerate(records, start=1):
        label = _label(rec, n)
        if not isinstance(rec, Mapping):
            raise ValueError(f"{label}: expected a table/object, got {type(rec).__name__}")
        fields = {}
        for key in _REQUIRED:
            value = rec.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{label}: missing or empty '{key}'")
            if len(value) > MAX_FIELD:
                raise ValueError(f"{label}: '{key}' longer than {MAX_FIELD} characters")
            fields[key] = " ".join(value.split())
        aliases = rec.get("aliases", ())
        if isinstance(aliases, str) or not isinstance(aliases, Iterable):
            raise ValueError(f"{label}: 'aliases' must be a list of strings")
        aliases = tuple(" ".join(str(a).split()) for a in aliases)
        if any(not a or len(a) > MAX_FIELD for a in aliases):
            raise ValueError(f"{label}: empty alias or alias longer than {MAX_FIELD} characters")
        pid = rec.get("id") or slugify(fields["name"])
        if not isinstance(pid, str) or not slugify(pid):
            raise ValueError(f"{label}: bad 'id'")
        pid = slugify(pid)
        if pid in seen:
            raise ValueError(f"{label}: duplicate id '{pid}'")
        seen.add(pid)
        out.append(Prosecutor(id=pid, aliases=aliases, **fields))
    offices_from_watchlist(records)  # terms are checked here too, so a bad date fails early
    return out


def read_watchlist(path: str | Path) -> tuple[list[Prosecutor], list[Office]]:
    """A JSON watchlist: its people, and the offices its optional terms describe."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of prosecutors")
    return prosecutors_from_records(data), offices_from_watchlist(data)


def load_watchlist_json(path: str | Path) -> list[Prosecutor]:
    """Read a JSON list of {name, office, jurisdiction, state, aliases?, terms?} objects."""
    return read_watchlist(path)[0]


def _label(rec: object, n: int) -> str:
    name = rec.get("name") if isinstance(rec, Mapping) else None
    return f"entry {n} ({name!r})" if isinstance(name, str) else f"entry {n}"
