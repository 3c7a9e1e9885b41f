"""Alerts for the organizer tests, written in the tests' own words."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.store.models import Alert
from feeds.models import EventType

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def facts(n: int, **kw: Any) -> Alert:
    """Alert number n about Alex Rivera, published on `when` (default: T0)."""
    when = kw.pop("when", T0)
    base: dict[str, Any] = {
        "alert_key": f"story-{n}|alex-rivera|{kw.get('event_type', 'recall')}",
        "prosecutor_id": "alex-rivera",
        "prosecutor_name": "Alex Rivera",
        "prosecutor_office": "District Attorney, Harbor County, CA",
        "event_type": "recall",
        "title": f"Headline number {n}",
        "first_seen": when,
        "published": when,
        "outlet": "Harbor Times",
        "link": f"https://news.example/{n}",
    }
    base.update(kw)
    base["event_type"] = EventType(base["event_type"])
    base["also_reported_by"] = list(base.get("also_reported_by", []))
    return Alert(**base)
