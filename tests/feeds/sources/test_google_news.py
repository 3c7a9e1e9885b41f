"""Google News RSS: outlet split from titles, cluster outlets, keys that survive token churn."""

from __future__ import annotations

import base64
import html

import pytest

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


GAZETTE = "Harbor Gazette"


@pytest.mark.parametrize(
    ("title", "source", "expected"),
    [
        ("DA sued over bail", GAZETTE, ("DA sued over bail", GAZETTE)),
        ("Recall - what comes next", GAZETTE, ("Recall - what comes next", GAZETTE)),
        ("DA sued - The Harbor Gazette", GAZETTE, ("DA sued", GAZETTE)),
        ("DA sued | Harbor Gazette", GAZETTE, ("DA sued", GAZETTE)),
        ("Short headline", None, ("Short headline", None)),
        ("A story - One Two Three Four Five Six Seven Eight", None,
         ("A story", "One Two Three Four Five Six Seven Eight")),
        ("A story - One Two Three Four Five Six Seven Eight Nine", None,
         ("A story - One Two Three Four Five Six Seven Eight Nine", None)),
    ],
    ids=["no-suffix", "dash-not-outlet", "outlet-spelt-otherwise", "pipe", "no-source-no-dash",
         "eight-word-outlet", "nine-words-is-headline"],
)  # fmt: skip
def test_split_title(title: str, source: str | None, expected: tuple[str, str | None]) -> None:
    """The outlet is cut off only when the title ends with it (without <source>: a short tail)."""
    assert google_news.split_title(title, source) == expected


def _cluster(*pairs: tuple[str, str]) -> str:
    entries = "".join(
        f'<li><a href="https://news.google.com/rss/articles/X">{h}</a>&nbsp;&nbsp;'
        f'<font color="#6f6f6f">{o}</font></li>'
        for h, o in pairs
    )
    return html.escape(f"<ol>{entries}</ol>")


def test_summary_lists_the_other_articles_and_not_the_item_itself() -> None:
    """The summary is every other cluster article as "headline (outlet)"; the item is left out."""
    assert (
        _one().summary
        == "Recall backers file papers against the county prosecutor (Harbor Gazette)"
    )


def test_same_headline_from_another_outlet_is_also_reported() -> None:
    """A syndicated copy (same headline, other outlet) counts as another outlet reporting it."""
    headline = "County prosecutor faces new recall push"
    description = _cluster(
        (headline, "Valley Ledger - Evening Edition"), (headline, "Wire Service")
    )
    item = _one(description=description)
    assert (item.also_reported_by, item.summary) == (
        ("Wire Service",),
        f"{headline} (Wire Service)",
    )


def test_the_items_own_outlet_is_never_also_reported() -> None:
    """The item's outlet with another of its articles is in the summary, not in also-reported."""
    description = _cluster(
        ("County prosecutor faces new recall push", "Valley Ledger - Evening Edition"),
        ("Recall organizers rally", "Valley Ledger - Evening Edition"),
    )
    item = _one(description=description)
    assert item.also_reported_by == ()
    assert item.summary == "Recall organizers rally (Valley Ledger - Evening Edition)"


@pytest.mark.parametrize(
    ("description", "summary"),
    [
        ("Voters sign petitions across the county", "Voters sign petitions across the county"),
        ("County prosecutor faces new recall push: the count begins", ": the count begins"),
        ("County prosecutor faces new recall push  Valley Ledger - Evening Edition", ""),
    ],
    ids=["snippet", "headline-repeated", "only-headline-and-outlet"],
)
def test_plain_snippet_summary_without_the_headline_or_outlet(
    description: str, summary: str
) -> None:
    """Without a cluster, the snippet is the summary, less a repeated headline or a bare outlet."""
    assert _one(description=description).summary == summary


def test_untitled_entry_is_skipped_and_the_rest_kept() -> None:
    """An entry with no headline gives no item; the feed's other entries still do."""
    items = google_news.items_from_bytes(_feed(_item(title=""), _item()), "g")
    assert [i.title for i in items] == ["County prosecutor faces new recall push"]


def _token(payload: bytes) -> str:
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def test_article_url_only_from_google_article_links() -> None:
    """A token embedding the URL is decoded on news.google.com/…/articles/ links, nowhere else."""
    token = _token(b"\x08\x13\x22\x1fhttps://publisher.example/story1\xd2\x01\x00")
    assert google_news.article_url(f"https://news.google.com/rss/articles/{token}?oc=5") == (
        "https://publisher.example/story1"
    )
    assert google_news.article_url(f"https://news.google.com/rss/topics/{token}") is None
    assert google_news.article_url(f"https://example.com/articles/{token}") is None


def test_cluster_keeps_only_whole_pairs_and_no_full_coverage_link() -> None:
    """A cluster line needs a headline and an outlet; Google's "Full coverage" link is not one."""
    description = html.unescape(
        _cluster(
            ("Recall drive begins", "Harbor Gazette"),
            ("", "Valley Ledger"),
            ("Story without an outlet", ""),
            ("View Full Coverage on Google News", "Google News"),
        )
    )
    assert google_news.cluster(description) == [("Recall drive begins", "Harbor Gazette")]


def test_entry_without_a_link_keeps_its_item_with_no_link() -> None:
    """An entry with no <link> is still an item, with no link rather than a made-up one."""
    entry = _item()
    link = entry[entry.index("<link>") : entry.index("</link>") + len("</link>")]
    (item,) = google_news.items_from_bytes(_feed(entry.replace(link, "")), "g")
    assert (item.title, item.outlet, item.link) == (
        "County prosecutor faces new recall push",
        "Valley Ledger - Evening Edition",
        None,
    )
