"""Suite-wide guard: tests talk to 127.0.0.1 only, never to the internet."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.pg_cluster import NoPostgres, ThrowawayCluster, find_bin_dir

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths
        return True
    try:
        return ipaddress.ip_address(address[0]).is_loopback
    except ValueError:
        return False


def _guarded(real):
    def connect(self, address):
        if not _is_local(address):
            raise ConnectionRefusedError(f"test suite: refusing non-loopback connect to {address}")
        return real(self, address)

    return connect


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded(_real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded(_real_connect_ex))


# -- PostgreSQL: one throwaway cluster per session, a fresh database per test -------------------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[ThrowawayCluster]:
    """A PostgreSQL server on 127.0.0.1 for the whole session (skips only without binaries)."""
    try:
        find_bin_dir()
    except NoPostgres as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    with ThrowawayCluster.start() as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: ThrowawayCluster) -> Iterator[str]:
    """The URL of an empty database of its own for this test, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    pg_admin(pg_cluster, f'CREATE DATABASE "{name}"')
    yield pg_cluster.url(name)
    pg_admin(pg_cluster, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_admin(cluster: ThrowawayCluster, statement: str) -> None:
    """Run one statement as the superuser; in a thread of its own, since async fixtures
    (already inside an event loop) ask for databases too."""
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(cluster.url("postgres"))
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()
