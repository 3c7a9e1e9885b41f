"""FAULTS.md section B, through the pipeline: slow, failing and unchanged feeds in one cycle."""

import asyncio
import time
from datetime import timedelta

import pytest

from bot.clock import utcnow
from bot.cycle.pipeline import poll_order
from bot.cycle.poller import poll_job
from tests.bot.cycle.test_pipeline import NEWS
from tests.bot.harness import harness, make_due
from tests.fakes.dns import loopback_host, loopback_names
from tests.fakes.feed_server import FeedServer


@pytest.fixture
async def server():
    async with FeedServer() as srv:
        yield srv


async def test_twenty_trickling_feeds_on_one_host_do_not_starve_the_cycle(tmp_path, server):
    """B3 / issue 14: 20 feeds at 1 byte/s on one host; the good feed elsewhere alerts in time."""
    slow_host, good_host = loopback_host("slow"), loopback_host("good")
    urls = [server.url_at(slow_host, f"/slow{i}") for i in range(20)]
    for i in range(20):
        server.trickle(f"/slow{i}", rate=1, total=10_000)
    server.static("/news", NEWS)
    hosts = [f"{host}:{server.port}" for host in (slow_host, good_host)]
    interval = 5
    with loopback_names():
        async with harness(
            tmp_path, server, [*urls, server.url_at(good_host, "/news")],
            allow_hosts=hosts, interval=interval,
        ) as h:  # fmt: skip
            await make_due(h.store)
            h.pipeline.delivery.start()  # as in the bot: the poll job wakes it, never sends
            started = time.monotonic()
            await poll_job(h.pipeline)()  # what the poll loop runs, with its budget
            elapsed = time.monotonic() - started
            async with asyncio.timeout(max(0.1, interval - elapsed)):
                while len(h.sink.sent) < 2:
                    await asyncio.sleep(0.01)
            elapsed = time.monotonic() - started
            next_tick = utcnow() + timedelta(seconds=interval)
            async with h.store.transaction() as tx:
                due_next = poll_order(await tx.sources.due(next_tick, 6 * 3600))
            sources = (await h.stored()).sources
    assert len(h.sink.sent) == 2 and elapsed < interval
    slow = [s for s in sources if s.id != "feed/news"]
    # The two that held the host's slots were cut at the deadline; the rest were put off.
    assert sorted(s.error_reason or "-" for s in slow) == ["-"] * 18 + ["timeout"] * 2
    cut = {s.id for s in slow if s.error_reason}
    put_off = [s.id for s in slow if not s.error_reason]
    # Next cycle: the ones cut are not waited on again; the ones put off go first.
    assert [s.id for s in due_next][:18] == put_off and not cut & {s.id for s in due_next}


async def test_not_modified_resets_the_error_count_and_keeps_validators(tmp_path, server):
    """B6: after errors, a 304 clears the count and keeps the ETag; nothing is parsed."""
    server.static("/news", NEWS, etag='"v1"')
    async with harness(tmp_path, server, ["/news"]) as h:
        await h.cycle()
        server.status("/news", 500)
        await h.cycle()
        assert (await h.stored()).sources[0].consecutive_errors == 1
        server.static("/news", NEWS, etag='"v1"')
        report = await h.cycle()
        doc = (await h.stored()).sources[0]
    assert report.stats.unchanged == 1 and doc.consecutive_errors == 0 and doc.etag == '"v1"'


async def test_changed_etag_with_the_same_items_posts_nothing(tmp_path, server):
    """B7: a new ETag on the same content is fetched and parsed, and alerts nothing new."""
    server.static("/news", NEWS, etag='"v1"')
    async with harness(tmp_path, server, ["/news"]) as h:
        await h.cycle()
        server.static("/news", NEWS.replace("<channel>", "<channel><ttl>5</ttl>"), etag='"v2"')
        report = await h.cycle()
    assert report.stats.unchanged == 0 and report.stats.new_items == 0 and len(h.sink.sent) == 2


async def test_repeated_failures_back_off_exponentially(tmp_path, server):
    """B9: each consecutive 500 doubles the wait before the next check."""

    server.status("/down", 500)
    waits = []
    async with harness(tmp_path, server, ["/down"]) as h:
        for _ in range(4):
            await h.cycle()
            doc = (await h.stored()).sources[0]
            assert doc.next_check_at is not None and doc.last_attempt is not None
            waits.append((doc.next_check_at - doc.last_attempt).total_seconds())
    assert waits == sorted(waits) and waits[3] == pytest.approx(waits[0] * 8, rel=0.01)
