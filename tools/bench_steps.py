"""Pieces of tools/bench.py: store setup, a null sink, memory sampling, single measurements."""

from __future__ import annotations

import contextlib
import os
import statistics
import threading
import time
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

import feedparser
import feedparser.api
import psutil
from bench_corpus import Corpus
from tinydb import Query

from bot import guilds, outbox
from bot.cycle.ingest import alert_record
from bot.delivery.sinks import Outcome, Result
from bot.cycle.source_registry import new_source
from bot.store import Store, utcnow
from feeds.match import Matcher
from feeds.models import Event, Prosecutor
from feeds.parse import parse_feed

GUILD, CHANNEL = 1001, 2002
Q = Query()


class NullSink:
    """Delivers everything instantly and only counts: the bench measures the bot, not Discord."""

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, channel_id: str, view, nonce: str) -> Outcome:
        self.sent += 1
        return Outcome(Result.DELIVERED, message_id=str(self.sent))


def build_store(path: Path, watched: list[Prosecutor], urls: dict[str, str]) -> Store:
    """One guild watching everyone with one catch-all subscription, and the given feeds."""
    store = Store(path)
    # guilds.watch() one by one would copy the growing watchlist 2,500 times: same document.
    watch = {p.id: {**asdict(p), "aliases": list(p.aliases)} for p in watched}
    store.guilds.insert({"guild_id": str(GUILD), "watch": watch, "mention": None})
    guilds.subscribe(store, GUILD, CHANNEL, None, ())
    # Registered before the run (seeded), so every item of the first cycle counts as news.
    store.sources.insert_multiple(
        new_source(sid, "rss", url, guild_id=str(GUILD), seeded=True) for sid, url in urls.items()
    )
    store.commit()
    return store


def make_due(store: Store, ids: list[str] | None = None) -> None:
    """Make these sources (default: all) due now and every other one not due."""
    if ids is None:
        store.sources.update({"next_check_at": None})
    else:
        # An hour ahead: not due, and within the longest wait the bot sets (a time further
        # ahead would read as the clock having been set back, which makes a source due).
        later = (utcnow() + timedelta(hours=1)).isoformat()
        store.sources.update({"next_check_at": later})
        store.sources.update({"next_check_at": None}, Q.id.one_of(ids))
    store.commit()


@contextlib.contextmanager
def _pristine_feedparser():
    # feeds.parse puts defusedxml's reader first; the baseline is feedparser as shipped.
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


def store_write_ms(path: Path, corpus: Corpus, watched: list[Prosecutor], seen: int) -> float:
    """One commit of a store holding `seen` seen items, their alerts and outbox rows."""
    urls = {f"feed/{f}": f"https://news{f}.example/feed" for f in range(corpus.n_feeds)}
    store = build_store(path, watched, urls)
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
                    record["alert_key"], str(GUILD), str(CHANNEL), digest=False, role=None, now=now
                )
                rows.append({**row, "status": "delivered"})
        feed += 1
    store.mark_seen(keys[:seen], now)
    store.alerts.insert_multiple(alerts)
    outbox.enqueue(store, rows)
    store.commit()
    times = []
    for n in range(7):
        # What a cycle changes: 50 more seen items, so the seen table is encoded afresh.
        store.mark_seen((f"bench:{n}:{i}" for i in range(50)), now)
        store.set_meta("bench", n)
        started = time.perf_counter()
        store.commit()
        times.append(time.perf_counter() - started)
    store.close()
    return statistics.median(times) * 1000


class PeakRss:
    """Peak memory of this process and its children (the parse workers), sampled every 20 ms;
    `exclude` leaves out the feed server.

    `peak` sums PSS (proportional set size): a page shared by the forked workers counts once,
    split between them, so the sum is what the bot really occupies. `peak_rss` sums plain RSS,
    which counts shared pages once per process and so errs high; both are reported."""

    def __init__(self, exclude: int | None = None, every: float = 0.02) -> None:
        self._exclude = exclude
        self._every = every
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

    def _sample(self, me: psutil.Process) -> tuple[int, int]:
        pss = rss = 0
        for proc in [me, *me.children(recursive=True)]:
            if proc.pid == self._exclude:
                continue
            with contextlib.suppress(psutil.Error):
                info = proc.memory_full_info()
                pss += getattr(info, "pss", info.rss)
                rss += info.rss
        return pss, rss

    def _record(self, me: psutil.Process) -> None:
        pss, rss = self._sample(me)
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
        self._record(psutil.Process(os.getpid()))
