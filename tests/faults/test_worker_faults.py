"""Workers on PostgreSQL under faults: SIGKILLs mid-lease, a database restart mid-batch.

The kill test runs real `run_bot.py worker` processes against a throwaway PostgreSQL and the
loopback feed server, kills a polling one at a random moment while two others poll (and starts
a new one) again and again while feeds publish, and then checks: every alert exactly once,
every outbox row once, and every source a killed worker held polled again within one lease.
`make test` runs it with 3 kills; the 20 kills of issue 10 run in `make faults` (and CI).
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import random
import signal
import sys
import time
from collections import defaultdict
from email.utils import format_datetime
from pathlib import Path

import pytest
from aiohttp import web

from bot import guilds
from bot.clock import utcnow
from bot.cycle import source_registry
from bot.cycle.worker import Worker
from bot.settings import Settings, WorkerSettings
from bot.store import StoreError
from bot.store.postgres import PgStore
from feeds.fetch import Fetcher
from feeds.models import EventType, Prosecutor
from tests.fakes.feed_server import FeedServer
from tests.pg_cluster import ThrowawayCluster

ROOT = Path(__file__).resolve().parents[2]
FEEDS = 24
# Two poll on while one is killed and others are still starting (it takes seconds); the short
# run starts three (each start costs a second of CPU), enough for two to poll beside a victim.
WORKERS = 6
SHORT_WORKERS = 3
LEASE = 3
INTERVAL = 2
# One event per round, each a different type, so no two items of a feed are one story.
ROUNDS = [
    ("recall petition filed", EventType.RECALL),
    ("sued in federal court", EventType.LAWSUIT),
    ("impeached by the House", EventType.IMPEACHMENT),
    ("indicted by a grand jury", EventType.INDICTMENT_OR_INVESTIGATION),
    ("wins the primary election", EventType.ELECTION),
]
PEOPLE = [
    Prosecutor(f"p{i}", f"Morgan Quill{i}x", "District Attorney", f"Ridge{i} County", "CA")
    for i in range(FEEDS)
]
GUILD, CHANNEL = 901, 902


class PublishingFeeds:
    """Feed n lists the events of every round published so far, about PEOPLE[n]; each request
    is timed, so the test can tell when a source was polled."""

    def __init__(self, server: FeedServer) -> None:
        self.server = server
        self.published = 1
        self.polls: dict[int, list[float]] = defaultdict(list)
        for n in range(FEEDS):
            server.route(f"/f{n}", self._handler(n))

    def _handler(self, n: int):  # type: ignore[no-untyped-def]
        async def handler(request: web.Request) -> web.Response:
            self.polls[n].append(time.monotonic())
            return web.Response(body=self.body(n), content_type="application/rss+xml")

        return handler

    def body(self, n: int) -> bytes:
        date = format_datetime(utcnow())
        items = "".join(
            f"<item><title>District Attorney {PEOPLE[n].name} {event}</title>"
            f"<link>https://ridge.example/{n}/{r}</link><pubDate>{date}</pubDate></item>"
            for r, (event, _) in enumerate(ROUNDS[: self.published])
        )
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Ridge {n}</title>{items}'
            "</channel></rss>"
        ).encode()


async def configure(store: PgStore, server: FeedServer) -> None:
    async with store.transaction() as tx:
        for n, person in enumerate(PEOPLE):
            await guilds.watch(tx, GUILD, person, 100)
            source = source_registry.new_source(
                f"feed{n}", "rss", server.url(f"/f{n}"), guild_id=str(GUILD), seeded=True
            )
            await source_registry.add_source(tx, source)
        await guilds.subscribe(tx, GUILD, CHANNEL, None, ())


def worker_config(tmp_path: Path, server: FeedServer) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(
        f"""
[store]
engine = "postgres"
[poll]
parse_workers = 0
[fetch]
deadline = 1.0
allow_hosts = ["{server.host_port}"]
[sources]
enabled = []
[workers]
batch_size = 3
lanes = 1
lease_seconds = {LEASE}
idle_seconds = 0.1
"""
    )
    return path


class Fleet:
    """Worker processes, started and SIGKILLed by the test."""

    def __init__(self, config: Path, url: str, logs: Path) -> None:
        self.config, self.url, self.logs = config, url, logs
        self.procs: list[asyncio.subprocess.Process] = []
        self.log_paths: dict[int, Path] = {}

    async def start(self) -> asyncio.subprocess.Process:
        """A worker process, logging to a file of its own."""
        env = {**os.environ, "DATABASE_URL": self.url, "PYTHONPATH": str(ROOT)}
        path = self.logs / f"w{len(self.procs)}.log"
        log = path.open("w")
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "run_bot.py", "--config", str(self.config), "worker",
            cwd=ROOT, env=env, stdout=log, stderr=log,
        )  # fmt: skip
        self.procs.append(proc)
        self.log_paths[proc.pid] = path
        return proc

    def polling(self) -> list[asyncio.subprocess.Process]:
        """Live workers that have started polling (they say so in their log)."""
        return [p for p in self.alive() if "polling" in self.log_paths[p.pid].read_text()]

    async def wait_polling(
        self, count: int | None = None, *, besides: object = None, timeout: float = 30
    ) -> None:
        """Until `count` workers other than `besides` (default: every live one) are polling."""
        deadline = time.monotonic() + timeout
        while len([p for p in self.polling() if p is not besides]) < (
            len(self.alive()) if count is None else count
        ):
            assert time.monotonic() < deadline, "workers did not start"
            await asyncio.sleep(0.05)

    def alive(self) -> list[asyncio.subprocess.Process]:
        return [p for p in self.procs if p.returncode is None]

    async def stop_all(self) -> list[int]:
        """SIGTERM to the live ones; returns their exit codes (a clean stop is 0)."""
        running = self.alive()
        for proc in running:
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        return [-1 if proc.returncode is None else proc.returncode for proc in running]


async def tick(store: PgStore) -> None:
    """Every INTERVAL seconds, every source falls due: the short poll interval of this test
    (the bot sets organizers' feeds to poll.interval_seconds, 30 s at the least)."""
    while True:
        await asyncio.sleep(INTERVAL)
        async with store.connection() as conn:
            await conn.execute("UPDATE sources SET next_check_at = NULL")


async def held_by(store: PgStore, pid: int) -> list[int]:
    """The feeds a worker process holds a lease on (its name carries its pid)."""
    async with store.connection() as conn:
        rows = await conn.fetch(
            "SELECT id FROM sources WHERE lease_owner LIKE $1 AND lease_until > now()",
            f"%:{pid}:%",
        )
    return [int(r["id"].removeprefix("feed")) for r in rows]


async def wait_holding(store: PgStore, pid: int, timeout: float = 4 * INTERVAL) -> list[int]:
    """Until the worker holds a lease (between batches it holds none), then what it holds."""
    deadline = time.monotonic() + timeout
    while not (held := await held_by(store, pid)):
        assert time.monotonic() < deadline, "the worker never took a lease"
        await asyncio.sleep(0.01)
    return held


async def wait_for_alerts(store: PgStore, count: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    found = 0
    while time.monotonic() < deadline:
        async with store.transaction() as tx:
            found = len(await tx.alerts.all())
        if found >= count:
            return found
        await asyncio.sleep(0.2)
    return found


async def kill_workers(
    tmp_path: Path,
    pg_store_url: str,
    kills: int,
    seed: int,
    workers: int = WORKERS,
    *,
    mid_lease: bool = False,
) -> None:
    """With `mid_lease`, every victim is a polling worker killed while it holds a lease (a few
    kills at random moments may all find their victims between batches)."""
    rng = random.Random(seed)
    store = await PgStore.open(pg_store_url)
    async with FeedServer() as server:
        feeds = PublishingFeeds(server)
        await configure(store, server)
        fleet = Fleet(worker_config(tmp_path, server), pg_store_url, tmp_path)
        kill_log: list[tuple[float, list[int]]] = []
        ticker: asyncio.Task[None] | None = None
        try:
            for _ in range(workers):
                await fleet.start()
            await fleet.wait_polling()
            ticker = asyncio.create_task(tick(store))
            for k in range(kills):
                await asyncio.sleep(rng.uniform(0.05, 0.6))
                if mid_lease:
                    await fleet.wait_polling()
                    victim = rng.choice(fleet.polling())
                    held = await wait_holding(store, victim.pid)
                else:
                    # Any live worker (polling, or still starting: a fault too), while two
                    # others poll on.
                    victim = rng.choice(fleet.alive())
                    await fleet.wait_polling(2, besides=victim)
                    held = await held_by(store, victim.pid)
                victim.send_signal(signal.SIGKILL)
                await victim.wait()
                kill_log.append((time.monotonic(), held))
                await fleet.start()
                # Publish the rounds while the kills go on.
                feeds.published = min(len(ROUNDS), 1 + (k + 1) * len(ROUNDS) // kills)
            expected = FEEDS * len(ROUNDS)
            found = await wait_for_alerts(store, expected, 30)
            await fleet.wait_polling()
        finally:
            if ticker is not None:
                ticker.cancel()
            stopped = await fleet.stop_all()
    try:
        async with store.transaction() as tx:
            alerts = await tx.alerts.all()
            rows = await tx.outbox.all()
    finally:
        await store.close()
    assert stopped == [0] * workers  # SIGTERM to a polling worker: batches finish, exit 0
    logs = "".join(p.read_text() for p in tmp_path.glob("w*.log"))
    assert "Traceback" not in logs, logs[-3000:]
    # No alert lost, none twice: every (person, event) once, one outbox row each.
    pairs = sorted((a.prosecutor_id, a.event_type) for a in alerts)
    assert found == expected
    assert pairs == sorted((p.id, t) for p in PEOPLE for _, t in ROUNDS)
    assert sorted(str(r.alert_key) for r in rows) == sorted(a.alert_key for a in alerts)
    # Every source a killed worker held was polled again within one lease (plus the time a
    # running worker takes to notice and fetch it).
    slack = 4.0  # a running worker noticing the expired lease and fetching, on a busy machine
    held_any = 0
    for killed_at, held in kill_log:
        for n in held:
            held_any += 1
            later = [t for t in feeds.polls[n] if t > killed_at]
            assert later and later[0] - killed_at <= LEASE + slack, (n, later[:1], killed_at)
    assert held_any > 0  # some kills did land mid-lease


@pytest.mark.slow
async def test_three_sigkills_lose_no_alert_and_double_none(
    tmp_path: Path, pg_store_url: str
) -> None:
    """3 SIGKILLs of a worker while two others poll: every alert once, every row once, every
    source a killed worker held polled again within one lease (the short run of the next)."""
    await kill_workers(
        tmp_path, pg_store_url, kills=3, seed=13, workers=SHORT_WORKERS, mid_lease=True
    )


@pytest.mark.faults
@pytest.mark.timeout(300)
async def test_twenty_sigkills_lose_no_alert_and_double_none(
    tmp_path: Path, pg_store_url: str
) -> None:
    """20 SIGKILLs of a worker while two others poll: every alert once, every row once, every
    source a killed worker held polled again within one lease (make faults)."""
    await kill_workers(tmp_path, pg_store_url, kills=20, seed=11)


@pytest.mark.soak
@pytest.mark.timeout(600)
async def test_hundred_sigkills_lose_no_alert_and_double_none(
    tmp_path: Path, pg_store_url: str
) -> None:
    """The same with 100 kills (make soak)."""
    await kill_workers(tmp_path, pg_store_url, kills=100, seed=12)


# -- the database restarted mid-batch ---------------------------------------------------------


def settings_for(server: FeedServer) -> Settings:
    base = Settings()
    return dataclasses.replace(
        base,
        fetch=dataclasses.replace(base.fetch, allow_hosts=(server.host_port,), deadline=2.0),
        poll=dataclasses.replace(base.poll, parse_workers=0),
        sources=dataclasses.replace(base.sources, enabled=()),
        workers=WorkerSettings(batch_size=10, lanes=1, lease_seconds=60),
    )


@pytest.mark.slow
async def test_database_restart_mid_batch_fails_cleanly_and_the_next_batch_succeeds(
    pg_store_url: str, pg_cluster: ThrowawayCluster
) -> None:
    """The database restarts while a batch's commit waits: the batch fails with nothing of it
    stored, and the next batch (by the same worker, without waiting out the lease) stores
    everything once."""
    store = await PgStore.open(pg_store_url)
    async with FeedServer() as server:
        feeds = PublishingFeeds(server)
        feeds.published = 3
        await configure(store, server)
        async with Fetcher(user_agent="t", allow_hosts=[server.host_port]) as fetcher:
            worker = Worker(settings_for(server), store, fetcher, name="w")
            blocker = await store.pool.acquire()
            try:
                # Hold a lock the commit needs (the meta row every batch writes), so the commit
                # is in the middle of its transaction when the server goes down.
                await blocker.execute("BEGIN")
                await blocker.execute(
                    "INSERT INTO meta (name, value) VALUES ('last_cycle', '{}'::jsonb)"
                )
                batch = asyncio.create_task(worker.run_batch())
                await asyncio.sleep(1.5)
                assert not batch.done()
                await asyncio.to_thread(pg_cluster.stop_server, "fast")
                with pytest.raises(StoreError):
                    await batch
            finally:
                await store.pool.release(blocker)
            await asyncio.to_thread(pg_cluster.start_server)
            async with store.transaction() as tx:
                assert await tx.alerts.all() == []
                assert await tx.seen.count() == 0
                assert await tx.outbox.all() == []
                assert all(s.last_success is None for s in await tx.sources.all())
            first = [len(feeds.polls[n]) for n in range(FEEDS)]
            stats = await worker.run_batch()
            stats_more = [stats]
            while stats_more[-1] is not None:
                stats_more.append(await worker.run_batch())
    try:
        async with store.transaction() as tx:
            alerts = await tx.alerts.all()
            rows = await tx.outbox.all()
    finally:
        await store.close()
    assert stats is not None and stats.alerts > 0
    assert len(alerts) == FEEDS * 3 and len(rows) == FEEDS * 3
    assert all(len(feeds.polls[n]) == first[n] + 1 for n in range(FEEDS))
