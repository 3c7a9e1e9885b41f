"""What one poll cycle changes in the store, applied in one transaction.

For each source: its health; for each new item: seen mark, alert (or a note on an existing
alert when it is the same story), and outbox rows for the channels that asked for it. Seen marks
and outbox rows are committed together, so a crash cannot lose an alert between the two.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from bot import guilds, outbox, source_registry
from bot.routing import RouteContext, route
from bot.settings import PollSettings
from bot.store import Store, iso
from feeds.models import Event, Item, Match, Prosecutor
from feeds.story import headline_tokens, same_story

log = logging.getLogger(__name__)

CLUSTER_WINDOW = timedelta(days=3)


@dataclass
class SourceOutcome:
    """What fetching and parsing one source produced (built outside the store thread)."""

    source_id: str
    ok: bool
    unchanged: bool = False
    deferred: bool = False  # not polled this time (an API budget): health untouched
    matched: list[tuple[Item, list[Match]]] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    error_reason: str | None = None
    error_message: str | None = None
    retry_after: float | None = None


@dataclass
class CycleStats:
    sources: int = 0
    unchanged: int = 0
    errors: int = 0
    items: int = 0
    new_items: int = 0
    seeded_items: int = 0
    alerts: int = 0
    clustered: int = 0
    queued: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def origin(item: Item) -> str:
    """Who published it: the outlet, or the link's host; feedback patterns use this."""
    if item.outlet:
        return item.outlet
    if item.link:
        return (urlsplit(item.link).hostname or "").removeprefix("www.")
    return item.source_id.split(":", 1)[0]


def alert_record(event: Event, person: Prosecutor, now: datetime) -> dict[str, Any]:
    item, match = event.item, event.match
    return {
        "alert_key": event.alert_key,
        "prosecutor_id": person.id,
        "prosecutor_name": person.name,
        "prosecutor_office": person.office_line,
        "event_type": str(match.event_type),
        "second_type": str(match.second_type) if match.second_type else None,
        "score": round(match.score, 3),
        "evidence": list(match.evidence),
        "title": item.title,
        "summary": item.summary[:1000],
        "link": item.link,
        "outlet": item.outlet,
        "origin": origin(item),
        "published": iso(item.published),
        "source_id": item.source_id,
        "item_key": item.key,
        "court": item.court,
        "docket_number": item.docket_number,
        "case_name": item.case_name,
        "entry": item.entry,
        "document_number": item.document_number,
        "tokens": sorted(headline_tokens(item.title)),
        "also_reported_by": list(item.also_reported_by),
        "first_seen": iso(now),
    }


class _AlertIndex:
    """The alerts table as lookups, built once per cycle and kept current as alerts are added.

    TinyDB answers every get/search by scanning the table and rewrites the table on every insert
    or update, so looking up and inserting alert by alert made a 1,000-feed cycle quadratic in
    its alerts. New alerts and notes are written at the end in one insert and one update.
    """

    def __init__(self, store: Store, now: datetime) -> None:
        self.store = store
        self.cutoff = iso(now - CLUSTER_WINDOW)
        self._by_key: dict[str, dict[str, Any]] | None = None
        # (prosecutor id, event type) -> alerts first seen since the cutoff
        self._recent: dict[tuple[str | None, str | None], list[dict[str, Any]]] = {}
        self._doc_ids: dict[str, int] = {}
        self.new: list[dict[str, Any]] = []
        self._noted: set[str] = set()  # keys of stored alerts whose also_reported_by changed

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._by_key is None:
            self._by_key = {}
            for doc in self.store.alerts:  # table order, as get() and search() saw it
                self._index(dict(doc))
                self._doc_ids.setdefault(doc["alert_key"], doc.doc_id)
        return self._by_key

    def _index(self, doc: dict[str, Any]) -> None:
        assert self._by_key is not None
        self._by_key.setdefault(doc["alert_key"], doc)
        first_seen = doc.get("first_seen")
        if first_seen is not None and first_seen >= self.cutoff:
            key = (doc.get("prosecutor_id"), doc.get("event_type"))
            self._recent.setdefault(key, []).append(doc)

    def same_story(self, record: dict[str, Any]) -> dict[str, Any] | None:
        """The alert this record repeats: the same key, or the same story told differently."""
        existing = self._load().get(record["alert_key"])
        if existing is not None:
            return existing
        tokens = frozenset(record["tokens"])
        for doc in self._recent.get((record["prosecutor_id"], record["event_type"]), ()):
            if same_story(tokens, frozenset(doc["tokens"])):
                return doc
        return None

    def add(self, record: dict[str, Any]) -> None:
        self._load()
        self._index(record)
        self.new.append(record)

    def note_also_reported(self, doc: dict[str, Any], record: dict[str, Any]) -> None:
        names = list(doc.get("also_reported_by", []))
        for name in [record["origin"], *record["also_reported_by"]]:
            if name and name != doc.get("origin") and name not in names:
                names.append(name)
        doc["also_reported_by"] = names  # the indexed copy, or a record not yet inserted
        if doc["alert_key"] in self._doc_ids:
            self._noted.add(doc["alert_key"])

    def write(self) -> None:
        if self.new:
            self.store.alerts.insert_multiple(self.new)
        if self._noted:
            assert self._by_key is not None
            by_key = self._by_key
            self.store.alerts.update(
                lambda doc: doc.update(
                    also_reported_by=by_key[doc["alert_key"]]["also_reported_by"]
                ),
                doc_ids=[self._doc_ids[key] for key in self._noted],
            )


def _feed_notices(
    store: Store, source: dict[str, Any], fields: dict[str, Any], poll: PollSettings, now: datetime
) -> list[dict[str, Any]]:
    """Tell the organizers who added a feed when it keeps failing, and when it is disabled."""
    errors = fields["consecutive_errors"]
    disabled = fields.get("enabled") is False
    if not source["guild_ids"] or not (errors == poll.notify_after_errors or disabled):
        return []
    label = source.get("label") or source["id"]
    if disabled:
        text = (
            f"The feed {label} was disabled after {errors} errors in a row "
            f"(last: {fields['last_error']}). Fix it, then use /feeds retry."
        )
    else:
        text = f"The feed {label} failed {errors} times in a row: {fields['last_error']}."
    rows = []
    for guild_id in source["guild_ids"]:
        channel = guilds.notice_channel(store, guild_id)
        if channel is not None:
            key = f"{source['id']}|{errors}|{fields.get('enabled', True)}|{now.date()}"
            rows.append(outbox.new_notice(key, guild_id, channel, text, now=now))
    return rows


def _alertable(item: Item, now: datetime, poll: PollSettings) -> bool:
    # Undated items count as new: a feed without dates is still a feed.
    return item.published is None or item.published >= now - timedelta(days=poll.max_age_days)


def apply_cycle(
    store: Store,
    outcomes: list[SourceOutcome],
    people: dict[str, Prosecutor],
    poll: PollSettings,
    now: datetime,
) -> CycleStats:
    """Apply a cycle's outcomes (call inside Store.transaction).

    Lookups go through indexes built once here and writes are collected and made once per table
    at the end: TinyDB scans a table on every get and copies it on every write, which made a
    1,000-source cycle spend seconds in per-source and per-alert table operations.
    """
    stats = CycleStats(sources=len(outcomes))
    sources: dict[str, dict[str, Any]] = {}
    source_doc_ids: dict[str, list[int]] = {}
    for doc in store.sources:
        sources.setdefault(doc["id"], dict(doc))
        source_doc_ids.setdefault(doc["id"], []).append(doc.doc_id)
    source_changes: dict[str, dict[str, Any]] = {}

    def change(source: dict[str, Any], fields: dict[str, Any]) -> None:
        source.update(fields)  # a second outcome for the same source sees the first
        source_changes.setdefault(source["id"], {}).update(fields)

    alerts = _AlertIndex(store, now)
    ctx: RouteContext | None = None
    new_rows: list[dict[str, Any]] = []
    cycle_keys: dict[str, None] = {}  # items first seen in this cycle, in order
    for result in outcomes:
        source = sources.get(result.source_id)
        if source is None or result.deferred:
            continue
        if not result.ok:
            stats.errors += 1
            fields = source_registry.failure_fields(
                source,
                now,
                reason=result.error_reason or "error",
                message=result.error_message or "unknown error",
                retry_after=result.retry_after,
                max_backoff=poll.max_backoff_seconds,
                disable_after=poll.disable_after_errors,
            )
            change(source, fields)
            new_rows.extend(_feed_notices(store, source, fields, poll, now))
            continue
        fields = source_registry.success_fields(
            source,
            now,
            etag=result.etag,
            last_modified=result.last_modified,
            body_hash=result.body_hash,
            items=None if result.unchanged else len(result.matched),
        )
        change(source, fields)
        if result.unchanged:
            stats.unchanged += 1
            continue
        stats.items += len(result.matched)
        fresh = [
            (item, matches)
            for item, matches in result.matched
            if not store.is_seen(item.key) and item.key not in cycle_keys
        ]
        stats.new_items += len(fresh)
        cycle_keys.update(dict.fromkeys(item.key for item, _ in fresh))
        if not source["seeded"]:
            # A new source's existing items are history, not news: record them, alert on at most
            # the configured backfill of the newest ones.
            change(source, {"seeded": True})
            stats.seeded_items += max(0, len(fresh) - poll.backfill_items)
            fresh = fresh[: poll.backfill_items]
        for item, matches in fresh:
            if not _alertable(item, now, poll):
                continue
            for match in matches:
                person = people.get(match.prosecutor_id)
                if person is None:
                    continue
                record = alert_record(Event(item, match), person, now)
                existing = alerts.same_story(record)
                if existing is not None:
                    alerts.note_also_reported(existing, record)
                    stats.clustered += 1
                    continue
                alerts.add(record)
                stats.alerts += 1
                ctx = ctx or RouteContext(store)
                new_rows.extend(route(store, record, now, ctx))
    if source_changes:
        store.sources.update(
            lambda doc: doc.update(source_changes[doc["id"]]),
            doc_ids=[i for sid in source_changes for i in source_doc_ids[sid]],
        )
    store.mark_seen(cycle_keys, now)
    alerts.write()
    stats.queued = outbox.enqueue(store, new_rows)
    if any(not r.deferred for r in outcomes) or not outcomes:
        store.set_meta("last_cycle", {"at": iso(now), **stats.as_dict()})
    return stats
