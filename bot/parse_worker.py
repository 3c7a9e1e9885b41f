"""Parsing and matching in worker processes: feedparser is pure Python and CPU-bound, so one
process per core keeps a 1,000-feed cycle from queuing behind a single interpreter."""

from __future__ import annotations

from feeds.match import Matcher
from feeds.models import Item, Match
from feeds.parse import FeedError, parse_feed

_matcher: Matcher | None = None

# The items of one feed with their matches, or no items and an error (reason, message).
ParseResult = tuple[list[tuple[Item, list[Match]]], tuple[str, str] | None]


def init_worker(matcher: Matcher | None) -> None:
    global _matcher
    _matcher = matcher


def parse_and_match(
    body: bytes, source_id: str, kind: str, content_type: str | None, matcher: Matcher | None = None
) -> ParseResult:
    """Items with their matches, or an error (reason, message); never raises."""
    matcher = matcher or _matcher
    try:
        items = parse_feed(body, source_id=source_id, kind=kind, content_type=content_type)
    except FeedError as exc:
        return [], (exc.reason, str(exc))
    except Exception as exc:  # parse_feed promises FeedError only; belt and braces
        return [], ("parse_error", f"unexpected {type(exc).__name__}")
    if matcher is None:
        return [(item, []) for item in items], None
    return [(item, matcher.match_item(item)) for item in items], None
