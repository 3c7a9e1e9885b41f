"""The throwaway PostgreSQL cluster the engine tests run against."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from tests.pg_cluster import NoPostgres, ThrowawayCluster, find_bin_dir

ROOT = Path(__file__).resolve().parents[3]


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


@pytest.mark.slow
def test_a_cluster_left_by_a_killed_run_is_reaped(tmp_path: Path) -> None:
    """A run killed before it could stop its server leaves a cluster behind; the next start
    stops that server and removes its folder."""
    try:
        find_bin_dir()
    except NoPostgres as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    script = (
        "import os, signal, sys\n"
        "from tests.pg_cluster import ThrowawayCluster\n"
        "with ThrowawayCluster.start() as c:\n"
        "    print(c.root, flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    left = Path(proc.stdout.strip())
    assert proc.returncode == -signal.SIGKILL
    assert (left / "data" / "postmaster.pid").exists()  # its server still runs
    with ThrowawayCluster.start():
        assert not left.exists()
