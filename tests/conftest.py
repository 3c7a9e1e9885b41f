"""Suite-wide guard: tests talk to 127.0.0.1 only, never to the internet."""

from __future__ import annotations

import asyncio
import gc
import importlib
import ipaddress
import os
import pkgutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import coverage
import pytest

from tests.assert_rewriting import modules_to_rewrite, rewrite_stale
from tests.pg_cluster import NoPostgres, ThrowawayCluster, find_bin_dir

# In an xdist worker (xdist names it before loading this file), before the worker's measurement
# starts at session start:
if "PYTEST_XDIST_WORKER" in os.environ:
    # pytest-cov (7.1) decides to measure as xdist's controller from the command line, before
    # the conftests load, and a worker is started with the controller's command line. So every
    # worker starts a controller's measurement too, then its own on top at session start. Only
    # the worker's own is saved and sent back; the other traced the worker's imports and, each
    # time the worker's was paused (between tests: see _measured), took over the trace again,
    # all for nothing: a tenth of the suite's CPU. Stop it here.
    if (_controllers_measurement := coverage.Coverage.current()) is not None:
        _controllers_measurement.stop()
    # The libraries the tests use: none of them is measured, yet importing them under
    # coverage's trace function cost every worker about a second of CPU. (The controller runs no
    # test, and its import of this file comes before any worker starts.)
    for _library in (
        "ahocorasick", "aiohttp.web", "anyascii", "apscheduler.schedulers.asyncio",
        "apscheduler.triggers.interval", "asyncpg", "defusedxml.ElementTree", "discord",
        "discord.ext.commands", "feedparser", "filelock", "h11", "httpcore", "httpx", "hypothesis",
        "nameparser", "nh3", "psutil", "regex", "tinydb", "trustme", "tzlocal", "us", "w3lib.url",
        "yarl",
        # the standard library's, for the parse pool and the SIGKILL tests' forkserver
        "concurrent.futures.process", "multiprocessing.forkserver",
        # the timeline's, which the bot imports on first use
        "matplotlib.backends.backend_agg", "matplotlib.dates", "matplotlib.figure", "numpy",
    ):  # fmt: skip
        importlib.import_module(_library)

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


@pytest.hookimpl(tryfirst=True)  # xdist's controller starts its workers in its own (trylast)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Under xdist, before the controller starts its workers: stop its measurement, have
    Hypothesis's Unicode tables built beside the workers' start, and rewrite the asserts of the
    test modules that have no rewritten code cached (tests/assert_rewriting.py).

    The controller runs no code of ours, only xdist's handling of every test's report, which
    tracing made twice as slow; pytest-cov measures the workers and combines their data."""
    if session.config.pluginmanager.has_plugin("dsession"):  # xdist's controller; workers lack it
        if (measuring := coverage.Coverage.current()) is not None:
            measuring.stop()
        session.config.stash[_UNICODE_TABLES] = _build_unicode_tables()
        cores = len(os.sched_getaffinity(0))
        rewrite_stale(session.config, modules_to_rewrite(session.config), processes=cores)


# Hypothesis builds its tables of Unicode characters (a loop over every code point) the first
# time a test draws text, and keeps them in .hypothesis/unicode_data. In a fresh clone (CI) each
# worker built them in its first such test, under coverage's trace function: 5 s of CPU each,
# 1.7 s without the trace. Built once, in a process of its own, while the workers start up, they
# are on disk before the first test (the workers' start takes longer); a worker that finds them
# missing builds them itself, as before. In a tree that has them, this only reads them.
_BUILD_UNICODE_TABLES = """
import warnings
from hypothesis import strategies
from hypothesis.errors import NonInteractiveExampleWarning
warnings.simplefilter("ignore", NonInteractiveExampleWarning)
strategies.text().example()
"""
_UNICODE_TABLES = pytest.StashKey[subprocess.Popen[bytes]]()


def _build_unicode_tables() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _BUILD_UNICODE_TABLES],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.hookimpl(trylast=True)  # after -m has deselected the faults and soak runs
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each xdist worker runs its share of the tests marked slow (they wait seconds) early,
    between other tests.

    xdist's worksteal scheduling gives worker i the i-th of N contiguous blocks of the
    collection; idle workers then steal the ends of busy workers' queues. Left in file order the
    slow tests bunch up in one or two blocks and one worker ends the run alone on them, so the
    slow tests are dealt round the blocks, over the first half of each (the rest keep file
    order). Put all at the heads, every worker waited at once and the cores idled at the start."""
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    slow = [item for item in items if item.get_closest_marker("slow")]
    rest = [item for item in items if not item.get_closest_marker("slow")]
    ordered: list[pytest.Item] = []
    remaining = len(items)
    for n in range(workers):
        size = remaining // (workers - n)  # as xdist sizes the blocks
        remaining -= size
        share = slow[n::workers]
        take = max(0, size - len(share))
        block = rest[:take]
        rest = rest[take:]
        gap = max(1, take // 2 // max(1, len(share)))  # spread over the block's first half
        for i, item in enumerate(share):
            block.insert(i * (gap + 1), item)
        ordered += block
    items[:] = ordered + rest


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session: pytest.Session) -> None:
    """Measure the import of every module of ours now, then pause the measurement until the
    first test's setup (see _measured): collecting runs pytest's code, not ours.

    Importing a module runs its top-level lines (definitions), which no test runs again, so they
    are measured here, all at once. The rest of collection (importing the test modules, building
    2,000 test items, and rewriting the asserts of any test module the controller left without
    rewritten code) ran under coverage's trace function, which slows every line on Python 3.11:
    twice as long."""
    controller = _measuring_tests(session.config)
    if controller is None:
        return
    for module in _modules_of_ours():
        importlib.import_module(module)
    controller.pause()
    session.config.stash[_MEASUREMENT] = controller


def _measuring_tests(config: pytest.Config) -> Any:
    """pytest-cov's measurement, in a process that runs tests (not xdist's controller)."""
    if config.pluginmanager.has_plugin("dsession"):
        return None
    controller = getattr(config.pluginmanager.get_plugin("_cov"), "cov_controller", None)
    return controller if getattr(controller, "started", False) else None


def _modules_of_ours() -> Iterator[str]:
    for package in ("feeds", "bot"):
        yield package
        path = importlib.import_module(package).__path__
        for module in pkgutil.walk_packages(path, prefix=f"{package}."):
            if not module.name.endswith(".__main__"):  # running it is not importing it
                yield module.name


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Move what exists now (modules, the collected tests) out of the garbage collector's sight.

    It all lives until the end of the run, yet every full collection walked it again, and the
    interpreter's last collections at exit walked it once more (a second per xdist worker)."""
    gc.freeze()


_MEASUREMENT = pytest.StashKey[Any]()


def _measured(item: pytest.Item) -> Iterator[None]:
    """Measure coverage only while a test runs (its setup, call and teardown), not while
    pytest reports it and xdist sends the report. Our code runs only then, and on Python 3.11
    a trace function slows every line the interpreter runs, pytest's and xdist's included."""
    controller = item.config.stash.get(_MEASUREMENT, None)
    if controller is None:
        return (yield)
    controller.resume()
    try:
        return (yield)
    finally:
        controller.pause()


pytest_runtest_setup = pytest.hookimpl(wrapper=True, tryfirst=True)(_measured)
pytest_runtest_call = pytest.hookimpl(wrapper=True, tryfirst=True)(_measured)
pytest_runtest_teardown = pytest.hookimpl(wrapper=True, tryfirst=True)(_measured)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    if (building := config.stash.get(_UNICODE_TABLES, None)) is not None:
        try:
            building.wait(timeout=30)
        except subprocess.TimeoutExpired:
            building.kill()
            building.wait()
    gc.freeze()  # the process is about to exit: its last collections would only free memory


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
    pg_admin(pg_cluster, f'CREATE DATABASE "{name}" STRATEGY FILE_COPY')
    yield pg_cluster.url(name)
    pg_admin(pg_cluster, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _pg_store_database(pg_cluster: ThrowawayCluster) -> str:
    pg_admin(pg_cluster, 'CREATE DATABASE "pw_store" STRATEGY FILE_COPY')
    url = pg_cluster.url("pw_store")
    pg_run(url, _migrate)
    return url


@pytest.fixture
def pg_store_url(_pg_store_database: str) -> str:
    """A database with the current schema and no rows, for store tests (emptied per test:
    creating and migrating a database per test cost most of a second)."""
    pg_run(_pg_store_database, _empty_tables)
    return _pg_store_database


async def _migrate(conn: Any) -> None:
    from bot.store.postgres.schema import migrate

    await migrate(conn)


async def _empty_tables(conn: Any) -> None:
    tables = await conn.fetch(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        " AND table_type = 'BASE TABLE'"
        " AND table_name NOT IN ('schema_migrations', 'watch_version')"
    )
    # Only the tables a test wrote to (CASCADE: with the empty ones referring to them):
    # truncating makes new files for a table, 50 ms for all of them, and most tests write few.
    names = [t["table_name"] for t in tables]
    used = await conn.fetch(
        " UNION ALL ".join(
            f"SELECT '{n}' AS name WHERE EXISTS (SELECT FROM \"{n}\")" for n in names
        )
    )
    if used:
        await conn.execute("TRUNCATE " + ", ".join(f'"{t["name"]}"' for t in used) + " CASCADE")


def pg_admin(cluster: ThrowawayCluster, statement: str) -> None:
    """Run one statement as the superuser in the maintenance database."""

    async def execute(conn: Any) -> None:
        await conn.execute(statement)

    pg_run(cluster.url("postgres"), execute)


def pg_run(url: str, fn: Callable[[Any], Awaitable[None]]) -> None:
    """Run `fn(connection)`; in a thread of its own, since async fixtures (already inside an
    event loop) ask for databases too."""
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(url)
        try:
            await fn(conn)
        finally:
            await conn.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()
