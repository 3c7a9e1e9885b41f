"""Google News RSS: outlet split from titles, cluster outlets, keys that survive token churn."""

from __future__ import annotations

from feeds.parse import parse_feed
from feeds.sources import google_news
from feeds.sources.rss import digest
from feeds.story import story_key
from tests.feeds.sources import fixture_dir

# Current (2024+) shape, written for these tests: opaque tokens, <source>, an <ol> cluster.
_ITEM = """<item>
<title>{title}</title>
<link>https://news.google.com/rss/articles/CBMi{token}?oc=5</link>
<guid isPermaLink="false">CBMi{token}</guid>
<pubDate>{date}</pubDate>
<description>{description}</description>
<source url="https://example-outlet.test">{source}</source>
</item>"""
_CLUSTER = (
    "&lt;ol&gt;&lt;li&gt;&lt;a href=&quot;https://news.google.com/rss/articles/CBMiAAA&quot;&gt;"
    "County prosecutor faces new recall push&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color=&quot;"
    "#6f6f6f&quot;&gt;Valley Ledger - Evening Edition&lt;/font&gt;&lt;/li&gt;&lt;li&gt;&lt;a href="
    "&quot;https://news.google.com/rss/articles/CBMiBBB&quot;&gt;Recall backers file papers "
    "against the county prosecutor&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color=&quot;#6f6f6f&quot;"
    "&gt;Harbor Gazette&lt;/font&gt;&lt;/li&gt;&lt;li&gt;&lt;strong&gt;&lt;a href=&quot;"
    "https://news.google.com/stories/XYZ&quot;&gt;View Full Coverage on Google News&lt;/a&gt;"
    "&lt;/strong&gt;&lt;/li&gt;&lt;/ol&gt;"
)


def _feed(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        '<title>"prosecutor" - Google News</title><link>https://news.google.com/</link>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def _item(
    title: str = "County prosecutor faces new recall push - Valley Ledger - Evening Edition",
    source: str = "Valley Ledger - Evening Edition",
    token: str = "QUJDREVG",
    date: str = "Tue, 02 Jan 2024 15:04:00 GMT",
    description: str = _CLUSTER,
) -> str:
    return _ITEM.format(title=title, source=source, token=token, date=date, description=description)


def _one(**kwargs: str):
    (item,) = google_news.items_from_bytes(_feed(_item(**kwargs)), "google_news:test")
    return item


def test_outlet_with_dash_split_by_source() -> None:
    """`<source>` decides the outlet even when its name contains " - "."""
    item = _one()
    assert (item.title, item.outlet) == (
        "County prosecutor faces new recall push",
        "Valley Ledger - Evening Edition",
    )


def test_headline_with_dash_kept_whole() -> None:
    """A dash inside the headline is not mistaken for the outlet separator."""
    item = _one(
        title="Recall - what comes next for the DA - Harbor Gazette", source="Harbor Gazette"
    )
    assert item.title == "Recall - what comes next for the DA"


def test_cluster_outlets_become_also_reported_by() -> None:
    """Other outlets in the <ol> cluster are listed, the main outlet and Full Coverage are not."""
    assert _one().also_reported_by == ("Harbor Gazette",)


def test_cluster_headlines_in_summary() -> None:
    """Other outlets' headlines for the story reach the matcher through the summary."""
    assert "Recall backers file papers" in _one().summary


def test_key_ignores_token_churn() -> None:
    """The same headline, outlet and day with a new redirect token keeps its key."""
    assert _one(token="QUJD").key == _one(token="WFla").key


def test_key_changes_with_day() -> None:
    """The same headline on another day is another item: the key is headline, outlet and day."""
    headline = story_key("County prosecutor faces new recall push")
    outlet = "valley ledger - evening edition"
    assert (_one().key, _one(date="Wed, 03 Jan 2024 15:04:00 GMT").key) == (
        "gnews:" + digest(headline, outlet, "2024-01-02"),
        "gnews:" + digest(headline, outlet, "2024-01-03"),
    )


def test_key_prefix_and_story_key() -> None:
    """Keys are gnews:<digest>; the story key is the headline's, shared with publisher feeds."""
    from feeds.story import story_key

    item = _one()
    assert item.key.startswith("gnews:")
    assert item.story_key == story_key("County prosecutor faces new recall push")


def test_no_source_element_splits_last_dash() -> None:
    """Without `<source>`, the short tail after the last " - " is the outlet."""
    body = _feed(_item()).replace(b'<source url="https://example-outlet.test">', b"<x>")
    body = body.replace(b"</source>", b"</x>")
    (item,) = google_news.items_from_bytes(body, "g")
    assert item.outlet == "Evening Edition"


def test_repeated_story_in_feed_once() -> None:
    """The same story listed twice in one feed yields one item."""
    items = google_news.items_from_bytes(_feed(_item(), _item(token="T1RIRVI=")), "g")
    assert len(items) == 1


def test_real_capture_outlets_split() -> None:
    """The 2019 capture: every title loses its " - Outlet" suffix and the outlet is `<source>`."""
    body = (
        fixture_dir("googlenews") / "pythonhomework_2019_google_news_top_stories.xml"
    ).read_bytes()
    items = parse_feed(body, source_id="g", kind="google_news")
    assert len(items) == 38
    assert all(i.outlet and not i.title.endswith(" - " + i.outlet) for i in items)
    assert any(i.outlet == "The Washington Post" and i.also_reported_by for i in items)


def test_real_capture_old_tokens_decoded() -> None:
    """Old-style tokens that embed the article URL give the publisher's link."""
    body = (
        fixture_dir("googlenews") / "pythonhomework_2019_google_news_top_stories.xml"
    ).read_bytes()
    items = google_news.items_from_bytes(body, "g")
    assert all(not i.link.startswith("https://news.google.com/") for i in items)


def test_opaque_token_link_kept() -> None:
    """A token that does not embed a URL leaves the Google link as it is."""
    assert _one().link.startswith("https://news.google.com/rss/articles/")


def test_export_news_item() -> None:
    """check-feed's dict of a news item has outlet and cluster, and no court fields."""
    from feeds.export import item_as_dict

    data = item_as_dict(_one())
    assert data["outlet"] == "Valley Ledger - Evening Edition"
    assert data["also_reported_by"] == ["Harbor Gazette"]
    assert "court" not in data and data["published"] == "2024-01-02T15:04:00+00:00"
