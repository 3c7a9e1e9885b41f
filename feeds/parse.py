"""Turn feed bytes into normalized items: the source kind's normalizer, then the checks every
kind shares (nothing but FeedError escapes; no items from a body holding entries is an error).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from xml.sax import SAXParseException

from feeds.models import Item, SourceKind
from feeds.safe_parse import FeedError, safe_feedparse
from feeds.sources import NORMALIZERS

__all__ = ["MAX_ITEMS", "FeedError", "entry_tags", "parse_feed"]

log = logging.getLogger(__name__)

# Newest entries considered per fetch: a 10,000-entry feed must not become 10,000 alerts.
MAX_ITEMS = 200

# An RSS <item> or Atom <entry> start tag, with or without a namespace prefix.
_ENTRY_TAG = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]")
_ENTRY_TAG_BYTES = re.compile(_ENTRY_TAG.pattern.encode())

Normalizer = Callable[[bytes, str, str | None], list[Item]]


def parse_feed(
    body: bytes,
    *,
    source_id: str,
    kind: SourceKind | str = SourceKind.RSS,
    content_type: str | None = None,
    max_items: int = MAX_ITEMS,
) -> list[Item]:
    """Items of one fetched body, newest first, at most `max_items`.

    Raises FeedError for anything unusable; never lets another exception escape.
    """
    normalize: Normalizer = NORMALIZERS[SourceKind(kind)]
    try:
        items = normalize(body, source_id, content_type)
    except FeedError:
        raise
    except Exception as exc:
        log.warning("normalizing %s failed: %r", source_id, exc)
        raise FeedError(
            "parse_error", f"the feed could not be read ({type(exc).__name__})"
        ) from exc
    if not items:
        _refuse_lost_entries(body, content_type)
    items.sort(key=lambda item: item.published.timestamp() if item.published else 0, reverse=True)
    return items[:max_items]


def entry_tags(body: bytes) -> int:
    """How many entry start tags (RSS item, Atom entry) the raw body holds, in any encoding."""
    found = len(_ENTRY_TAG_BYTES.findall(body))
    if found or b"\x00" not in body[:512]:
        return found
    # UTF-16 and UTF-32 put NULs between the ASCII letters of a tag.
    texts = (body.decode(codec, "ignore") for codec in ("utf-16-le", "utf-16-be", "utf-32"))
    return max(len(_ENTRY_TAG.findall(text)) for text in texts)


def _refuse_lost_entries(body: bytes, content_type: str | None) -> None:
    """No items from a body that holds entries is an error organizers should see, not health.

    An unclosed element or comment can swallow every entry after it: the parser then reports a
    valid, empty feed. Only bodies showing entry tags are parsed again, so the common empty
    feed costs one scan.
    """
    if body.lstrip()[:1] in (b"{", b"["):  # JSON sources judge their own lists
        return
    tags = entry_tags(body)
    if not tags:
        return
    parsed = safe_feedparse(body, content_type)
    bozo = parsed.get("bozo_exception") if parsed.get("bozo") else None
    count = max(tags, len(parsed.entries)) if bozo else len(parsed.entries)
    if not count:
        return  # a well-formed feed whose tags sit inside text or CDATA: empty, not broken
    noun = "entry" if count == 1 else "entries"
    if bozo is not None:
        raise FeedError(
            "no_items",
            f"the feed has {count} {noun} but none could be read: it is malformed ({_where(bozo)})",
        )
    raise FeedError("no_items", f"the feed has {count} {noun} but none has a title or text")


def _where(exc: Exception) -> str:
    if isinstance(exc, SAXParseException):
        return f"{exc.getMessage()} at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
    return type(exc).__name__
