"""Recording what a send did: a row's status, and what it means for its channel.

Each outcome is committed at once, in one transaction with its effects: a summary's listed
rows marked with it, a 429 stored as the channel's hold, a lost channel paused and its
organizers' notice queued, a global limit pausing everything.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bot.delivery import notices
from bot.delivery.sinks import Outcome, Result
from bot.store import OutboxRow, RowKind, RowStatus, Store, UnitOfWork

MAX_RETRY_DELAY = 3600.0
PAUSE_ON_GLOBAL_LIMIT = 600.0


def retry_delay(attempts: int, hint: float | None) -> float:
    backoff: float = min(MAX_RETRY_DELAY, 15.0 * 2.0 ** min(attempts, 12))
    backoff *= random.uniform(0.8, 1.2)  # spread a queue's retries apart
    return min(MAX_RETRY_DELAY, max(hint or 0.0, backoff))


def _mark(row: OutboxRow, outcome: Outcome, now: datetime) -> None:
    attempts = row.attempts
    row.attempts, row.last_error = attempts + 1, outcome.detail
    if outcome.result is Result.DELIVERED:
        row.status, row.delivered_at = RowStatus.DELIVERED, now
        row.message_id, row.last_error = outcome.message_id, None
        row.thread_id = outcome.thread_id or row.thread_id  # the alert's thread, for its notes
    elif outcome.result in (Result.RETRY, Result.PAUSE_ALL):
        row.next_attempt_at = now + timedelta(seconds=retry_delay(attempts, outcome.retry_after))
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
