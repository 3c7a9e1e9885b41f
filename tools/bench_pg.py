"""`make bench` (second part): the PostgreSQL engine and its workers, on loopback.

Two measurements, each printed as a ratio beside its parts:

1. Workers. 10,000 sources served from a loopback server process (10-item feeds, 20 ms per
   answer, spread over 40 host names), 2,500 watched names. One cold cycle, timed from the
   moment every source becomes due until every source has been polled and committed: three
   `worker` processes against one, same PostgreSQL, each worker parsing in its own process.
   The core count is printed beside it: the workers, the feed server and PostgreSQL share them.
2. Engines. The one-process cycle (`Pipeline.run_cycle`, as `make bench` runs it) over 1,000
   sources on PostgreSQL against TinyDB: a cold cycle and an unchanged one (all 304s); wall
   time, the time spent inside store transactions (the engine's own share, steadier than wall
   time on shared cores) and this process's CPU time. PostgreSQL runs with fsync on, as TinyDB
   fsyncs its file.

Needs PostgreSQL server binaries (initdb); a throwaway cluster is started and removed.
BENCH_PG_SOURCES overrides the 10,000 (a quicker look).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_corpus import Corpus, ServerProcess, bench_dns, people
from bench_steps import GUILD, NullSink

from bot import guilds
from bot.app import make_fetcher
from bot.clock import utcnow
from bot.cycle.pipeline import Pipeline
from bot.cycle.source_registry import new_source
from bot.settings import Settings, StoreSettings, WorkerSettings
from bot.store import Store, UnitOfWork
from bot.store.postgres import PgStore
from bot.store.tinydb import TinyStore
from feeds.models import Prosecutor
from tests.pg_cluster import ThrowawayCluster

N_SOURCES = int(os.environ.get("BENCH_PG_SOURCES", "10000"))
N_ENGINE = 1000
N_WATCHED = 2500
SMALL_ITEMS = 10
DELAY = 0.02
CONCURRENCY = 64
CHANNEL = 2002


class SmallCorpus(Corpus):  # type: ignore[misc]  # tools/ is not a package mypy follows
    """The bench corpus with 10-item feeds, built once before the server forks: 10,000 feeds of
    50 items would make the cycle mostly feedparser and the server mostly feed generation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._built: dict[tuple[int, int], bytes] = {}

    def _body(self, feed: int, version: int) -> bytes:
        key = (feed, version)
        if key not in self._built:
            from bench_corpus import _atom, _rss, escape

            first = version * 5
            items = [self.item(feed, j) for j in range(first + SMALL_ITEMS - 1, first - 1, -1)]
            title = escape(self.outlet(feed))
            text = _atom(feed, title, items) if self.is_atom(feed) else _rss(feed, title, items)
            self._built[key] = text.encode()
        return self._built[key]


def settings_for(server: ServerProcess, url: str, *, parse_workers: int) -> Settings:
    base = Settings()
    return dataclasses.replace(
        base,
        store=StoreSettings(engine="postgres", database_url=url, max_connections=8),
        fetch=dataclasses.replace(
            base.fetch, allow_hosts=server.virtual_hosts, concurrency=CONCURRENCY
        ),
        poll=dataclasses.replace(base.poll, parse_workers=parse_workers),
        sources=dataclasses.replace(base.sources, enabled=()),
        discord=dataclasses.replace(base.discord, max_watched=N_WATCHED),
        workers=WorkerSettings(batch_size=64, lanes=2, lease_seconds=600, idle_seconds=0.2),
    )


async def fill(store: Store, watched: list[Prosecutor], urls: dict[str, str], due: bool) -> None:
    """One guild watching everyone, one catch-all subscription, the feeds (seeded: a first
    cycle's items are news)."""
    later = None if due else utcnow() + timedelta(hours=1)
    async with store.transaction() as tx:
        for person in watched:
            await tx.guilds.add_watch(str(GUILD), person)
        await guilds.subscribe(tx, GUILD, CHANNEL, None, ())
        sources = [new_source(sid, "rss", u, guild_id=str(GUILD), seeded=True)
                   for sid, u in urls.items()]  # fmt: skip
        for source in sources:
            source.next_check_at = later
        await tx.sources.insert(sources)


# -- 1. N workers over one database --------------------------------------------------------------


def _worker_process(settings: Settings, ready: Any, stop: Any) -> None:
    from bot.cycle.worker import run_worker

    bench_dns()

    async def main() -> None:
        stopping = asyncio.Event()
        task = asyncio.create_task(
            run_worker(settings, stop=stopping, started=lambda _w: ready.set())
        )
        stopped = asyncio.ensure_future(asyncio.get_running_loop().run_in_executor(None, stop.wait))
        # A worker that fails ends this process (its error printed), so the bench sees it.
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopping.set()
        await task

    asyncio.run(main())


async def _polled(store: PgStore) -> int:
    async with store.connection() as conn:
        return int(
            await conn.fetchval("SELECT count(*) FROM sources WHERE last_attempt IS NOT NULL")
        )


async def worker_cycle(
    cluster: ThrowawayCluster, server: ServerProcess, watched: list[Prosecutor], n_workers: int
) -> dict[str, Any]:
    """Seconds for `n_workers` worker processes to poll every source once, from cold."""
    db = f"workers_{n_workers}"
    await _admin(cluster, f"CREATE DATABASE {db}")
    url = cluster.url(db)
    store = await PgStore.open(url)
    urls = {f"feed/{f}": server.url(f) for f in range(N_SOURCES)}
    await fill(store, watched, urls, due=False)
    settings = settings_for(server, url, parse_workers=0)
    ctx = multiprocessing.get_context("spawn")
    stop = ctx.Event()
    readies = [ctx.Event() for _ in range(n_workers)]
    procs = [ctx.Process(target=_worker_process, args=(settings, r, stop)) for r in readies]
    for proc in procs:
        proc.start()
    try:
        for ready in readies:
            while not ready.wait(0.2):
                if not all(p.is_alive() for p in procs):
                    raise RuntimeError("a bench worker died while starting")
        async with store.transaction() as tx:
            started = time.perf_counter()
            await tx.sources.set_next_check(None)
        while await _polled(store) < N_SOURCES:
            await asyncio.sleep(0.1)
        elapsed = time.perf_counter() - started
        async with store.transaction() as tx:
            alerts = len(await tx.alerts.all())
            seen = await tx.seen.count()
    finally:
        stop.set()
        for proc in procs:
            proc.join(60)
            if proc.is_alive():
                proc.kill()
        await store.close()
    return {"seconds": elapsed, "alerts": alerts, "seen": seen}


async def _admin(cluster: ThrowawayCluster, statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(cluster.url("postgres"))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


# -- 2. one-process cycles on each engine ----------------------------------------------------


class TimedStore(Store):
    """A store that adds up the time spent inside its transactions: the engine's share of a
    cycle (fetching and parsing happen outside them), less noisy than the cycle's wall time on
    a machine whose cores are shared."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.recovered_from = inner.recovered_from
        self.seconds = 0.0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[UnitOfWork]:
        started = time.perf_counter()
        try:
            async with self.inner.transaction() as tx:
                yield tx
        finally:
            self.seconds += time.perf_counter() - started

    async def close(self) -> None:
        await self.inner.close()


async def engine_cycles(
    inner: Store, server: ServerProcess, watched: list[Prosecutor], settings: Settings
) -> dict[str, float]:
    urls = {f"feed/{f}": server.url(f) for f in range(N_ENGINE)}
    await fill(inner, watched, urls, due=True)
    store = TimedStore(inner)
    out: dict[str, float] = {}
    async with make_fetcher(settings) as fetcher:
        pipeline = Pipeline(settings, store, fetcher, NullSink())
        try:
            for name in ("cold", "unchanged"):
                async with store.transaction() as tx:
                    await tx.sources.set_next_check(None)
                store.seconds = 0.0
                cpu, wall = time.process_time(), time.perf_counter()
                report = await pipeline.run_cycle(deliver=False)
                out[f"{name}_s"] = time.perf_counter() - wall
                out[f"{name}_cpu_s"] = time.process_time() - cpu
                out[f"{name}_store_s"] = store.seconds
                out[f"{name}_alerts"] = report.stats.alerts
            assert report.stats.unchanged == N_ENGINE, report.stats
        finally:
            await pipeline.close()
            await store.close()
    return out


async def engines(
    cluster: ThrowawayCluster, server: ServerProcess, watched: list[Prosecutor], tmp: Path
) -> dict[str, dict[str, float]]:
    await _admin(cluster, "CREATE DATABASE engines")
    url = cluster.url("engines")
    pg_settings = settings_for(server, url, parse_workers=2)
    tiny_settings = dataclasses.replace(
        pg_settings, store=StoreSettings(path=str(tmp / "engines.json"))
    )
    tiny = await engine_cycles(TinyStore.open(tmp / "engines.json"), server, watched, tiny_settings)
    pg = await engine_cycles(await PgStore.open(url), server, watched, pg_settings)
    return {"tinydb": tiny, "postgres": pg}


def main() -> None:
    watched = people(N_WATCHED)
    n_feeds = max(N_SOURCES, N_ENGINE)
    corpus = SmallCorpus(n_feeds, watched, now=time.time())
    for f in range(n_feeds):
        corpus.body(f)
    server = ServerProcess(corpus, DELAY)  # forked before any event loop or thread exists
    bench_dns()
    cores = os.cpu_count() or 1
    try:
        with ThrowawayCluster.start(durable=True) as cluster, tempfile.TemporaryDirectory() as tmp:
            one = asyncio.run(worker_cycle(cluster, server, watched, 1))
            three = asyncio.run(worker_cycle(cluster, server, watched, 3))
            eng = asyncio.run(engines(cluster, server, watched, Path(tmp)))
    finally:
        server.close()
    speedup = one["seconds"] / three["seconds"]
    tiny, pg = eng["tinydb"], eng["postgres"]
    rows = [
        ("measure", "value", "target"),
        (f"cold cycle, {N_SOURCES:,} sources, 1 worker process", f"{one['seconds']:.1f} s", ""),
        (f"cold cycle, {N_SOURCES:,} sources, 3 worker processes", f"{three['seconds']:.1f} s",
         ""),
        (f"  3 workers / 1 worker speedup ({cores} cores)", f"{speedup:.2f}x",
         ">= 2.5x given the cores"),
        ("  alerts stored (1 / 3 workers)", f"{one['alerts']:,} / {three['alerts']:,}", "equal"),
        (f"cold cycle, {N_ENGINE:,} sources: TinyDB / PostgreSQL",
         f"{tiny['cold_s']:.2f} s / {pg['cold_s']:.2f} s", ""),
        ("  PostgreSQL / TinyDB (wall)", f"{pg['cold_s'] / tiny['cold_s']:.2f}x", ""),
        ("  inside store transactions: TinyDB / PostgreSQL",
         f"{tiny['cold_store_s']:.2f} s / {pg['cold_store_s']:.2f} s", ""),
        ("  PostgreSQL / TinyDB (store time)",
         f"{pg['cold_store_s'] / tiny['cold_store_s']:.2f}x", ""),
        ("  CPU in the bot process: TinyDB / PostgreSQL",
         f"{tiny['cold_cpu_s']:.2f} s / {pg['cold_cpu_s']:.2f} s", ""),
        (f"unchanged cycle, {N_ENGINE:,} sources: TinyDB / PostgreSQL",
         f"{tiny['unchanged_s']:.2f} s / {pg['unchanged_s']:.2f} s", ""),
        ("  PostgreSQL / TinyDB (wall)", f"{pg['unchanged_s'] / tiny['unchanged_s']:.2f}x", ""),
        ("  inside store transactions: TinyDB / PostgreSQL",
         f"{tiny['unchanged_store_s']:.2f} s / {pg['unchanged_store_s']:.2f} s", ""),
        ("  PostgreSQL / TinyDB (store time)",
         f"{pg['unchanged_store_s'] / tiny['unchanged_store_s']:.2f}x", ""),
        ("  CPU in the bot process: TinyDB / PostgreSQL",
         f"{tiny['unchanged_cpu_s']:.2f} s / {pg['unchanged_cpu_s']:.2f} s", ""),
    ]  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    print("\n".join(lines))
    print(f"({cores} cores shared by the workers, the feed server and PostgreSQL; "
          f"server delay {DELAY * 1000:.0f} ms per response)")  # fmt: skip
    print(json.dumps({
        "cores": cores,
        "workers_3_vs_1": round(speedup, 2),
        "cold_s_1_worker": round(one["seconds"], 2),
        "cold_s_3_workers": round(three["seconds"], 2),
        "pg_vs_tinydb_cold": round(pg["cold_s"] / tiny["cold_s"], 2),
        "pg_vs_tinydb_unchanged": round(pg["unchanged_s"] / tiny["unchanged_s"], 2),
        "pg_vs_tinydb_unchanged_cpu": round(pg["unchanged_cpu_s"] / tiny["unchanged_cpu_s"], 2),
        "pg_vs_tinydb_cold_store": round(pg["cold_store_s"] / tiny["cold_store_s"], 2),
        "pg_vs_tinydb_unchanged_store": round(
            pg["unchanged_store_s"] / tiny["unchanged_store_s"], 2
        ),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
