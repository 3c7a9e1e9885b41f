"""Outbox rows as they are queued: alerts, notices, thread notes, summaries, each with a
stable nonce.

A row's nonce is derived from its id, and the id from what the row is (an alert for a channel,
a notice for a guild, a summary of given rows), so a row sent again after a crash, a timeout or
a lost answer carries the same nonce and Discord answers it with the first message.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from bot.store import OutboxRow, RowKind, RowStatus


def row_id(key: str, scope: str) -> str:
    return hashlib.sha256(f"{key}|{scope}".encode()).hexdigest()[:20]


def nonce_for(row_key: str) -> str:
    # Discord nonces are at most 25 characters.
    return row_key[:25]


def new_row(
    alert_key: str, guild_id: str, channel_id: str, *, digest: bool, role: str | None, now: datetime
) -> OutboxRow:
    """An alert owed to a channel: it reaches that channel once, ever (the id says which)."""
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
    """A message to a guild's organizers, delivered like an alert, never folded into a summary,
    never pinging anyone. `channel_id` is where it should go ("" when the guild has no channel
    for it yet); the id and nonce do not depend on it, since a notice may move."""
    rid = row_id(f"notice|{key}", guild_id)
    return OutboxRow(
        id=rid,
        kind=RowKind.NOTICE,
        guild_id=guild_id,
        channel_id=channel_id,
        status=RowStatus.PENDING,
        nonce=nonce_for(rid),
        text=text,
        created_at=now,
        next_attempt_at=now,
    )


def new_update(
    alert_key: str, guild_id: str, channel_id: str, thread_id: str, text: str, *, now: datetime
) -> OutboxRow:
    """A note posted into the thread an alert opened (more outlets report it); `channel_id`
    stays the alert's channel, so the note waits out that channel's holds and is never folded
    into a summary. The id depends on the note's text: the same note is queued once."""
    key = hashlib.sha256(f"update|{alert_key}|{text}".encode()).hexdigest()
    rid = row_id(key, channel_id)
    return OutboxRow(
        id=rid,
        kind=RowKind.UPDATE,
        alert_key=alert_key,
        guild_id=guild_id,
        channel_id=channel_id,
        status=RowStatus.PENDING,
        nonce=nonce_for(rid),
        text=text,
        thread_id=thread_id,
        created_at=now,
        next_attempt_at=now,
    )


def new_summaries(
    kind: RowKind, covered: list[OutboxRow], sizes: list[int], texts: list[str], now: datetime
) -> list[OutboxRow]:
    """Summary (or digest) rows listing `covered` in order, `sizes[i]` rows in part i.

    Parts are a microsecond apart so the outbox sends them in order, after every row queued
    before them."""
    assert covered and sum(sizes) == len(covered) and len(texts) == len(sizes)
    first = covered[0]
    rows, start = [], 0
    for part, (size, text) in enumerate(zip(sizes, texts, strict=True)):
        ids = [row.id for row in covered[start : start + size]]
        start += size
        rid = row_id(f"{kind}|" + "|".join(ids), first.channel_id)
        created = now + timedelta(microseconds=part)
        rows.append(
            OutboxRow(
                id=rid,
                kind=kind,
                guild_id=first.guild_id,
                channel_id=first.channel_id,
                status=RowStatus.PENDING,
                nonce=nonce_for(rid),
                text=text,
                covers=ids,
                created_at=created,
                next_attempt_at=created,
            )
        )
    return rows
