"""Numbered SQL migrations (migrations/NNNN_name.sql), applied in one transaction at start-up.

`schema_migrations` records what is applied. An advisory lock makes processes that start at the
same moment (a gateway and N workers) apply each migration once: the others wait, then find
nothing left to do. A database newer than this code is refused rather than guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from bot.store.api import StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant no other part of the code uses as an advisory lock key.
MIGRATION_LOCK = 7_406_231_001
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class SchemaError(StoreError):
    """The migration files or the database's schema version do not fit this code."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found: list[Migration] = []
    for path in sorted(directory.glob("*.sql")):
        m = _NAME.match(path.name)
        if m is None:
            raise SchemaError(f"migration file {path.name}: expected NNNN_name.sql")
        found.append(Migration(int(m.group(1)), m.group(2), path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise SchemaError(f"migrations must be numbered 1, 2, 3... without gaps; found {versions}")
    return found


async def applied_versions(conn: asyncpg.Connection) -> list[int]:
    exists = await conn.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
    if not exists:
        return []
    rows = await conn.fetch("SELECT version FROM schema_migrations ORDER BY version")
    return [r["version"] for r in rows]


async def migrate(conn: asyncpg.Connection, migrations: list[Migration] | None = None) -> list[int]:
    """Apply what is missing, all in one transaction; returns the versions applied now."""
    migrations = load_migrations() if migrations is None else migrations
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY,"
            " name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        applied = set(await applied_versions(conn))
        known = {m.version for m in migrations}
        if applied - known:
            raise SchemaError(
                f"the database has schema version {max(applied)}, newer than this code "
                f"({max(known, default=0)}); upgrade prosecutor-watch"
            )
        done: list[int] = []
        for migration in migrations:
            if migration.version in applied:
                continue
            await conn.execute(migration.sql)
            await conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                migration.version,
                migration.name,
            )
            done.append(migration.version)
        return done


async def require_current(conn: asyncpg.Connection) -> None:
    """Refuse to run on a schema other than this code's (workers do not migrate behind you)."""
    applied = await applied_versions(conn)
    latest = len(load_migrations())
    if not applied or max(applied) < latest:
        raise SchemaError(
            f"the database schema is at version {max(applied, default=0)}, this code needs "
            f"{latest}: run `run_bot.py migrate`"
        )
