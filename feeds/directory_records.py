"""Directory records (TOML tables, JSON objects, CSV rows) checked into Office and Holder.

Every check raises ValueError with a label naming the record, so a bad file says where.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from feeds.match.offices import Holder, Office, check_terms, period_of
from feeds.match.titles import ROLES, role_of

MAX_FIELD = 200
MAX_ALIASES = 20
_OFFICE_FIELDS = ("office", "jurisdiction", "state")


def text_field(rec: Mapping[str, Any], key: str, label: str, required: bool = True) -> str:
    """A one-line string field, whitespace collapsed, at most MAX_FIELD characters."""
    value = rec.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError(f"{label}: missing or empty '{key}'")
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{label}: '{key}' must be text")
    if len(value) > MAX_FIELD:
        raise ValueError(f"{label}: '{key}' longer than {MAX_FIELD} characters")
    return " ".join(value.split())


def date_field(rec: Mapping[str, Any], key: str, label: str) -> date | None:
    """A date: a TOML date, or ISO text YYYY-MM-DD. Empty or absent: None."""
    value = rec.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        period = period_of(text) if len(text) == 10 else None
        if period is not None:
            return period.first
    raise ValueError(f"{label}: '{key}' must be a date written YYYY-MM-DD, not {value!r}")


def aliases_field(value: object, label: str) -> tuple[str, ...]:
    """A list of other spellings (or one string with ';' between them, as CSV cells have)."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, Iterable) or isinstance(value, Mapping):
        raise ValueError(f"{label}: 'aliases' must be a list of names")
    out = []
    for alias in value:
        if not isinstance(alias, str):
            raise ValueError(f"{label}: 'aliases' must be a list of names")
        alias = " ".join(alias.split())
        if alias:
            if len(alias) > MAX_FIELD:
                raise ValueError(f"{label}: an alias is longer than {MAX_FIELD} characters")
            out.append(alias)
    if len(out) > MAX_ALIASES:
        raise ValueError(f"{label}: more than {MAX_ALIASES} aliases")
    return tuple(dict.fromkeys(out))


def holder_from_record(rec: object, label: str, start_key: str = "start") -> Holder:
    """{name, start?, end?, aliases?, note?} -> Holder."""
    if not isinstance(rec, Mapping):
        raise ValueError(f"{label}: expected a table/object, got {type(rec).__name__}")
    end_key = start_key.replace("start", "end")
    name = text_field(rec, "name", label)
    start = date_field(rec, start_key, label)
    end = date_field(rec, end_key, label)
    if end is not None and start is None:
        raise ValueError(f"{label}: '{end_key}' given without '{start_key}'")
    if start is not None and end is not None and end < start:
        raise ValueError(f"{label}: '{end_key}' ({end}) is before '{start_key}' ({start})")
    note = text_field(rec, "note", label, required=False)
    return Holder(name, start, end, aliases_field(rec.get("aliases"), label), note)


def office_from_record(rec: object, label: str) -> Office:
    """An [[office]] table: office, jurisdiction, state, source, role?, holders = [...]."""
    if not isinstance(rec, Mapping):
        raise ValueError(f"{label}: expected a table, got {type(rec).__name__}")
    office, jurisdiction, state = (text_field(rec, k, label) for k in _OFFICE_FIELDS)
    label = f"{label} ({office}, {jurisdiction}, {state})"
    source = text_field(rec, "source", label, required=False)
    role = text_field(rec, "role", label, required=False) or role_of(office)
    if role not in ROLES:
        raise ValueError(f"{label}: 'role' must be one of {', '.join(ROLES)}")
    raw = rec.get("holders")
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"{label}: 'holders' must be a non-empty list")
    holders = tuple(holder_from_record(h, f"{label} holder {n}") for n, h in enumerate(raw, 1))
    check_terms(holders, label)
    return Office(office, jurisdiction, state.upper(), holders, role, source)


def offices_from_watchlist(records: Iterable[object]) -> list[Office]:
    """The offices a watchlist's optional terms describe.

    A record may carry term_start/term_end (its own office), or terms = [{start, end,
    office?, jurisdiction?, state?}] (a missing office field is the record's own).
    """
    out: list[Office] = []
    for n, rec in enumerate(records, start=1):
        if not isinstance(rec, Mapping):
            continue
        label = f"entry {n} ({rec.get('name')!r})"
        terms = rec.get("terms")
        if terms is not None and not isinstance(terms, list):
            raise ValueError(f"{label}: 'terms' must be a list of {{start, end}} objects")
        pieces = [(rec, "term_start")] if rec.get("term_start") or rec.get("term_end") else []
        pieces += [(t, "start") for t in terms or ()]
        for k, (piece, key) in enumerate(pieces, start=1):
            if not isinstance(piece, Mapping):
                raise ValueError(f"{label} term {k}: expected an object")
            merged = {**{f: rec.get(f) for f in _OFFICE_FIELDS}, **piece, "name": rec.get("name")}
            merged["aliases"] = rec.get("aliases")
            holder = holder_from_record(merged, f"{label} term {k}", key)
            if holder.start is None:
                raise ValueError(f"{label} term {k}: '{key}' is required")
            office, jurisdiction, state = (
                text_field(merged, f, f"{label} term {k}") for f in _OFFICE_FIELDS
            )
            out.append(Office(office, jurisdiction, state.upper(), (holder,), source="watchlist"))
    return _combine(out)


def _combine(offices: list[Office]) -> list[Office]:
    """Offices with the same key become one, with all their holders (terms checked)."""
    table: dict[tuple[str, str, str], Office] = {}
    for o in offices:
        old = table.get(o.key)
        if old is not None:
            o = Office(
                old.office,
                old.jurisdiction,
                old.state,
                old.holders + o.holders,
                old.role,
                old.source,
            )
        table[o.key] = o
    for o in table.values():
        check_terms(o.holders, f"terms for {o.office}, {o.jurisdiction}, {o.state}")
    return list(table.values())
