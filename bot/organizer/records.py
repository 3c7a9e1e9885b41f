"""Alerts as the organizer features read them: the store's Alert dataclass, plus when it
happened as far as the bot knows."""

from __future__ import annotations

from datetime import datetime

from bot.store.models import Alert

__all__ = ["Alert", "when"]


def when(alert: Alert) -> datetime:
    """Published, else first seen: the time an alert is shown and sorted by."""
    return alert.published or alert.first_seen
