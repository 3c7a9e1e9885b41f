"""Google News RSS search feeds (news.google.com/rss/search?q=...).

Each title is "Headline - Outlet"; `<source>` names the outlet exactly, so it decides where the
headline ends (outlet names may themselves contain " - "). Links and guids are opaque redirect
tokens that change between fetches, so the key is built from what the item says: normalized
headline, outlet and UTC day. A description holding an `<ol>` lists the same story as told by
other outlets; those outlets become `also_reported_by`.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from typing import Any
from urllib.parse import urlsplit

from feeds.links import safe_link
from feeds.models import Item
from feeds.safe_parse import safe_feedparse
from feeds.sources.rss import digest, entry_published
from feeds.story import story_key
from feeds.text import plain_text

# One listed article: the linked headline, then the outlet in a grey <font>.
_CLUSTER_ITEM = re.compile(
    r"<a\b[^>]*>(.*?)</a>(?:\s|&nbsp;|&#160;|\xa0)*<font\b[^>]*>(.*?)</font>", re.I | re.S
)
_FULL_COVERAGE = re.compile(r"full coverage", re.I)
_URL_IN_TOKEN = re.compile(rb"https?://[\x21-\x7e]+")
_MAX_OUTLET_WORDS = 8


def _same_outlet(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"^the\s+|[^a-z0-9]", "", s.casefold())

    return bool(a) and norm(a) == norm(b)


def split_title(title: str, source: str | None) -> tuple[str, str | None]:
    """(headline, outlet) from "Headline - Outlet", trusting `<source>` when there is one."""
    title = title.strip()
    if source:
        for sep in (" - ", " – ", " — ", " | "):
            if title.endswith(sep + source):
                return title[: -len(sep + source)].strip(), source
        head, sep, tail = title.rpartition(" - ")
        if sep and _same_outlet(tail, source):
            return head.strip(), source
        return title, source
    head, sep, tail = title.rpartition(" - ")
    if sep and head.strip() and 0 < len(tail.split()) <= _MAX_OUTLET_WORDS:
        return head.strip(), tail.strip()
    return title, None


def cluster(description: str | None) -> list[tuple[str, str]]:
    """(headline, outlet) pairs listed in a description, "full coverage" links left out."""
    pairs = []
    for match in _CLUSTER_ITEM.finditer(description or ""):
        headline = plain_text(match.group(1), 500)
        outlet = plain_text(match.group(2), 120)
        if headline and outlet and not _FULL_COVERAGE.search(headline):
            pairs.append((headline, outlet))
    return pairs


def article_url(link: str | None) -> str | None:
    """The publisher's URL when an old-style token embeds it in clear, else None.

    Tokens issued before mid-2024 are base64 of a small protobuf carrying the URL; newer ones
    are opaque and need a call to Google to resolve, which this module never makes.
    """
    if not link:
        return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    if (parts.hostname or "") != "news.google.com" or "/articles/" not in parts.path:
        return None
    token = parts.path.rsplit("/", 1)[-1]
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    match = _URL_IN_TOKEN.search(raw)
    if not match:
        return None
    # The URL is length-prefixed; a following field starts with a non-URL byte already cut off.
    url = match.group(0).decode("ascii")
    url = re.sub(r"[\x00-\x20]+.*$", "", url)
    return safe_link(url.rstrip("\x22\xd2"))


def _item(entry: Any, source_id: str) -> Item | None:
    source = entry.get("source") or {}
    source_name = plain_text(source.get("title"), 120) or None
    headline, outlet = split_title(plain_text(entry.get("title"), 1000), source_name)
    if not headline:
        return None
    published = entry_published(entry)
    pairs = cluster(entry.get("summary"))
    others = [(h, o) for h, o in pairs if not (_same_outlet(o, outlet or "") and h == headline)]
    also = tuple(dict.fromkeys(o for _, o in others if not _same_outlet(o, outlet or "")))
    if pairs:
        summary = " · ".join(f"{h} ({o})" for h, o in others)
    else:
        # Old captures and some queries carry a plain snippet instead of a cluster.
        summary = plain_text(entry.get("summary"))
        if summary.startswith(headline):
            summary = summary[len(headline) :].strip()
        if outlet and summary.strip() == outlet:
            summary = ""
    link = safe_link(entry.get("link"))
    day = published.date().isoformat() if published else ""
    return Item(
        key="gnews:" + digest(story_key(headline), (outlet or "").casefold(), day),
        source_id=source_id,
        title=headline,
        link=article_url(link) or link,
        published=published,
        summary=html.unescape(summary)[:4000],
        outlet=outlet,
        story_key=story_key(headline),
        also_reported_by=also,
    )


def items_from_bytes(body: bytes, source_id: str, content_type: str | None = None) -> list[Item]:
    parsed = safe_feedparse(body, content_type)
    items: dict[str, Item] = {}
    for entry in parsed.entries:
        item = _item(entry, source_id)
        # Google repeats a story within one feed when several queries terms hit it.
        if item is not None and item.key not in items:
            items[item.key] = item
    return list(items.values())
