"""FAULTS.md section A: hostile and broken feed content, through the real pipeline."""

import resource
from email.utils import format_datetime

import pytest

from bot.clock import utcnow
from tests.bot.cycle.test_pipeline import NEWS
from tests.bot.harness import harness, run_cycles
from tests.fakes.feed_server import FeedServer, count_accepts


@pytest.fixture
async def server():
    async with FeedServer() as srv:
        yield srv


def rss_items(items: list[str]) -> str:
    body = "".join(items)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'
    )


def one_item(title: str, link: str = "https://harbor.example/x", guid: str | None = None) -> str:
    guid_tag = f"<guid>{guid}</guid>" if guid else ""
    date = format_datetime(utcnow())
    return (
        f"<item><title>{title}</title><link>{link}</link>{guid_tag}<pubDate>{date}</pubDate></item>"
    )


async def test_billion_laughs_is_refused_and_others_still_alert(tmp_path, server):
    """A1: nested entities are refused as 'entities' without memory growth; the good feed alerts."""
    lol = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    server.static("/bomb", f'<?xml version="1.0"?><!DOCTYPE r [{lol}]><rss>&lol9;</rss>')
    server.static("/news", NEWS)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    store, sink, _ = await run_cycles(tmp_path, server, ["/bomb", "/news"])
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    reasons = {s.id: s.error_reason for s in store.sources}
    assert reasons["feed/bomb"] == "entities" and len(sink.sent) == 2
    assert grown_mb < 20


async def test_quadratic_blowup_is_refused(tmp_path, server):
    """A2: one 10 KB entity referenced 5,000 times never expands."""
    entity = "a" * 10_000
    refs = "&big;" * 5000
    doctype = f'<!DOCTYPE r [<!ENTITY big "{entity}">]>'
    body = f'<?xml version="1.0"?>{doctype}<rss><channel><title>{refs}</title></channel></rss>'
    server.static("/quad", body)
    store, _, _ = await run_cycles(tmp_path, server, ["/quad"])
    assert store.sources[0].error_reason == "entities"


async def test_xxe_never_reads_local_files(tmp_path, server):
    """A3: an external entity naming a local file is refused; its content appears nowhere."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    body = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>' + rss_items(
        [one_item("&x; District Attorney Alex Rivera recall")]
    )
    server.static("/xxe", body)
    store, sink, _ = await run_cycles(tmp_path, server, ["/xxe"])
    assert store.sources[0].error_reason == "entities"
    assert "TOP-SECRET" not in (tmp_path / "s.json").read_text() and not sink.sent


async def test_external_dtd_is_never_fetched(tmp_path, server):
    """A4: a doctype naming an external DTD opens no connection to it."""
    async with count_accepts() as listener:
        body = f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://{listener.host_port}/x.dtd">'
        server.static("/dtd", body + rss_items([one_item("Plain headline")]))
        store, _, _ = await run_cycles(tmp_path, server, ["/dtd"])
        assert listener.accepts == 0
    assert store.sources[0].consecutive_errors == 0


@pytest.mark.parametrize("ref", ["&#x110000;", "&#xD800;", "&#xFFFFFFFF;"])
async def test_bad_character_references_do_not_crash_the_cycle(tmp_path, server, ref):
    """A5: invalid character references fail or parse that feed alone."""
    server.static("/bad", rss_items([one_item(f"Title {ref} here")]))
    server.static("/news", NEWS)
    _, sink, [report] = await run_cycles(tmp_path, server, ["/bad", "/news"])
    assert len(sink.sent) == 2 and report.stats.sources == 2


async def test_empty_body_is_an_error_without_state_change(tmp_path, server):
    """A7: a 0-byte 200 is 'empty_body' and keeps no validators."""
    server.static("/empty", b"", etag='"e1"')
    store, _, _ = await run_cycles(tmp_path, server, ["/empty"])
    doc = store.sources[0]
    assert doc.error_reason == "empty_body" and doc.etag is None


@pytest.mark.parametrize(
    "n", [1_000, pytest.param(10_000, marks=pytest.mark.soak, id="10000-soak")]
)
async def test_a_huge_feed_is_bounded_and_a_new_feed_posts_nothing(tmp_path, server, n):
    """A9: of 1,000 items (10,000 in make soak) only the newest 200 are considered, and a newly
    added feed is seeded silently."""
    items = [
        one_item(f"District Attorney Alex Rivera recall item {i}", f"https://h.example/{i}")
        for i in range(n)
    ]
    server.static("/huge", rss_items(items))
    _, sink, [report] = await run_cycles(tmp_path, server, ["/huge"], seeded=False)
    assert (report.stats.items, report.stats.alerts, sink.sent) == (200, 0, [])


async def test_same_guid_on_every_item_keeps_items_distinct_and_stable(tmp_path, server):
    """A10: items sharing one guid get distinct keys, and nothing reposts on the next poll."""
    items = [
        one_item(f"DA Alex Rivera {word} story", f"https://h.example/{word}", guid="same")
        for word in ("recall", "lawsuit", "election")
    ]
    server.static("/guid", rss_items(items))
    store, _, reports = await run_cycles(tmp_path, server, ["/guid"], n=2)
    assert reports[0].stats.new_items == 3 and reports[1].stats.new_items == 0
    assert store.seen == 3


async def test_tracking_parameters_do_not_make_a_new_item(tmp_path, server):
    """A11: the same link with only utm_ parameters changed is the same item."""
    server.static("/a", rss_items([one_item("Headline", "https://h.example/a?utm_source=x")]))
    async with harness(tmp_path, server, ["/a"]) as h:
        first = await h.cycle()
        server.static("/a", rss_items([one_item("Headline", "https://h.example/a?utm_source=y")]))
        second = await h.cycle()
    assert first.stats.new_items == 1 and second.stats.new_items == 0


async def test_hostile_links_are_dropped_but_the_alert_is_sent(tmp_path, server):
    """A15: javascript:, data: and 5,000-character links give an alert with no URL."""
    links = ["javascript:alert(1)", "data:text/html,x", "https://h.example/" + "a" * 5000]
    items = [
        one_item(f"District Attorney Alex Rivera {word} petition", link)
        for word, link in zip(("recall", "lawsuit", "impeachment"), links, strict=True)
    ]
    server.static("/links", rss_items(items))
    _, sink, _ = await run_cycles(tmp_path, server, ["/links"])
    assert [view.embeds[0].url for _, view, _ in sink.sent] == [None, None, None]


async def test_huge_title_and_summary_are_truncated_within_discord_limits(tmp_path, server):
    """A16: a 10,000-character title and summary fit Discord's embed limits."""
    title = "District Attorney Alex Rivera recall petition " + "word " * 2000
    item = one_item(title).replace("</item>", f"<description>{'s' * 10_000}</description></item>")
    server.static("/long", rss_items([item]))
    _, sink, _ = await run_cycles(tmp_path, server, ["/long"])
    embed = sink.sent[0][1].embeds[0]
    assert len(embed.title) <= 256 and len(embed.description) <= 4096 and embed.size() <= 6000
    assert embed.title.endswith("…")


@pytest.mark.parametrize(
    "date", ["Fri, 01 Jan 2100 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "not a date"]
)
async def test_implausible_dates_show_unknown_and_still_dedupe(tmp_path, server, date):
    """A17: far-future, epoch and unparseable dates become 'unknown' and the item alerts once."""
    item = (
        "<item><title>District Attorney Alex Rivera recall petition filed</title>"
        f"<link>https://h.example/d</link><pubDate>{date}</pubDate></item>"
    )
    server.static("/dates", rss_items([item]))
    _, sink, _ = await run_cycles(tmp_path, server, ["/dates"], n=2)
    fields = dict((n, v) for n, v, _ in sink.sent[0][1].embeds[0].fields)
    assert fields["Date"] == "unknown" and len(sink.sent) == 1


async def test_unclosed_nesting_that_hides_every_item_is_recorded_as_an_error(tmp_path, server):
    """Issue 14: a feed whose items an unclosed CDATA swallowed is an error, not a healthy empty."""
    items = [
        one_item("Rivera recall petition filed", "https://harbor.example/1"),
        one_item("Judge blocks Rivera directive", "https://harbor.example/2"),
    ]
    unclosed = rss_items(items).replace("<title>T</title>", "<title><![CDATA[T</title>")
    server.static("/unclosed", unclosed)
    server.static("/empty", rss_items([]))
    store, _, [report] = await run_cycles(tmp_path, server, ["/unclosed", "/empty"])
    sources = {s.id: s for s in store.sources}
    assert sources["feed/unclosed"].error_reason == "no_items"
    assert "2 entries" in (sources["feed/unclosed"].last_error or "")
    assert sources["feed/empty"].error_reason is None and report.stats.errors == 1
