"""Sources the bot polls, and their health: validators, errors, backoff, seeding.

Two kinds of source share one table: automatic ones built from query templates for every watched
prosecutor, and feeds an organizer added (owned by one or more guilds).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from tinydb import Query

from bot.store import Store, from_iso, iso, utcnow

Q = Query()


def new_source(
    source_id: str,
    kind: str,
    url: str,
    *,
    label: str = "",
    prosecutor_id: str | None = None,
    guild_id: str | None = None,
    interval: int = 300,
    seeded: bool = False,
) -> dict[str, Any]:
    return {
        "id": source_id,
        "kind": str(kind),
        "url": url,
        "label": label or url,
        "prosecutor_id": prosecutor_id,
        "guild_ids": [guild_id] if guild_id else [],
        "auto": guild_id is None,
        "enabled": True,
        "seeded": seeded,
        "interval": interval,
        "etag": None,
        "last_modified": None,
        "body_hash": None,
        "last_attempt": None,
        "last_success": None,
        "last_error": None,
        "error_reason": None,
        "consecutive_errors": 0,
        "next_check_at": None,
        "disabled_reason": None,
        "items_last": 0,
    }


def add_source(store: Store, doc: dict[str, Any]) -> dict[str, Any]:
    """Insert a source, or join an organizer to an existing one with the same id."""
    existing = store.sources.get(Q.id == doc["id"])
    if existing is None:
        store.sources.insert(doc)
        return doc
    merged = dict(existing)
    merged["guild_ids"] = sorted(set(existing["guild_ids"]) | set(doc["guild_ids"]))
    merged["auto"] = existing["auto"] and doc["auto"]
    if not existing["enabled"] and existing.get("disabled_reason") == "not watched":
        merged.update(enabled=True, disabled_reason=None)
    store.sources.update(merged, Q.id == doc["id"])
    return merged


def remove_guild_source(store: Store, guild_id: str, source_id: str) -> bool:
    doc = store.sources.get(Q.id == source_id)
    if doc is None or guild_id not in doc["guild_ids"]:
        return False
    owners = [g for g in doc["guild_ids"] if g != guild_id]
    if owners or doc["auto"]:
        store.sources.update({"guild_ids": owners}, Q.id == source_id)
    else:
        store.sources.remove(Q.id == source_id)
    return True


def guild_sources(store: Store, guild_id: str) -> list[dict[str, Any]]:
    return [dict(d) for d in store.sources.search(Q.guild_ids.any([guild_id]))]


def sync_auto_sources(store: Store, wanted: list[dict[str, Any]]) -> None:
    """Add automatic sources for watched people; disable those nobody watches any more.

    One pass over the table and one write per kind of change: with thousands of watched names
    this runs over tens of thousands of sources, where a TinyDB lookup per source is quadratic.
    A source's history (validators, seen state, health) is kept; its URL, label and interval
    follow the current templates.
    """
    wanted_by_id = {doc["id"]: doc for doc in wanted}
    existing: set[str] = set()
    changes: dict[str, dict[str, Any]] = {}
    doc_ids: list[int] = []
    for doc in store.sources:
        spec = wanted_by_id.get(doc["id"])
        existing.add(doc["id"])
        if spec is not None:
            fields: dict[str, Any] = {
                k: spec[k]
                for k in ("url", "kind", "label", "interval", "headers_env")
                if k in spec and doc.get(k) != spec[k]
            }
            if not doc["enabled"] and doc.get("disabled_reason") == "not watched":
                fields.update(enabled=True, disabled_reason=None)
            if fields:
                changes[doc["id"]] = fields
                doc_ids.append(doc.doc_id)
        elif doc["auto"] and doc["enabled"] and not doc.get("push"):
            changes[doc["id"]] = {"enabled": False, "disabled_reason": "not watched"}
            doc_ids.append(doc.doc_id)
    if changes:
        store.sources.update(lambda doc: doc.update(changes[doc["id"]]), doc_ids=doc_ids)
    store.sources.insert_multiple(
        doc for source_id, doc in wanted_by_id.items() if source_id not in existing
    )


def due_sources(
    store: Store, now: datetime | None = None, max_backoff: float = 6 * 3600
) -> list[dict[str, Any]]:
    """Enabled sources whose next check has come.

    Next checks are stored as UTC times. One further ahead than any wait the bot sets (the
    source's interval or the longest backoff) can only come from the clock having been set back:
    such a source is due now rather than silent until the clock catches up.
    """
    now = now or utcnow()
    stamp = iso(now)
    due = []
    for doc in store.sources.search(Q.enabled == True):  # noqa: E712 - TinyDB query syntax
        upcoming = doc.get("next_check_at")
        if upcoming is None or upcoming <= stamp:
            due.append(dict(doc))
            continue
        longest = max(doc["interval"] * 1.2, max_backoff) + 300
        if (datetime.fromisoformat(upcoming) - now).total_seconds() > longest:
            due.append(dict(doc))
    return due


def _next_check(doc: dict[str, Any], now: datetime, delay: float) -> str:
    return iso(now + timedelta(seconds=delay * random.uniform(0.9, 1.1)))


def success_fields(
    doc: dict[str, Any],
    now: datetime,
    *,
    etag: str | None,
    last_modified: str | None,
    body_hash: str | None,
    items: int | None,
) -> dict[str, Any]:
    """The changes a successful poll makes to a source document."""
    update = {
        "etag": etag,
        "last_modified": last_modified,
        "body_hash": body_hash,
        "last_attempt": iso(now),
        "last_success": iso(now),
        "consecutive_errors": 0,
        "last_error": None,
        "error_reason": None,
        "next_check_at": _next_check(doc, now, doc["interval"]),
    }
    if items is not None:
        update["items_last"] = items
    return update


def failure_fields(
    doc: dict[str, Any],
    now: datetime,
    *,
    reason: str,
    message: str,
    retry_after: float | None,
    max_backoff: float,
    disable_after: int,
) -> dict[str, Any]:
    """The changes a failed poll makes: count the error, back off exponentially, maybe disable."""
    errors = doc["consecutive_errors"] + 1
    delay = min(max_backoff, doc["interval"] * 2 ** min(errors - 1, 16))
    if retry_after:
        delay = min(max_backoff, max(delay, retry_after))
    update = {
        "last_attempt": iso(now),
        "consecutive_errors": errors,
        "last_error": message,
        "error_reason": reason,
        "next_check_at": iso(now + timedelta(seconds=delay)),
    }
    if disable_after and errors >= disable_after:
        update.update(enabled=False, disabled_reason=f"{errors} errors in a row: {message}")
    return update


def retry_source(store: Store, source_id: str) -> bool:
    """Re-enable a source and poll it at the next cycle (after the organizer fixed it)."""
    updated = store.sources.update(
        {"enabled": True, "disabled_reason": None, "consecutive_errors": 0, "next_check_at": None},
        Q.id == source_id,
    )
    return bool(updated)


def last_success(doc: dict[str, Any]) -> datetime | None:
    return from_iso(doc.get("last_success"))
