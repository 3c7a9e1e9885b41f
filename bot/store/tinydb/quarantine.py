"""Rows the store cannot read are set aside when it opens, so one bad row never fails every
poll cycle (a source row missing its url once made every cycle raise, forever).

Every document of every table the bot knows is checked against its model (records.Codec.check):
required fields present, each field of its type, times with a zone. A document that passes is
kept in its complete, canonical form (missing optional fields at their defaults, so repository
code may index any field). One that fails is moved, as it was, into the store's own
`quarantine` table with where it came from and why:

    {"table": "sources", "doc_id": "3", "part": null, "reason": "field 'url' is missing",
     "doc": {...as stored...}, "at": "2026-11-20T12:00:00+00:00"}

`part` names the piece of a document set aside alone when the rest of it is sound (one watched
person of a guild's watchlist: "watch/<id>", or its "mention" rule), so one bad entry does not
cost a server its whole setup. Nothing reads the quarantine table; an operator can fix a row and
put it back (README, "The store"). Tables this version does not know are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.store.models import (
    Alert,
    ChannelSettings,
    Feedback,
    OutboxRow,
    Source,
    Subscription,
)
from bot.store.tinydb.records import BadRecord, Codec, check_person, checker, iso
from feeds.models import EventType

QUARANTINE = "quarantine"

Doc = dict[str, Any]
# Parts of a document set aside while the rest is kept: (part, reason, raw value).
Parts = list[tuple[str, str, Any]]

_CODECS: dict[str, Codec[Any]] = {
    "sources": Codec(Source),
    "alerts": Codec(Alert),
    "outbox": Codec(OutboxRow),
    "subscriptions": Codec(Subscription),
    "channels": Codec(ChannelSettings),
    "feedback": Codec(Feedback),
}
_TEXT = checker(str)
_NUMBER = checker(float)
_TIME = checker(datetime)
_TIME_OR_NONE = checker(datetime | None)
_EVENT_TYPES = checker(list[EventType])


def _field(doc: Doc, name: str, check: Callable[[Any], Any]) -> Any:
    if name not in doc:
        raise BadRecord(f"field {name!r} is missing")
    try:
        return check(doc[name])
    except ValueError as exc:
        raise BadRecord(f"field {name!r}: {exc}") from None


def _seen(doc: Doc, _: Parts) -> Doc:
    # 100k of these in a big store: the common case is checked without a copy.
    if type(doc.get("k")) is str and type(doc.get("t")) in (int, float):
        return doc
    return {**doc, "k": _field(doc, "k", _TEXT), "t": _field(doc, "t", _NUMBER)}


def _guild(doc: Doc, parts: Parts) -> Doc:
    """A guild's watchlist and mention rule: a bad entry goes alone, the rest stays."""
    checked = {**doc, "guild_id": _field(doc, "guild_id", _TEXT)}
    watch = doc.get("watch", {})
    if not isinstance(watch, dict):
        parts.append(("watch", "the watchlist is not an object", watch))
        watch = {}
    kept = {}
    for pid, raw in watch.items():
        try:
            person = check_person(raw)
            if person["id"] != pid:
                raise BadRecord(f"person id {person['id']!r} is filed under {pid!r}")
            kept[pid] = person
        except BadRecord as exc:
            parts.append((f"watch/{pid}", str(exc), raw))
    checked["watch"] = kept
    mention = doc.get("mention")
    if mention is not None:
        try:
            if not isinstance(mention, dict):
                raise BadRecord("the mention rule is not an object")
            mention = {
                **mention,
                "role_id": _field(mention, "role_id", _TEXT),
                "types": _field(mention, "types", _EVENT_TYPES),
            }
        except BadRecord as exc:
            parts.append(("mention", str(exc), mention))
            mention = None
    checked["mention"] = mention
    return checked


_LAST_CYCLE = checker(dict[str, int])
_CALL_TIMES = checker(list[float])


def _meta(doc: Doc, _: Parts) -> Doc:
    name = _field(doc, "name", _TEXT)
    value = doc.get("value")
    if name == "last_cycle" and value is not None:
        if not isinstance(value, dict):
            raise BadRecord("field 'value': an object expected")
        at = _field(value, "at", _TIME)
        counts = {k: v for k, v in value.items() if k != "at"}
        try:
            value = {"at": at, **_LAST_CYCLE(counts)}
        except ValueError as exc:
            raise BadRecord(f"field 'value': {exc}") from None
    elif name == "delivery_paused_until":
        value = _field({"value": value}, "value", _TIME_OR_NONE)
    elif name.startswith("api_calls:"):
        value = _field({"value": value}, "value", _CALL_TIMES)
    return {**doc, "name": name, "value": value}


def _codec_check(codec: Codec[Any]) -> Callable[[Doc, Parts], Doc]:
    return lambda doc, _: codec.check(doc)


CHECKS: dict[str, Callable[[Doc, Parts], Doc]] = {
    **{name: _codec_check(codec) for name, codec in _CODECS.items()},
    "seen": _seen,
    "guilds": _guild,
    "meta": _meta,
}


@dataclass
class Sweep:
    """What opening the store set aside (quarantine documents) and whether it changed any."""

    aside: list[Doc] = field(default_factory=list)
    changed: bool = False

    def summary(self) -> str:
        """'sources 2, guilds 1' and the first reasons, for one log line."""
        counts: dict[str, int] = {}
        for doc in self.aside:
            counts[doc["table"]] = counts.get(doc["table"], 0) + 1
        tables = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
        first = "; ".join(
            f"{d['table']} #{d['doc_id']}{'/' + d['part'] if d['part'] else ''}: {d['reason']}"
            for d in self.aside[:3]
        )
        return f"{tables} (first: {first})"


def sweep(data: dict[str, Any], at: datetime) -> Sweep:
    """Check every document in `data` ({table: {doc_id: document}}, changed in place): bad
    ones (or bad parts) move to the quarantine table, good ones are made complete."""
    result = Sweep()
    stamp = iso(at)

    def set_aside(table: str, doc_id: str | None, part: str | None, why: str, raw: Any) -> None:
        result.aside.append(
            {"table": table, "doc_id": doc_id, "part": part, "reason": why, "doc": raw, "at": stamp}
        )

    for name in [n for n in data if n != QUARANTINE]:
        table = data[name]
        if not isinstance(table, dict):
            why = f"the table is {type(table).__name__}, not an object"
            set_aside(name, None, None, why, table)
            data[name] = {}
            continue
        check = CHECKS.get(name)
        parts: Parts = []
        for doc_id, doc in list(table.items()):
            try:
                if not doc_id.isdigit():
                    raise BadRecord(f"document id {doc_id!r} is not a number")
                if not isinstance(doc, dict):
                    raise BadRecord(f"the document is {type(doc).__name__}, not an object")
                if check is None:
                    continue
                checked = check(doc, parts)
            except BadRecord as exc:
                set_aside(name, doc_id, None, str(exc), doc)
                del table[doc_id]
                continue
            for part, why, raw in parts:
                set_aside(name, doc_id, part, why, raw)
            parts.clear()
            if checked is not doc and checked != doc:
                table[doc_id] = checked
                result.changed = True
    if result.aside:
        kept = data.get(QUARANTINE)
        kept = kept if isinstance(kept, dict) else {}
        next_id = max((int(i) for i in kept if i.isdigit()), default=0) + 1
        for offset, doc in enumerate(result.aside):
            kept[str(next_id + offset)] = doc
        data[QUARANTINE] = kept
        result.changed = True
    return result
