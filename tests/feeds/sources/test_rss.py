"""Generic RSS/Atom: organizer-added feeds (WordPress, CivicPlus), link-based dedupe."""

from __future__ import annotations

from datetime import UTC, datetime

from feeds.safe_parse import safe_feedparse
from feeds.sources import rss
from feeds.story import story_key


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


def _atom(entry: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>County Courier</title>{entry}</feed>"
    ).encode()


def test_atom_entry_with_only_an_updated_date_is_dated() -> None:
    """An Atom entry without <published> takes its date from <updated>."""
    body = _atom(
        "<entry><title>Board meets</title><link href='https://cc.test/board'/>"
        "<id>tag:cc.test,2024:1</id><updated>2024-03-05T10:00:00Z</updated></entry>"
    )
    (item,) = rss.items_from_bytes(body, "r")
    assert item.published == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)


def test_summary_is_the_description_and_content_only_without_one() -> None:
    """The summary is the item's description; content:encoded stands in only when it is missing."""
    with_both = _item("Post", "https://p.test/a")
    content_only = with_both.replace(
        "<description><![CDATA[<p>An invented press release.</p>]]></description>", ""
    )
    first, second = (
        rss.items_from_bytes(_wordpress(with_both), "r"),
        rss.items_from_bytes(_wordpress(content_only.replace("/a<", "/b<")), "r"),
    )
    assert (first[0].summary, second[0].summary) == ("An invented press release.", "Longer text.")


def test_shared_link_gives_guid_keys() -> None:
    """Entries sharing one link but with their own guids are keyed by source and guid."""
    body = _wordpress(
        _item("Charges filed", "https://city.example.test/RSSFeed.aspx?ModID=1", guid="1"),
        _item("Charges dropped", "https://city.example.test/RSSFeed.aspx?ModID=1", guid="2"),
    )
    assert [i.key for i in rss.items_from_bytes(body, "rss:city")] == [
        "guid:rss:city:1",
        "guid:rss:city:2",
    ]


def test_shared_link_and_guid_fall_back_to_what_the_entry_says() -> None:
    """With link and guid both shared, each entry is keyed by a digest of its own words."""
    link = "https://city.example.test/RSSFeed.aspx?ModID=1"
    body = _wordpress(
        _item("Charges filed", link, guid="g"), _item("Charges dropped", link, guid="g")
    )
    items = rss.items_from_bytes(body, "rss:city")
    expected = [
        "entry:rss:city:" + rss.digest("g", link, title, "An invented press release.")
        for title in ("Charges filed", "Charges dropped")
    ]
    assert [i.title for i in items] == ["Charges filed", "Charges dropped"]
    assert [i.key for i in items] == expected


def test_entry_keys_computes_the_texts_it_is_not_given() -> None:
    """entry_keys without the cleaned texts gives the same keys as the normalizer's."""
    body = _wordpress(
        _item("Charges filed", "https://city.example.test/x", guid="1"),
        _item("Charges dropped", "https://city.example.test/x", guid="2"),
    )
    entries = list(safe_feedparse(body, None).entries)
    assert rss.entry_keys(entries, "rss:city") == ["guid:rss:city:1", "guid:rss:city:2"]


def test_untitled_entry_is_named_by_its_summary_and_an_empty_one_dropped() -> None:
    """No title: the summary's start is the title (and story); no title and no summary: no item."""
    untitled = (
        "<item><link>https://p.test/u</link><description>Only a summary here.</description></item>"
    )
    empty = "<item><link>https://p.test/e</link></item>"
    (item,) = rss.items_from_bytes(_wordpress(untitled, empty), "r")
    assert (item.title, item.story_key) == (
        "Only a summary here.",
        story_key("Only a summary here."),
    )
