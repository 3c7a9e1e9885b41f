"""Offices and holders over time: item dates, the holder on a date, term checks."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from feeds.match.offices import Holder, Office, OfficeHistory, Period, check_terms, period_of

HARBOR = Office(
    "District Attorney",
    "Harbor County",
    "CA",
    (
        Holder("Ada Stone", date(2010, 1, 4), date(2018, 6, 30)),
        Holder("Ben Okafor", date(2018, 6, 30), date(2022, 1, 3)),
        Holder("Cleo Park", date(2022, 1, 3)),
    ),
)


def test_period_of_reads_days_months_and_years():
    """ISO day, month and year text become the days they cover."""
    assert period_of("2022-08-15") == Period(date(2022, 8, 15), date(2022, 8, 15))
    assert period_of("2024-02") == Period(date(2024, 2, 1), date(2024, 2, 29))
    assert period_of("2019") == Period(date(2019, 1, 1), date(2019, 12, 31))
    assert period_of("2023-05-06T10:00:00Z") == Period(date(2023, 5, 6), date(2023, 5, 6))


def test_period_of_reads_dates_and_datetimes():
    """A date or datetime is that day."""
    assert period_of(date(2020, 3, 1)) == Period.day(date(2020, 3, 1))
    assert period_of(datetime(2020, 3, 1, 23, tzinfo=UTC)) == Period.day(date(2020, 3, 1))


@pytest.mark.parametrize("bad", [None, "", "soon", "2022-13-01", "2022-02-30", 2022, "20-1-1"])
def test_period_of_unreadable_is_none(bad):
    """Anything that is not a readable date gives None (the caller uses today)."""
    assert period_of(bad) is None


def test_holder_on_a_day_in_each_term():
    """A day inside a term is that holder's."""
    assert HARBOR.holder_on(Period.day(date(2015, 5, 5))).name == "Ada Stone"
    assert HARBOR.holder_on(Period.day(date(2020, 5, 5))).name == "Ben Okafor"
    assert HARBOR.holder_on(Period.day(date(2030, 5, 5))).name == "Cleo Park"


def test_handover_day_is_the_one_leaving():
    """On the day one term ends and the next starts, the one leaving is meant."""
    assert HARBOR.holder_on(Period.day(date(2018, 6, 30))).name == "Ada Stone"


def test_month_goes_to_the_longest_holder():
    """A month split by a handover goes to whoever held it most of the month."""
    assert HARBOR.holder_on(period_of("2022-01")).name == "Cleo Park"
    assert HARBOR.holder_on(period_of("2018-06")).name == "Ada Stone"


def test_before_any_known_term_is_nobody():
    """A date before the first known term has no holder."""
    assert HARBOR.holder_on(Period.day(date(2001, 1, 1))) is None


def test_overlapping_terms_are_refused():
    """Two terms overlapping by more than the handover day are an error naming both."""
    with pytest.raises(ValueError, match=r"Ada Stone.*overlaps.*Ben Okafor"):
        check_terms(
            [
                Holder("Ada Stone", date(2010, 1, 1), date(2019, 1, 1)),
                Holder("Ben Okafor", date(2018, 1, 1)),
            ],
            "Harbor",
        )


def test_open_term_before_another_is_refused():
    """A term with no end followed by another term is an error."""
    with pytest.raises(ValueError, match="overlaps"):
        check_terms([Holder("Ada Stone", date(2010, 1, 1)), Holder("Ben", date(2018, 1, 1))], "x")


def test_merged_replaces_a_persons_terms_and_keeps_others():
    """Laying newer offices over a history replaces that person's terms in that office only."""
    newer = Office(
        "District Attorney",
        "Harbor County",
        "CA",
        (
            Holder("Cleo Park", date(2022, 1, 3), date(2024, 1, 1)),
            Holder("Dee Ruiz", date(2024, 1, 1)),
        ),
    )
    merged = OfficeHistory((HARBOR,)).merged([newer])
    names = [h.name for h in merged.get(HARBOR.key).holders]
    assert names == ["Ada Stone", "Ben Okafor", "Cleo Park", "Dee Ruiz"]
    assert merged.get(HARBOR.key).holder_on(Period.day(date(2025, 1, 1))).name == "Dee Ruiz"


def test_office_key_ignores_title_spelling_and_case():
    """ "State's Attorney" and "State Attorney" of the same place and state are one office."""
    a = Office("State's Attorney", "Bay Circuit", "fl", (Holder("A B", date(2000, 1, 1)),))
    b = Office("State Attorney", "Bay Circuit", "FL", (Holder("C D", date(2000, 1, 1)),))
    assert a.key == b.key


def test_an_undated_term_covers_no_day() -> None:
    """A holder listed without dates overlaps no period (0 days, not unknown)."""
    assert Holder("Ada Stone").overlap(Period.day(date(2020, 1, 1))) == 0


def test_an_office_with_an_undated_holder_is_incomplete() -> None:
    """One holder without a known term makes the office's list incomplete."""
    office = Office("District Attorney", "Harbor County", "CA", (Holder("Ada Stone"),))
    assert office.complete is False


def test_an_office_with_every_term_dated_is_complete() -> None:
    """Every holder dated: the office's list is complete."""
    assert HARBOR.complete is True


def test_a_term_ending_before_it_starts_is_refused() -> None:
    """An end before the start is an error naming the person and the dates."""
    with pytest.raises(ValueError, match=r"Ada Stone's term ends \(2010-01-01\) before it starts"):
        check_terms([Holder("Ada Stone", date(2011, 1, 1), date(2010, 1, 1))], "Harbor")


def test_a_one_day_term_is_accepted() -> None:
    """A term that starts and ends on the same day is valid."""
    check_terms([Holder("Ada Stone", date(2010, 1, 1), date(2010, 1, 1))], "Harbor")


def test_an_open_term_overlapping_says_now() -> None:
    """The overlap error shows an open term as running until now."""
    with pytest.raises(ValueError) as caught:
        check_terms([Holder("Ada Stone", date(2010, 1, 1)), Holder("Ben", date(2018, 1, 1))], "x")
    assert (
        str(caught.value)
        == "x: Ada Stone's term (2010-01-01..now) overlaps Ben's (from 2018-01-01)"
    )


def test_offices_of_finds_the_offices_a_person_held() -> None:
    """A holder's name slug leads to their office."""
    assert OfficeHistory((HARBOR,)).offices_of({"ada-stone"}) == [HARBOR]


def test_merged_keeps_the_older_source_when_the_newer_has_none() -> None:
    """Merging an office without a source keeps the older record's source."""
    old = Office("District Attorney", "Harbor County", "CA", (), source="county site")
    newer = Office("District Attorney", "Harbor County", "CA", (Holder("Dee Ruiz"),))
    assert OfficeHistory((old,)).merged([newer]).get(old.key).source == "county site"


def test_merged_joins_both_sources() -> None:
    """Merging an office with its own source lists both."""
    old = Office("District Attorney", "Harbor County", "CA", (), source="county site")
    newer = Office("District Attorney", "Harbor County", "CA", (), source="state list")
    assert OfficeHistory((old,)).merged([newer]).get(old.key).source == "county site; state list"
