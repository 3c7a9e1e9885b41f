"""Headline acts of the office (feeds/match/events_acts.py), with sentences of our own in
headline grammar: no articles, present tense for the past, "to" + verb, colons, passives."""

from __future__ import annotations

import pytest

from feeds.match.events_acts import ACT_CUES, ALL_CUES
from feeds.match.events_lexicon import CUES
from feeds.match.rule_tables import rule_counts
from tests.feeds.match.watch import what, who

WHEN = "2021-06-01"  # Krasner, Gascón, Bragg's predecessor era: office forms resolve by date


@pytest.mark.parametrize(
    "title",
    [
        "Philadelphia DA's office charges two officers in 2020 beating",
        "DA Krasner charges former officer who shot teen",
        "Krasner charges three in killing of delivery driver",
        "Philadelphia DA to retry ex-cop after hung jury",
        "DA Gascón files murder charge against deputy",
        "DA Gascón drops all charges against activist",
        "DA Krasner seeks manslaughter charge for officer in crash",
        "Driver charged by DA Krasner's office in crosswalk death",
    ],
)
def test_the_office_charging_someone_is_a_charging_decision(title: str) -> None:
    """The office charging, retrying or dropping a case against a person is a charging decision."""
    assert what(title, when=WHEN) == ["charging_decision"]


@pytest.mark.parametrize(
    "title",
    [
        "Los Angeles DA won't seek prison for nurse in crash",
        "DA Gascón to seek life sentence for gunman",
        "Philadelphia DA drops death penalty in 1998 case",
        "Krasner: no charges for officer in traffic stop",
        "Death penalty off the table for accused Philadelphia killer, DA Krasner says",
    ],
)
def test_a_penalty_sought_or_declined_in_one_case_is_a_charging_decision(title: str) -> None:
    """A penalty asked for or declined in one case, in headline forms, is a charging decision."""
    assert what(title, when=WHEN) == ["charging_decision"]


@pytest.mark.parametrize(
    "title",
    [
        "DA Krasner won't seek prison for shoplifters",
        "DA Gascón will no longer seek the death penalty in any case",
        "DA Krasner won't prosecute protesters",
        "DA Gascón ends cash bail for misdemeanors",
        "DA Krasner drops pending marijuana possession cases",
        "DA Gascón to allow prosecutors to seek enhancements in some cases",
        "DA Gascón softens stance on gang enhancements",
    ],
)
def test_a_whole_class_of_cases_is_a_policy_not_a_charge(title: str) -> None:
    """Declining a class of people or offenses, or changing what staff may do, is a policy."""
    assert what(title, when=WHEN) == ["policy_directive"]


@pytest.mark.parametrize(
    "title",
    [
        "DA Krasner charges that judge is biased",
        "DA Krasner charges ahead with reforms",
        "DA Krasner Charges Ahead With Reforms",
        "DA Krasner Charges That Judge Is Biased",
        "DA Krasner speaks at law school graduation",
    ],
)
def test_charges_meaning_claims_or_pressing_on_is_not_a_charging_decision(title: str) -> None:
    """'Charges that' (claims) and 'charges ahead' (presses on) charge nobody."""
    assert "charging_decision" not in what(title, when=WHEN)


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("DA Mosby charged Thursday with perjury", "indictment_or_investigation"),
        ("Mosby indicted on perjury charges", "indictment_or_investigation"),
        ("DA Mosby charges six officers in man's death", "charging_decision"),
    ],
)
def test_who_is_charged_decides_between_the_two_charge_types(title: str, want: str) -> None:
    """The prosecutor charged is an indictment; the prosecutor charging is a charging decision."""
    assert what(title, when="2015-06-01") == [want]


@pytest.mark.parametrize(
    "title",
    [
        "Man freed after 28 years as DA Krasner drops case",
        "DA Krasner's office moves to free man jailed since 1991",
        "DA Krasner won't oppose new trial for death row inmate",
        "DA Krasner's office says man was wrongly imprisoned",
        "DA Krasner's conviction unit wins release of inmate",
    ],
)
def test_the_office_undoing_a_conviction_is_an_exoneration(title: str) -> None:
    """Freeing, conceding or not opposing release of someone convicted is an exoneration."""
    assert what(title, when=WHEN) == ["exoneration"]


@pytest.mark.parametrize(
    "title",
    [
        "DeSantis suspends Tampa prosecutor Andrew Warren",
        "Governor fires State Attorney Andrew Warren",
        "Suspended prosecutor Andrew Warren asks court for his job back",
        "Court hears Andrew Warren challenge to his suspension",
    ],
)
def test_an_executive_removing_the_prosecutor_is_removal(title: str) -> None:
    """Suspending, firing or replacing the prosecutor, and the fight to return, is removal."""
    assert what(title, when="2022-09-01") == ["removal_or_suspension"]


def test_a_participle_describing_the_prosecutor_is_not_their_removal() -> None:
    """'Suspended prosecutor X speaks' describes X; nobody removes them in this headline."""
    assert what("Suspended prosecutor Andrew Warren speaks at rally", when="2022-09-01") == [
        "other"
    ]


def test_a_judge_removing_the_prosecutor_from_a_case_is_not_removal_from_office() -> None:
    """Removed from a case is case reassignment (§A3 trap)."""
    assert what("Judge removes DA Krasner from officer's case", when=WHEN) == ["case_reassignment"]


@pytest.mark.parametrize(
    "title",
    [
        "DA Gardner steps aside amid pressure",
        "Kim Gardner out as St. Louis circuit attorney",
    ],
)
def test_leaving_in_headline_words_is_a_resignation(title: str) -> None:
    """'Steps aside' and 'out as DA' are a resignation."""
    assert what(title, when="2023-05-01") == ["resignation"]


def test_lashing_out_is_not_being_out_of_office() -> None:
    """'Lashes out as ...' is not 'out as DA'."""
    assert "resignation" not in what("DA Gardner lashes out as critics mount", when="2023-05-01")


@pytest.mark.parametrize(
    "title",
    [
        "Police officers endorse challenger to DA Krasner",
        "Cops rally against DA Krasner",
        "Police union boss calls DA Krasner a disgrace",
        "Police union files complaint against DA Krasner",
        "DA Krasner won't take money from police unions",
    ],
)
def test_police_acting_as_a_body_is_union_endorsement(title: str) -> None:
    """Police and their unions endorsing, rallying, attacking, or refused, is union_endorsement."""
    assert what(title, when=WHEN) == ["union_endorsement"]


@pytest.mark.parametrize(
    "title",
    [
        "Judge orders DA Krasner's office to turn over records",
        "Judge tells DA Krasner to comply with subpoena",
    ],
)
def test_a_court_compelling_the_office_is_an_injunction(title: str) -> None:
    """A court ordering the office (not only the person) to act is an injunction."""
    assert what(title, when=WHEN) == ["injunction"]


def test_every_act_cue_cites_the_event_definitions() -> None:
    """Each headline-act cue rests on a section of event_lexicon.md, and is counted."""
    assert ACT_CUES and all(c.source.startswith("§") for c in ACT_CUES)
    assert rule_counts()["event cues"] == len(ALL_CUES) == len(CUES) + len(ACT_CUES)


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("DA Gascón and his challenger spar in first debate", "election"),
        ("New poll shows DA Krasner ahead of challenger", "election"),
        ("Governor appoints special prosecutor to take over DA Ayala's cases", "case_reassignment"),
        ("Governor transfers cases from DA Ayala to neighboring prosecutor", "case_reassignment"),
        ("State Senate passes measure creating oversight board for DA Krasner", "legislation"),
    ],
)
def test_milestones_beside_the_main_verbs(title: str, want: str) -> None:
    """Debates and polls are a race; cases handed elsewhere are reassignment; passage is law."""
    assert what(title, when="2017-06-01" if "Ayala" in title else WHEN) == [want]


def test_lawmakers_backing_the_prosecutor_is_not_legislation() -> None:
    """Support from lawmakers passes no measure."""
    assert what("Lawmakers back DA Krasner", when=WHEN) == ["other"]


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("Gardner won't charge officer in crash", ["kim-gardner"]),
        ("Bragg to retry man after mistrial", ["alvin-bragg"]),
        ("Foxx won't seek prison for teen", ["kim-foxx"]),
        ("Jamie Foxx won't charge fans for tickets", []),
        ("Cory Gardner to appeal ruling", []),
    ],
)
def test_a_bare_surname_refusing_or_about_to_charge_is_the_prosecutor(
    title: str, want: list[str]
) -> None:
    """'Won't charge', 'to retry' after a bare surname cast it as the DA; a first name does not."""
    assert who(title, when=WHEN) == want


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("DA Krasner re-elected in landslide", ["election"]),
        ("DA Krasner inaugurated for second term", ["election"]),
        ("Voters return DA Krasner to office", ["election"]),
        ("Philadelphia DA Krasner, first elected in 2017, speaks at forum", ["other"]),
    ],
)
def test_elected_in_the_headline_is_a_race_but_a_past_election_is_background(
    title: str, want: list[str]
) -> None:
    """'Re-elected' is the news; 'first elected in 2017' in an aside is not."""
    assert what(title, when="2021-11-10") == want


def test_an_aside_between_the_prosecutor_and_the_act_keeps_the_act() -> None:
    """'Krasner, facing recall, drops case against teen' is the office dropping a case."""
    assert what("DA Krasner, facing recall, drops case against teen", when=WHEN) == [
        "charging_decision"
    ]


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("Philadelphia grand jury charges officer in shooting", ["larry-krasner"]),
        ("Los Angeles County grand jury declines to indict deputy", ["george-gascon"]),
        ("Federal grand jury indicts Philadelphia officer", []),
        ("Grand jury indicts man in robbery", []),
    ],
)
def test_a_county_grand_jury_is_the_office_of_that_county(title: str, want: list[str]) -> None:
    """A county's grand jury names its prosecutor's office; a federal or placeless one does not."""
    assert who(title, when=WHEN) == want


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("DA Krasner Won't Prosecute Protesters", ["policy_directive"]),
        ("DA Krasner Won't Seek Prison For Shoplifters", ["policy_directive"]),
        ("DA Krasner Charges Officer In Crash", ["charging_decision"]),
    ],
)
def test_title_case_headlines_read_as_their_lowercase_forms(title: str, want: list[str]) -> None:
    """Capitalised words in a Title Case headline do not turn a class into a named person."""
    assert what(title, when=WHEN) == want


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("Police back challenger to DA Krasner", ["union_endorsement"]),
        ("Police spend big to unseat DA Krasner", ["union_endorsement"]),
        ("Police arrest man near DA Krasner's office", ["other"]),
        ("DA Gascón disbands hardcore gang unit", ["policy_directive"]),
        ("DA Krasner restructures homicide unit", ["policy_directive"]),
        ("DA Krasner shakes up office leadership", ["other"]),
    ],
)
def test_police_as_a_body_and_units_reorganized(title: str, want: list[str]) -> None:
    """Police backing or spending is union_endorsement, police arresting is not; a unit
    disbanded or restructured is a policy, a leadership shake-up is personnel (other)."""
    assert what(title, when=WHEN) == want


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("Hochman vs. Gascón: what to know about the DA race", ["election"]),
        ("Deputies vs. DA Gascón heads to appeals court", ["lawsuit"]),
        ("Deputies sue DA Gascón over directives in race to block them", ["lawsuit"]),
    ],
)
def test_versus_between_candidates_is_a_race_not_a_caption(title: str, want: list[str]) -> None:
    """'X vs. Y' beside race words is an election; a caption or a suit stays a lawsuit."""
    assert what(title, when="2024-06-01") == want


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("Andrew Warren sues governor over his suspension", ["removal_or_suspension"]),
        ("Andrew Warren files appeal in suspension case", ["removal_or_suspension"]),
        ("State Attorney Andrew Warren sues county over office budget", ["lawsuit"]),
    ],
)
def test_a_suit_over_the_prosecutors_suspension_is_the_removal(title: str, want: list[str]) -> None:
    """Suing or appealing over one's own suspension is the removal's next stage."""
    assert what(title, when="2022-10-01") == want
