"""The outbox: every message is a persisted row before anything is sent, and is marked after.

A restart delivers what was pending. Each row carries a nonce derived from what it is, so a
send retried after a crash or timeout is recognised by Discord and not posted twice. Three
rules keep a message from being sent twice or too soon:
- a summary is a row too, stored with its nonce before it is sent (bot/delivery/flood.py);
- a 429 for a channel holds that channel in the store until its retry_after has passed,
  whatever happens to the process or task that met it;
- while an outcome cannot be recorded (disk full), nothing more is sent: the outcome is kept
  and recorded first once the store takes writes again.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import weakref
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

from bot.clock import utcnow
from bot.delivery import flood, notices
from bot.delivery.alert_view import MessageView
from bot.delivery.render import render
from bot.delivery.rows import new_notice, new_row, nonce_for, row_id
from bot.delivery.sinks import Outcome, Result, Sink
from bot.store import OutboxRow, RowKind, RowStatus, Store, UnitOfWork

__all__ = [
    "DrainReport",
    "apply_outcome",
    "drain",
    "new_notice",
    "new_row",
    "nonce_for",
    "row_id",
    "send_view",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

SEND_TIMEOUT = 60.0
MAX_RETRY_DELAY = 3600.0
PAUSE_ON_GLOBAL_LIMIT = 600.0
# While outcomes cannot be recorded, recording is tried again this often; nothing is sent.
RECORD_RETRY = 10.0
# Passes over the outbox per drain: a pass may queue a notice (a channel was lost) or move one
# (its channel refused it), which the next pass sends.
MAX_PASSES = 6


def _retry_delay(attempts: int, hint: float | None) -> float:
    backoff: float = min(MAX_RETRY_DELAY, 15.0 * 2.0 ** min(attempts, 12))
    backoff *= random.uniform(0.8, 1.2)  # spread a queue's retries apart
    return min(MAX_RETRY_DELAY, max(hint or 0.0, backoff))


@dataclass
class DrainReport:
    delivered: int = 0  # messages: single alerts and notices
    retried: int = 0
    rejected: int = 0
    summarized: int = 0  # alerts delivered inside summaries
    paused_channels: list[str] = field(default_factory=list)
    held_channels: list[str] = field(default_factory=list)  # waiting out a 429
    struggling: set[str] = field(default_factory=set)  # stopped by a transient failure
    paused_all: bool = False
    blocked: bool = False  # an outcome could not be recorded: nothing sent until it is
    next_wake: datetime | None = None  # when there is something to do next (None: nothing)


def _mark(row: OutboxRow, outcome: Outcome, now: datetime) -> None:
    attempts = row.attempts
    row.attempts, row.last_error = attempts + 1, outcome.detail
    if outcome.result is Result.DELIVERED:
        row.status, row.delivered_at = RowStatus.DELIVERED, now
        row.message_id, row.last_error = outcome.message_id, None
    elif outcome.result in (Result.RETRY, Result.PAUSE_ALL):
        row.next_attempt_at = now + timedelta(seconds=_retry_delay(attempts, outcome.retry_after))
    elif outcome.result is Result.RATE_LIMITED:
        row.next_attempt_at = now + timedelta(seconds=outcome.retry_after or 1.0)
    elif outcome.result is Result.REJECTED:
        row.status = RowStatus.REJECTED
    elif row.kind is RowKind.NOTICE:  # refused there: it moves to another channel now
        row.next_attempt_at = now
    else:  # FORBIDDEN / MISSING: kept, not retried, visible in /status
        row.status = RowStatus.UNDELIVERABLE


async def apply_outcome(store: Store, ids: list[str], outcome: Outcome, now: datetime) -> bool:
    """Record what one send did to its rows (and to the rows a summary lists), and commit at
    once: a crash after a delivery must not leave a row pending longer than the nonce protects
    it. True when this queued or moved a notice that can be sent now."""
    async with store.transaction() as tx:
        rows = await tx.outbox.get_many(ids)
        listed = [rid for row in rows.values() for rid in row.covers]
        covered = await tx.outbox.get_many(listed) if listed else {}
        changed: list[OutboxRow] = []
        for row in (rows[rid] for rid in dict.fromkeys(ids) if rid in rows):
            _mark(row, outcome, now)
            changed.append(row)
            if row.status in (RowStatus.DELIVERED, RowStatus.REJECTED):
                for item in (covered[rid] for rid in row.covers if rid in covered):
                    item.status, item.delivered_at = row.status, row.delivered_at
                    item.message_id, item.last_error = row.message_id, row.last_error
                    changed.append(item)
        await tx.outbox.save(changed)
        first = rows.get(ids[0])
        if first is None:
            return False
        return await _channel_effects(tx, first, outcome, now)


async def _channel_effects(tx: UnitOfWork, row: OutboxRow, outcome: Outcome, now: datetime) -> bool:
    if outcome.result is Result.RATE_LIMITED:
        until = now + timedelta(seconds=outcome.retry_after or 1.0)
        await tx.outbox.hold_channel(row.channel_id, until)
    elif outcome.result is Result.PAUSE_ALL:
        until = now + timedelta(seconds=max(outcome.retry_after or 0, PAUSE_ON_GLOBAL_LIMIT))
        await tx.meta.set_delivery_paused_until(until)
    elif outcome.result in (Result.FORBIDDEN, Result.MISSING):
        lost = await notices.channel_lost(
            tx, row.guild_id, row.channel_id, outcome.result, outcome.detail, now
        )
        return lost or row.kind is RowKind.NOTICE
    return False


async def send_view(sink: Sink, channel_id: str, view: MessageView, nonce: str) -> Outcome:
    try:
        async with asyncio.timeout(SEND_TIMEOUT):
            return await sink.send(channel_id, view, nonce)
    except TimeoutError:
        return Outcome(Result.RETRY, detail="send timed out")
    except Exception as exc:  # a sink bug must not kill delivery for everyone
        log.exception("sink failed")
        return Outcome(Result.RETRY, detail=f"sink error: {type(exc).__name__}")


class NotRecorded(Exception):
    """The store refused a write delivery needs: stop sending until it takes writes again."""


class _Recorder:
    """One store's delivery bookkeeping: one drain at a time, and outcomes not yet recorded."""

    def __init__(self) -> None:
        # The delivery task, a test and an inline drain may all drain; one at a time, or a
        # row could be sent twice (one message thanks to the nonce, but two requests).
        self.lock = asyncio.Lock()
        self.unrecorded: list[tuple[list[str], Outcome, datetime]] = []
        self.failing = False

    async def record(self, store: Store, ids: list[str], outcome: Outcome, now: datetime) -> bool:
        try:
            more = await apply_outcome(store, ids, outcome, now)
        except Exception as exc:
            self.unrecorded.append((ids, outcome, now))
            self._failed(exc)
            raise NotRecorded from exc
        self._recovered()
        return more

    async def write(self, store: Store, change: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        """A change that must be stored before anything is sent (summary rows, a notice's
        new channel)."""
        try:
            async with store.transaction() as tx:
                result = await change(tx)
        except Exception as exc:
            self._failed(exc)
            raise NotRecorded from exc
        self._recovered()
        return result

    async def catch_up(self, store: Store) -> None:
        """Record the outcomes kept while the store refused writes, oldest first."""
        while self.unrecorded:
            ids, outcome, at = self.unrecorded[0]
            try:
                await apply_outcome(store, ids, outcome, at)
            except Exception as exc:
                self._failed(exc)
                raise NotRecorded from exc
            self.unrecorded.pop(0)
        self._recovered()

    def _failed(self, exc: Exception) -> None:
        if not self.failing:  # once per outage, not once per retry
            log.error(
                "delivery paused: the store cannot record what was sent (%s: %s); nothing "
                "more is sent until it can",
                type(exc).__name__,
                exc,
            )
        self.failing = True

    def _recovered(self) -> None:
        if self.failing:
            log.warning("the store records again: delivery resumes")
        self.failing = False


_recorders: weakref.WeakKeyDictionary[Store, _Recorder] = weakref.WeakKeyDictionary()


async def drain(store: Store, sink: Sink, *, flood_cap: int = 10) -> DrainReport:
    """Send every due pending row; at most `flood_cap` single alerts per channel per drain,
    the rest listed in summaries. Channels held by a 429 are skipped until the hold ends."""
    recorder = _recorders.setdefault(store, _Recorder())
    async with recorder.lock:
        report = DrainReport()
        try:
            await recorder.catch_up(store)
            for _ in range(MAX_PASSES):
                again = await _pass(store, sink, flood_cap, report, recorder)
                if not again or report.paused_all:
                    break
            report.next_wake = await _next_wake(store, report)
        except NotRecorded:
            report.blocked = True
            report.next_wake = utcnow() + timedelta(seconds=RECORD_RETRY)
        return report


async def _pass(
    store: Store, sink: Sink, flood_cap: int, report: DrainReport, recorder: _Recorder
) -> bool:
    """One pass over the due rows; True when it queued or moved notices to send now."""
    now = utcnow()
    async with store.transaction() as tx:
        paused_until = await tx.meta.delivery_paused_until()
        if paused_until and paused_until > now:
            report.paused_all, report.next_wake = True, paused_until
            return False
        rows = await tx.outbox.due(now)
        holds = await tx.outbox.holds(now)
    waiting = [r for r in rows if r.kind is RowKind.NOTICE]
    if waiting:
        stranded = await recorder.write(store, lambda tx: notices.place(tx, sink, waiting))
        for row in stranded:
            outcome = Outcome(Result.RETRY, detail="no channel of this server takes notices now")
            await recorder.record(store, [row.id], outcome, utcnow())
            report.retried += 1
        left_out = {r.id for r in stranded}
        rows = [r for r in rows if r.id not in left_out]
    by_channel: dict[str, list[OutboxRow]] = defaultdict(list)
    for row in rows:
        by_channel[row.channel_id].append(row)
    again = False
    for channel_id, channel_rows in by_channel.items():
        if channel_id in holds:
            report.held_channels.append(channel_id)
            continue
        fold = functools.partial(flood.fold, rows=channel_rows, cap=flood_cap, now=utcnow())
        queue = await recorder.write(store, fold)
        summary_pinged = False
        for row in queue:
            outcome, view = await _send(store, sink, row, summary_ping=not summary_pinged)
            again = await recorder.record(store, [row.id], outcome, utcnow()) or again
            if outcome.result is Result.DELIVERED and view is not None and view.mention_role_id:
                summary_pinged = summary_pinged or row.kind is RowKind.SUMMARY
            if not _count(report, outcome, row):
                break
        if report.paused_all:
            break
    return again


async def _send(
    store: Store, sink: Sink, row: OutboxRow, *, summary_ping: bool
) -> tuple[Outcome, MessageView | None]:
    async with store.transaction() as tx:
        view = await render(tx, row, summary_ping=summary_ping)
    if view is None:  # pruned: nothing left to show
        return Outcome(Result.REJECTED, detail="alert record missing"), None
    return await send_view(sink, row.channel_id, view, row.nonce), view


def _count(report: DrainReport, outcome: Outcome, row: OutboxRow) -> bool:
    """Tally an outcome; False when this channel (or everything) should stop for now."""
    alerts = len(row.covers) or 1
    if outcome.result is Result.DELIVERED:
        if row.covers:
            report.summarized += alerts
        else:
            report.delivered += 1
        return True
    if outcome.result is Result.REJECTED:
        report.rejected += alerts
        return True
    if outcome.result in (Result.RETRY, Result.RATE_LIMITED):
        report.retried += 1
        if outcome.result is Result.RATE_LIMITED:
            report.held_channels.append(row.channel_id)
        report.struggling.add(row.channel_id)
        return False  # the channel or Discord is struggling: leave the rest for later
    if outcome.result is Result.PAUSE_ALL:
        report.paused_all = True
        return False
    report.paused_channels.append(row.channel_id)
    return False


async def _next_wake(store: Store, report: DrainReport) -> datetime | None:
    """When a pending row can next be sent: its next attempt, or its channel's hold, or the
    end of a pause. The other rows of a channel that just failed wait as long as the first
    retry would, so a struggling channel is not tried row after row."""
    now = utcnow()
    async with store.transaction() as tx:
        paused_until = await tx.meta.delivery_paused_until()
        if paused_until and paused_until > now:
            return paused_until
        due = await tx.outbox.due(now)
        holds = await tx.outbox.holds(now)
        later = await tx.outbox.next_attempt_after(now)
    backoff = now + timedelta(seconds=_retry_delay(0, None))
    times = [
        holds.get(row.channel_id, backoff if row.channel_id in report.struggling else now)
        for row in due
    ]
    if later is not None:
        times.append(later)
    return min(times, default=None)
