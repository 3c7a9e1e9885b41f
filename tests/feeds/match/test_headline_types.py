"""The event type read from a headline alone, in headline grammar (sentences of our own):
a court stopping or compelling the office, a union's money and backing, convictions thrown
out, a class of cases dropped, results in headline verbs, cases taken from the office."""

from __future__ import annotations

import re

import pytest

from feeds.directory import prosecutors_from_records
from feeds.match import Matcher
from feeds.match.events_acts import ALL_CUES
from tests.feeds.match.watch import what

WHEN = "2021-06-01"


@pytest.mark.parametrize(
    "title",
    [
        "Judge sides with prosecutors' union, blocks parts of Gascón policy",
        "Court stays Gascón directive on enhancements",
        "Judge puts Krasner's new policy on hold",
        "Gascón's enhancement policy blocked by judge",
        "Krasner's directive on plea deals struck down",
    ],
)
def test_a_court_stopping_the_offices_rule_is_an_injunction(title: str) -> None:
    """Blocked, stayed, put on hold or struck down, active or passive, is an injunction."""
    assert what(title, when=WHEN) == ["injunction"]


def test_a_rule_that_blocks_something_is_not_itself_blocked() -> None:
    """ "Policy blocked prosecutors from ..." is the policy acting, not a court stopping it."""
    assert what("DA Krasner's policy blocked prosecutors from seeking bail", when=WHEN) == [
        "policy_directive"
    ]


@pytest.mark.parametrize(
    "title",
    [
        "Appeals court: DA Gascón must seek strike enhancements",
        "Court tells DA Krasner he can't ignore mandatory minimums",
        "Ruling limits DA Gascón's power to drop enhancements",
    ],
)
def test_a_court_saying_what_the_office_must_do_is_an_injunction(title: str) -> None:
    """A court saying the office must, cannot, or has less power to act compels or limits it."""
    assert what(title, when=WHEN) == ["injunction"]


def test_a_court_saying_the_office_cannot_be_sued_compels_nothing() -> None:
    """ "Can't be sued" is a ruling for the office, not an order to it."""
    assert "injunction" not in what("Judge: DA Krasner can't be sued over policy", when=WHEN)


def test_a_court_on_the_limits_of_the_offices_power_is_a_ruling_in_a_suit() -> None:
    """ "Court: X overstepped" is a court ruling on the office's authority (a lawsuit)."""
    assert what("Court: DA Krasner overstepped with plea policy", when=WHEN) == ["lawsuit"]


@pytest.mark.parametrize(
    "title",
    [
        "Police union picks DA Krasner's rival",
        "Police unions line up behind challenger to DA Gascón",
        "Sheriffs' union pumps cash into campaign against DA Gascón",
        "Police officers' association vows to fight DA Boudin",
        "Police union says DA Boudin 'has to go'",
        "Police union puts money behind bid to unseat DA Gascón",
        "DA Becton rejects law enforcement donations",
    ],
)
def test_a_unions_money_backing_or_fight_is_union_endorsement(title: str) -> None:
    """Picking, funding, lining up behind or fighting, or money refused, is union_endorsement."""
    assert what(title, when=WHEN) == ["union_endorsement"]


@pytest.mark.parametrize(
    "title",
    [
        "Judge throws out conviction after DA Foxx's office drops opposition",
        "DA Bragg moves to clear men convicted in 1965 killing",
        "DA Krasner backs new trial for man on death row",
        "Conviction review by DA Gascón leads to release",
        "Krasner concedes man's trial was unfair, backs new trial",
    ],
)
def test_a_conviction_thrown_out_with_the_office_is_an_exoneration(title: str) -> None:
    """Convictions thrown out, cleared or reviewed, a new trial backed, is an exoneration."""
    assert what(title, when="2022-06-01" if "Bragg" in title else WHEN) == ["exoneration"]


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("DA Krasner backs release of police video", "other"),
        ("Judge throws out lawsuit against DA Krasner", "lawsuit"),
    ],
)
def test_releasing_a_video_or_throwing_out_a_suit_frees_nobody(title: str, want: str) -> None:
    """A video released or a suit thrown out is not a conviction undone."""
    assert what(title, when=WHEN) == [want]


@pytest.mark.parametrize(
    "title",
    [
        "DA Gascón narrowly edges former federal prosecutor",
        "DA Gascón falls to former federal prosecutor",
        "DA Krasner trounced by ex-judge",
        "DA Krasner fends off former homicide prosecutor",
        "Becton elected Contra Costa County district attorney",
    ],
)
def test_results_in_headline_verbs_are_an_election(title: str) -> None:
    """Edges, falls to, trounced by, fends off, elected as the DA: a race's result."""
    assert what(title, when=WHEN) == ["election"]


@pytest.mark.parametrize(
    "title",
    [
        "DA Gascón leads effort to reform bail",
        "DA Krasner concedes error in 1990 case",
        "DA Krasner elected president of prosecutors' group",
    ],
)
def test_leading_an_effort_or_conceding_an_error_is_no_race(title: str) -> None:
    """Leading an effort, conceding an error or chairing a group is not an electoral result."""
    assert "election" not in what(title, when=WHEN)


@pytest.mark.parametrize(
    ("title", "when"),
    [
        ("DA Mosby ends prosecution of drug possession, prostitution", "2021-03-01"),
        ("DA Mosby: no more prosecutions for drug possession", "2021-03-01"),
        ("DA Gascón drops gang enhancements in pending cases", WHEN),
        ("DA Krasner's office will no longer charge for marijuana", WHEN),
        ("DA Gascón to try some juveniles as adults", WHEN),
        ("Manhattan DA won't prosecute fare beating", "2022-06-01"),
    ],
)
def test_a_class_of_offenses_or_people_is_a_policy(title: str, when: str) -> None:
    """Ending prosecution of a category, dropping enhancements, trying juveniles as adults."""
    assert what(title, when=when) == ["policy_directive"]


def test_charges_dropped_against_one_person_stay_a_charging_decision() -> None:
    """One man's charges dropped is a case decision, not a policy."""
    assert what("DA Gascón drops charges against man in stabbing", when=WHEN) == [
        "charging_decision"
    ]


@pytest.mark.parametrize(
    "title",
    [
        "Governor yanks death cases from State Attorney Ayala",
        "Cases taken from State Attorney Ayala",
    ],
)
def test_cases_taken_from_the_office_are_a_reassignment(title: str) -> None:
    """Cases yanked or taken from the prosecutor are case reassignment (§C7)."""
    assert what(title, when="2017-04-01") == ["case_reassignment"]


def test_refusing_to_take_cases_from_officers_takes_none_from_the_office() -> None:
    """The office refusing cases from officers is its own practice, not a reassignment."""
    assert "case_reassignment" not in what(
        "DA Krasner refuses to take cases from two officers", when=WHEN
    )


def test_a_complaint_to_the_bar_is_discipline_not_a_suit() -> None:
    """An ethics complaint against the prosecutor is bar discipline (§D7), not a lawsuit."""
    assert what("Bar files ethics complaint against DA Krasner", when=WHEN) == [
        "indictment_or_investigation"
    ]


_FRAMED = Matcher(
    prosecutors_from_records(
        [
            {"name": n, "office": o, "jurisdiction": j, "state": s}
            for n, o, j, s in [
                ("José Garza", "District Attorney", "Travis County", "TX"),
                ("Alvin Bragg", "District Attorney", "Manhattan (New York County)", "NY"),
                ("Fani Willis", "District Attorney", "Fulton County", "GA"),
                ("Kim Foxx", "State's Attorney", "Cook County", "IL"),
                ("Kim Gardner", "Circuit Attorney", "City of St. Louis", "MO"),
            ]
        ]
    )
)


def found(title: str) -> list[tuple[str, str]]:
    return [(m.prosecutor_id, str(m.event_type)) for m in _FRAMED.match(title, "", "2022-06-01")]


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("Bragg downgrades charges in bodega stabbing", ("alvin-bragg", "charging_decision")),
        ("Willis secures indictment of rapper", ("fani-willis", "charging_decision")),
        ("Foxx: office will no longer prosecute retail theft", ("kim-foxx", "policy_directive")),
    ],
)
def test_a_bare_surname_in_a_prosecutors_headline_act_is_the_prosecutor(
    title: str, want: tuple[str, str]
) -> None:
    """Downgrading charges, winning an indictment of someone, or speaking for the office about
    prosecuting casts a namesake surname as the prosecutor."""
    assert found(title) == [want]


@pytest.mark.parametrize(
    "title",
    [
        "Willis secures role in new film",
        "Willis obtains indictment records",
        "Foxx: show will no longer air on Fridays",
        "Foxx: office will no longer charge for parking",
    ],
)
def test_the_same_surnames_outside_those_acts_are_nobody(title: str) -> None:
    """A namesake vowing, securing or speaking about something else is not the prosecutor."""
    assert found(title) == []


def test_lawmakers_subpoenaing_the_office_is_the_impeachment_drive() -> None:
    """A legislature's subpoena to the office is an impeachment step (§A2), not a probe."""
    assert what("House panel subpoenas DA Krasner's office", when="2022-09-01") == ["impeachment"]


def test_a_headline_naming_nobody_is_the_event_its_summary_names_the_prosecutor_in() -> None:
    """ "Judge issues gag order in police case" with DA Mosby's office in the summary is an
    injunction on the office, not the charges the summary recalls."""
    summary = (
        "The order bars DA Mosby's prosecutors from speaking about the case against the "
        "officers charged in the death."
    )
    assert what("Judge issues gag order in police case", summary, when="2015-10-01") == [
        "injunction"
    ]


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("DA Gascón blocked from dropping strike allegations", "injunction"),
        ("DA Krasner ordered to turn over records to lawmakers", "injunction"),
        ("DA Gascón's policies upheld by appeals court", "lawsuit"),
        ("Kim Foxx cleared by special prosecutor", "indictment_or_investigation"),
        ("DA Gascón's office resumes seeking enhancements", "policy_directive"),
    ],
)
def test_headline_passives_and_resumed_practices(title: str, want: str) -> None:
    """Blocked from, ordered to, upheld by, cleared by, and a practice resumed for a category."""
    assert what(title, when=WHEN) == [want]


def test_barred_from_a_case_is_a_reassignment_not_an_injunction() -> None:
    """ "Barred from prosecuting the case" takes a case away (§C7); it enjoins no policy."""
    assert what("DA Krasner barred from prosecuting the case against officer", when=WHEN) == [
        "case_reassignment"
    ]


def test_every_cue_pattern_is_fully_formatted() -> None:
    """No cue carries a fragment name ("{OWN}") left unformatted in a plain string: that
    would be matched as literal braces, and loops the stem finder."""
    for cue in ALL_CUES:
        assert re.search(r"\{[A-Z_]+\}", cue.pattern + cue.unless) is None, cue.pattern
