"""What happened: each event type from the phrasings news uses (sentences written for the tests)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from feeds.match import Matcher
from feeds.models import Item
from tests.feeds.match.watch import MATCHER, PEOPLE, what


@pytest.mark.parametrize(
    "title",
    [
        "Volunteers file recall petition against DA Gascón",
        "Recall organizers submit 715,000 signatures to oust DA Gascón",
        "San Francisco voters recall DA Chesa Boudin",
        "Group launches petition drive to recall District Attorney Diana Becton",
        "DA Becton recall effort fails to qualify for ballot",
        "Judge rejects lawsuit over DA Gascón recall signatures",
    ],
)
def test_recall_at_any_stage(title: str) -> None:
    """A recall drive aimed at the prosecutor is a recall, from launch to result."""
    assert what(title) == ["recall"]


@pytest.mark.parametrize(
    "title",
    [
        "Pennsylvania House votes to impeach DA Larry Krasner",
        "House panel drafts articles of impeachment against DA Krasner",
        "Senate sets trial date in Krasner impeachment",
    ],
)
def test_impeachment_by_the_legislature(title: str) -> None:
    """A legislature moving to impeach the prosecutor is impeachment."""
    assert what(title) == ["impeachment"]


@pytest.mark.parametrize(
    "title",
    [
        "Governor suspends State Attorney Andrew Warren",
        "Governor removes State Attorney Andrew Warren from office, citing neglect of duty",
        "Judge declines to reinstate State Attorney Andrew Warren",
        "Missouri AG files quo warranto petition to oust Circuit Attorney Kim Gardner",
        "Residents file petition to remove DA Krasner from office",
    ],
)
def test_removal_or_suspension(title: str) -> None:
    """Suspension, removal, reinstatement fights and ouster petitions are removal_or_suspension."""
    assert what(title) == ["removal_or_suspension"]


@pytest.mark.parametrize(
    "title",
    [
        "Judge issues injunction blocking DA Gascón's new directives",
        "Judge bars Krasner's office from enforcing its new plea rules",
        "Judge imposes gag order on Mosby and defense lawyers",
        "Appeals court lifts injunction on DA Gascón's directives",
    ],
)
def test_injunction_against_the_office(title: str) -> None:
    """A court order blocking or restraining the office is an injunction."""
    assert what(title) == ["injunction"]


@pytest.mark.parametrize(
    "title",
    [
        "Judge disqualifies DA Bragg from fraud case",
        "Governor strips State Attorney Ayala of 23 death-penalty cases",
        "Federal prosecutors take over case from DA Krasner's office",
        "Krasner's office recuses itself from case involving police union leader",
    ],
)
def test_case_reassignment(title: str) -> None:
    """Cases taken from the office (disqualification, reassignment, takeover) are reassignment."""
    assert what(title) == ["case_reassignment"]


def test_a_judge_disqualified_at_the_prosecutors_request_is_not_reassignment() -> None:
    """The prosecutor moving to disqualify a judge takes no case from the office."""
    assert what("DA Krasner asks court to have the judge disqualified from his cases") == [
        "lawsuit"
    ]


def test_lawsuit_against_prosecutor_direction() -> None:
    """Being sued is a lawsuit; the note (not the evidence) says it is against them."""
    [m] = MATCHER.match("Deputies sue DA Gascón over transfer policy")
    assert (m.event_type, m.note) == ("lawsuit", "against the prosecutor")


def test_lawsuit_by_prosecutor_direction() -> None:
    """Suing someone is a lawsuit brought by the prosecutor."""
    [m] = MATCHER.match("State Attorney Ayala sues governor over reassigned cases")
    assert (m.event_type, m.note) == ("lawsuit", "brought by the prosecutor")


@pytest.mark.parametrize(
    "title",
    [
        "Baltimore State's Attorney Marilyn Mosby indicted on perjury charges",
        "Mosby found guilty of perjury",
        "Federal grand jury investigating Mosby's finances",
        "St. Louis Circuit Attorney Kim Gardner under investigation by state bar",
        "Justice Department opens investigation into Circuit Attorney Kim Gardner's office",
    ],
)
def test_investigation_of_the_prosecutor(title: str) -> None:
    """Charges, verdicts and probes aimed at the prosecutor are indictment_or_investigation."""
    assert what(title) == ["indictment_or_investigation"]


@pytest.mark.parametrize(
    "title",
    [
        "DA Alvin Bragg announces indictment of real estate developer",
        "Manhattan DA Bragg charges contractor with wage theft",
        "Krasner declines to charge officer in fatal shooting",
        "DA Gascón will not seek death penalty against man accused of killing deputy",
    ],
)
def test_the_office_charging_someone_is_a_charging_decision(title: str) -> None:
    """The prosecutor charging, indicting or declining one case is a charging decision."""
    assert what(title) == ["charging_decision"]


@pytest.mark.parametrize(
    "title",
    [
        "Baltimore State's Attorney Marilyn Mosby resigns",
        "Circuit Attorney Kim Gardner announces she will step down June 1",
        "DA Rachael Rollins to leave office for U.S. attorney post",
        "Suffolk DA Rachael Rollins sworn in as U.S. Attorney",
        "Ethics scandal forced Circuit Attorney Kim Gardner to resign",
    ],
)
def test_resignation(title: str) -> None:
    """Leaving office before the term ends, for another post too, is a resignation."""
    assert what(title) == ["resignation"]


@pytest.mark.parametrize(
    "title",
    [
        "Kim Foxx will not seek a third term as Cook County State's Attorney",
        "State's Attorney Kim Foxx wins Democratic primary",
        "DA Diana Becton draws challenger in district attorney race",
        "Early returns show Hochman leading Gascón",
        "DA Bragg launches reelection bid",
    ],
)
def test_election(title: str) -> None:
    """Campaigns, results and not seeking another term are election events."""
    assert what(title) == ["election"]


@pytest.mark.parametrize(
    "title",
    [
        "Police union endorses challenger to Cook County State's Attorney Kim Foxx",
        "Police union's PAC spent $3 million against DA Krasner",
        "Chicago FOP protests outside State's Attorney Kim Foxx's office",
        "Deputy sheriffs' union launches ads against Gascón",
    ],
)
def test_police_union_for_or_against_the_prosecutor(title: str) -> None:
    """A police union endorsing, spending, advertising or protesting is union_endorsement."""
    assert what(title) == ["union_endorsement"]


def test_refusing_union_money_is_union_endorsement_with_direction() -> None:
    """A prosecutor refusing police-union money is union_endorsement, noted as refusing."""
    [m] = MATCHER.match("DA Rachael Rollins vows to reject contributions from police unions")
    assert (m.event_type, m.note) == ("union_endorsement", "prosecutor refusing police-union money")


@pytest.mark.parametrize(
    "title",
    [
        "Lawmakers pass bill limiting DA Krasner's jurisdiction",
        "Krasner blasts measure that would strip his office of jurisdiction",
        "Governor signs law letting state remove prosecutors; Krasner calls it unconstitutional",
    ],
)
def test_legislation_aimed_at_the_prosecutor(title: str) -> None:
    """Bills, measures and laws on the prosecutor's powers are legislation."""
    assert what(title) == ["legislation"]


@pytest.mark.parametrize(
    "title",
    [
        "DA Krasner's office moves to vacate convictions of two men",
        "DA Krasner moves to toss 90 convictions tied to disgraced detective",
        "Man freed after 30 years as Krasner's office concedes wrongful conviction",
    ],
)
def test_exoneration(title: str) -> None:
    """Vacated or tossed convictions the office sought are an exoneration."""
    assert what(title) == ["exoneration"]


@pytest.mark.parametrize(
    "title",
    [
        "DA Alvin Bragg issues memo on low-level offenses",
        "DA Gascón issues directive ending cash bail requests",
        "Mosby stops prosecuting drug possession",
        "DA Rachael Rollins unveils list of 15 offenses her office will decline to prosecute",
        "State Attorney Ayala rescinds her death-penalty policy",
    ],
)
def test_policy_directive(title: str) -> None:
    """An office-wide policy announced, ended or rolled back is a policy directive."""
    assert what(title) == ["policy_directive"]


def test_no_cue_is_other() -> None:
    """An item about the prosecutor with no event cue is other."""
    assert what("DA Krasner speaks at a university graduation") == ["other"]


def test_product_recall_is_not_an_alert() -> None:
    """A product recall with no watched person raises nothing."""
    assert what("Carmaker recalls 90,000 sedans over airbag fault") == []


def test_union_endorsing_someone_else_raises_nothing() -> None:
    """A union endorsing a mayoral candidate concerns no watched prosecutor."""
    assert what("Police union endorses city councilman for mayor") == []


def test_evidence_and_score() -> None:
    """A match quotes the name and the deciding words as written, with a score in 0-1."""
    [m] = MATCHER.match("Volunteers file recall petition against DA Gascón")
    assert m.evidence == ("DA Gascón", "recall petition against DA Gascón")
    assert m.score == pytest.approx(0.9 * (0.6 + 0.4 * 0.97), abs=0.001)  # titled name, slot cue


def test_court_caption_against_prosecutor_is_lawsuit() -> None:
    """A court item captioned "Doe v. Gascón" is a lawsuit against him."""
    item = Item(
        key="k", source_id="pacer", title="Complaint filed", court="cacd", case_name="Doe v. Gascón"
    )
    [m] = MATCHER.match_item(item)
    assert (m.prosecutor_id, m.event_type, m.note) == (
        "george-gascon",
        "lawsuit",
        "against the prosecutor",
    )


def test_court_caption_naming_the_office_is_lawsuit() -> None:
    """A caption against "District Attorney of Los Angeles County" is a lawsuit against
    whoever held the office when the item was published."""
    matcher = Matcher(PEOPLE)
    item = Item(
        key="k",
        source_id="pacer",
        title="Order on motion",
        court="cacd",
        case_name="Smith v. District Attorney of Los Angeles County",
        published=datetime(2022, 3, 1, tzinfo=UTC),
    )
    assert [(m.prosecutor_id, m.event_type) for m in matcher.match_item(item)] == [
        ("george-gascon", "lawsuit")
    ]


def test_second_type_needs_words_of_its_own() -> None:
    """'Recall petition' is a recall only, not also a lawsuit over the word 'petition'."""
    [match] = MATCHER.match("Recall petition against DA Gascón clears signature threshold")
    assert (match.event_type, match.second_type) == ("recall", None)


@pytest.mark.parametrize(
    ("title", "stage"),
    [
        ("Recall effort launched against DA Gascón", "filed"),
        ("Gascón recall organizers turn in 700,000 signatures", "signatures"),
        ("Registrar says DA Gascón recall fell short", "qualified"),
        ("Voters recall DA Chesa Boudin", "result"),
        ("Gascón recall backers rally in courtyard, turn in signatures", "signatures"),
    ],
)
def test_recall_stage(title: str, stage: str) -> None:
    """The stage of a recall is read from the sentence that decided it."""
    [m] = MATCHER.match(title)
    assert (m.event_type, m.stage) == ("recall", stage)


@pytest.mark.parametrize(
    "title",
    [
        "Judge orders DA Krasner to turn over records of police misconduct list",
        "Appeals court rules DA Gascón must follow three-strikes law",
    ],
)
def test_a_court_compelling_the_office_is_an_injunction(title: str) -> None:
    """A court ordering the office to act, or ruling it must, restrains it like an injunction."""
    assert what(title) == ["injunction"]


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("Judge denies DA Krasner's motion to drop murder charges", "charging_decision"),
        ("Appeals court upholds conviction in case tried by DA Krasner's office", "other"),
    ],
)
def test_rulings_in_the_offices_criminal_cases_are_not_lawsuits(title: str, want: str) -> None:
    """A ruling or appeal in a criminal case the office brings is not a lawsuit."""
    assert what(title) == [want]


def test_every_cue_alternative_and_exception_compiles() -> None:
    """Cues compile when a text first needs them: a broken pattern must fail here, not on the
    first headline that holds its words."""
    from feeds.match.events import PARTS

    compiled = [(part.rx, part.rule.unless) for part in PARTS]
    assert len(compiled) > 250
    assert all(isinstance(rx, re.Pattern) for rx, _ in compiled)
    assert all(
        (unless is None) == (not part.rule.cue.unless)
        for part, (_, unless) in zip(PARTS, compiled, strict=True)
    )
