"""parse_feed: what every normalizer's result goes through before the pipeline sees it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from feeds.models import SourceKind
from feeds.parse import FeedError, parse_feed

HEAD = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Notes</title>'
ITEM = b"<item><title>Board meets on Tuesday</title><link>https://harbor.example/1</link></item>"


def refused(
    body: bytes, kind: SourceKind = SourceKind.RSS, content_type: str | None = None
) -> FeedError:
    with pytest.raises(FeedError) as info:
        parse_feed(body, source_id="t", kind=kind, content_type=content_type)
    return info.value


def test_a_well_formed_empty_feed_gives_no_items_and_no_error() -> None:
    """A feed with nothing in it yet is healthy: no items, no error."""
    assert parse_feed(HEAD + b"</channel></rss>", source_id="t") == []


def test_an_unclosed_element_that_swallows_every_item_is_an_error() -> None:
    """Issue 14: an unclosed tag hiding all entries is "no_items" with the parser's complaint."""
    body = HEAD.replace(b"</title>", b"") + ITEM + b"</channel></rss>"
    err = refused(body)
    assert err.reason == "no_items"
    assert "1 entry" in str(err) and "line 1" in str(err)


def test_an_unclosed_comment_hiding_the_items_is_an_error() -> None:
    """A comment opened and never closed hides every entry: "no_items"."""
    err = refused(HEAD + b"<!-- " + ITEM * 2 + b"</channel></rss>")
    assert err.reason == "no_items" and "2 entries" in str(err)


def test_entries_without_title_or_text_are_an_error() -> None:
    """A well-formed feed whose entries all lack a title and text yields nothing: say so."""
    bare = b"<item><link>https://harbor.example/1</link></item>" * 3
    err = refused(HEAD + bare + b"</channel></rss>")
    assert err.reason == "no_items" and "3 entries" in str(err)


def test_an_unclosed_entry_in_utf16_is_caught_too() -> None:
    """Entry tags are found whatever the body's encoding (UTF-16 here)."""
    text = (HEAD.replace(b"</title>", b"") + ITEM + b"</channel></rss>").decode()
    body = text.replace('version="1.0"?', 'version="1.0" encoding="utf-16"?').encode("utf-16")
    assert refused(body).reason == "no_items"


def test_an_ill_formed_feed_with_items_still_gives_them() -> None:
    """A recoverable error (an unclosed channel) keeps the items it could read."""
    items = parse_feed(HEAD + ITEM, source_id="t")
    assert [i.title for i in items] == ["Board meets on Tuesday"]


def test_lost_entries_name_a_complaint_that_is_not_a_syntax_error_by_its_type() -> None:
    """Unreadable entries in a feed served as text/plain: the complaint is NonXMLContentType."""
    bare = b"<item><link>https://harbor.example/1</link></item>" * 2
    err = refused(HEAD + bare + b"</channel></rss>", content_type="text/plain")
    assert (err.reason, str(err)) == (
        "no_items",
        "the feed has 2 entries but none could be read: it is malformed (NonXMLContentType)",
    )


def test_a_body_of_only_whitespace_is_empty() -> None:
    """Blank lines and spaces are no feed at all: "empty_body"."""
    err = refused(b" \r\n\t \n")
    assert (err.reason, str(err)) == ("empty_body", "the feed is empty")


def test_plain_text_is_not_a_feed_and_names_the_parsers_complaint() -> None:
    """Text where a feed should be is "not_a_feed", naming the parser's complaint's type."""
    err = refused(b"Service unavailable: the harbor board site is down for repairs.")
    assert (err.reason, str(err)) == (
        "not_a_feed",
        "no feed found in the response: SAXParseException",
    )


def test_well_formed_xml_that_is_no_feed_is_not_a_feed() -> None:
    """Valid XML of another kind has nothing to complain about: "not_a_feed" with no detail."""
    err = refused(b'<?xml version="1.0"?><minutes><motion>Adjourn</motion></minutes>')
    assert (err.reason, str(err)) == ("not_a_feed", "no feed found in the response")


# Web pages served where a feed should be: a challenge, a maintenance notice, an error page,
# a cookie consent page, a sign-in page.
_WEB_PAGES = {
    SourceKind.RSS: b"<!DOCTYPE html><html><head><title>One more step</title></head></html>",
    SourceKind.BING_NEWS: b"<html><head><title>Back soon</title></head><body>Upkeep.</body>",
    SourceKind.GDELT: b"<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>",
    SourceKind.GOOGLE_NEWS: b"<html lang='en'><head><title>Before you continue</title></head>",
    SourceKind.COURTLISTENER: b"  <!-- cached --><html><body>Down for maintenance</body></html>",
    SourceKind.PACER: b"<HTML><HEAD><TITLE>CM/ECF - Log In</TITLE></HEAD><BODY></BODY></HTML>",
}


@pytest.mark.parametrize("kind", list(SourceKind))
def test_every_normalizer_refuses_a_web_page_as_not_a_feed(kind: SourceKind) -> None:
    """Whatever the source, an HTML page where its feed should be is "not_a_feed"."""
    err = refused(_WEB_PAGES[kind], kind, content_type="text/html; charset=utf-8")
    assert (err.reason, str(err)) == ("not_a_feed", "the URL returned an HTML page, not a feed")


def test_normalizers_do_not_import_the_dispatcher() -> None:
    """Issue 11: feeds/sources/* and feeds/parse.py import no circle (safe_parse is apart)."""
    code = (
        "import sys, feeds.sources; "
        "assert 'feeds.parse' not in sys.modules, 'a normalizer imports feeds.parse'"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stderr
