"""PostgreSQL schema: numbered migrations, applied once, in one transaction."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest

from bot.store.postgres.schema import (
    Migration,
    SchemaError,
    applied_versions,
    load_migrations,
    migrate,
)


async def _conn(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(url)


async def test_fresh_database_gets_every_migration(pg_url: str) -> None:
    """A fresh database ends at the latest version with every table created."""
    conn = await _conn(pg_url)
    try:
        done = await migrate(conn)
        tables = {
            r["table_name"]
            for r in await conn.fetch(
                "SELECT table_name FROM information_schema.tables WHERE table_schema='public'"
            )
        }
        assert done == [m.version for m in load_migrations()]
        assert await applied_versions(conn) == done
    finally:
        await conn.close()
    assert {"sources", "seen", "alerts", "outbox", "guilds", "watches", "subscriptions",
            "channels", "feedback", "meta", "schema_migrations"} <= tables  # fmt: skip


async def test_second_run_applies_nothing(pg_url: str) -> None:
    """Migrating twice leaves the schema as it was and applies nothing the second time."""
    conn = await _conn(pg_url)
    try:
        await migrate(conn)
        assert await migrate(conn) == []
        count = await conn.fetchval("SELECT count(*) FROM schema_migrations")
    finally:
        await conn.close()
    assert count == len(load_migrations())


async def test_failing_migration_leaves_nothing_behind(pg_url: str) -> None:
    """A migration that fails rolls back the ones before it in the same run."""
    broken = [
        Migration(1, "one", "CREATE TABLE first_table (x int)"),
        Migration(2, "two", "CREATE TABLE second_table (x no_such_type)"),
    ]
    conn = await _conn(pg_url)
    try:
        with pytest.raises(asyncpg.PostgresError):
            await migrate(conn, broken)
        exists = await conn.fetchval("SELECT to_regclass('first_table') IS NOT NULL")
        versions = await applied_versions(conn)
    finally:
        await conn.close()
    assert exists is False
    assert versions == []


async def test_concurrent_starts_apply_each_migration_once(pg_url: str) -> None:
    """Five processes starting at once: one applies the schema, the others find it done."""
    conns = [await _conn(pg_url) for _ in range(5)]
    try:
        results = await asyncio.gather(*(migrate(c) for c in conns))
    finally:
        for c in conns:
            await c.close()
    applied = [r for r in results if r]
    assert len(applied) == 1
    assert applied[0] == [m.version for m in load_migrations()]


async def test_newer_database_is_refused(pg_url: str) -> None:
    """A database migrated by newer code is refused, naming both versions."""
    conn = await _conn(pg_url)
    try:
        await migrate(conn)
        await conn.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
        with pytest.raises(SchemaError, match="version 999"):
            await migrate(conn)
    finally:
        await conn.close()


def test_gap_in_numbering_is_refused(tmp_path: Path) -> None:
    """Migration files numbered with a gap are refused before anything runs."""
    (tmp_path / "0001_a.sql").write_text("SELECT 1")
    (tmp_path / "0003_c.sql").write_text("SELECT 1")
    with pytest.raises(SchemaError, match="without gaps"):
        load_migrations(tmp_path)


def test_badly_named_file_is_refused(tmp_path: Path) -> None:
    """A file that is not NNNN_name.sql is named in the error."""
    (tmp_path / "1_a.sql").write_text("SELECT 1")
    with pytest.raises(SchemaError, match=r"1_a\.sql"):
        load_migrations(tmp_path)
