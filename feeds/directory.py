"""The prosecutor directory: bundled TOML, or a JSON watchlist, into Prosecutor records."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from unidecode import unidecode

from feeds.models import Prosecutor

MAX_FIELD = 200
_REQUIRED = ("name", "office", "jurisdiction", "state")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """ASCII, lowercase, hyphen-separated: "George Gascón" -> "george-gascon"."""
    return _NON_SLUG.sub("-", unidecode(name).lower()).strip("-")


def prosecutors_from_records(records: Iterable[Mapping[str, Any]]) -> list[Prosecutor]:
    """Validate records (name, office, jurisdiction, state, optional aliases and id)."""
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
    return out


def load_directory(path: str | Path) -> list[Prosecutor]:
    """Read a prosecutors.toml of [[prosecutor]] tables."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    records = data.get("prosecutor")
    if not isinstance(records, list):
        raise ValueError(f"{path}: expected [[prosecutor]] tables")
    return prosecutors_from_records(records)


def load_watchlist_json(path: str | Path) -> list[Prosecutor]:
    """Read a JSON list of {name, office, jurisdiction, state, aliases?} objects."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of prosecutors")
    return prosecutors_from_records(data)


def _label(rec: object, n: int) -> str:
    name = rec.get("name") if isinstance(rec, Mapping) else None
    return f"entry {n} ({name!r})" if isinstance(name, str) else f"entry {n}"
