"""The outbox: every alert is a persisted row before anything is sent, and is marked after.

A restart delivers what was pending. Each row carries a nonce derived from its alert key and
channel, so a send retried after a crash or timeout is recognised by Discord and not posted twice.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import random
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot import guilds
from bot.clock import utcnow
from bot.delivery.alert_view import MessageView, alert_view, notice_view, summary_view
from bot.delivery.sinks import Outcome, Result, Sink
from bot.store import ChannelStatus, OutboxRow, RowKind, RowStatus, Store

log = logging.getLogger(__name__)

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
) -> OutboxRow:
    rid = row_id(alert_key, channel_id)
    return OutboxRow(
        id=rid,
        kind=RowKind.ALERT,
        alert_key=alert_key,
        guild_id=guild_id,
        channel_id=channel_id,
        status=RowStatus.DIGEST if digest else RowStatus.PENDING,
        nonce=nonce_for(rid),
        mention_role_id=role,
        created_at=now,
        next_attempt_at=now,
    )


def new_notice(key: str, guild_id: str, channel_id: str, text: str, *, now: datetime) -> OutboxRow:
    """A message to organizers (a feed they added keeps failing): delivered like an alert,
    never folded into a flood summary, never pinging anyone."""
    row = new_row(f"notice|{key}", guild_id, channel_id, digest=False, role=None, now=now)
    return dataclasses.replace(row, kind=RowKind.NOTICE, alert_key=None, text=text)


def _retry_delay(attempts: int, hint: float | None) -> float:
    backoff: float = min(MAX_RETRY_DELAY, 15.0 * 2.0 ** min(attempts, 12))
    backoff *= random.uniform(0.8, 1.2)  # spread a queue's retries apart
    return min(MAX_RETRY_DELAY, max(hint or 0.0, backoff))


@dataclass
class DrainReport:
    delivered: int = 0
    retried: int = 0
    rejected: int = 0
    summarized: int = 0
    paused_channels: list[str] = field(default_factory=list)
    paused_all: bool = False


async def apply_outcome(store: Store, ids: list[str], outcome: Outcome, now: datetime) -> None:
    """Record what one send did to its rows, and commit at once: a crash after a delivery must
    not leave the row pending longer than the nonce protects it."""
    async with store.transaction() as tx:
        rows = await tx.outbox.get_many(ids)  # one read and one write for a whole summary
        changed: list[OutboxRow] = []
        for rid in dict.fromkeys(ids):
            row = rows.get(rid)
            if row is None:
                continue
            attempts = row.attempts
            row.attempts, row.last_error = attempts + 1, outcome.detail
            if outcome.result is Result.DELIVERED:
                row.status, row.delivered_at = RowStatus.DELIVERED, now
                row.message_id, row.last_error = outcome.message_id, None
            elif outcome.result in (Result.RETRY, Result.PAUSE_ALL):
                delay = _retry_delay(attempts, outcome.retry_after)
                row.next_attempt_at = now + timedelta(seconds=delay)
            elif outcome.result is Result.REJECTED:
                row.status = RowStatus.REJECTED
            else:  # FORBIDDEN / MISSING: kept, not retried, visible in /status
                row.status = RowStatus.UNDELIVERABLE
            changed.append(row)
        await tx.outbox.save(changed)
        first = rows.get(ids[0])
        if outcome.result in (Result.FORBIDDEN, Result.MISSING) and first is not None:
            status = (
                ChannelStatus.PAUSED
                if outcome.result is Result.FORBIDDEN
                else ChannelStatus.DISABLED
            )
            await guilds.set_channel_status(
                tx, first.guild_id, first.channel_id, status, outcome.detail
            )
            await tx.outbox.give_up_channel(first.channel_id, outcome.detail)
        if outcome.result is Result.PAUSE_ALL:
            until = now + timedelta(seconds=max(outcome.retry_after or 0, PAUSE_ON_GLOBAL_LIMIT))
            await tx.meta.set_delivery_paused_until(until)


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
    async with store.transaction() as tx:
        paused_until = await tx.meta.delivery_paused_until()
        if paused_until and paused_until > now:
            report.paused_all = True
            return report
        rows = await tx.outbox.due(now)
    by_channel: dict[str, list[OutboxRow]] = defaultdict(list)
    for row in rows:
        by_channel[row.channel_id].append(row)
    for channel_id, channel_rows in by_channel.items():
        notices = [r for r in channel_rows if r.kind is RowKind.NOTICE]
        alerts = [r for r in channel_rows if r.kind is not RowKind.NOTICE]
        singles = alerts if len(alerts) <= flood_cap else alerts[: flood_cap - 1]
        rest = alerts[len(singles) :]
        for row in notices + singles:
            outcome = await _send_row(store, sink, channel_id, row)
            await apply_outcome(store, [row.id], outcome, utcnow())
            if not _count(report, outcome, 1, channel_id):
                break
        else:
            if rest:
                await _send_summary(store, sink, channel_id, rest, report)
        if report.paused_all:
            break
    return report


async def _send_row(store: Store, sink: Sink, channel_id: str, row: OutboxRow) -> Outcome:
    if row.kind is RowKind.NOTICE:
        return await send_view(sink, channel_id, notice_view(row.text or ""), row.nonce)
    async with store.transaction() as tx:
        alert = await tx.alerts.get(row.alert_key or "")
    if alert is None:  # pruned: nothing left to show
        return Outcome(Result.REJECTED, detail="alert record missing")
    view = alert_view(alert, row.mention_role_id)
    return await send_view(sink, channel_id, view, row.nonce)


async def _send_summary(
    store: Store, sink: Sink, channel_id: str, rows: list[OutboxRow], report: DrainReport
) -> None:
    async with store.transaction() as tx:
        alerts = await tx.alerts.get_many([r.alert_key for r in rows if r.alert_key])
    view = summary_view(alerts, f"{len(rows)} more alerts")
    nonce = nonce_for(hashlib.sha256("|".join(r.id for r in rows).encode()).hexdigest())
    outcome = await send_view(sink, channel_id, view, nonce)
    await apply_outcome(store, [r.id for r in rows], outcome, utcnow())
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
