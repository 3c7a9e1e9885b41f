import asyncio
import time
from datetime import timedelta
from email.utils import format_datetime

import pytest

from bot.clock import utcnow
from bot.cycle import source_registry
from bot.cycle.pipeline import poll_order
from tests.bot.harness import harness, make_due, run_cycles
from tests.fakes.dns import loopback_host, loopback_names
from tests.fakes.feed_server import FeedServer


def rss(*titles: str, outlet: str = "Harbor Times", host: str = "harbor.example") -> str:
    date = format_datetime(utcnow())
    items = "".join(
        f"<item><title>{t}</title><link>https://{host}/{i}</link><pubDate>{date}</pubDate></item>"
        for i, t in enumerate(titles)
    )
    channel = f"<channel><title>{outlet}</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


NEWS = rss(
    "Recall petition against District Attorney Alex Rivera clears signature threshold",
    "Pump maker recalls 10,000 devices over battery fault",
    "Judge grants injunction blocking DA Rivera's charging directives",
)


@pytest.fixture
async def server():
    async with FeedServer() as srv:
        yield srv


async def test_a_cycle_alerts_on_events_and_not_on_the_product_recall(tmp_path, server):
    """Recall and injunction items reach the channel; the product recall does not."""
    server.static("/news", NEWS, etag='"v1"')
    _, sink, [report] = await run_cycles(tmp_path, server, ["/news"])
    titles = sorted(view.embeds[0].title for _, view, _ in sink.sent)
    assert report.stats.alerts == 2
    assert titles[0].startswith("Injunction:") and titles[1].startswith("Recall:")


async def test_second_cycle_on_an_unchanged_feed_adds_nothing(tmp_path, server):
    """The ETag makes the second fetch a 304: no parse, no alert."""
    server.static("/news", NEWS, etag='"v1"')
    _, sink, reports = await run_cycles(tmp_path, server, ["/news"], n=2)
    assert reports[1].stats.unchanged == 1 and reports[1].stats.alerts == 0
    assert len(sink.sent) == 2


async def test_bad_feeds_are_errors_and_the_good_feed_still_alerts(tmp_path, server):
    """An HTML page, a 500, an entity bomb and a hang fail alone; the good feed is delivered."""
    server.static("/news", NEWS)
    server.html("/html")
    server.status("/broken", 500)
    server.static("/bomb", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss/>')
    server.hang("/hang")
    paths = ["/news", "/html", "/broken", "/bomb", "/hang"]
    store, sink, [report] = await run_cycles(tmp_path, server, paths)
    assert report.stats.errors == 4 and len(sink.sent) == 2
    reasons = {s.id: s.error_reason for s in store.sources}
    assert reasons == {
        "feed/news": None,
        "feed/html": "not_a_feed",
        "feed/broken": "http_error",
        "feed/bomb": "entities",
        "feed/hang": "timeout",
    }


@pytest.mark.slow
async def test_parsing_in_worker_processes_gives_the_same_alerts(tmp_path, server):
    """With a process pool for parsing, the cycle raises the same alerts."""
    server.static("/news", NEWS)
    _, sink, [report] = await run_cycles(tmp_path, server, ["/news"], workers=2)
    assert report.stats.alerts == 2 and len(sink.sent) == 2


async def test_same_story_in_two_feeds_is_one_alert_noting_the_other(tmp_path, server):
    """Two feeds carrying the same recall story produce one message with 'also reported by'."""
    server.static("/a", NEWS)
    other = rss(
        "DA Rivera recall petition clears the signature threshold",
        outlet="Coast Daily",
        host="coast.example",
    )
    server.static("/b", other)
    _, sink, [report] = await run_cycles(tmp_path, server, ["/a", "/b"])
    recall = [v for _, v, _ in sink.sent if v.embeds[0].title.startswith("Recall")]
    assert len(recall) == 1 and report.stats.clustered == 1
    fields = {name: value for name, value, _ in recall[0].embeds[0].fields}
    assert any(name.startswith("Also reported by 1 outlet") for name in fields)


@pytest.mark.slow
async def test_a_cycle_commits_what_it_has_when_its_budget_is_spent(tmp_path, server):
    """Issue 14: sources still running at the budget are put off; the rest is committed."""
    server.static("/news", NEWS)
    for i in range(3):
        server.hang(f"/hang{i}")
    hosts = [loopback_host(name) for name in ("news", "h0", "h1", "h2")]
    urls = [server.url_at(hosts[0], "/news")]
    urls += [server.url_at(host, f"/hang{i}") for i, host in enumerate(hosts[1:])]
    allow = [f"{host}:{server.port}" for host in hosts]
    with loopback_names():
        # One global slot: the hangs run one after another, each cut at the 2 s deadline.
        async with harness(tmp_path, server, urls, allow_hosts=allow, concurrency=1) as h:
            await make_due(h.store)
            started = time.monotonic()
            report = await asyncio.wait_for(h.pipeline.run_cycle(budget=4.0), timeout=4.0)
            elapsed = time.monotonic() - started
            sources = (await h.stored()).sources
    assert len(h.sink.sent) == 2 and elapsed < 4.0
    health = {s.id: (s.error_reason, s.next_check_at is None) for s in sources}
    assert health == {
        "feed/news": (None, False),
        "feed/hang0": ("timeout", False),
        "feed/hang1": (None, True),  # cut by the budget: still due, not counted as an error
        "feed/hang2": (None, True),
    }
    assert (report.stats.errors, report.stats.deferred) == (1, 2)


async def test_a_feed_put_off_by_a_busy_host_keeps_its_health(tmp_path, server):
    """A fetch that never got a connection (host busy with a slow feed) is deferred, not failed."""
    server.trickle("/slow", rate=1)
    server.static("/news", NEWS)
    async with harness(tmp_path, server, ["/slow", "/news"], per_host=1) as h:
        report = await h.cycle()
        sources = {s.id: s for s in (await h.stored()).sources}
    assert sources["feed/slow"].error_reason == "timeout"
    news = sources["feed/news"]
    assert news.consecutive_errors == 0 and news.last_attempt is None
    assert (report.stats.errors, report.stats.deferred, len(h.sink.sent)) == (1, 1, 0)


def test_the_longest_overdue_sources_are_polled_first():
    """Sources put off by a busy cycle keep their old next check and lead the next one."""
    now = utcnow()
    due = []
    for name, minutes_overdue in (("recent", 1), ("never", None), ("old", 30), ("mid", 10)):
        source = source_registry.new_source(name, "rss", f"https://x.example/{name}")
        if minutes_overdue is not None:
            source.next_check_at = now - timedelta(minutes=minutes_overdue)
        due.append(source)
    assert [s.id for s in poll_order(due)] == ["never", "old", "mid", "recent"]


def news_from(host: str) -> str:
    return rss(
        "Recall petition against District Attorney Alex Rivera clears signature threshold",
        "Pump maker recalls 10,000 devices over battery fault",
        "Judge grants injunction blocking DA Rivera's charging directives",
        host=host,
    )


@pytest.mark.slow
async def test_a_stuck_parse_fails_only_its_feed_and_the_others_are_parsed(
    tmp_path, server, monkeypatch
):
    """A parse hanging past its limit gets the pool killed; the parses running beside it and
    those still waiting are parsed on the new pool, and the cycle completes."""
    from tests.bot.cycle import stuck_parsers

    monkeypatch.setattr("bot.cycle.parse_pool.PARSE_TIMEOUT", 2.0)
    monkeypatch.setattr(
        "bot.cycle.parse_pool.parse_and_match", stuck_parsers.misbehaving_parse_and_match
    )
    paths = ["/hang", "/slow1", "/slow2", "/slow3", "/news"]
    for path in paths:
        server.static(path, news_from(path.strip("/") + ".example"))
    async with harness(tmp_path, server, paths, workers=2) as h:
        report = await h.cycle()
        stored = await h.stored()
        assert h.pipeline.parser.killed == 1
    reasons = {s.id: s.error_reason for s in stored.sources}
    assert reasons == {
        "feed/hang": "parse_timeout",
        "feed/slow1": None,
        "feed/slow2": None,
        "feed/slow3": None,
        "feed/news": None,
    }
    assert report.stats.errors == 1 and stored.seen == 12
