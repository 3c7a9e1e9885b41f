"""The throwaway PostgreSQL cluster the engine tests run against."""

from __future__ import annotations

import asyncpg

from tests.pg_cluster import ThrowawayCluster


async def test_cluster_answers_on_loopback(pg_url: str) -> None:
    """The per-test database is reachable on 127.0.0.1 and runs PostgreSQL 15 or later."""
    conn = await asyncpg.connect(pg_url)
    try:
        version = await conn.fetchval("SHOW server_version_num")
        address = await conn.fetchval("SELECT inet_server_addr()::text")
    finally:
        await conn.close()
    assert int(version) >= 150000
    assert address == "127.0.0.1/32"


async def test_each_test_gets_an_empty_database(pg_url: str) -> None:
    """A test's database holds no tables of its own when the test starts."""
    conn = await asyncpg.connect(pg_url)
    try:
        count = await conn.fetchval(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
    finally:
        await conn.close()
    assert count == 0


def test_cluster_restarts_in_place(pg_cluster: ThrowawayCluster) -> None:
    """A server stopped and started again keeps its port (the restart fault tests rely on it)."""
    port = pg_cluster.port
    pg_cluster.stop_server("fast")
    pg_cluster.start_server()
    assert pg_cluster.port == port
    assert (pg_cluster.data_dir / "postmaster.pid").exists()
