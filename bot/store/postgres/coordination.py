"""How several processes share one PostgreSQL store: leases, advisory locks, LISTEN/NOTIFY.

- Workers claim due sources with `SELECT ... FOR UPDATE SKIP LOCKED` and write a lease
  (`lease_owner`, `lease_until`): nobody else polls a source until its lease passes, so a worker
  killed mid-poll delays its sources by at most one lease. Times come from the database's clock,
  one clock for every machine.
- Scheduled jobs (digests, pruning) run under `pg_try_advisory_lock`: one process at a time.
- Queuing outbox rows fires NOTIFY (a trigger); the gateway LISTENs and drains at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from bot.store.models import Source
from bot.store.postgres.connect import DatabaseUnavailable, connect
from bot.store.postgres.engine import CONNECTION_ERRORS, PgStore
from bot.store.postgres.locks import JOB_LOCK_SPACE, lock_key
from bot.store.postgres.repos import SOURCE, PgUnitOfWork

log = logging.getLogger(__name__)

OUTBOX_CHANNEL = "outbox"

_CLAIM = f"""
WITH due AS (
    SELECT id FROM sources
    WHERE enabled
      AND (lease_until IS NULL OR lease_until <= now() OR lease_owner = $1)
      AND (next_check_at IS NULL OR next_check_at <= now()
           OR next_check_at - now() > make_interval(
                  secs => greatest(interval_seconds * 1.2, $4::float8) + 300))
    ORDER BY next_check_at NULLS FIRST, seq
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
UPDATE sources s SET lease_owner = $1, lease_until = now() + make_interval(secs => $3::float8)
FROM due WHERE s.id = due.id
RETURNING {", ".join("s." + c for c in SOURCE.columns)}, s.seq
"""


@dataclass
class Claim:
    """Sources leased to one worker, and the database's time when it took them."""

    owner: str
    now: datetime
    sources: list[Source]

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.sources]


async def claim_due(
    store: PgStore, owner: str, *, limit: int, lease_seconds: float, max_backoff: float
) -> Claim:
    """Lease up to `limit` due sources nobody holds, longest waiting first.

    Sources `owner` itself still holds come back too: an owner claims only when its previous
    batch is over, so those are left from a batch whose commit failed (a database restart),
    and are polled again now instead of after their lease."""
    async with store.connection() as conn, conn.transaction():
        now = await conn.fetchval("SELECT now()")
        rows = await conn.fetch(_CLAIM, owner, limit, float(lease_seconds), float(max_backoff))
    rows = sorted(
        rows, key=lambda r: (r["next_check_at"] is not None, r["next_check_at"], r["seq"])
    )
    return Claim(owner, now, SOURCE.from_rows(rows))


async def hold_leases(tx: PgUnitOfWork, owner: str, ids: Iterable[str]) -> set[str]:
    """Of these sources, the ones still leased to `owner`, locked until the transaction ends.

    A lease that ran out and was taken by another worker is theirs now: what this worker found
    for that source is dropped (the other worker polls it again). Locking the rows also keeps
    an organizer's concurrent change to them from being overwritten by the cycle's write."""
    rows = await tx.conn.fetch(
        "SELECT id FROM sources WHERE id = ANY($1::text[]) AND lease_owner = $2"
        " ORDER BY id FOR UPDATE",
        sorted(set(ids)),
        owner,
    )
    return {row["id"] for row in rows}


async def release_leases(tx: PgUnitOfWork, owner: str, ids: Iterable[str]) -> None:
    await tx.conn.execute(
        "UPDATE sources SET lease_owner = NULL, lease_until = NULL"
        " WHERE id = ANY($1::text[]) AND lease_owner = $2",
        sorted(set(ids)),
        owner,
    )


async def database_now(tx: PgUnitOfWork) -> datetime:
    """The database's clock at the start of this transaction: one clock for every worker."""
    return await tx.conn.fetchval("SELECT now()")  # type: ignore[no-any-return]


@contextlib.asynccontextmanager
async def job_lock(store: PgStore, name: str) -> AsyncIterator[bool]:
    """True inside when this process may run job `name` now; False when another process is
    running it. The lock is the database session's: a process that dies releases it."""
    async with store.connection() as conn:
        key = lock_key(name)
        got = bool(await conn.fetchval("SELECT pg_try_advisory_lock($1, $2)", JOB_LOCK_SPACE, key))
        try:
            yield got
        finally:
            if got and not conn.is_closed():
                with contextlib.suppress(*CONNECTION_ERRORS):
                    await conn.execute("SELECT pg_advisory_unlock($1, $2)", JOB_LOCK_SPACE, key)


class OutboxListener:
    """Calls `wake` whenever a transaction queues outbox rows, from a connection of its own.

    A dropped connection (database restart) is re-opened with backoff; `wake` is also called on
    every (re)connect, since notifications sent while disconnected are lost."""

    def __init__(self, url: str, wake: Callable[[], None], *, retry: float = 2.0) -> None:
        self.url = url
        self.wake = wake
        self.retry = retry
        self.connected = asyncio.Event()

    def _notified(self, *_: object) -> None:
        self.wake()

    async def run(self) -> None:
        delay = self.retry
        while True:
            try:
                conn = await connect(self.url)
            except DatabaseUnavailable as exc:
                log.warning("outbox listener: %s; retrying in %.0f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
                continue
            try:
                await self._listen(conn)
                delay = self.retry
                log.warning("outbox listener: connection lost; reconnecting")
            except CONNECTION_ERRORS as exc:
                log.warning("outbox listener: %s; reconnecting", type(exc).__name__)
            finally:
                self.connected.clear()
                with contextlib.suppress(*CONNECTION_ERRORS):
                    await conn.close(timeout=2)
            await asyncio.sleep(delay)

    async def _listen(self, conn: asyncpg.Connection) -> None:
        """Listen on `conn` until it is closed."""
        lost = asyncio.Event()
        conn.add_termination_listener(lambda _conn: lost.set())
        await conn.add_listener(OUTBOX_CHANNEL, self._notified)
        self.connected.set()
        self.wake()
        await lost.wait()
