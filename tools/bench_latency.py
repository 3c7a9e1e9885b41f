"""Publish-to-alert latency: items appear in feeds at random moments; how long until each one is
posted? (tools/bench.py runs it; `python tools/bench_latency.py` runs it alone.)

The clock is sped up rather than faked: poll.interval_seconds is INTERVAL (2 s) instead of the
default 300 s, and everything the bot waits (jitter, look-ahead, the poll loop's sleep) scales
with it, so latency is reported as a multiple of the interval, and as seconds at 300 s. The
real poll loop (bot/cycle/poller.py) drives the real pipeline over loopback HTTP into a sink
that notes when each alert arrives. The same run under a fixed cycle grid (the APScheduler
interval job the bot used before) is printed beside it.

The target: an item is picked up within one interval plus jitter (1.1x) of appearing.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_corpus import people  # type: ignore[import-not-found]
from bench_steps import build_store  # type: ignore[import-not-found]

from bot.app import make_fetcher
from bot.clock import utcnow
from bot.cycle.pipeline import Pipeline
from bot.cycle.poller import PollLoop
from bot.delivery.alert_view import MessageView
from bot.delivery.sinks import Outcome, Result
from bot.settings import Settings

INTERVAL = 2  # seconds; the default is 300
DEFAULT_INTERVAL = 300
N_FEEDS = 30
N_ITEMS = 300
SPAN = 15 * INTERVAL  # items appear over this many seconds
LINK = "https://latency.example/{}"


class ArrivalSink:
    """Delivers at once and notes when each alert (by its link) arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}

    async def send(self, channel_id: str, view: MessageView, nonce: str) -> Outcome:
        for embed in view.embeds:
            if embed.url:
                self.arrived.setdefault(embed.url, time.monotonic())
        return Outcome(Result.DELIVERED, message_id=str(len(self.arrived)))


class Feeds:
    """N_FEEDS loopback RSS feeds; `publish` adds an item to one and notes when."""

    def __init__(self) -> None:
        self.items: list[list[tuple[str, str]]] = [[] for _ in range(N_FEEDS)]
        self.published: dict[str, float] = {}
        self.served: dict[str, float] = {}  # when the bot first fetched each item
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/feed/{n}", self._feed)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, n: int) -> str:
        return f"http://127.0.0.1:{self.port}/feed/{n}"

    def publish(self, feed: int, title: str, link: str) -> None:
        self.items[feed].insert(0, (title, link))
        self.published[link] = time.monotonic()

    async def _feed(self, request: web.Request) -> web.Response:
        date = format_datetime(utcnow())
        shown = self.items[int(request.match_info["n"])][:20]
        for _, link in shown:
            self.served.setdefault(link, time.monotonic())
        entries = "".join(
            f"<item><title>{escape(title)}</title><link>{link}</link><guid>{link}</guid>"
            f"<pubDate>{date}</pubDate></item>"
            for title, link in shown
        )
        channel = f"<channel><title>Latency Times</title>{entries}</channel>"
        body = f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'
        return web.Response(body=body.encode(), content_type="application/rss+xml")


def settings_for(feeds: Feeds, store_path: Path) -> Settings:
    base = Settings()
    return dataclasses.replace(
        base,
        store=dataclasses.replace(base.store, path=str(store_path)),
        fetch=dataclasses.replace(base.fetch, allow_hosts=(f"127.0.0.1:{feeds.port}",)),
        poll=dataclasses.replace(base.poll, interval_seconds=INTERVAL, parse_workers=0),
        sources=dataclasses.replace(base.sources, enabled=()),
        discord=dataclasses.replace(base.discord, flood_cap=10_000, max_watched=N_ITEMS),
    )


async def grid_loop(pipeline: Pipeline) -> None:
    """The scheduler before issue 13: a cycle on a fixed grid of one interval, polling what is
    due at that moment."""
    pipeline.lookahead = timedelta(0)
    start = time.monotonic()
    tick = 0
    while True:
        await pipeline.run_cycle()
        tick += 1
        await asyncio.sleep(max(0.0, start + tick * INTERVAL - time.monotonic()))


async def poll_loop(pipeline: Pipeline) -> None:
    loop = PollLoop(pipeline)
    loop.start()
    try:
        await asyncio.Event().wait()
    finally:
        await loop.stop()


Scheduler = Callable[[Pipeline], Coroutine[Any, Any, None]]


@dataclasses.dataclass
class Timings:
    """Seconds per item: publish to first fetch (the poll wait, which scales with the
    interval) and first fetch to posted (parse, match, commit, deliver, which does not)."""

    wait: list[float]
    work: list[float]

    @property
    def total(self) -> list[float]:
        return [a + b for a, b in zip(self.wait, self.work, strict=True)]


async def run(scheduler: Scheduler, store_path: Path, seed: int) -> Timings:
    """Timings of N_ITEMS items published over SPAN under one scheduler."""
    watched = people(N_ITEMS, seed=seed)
    feeds = Feeds()
    await feeds.start()
    urls = {f"feed/{n}": feeds.url(n) for n in range(N_FEEDS)}
    store = await build_store(store_path, watched, urls)
    sink = ArrivalSink()
    settings = settings_for(feeds, store_path)
    rng = random.Random(seed)
    moments = sorted(rng.uniform(INTERVAL, SPAN) for _ in range(N_ITEMS))
    try:
        async with make_fetcher(settings) as fetcher:
            pipeline = Pipeline(settings, store, fetcher, sink)
            pipeline.delivery.start()  # as the bot does: cycles wake it, it sends
            driver = asyncio.create_task(scheduler(pipeline))
            try:
                started = time.monotonic()
                for k, (moment, person) in enumerate(zip(moments, watched, strict=True)):
                    await asyncio.sleep(max(0.0, started + moment - time.monotonic()))
                    title = f"Recall petition against {person.office} {person.name} certified"
                    feeds.publish(k % N_FEEDS, title, LINK.format(k))
                deadline = time.monotonic() + 4 * INTERVAL
                while len(sink.arrived) < N_ITEMS and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
            finally:
                driver.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await driver
                await pipeline.close()
    finally:
        await store.close()
        await feeds.close()
    missing = N_ITEMS - len(sink.arrived)
    if missing:
        raise RuntimeError(f"{missing} of {N_ITEMS} items were never posted")
    return Timings(
        wait=[feeds.served[link] - feeds.published[link] for link in feeds.published],
        work=[sink.arrived[link] - feeds.served[link] for link in feeds.published],
    )


def _cuts(values: list[float]) -> tuple[float, float, float]:
    """p50, p95, max."""
    return statistics.median(values), statistics.quantiles(values, n=100)[94], max(values)


def summary(t: Timings) -> dict[str, float]:
    """Ratios to the interval (publish to alert, and the poll wait alone), the work in seconds,
    and publish to alert at the default 300 s: the wait scaled up, the work as measured."""
    total, wait, work = _cuts(t.total), _cuts(t.wait), _cuts(t.work)
    scale = DEFAULT_INTERVAL / INTERVAL
    at_default = _cuts([w * scale + k for w, k in zip(t.wait, t.work, strict=True)])
    return {
        "p50": total[0] / INTERVAL,
        "p95": total[1] / INTERVAL,
        "max": total[2] / INTERVAL,
        "wait_p95": wait[1] / INTERVAL,
        "wait_max": wait[2] / INTERVAL,
        "late": sum(w > 1.1 * INTERVAL for w in t.wait) / len(t.wait),
        "work_p95_s": work[1],
        "default_p50_s": at_default[0],
        "default_p95_s": at_default[1],
        "default_max_s": at_default[2],
    }


def measure() -> dict[str, dict[str, float]]:
    """Both schedulers on the same items."""
    with tempfile.TemporaryDirectory(prefix="pw-latency-") as tmp:
        now = asyncio.run(run(poll_loop, Path(tmp) / "loop.json", seed=7))
        before = asyncio.run(run(grid_loop, Path(tmp) / "grid.json", seed=7))
    return {"poll_loop": summary(now), "fixed_grid": summary(before)}


def rows(result: dict[str, dict[str, float]]) -> list[tuple[str, str, str]]:
    """Table rows for tools/bench.py."""
    out = []
    for name, label in (
        ("poll_loop", f"publish-to-alert, {N_ITEMS} items, {INTERVAL} s interval"),
        ("fixed_grid", "  same on a fixed cycle grid (before)"),
    ):
        s = result[name]
        now = name == "poll_loop"
        out += [
            (label, f"p50 {s['p50']:.2f}x p95 {s['p95']:.2f}x max {s['max']:.2f}x", ""),
            (
                "    poll wait: p95, max; share over 1.1x",
                f"{s['wait_p95']:.2f}x, {s['wait_max']:.2f}x; {s['late']:.0%}",
                "max <= 1.1x" if now else "",
            ),
            ("    fetch to post p95", f"{s['work_p95_s'] * 1000:.0f} ms", ""),
            (
                "    at 300 s: p50, p95, max",
                f"{s['default_p50_s']:.0f}, {s['default_p95_s']:.0f}, {s['default_max_s']:.0f} s",
                "p95 <= 330 s" if now else "",
            ),
        ]
    return out


if __name__ == "__main__":
    for row in rows(measure()):
        print(" | ".join(row))
