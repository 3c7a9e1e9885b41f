"""PostgreSQL outbox repository: an alert reaches a channel once, by constraint."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

import asyncpg

from bot.store.api import OutboxRepo
from bot.store.models import OutboxRow, RowStatus
from bot.store.postgres.codec import RowCodec

ROW = RowCodec(OutboxRow, "outbox")
_SELECT = f"SELECT {ROW.select_list} FROM outbox"
_COVERS = ROW.columns.index("covers")
# One INSERT for a batch: every column as one array, unnested side by side. `covers` (a list per
# row, which unnest cannot take as a ragged array of arrays) travels as one JSON text per row.
_ENQUEUE = (
    f"INSERT INTO outbox ({ROW.select_list}) SELECT "
    + ", ".join(
        "ARRAY(SELECT jsonb_array_elements_text(v.covers::jsonb))" if c == "covers" else f"v.{c}"
        for c in ROW.columns
    )
    + " FROM unnest("
    + ", ".join(
        f"${i}::{'text[]' if c == 'covers' else ROW.array_types[i - 1]}"
        for i, c in enumerate(ROW.columns, 1)
    )
    + f") AS v({ROW.select_list}) ON CONFLICT DO NOTHING"
)
# Rows a channel still owes: given up together when the channel is lost.
_WAITING = [RowStatus.PENDING.value, RowStatus.IN_SUMMARY.value]


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
        columns = [list(column) for column in zip(*(ROW.values(r) for r in ordered), strict=True)]
        columns[_COVERS] = [json.dumps(covers) for covers in columns[_COVERS]]
        status = await self.conn.execute(_ENQUEUE, *columns)
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
        # Notices stay: they move to another channel of the guild instead.
        status = await self.conn.execute(
            "UPDATE outbox SET status = 'undeliverable', last_error = $2"
            " WHERE channel_id = $1 AND status = ANY($3::text[]) AND kind <> 'notice'",
            channel_id,
            detail,
            _WAITING,
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

    async def next_attempt_after(self, now: datetime) -> datetime | None:
        return await self.conn.fetchval(  # type: ignore[no-any-return]
            "SELECT min(next_attempt_at) FROM outbox"
            " WHERE status = 'pending' AND next_attempt_at > $1",
            now,
        )

    async def hold_channel(self, channel_id: str, until: datetime) -> None:
        await self.conn.execute(
            "INSERT INTO channel_holds (channel_id, until) VALUES ($1, $2) ON CONFLICT"
            " (channel_id) DO UPDATE SET until = greatest(channel_holds.until, excluded.until)",
            channel_id,
            until,
        )

    async def holds(self, now: datetime) -> dict[str, datetime]:
        rows = await self.conn.fetch(
            "SELECT channel_id, until FROM channel_holds WHERE until > $1", now
        )
        return {row["channel_id"]: row["until"] for row in rows}
