from email.utils import format_datetime

import pytest

from bot.clock import utcnow
from tests.bot.harness import run_cycles
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
