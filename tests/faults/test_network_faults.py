"""FAULTS.md section B, through the pipeline: slow, failing and unchanged feeds in one cycle."""

import asyncio

import pytest

from tests.bot.cycle.test_pipeline import NEWS
from tests.bot.harness import harness
from tests.fakes.feed_server import FeedServer


@pytest.fixture
async def server():
    async with FeedServer() as srv:
        yield srv


async def test_twenty_trickling_feeds_do_not_hold_the_cycle(tmp_path, server):
    """B3: 20 feeds at 1 byte/s end at the deadline; the cycle finishes and the good feed alerts."""
    paths = [f"/slow{i}" for i in range(20)]
    for path in paths:
        server.trickle(path, rate=1, total=10_000)
    server.static("/news", NEWS)
    # Every feed is on one loopback host here; in real life they are on twenty.
    async with harness(tmp_path, server, [*paths, "/news"], per_host=32) as h:
        report = await asyncio.wait_for(h.cycle(), timeout=30)
        sources = (await h.stored()).sources
    assert report.stats.errors == 20 and len(h.sink.sent) == 2
    reasons = {s.error_reason for s in sources if s.id != "feed/news"}
    assert reasons == {"timeout"}


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
