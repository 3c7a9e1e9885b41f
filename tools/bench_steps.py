"""Pieces of tools/bench.py: store setup, a null sink, memory sampling, single measurements."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import statistics
import threading
import time
from datetime import timedelta
from pathlib import Path

import feedparser
import feedparser.api
import psutil
from bench_corpus import Corpus

from bot import guilds
from bot.clock import utcnow
from bot.cycle.alerts import alert_record
from bot.cycle.source_registry import new_source
from bot.delivery import outbox
from bot.delivery.sinks import Outcome, Result
from bot.store import RowStatus, Store
from bot.store.tinydb import TinyStore
from feeds.match import Matcher
from feeds.models import Event, Prosecutor
from feeds.parse import parse_feed

GUILD, CHANNEL = 1001, 2002


class NullSink:
    """Delivers everything instantly and only counts: the bench measures the bot, not Discord."""

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, channel_id: str, view, nonce: str) -> Outcome:
        self.sent += 1
        return Outcome(Result.DELIVERED, message_id=str(self.sent))

    def notice_channels(self, guild_id: str) -> list[str]:
        return []


async def build_store(path: Path, watched: list[Prosecutor], urls: dict[str, str]) -> Store:
    """One guild watching everyone with one catch-all subscription, and the given feeds."""
    store = TinyStore.open(path)
    async with store.transaction() as tx:
        for person in watched:
            await tx.guilds.add_watch(str(GUILD), person)
        await guilds.subscribe(tx, GUILD, CHANNEL, None, ())
        # Registered before the run (seeded), so every item of the first cycle counts as news.
        await tx.sources.insert(
            [new_source(sid, "rss", url, guild_id=str(GUILD), seeded=True)
             for sid, url in urls.items()]
        )  # fmt: skip
    return store


async def make_due(store: Store, ids: list[str] | None = None) -> None:
    """Make these sources (default: all) due now and every other one not due."""
    async with store.transaction() as tx:
        if ids is None:
            await tx.sources.set_next_check(None)
        else:
            # An hour ahead: not due, and within the longest wait the bot sets (a time further
            # ahead would read as the clock having been set back, which makes a source due).
            await tx.sources.set_next_check(utcnow() + timedelta(hours=1))
            await tx.sources.set_next_check(None, ids)


@contextlib.contextmanager
def _pristine_feedparser():
    # feeds.safe_parse puts defusedxml's reader first; the baseline is feedparser as shipped.
    saved = list(feedparser.api.PREFERRED_XML_PARSERS)
    feedparser.api.PREFERRED_XML_PARSERS[:] = [p for p in saved if "defusedxml" not in p]
    try:
        yield
    finally:
        feedparser.api.PREFERRED_XML_PARSERS[:] = saved


def bare_parse(body: bytes) -> float:
    """Seconds for one feedparser.parse(bytes) with default options."""
    with _pristine_feedparser():
        started = time.perf_counter()
        parsed = feedparser.parse(body)
        elapsed = time.perf_counter() - started
    assert parsed.entries
    return elapsed


def match_rate(corpus: Corpus, watched: list[Prosecutor], feeds) -> tuple[float, int]:
    """Items per second for Matcher.match_item on parsed corpus items, one process."""
    items = [it for f in feeds for it in parse_feed(corpus.body(f), source_id=f"feed/{f}")]
    matcher = Matcher(watched)
    rates = []
    for _ in range(3):
        started = time.perf_counter()
        for it in items:
            matcher.match_item(it)
        rates.append(len(items) / (time.perf_counter() - started))
    return statistics.median(rates), len(items)


async def store_write_ms(path: Path, corpus: Corpus, watched: list[Prosecutor], seen: int) -> float:
    """One small transaction (50 seen marks, one meta value) on a store holding `seen` seen
    items, their alerts and outbox rows: what a cycle's commit costs."""
    urls = {f"feed/{f}": f"https://news{f}.example/feed" for f in range(corpus.n_feeds)}
    store = await build_store(path, watched, urls)
    by_id = {p.id: p for p in watched}
    matcher = Matcher(watched)
    now = utcnow()
    keys, alerts, rows = [], [], []
    feed = 0
    while len(keys) < seen:
        for it in parse_feed(corpus.body(feed), source_id=f"feed/{feed}"):
            keys.append(it.key)
            for m in matcher.match_item(it):
                record = alert_record(Event(it, m), by_id[m.prosecutor_id], now)
                alerts.append(record)
                row = outbox.new_row(
                    record.alert_key, str(GUILD), str(CHANNEL), digest=False, role=None, now=now
                )
                rows.append(dataclasses.replace(row, status=RowStatus.DELIVERED))
        feed += 1
    async with store.transaction() as tx:
        await tx.seen.mark(keys[:seen], now)
        await tx.alerts.add(alerts)
        await tx.outbox.enqueue(rows)
    times = []
    for n in range(7):
        # What a cycle changes: 50 more seen items, so the seen table is encoded afresh.
        started = time.perf_counter()
        async with store.transaction() as tx:
            await tx.seen.mark((f"bench:{n}:{i}" for i in range(50)), now)
            await tx.meta.set_delivery_paused_until(None)
        times.append(time.perf_counter() - started)
    await store.close()
    return statistics.median(times) * 1000


class PeakRss:
    """Peak memory of this process and its children (the parse workers), sampled every 20 ms;
    `exclude` leaves out the feed server.

    `peak` sums PSS (proportional set size): a page shared by the forked workers counts once,
    split between them, so the sum is what the bot really occupies. `peak_rss` sums plain RSS,
    which counts shared pages once per process and so errs high; both are reported.

    The list of processes is read again every `refresh` seconds only: listing a process's
    children scans every process on the machine (/proc/*/stat), and doing that every 20 ms
    took about a tenth of a core on a busy machine, away from the cycle being measured. The
    parse workers live for many cycles, so a new one is found within `refresh` of starting."""

    def __init__(
        self, exclude: int | None = None, every: float = 0.02, refresh: float = 0.5
    ) -> None:
        self._exclude = exclude
        self._every = every
        self._refresh = refresh
        self._procs: list[psutil.Process] = []
        self._listed_at = float("-inf")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.peak = 0
        self.peak_rss = 0

    @property
    def mb(self) -> float:
        return self.peak / 2**20

    @property
    def rss_mb(self) -> float:
        return self.peak_rss / 2**20

    def _processes(self, me: psutil.Process, fresh: bool) -> list[psutil.Process]:
        now = time.monotonic()
        if fresh or now - self._listed_at >= self._refresh:
            with contextlib.suppress(psutil.Error):
                children = me.children(recursive=True)
                self._procs = [me, *(p for p in children if p.pid != self._exclude)]
                self._listed_at = now
        return self._procs or [me]

    def _sample(self, me: psutil.Process, fresh: bool = False) -> tuple[int, int]:
        pss = rss = 0
        for proc in self._processes(me, fresh):
            with contextlib.suppress(psutil.Error):
                info = proc.memory_full_info()
                pss += getattr(info, "pss", info.rss)
                rss += info.rss
        return pss, rss

    def _record(self, me: psutil.Process, fresh: bool = False) -> None:
        pss, rss = self._sample(me, fresh)
        self.peak = max(self.peak, pss)
        self.peak_rss = max(self.peak_rss, rss)

    def _run(self) -> None:
        me = psutil.Process(os.getpid())
        while not self._stop.is_set():
            self._record(me)
            self._stop.wait(self._every)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self._record(psutil.Process(os.getpid()), fresh=True)
