"""Server time zones: names, dates shown, and local digest times across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.organizer.errors import RequestError
from bot.organizer.timezones import (
    at_local,
    digest_due,
    format_date,
    format_datetime,
    latest_slot,
    parse_clock,
    suggest,
    validate_zone,
    zone,
)

LA = "America/Los_Angeles"


def test_validate_zone_canonical_name():
    """A zone typed in any case, with spaces for underscores, becomes its canonical name."""
    assert validate_zone("america/los angeles") == LA
    assert validate_zone("utc") == "UTC"


def test_validate_zone_refuses_unknown_with_hint():
    """An unknown name is refused with an example and close names."""
    with pytest.raises(RequestError, match="America/Los_Angeles") as caught:
        validate_zone("Los Angles")
    assert "not a time zone" in str(caught.value)


@pytest.mark.parametrize(
    "name", ["localtime", "../../etc/passwd", "/etc/localtime", "", "posix/UTC"]
)
def test_validate_zone_refuses_machine_and_path_names(name):
    """The machine's own zone, file paths and the posix/ tree are not accepted."""
    with pytest.raises(RequestError):
        validate_zone(name)


def test_suggest_city_first():
    """Autocomplete offers zones whose city starts with the typed text first."""
    assert suggest("los")[0] == LA
    assert suggest("new york") == ["America/New_York"]
    assert len(suggest("")) == 25 and suggest("")[0] == "UTC"


def test_unknown_stored_zone_falls_back_to_utc():
    """A stored name missing from the zone database reads as UTC instead of failing."""
    assert zone("Mars/Olympus_Mons").key == "UTC"


def test_format_date_uses_local_day():
    """03:00 UTC on March 2nd is still March 1st in Los Angeles."""
    moment = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    assert format_date(moment, LA) == "2026-03-01"
    assert format_date(moment, None) == "2026-03-02"


def test_format_datetime_shows_abbreviation_of_that_day():
    """The abbreviation follows DST: PST in January, PDT in July."""
    assert format_datetime(datetime(2026, 1, 10, 20, 0, tzinfo=UTC), LA) == "2026-01-10 12:00 PST"
    assert format_datetime(datetime(2026, 7, 10, 20, 0, tzinfo=UTC), LA) == "2026-07-10 13:00 PDT"


def test_eight_local_stays_eight_across_spring_forward():
    """08:00 in Los Angeles is 16:00 UTC before the March switch and 15:00 UTC after it."""
    assert at_local(date(2026, 3, 7), time(8), LA) == datetime(2026, 3, 7, 16, tzinfo=UTC)
    assert at_local(date(2026, 3, 8), time(8), LA) == datetime(2026, 3, 8, 15, tzinfo=UTC)


def test_gap_time_moves_forward():
    """02:30 does not exist on the spring-forward day: it becomes 03:30 PDT."""
    assert at_local(date(2026, 3, 8), time(2, 30), LA) == datetime(2026, 3, 8, 10, 30, tzinfo=UTC)


def test_overlap_time_takes_first():
    """01:30 happens twice on the fall-back day: the first (PDT) counts."""
    assert at_local(date(2026, 11, 1), time(1, 30), LA) == datetime(2026, 11, 1, 8, 30, tzinfo=UTC)


def test_latest_slot_yesterday_before_todays_time():
    """Before today's local 08:00 the latest slot is yesterday's."""
    now = datetime(2026, 3, 8, 14, 0, tzinfo=UTC)  # 07:00 PDT
    assert latest_slot(now, time(8), LA) == datetime(2026, 3, 7, 16, tzinfo=UTC)
    later = datetime(2026, 3, 8, 15, 0, tzinfo=UTC)  # 08:00 PDT exactly
    assert latest_slot(later, time(8), LA) == later


@pytest.mark.parametrize("text", ["8", "24:00", "07:60", "ab:cd", "7.30"])
def test_parse_clock_refuses_bad_times(text):
    """Times are HH:MM, 24-hour."""
    with pytest.raises(RequestError, match="08:00"):
        parse_clock(text)


def test_parse_clock_accepts_single_digit_hour():
    """8:05 is 08:05."""
    assert parse_clock(" 8:05 ") == time(8, 5)


def _sent_daily(start: datetime, hours: int, zone_name: str) -> list[datetime]:
    """Simulate a scheduler ticking every 5 minutes for `hours`: when a daily digest goes out."""
    sent: list[datetime] = []
    last = start
    now = start
    while now < start + timedelta(hours=hours):
        if digest_due("daily", "08:00", last, now, zone_name):
            sent.append(now)
            last = now
        now += timedelta(minutes=5)
    return sent


def test_daily_digest_follows_local_time_across_dst():
    """A daily 08:00 Los Angeles digest goes out at 08:00 local every day, before and after
    the spring-forward switch: 16:00 UTC, then 15:00 UTC, one per day."""
    start = datetime(2026, 3, 5, 17, 0, tzinfo=UTC)  # after that day's 08:00 PST
    sent = _sent_daily(start, 24 * 6, LA)
    local_times = [format_datetime(s, LA) for s in sent]
    assert local_times == [
        "2026-03-06 08:00 PST",
        "2026-03-07 08:00 PST",
        "2026-03-08 08:00 PDT",
        "2026-03-09 08:00 PDT",
        "2026-03-10 08:00 PDT",
        "2026-03-11 08:00 PDT",
    ]


def test_daily_digest_once_on_fall_back_day():
    """The 25-hour day in November still gets exactly one digest at 08:00 local."""
    start = datetime(2026, 10, 31, 16, 0, tzinfo=UTC)  # after 08:00 PDT on the 31st
    sent = _sent_daily(start, 49, LA)
    assert [format_datetime(s, LA) for s in sent] == [
        "2026-11-01 08:00 PST",
        "2026-11-02 08:00 PST",
    ]


def test_weekly_digest_waits_seven_days():
    """A weekly digest sent today is not due tomorrow at the same time, but is in a week."""
    sent = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
    assert not digest_due("weekly", "08:00", sent, sent + timedelta(days=1), LA)
    assert digest_due("weekly", "08:00", sent, sent + timedelta(days=7) - timedelta(hours=1), LA)


def test_digest_off_never_due():
    """mode off is never due."""
    assert not digest_due("off", "08:00", None, datetime(2026, 3, 2, tzinfo=UTC), LA)
