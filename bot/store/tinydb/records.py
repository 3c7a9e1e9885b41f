"""Models to and from the JSON documents the TinyDB file has always held.

Datetimes are ISO 8601 strings in UTC (so they compare as strings in queries), enums their
values. A document missing a field (written by an older version) gets the field's default;
fields the model does not know are ignored.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Generic, TypeVar

from feeds.models import Prosecutor

T = TypeVar("T")


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def from_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _kind(hint: Any) -> tuple[str, Any]:
    """How a field is stored: ("time", None), ("enum", cls), ("enums", cls) or ("plain", None)."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        hint = args[0]
    if hint is datetime:
        return "time", None
    if isinstance(hint, type) and issubclass(hint, Enum):
        return "enum", hint
    if typing.get_origin(hint) is list:
        (inner,) = typing.get_args(hint)
        if isinstance(inner, type) and issubclass(inner, Enum):
            return "enums", inner
        return "list", None
    return "plain", None


class Codec(Generic[T]):
    """Converts one dataclass; the field plan is worked out once, not per document."""

    def __init__(self, cls: type[T]) -> None:
        self.cls = cls
        hints = typing.get_type_hints(cls)
        self.plan = [(f.name, *_kind(hints[f.name])) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]

    def to_doc(self, obj: T) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        for name, kind, _ in self.plan:
            value = getattr(obj, name)
            if kind == "time":
                value = iso(value)
            elif kind == "enum":
                value = None if value is None else value.value
            elif kind in ("enums", "list"):
                value = [v.value if isinstance(v, Enum) else v for v in value]
            doc[name] = value
        return doc

    def from_doc(self, doc: typing.Mapping[str, Any]) -> T:
        values: dict[str, Any] = {}
        for name, kind, cls in self.plan:
            if name not in doc:
                continue
            value = doc[name]
            if kind == "time":
                value = from_iso(value)
            elif kind == "enum":
                value = None if value is None else cls(value)
            elif kind == "enums":
                value = [cls(v) for v in value]
            elif kind == "list":
                value = list(value)
            values[name] = value
        return self.cls(**values)


def person_doc(person: Prosecutor) -> dict[str, Any]:
    return {**dataclasses.asdict(person), "aliases": list(person.aliases)}


def person(raw: typing.Mapping[str, Any]) -> Prosecutor:
    return Prosecutor(
        id=raw["id"],
        name=raw["name"],
        office=raw["office"],
        jurisdiction=raw["jurisdiction"],
        state=raw["state"],
        aliases=tuple(raw.get("aliases", ())),
    )
