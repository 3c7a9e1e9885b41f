"""One module per kind of source: how its bytes become items.

Each module exposes `items_from_bytes(body, source_id, content_type) -> list[Item]`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from feeds.models import SourceKind
from feeds.sources import bing_news, courtlistener, gdelt, google_news, pacer, rss

NORMALIZERS = {
    SourceKind.RSS: rss.items_from_bytes,
    SourceKind.GOOGLE_NEWS: google_news.items_from_bytes,
    SourceKind.BING_NEWS: bing_news.items_from_bytes,
    SourceKind.GDELT: gdelt.items_from_bytes,
    SourceKind.COURTLISTENER: courtlistener.items_from_bytes,
    SourceKind.PACER: pacer.items_from_bytes,
}

_HOSTS = (
    (re.compile(r"(^|\.)news\.google\.com$"), SourceKind.GOOGLE_NEWS),
    (re.compile(r"(^|\.)bing\.com$"), SourceKind.BING_NEWS),
    (re.compile(r"(^|\.)gdeltproject\.org$"), SourceKind.GDELT),
    (re.compile(r"(^|\.)courtlistener\.com$"), SourceKind.COURTLISTENER),
    (re.compile(r"^(ecf|tdi)\.[a-z0-9]+\.uscourts\.gov$"), SourceKind.PACER),
)
# What a saved body says about where it came from, checked in order.
_BODY_MARKS = (
    (re.compile(rb"<link>\s*https?://(ecf|tdi)\.[a-z0-9]+\.uscourts\.gov", re.I), SourceKind.PACER),
    (re.compile(rb"news\.google\.com/(__i/)?rss", re.I), SourceKind.GOOGLE_NEWS),
    (re.compile(rb"xmlns:News=\"https?://www\.bing\.com", re.I), SourceKind.BING_NEWS),
    (re.compile(rb"courtlistener\.com", re.I), SourceKind.COURTLISTENER),
    (re.compile(rb"^\s*\{\s*\"articles\"\s*:", re.I), SourceKind.GDELT),
    # CourtListener JSON: webhook bodies and API search responses.
    (re.compile(rb"^\s*\{.*\"(webhook|results)\"\s*:", re.S), SourceKind.COURTLISTENER),
)


def guess_kind(target: str | None, body: bytes = b"") -> SourceKind:
    """The source kind for a URL (by host) or a saved body (by its markers); RSS otherwise.

    For `check-feed` without `--kind`: a saved PACER or Google News file is read as what it is.
    """
    if target and target.startswith(("http://", "https://")):
        try:
            host = (urlsplit(target).hostname or "").lower()
        except ValueError:
            host = ""
        for pattern, kind in _HOSTS:
            if pattern.search(host):
                return kind
    head = body[:8192]
    for mark, kind in _BODY_MARKS:
        if mark.search(head):
            return kind
    return SourceKind.RSS
