"""One module per kind of source: how its bytes become items.

Each module exposes `items_from_bytes(body, source_id, content_type) -> list[Item]`.
"""

from __future__ import annotations

from feeds.models import SourceKind
from feeds.sources import rss

NORMALIZERS = {
    SourceKind.RSS: rss.items_from_bytes,
}
