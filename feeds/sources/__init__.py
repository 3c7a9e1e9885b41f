"""One module per kind of source: how its bytes become items.

Each module exposes `items_from_bytes(body, source_id, content_type) -> list[Item]`.
"""

from __future__ import annotations

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
