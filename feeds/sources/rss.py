"""Any RSS or Atom feed: press releases, advocacy groups, local papers."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import datetime
from typing import Any

from feeds.links import canonical_link, safe_link
from feeds.models import Item
from feeds.safe_parse import safe_feedparse
from feeds.story import story_key
from feeds.text import parsed_time, plain_text


def digest(*parts: str | None) -> str:
    """A short stable hex digest of some strings, for keys built from content."""
    return hashlib.sha1("\x1f".join(p or "" for p in parts).encode()).hexdigest()[:24]


def entry_published(entry: Any) -> datetime | None:
    return parsed_time(entry.get("published_parsed") or entry.get("updated_parsed"))


def entry_summary(entry: Any) -> str:
    summary = entry.get("summary")
    if not summary and entry.get("content"):
        summary = entry["content"][0].get("value")
    return plain_text(summary)


def entry_keys(
    entries: list[Any], source_id: str, texts: list[tuple[str, str]] | None = None
) -> list[str]:
    """A stable key per entry, unique within the feed.

    A canonical link is the best key (it dedupes the same article across feeds). Feeds that give
    every entry the same link or guid fall back to guid, then to a digest of what the entry says.
    `texts` are the entries' (plain title, plain summary) when the caller has them already:
    cleaning HTML is most of a normalizer's cost, so it is done once per entry.
    """
    if texts is None:
        texts = [(plain_text(e.get("title"), 1000), entry_summary(e)) for e in entries]
    links = [canonical_link(e.get("link")) for e in entries]
    guids = [(e.get("id") or "").strip() or None for e in entries]
    link_count = Counter(link for link in links if link)
    guid_count = Counter(guid for guid in guids if guid)
    # A link listed twice for the same words (tracking-parameter variants, a repost) is still
    # one article; a link shared by different entries (a CivicPlus index page) is not.
    contents: dict[str, set[str]] = {}
    for (title, summary), link in zip(texts, links, strict=True):
        if link:
            contents.setdefault(link, set()).add(title[:300] + "\x1f" + summary[:300])
    keys = []
    for (title, summary), link, guid in zip(texts, links, guids, strict=True):
        if link and (link_count[link] == 1 or len(contents[link]) == 1):
            keys.append(f"link:{link}")
        elif guid and guid_count[guid] == 1:
            keys.append(f"guid:{source_id}:{guid}")
        else:
            keys.append(f"entry:{source_id}:{digest(guid, link, title[:300], summary[:300])}")
    return keys


def items_from_bytes(body: bytes, source_id: str, content_type: str | None = None) -> list[Item]:
    parsed = safe_feedparse(body, content_type)
    entries = list(parsed.entries)
    outlet = plain_text(parsed.feed.get("title"), 120) or None
    items = []
    seen: set[str] = set()
    texts = [(plain_text(e.get("title"), 1000), entry_summary(e)) for e in entries]
    for entry, key, (title, summary) in zip(
        entries, entry_keys(entries, source_id, texts), texts, strict=True
    ):
        # Some feeds repeat an entry verbatim (EDNY's court feed does): one item is enough.
        if (not title and not summary) or key in seen:
            continue
        seen.add(key)
        items.append(
            Item(
                key=key,
                source_id=source_id,
                title=title or summary[:200],
                link=safe_link(entry.get("link")),
                published=entry_published(entry),
                summary=summary,
                outlet=outlet,
                story_key=story_key(title or summary[:200]),
            )
        )
    return items
