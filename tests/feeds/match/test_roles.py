"""Who does what to whom: background mentions, modality and the headline's clause."""

from __future__ import annotations

import pytest

from tests.feeds.match.watch import MATCHER, what, who


@pytest.mark.parametrize(
    "title",
    [
        "Hochman, who ousted Gascón last year, names new chief deputy",
        "New DA reverses policies of former DA Boudin",
        "Jenkins, appointed after DA Boudin's recall, announces first policies",
        "Mayor names Brooke Jenkins to replace recalled DA Chesa Boudin",
    ],
)
def test_someone_named_only_as_background_gets_no_alert(title: str) -> None:
    """A predecessor, or the person a winner beat, named to place someone else's news."""
    assert who(title) == []


def test_an_earlier_target_of_the_same_group_is_background() -> None:
    """A group described by its earlier target: only the new target is alerted."""
    title = "Citizens group launches effort to recall DA Chesa Boudin"
    summary = (
        "The group, which is trying to recall DA Gascón in Los Angeles, said the petition"
        " against Boudin is next."
    )
    assert [(m.prosecutor_id, m.event_type) for m in MATCHER.match(title, summary)] == [
        ("chesa-boudin", "recall")
    ]


def test_a_former_prosecutor_in_the_news_themselves_is_not_background() -> None:
    """'Former DA' as the subject of the headline is still news about that person."""
    assert what("Judge holds former DA Krasner in criminal contempt") == [
        "indictment_or_investigation"
    ]


def test_a_description_of_the_prosecutor_is_not_the_event() -> None:
    """'Suspended prosecutor X' describes X; the news is what follows."""
    title = "Suspended prosecutor Andrew Warren closer to running for his old job"
    assert what(title) == ["election"]


@pytest.mark.parametrize(
    "title",
    [
        "Council members urge DA Krasner to resign",
        "State's Attorney Kim Foxx says she won't resign despite calls from critics",
        "DA Krasner won't step down, he tells critics",
    ],
)
def test_calls_and_refusals_are_not_a_resignation(title: str) -> None:
    """A call to resign, or a refusal to, is pressure on the prosecutor, not their leaving."""
    assert what(title) == ["other"]


@pytest.mark.parametrize(
    "title",
    [
        "Police union calls for State's Attorney Kim Foxx to resign",
        "FOP president says DA Krasner should resign",
    ],
)
def test_a_police_union_demanding_resignation_is_union_endorsement(title: str) -> None:
    """When a police union makes the call, the event is the union acting against them."""
    assert what(title) == ["union_endorsement"]


@pytest.mark.parametrize(
    "title",
    [
        "Georgia senator calls for emergency session to impeach DA Krasner",
        "Conservative group calls for recall of DA Chesa Boudin",
    ],
)
def test_a_call_for_recall_or_impeachment_is_its_first_stage(title: str) -> None:
    """Calling for a recall or an impeachment counts as that event (stage: called for)."""
    [m] = MATCHER.match(title)
    assert m.event_type in ("impeachment", "recall")
    assert m.stage == "called"


def test_what_follows_amid_is_the_setting() -> None:
    """'X resigns amid ouster fight': the resignation is the news."""
    assert what("Circuit Attorney Kim Gardner resigns amid ouster fight") == ["resignation"]


def test_the_prosecutor_remembering_is_not_a_recall() -> None:
    """'Krasner recalls ...' is memory, not an election."""
    assert what("Krasner recalls his first days in office") == ["other"]


def test_a_recall_of_another_official_in_the_headline_is_not_theirs() -> None:
    """A mayor's recall beside the DA is not a recall of the DA."""
    assert what("Mayor faces recall vote; DA Boudin stays out of the fight") == ["other"]


def test_an_injunction_in_someone_elses_case_is_not_an_injunction() -> None:
    """An injunction in an unrelated case the DA is not involved in is no injunction alert."""
    assert what("Court grants injunction in zoning fight; DA Gascón not involved") == ["other"]


def test_a_headline_clause_beside_the_prosecutors_is_their_event() -> None:
    """'Judge blocks rules; DA vows appeal': the ruling is the prosecutor's news."""
    assert what("Judge blocks new jail rules; DA Krasner vows to appeal ruling") == ["injunction"]


def test_a_relative_clause_is_context_for_the_headline_event() -> None:
    """A recall named in a 'which' clause does not outrank the ruling the item reports."""
    title = "Judge blocks new sentencing rules"
    summary = "The ruling halts DA George Gascón's directives, which recall backers have attacked."
    assert what(title, summary) == ["injunction"]


def test_a_search_of_the_prosecutors_office_is_an_investigation() -> None:
    """Agents searching the prosecutor's office is an investigation of them."""
    title = "Prosecutor's office in the spotlight"
    summary = "Federal agents searched the offices of Baltimore State's Attorney Marilyn Mosby."
    assert what(title, summary) == ["indictment_or_investigation"]


def test_a_mention_in_an_aside_is_theirs_when_the_sentence_comes_back_to_them() -> None:
    """'The FOP, which backed @P in 2017, now backs her challenger' is news about @P."""
    title = "The FOP, which backed DA Becton in 2018, now backs her challenger"
    assert what(title) == ["union_endorsement"]


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("DeSantis ousts State Attorney Andrew Warren", "removal_or_suspension"),
        ("Hochman ousts Gascón in DA race", "election"),
        ("Effort to oust DA Chesa Boudin qualifies for ballot", "recall"),
    ],
)
def test_who_ousts_the_prosecutor_decides_the_type(title: str, want: str) -> None:
    """An ouster is a removal, unless voters, a race or a ballot make it an election or recall."""
    assert what(title) == [want]
