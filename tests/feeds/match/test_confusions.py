"""The type confusions issue 9 measured on unseen headlines, each with sentences of our own."""

from __future__ import annotations

import pytest

from feeds.directory import prosecutors_from_records
from feeds.match import Matcher
from tests.feeds.match.watch import RECORDS, what


@pytest.mark.parametrize(
    "title",
    [
        "DA Boudin announces office will stop charging juveniles as adults",
        "DA Boudin's office will no longer prosecute quality-of-life crimes",
        "St. Louis Circuit Attorney Kim Gardner refusing to take cases from 28 officers",
        "Mosby orders staff to stop prosecuting drug possession during pandemic",
    ],
)
def test_policy_directive_is_not_other(title: str) -> None:
    """An office-wide change of practice is a policy directive, not 'other'."""
    assert what(title) == ["policy_directive"]


@pytest.mark.parametrize(
    "title",
    [
        "Judge denies DA Bragg's request to block subpoena, handing win to congressman",
        "In win for DA Bragg, judge tosses congressman's lawsuit",
        "Court ruling deals defeat to DA Bragg in fight with House Republicans",
        "DA Bragg suffers defeat as court refuses to quash subpoena",
        "Judge rules against DA Bragg in subpoena fight, a win for House GOP",
    ],
)
def test_a_court_ruling_in_a_lawsuit_is_not_an_election(title: str) -> None:
    """'Win' and 'defeat' in a courtroom are a lawsuit's ruling, not an election result."""
    assert what(title) == ["lawsuit"]


@pytest.mark.parametrize(
    "title",
    [
        "House panel votes to hold Krasner in contempt over subpoena",
        "Pa. House committee votes to hold DA Krasner in contempt",
        "Lawmakers move to hold Philadelphia DA Larry Krasner in contempt of the legislature",
    ],
)
def test_a_contempt_vote_by_lawmakers_is_impeachment_not_legislation(title: str) -> None:
    """A legislature holding the prosecutor in contempt is part of an impeachment drive."""
    assert what(title) == ["impeachment"]


@pytest.mark.parametrize(
    "title",
    [
        "Judge finds Circuit Attorney Kim Gardner in criminal contempt",
        "Judge holds DA Krasner's office in contempt for withholding evidence",
        "State bar opens investigation into State's Attorney Kim Foxx's handling of case",
        "Disciplinary panel recommends reprimand for Circuit Attorney Kim Gardner",
        "Bar files ethics charges against DA Krasner",
    ],
)
def test_contempt_and_bar_discipline_are_investigations(title: str) -> None:
    """Criminal contempt and bar discipline of the prosecutor are indictment_or_investigation."""
    assert what(title) == ["indictment_or_investigation"]


@pytest.mark.parametrize(
    "title",
    [
        "Opinion: Krasner must resign",
        "Op-ed: DA Gascón must resign",
        "Why DA Krasner should step down now",
        "Editorial: Time for Circuit Attorney Kim Gardner to step down",
    ],
)
def test_an_opinion_that_the_prosecutor_must_resign_is_not_a_resignation(title: str) -> None:
    """'X must resign' is an opinion about the prosecutor, not their leaving."""
    assert what(title) == ["other"]


_SUCCESSION = prosecutors_from_records(
    [
        *RECORDS,
        {
            "name": "Brooke Jenkins",
            "office": "District Attorney",
            "jurisdiction": "San Francisco",
            "state": "CA",
        },
    ]
)


@pytest.mark.parametrize(
    ("title", "want"),
    [
        (
            "Mayor names Brooke Jenkins to replace recalled DA Chesa Boudin",
            [("brooke-jenkins", "election")],
        ),
        (
            "DeSantis appoints Suzy Lopez to replace suspended State Attorney Andrew Warren",
            [("suzy-lopez", "election")],
        ),
    ],
)
def test_a_successor_appointed_is_not_a_recall(title: str, want: list[tuple[str, str]]) -> None:
    """The appointee's news is an appointment; the ousted predecessor is only background."""
    matcher = Matcher(_SUCCESSION)
    assert [(m.prosecutor_id, m.event_type) for m in matcher.match(title)] == want


@pytest.mark.parametrize(
    "title",
    [
        "Police union spends $2 million to defeat DA Gascón",
        "Police union pours $1 million into effort to defeat DA Gascón",
        "LAPD union spending against DA Gascón tops $2 million",
        "Police union PAC pours money into race against Krasner",
    ],
)
def test_a_unions_spending_against_the_prosecutor_is_union_endorsement(title: str) -> None:
    """Police-union money against the prosecutor is union_endorsement, not just election."""
    assert what(title) == ["union_endorsement"]


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("Boudin, who faces a recall vote, charges officer with manslaughter", "charging_decision"),
        ("DA Gascón, facing recall, sues county over budget cuts", "lawsuit"),
    ],
)
def test_a_background_aside_gives_way_to_the_main_clause(title: str, want: str) -> None:
    """ "X, who faces recall, charges ...": the main clause's event, not the aside's."""
    assert what(title) == [want]


def test_an_aside_is_the_event_when_the_main_clause_has_none() -> None:
    """ "Gascón, who faces recall, says little": the recall is all the item reports."""
    assert what("Gascón, who faces recall, says little at forum") == ["recall"]
