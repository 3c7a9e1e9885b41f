"""The PostgreSQL engine: the same repositories as TinyDB's, for several processes and machines.

A transaction is a PostgreSQL transaction on one pooled connection (READ COMMITTED). Writers
are isolated by the database, not serialized by us: unique constraints and
`INSERT ... ON CONFLICT DO NOTHING` make a second copy of a seen mark, alert or outbox row
impossible, and the rows a batch inserts go in key order so two writers never wait on each other
in opposite orders. A lost connection (the server restarted) fails the transaction with a
StoreError and rolls it back on the server; the next transaction gets a fresh connection.

Beyond the repositories, the engine carries what several processes need to share the work
(`bot.store.postgres.coordination`): leases on sources, advisory locks, LISTEN/NOTIFY.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import asyncpg

from bot.store.api import Store, StoreError
from bot.store.postgres.connect import create_pool, redact
from bot.store.postgres.schema import migrate

if TYPE_CHECKING:
    from bot.store.postgres.repos import PgUnitOfWork

log = logging.getLogger(__name__)

_in_transaction: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "pg_in_transaction", default=False
)

# What a restarted, stopped or unreachable server looks like from a running transaction.
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
)


async def _init_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


class PgStore(Store):
    """Open with `await PgStore.open(url)` (applies pending migrations), close with `close()`."""

    def __init__(self, pool: asyncpg.Pool, url: str, *, read_only: bool = False) -> None:
        self.pool = pool
        self.url = url
        self.read_only = read_only

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        max_connections: int = 10,
        migrate_schema: bool = True,
        read_only: bool = False,
    ) -> PgStore:
        """Connect and bring the schema up to date; `read_only` stores (the shell tools reading
        beside a running bot) run every transaction read-only and migrate nothing."""
        pool = await create_pool(url, max_size=max_connections, init=_init_connection)
        try:
            if migrate_schema and not read_only:
                async with pool.acquire() as conn:
                    applied = await migrate(conn)
                if applied:
                    log.info("database %s migrated to version %d", redact(url), applied[-1])
        except BaseException:
            await pool.close()
            raise
        return cls(pool, url, read_only=read_only)

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """A pooled connection outside any unit of work (coordination queries)."""
        try:
            async with self.pool.acquire() as conn:
                yield conn
        except CONNECTION_ERRORS as exc:
            raise _lost(exc) from exc

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgUnitOfWork]:
        from bot.store.postgres.repos import PgUnitOfWork

        if _in_transaction.get():
            raise RuntimeError("store transactions do not nest")
        token = _in_transaction.set(True)
        try:
            async with self.connection() as conn:
                # A read-only store's transaction reads one consistent snapshot throughout.
                tx = (
                    conn.transaction(isolation="repeatable_read", readonly=True)
                    if self.read_only
                    else conn.transaction()
                )
                await tx.start()
                try:
                    yield PgUnitOfWork(conn)
                except BaseException:
                    # The server rolls back whatever a dropped connection left open.
                    if not conn.is_closed():
                        with contextlib.suppress(*CONNECTION_ERRORS):
                            await tx.rollback()
                    raise
                await tx.commit()
        finally:
            _in_transaction.reset(token)

    async def close(self) -> None:
        await self.pool.close()


def _lost(exc: BaseException) -> StoreError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StoreError(f"database connection lost ({type(exc).__name__}: {reason})")
