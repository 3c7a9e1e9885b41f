"""FAULTS.md section B, through the pipeline: slow, failing and unchanged feeds in one cycle."""

import time
from datetime import timedelta

import pytest

from bot import source_registry
from bot.scheduler import poll_job
from bot.store import utcnow
from tests.bot.harness import harness, make_due
from tests.bot.test_pipeline import NEWS
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
            await h.store.call(make_due, h.store)
            started = time.monotonic()
            await poll_job(h.pipeline)()  # what the scheduler runs, with its budget
            elapsed = time.monotonic() - started
            next_tick = utcnow() + timedelta(seconds=interval)
            due_next = await h.store.call(source_registry.due_sources, h.store, next_tick)
    assert len(h.sink.sent) == 2 and elapsed < interval
    slow = [d for d in h.store.sources.all() if d["id"] != "feed/news"]
    # The two that held the host's slots were cut at the deadline; the rest were put off.
    assert sorted(d["error_reason"] or "-" for d in slow) == ["-"] * 18 + ["timeout"] * 2
    cut = {d["id"] for d in slow if d["error_reason"]}
    put_off = [d["id"] for d in slow if not d["error_reason"]]
    # Next cycle: the ones cut are not waited on again; the ones put off go first.
    assert [d["id"] for d in due_next][:18] == put_off and not cut & {d["id"] for d in due_next}


async def test_not_modified_resets_the_error_count_and_keeps_validators(tmp_path, server):
    """B6: after errors, a 304 clears the count and keeps the ETag; nothing is parsed."""
    server.static("/news", NEWS, etag='"v1"')
    async with harness(tmp_path, server, ["/news"]) as h:
        await h.cycle()
        server.status("/news", 500)
        await h.cycle()
        assert h.store.sources.all()[0]["consecutive_errors"] == 1
        server.static("/news", NEWS, etag='"v1"')
        report = await h.cycle()
    doc = h.store.sources.all()[0]
    assert report.stats.unchanged == 1 and doc["consecutive_errors"] == 0 and doc["etag"] == '"v1"'


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
    from datetime import datetime

    server.status("/down", 500)
    waits = []
    async with harness(tmp_path, server, ["/down"]) as h:
        for _ in range(4):
            await h.cycle()
            doc = h.store.sources.all()[0]
            waits.append(
                (
                    datetime.fromisoformat(doc["next_check_at"])
                    - datetime.fromisoformat(doc["last_attempt"])
                ).total_seconds()
            )
    assert waits == sorted(waits) and waits[3] == pytest.approx(waits[0] * 8, rel=0.01)
