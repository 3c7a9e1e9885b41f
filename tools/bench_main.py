"""`make bench`: the real pipeline against bare feedparser, on the same bytes and machine.

A synthetic corpus (tools/bench_corpus.py: RSS and Atom feeds of 50 items in made-up words) is
served from a loopback server in a child process with a per-response delay. Timed in one run:
the full ingest of one feed against feedparser.parse of its bytes; a cycle where nothing changed
against a parse; a cold cycle over 1,000 feeds with 2,500 watched names (wall time, peak memory);
a steady-state cycle with 10% of the feeds changed against a sequential feedparser.parse(url)
loop over the same feeds in the same state; matching alone; a store commit at 10k seen items;
publish-to-alert latency under the poll loop and under the fixed cycle grid it replaced
(tools/bench_latency.py). Prints a table and, last, one JSON line.

The feeds are spread over 40 host names that resolve to the one loopback server (bench_dns), so
fetching runs with the default politeness (2 connections per host) as it would against real
outlets, and the global concurrency limit is what bounds a cycle.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_latency
from bench_corpus import Corpus, ServerProcess, bench_dns, people
from bench_steps import (
    NullSink,
    PeakRss,
    bare_parse,
    build_store,
    make_due,
    match_rate,
    store_write_ms,
)

from bot.app import make_fetcher
from bot.cycle.pipeline import Pipeline
from bot.settings import Settings
from bot.store import Store

N_FEEDS = 1000
N_WATCHED = 2500
DELAY = 0.02  # seconds before every answer, as a remote server would take
CHANGED = 0.10
INGEST_REPEATS = 9
INGEST_BATCH = 20
CONCURRENCY = 64


def bench_settings(server: ServerProcess, store_path: Path) -> Settings:
    base = Settings()
    return dataclasses.replace(
        base,
        store=dataclasses.replace(base.store, path=str(store_path)),
        fetch=dataclasses.replace(
            base.fetch,
            allow_hosts=server.virtual_hosts,
            concurrency=CONCURRENCY,
        ),
        poll=dataclasses.replace(base.poll, parse_workers=2),
        sources=dataclasses.replace(base.sources, enabled=()),  # no automatic internet sources
        discord=dataclasses.replace(base.discord, max_watched=N_WATCHED),
    )


async def timed_cycle(
    store: Store, pipeline: Pipeline, ids: list[str] | None = None, deliver: bool = True
):
    await make_due(store, ids)
    started = time.perf_counter()
    report = await pipeline.run_cycle(deliver=deliver)
    return time.perf_counter() - started, report


async def ingest_vs_parse(server, corpus, watched, tmp: Path) -> dict:
    """Fetch, parse, normalize, match, dedupe and the store commit, per feed, against a bare parse
    of the same bytes.

    Both sides run on one core: the pipeline parses in its own process here (parse_workers=0),
    so its worker pool cannot make it look faster than a single-threaded feedparser.parse.
    Cycles of INGEST_BATCH feeds, as real cycles hold many feeds (the commit is once per cycle);
    a one-feed cycle's latency is reported beside it. Delivery is left out (it waits on Discord),
    and the feeds answer without the server delay, which is network time, not ingest work.
    """
    first = N_FEEDS - INGEST_BATCH * (INGEST_REPEATS + 1) - 2
    feeds = list(range(first, N_FEEDS))
    urls = {f"feed/{f}": server.url(f, delay=False) for f in feeds}
    store = await build_store(tmp / "ingest.json", watched, urls)
    settings = bench_settings(server, tmp / "ingest.json")
    settings = dataclasses.replace(
        settings, poll=dataclasses.replace(settings.poll, parse_workers=0)
    )
    per_feed, single, parse = [], [], []
    async with make_fetcher(settings) as fetcher:
        pipeline = Pipeline(settings, store, fetcher, NullSink())
        try:
            for n, f in enumerate(feeds[:2]):  # warm-up, then one-feed latency
                seconds, _ = await timed_cycle(store, pipeline, [f"feed/{f}"], False)
                if n:
                    single.append(seconds)
            for r in range(INGEST_REPEATS):
                batch = feeds[2 + r * INGEST_BATCH : 2 + (r + 1) * INGEST_BATCH]
                seconds, report = await timed_cycle(
                    store, pipeline, [f"feed/{f}" for f in batch], False
                )
                assert report.stats.new_items == report.stats.items > 0, report.stats
                per_feed.append(seconds / len(batch))
                parse.extend(bare_parse(corpus.body(f)) for f in batch[:3])
        finally:
            await pipeline.close()
            await store.close()
    return {
        "ingest_s": statistics.median(per_feed),
        "parse_s": statistics.median(parse),
        "single_s": statistics.median(single),
    }


async def cycles(server, corpus, watched, tmp: Path) -> dict:
    """Cold, unchanged and steady-state cycles over the same 1,000 feeds."""
    urls = {f"feed/{f}": server.url(f) for f in range(N_FEEDS)}
    store = await build_store(tmp / "main.json", watched, urls)
    settings = bench_settings(server, tmp / "main.json")
    out: dict = {}
    sink = NullSink()
    async with make_fetcher(settings) as fetcher:
        pipeline = Pipeline(settings, store, fetcher, sink)
        try:
            with PeakRss(exclude=server.process.pid) as peak:
                out["cold_s"], report = await timed_cycle(store, pipeline)
            out["peak_rss_mb"] = peak.mb
            out["peak_rss_sum_mb"] = peak.rss_mb
            out["cold"] = report.stats.as_dict()
            out["cold_sends"] = sink.sent
            out["store_mb"] = os.path.getsize(tmp / "main.json") / 2**20

            # Nothing is parsed in this cycle, so the main process's CPU time is its whole cost;
            # its wall time is mostly the server's delay divided by the concurrency.
            cpu_before = time.process_time()
            out["unchanged_s"], report = await timed_cycle(store, pipeline)
            out["unchanged_cpu_s"] = time.process_time() - cpu_before
            assert report.stats.unchanged == N_FEEDS, report.stats
            out["parse_s"] = statistics.median(bare_parse(corpus.body(f)) for f in range(50))

            changed = random.Random(5).sample(range(N_FEEDS), int(N_FEEDS * CHANGED))
            server.bump(changed)
            out["steady_s"], report = await timed_cycle(store, pipeline)
            out["steady"] = report.stats.as_dict()
        finally:
            await pipeline.close()
            await store.close()
    out["sequential_s"] = sequential_loop(server)
    return out


def sequential_loop(server: ServerProcess) -> float:
    """What most hobby bots do: feedparser.parse(url) per feed, one at a time, no validators."""
    import feedparser

    started = time.perf_counter()
    for f in range(N_FEEDS):
        parsed = feedparser.parse(server.url(f))
        assert parsed.entries, f
    return time.perf_counter() - started


def table(rows: list[tuple[str, str, str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    watched = people(N_WATCHED)
    corpus = Corpus(N_FEEDS, watched, now=time.time())
    server = ServerProcess(corpus, DELAY)  # forked before any event loop or thread exists
    bench_dns()
    try:
        with tempfile.TemporaryDirectory(prefix="pw-bench-") as tmp:
            t0 = time.perf_counter()
            match_per_s, match_items = match_rate(corpus, watched, feeds=range(200))
            write_ms = asyncio.run(
                store_write_ms(Path(tmp) / "write.json", corpus, watched, seen=10_000)
            )
            ingest = asyncio.run(ingest_vs_parse(server, corpus, watched, Path(tmp)))
            cyc = asyncio.run(cycles(server, corpus, watched, Path(tmp)))
    finally:
        server.close()
    # Its own loopback feeds, after the corpus server is gone: nothing else competes for the CPU.
    latency = bench_latency.measure()
    total = time.perf_counter() - t0

    r_ingest = ingest["ingest_s"] / ingest["parse_s"]
    per_unchanged = cyc["unchanged_cpu_s"] / N_FEEDS
    r_unchanged = per_unchanged / cyc["parse_s"]
    speedup = cyc["sequential_s"] / cyc["steady_s"]
    ms = 1000
    rows = [
        ("measure", "value", "target"),
        ("bare feedparser.parse, one 50-item feed", f"{ingest['parse_s'] * ms:.1f} ms", ""),
        ("full ingest per feed (20-feed cycles)", f"{ingest['ingest_s'] * ms:.1f} ms", ""),
        ("  ingest / bare parse (both on one core)", f"{r_ingest:.2f}x", "<= 1.3x"),
        ("  a one-feed cycle, start to commit", f"{ingest['single_s'] * ms:.1f} ms", ""),
        ("unchanged cycle, 1,000 feeds (wall)", f"{cyc['unchanged_s']:.2f} s", ""),
        ("  its CPU time", f"{cyc['unchanged_cpu_s']:.2f} s", ""),
        ("  CPU per feed / bare parse", f"{r_unchanged:.1%}", "< 5%"),
        ("cold cycle, 1,000 feeds, 2,500 names", f"{cyc['cold_s']:.1f} s", "< 30 s"),
        ("  items / alerts / sends", _cold_counts(cyc), ""),
        ("  peak memory (PSS), main + workers", f"{cyc['peak_rss_mb']:.0f} MB", "< 300 MB"),
        ("  (plain RSS summed, shared counted twice)", f"{cyc['peak_rss_sum_mb']:.0f} MB", ""),
        ("  store file after it", f"{cyc['store_mb']:.1f} MB", ""),
        ("steady cycle, 10% of 1,000 feeds changed", f"{cyc['steady_s']:.2f} s", ""),
        ("sequential feedparser.parse(url) loop", f"{cyc['sequential_s']:.1f} s", ""),
        ("  speedup", f"{speedup:.1f}x", ">= 20x"),
        (f"matching alone ({match_items:,} items)", f"{match_per_s:,.0f} items/s", ">= 20,000"),
        ("store commit at 10k seen items", f"{write_ms:.0f} ms", ""),
        *bench_latency.rows(latency),
    ]
    print(table(rows))
    print(f"(server delay {DELAY * ms:.0f} ms per response; whole run {total:.0f} s)")
    result = {
        "ingest_vs_feedparser": round(r_ingest, 3),
        "unchanged_vs_parse": round(r_unchanged, 4),
        "speedup_vs_sequential": round(speedup, 1),
        "cycle_s_1000_feeds": round(cyc["cold_s"], 2),
        "peak_rss_mb": round(cyc["peak_rss_mb"], 1),
        "match_items_per_s": round(match_per_s),
        "store_write_ms": round(write_ms, 1),
        "latency_p50_x_interval": round(latency["poll_loop"]["p50"], 3),
        "latency_p95_x_interval": round(latency["poll_loop"]["p95"], 3),
        "latency_p95_x_interval_fixed_grid": round(latency["fixed_grid"]["p95"], 3),
    }
    print(json.dumps(result))


def _cold_counts(cyc: dict) -> str:
    s = cyc["cold"]
    return f"{s['items']:,} / {s['alerts']:,} (+{s['clustered']} clustered) / {cyc['cold_sends']}"


if __name__ == "__main__":
    main()
