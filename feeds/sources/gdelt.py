"""GDELT DOC 2.0 API article lists (api.gdeltproject.org/api/v2/doc/doc?mode=artlist).

The same query can come back as JSON (`format=json`: {"articles": [{url, title, seendate,
domain, language, sourcecountry, ...}]}), JSON Feed (`format=jsonfeed`) or RSS (`format=rss`);
the body is sniffed by content type and first byte, since GDELT labels some JSON as text/html.
When it refuses a query (too short, too frequent) it answers with a plain-text sentence, which
becomes a FeedError carrying that sentence. Keys are canonical article links, shared with every
other source so one article found twice is one item.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from feeds.links import canonical_link, safe_link
from feeds.models import Item
from feeds.safe_parse import FeedError, safe_feedparse
from feeds.sources.rss import digest, entry_published, entry_summary
from feeds.story import story_key
from feeds.text import parsed_time, plain_text

MAX_JSON_BYTES = 20_000_000
# GDELT tokenizes titles and leaves a space before punctuation: "Caso Ana María : Trasladan".
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?%)\]])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[])\s+")


def tidy_title(title: str) -> str:
    title = _SPACE_BEFORE_PUNCT.sub(r"\1", title)
    return _SPACE_AFTER_OPEN.sub(r"\1", title)


def seendate(value: Any) -> datetime | None:
    """GDELT's "20240115T123000Z" (or ISO 8601) as aware UTC, None when unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for fmt in ("%Y%m%dT%H%M%SZ", "%Y%m%d%H%M%S"):
        try:
            moment = datetime.strptime(text, fmt).replace(tzinfo=UTC)
            break
        except ValueError:
            continue
    else:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        moment = moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(UTC)
    return parsed_time(moment.utctimetuple())


def _first_byte(body: bytes) -> bytes:
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]


def _is_xml(body: bytes) -> bool:
    # UTF-16 and UTF-32 feeds start with a byte order mark or put NULs beside "<";
    # feedparser reads those encodings, so they are feeds, not a service message.
    head = body[:4]
    return (
        _first_byte(body) == b"<"
        or head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
        or (b"\x00" in head and b"<" in head)
    )


def _is_json(body: bytes, content_type: str | None) -> bool:
    first = _first_byte(body)
    if first in (b"{", b"["):
        return True
    return bool(content_type and "json" in content_type.lower() and first != b"<")


def _load_json(body: bytes) -> Any:
    if len(body) > MAX_JSON_BYTES:
        raise FeedError("too_large", "the GDELT response is too large")
    text = body.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        # strict=False: GDELT titles sometimes carry raw control characters inside strings.
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        # It has also been seen escaping quotes and apostrophes in ways JSON does not allow.
        try:
            return json.loads(re.sub(r"\\(?![\"\\/bfnrtu])", "", text), strict=False)
        except (ValueError, RecursionError) as exc:
            raise FeedError("parse_error", "GDELT returned malformed JSON") from exc


def _json_items(data: Any, source_id: str) -> list[Item]:
    if isinstance(data, dict):
        records = data.get("articles")
        if records is None:
            records = data.get("items")  # format=jsonfeed
        if records is None:
            # {} is GDELT's answer when nothing matched.
            return []
    elif isinstance(data, list):
        records = data
    else:
        raise FeedError("not_a_feed", "GDELT returned JSON without articles")
    if not isinstance(records, list):
        raise FeedError("not_a_feed", "GDELT returned JSON without an article list")
    items = []
    for record in records:
        if not isinstance(record, dict):
            continue
        link = safe_link(_text(record.get("url")) or _text(record.get("id")))
        title = tidy_title(plain_text(_text(record.get("title")), 1000))
        summary = plain_text(_text(record.get("content_text") or record.get("summary")))
        if not title and not summary:
            continue
        published = seendate(record.get("seendate") or record.get("date_published"))
        outlet = plain_text(_text(record.get("domain")), 120) or _domain(link)
        items.append(_item(source_id, title or summary[:200], link, published, summary, outlet))
    return items


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _domain(link: str | None) -> str | None:
    if not link:
        return None
    host = (urlsplit(link).hostname or "").lower()
    return host.removeprefix("www.") or None


def _item(
    source_id: str,
    title: str,
    link: str | None,
    published: datetime | None,
    summary: str,
    outlet: str | None,
) -> Item:
    canonical = canonical_link(link)
    key = f"link:{canonical}" if canonical else f"gdelt:{digest(story_key(title), outlet)}"
    return Item(
        key=key,
        source_id=source_id,
        title=title,
        link=link,
        published=published,
        summary=summary,
        outlet=outlet,
        story_key=story_key(title),
    )


def _rss_items(body: bytes, source_id: str, content_type: str | None) -> list[Item]:
    parsed = safe_feedparse(body, content_type)
    items = []
    for entry in parsed.entries:
        title = tidy_title(plain_text(entry.get("title"), 1000))
        summary = entry_summary(entry)
        if not title and not summary:
            continue
        link = safe_link(entry.get("link"))
        published = entry_published(entry) or seendate(entry.get("seendate"))
        outlet = plain_text(entry.get("domain"), 120) or _domain(link)
        items.append(_item(source_id, title or summary[:200], link, published, summary, outlet))
    return items


def items_from_bytes(body: bytes, source_id: str, content_type: str | None = None) -> list[Item]:
    if not body or not body.strip():
        raise FeedError("empty_body", "the feed is empty")
    if _is_json(body, content_type):
        items = _json_items(_load_json(body), source_id)
    elif _is_xml(body):
        items = _rss_items(body, source_id, content_type)
    else:
        # A refusal such as "Please limit requests to one every 5 seconds".
        message = plain_text(body[:300].decode("utf-8", errors="replace"), 200)
        raise FeedError("service_message", f"GDELT answered: {message}")
    unique: dict[str, Item] = {}
    for item in items:
        unique.setdefault(item.key, item)
    return list(unique.values())
