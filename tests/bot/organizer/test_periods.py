"""since/until: local dates and spans back from now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.organizer.errors import RequestError
from bot.organizer.periods import Period, parse_bound, parse_period

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
LA = "America/Los_Angeles"


def test_span_back_from_now():
    """7d, 2 weeks and 1m count back from now."""
    assert parse_bound("7d", None, NOW, end=False) == NOW - timedelta(days=7)
    assert parse_bound("2 weeks", None, NOW, end=False) == NOW - timedelta(days=14)
    assert parse_bound("1m", None, NOW, end=False) == NOW - timedelta(days=30)


def test_date_is_local_midnight():
    """since:2026-03-01 starts at midnight in the server's zone."""
    assert parse_bound("2026-03-01", LA, NOW, end=False) == datetime(2026, 3, 1, 8, tzinfo=UTC)


def test_until_date_includes_that_day():
    """until:2026-03-01 ends at the next local midnight."""
    assert parse_bound("2026-03-01", LA, NOW, end=True) == datetime(2026, 3, 2, 8, tzinfo=UTC)


def test_today_and_yesterday_are_local():
    """At 02:00 UTC on the 10th it is still the 9th in Los Angeles (PDT since the 8th)."""
    early = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    assert parse_bound("today", LA, early, end=False) == datetime(2026, 3, 9, 7, tzinfo=UTC)
    assert parse_bound("yesterday", LA, early, end=False) == datetime(2026, 3, 8, 8, tzinfo=UTC)


@pytest.mark.parametrize("text", ["last week", "2026-13-01", "soon", "  ", "9999d"])
def test_bad_bounds_refused(text):
    """Anything else is refused with the accepted forms or the limit."""
    with pytest.raises(RequestError):
        parse_bound(text, None, NOW, end=False)


def test_since_after_until_refused():
    """A period that ends before it starts is refused."""
    with pytest.raises(RequestError, match="before"):
        parse_period("2026-03-05", "2026-03-01", None, NOW)


def test_period_holds_half_open():
    """since is inclusive and until exclusive."""
    period = Period(NOW, NOW + timedelta(days=1))
    assert period.holds(NOW) and not period.holds(NOW + timedelta(days=1))
    assert Period().holds(NOW)
