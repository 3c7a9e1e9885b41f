"""CourtListener delivery helpers: webhook idempotency, body parsing, the API v4 rate budget.

Kept apart from the parsing in feeds/sources/courtlistener.py (which re-exports these names) so
the webhook receiver and the poller can use them without the normalizers.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from feeds.safe_parse import FeedError

# Free tier for API v4 (documented to organizers in docs/SOURCES.md).
API_PER_MINUTE = 5
API_PER_HOUR = 50
MAX_WEBHOOK_BYTES = 2_000_000

_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


def webhook_idempotency_key(headers: Mapping[str, str]) -> str | None:
    """The delivery's `Idempotency-Key` header (any case), or None when absent or implausible."""
    for name, value in headers.items():
        if isinstance(name, str) and name.lower() == "idempotency-key" and isinstance(value, str):
            value = value.strip()
            return value if _IDEMPOTENCY_KEY.match(value) else None
    return None


def parse_webhook_body(body: bytes) -> dict[str, Any]:
    """The JSON object of a webhook POST, or FeedError (the receiver answers 400)."""
    if not body or len(body) > MAX_WEBHOOK_BYTES:
        raise FeedError("bad_webhook", "webhook body is empty or too large")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise FeedError("bad_webhook", "webhook body is not JSON") from exc
    if not isinstance(data, dict):
        raise FeedError("bad_webhook", "webhook body is not a JSON object")
    return data


class DeliveryLog:
    """Idempotency keys already accepted, newest kept: CourtListener retries a delivery it
    thinks failed, with the same key, so a second delivery must be acknowledged and dropped."""

    def __init__(self, max_keys: int = 10_000) -> None:
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._max = max_keys

    def first_delivery(self, key: str) -> bool:
        if key in self._seen:
            self._seen.move_to_end(key)
            return False
        self._seen[key] = None
        if len(self._seen) > self._max:
            self._seen.popitem(last=False)
        return True


@dataclass(frozen=True, slots=True)
class ApiBudget:
    """Sliding-window request budget for API v4's free tier (per minute and per hour).

    Pure: given the times of the calls already made (seconds since the epoch), `admit` says
    whether one more may go now. The times live where every process polling with the same
    token reads them (the store), so N processes spend one budget, not N.

    Not aiolimiter: CourtListener throttles with Django REST framework, which counts requests in
    a sliding window, while aiolimiter is a leaky bucket; as 5/min + 50/h buckets it admitted 99
    calls in an hour in a simulation (this: 50), and the rest would come back as 429s. The
    poller also never waits for capacity (it defers the source to a later cycle), which is what
    aiolimiter is built around, and aiolimiter's state lives in one process.
    """

    per_minute: int = API_PER_MINUTE
    per_hour: int = API_PER_HOUR

    def admit(self, sent: Sequence[float], now: float) -> list[float] | None:
        """The calls to remember if one more is made at `now` (older than an hour dropped),
        or None when a window is full."""
        recent = [t for t in sent if now - t < 3600.0]
        for window, limit in ((60.0, self.per_minute), (3600.0, self.per_hour)):
            if sum(1 for t in recent if now - t < window) >= limit:
                return None
        return [*recent, now]
