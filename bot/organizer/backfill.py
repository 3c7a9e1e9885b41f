"""Backfill on request: when an organizer watches someone or adds a feed, the last N days of
matching items may be posted once, oldest first, instead of nothing.

The default stays none (a new source's items are history). A request names the server that
asked, what for (a prosecutor or a feed) and how many days; it is fulfilled when the sources
it concerns are first polled, and only that server's channels get the backfilled alerts, since
the other servers did not ask for old news.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.organizer.errors import RequestError
from bot.organizer.records import Alert, when
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


@dataclass(frozen=True, slots=True)
class BackfillRequest:
    guild_id: str
    days: int
    requested_at: datetime
    prosecutor_id: str | None = None  # /watch add: items about this prosecutor
    source_id: str | None = None  # /feeds add: this feed's items about anyone watched here

    def __post_init__(self) -> None:
        if (self.prosecutor_id is None) == (self.source_id is None):
            raise ValueError("a backfill is for one prosecutor or one feed")
        check_days(self.days)

    @property
    def window_start(self) -> datetime:
        return self.requested_at - timedelta(days=self.days)

    def expired(self, now: datetime) -> bool:
        return now - self.requested_at > EXPIRES_AFTER

    def in_window(self, published: datetime | None) -> bool:
        # Undated items cannot be placed in the window: they stay history.
        return published is not None and published >= self.window_start

    def wants(self, match: Match, watched_here: Collection[str]) -> bool:
        if self.prosecutor_id is not None:
            return match.prosecutor_id == self.prosecutor_id
        return match.prosecutor_id in watched_here


def select_items(
    request: BackfillRequest,
    matched: Iterable[tuple[Item, Sequence[Match]]],
    watched_here: Collection[str],
) -> list[tuple[Item, Match]]:
    """The matched items the request asks for, oldest first (ties by key, for a stable order)."""
    chosen = [
        (item, match)
        for item, matches in matched
        if request.in_window(item.published)
        for match in matches
        if request.wants(match, watched_here)
    ]
    chosen.sort(key=lambda pair: (pair[0].published, pair[0].key))
    return chosen


def select_alerts(request: BackfillRequest, alerts: Iterable[Alert]) -> list[Alert]:
    """Alerts the bot already raised for other servers that fall in a watch request's window
    (another server watching the same prosecutor means the sources were seeded long ago)."""
    if request.prosecutor_id is None:
        return []
    chosen = [
        a for a in alerts if a.prosecutor_id == request.prosecutor_id and request.in_window(when(a))
    ]
    chosen.sort(key=lambda a: (when(a), a.alert_key))
    return chosen
