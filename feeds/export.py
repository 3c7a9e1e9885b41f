"""Items as plain JSON-ready dicts: what `check-feed` prints, one object per item."""

from __future__ import annotations

from typing import Any

from feeds.models import Item

_COURT_FIELDS = ("court", "docket_number", "case_name", "entry", "document_number")


def item_as_dict(item: Item) -> dict[str, Any]:
    """key, title, link, published (ISO 8601 or None), summary, outlet; court fields for court
    items only (news items would print five nulls); also_reported_by when an aggregator lists
    other outlets."""
    data: dict[str, Any] = {
        "key": item.key,
        "source_id": item.source_id,
        "title": item.title,
        "link": item.link,
        "published": item.published.isoformat() if item.published else None,
        "summary": item.summary,
        "outlet": item.outlet,
        "story_key": item.story_key,
    }
    if item.is_court:
        data.update({name: getattr(item, name) for name in _COURT_FIELDS})
    if item.also_reported_by:
        data["also_reported_by"] = list(item.also_reported_by)
    return data
