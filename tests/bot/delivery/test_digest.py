"""Digest due-ness on the server's clock."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.delivery.digest import is_due
from bot.store import ChannelSettings, DigestMode


def _channel(last: datetime | None) -> ChannelSettings:
    return ChannelSettings(
        "111", "1", digest=DigestMode.DAILY, digest_time="08:00", last_digest_at=last
    )


def test_daily_digest_waits_for_local_time():
    """A digest at 08:00 in Los Angeles is due once 08:00 PDT (15:00 UTC) has passed."""
    last = datetime(2026, 7, 1, 15, 0, tzinfo=UTC)
    before = datetime(2026, 7, 2, 14, 59, tzinfo=UTC)
    after = datetime(2026, 7, 2, 15, 1, tzinfo=UTC)
    assert not is_due(_channel(last), before, "America/Los_Angeles")
    assert is_due(_channel(last), after, "America/Los_Angeles")


def test_no_zone_is_utc():
    """Without a zone the digest follows UTC, as before."""
    last = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert is_due(_channel(last), datetime(2026, 7, 2, 8, 1, tzinfo=UTC), None)
    assert not is_due(_channel(last), datetime(2026, 7, 2, 7, 59, tzinfo=UTC), None)
