"""Models to and from the JSON documents the TinyDB file has always held.

Datetimes are ISO 8601 strings in UTC (so they compare as strings in queries), enums their
values. A document missing a field (written by an older version) gets the field's default;
fields the model does not know are ignored. `Codec.check` tells whether a document can be read
at all (required fields present, every field of its type) and gives it back complete; the
engine runs it on every document when the store opens (see quarantine.py).
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


class BadRecord(ValueError):
    """A stored document that cannot become its model; the message names the field."""


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def checker(hint: Any) -> typing.Callable[[Any], Any]:
    """A function that returns a stored value in its canonical form, or raises ValueError
    saying what it expected, for a field of type `hint`."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [checker(a) for a in args if a is not type(None)]
        optional = type(None) in args
        (one,) = inner  # the models only use `X | None`

        def check_optional(value: Any) -> Any:
            return None if value is None and optional else one(value)

        return check_optional
    if hint is datetime:
        return _check_time
    if isinstance(hint, type) and issubclass(hint, Enum):
        choices = {str(m.value) for m in hint}

        def check_enum(value: Any) -> Any:
            if value not in choices:
                raise ValueError(f"{value!r} is not one of {sorted(choices)}")
            return value

        return check_enum
    if typing.get_origin(hint) is list:
        each = checker(args[0])

        def check_list(value: Any) -> Any:
            if not isinstance(value, list):
                raise ValueError(f"a list was expected, not {_type_name(value)}")
            return [each(v) for v in value]

        return check_list
    if typing.get_origin(hint) is dict:
        key, item = checker(args[0]), checker(args[1])

        def check_dict(value: Any) -> Any:
            if not isinstance(value, dict):
                raise ValueError(f"an object was expected, not {_type_name(value)}")
            return {key(k): item(v) for k, v in value.items()}

        return check_dict
    return _plain(hint)


def _plain(hint: Any) -> typing.Callable[[Any], Any]:
    # bool is an int to Python, never to the store; an int is a fine float.
    accepted: tuple[type, ...] = {float: (int, float)}.get(hint, (hint,))

    def check_plain(value: Any) -> Any:
        if isinstance(value, bool) != (hint is bool) or not isinstance(value, accepted):
            raise ValueError(f"{hint.__name__} expected, not {_type_name(value)}")
        return value

    return check_plain


def _check_time(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"a time (ISO 8601 text) expected, not {_type_name(value)}")
    moment = datetime.fromisoformat(value)  # ValueError names the text
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone")
    stamp = iso(moment)
    assert stamp is not None
    return stamp


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
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        self.plan = [(f.name, *_kind(hints[f.name])) for f in fields]
        self.checks = [(f.name, checker(hints[f.name]), _default(f)) for f in fields]

    def check(self, doc: dict[str, Any]) -> dict[str, Any]:
        """The document with every field of the model in its canonical form (missing ones at
        their defaults), fields the model does not know kept; raises BadRecord. A document
        already complete and canonical is returned as it is (not copied)."""
        checked = doc
        for name, check, default in self.checks:
            if name not in doc:
                if default is _REQUIRED:
                    raise BadRecord(f"field {name!r} is missing")
                value = default()
            else:
                try:
                    value = check(doc[name])
                except ValueError as exc:
                    raise BadRecord(f"field {name!r}: {exc}") from None
                if value == doc[name]:
                    continue
            if checked is doc:
                checked = dict(doc)
            checked[name] = value
        return checked

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


_REQUIRED = object()


def _default(f: dataclasses.Field[Any]) -> Any:
    """A function giving the stored form of the field's default, or _REQUIRED."""
    if f.default is not dataclasses.MISSING:
        value = f.default.value if isinstance(f.default, Enum) else f.default
        return lambda: value
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory  # list or dict: stored as they are
    return _REQUIRED


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


_PERSON_TEXT = ("id", "name", "office", "jurisdiction", "state")


def check_person(raw: Any) -> dict[str, Any]:
    """A watched person's stored form, complete, or BadRecord."""
    if not isinstance(raw, dict):
        raise BadRecord(f"a person is an object, not {_type_name(raw)}")
    for name in _PERSON_TEXT:
        value = raw.get(name)
        if not isinstance(value, str):
            raise BadRecord(f"person field {name!r}: text expected, not {_type_name(value)}")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise BadRecord("person field 'aliases': a list of text expected")
    return {**raw, "aliases": aliases}
