"""What happened: event types, direction and traps."""

from __future__ import annotations

from datetime import UTC, datetime

from feeds.match import Matcher
from feeds.models import Item
from tests.feeds.match.watch import MATCHER, PEOPLE, what


def test_recall_petition_is_recall():
    """A recall petition against the prosecutor is a recall."""
    assert what("Volunteers file recall petition against DA Gascón") == ["recall"]


def test_product_recall_is_not_an_alert():
    """A product recall with no watched person raises nothing."""
    assert what("Carmaker recalls 90,000 sedans over airbag fault") == []


def test_school_board_recall_is_not_recall_for_prosecutor():
    """A school board recall in the same item is not a recall of the DA."""
    got = what("School board recall heads to ballot", "DA Chesa Boudin declined to comment on it.")
    assert got != ["recall"]


def test_remember_sense_of_recall_is_not_recall():
    """ "recalls" meaning remembers is not a recall."""
    assert what("Krasner's former client recalls that first meeting fondly") != ["recall"]


def test_impeachment_by_legislature():
    """Articles of impeachment against the prosecutor are impeachment."""
    assert what("House panel drafts articles of impeachment against DA Krasner") == ["impeachment"]


def test_suspension_by_governor_is_removal():
    """A governor suspending the prosecutor is removal_or_suspension."""
    assert what("Governor suspends State Attorney Andrew Warren") == ["removal_or_suspension"]


def test_suspended_campaign_is_not_removal():
    """A suspended campaign is not a suspension from office."""
    got = what("State Attorney Andrew Warren suspends his campaign for governor")
    assert got != ["removal_or_suspension"]


def test_injunction_against_directives():
    """A judge's injunction blocking the DA's directives is an injunction."""
    assert what("Judge issues injunction blocking DA Gascón's new directives") == ["injunction"]


def test_injunction_in_someone_elses_case_is_not_injunction():
    """An injunction in an unrelated case mentioned beside the DA is not an injunction alert."""
    got = what("Court grants injunction in zoning fight; DA Gascón not involved")
    assert got != ["injunction"]


def test_lawsuit_against_prosecutor_direction():
    """Being sued is a lawsuit, with the direction in the evidence."""
    [m] = MATCHER.match("Deputies sue DA Gascón over transfer policy")
    assert m.event_type == "lawsuit"
    assert "against the prosecutor" in m.evidence


def test_lawsuit_by_prosecutor_direction():
    """Suing someone is a lawsuit brought by the prosecutor."""
    [m] = MATCHER.match("State Attorney Ayala sues governor over reassigned cases")
    assert m.event_type == "lawsuit"
    assert "brought by the prosecutor" in m.evidence


def test_union_endorsing_challenger_is_union_endorsement():
    """A police union backing the prosecutor's opponent is union_endorsement."""
    got = what("Police union endorses challenger to Cook County State's Attorney Kim Foxx")
    assert got == ["union_endorsement"]


def test_refusing_union_money_is_union_endorsement_with_direction():
    """A prosecutor refusing police-union money is union_endorsement, refusing direction."""
    [m] = MATCHER.match("DA Rachael Rollins vows to reject contributions from police unions")
    assert m.event_type == "union_endorsement"
    assert "prosecutor refusing police-union money" in m.evidence


def test_union_endorsing_someone_else_raises_nothing():
    """A union endorsing a mayoral candidate concerns no watched prosecutor."""
    assert what("Police union endorses city councilman for mayor") == []


def test_investigation_of_the_prosecutor():
    """The prosecutor under investigation is indictment_or_investigation."""
    got = what("St. Louis Circuit Attorney Kim Gardner under investigation by state bar")
    assert got == ["indictment_or_investigation"]


def test_prosecutor_bringing_indictment_is_charging_decision():
    """The prosecutor announcing an indictment of someone else is a charging decision."""
    got = what("DA Alvin Bragg announces indictment of real estate developer")
    assert got == ["charging_decision"]


def test_resignation():
    """The prosecutor resigning is a resignation."""
    assert what("Baltimore State's Attorney Marilyn Mosby resigns") == ["resignation"]


def test_calls_to_resign_are_not_resignation():
    """Demands that the prosecutor resign are not a resignation."""
    assert what("Activists demand that DA Krasner resign") != ["resignation"]


def test_not_seeking_reelection_is_election():
    """Not seeking another term is an election event."""
    assert what("Kim Foxx will not seek a third term as Cook County State's Attorney") == [
        "election"
    ]


def test_exoneration():
    """Vacated convictions are an exoneration."""
    assert what("DA Krasner's office moves to vacate convictions of two men") == ["exoneration"]


def test_legislation_aimed_at_prosecutor():
    """A bill to strip the DA's powers is legislation."""
    assert what("Lawmakers pass bill limiting DA Krasner's jurisdiction") == ["legislation"]


def test_policy_directive():
    """A new charging memo is a policy directive."""
    assert what("DA Alvin Bragg issues memo on low-level offenses") == ["policy_directive"]


def test_disqualification_is_case_reassignment():
    """A judge disqualifying the prosecutor from a case is case_reassignment."""
    assert what("Judge disqualifies DA Bragg from fraud case") == ["case_reassignment"]


def test_no_cue_is_other():
    """An item about the prosecutor with no event cue is other."""
    assert what("DA Krasner speaks at a university graduation") == ["other"]


def test_evidence_and_score_are_present():
    """Each match carries readable evidence and a score in 0-1."""
    [m] = MATCHER.match("Volunteers file recall petition against DA Gascón")
    assert m.evidence and all(isinstance(e, str) and e for e in m.evidence)
    assert 0.0 < m.score <= 1.0


def test_court_caption_against_prosecutor_is_lawsuit():
    """A court item captioned "Doe v. Gascón" is a lawsuit against him."""
    item = Item(
        key="k", source_id="pacer", title="Complaint filed", court="cacd", case_name="Doe v. Gascón"
    )
    [m] = MATCHER.match_item(item)
    assert (m.prosecutor_id, m.event_type) == ("george-gascon", "lawsuit")
    assert "against the prosecutor" in m.evidence


def test_court_caption_naming_the_office_is_lawsuit():
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


def test_court_barring_the_office_from_enforcing_is_injunction():
    """A judge barring the DA's office from enforcing a policy is an injunction."""
    assert what("Judge bars Krasner's office from enforcing its new plea rules") == ["injunction"]


def test_prosecutor_charging_someone_is_a_charging_decision():
    """'DA X charges Y with Z' is the office's charging decision, not news about X."""
    assert what("Manhattan DA Bragg charges contractor with wage theft") == ["charging_decision"]


def test_second_type_needs_words_of_its_own():
    """'Recall petition' is a recall only, not also a lawsuit over the word 'petition'."""
    [match] = MATCHER.match("Recall petition against DA Gascón clears signature threshold")
    assert match.event_type == "recall" and match.second_type is None


def test_citizen_removal_petition_is_removal():
    """A petition in court to remove the prosecutor is removal_or_suspension."""
    assert what("Residents file petition to remove DA Krasner from office") == [
        "removal_or_suspension"
    ]
