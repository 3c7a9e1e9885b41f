"""The poll loop: a cycle whenever the earliest source falls due, not on a fixed grid."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import time
from datetime import timedelta

import pytest
from aiohttp import web

from bot.clock import utcnow
from bot.cycle import source_registry
from bot.cycle.pipeline import Pipeline
from bot.cycle.poller import MIN_GAP, PollLoop
from tests.bot.cycle.test_pipeline import NEWS
from tests.bot.harness import harness
from tests.bot.helpers import GUILD
from tests.fakes.feed_server import FeedServer


@pytest.fixture
async def server():
    async with FeedServer() as srv:
        yield srv


def with_interval(pipeline: Pipeline, seconds: int) -> Pipeline:
    """The harness's pipeline parts with another poll.interval_seconds (for a second pipeline
    over the same store)."""
    settings = pipeline.settings
    settings = dataclasses.replace(
        settings, poll=dataclasses.replace(settings.poll, interval_seconds=seconds)
    )
    return Pipeline(settings, pipeline.store, pipeline.fetcher, pipeline.sink)


async def set_checks(pipeline: Pipeline, **by_id) -> None:
    async with pipeline.store.transaction() as tx:
        for source_id, when in by_id.items():
            await tx.sources.set_next_check(when, [source_id])


async def test_loop_polls_at_once_and_delivers(tmp_path, server):
    """Started, the loop runs a cycle at once and the delivery task it wakes sends the alerts."""
    server.static("/news", NEWS)
    async with harness(tmp_path, server, ["/news"]) as h:
        loop = PollLoop(h.pipeline)
        loop.start()
        h.pipeline.delivery.start()  # as the bot does: cycles wake it
        try:
            async with asyncio.timeout(5):
                while len(h.sink.sent) < 2:
                    await asyncio.sleep(0.02)
        finally:
            await loop.stop()
            await h.pipeline.delivery.stop()
    assert len(h.sink.sent) == 2


async def test_next_delay_is_the_earliest_check(tmp_path, server):
    """It sleeps until the soonest enabled source is due, not until a grid tick."""
    async with harness(tmp_path, server, ["/a", "/b"], interval=300) as h:
        loop = PollLoop(h.pipeline)
        now = utcnow()
        await set_checks(h.pipeline, **{"feed/a": now + timedelta(seconds=200)})
        await set_checks(h.pipeline, **{"feed/b": now + timedelta(seconds=47)})
        assert 45 <= await loop.next_delay() <= 47


async def test_next_delay_bounds(tmp_path, server):
    """Due now: the minimum gap; nothing enabled, or a check further than an interval away (a
    clock set back): one interval."""
    async with harness(tmp_path, server, ["/a"], interval=60) as h:
        loop = PollLoop(h.pipeline)
        await set_checks(h.pipeline, **{"feed/a": None})
        assert await loop.next_delay() == 60 * MIN_GAP
        await set_checks(h.pipeline, **{"feed/a": utcnow() + timedelta(days=3)})
        assert await loop.next_delay() == 60
        async with h.store.transaction() as tx:
            assert await tx.sources.delete("feed/a")
        assert await loop.next_delay() == 60


async def test_added_feeds_follow_the_configured_interval(tmp_path, server):
    """Feeds organizers added take poll.interval_seconds at the first cycle, whatever they were
    stored with; automatic sources keep their template's interval."""
    async with harness(tmp_path, server, ["/a"]) as h:
        async with h.store.transaction() as tx:
            auto = source_registry.new_source("pacer:xyz", "pacer", server.url("/p"), interval=3600)
            await tx.sources.insert([auto])
        pipeline = with_interval(h.pipeline, 45)
        await pipeline.run_cycle()
        async with h.store.transaction() as tx:
            feed, court = await tx.sources.get("feed/a"), await tx.sources.get("pacer:xyz")
        await pipeline.close()
    assert feed is not None and feed.interval == 45
    assert court is not None and court.interval == 3600


@pytest.mark.slow
async def test_polls_come_within_one_interval_plus_jitter(tmp_path, server):
    """With a 1 s interval, every gap between two polls of a feed stays under 1.1 s (plus
    scheduling slack), where a fixed 1 s grid made some of them 2 s (four feeds, each jittered
    on its own, so that a run of a few seconds sees many gaps)."""
    paths = [f"/news{n}" for n in range(4)]
    polled: dict[str, list[float]] = {path: [] for path in paths}

    def feed(path: str):  # type: ignore[no-untyped-def]
        async def handler(request: web.Request) -> web.Response:
            polled[path].append(time.monotonic())
            return web.Response(body=NEWS.encode(), content_type="application/rss+xml")

        return handler

    for path in paths:
        server.route(path, feed(path))
    async with harness(tmp_path, server, paths, interval=1) as h:
        loop = PollLoop(h.pipeline)
        loop.start()
        try:
            async with asyncio.timeout(20):
                while min(len(times) for times in polled.values()) < 6:
                    await asyncio.sleep(0.05)
        finally:
            await loop.stop()
    gaps = [b - a for times in polled.values() for a, b in itertools.pairwise(times)]
    assert max(gaps) < 1.1 + 0.6, gaps


async def test_a_source_refused_by_the_api_budget_waits_instead_of_spinning(tmp_path, server):
    """Six CourtListener API sources due at once: five are polled, the sixth (over the 5 per
    minute budget) is not due again for a minute, so the loop does not wake for it at once."""
    server.static("/api", b'{"results": []}', content_type="application/json")
    async with harness(tmp_path, server, [], interval=60) as h:
        pipeline = Pipeline(
            dataclasses.replace(
                h.pipeline.settings,
                sources=dataclasses.replace(h.pipeline.settings.sources, courtlistener_token="t"),
            ),
            h.store,
            h.pipeline.fetcher,
            h.sink,
        )
        async with h.store.transaction() as tx:
            await tx.sources.insert(
                [
                    source_registry.new_source(
                        f"cl:{n}",
                        "courtlistener",
                        server.url("/api"),
                        headers_env="COURTLISTENER_TOKEN",
                        seeded=True,
                        guild_id=str(GUILD),
                    )
                    for n in range(6)
                ]
            )
        started = utcnow()
        await pipeline.run_cycle()
        await pipeline.close()
        async with h.store.transaction() as tx:
            checks = sorted(s.next_check_at for s in await tx.sources.all())
        delay = await PollLoop(pipeline).next_delay()
    assert server.requests["/api"] == 5
    assert all(c is not None and c >= started + timedelta(seconds=50) for c in checks)
    assert delay >= 50
