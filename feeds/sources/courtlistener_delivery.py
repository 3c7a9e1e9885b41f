"""CourtListener delivery helpers: webhook idempotency, body parsing, the API v4 rate budget.

Kept apart from the parsing in feeds/sources/courtlistener.py (which re-exports these names) so
the webhook receiver and the poller can use them without the normalizers.
"""

from __future__ import annotations

import json
import re
import time
from collections import OrderedDict, deque
from collections.abc import Mapping
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


class ApiBudget:
    """Sliding-window request budget for API v4's free tier (per minute and per hour).

    Not aiolimiter: CourtListener throttles with Django REST framework, which counts requests in
    a sliding window, while aiolimiter is a leaky bucket; as 5/min + 50/h buckets it admitted 99
    calls in an hour in a simulation (this class: 50), and the rest would come back as 429s.
    The poller also never waits for capacity (it defers the source to a later cycle), which is
    what aiolimiter is built around.
    """

    def __init__(self, per_minute: int = API_PER_MINUTE, per_hour: int = API_PER_HOUR) -> None:
        self._limits = ((60.0, per_minute), (3600.0, per_hour))
        self._sent: deque[float] = deque()

    def try_acquire(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        while self._sent and now - self._sent[0] >= 3600.0:
            self._sent.popleft()
        for window, limit in self._limits:
            if sum(1 for t in self._sent if now - t < window) >= limit:
                return False
        self._sent.append(now)
        return True
