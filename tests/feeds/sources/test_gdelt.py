"""GDELT DOC 2.0 artlist: JSON and RSS forms, refusals as FeedError."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from feeds.parse import FeedError, parse_feed
from feeds.sources import gdelt

_ARTICLES = {
    "articles": [
        {
            "url": "https://www.harbor-gazette.test/news/da-recall?utm_medium=rss",
            "url_mobile": "",
            "title": "County prosecutor faces recall vote , organizers say",
            "seendate": "20240102T150400Z",
            "socialimage": "",
            "domain": "harbor-gazette.test",
            "language": "English",
            "sourcecountry": "United States",
        },
        {
            "url": "https://valley-ledger.test/2024/01/02/board-hearing",
            "title": "Board sets hearing on prosecutor's new policy",
            "seendate": "20240102T120000Z",
            "domain": "valley-ledger.test",
        },
    ]
}


def _json(data=_ARTICLES) -> bytes:
    return json.dumps(data).encode()


def test_json_articles() -> None:
    """Each JSON article becomes an item with its domain as outlet and seendate as time."""
    items = gdelt.items_from_bytes(_json(), "gdelt:test", "application/json")
    assert [i.outlet for i in items] == ["harbor-gazette.test", "valley-ledger.test"]
    assert items[0].published == datetime(2024, 1, 2, 15, 4, tzinfo=UTC)


def test_json_key_canonical_link() -> None:
    """Keys are canonical links, so the same article from another source dedupes."""
    (item, _) = gdelt.items_from_bytes(_json(), "g", "application/json")
    assert item.key == "link:https://harbor-gazette.test/news/da-recall"


def test_title_spacing_tidied() -> None:
    """GDELT's space before punctuation is removed."""
    (item, _) = gdelt.items_from_bytes(_json(), "g", None)
    assert item.title == "County prosecutor faces recall vote, organizers say"


def test_json_detected_despite_html_content_type() -> None:
    """A JSON body labelled text/html is still read as JSON."""
    assert len(gdelt.items_from_bytes(_json(), "g", "text/html; charset=utf-8")) == 2


def test_empty_object_means_no_articles() -> None:
    """`{}` (nothing matched) is an empty list, not an error."""
    assert gdelt.items_from_bytes(b"{}", "g", "application/json") == []


def test_refusal_text_is_feed_error() -> None:
    """A plain-text refusal becomes FeedError carrying GDELT's sentence."""
    with pytest.raises(FeedError, match="limit requests"):
        gdelt.items_from_bytes(b"Please limit requests to one every 5 seconds.", "g", "text/html")


def test_malformed_json_is_feed_error() -> None:
    """Broken JSON raises FeedError through parse_feed."""
    with pytest.raises(FeedError):
        parse_feed(b'{"articles": [{"url": ', source_id="g", kind="gdelt")


def test_invalid_escape_tolerated() -> None:
    """A backslash escape JSON does not allow is dropped rather than failing the feed."""
    body = b'{"articles": [{"url": "https://a.test/x", "title": "DA\\\'s office", "seendate": ""}]}'
    (item,) = gdelt.items_from_bytes(body, "g", None)
    assert item.title == "DA's office"


def test_rss_form() -> None:
    """The RSS output of the same query gives items with the link's host as outlet."""
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>GDELT</title>'
        b"<item><title>Board sets hearing on prosecutor policy</title>"
        b"<link>https://valley-ledger.test/2024/01/02/board-hearing</link>"
        b"<pubDate>Tue, 02 Jan 2024 12:00:00 GMT</pubDate></item></channel></rss>"
    )
    (item,) = gdelt.items_from_bytes(body, "g", "application/rss+xml")
    assert (item.outlet, item.key) == (
        "valley-ledger.test",
        "link:https://valley-ledger.test/2024/01/02/board-hearing",
    )


def test_non_dict_records_skipped() -> None:
    """Junk inside the article list is skipped, not fatal."""
    body = _json({"articles": [1, None, "x", _ARTICLES["articles"][1]]})
    assert len(gdelt.items_from_bytes(body, "g", None)) == 1


def test_jsonfeed_form() -> None:
    """format=jsonfeed bodies (items with url/title/date_published) are read too."""
    body = _json(
        {"version": "https://jsonfeed.org/version/1", "items": [
            {"id": "https://a.test/1", "url": "https://a.test/1", "title": "Prosecutor news",
             "date_published": "2024-01-02T12:00:00Z"}]}
    )  # fmt: skip
    (item,) = gdelt.items_from_bytes(body, "g", "application/json")
    assert item.published == datetime(2024, 1, 2, 12, tzinfo=UTC)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_rss_in_utf16_or_utf32_is_read_as_a_feed(codec: str) -> None:
    """A byte order mark or NULs before "<" mean an XML feed, not a service message."""
    rss = (
        f'<?xml version="1.0" encoding="{codec}"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Hearing on the prosecutor's budget</title>"
        "<link>https://valley-ledger.test/b</link></item></channel></rss>"
    )
    items = gdelt.items_from_bytes(rss.encode(codec), "gdelt:t")
    assert [i.title for i in items] == ["Hearing on the prosecutor's budget"]
