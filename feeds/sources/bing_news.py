"""Bing News RSS search feeds (www.bing.com/news/search?q=...&format=rss).

Links are click trackers (bing.com/news/apiclick.aspx?...&url=<article>&...) whose tracking
parameters change per fetch; the article is the `url=` parameter, and its canonical form is the
key, so the same article found by Bing and by the publisher's own feed dedupes. The outlet is
the `News:Source` element. Bing sends no guid.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from feeds.links import canonical_link, safe_link
from feeds.models import Item
from feeds.safe_parse import safe_feedparse
from feeds.sources.rss import digest, entry_published, entry_summary
from feeds.story import story_key
from feeds.text import plain_text


def article_url(link: str | None) -> str | None:
    """The article behind a Bing click-tracker link; any other link unchanged."""
    link = safe_link(link)
    if link is None:
        return None
    parts = urlsplit(link)
    host = (parts.hostname or "").lower()
    if host == "bing.com" or host.endswith(".bing.com"):
        params = {name.lower(): values for name, values in parse_qs(parts.query).items()}
        for value in params.get("url", []):
            target = safe_link(value)
            if target:
                return target
    return link


def _outlet(entry: Any) -> str | None:
    # feedparser names unknown-namespace elements by their prefix: News:Source -> news_source.
    for name in ("news_source", "source"):
        value = entry.get(name)
        if isinstance(value, dict):
            value = value.get("title")
        text = plain_text(value if isinstance(value, str) else None, 120)
        if text:
            return text
    return None


def items_from_bytes(body: bytes, source_id: str, content_type: str | None = None) -> list[Item]:
    parsed = safe_feedparse(body, content_type)
    items: dict[str, Item] = {}
    for entry in parsed.entries:
        title = plain_text(entry.get("title"), 1000)
        summary = entry_summary(entry)
        if not title and not summary:
            continue
        link = article_url(entry.get("link"))
        canonical = canonical_link(link)
        published = entry_published(entry)
        outlet = _outlet(entry)
        if canonical:
            key = f"link:{canonical}"
        else:
            day = published.date().isoformat() if published else ""
            key = f"bing:{digest(story_key(title), (outlet or '').casefold(), day)}"
        if key in items:
            continue
        items[key] = Item(
            key=key,
            source_id=source_id,
            title=title or summary[:200],
            link=link,
            published=published,
            summary=summary,
            outlet=outlet,
            story_key=story_key(title or summary[:200]),
        )
    return list(items.values())
