"""Backfill on request: when an organizer watches someone or adds a feed, the last N days of
matching items may be posted once, oldest first, instead of nothing.

The default stays none (a new source's items are history). A request names the server that
asked, what for (a prosecutor or a feed) and how many days; it is fulfilled when the sources
it concerns are first polled, and only that server's channels get the backfilled alerts, since
the other servers did not ask for old news.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta

from bot.organizer.errors import RequestError
from bot.organizer.records import Alert, when
from bot.store.models import Backfill
from feeds.models import Item, Match

MAX_DAYS = 30
# A request whose sources never succeed (a feed that keeps failing) is dropped after this.
EXPIRES_AFTER = timedelta(days=2)


def check_days(days: int | None) -> int:
    """0-30; None means 0 (no backfill)."""
    if days is None:
        return 0
    if not 0 <= days <= MAX_DAYS:
        raise RequestError(f"Backfill is 0 to {MAX_DAYS} days.")
    return days


def new_request(
    guild_id: str,
    days: int,
    now: datetime,
    *,
    prosecutor_id: str | None = None,
    source_id: str | None = None,
) -> Backfill:
    """A request for one prosecutor or one feed, checked."""
    if (prosecutor_id is None) == (source_id is None):
        raise ValueError("a backfill is for one prosecutor or one feed")
    return Backfill(
        id=uuid.uuid4().hex[:12],
        guild_id=guild_id,
        days=check_days(days),
        requested_at=now,
        prosecutor_id=prosecutor_id,
        source_id=source_id,
    )


def window_start(request: Backfill) -> datetime:
    return request.requested_at - timedelta(days=request.days)


def expired(request: Backfill, now: datetime) -> bool:
    return now - request.requested_at > EXPIRES_AFTER


def in_window(request: Backfill, published: datetime | None) -> bool:
    # Undated items cannot be placed in the window: they stay history.
    return published is not None and published >= window_start(request)


def wants(request: Backfill, match: Match, watched_here: Collection[str]) -> bool:
    if request.prosecutor_id is not None:
        return match.prosecutor_id == request.prosecutor_id
    return match.prosecutor_id in watched_here


def select_items(
    request: Backfill,
    matched: Iterable[tuple[Item, Sequence[Match]]],
    watched_here: Collection[str],
) -> list[tuple[Item, Match]]:
    """The matched items the request asks for, oldest first (ties by key, for a stable order)."""
    chosen = [
        (item, match)
        for item, matches in matched
        if in_window(request, item.published)
        for match in matches
        if wants(request, match, watched_here)
    ]
    chosen.sort(key=lambda pair: (pair[0].published, pair[0].key))
    return chosen


def select_alerts(
    request: Backfill, alerts: Iterable[Alert], watched_here: Collection[str]
) -> list[Alert]:
    """Alerts the bot already raised that fall in the request's window, oldest first: another
    server watching the same prosecutor (or polling the same feed) means the sources were
    seeded long ago, so the backfill comes from what is stored."""

    def asked(alert: Alert) -> bool:
        if request.prosecutor_id is not None:
            return alert.prosecutor_id == request.prosecutor_id
        return alert.source_id == request.source_id and alert.prosecutor_id in watched_here

    chosen = [a for a in alerts if asked(a) and in_window(request, when(a))]
    chosen.sort(key=lambda a: (when(a), a.alert_key))
    return chosen
