"""The outbox: every alert is a persisted row before anything is sent, and is marked after.

A restart delivers what was pending. Each row carries a nonce derived from its alert key and
channel, so a send retried after a crash or timeout is recognised by Discord and not posted twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tinydb import Query

from bot import guilds
from bot.alert_view import MessageView, alert_view, notice_view, summary_view
from bot.sinks import Outcome, Result, Sink
from bot.store import Store, from_iso, iso, utcnow

log = logging.getLogger(__name__)
Q = Query()

SEND_TIMEOUT = 60.0
MAX_RETRY_DELAY = 3600.0
PAUSE_ON_GLOBAL_LIMIT = 600.0


def row_id(alert_key: str, channel_id: str) -> str:
    return hashlib.sha256(f"{alert_key}|{channel_id}".encode()).hexdigest()[:20]


def nonce_for(row_key: str) -> str:
    # Discord nonces are at most 25 characters.
    return row_key[:25]


def new_row(
    alert_key: str, guild_id: str, channel_id: str, *, digest: bool, role: str | None, now: datetime
) -> dict[str, Any]:
    rid = row_id(alert_key, channel_id)
    return {
        "id": rid,
        "kind": "alert",
        "alert_key": alert_key,
        "guild_id": guild_id,
        "channel_id": channel_id,
        "status": "digest" if digest else "pending",
        "nonce": nonce_for(rid),
        "mention_role_id": role,
        "attempts": 0,
        "created_at": iso(now),
        "next_attempt_at": iso(now),
        "delivered_at": None,
        "message_id": None,
        "last_error": None,
    }


def new_notice(
    key: str, guild_id: str, channel_id: str, text: str, *, now: datetime
) -> dict[str, Any]:
    """A message to organizers (a feed they added keeps failing): delivered like an alert,
    never folded into a flood summary, never pinging anyone."""
    row = new_row(f"notice|{key}", guild_id, channel_id, digest=False, role=None, now=now)
    row.update(kind="notice", alert_key=None, text=text)
    return row


def enqueue(store: Store, rows: list[dict[str, Any]]) -> int:
    """Insert rows not already present (an alert reaches a channel once, ever)."""
    if not rows:  # most cycles: no need to read the whole outbox
        return 0
    table = store.outbox
    known = {doc["id"] for doc in table}
    fresh = [row for row in rows if row["id"] not in known]
    table.insert_multiple(fresh)
    return len(fresh)


def pending_rows(store: Store, now: datetime) -> list[dict[str, Any]]:
    stamp = iso(now)
    rows = store.outbox.search((Q.status == "pending") & (Q.next_attempt_at <= stamp))
    return sorted((dict(r) for r in rows), key=lambda r: (r["created_at"], r["id"]))


def depth(store: Store) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in store.outbox.all():
        counts[row["status"]] += 1
    return dict(counts)


def _retry_delay(attempts: int, hint: float | None) -> float:
    backoff = min(MAX_RETRY_DELAY, 15.0 * 2 ** min(attempts, 12))
    backoff *= random.uniform(0.8, 1.2)  # spread a queue's retries apart
    return float(min(MAX_RETRY_DELAY, max(hint or 0.0, backoff)))


def _alert(store: Store, alert_key: str) -> dict[str, Any] | None:
    doc = store.alerts.get(Q.alert_key == alert_key)
    return dict(doc) if doc else None


def _alerts(store: Store, alert_keys: list[str]) -> list[dict[str, Any]]:
    """The alerts for these keys, in their order, missing ones left out: one table scan, where
    a key at a time scanned the table once per row of a flood summary."""
    wanted = set(alert_keys)
    found: dict[str, dict[str, Any]] = {}
    for doc in store.alerts:
        if doc["alert_key"] in wanted:
            found.setdefault(doc["alert_key"], dict(doc))
    return [found[key] for key in alert_keys if key in found]


@dataclass
class DrainReport:
    delivered: int = 0
    retried: int = 0
    rejected: int = 0
    summarized: int = 0
    paused_channels: list[str] = field(default_factory=list)
    paused_all: bool = False


def apply_outcome(store: Store, ids: list[str], outcome: Outcome, now: datetime) -> None:
    """Record what one send did to its rows, and commit at once: a crash after a delivery must
    not leave the row pending longer than the nonce protects it."""
    # One scan and one write for all the rows: a flood summary covers hundreds of rows, and a
    # TinyDB get and update per row scanned and copied the whole outbox for each.
    wanted = set(ids)
    rows: dict[str, Any] = {}
    for doc in store.outbox.search(Q.id.one_of(wanted)):
        rows.setdefault(doc["id"], doc)
    updates: dict[str, dict[str, Any]] = {}
    for rid in dict.fromkeys(ids):
        row = rows.get(rid)
        if row is None:
            continue
        update: dict[str, Any] = {"attempts": row["attempts"] + 1, "last_error": outcome.detail}
        if outcome.result is Result.DELIVERED:
            update.update(status="delivered", delivered_at=iso(now), message_id=outcome.message_id)
            update["last_error"] = None
        elif outcome.result in (Result.RETRY, Result.PAUSE_ALL):
            delay = _retry_delay(row["attempts"], outcome.retry_after)
            update["next_attempt_at"] = iso(now + timedelta(seconds=delay))
        elif outcome.result is Result.REJECTED:
            update["status"] = "rejected"
        else:  # FORBIDDEN / MISSING: kept, not retried, visible in /status
            update["status"] = "undeliverable"
        updates[rid] = update
    if updates:
        store.outbox.update(
            lambda doc: doc.update(updates[doc["id"]]),
            Q.id.one_of(set(updates)),
        )
    if outcome.result in (Result.FORBIDDEN, Result.MISSING):
        row = rows[ids[0]]
        status = "paused" if outcome.result is Result.FORBIDDEN else "disabled"
        guilds.set_channel_status(store, row["guild_id"], row["channel_id"], status, outcome.detail)
        store.outbox.update(
            {"status": "undeliverable", "last_error": outcome.detail},
            (Q.channel_id == row["channel_id"]) & (Q.status == "pending"),
        )
    if outcome.result is Result.PAUSE_ALL:
        until = now + timedelta(seconds=max(outcome.retry_after or 0, PAUSE_ON_GLOBAL_LIMIT))
        store.set_meta("delivery_paused_until", iso(until))
    store.commit()


async def send_view(sink: Sink, channel_id: str, view: MessageView, nonce: str) -> Outcome:
    try:
        async with asyncio.timeout(SEND_TIMEOUT):
            return await sink.send(channel_id, view, nonce)
    except TimeoutError:
        return Outcome(Result.RETRY, detail="send timed out")
    except Exception as exc:  # a sink bug must not kill delivery for everyone
        log.exception("sink failed")
        return Outcome(Result.RETRY, detail=f"sink error: {type(exc).__name__}")


_drain_locks: weakref.WeakKeyDictionary[Store, asyncio.Lock] = weakref.WeakKeyDictionary()


async def drain(store: Store, sink: Sink, *, flood_cap: int = 10) -> DrainReport:
    """Send every due pending row; at most `flood_cap` single alerts per channel per drain,
    the rest as one summary message."""
    # The delivery job and the end of a poll cycle may both drain; one at a time, or a row
    # could be sent twice (one message thanks to the nonce, but two requests).
    lock = _drain_locks.setdefault(store, asyncio.Lock())
    async with lock:
        return await _drain(store, sink, flood_cap)


async def _drain(store: Store, sink: Sink, flood_cap: int) -> DrainReport:
    report = DrainReport()
    now = utcnow()
    paused_until = from_iso(await store.call(store.get_meta, "delivery_paused_until"))
    if paused_until and paused_until > now:
        report.paused_all = True
        return report
    rows = await store.call(pending_rows, store, now)
    by_channel: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_channel[row["channel_id"]].append(row)
    for channel_id, channel_rows in by_channel.items():
        notices = [r for r in channel_rows if r.get("kind") == "notice"]
        alerts = [r for r in channel_rows if r.get("kind") != "notice"]
        singles = alerts if len(alerts) <= flood_cap else alerts[: flood_cap - 1]
        rest = alerts[len(singles) :]
        for row in notices + singles:
            outcome = await _send_row(store, sink, channel_id, row)
            await store.call(apply_outcome, store, [row["id"]], outcome, utcnow())
            if not _count(report, outcome, 1, channel_id):
                break
        else:
            if rest:
                await _send_summary(store, sink, channel_id, rest, report)
        if report.paused_all:
            break
    return report


async def _send_row(store: Store, sink: Sink, channel_id: str, row: dict[str, Any]) -> Outcome:
    if row.get("kind") == "notice":
        return await send_view(sink, channel_id, notice_view(row["text"]), row["nonce"])
    alert = await store.call(_alert, store, row["alert_key"])
    if alert is None:  # pruned: nothing left to show
        return Outcome(Result.REJECTED, detail="alert record missing")
    view = alert_view(alert, row.get("mention_role_id"))
    return await send_view(sink, channel_id, view, row["nonce"])


async def _send_summary(
    store: Store, sink: Sink, channel_id: str, rows: list[dict[str, Any]], report: DrainReport
) -> None:
    alerts = await store.call(_alerts, store, [r["alert_key"] for r in rows])
    view = summary_view(alerts, f"{len(rows)} more alerts")
    nonce = nonce_for(hashlib.sha256("|".join(r["id"] for r in rows).encode()).hexdigest())
    outcome = await send_view(sink, channel_id, view, nonce)
    await store.call(apply_outcome, store, [r["id"] for r in rows], outcome, utcnow())
    if _count(report, outcome, len(rows), channel_id) and outcome.result is Result.DELIVERED:
        report.summarized += len(rows)
        report.delivered -= len(rows)


def _count(report: DrainReport, outcome: Outcome, n: int, channel_id: str) -> bool:
    """Tally an outcome; False when this channel (or everything) should stop for now."""
    if outcome.result is Result.DELIVERED:
        report.delivered += n
        return True
    if outcome.result is Result.RETRY:
        report.retried += n
        return False  # the channel or Discord is struggling: leave the rest for later
    if outcome.result is Result.REJECTED:
        report.rejected += n
        return True
    if outcome.result is Result.PAUSE_ALL:
        report.paused_all = True
        return False
    report.paused_channels.append(channel_id)
    return False
