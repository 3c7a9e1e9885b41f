"""Generic RSS/Atom: organizer-added feeds (WordPress, CivicPlus), link-based dedupe."""

from __future__ import annotations

from feeds.sources import rss


def _wordpress(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Office of the District Attorney</title><link>https://da.example.test</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def _item(title: str, link: str, guid: str | None = None) -> str:
    guid_xml = f'<guid isPermaLink="false">{guid}</guid>' if guid else ""
    return (
        f"<item><title>{title}</title><link>{link}</link>{guid_xml}"
        "<pubDate>Tue, 02 Jan 2024 15:04:00 +0000</pubDate>"
        "<description><![CDATA[<p>An invented press release.</p>]]></description>"
        "<content:encoded><![CDATA[<p>Longer text.</p>]]></content:encoded></item>"
    )


def test_utm_links_deduped() -> None:
    """The same post twice with different utm_ parameters is one item."""
    body = _wordpress(
        _item(
            "DA announces new unit",
            "https://da.example.test/news/unit/?utm_source=rss&amp;utm_medium=rss",
        ),
        _item("DA announces new unit", "https://da.example.test/news/unit/?utm_source=feed"),
    )
    items = rss.items_from_bytes(body, "rss:da")
    assert len(items) == 1
    assert items[0].key == "link:https://da.example.test/news/unit"


def test_same_guid_everywhere_distinct_keys() -> None:
    """A feed reusing one guid for every item still gives each item its own key."""
    body = _wordpress(
        _item("First release", "https://da.example.test/a", guid="same"),
        _item("Second release", "https://da.example.test/b", guid="same"),
    )
    items = rss.items_from_bytes(body, "rss:da")
    assert len({i.key for i in items}) == 2


def test_same_link_everywhere_distinct_keys() -> None:
    """A CivicPlus-style feed linking every item to one page keeps items apart by guid."""
    body = _wordpress(
        _item("Charges filed", "https://city.example.test/RSSFeed.aspx?ModID=1", guid="1"),
        _item("Charges dropped", "https://city.example.test/RSSFeed.aspx?ModID=1", guid="2"),
    )
    assert len({i.key for i in rss.items_from_bytes(body, "rss:city")}) == 2


def test_no_guid_utm_change_same_key() -> None:
    """Without a guid, a link differing only in tracking parameters keeps its key."""
    first = rss.items_from_bytes(_wordpress(_item("Post", "https://p.test/x?utm_campaign=a")), "r")
    again = rss.items_from_bytes(_wordpress(_item("Post", "https://p.test/x?utm_campaign=b")), "r")
    assert first[0].key == again[0].key


def test_outlet_is_feed_title() -> None:
    """The outlet of a publisher feed is its channel title."""
    (item,) = rss.items_from_bytes(_wordpress(_item("Post", "https://p.test/x")), "r")
    assert item.outlet == "Office of the District Attorney"


def test_verbatim_repeat_dropped() -> None:
    """An entry repeated verbatim in one feed yields one item."""
    entry = _item("Post", "https://p.test/x", guid="g")
    assert len(rss.items_from_bytes(_wordpress(entry, entry), "r")) == 1
