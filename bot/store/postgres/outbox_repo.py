"""PostgreSQL outbox repository: an alert reaches a channel once, by constraint."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import asyncpg

from bot.store.api import OutboxRepo
from bot.store.models import OutboxRow, RowStatus
from bot.store.postgres.codec import RowCodec

ROW = RowCodec(OutboxRow, "outbox")
_SELECT = f"SELECT {ROW.select_list} FROM outbox"
_BULK_INSERT = ROW.bulk_insert_sql() or ""
if not _BULK_INSERT:
    raise TypeError("OutboxRow has a list field now: enqueue needs another way to insert")


def _count(status: str) -> int:
    return int(status.rsplit(" ", 1)[-1])


class PgOutboxRepo(OutboxRepo):
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def enqueue(self, rows: list[OutboxRow]) -> int:
        """One INSERT for the batch; a row whose id, nonce or (alert, channel) is stored
        already (queued by another worker, or by this one before a lost commit) is skipped."""
        if not rows:
            return 0
        unique = {row.id: row for row in rows}
        ordered = [unique[key] for key in sorted(unique)]
        columns = zip(*(ROW.values(row) for row in ordered), strict=True)
        status = await self.conn.execute(_BULK_INSERT, *(list(column) for column in columns))
        return _count(status)

    async def due(self, now: datetime) -> list[OutboxRow]:
        rows = await self.conn.fetch(
            f"{_SELECT} WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY created_at, id",
            now,
        )
        return ROW.from_rows(rows)

    async def get_many(self, row_ids: Iterable[str]) -> dict[str, OutboxRow]:
        ids = sorted(set(row_ids))
        if not ids:
            return {}
        rows = await self.conn.fetch(f"{_SELECT} WHERE id = ANY($1::text[])", ids)
        return {row["id"]: ROW.from_row(row) for row in rows}

    async def by_nonce(self, nonce: str) -> OutboxRow | None:
        row = await self.conn.fetchrow(f"{_SELECT} WHERE nonce = $1", nonce)
        return ROW.from_row(row) if row else None

    async def held_for_digest(self, channel_id: str) -> list[OutboxRow]:
        rows = await self.conn.fetch(
            f"{_SELECT} WHERE channel_id = $1 AND status = 'digest' ORDER BY seq", channel_id
        )
        return ROW.from_rows(rows)

    async def all(self, guild_id: str | None = None) -> list[OutboxRow]:
        rows = await self.conn.fetch(
            f"{_SELECT} WHERE $1::text IS NULL OR guild_id = $1 ORDER BY seq", guild_id
        )
        return ROW.from_rows(rows)

    async def save(self, rows: list[OutboxRow]) -> None:
        if rows:
            ordered = sorted(rows, key=lambda r: r.id)
            await self.conn.executemany(ROW.update_sql("id"), [ROW.values(r) for r in ordered])

    async def give_up_channel(self, channel_id: str, detail: str) -> int:
        status = await self.conn.execute(
            "UPDATE outbox SET status = 'undeliverable', last_error = $2"
            " WHERE channel_id = $1 AND status = 'pending'",
            channel_id,
            detail,
        )
        return _count(status)

    async def depth(self, guild_id: str | None = None) -> dict[RowStatus, int]:
        rows = await self.conn.fetch(
            "SELECT status, count(*) AS n FROM outbox WHERE $1::text IS NULL OR guild_id = $1"
            " GROUP BY status",
            guild_id,
        )
        return {RowStatus(row["status"]): int(row["n"]) for row in rows}

    async def set_next_attempt(self, when: datetime, ids: Iterable[str] | None = None) -> None:
        if ids is None:
            await self.conn.execute("UPDATE outbox SET next_attempt_at = $1", when)
        else:
            await self.conn.execute(
                "UPDATE outbox SET next_attempt_at = $1 WHERE id = ANY($2::text[])",
                when,
                sorted(set(ids)),
            )
