"""Bing News RSS: article URL out of the click tracker, outlet from News:Source, link keys."""

from __future__ import annotations

from feeds.sources import bing_news
from feeds.sources.rss import digest
from feeds.story import story_key

_ITEM = """<item><title>{title}</title>
<link>http://www.bing.com/news/apiclick.aspx?ref=FexRss&amp;aid=&amp;tid={tid}&amp;url={url}&amp;c=8150&amp;mkt=en-us</link>
<description>An invented summary about the county prosecutor.</description>
<pubDate>Tue, 02 Jan 2024 15:04:00 GMT</pubDate>
<News:Source>Harbor Gazette</News:Source>
<News:Image>http://www.bing.com/th?id=OVFT.abc</News:Image></item>"""


def _feed(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8" ?><rss version="2.0" '
        'xmlns:News="https://www.bing.com:443/news/search?q=prosecutor&amp;format=rss">'
        "<channel><title>prosecutor - BingNews</title>"
        "<link>https://www.bing.com:443/news/search?q=prosecutor&amp;format=rss</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


_URL = "https%3a%2f%2fwww.harbor-gazette.test%2fnews%2fda-recall%3futm_source%3dbing"


def _item(title: str = "County prosecutor faces recall", tid: str = "A1", url: str = _URL) -> str:
    return _ITEM.format(title=title, tid=tid, url=url)


def test_article_url_from_click_tracker() -> None:
    """The link is the `url=` target, not bing.com."""
    (item,) = bing_news.items_from_bytes(_feed(_item()), "bing_news:test")
    assert item.link == "https://www.harbor-gazette.test/news/da-recall?utm_source=bing"


def test_key_is_canonical_article_link() -> None:
    """The key is the canonical article link (tracking parameters dropped)."""
    (item,) = bing_news.items_from_bytes(_feed(_item()), "b")
    assert item.key == "link:https://harbor-gazette.test/news/da-recall"


def test_tracker_churn_keeps_key() -> None:
    """A new tracking id in the click link does not make a new item."""
    (a,) = bing_news.items_from_bytes(_feed(_item(tid="A1")), "b")
    (b,) = bing_news.items_from_bytes(_feed(_item(tid="Z9")), "b")
    assert a.key == b.key


def test_outlet_from_news_source() -> None:
    """The outlet is the News:Source element."""
    (item,) = bing_news.items_from_bytes(_feed(_item()), "b")
    assert item.outlet == "Harbor Gazette"


def test_tracker_without_url_keeps_link() -> None:
    """A Bing link without `url=` is kept as it is and still keyed."""
    body = _feed(_item()).replace(b"&amp;url=" + _URL.encode(), b"")
    (item,) = bing_news.items_from_bytes(body, "b")
    assert item.link.startswith("http://www.bing.com/news/apiclick.aspx")


def test_duplicate_articles_in_feed_once() -> None:
    """Two entries pointing at one article yield one item."""
    assert len(bing_news.items_from_bytes(_feed(_item(tid="1"), _item(tid="2")), "b")) == 1


def test_unsafe_url_target_ignored() -> None:
    """A `url=` target that is not http(s) is not followed."""
    assert bing_news.article_url("https://www.bing.com/news/apiclick.aspx?url=javascript:x") == (
        "https://www.bing.com/news/apiclick.aspx?url=javascript:x"
    )


def test_only_bing_links_are_unwrapped() -> None:
    """bing.com itself is unwrapped; a publisher link that happens to carry `url=` is not."""
    assert bing_news.article_url("https://bing.com/news/apiclick.aspx?url=https://pub.test/a") == (
        "https://pub.test/a"
    )
    assert bing_news.article_url("https://pub.test/share?url=https://other.test/b") == (
        "https://pub.test/share?url=https://other.test/b"
    )


def test_entry_without_a_link_is_keyed_by_headline_outlet_and_day() -> None:
    """No usable link: the key is a digest of the story key, the outlet and the day."""
    entry = _item().replace("<link>", "<x>").replace("</link>", "</x>")
    (item,) = bing_news.items_from_bytes(_feed(entry), "b")
    title = "County prosecutor faces recall"
    assert item.key == "bing:" + digest(story_key(title), "harbor gazette", "2024-01-02")


def test_untitled_entry_is_named_by_its_summary_and_an_empty_one_dropped() -> None:
    """No title: the summary's start is the title; no title and no summary: no item."""
    untitled = _item(title="", tid="1")
    empty = _item(title="", tid="2", url="https%3a%2f%2fpub.test%2fe").replace(
        "An invented summary about the county prosecutor.", ""
    )
    (item,) = bing_news.items_from_bytes(_feed(untitled, empty), "b")
    summary = "An invented summary about the county prosecutor."
    assert (item.title, item.story_key) == (summary, story_key(summary))


_NEWS_SOURCE = "<News:Source>Harbor Gazette</News:Source>"


def test_outlet_from_a_plain_rss_source_element() -> None:
    """Without News:Source, the outlet is the title of an RSS <source> element."""
    entry = _item().replace(
        _NEWS_SOURCE, '<source url="https://valley-ledger.test/rss">Valley Ledger</source>'
    )
    (item,) = bing_news.items_from_bytes(_feed(entry), "b")
    assert item.outlet == "Valley Ledger"


def test_entry_naming_no_source_has_no_outlet() -> None:
    """Neither News:Source nor <source>: the item has no outlet."""
    (item,) = bing_news.items_from_bytes(_feed(_item().replace(_NEWS_SOURCE, "")), "b")
    assert item.outlet is None
