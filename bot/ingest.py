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

from tinydb import Query

from bot import guilds, outbox, source_registry
from bot.settings import PollSettings
from bot.store import Store, iso
from feeds.models import Event, Item, Match, Prosecutor
from feeds.story import headline_tokens, same_story

log = logging.getLogger(__name__)
Q = Query()

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


def _same_story_alert(store: Store, record: dict[str, Any], now: datetime) -> dict | None:
    existing = store.alerts.get(Q.alert_key == record["alert_key"])
    if existing is not None:
        return existing
    cutoff = iso(now - CLUSTER_WINDOW)
    tokens = frozenset(record["tokens"])
    for doc in store.alerts.search(
        (Q.prosecutor_id == record["prosecutor_id"])
        & (Q.event_type == record["event_type"])
        & (Q.first_seen >= cutoff)
    ):
        if same_story(tokens, frozenset(doc["tokens"])):
            return doc
    return None


def _note_also_reported(store: Store, doc: dict[str, Any], record: dict[str, Any]) -> None:
    names = list(doc.get("also_reported_by", []))
    for name in [record["origin"], *record["also_reported_by"]]:
        if name and name != doc.get("origin") and name not in names:
            names.append(name)
    store.alerts.update({"also_reported_by": names}, Q.alert_key == doc["alert_key"])


def route(store: Store, record: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    """Outbox rows for every channel that asked for this prosecutor and type."""
    rows: dict[str, dict[str, Any]] = {}
    watching = guilds.watchers(store).get(record["prosecutor_id"], set())
    for sub in guilds.subscriptions(store):
        if sub["guild_id"] not in watching or sub["channel_id"] in rows:
            continue
        if sub["prosecutor_id"] not in (guilds.ALL, record["prosecutor_id"]):
            continue
        if sub["types"] and record["event_type"] not in sub["types"]:
            continue
        channel = guilds.channel_settings(store, sub["guild_id"], sub["channel_id"])
        if channel["status"] != "active" or guilds.suppressed(store, sub["guild_id"], record):
            continue
        rows[sub["channel_id"]] = outbox.new_row(
            record["alert_key"],
            sub["guild_id"],
            sub["channel_id"],
            digest=channel["digest"] != "off",
            role=guilds.mention_for(store, sub["guild_id"], record["event_type"]),
            now=now,
        )
    return list(rows.values())


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
    """Apply a cycle's outcomes (call inside Store.transaction)."""
    stats = CycleStats(sources=len(outcomes))
    new_rows: list[dict[str, Any]] = []
    for result in outcomes:
        source = store.sources.get(Q.id == result.source_id)
        if source is None or result.deferred:
            continue
        if not result.ok:
            stats.errors += 1
            source_registry.record_failure(
                store,
                result.source_id,
                now,
                reason=result.error_reason or "error",
                message=result.error_message or "unknown error",
                retry_after=result.retry_after,
                max_backoff=poll.max_backoff_seconds,
                disable_after=poll.disable_after_errors,
            )
            continue
        source_registry.record_success(
            store,
            result.source_id,
            now,
            etag=result.etag,
            last_modified=result.last_modified,
            body_hash=result.body_hash,
            items=None if result.unchanged else len(result.matched),
        )
        if result.unchanged:
            stats.unchanged += 1
            continue
        stats.items += len(result.matched)
        fresh = [(item, matches) for item, matches in result.matched if not store.is_seen(item.key)]
        stats.new_items += len(fresh)
        store.mark_seen((item.key for item, _ in fresh), now)
        if not source["seeded"]:
            # A new source's existing items are history, not news: record them, alert on at most
            # the configured backfill of the newest ones.
            store.sources.update({"seeded": True}, Q.id == result.source_id)
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
                existing = _same_story_alert(store, record, now)
                if existing is not None:
                    _note_also_reported(store, existing, record)
                    stats.clustered += 1
                    continue
                store.alerts.insert(record)
                stats.alerts += 1
                new_rows.extend(route(store, record, now))
    stats.queued = outbox.enqueue(store, new_rows)
    if any(not r.deferred for r in outcomes) or not outcomes:
        store.set_meta("last_cycle", {"at": iso(now), **stats.as_dict()})
    return stats
