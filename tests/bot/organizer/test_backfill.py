"""Backfill selection: the window, who it is about, oldest first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.organizer.backfill import check_days, expired, new_request, select_alerts, select_items
from bot.organizer.errors import RequestError
from bot.store import Backfill
from feeds.models import EventType, Item, Match
from tests.bot.organizer.helpers import T0, facts


def item(n: int, days_ago: float | None) -> Item:
    published = None if days_ago is None else T0 - timedelta(days=days_ago)
    return Item(key=f"k{n}", source_id="feed", title=f"Item {n}", published=published)


def match(pid: str = "alex-rivera") -> Match:
    return Match(pid, EventType.RECALL, 0.9)


def request(days: int = 7, **kw: str) -> Backfill:
    return new_request("111", days, T0, **kw)


@pytest.mark.parametrize("days", [-1, 31, 365])
def test_days_outside_range_refused(days):
    """Backfill is 0 to 30 days."""
    with pytest.raises(RequestError, match="0 to 30"):
        check_days(days)


def test_request_days_checked():
    """A request with 31 days is refused."""
    with pytest.raises(RequestError):
        request(31, prosecutor_id="alex-rivera")


def test_days_default_none():
    """No value means no backfill."""
    assert check_days(None) == 0 and check_days(30) == 30


def test_request_is_for_one_thing():
    """A request names a prosecutor or a feed, not both, not neither."""
    with pytest.raises(ValueError):
        request()
    with pytest.raises(ValueError):
        request(prosecutor_id="a", source_id="b")


def test_items_in_window_oldest_first():
    """Items from the last 7 days, oldest first; older and undated ones stay history."""
    matched = [
        (item(1, 1), [match()]),
        (item(2, 8), [match()]),
        (item(3, 6.5), [match()]),
        (item(4, None), [match()]),
        (item(5, -0.1), [match()]),  # published after the request: still in
    ]
    chosen = select_items(request(prosecutor_id="alex-rivera"), matched, {"alex-rivera"})
    assert [i.key for i, _ in chosen] == ["k3", "k1", "k5"]


def test_watch_request_only_that_prosecutor():
    """A /watch add backfill takes items about that prosecutor only."""
    matched = [(item(1, 1), [match("someone-else"), match()]), (item(2, 1), [match("other")])]
    chosen = select_items(request(prosecutor_id="alex-rivera"), matched, {"alex-rivera", "other"})
    assert [(i.key, m.prosecutor_id) for i, m in chosen] == [("k1", "alex-rivera")]


def test_feed_request_anyone_watched_here():
    """A /feeds add backfill takes items about anyone the asking server watches."""
    matched = [(item(1, 1), [match("other")]), (item(2, 2), [match("not-watched-here")])]
    chosen = select_items(request(source_id="feed:1"), matched, {"other"})
    assert [i.key for i, _ in chosen] == ["k1"]


def test_zero_days_selects_nothing_older():
    """days=0 takes nothing published before the request."""
    chosen = select_items(request(0, prosecutor_id="alex-rivera"), [(item(1, 0.01), [match()])], ())
    assert chosen == []


def test_existing_alerts_in_window():
    """Alerts already raised for other servers fill a watch request, oldest first."""
    alerts = [
        facts(1, when=T0 - timedelta(days=2)),
        facts(2, when=T0 - timedelta(days=9)),
        facts(3, when=T0 - timedelta(days=5)),
        facts(4, when=T0 - timedelta(days=1), prosecutor_id="other"),
    ]
    chosen = select_alerts(request(prosecutor_id="alex-rivera"), alerts, ())
    assert [a.alert_key[:7] for a in chosen] == ["story-3", "story-1"]


def test_existing_alerts_from_a_feed():
    """A feed request takes stored alerts from that feed about people watched here."""
    alerts = [
        facts(1, when=T0 - timedelta(days=1), source_id="feed:1"),
        facts(2, when=T0 - timedelta(days=1), source_id="feed:2"),
        facts(3, when=T0 - timedelta(days=1), source_id="feed:1", prosecutor_id="other"),
    ]
    chosen = select_alerts(request(source_id="feed:1"), alerts, {"alex-rivera"})
    assert [a.alert_key[:7] for a in chosen] == ["story-1"]


def test_expiry():
    """A request not fulfilled in two days expires."""
    req = request(prosecutor_id="alex-rivera")
    assert not expired(req, T0 + timedelta(days=1))
    assert expired(req, T0 + timedelta(days=3))
