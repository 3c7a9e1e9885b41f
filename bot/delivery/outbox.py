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
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import utcnow
from bot.delivery import flood, notices
from bot.delivery.alert_view import MessageView
from bot.delivery.outcomes import apply_outcome, retry_delay
from bot.delivery.recorder import NotRecorded, Recorder
from bot.delivery.render import render
from bot.delivery.rows import new_notice, new_row, new_update, nonce_for, row_id
from bot.delivery.sinks import Outcome, Result, Sink
from bot.store import OutboxRow, RowKind, Store

__all__ = [
    "DrainReport",
    "apply_outcome",
    "drain",
    "new_notice",
    "new_row",
    "new_update",
    "nonce_for",
    "row_id",
    "send_view",
]

log = logging.getLogger(__name__)

SEND_TIMEOUT = 60.0
# While outcomes cannot be recorded, recording is tried again this often; nothing is sent.
RECORD_RETRY = 10.0
# Passes over the outbox per drain: a pass may queue a notice (a channel was lost) or move one
# (its channel refused it), which the next pass sends.
MAX_PASSES = 6


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


async def send_view(sink: Sink, channel_id: str, view: MessageView, nonce: str) -> Outcome:
    try:
        async with asyncio.timeout(SEND_TIMEOUT):
            return await sink.send(channel_id, view, nonce)
    except TimeoutError:
        return Outcome(Result.RETRY, detail="send timed out")
    except Exception as exc:  # a sink bug must not kill delivery for everyone
        log.exception("sink failed")
        return Outcome(Result.RETRY, detail=f"sink error: {type(exc).__name__}")


_recorders: weakref.WeakKeyDictionary[Store, Recorder] = weakref.WeakKeyDictionary()


async def drain(store: Store, sink: Sink, *, flood_cap: int = 10) -> DrainReport:
    """Send every due pending row; at most `flood_cap` single alerts per channel per drain,
    the rest listed in summaries. Channels held by a 429 are skipped until the hold ends."""
    recorder = _recorders.setdefault(store, Recorder())
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
    store: Store, sink: Sink, flood_cap: int, report: DrainReport, recorder: Recorder
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
        queue = flood.order(channel_rows)
        if flood.overflows(channel_rows, flood_cap):  # stored before anything is sent
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
    if row.kind is RowKind.UPDATE:
        return await _send_update(sink, row, view), view
    return await send_view(sink, row.channel_id, view, row.nonce), view


async def _send_update(sink: Sink, row: OutboxRow, view: MessageView) -> Outcome:
    """A note into an alert's thread. It is held, retried and counted under the alert's channel
    (a 429 holds that channel), but a thread that is gone or closed to the bot loses only the
    note: it must not pause or disable the channel the alert went to."""
    if not row.thread_id:
        return Outcome(Result.REJECTED, detail="no thread to post in")
    outcome = await send_view(sink, row.thread_id, view, row.nonce)
    if outcome.result in (Result.FORBIDDEN, Result.MISSING):
        return Outcome(Result.REJECTED, detail=f"thread unavailable: {outcome.detail}")
    return outcome


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
    backoff = now + timedelta(seconds=retry_delay(0, None))
    times = [
        holds.get(row.channel_id, backoff if row.channel_id in report.struggling else now)
        for row in due
    ]
    if later is not None:
        times.append(later)
    return min(times, default=None)
