"""GDELT DOC 2.0 artlist: JSON and RSS forms, refusals as FeedError."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from feeds.parse import FeedError, parse_feed
from feeds.sources import gdelt
from feeds.sources.rss import digest
from feeds.story import story_key

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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20240115T123000Z", datetime(2024, 1, 15, 12, 30, tzinfo=UTC)),
        ("2024-01-15T12:30:00+02:00", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("2024-01-15T12:30:00", datetime(2024, 1, 15, 12, 30, tzinfo=UTC)),
        ("yesterday", None),
    ],
)
def test_seendate_reads_gdelt_and_iso_times_as_utc(value: str, expected: datetime | None) -> None:
    """GDELT's compact time and ISO 8601 (offset kept, none meaning UTC) give aware UTC."""
    assert gdelt.seendate(value) == expected


def _reason(body: bytes, content_type: str | None = None) -> str:
    with pytest.raises(FeedError) as info:
        gdelt.items_from_bytes(body, "g", content_type)
    return info.value.reason


def test_refusals_are_told_apart() -> None:
    """Blank body, plain text with markup in it, and JSON that is not a list of articles."""
    assert _reason(b"  \n ") == "empty_body"
    assert _reason(b"A <b>limit</b> was reached", "text/html") == "service_message"
    assert _reason(b'"quota exceeded"', "application/json") == "not_a_feed"


def test_rss_labelled_json_is_read_as_rss() -> None:
    """An XML body is a feed even when the server calls it application/json."""
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>GDELT</title>'
        b"<item><title>Hearing set</title><link>https://v.test/h</link></item></channel></rss>"
    )
    assert [i.title for i in gdelt.items_from_bytes(body, "g", "application/json")] == [
        "Hearing set"
    ]


def test_json_size_limit_is_inclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    """A body of exactly the limit is read; one byte more is refused as too large."""
    body = _json()
    monkeypatch.setattr(gdelt, "MAX_JSON_BYTES", len(body))
    assert len(gdelt.items_from_bytes(body, "g", None)) == 2
    assert _reason(body + b" ") == "too_large"


def test_control_characters_and_bad_escapes_together_are_tolerated() -> None:
    """A raw tab and an escape JSON does not allow, in one title: the article is still read."""
    body = b'{"articles": [{"url": "https://a.test/x", "title": "DA\\\'s\tbudget"}]}'
    (item,) = gdelt.items_from_bytes(body, "g", None)
    assert item.title == "DA's budget"


def test_a_bare_list_of_articles_is_read() -> None:
    """A top-level JSON list is the article list itself."""
    body = _json(_ARTICLES["articles"])
    assert [i.outlet for i in gdelt.items_from_bytes(body, "g", None)] == [
        "harbor-gazette.test",
        "valley-ledger.test",
    ]


def test_record_fields_fall_back_in_order() -> None:
    """summary when no content_text, the link's host when no domain, summary when no title;
    a record with neither title nor summary is skipped."""
    body = _json(
        {"articles": [
            {"url": "https://www.lake-news.test/a", "summary": "Grand jury hears the case."},
            {"url": "https://lake-news.test/b"},
        ]}
    )  # fmt: skip
    (item,) = gdelt.items_from_bytes(body, "g", None)
    assert (item.title, item.summary, item.outlet) == (
        "Grand jury hears the case.",
        "Grand jury hears the case.",
        "lake-news.test",
    )


def test_rss_item_without_pubdate_takes_its_seendate() -> None:
    """In the RSS form, an item with no pubDate is dated by GDELT's seendate element."""
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>GDELT</title>'
        b"<item><title>Hearing set</title><link>https://v.test/h</link>"
        b"<seendate>20240102T120000Z</seendate></item>"
        b"<item><link>https://v.test/empty</link></item></channel></rss>"
    )
    (item,) = gdelt.items_from_bytes(body, "g", None)
    assert item.published == datetime(2024, 1, 2, 12, tzinfo=UTC)


def test_an_article_without_a_url_or_domain_has_no_link_and_no_outlet() -> None:
    """No url and no domain: no link, no outlet, and a key made of the headline alone."""
    (item,) = gdelt.items_from_bytes(_json({"articles": [{"title": "Recall vote set"}]}), "g")
    assert (item.link, item.outlet) == (None, None)
    assert item.key == "gdelt:" + digest(story_key("Recall vote set"), None)
