"""feedparser, called safely, and the error every feed problem becomes.

feedparser is only ever given bytes (given a string it would open URLs and local files, with
no timeout). Its strict parser runs on defusedxml's expat reader, and bodies that declare XML
entities are refused before parsing, because feedparser's loose fallback parser expands the
entities it finds in the doctype by itself.

Its own module so the source normalizers (feeds/sources/*) and the dispatcher that calls them
(feeds/parse.py) both import it, and neither imports the other.
"""

from __future__ import annotations

import re
from typing import Any

import feedparser
import feedparser.api
from defusedxml import ExternalReferenceForbidden

_SAFE_SAX = "defusedxml.expatreader"
if _SAFE_SAX not in feedparser.api.PREFERRED_XML_PARSERS:
    feedparser.api.PREFERRED_XML_PARSERS.insert(0, _SAFE_SAX)

_ENTITY_DECLARATIONS = tuple(
    "<!ENTITY".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be", "utf-32-le")
)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*>", re.I)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)[\s>]", re.I | re.S)


class FeedError(Exception):
    """A feed that cannot be used. `reason` is a short stable code for health records."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def declares_entities(body: bytes) -> bool:
    upper = body.upper()
    return any(marker in upper for marker in _ENTITY_DECLARATIONS)


def safe_feedparse(body: bytes, content_type: str | None = None) -> Any:
    """Parse bytes with feedparser, refusing what could hurt; raise FeedError on failure."""
    if not body or not body.strip():
        raise FeedError("empty_body", "the feed is empty")
    if declares_entities(body):
        raise FeedError("entities", "the feed declares XML entities; refused")
    if _HTML_START.match(body[:4096]):
        raise FeedError("not_a_feed", "the URL returned an HTML page, not a feed")
    headers = {"content-type": content_type} if content_type else None
    try:
        parsed = _feedparse(body, headers)
    except ExternalReferenceForbidden:
        # A doctype naming an external DTD (often XHTML's) is harmless once dropped.
        try:
            parsed = _feedparse(_DOCTYPE.sub(b"", body, count=1), headers)
        except Exception as exc:
            raise _parse_error(exc) from exc
    except Exception as exc:  # feedparser raises on ~1.6% of mutated feeds; any type.
        raise _parse_error(exc) from exc
    if not parsed.entries and not parsed.feed and not parsed.get("version"):
        bozo = parsed.get("bozo_exception")
        detail = f": {type(bozo).__name__}" if bozo else ""
        raise FeedError("not_a_feed", f"no feed found in the response{detail}")
    return parsed


def _feedparse(body: bytes, headers: dict[str, str] | None) -> Any:
    # HTML is stripped to plain text afterwards, so feedparser's own sanitizing and URI
    # rewriting would be wasted work on the hot path.
    return feedparser.parse(
        body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )


def _parse_error(exc: Exception) -> FeedError:
    return FeedError("parse_error", f"the feed could not be parsed ({type(exc).__name__})")
