"""Headline forms of office-only mentions: short county names, staff, races, hyphenated areas."""

from __future__ import annotations

from datetime import date

from feeds.directory import prosecutors_from_records
from feeds.match import Matcher
from feeds.match.offices import Holder, Office, OfficeHistory

UNION = {"office": "District Attorney", "jurisdiction": "Union County", "state": "GA"}
RIVER = {
    "office": "State Attorney",
    "jurisdiction": "Fourth Judicial Circuit (Pell County)",
    "state": "FL",
}
HISTORY = OfficeHistory(
    (
        Office(**UNION, holders=(Holder("Nia Bell", date(2019, 1, 1)),)),
        Office(**RIVER, holders=(Holder("Omar Reyes", date(2017, 1, 3)),)),
    )
)
PEOPLE = prosecutors_from_records([{"name": "Nia Bell", **UNION}, {"name": "Omar Reyes", **RIVER}])
MATCHER = Matcher(PEOPLE, history=HISTORY)


def who(title: str) -> list[str]:
    return [m.prosecutor_id for m in MATCHER.match(title, "", "2023-05-02")]


def test_county_word_right_before_a_title_is_the_office():
    """ "Union DA" is the Union County district attorney."""
    assert who("Union DA drops charges against deputies") == ["nia-bell"]


def test_county_word_alone_is_not_a_place():
    """ "union" without a title is a word, not the county."""
    assert who("Union calls for DA Jones to resign") == []


def test_county_word_ending_a_proper_name_is_not_the_office():
    """ "Police Union DA endorsement": the word belongs to another name."""
    assert who("Police Union DA endorsement goes to challenger") == []


def test_place_staff_act_for_the_office():
    """ "Union County prosecutors drop charges" is the office's charging decision."""
    got = MATCHER.match("Union County prosecutors drop charges against deputies", "", "2023-05-02")
    assert [(m.prosecutor_id, str(m.event_type)) for m in got] == [
        ("nia-bell", "charging_decision")
    ]


def test_federal_prosecutors_in_a_place_are_not_the_office():
    """ "federal prosecutors in Union County" are not the district attorney's staff."""
    assert who("Federal prosecutors in Union County charge mayor") == []


def test_prosecutors_union_is_not_the_office():
    """The prosecutors' own union is not the office acting."""
    assert who("Union County prosecutors' union sues over pay") == []


def test_race_placed_later_in_the_clause_is_the_office():
    """ "the prosecutor's race in Union County": the office's holder on the date."""
    assert who("Progressive prosecutor loses reelection bid in Union County") == ["nia-bell"]


def test_place_later_without_a_race_is_not_the_office():
    """ "prosecutor arrested in Union County" is some prosecutor, not the office."""
    assert who("Prosecutor arrested in Union County after crash") == []


def test_hyphenated_area_before_a_title_is_the_office():
    """ "Pell-area state attorney" names the Pell County office."""
    assert who("Governor suspends Pell-area state attorney") == ["omar-reyes"]
