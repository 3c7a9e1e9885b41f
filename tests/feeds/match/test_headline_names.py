"""Who a headline alone is about: surnames in officeholder frames, misspelt surnames, cases."""

from __future__ import annotations

from tests.feeds.match.watch import found as _found
from tests.feeds.match.watch import matcher_of

_RECORDS = [
    ("Mike Nifong", "District Attorney", "Durham County", "NC"),
    ("Kim Gardner", "Circuit Attorney", "City of St. Louis", "MO"),
    ("Monique Worrell", "State Attorney", "Ninth Judicial Circuit (Orange and Osceola)", "FL"),
    ("Andrew Warren", "State Attorney", "Thirteenth Judicial Circuit (Hillsborough)", "FL"),
    ("Rachael Rollins", "District Attorney", "Suffolk County", "MA"),
    ("José Garza", "District Attorney", "Travis County", "TX"),
    ("Larry Krasner", "District Attorney", "Philadelphia", "PA"),
    ("Pamela Price", "District Attorney", "Alameda County", "CA"),
    ("Alvin Bragg", "District Attorney", "Manhattan (New York County)", "NY"),
]
MATCHER = matcher_of(_RECORDS)


def found(title: str, when: object = "2022-06-01") -> list[tuple[str, str]]:
    return _found(MATCHER, title, "", when)


def test_word_namesake_in_officeholder_frame_is_the_prosecutor() -> None:
    """A surname whose namesake holds no office ("Worrell") resigning is the prosecutor."""
    assert found("Worrell resigns after months of pressure") == [("monique-worrell", "resignation")]


def test_officeholder_namesake_alone_in_frame_is_nobody() -> None:
    """A surname shared with a senator ("Warren") winning a race needs the person's context."""
    assert found("Warren wins reelection in a landslide") == []


def test_officeholder_namesake_with_state_in_frame_is_the_prosecutor() -> None:
    """The same surname suspended, with the person's state named, is the prosecutor."""
    assert found("Warren suspended by governor; Florida prosecutors react") == [
        ("andrew-warren", "removal_or_suspension")
    ]


def test_successor_frame_with_office_words_names_the_one_leaving() -> None:
    """ "to succeed Rollins as district attorney" is news of Rollins leaving; without office
    words the namesake could be anyone's predecessor."""
    assert found("Governor picks a judge to succeed Rollins as district attorney") == [
        ("rachael-rollins", "resignation")
    ]
    assert found("Governor picks a judge to succeed Rollins") == []


def test_frequent_surname_in_frame_needs_prosecution_words() -> None:
    """A frequent surname ("Garza") sued is the prosecutor only where prosecution is the topic."""
    assert found("State sues Garza over prosecution policy") == [("jose-garza", "lawsuit")]
    assert found("Garza sues neighbor over fence") == []


def test_surname_must_be_capitalised_and_head_its_clause() -> None:
    """ "the price drops" and "Gas Price Drops" name nobody; "Price drops charges" does."""
    assert found("The price drops again this week") == []
    assert found("Gas Price Drops Again This Week") == []
    assert found("Price drops charges against officer") == [("pamela-price", "charging_decision")]


def test_misspelt_surname_after_first_name_with_office_context() -> None:
    """ "Larry Krassner" with a state named is Krasner; with no office context it is nobody."""
    assert found("Larry Krassner faces impeachment vote in Pennsylvania") == [
        ("larry-krasner", "impeachment")
    ]
    assert found("Larry Krassner opens a gallery show") == []


def test_misspelt_surname_needs_the_persons_first_name() -> None:
    """ "Eric Garner" is not "Kim Gardner" misspelt, even in St. Louis."""
    assert found("Eric Garner's family speaks at St. Louis rally") == []


def test_case_prosecutor_is_the_cases_not_the_current_holder() -> None:
    """ "the Duke prosecutor" after he left office is still the case's prosecutor."""
    assert found("Judge finds Duke prosecutor in contempt", "2007-08-31") == [
        ("mike-nifong", "indictment_or_investigation")
    ]


def test_case_word_starting_another_name_is_not_the_case() -> None:
    """ "Duke Energy" beside a prosecutor is a company, not the lacrosse case."""
    assert found("Duke Energy hires a prosecutor as counsel", "2007-03") == []


def test_case_outside_its_years_is_nobody() -> None:
    """Years after the case, "Duke prosecutor" is someone else's news."""
    assert found("Duke prosecutor speaks at graduation", "2015-05") == []


def test_special_prosecutor_in_a_case_is_not_the_office() -> None:
    """A special prosecutor in the case is appointed over the office, not the office."""
    assert found("Special prosecutor named in Greitens case", "2018-06") == []


def test_case_evidence_quotes_the_case_and_the_title() -> None:
    """The alert quotes the title and the case word as the item wrote them."""
    [m] = MATCHER.match("Prosecutors drop charge against Gov. Greitens", "", "2018-05-14")
    assert (m.prosecutor_id, str(m.event_type)) == ("kim-gardner", "charging_decision")
    assert "Prosecutors" in m.evidence and "Greitens" in m.evidence


def test_charges_dropped_in_a_case_is_the_offices_decision() -> None:
    """Charges dropped in the office's case, with no title named, are the office's act."""
    assert found("Felony charge dropped against former governor Greitens", "2018-05") == [
        ("kim-gardner", "charging_decision")
    ]


def test_defense_asking_to_drop_charges_is_not_the_offices_act() -> None:
    """A defense motion "to drop charges" or a judge dismissing them names no prosecutor."""
    assert found("Greitens asks judge to drop charges", "2018-05") == []
    assert found("Judge dismisses charges against Greitens", "2018-05") == []


def test_short_form_of_first_name_names_the_person() -> None:
    """ "Al Bragg" is Alvin Bragg; another first name before the surname is someone else."""
    assert found("Al Bragg announces indictment of landlord", "2023-04") == [
        ("alvin-bragg", "charging_decision")
    ]
    assert found("Braxton Bragg statue removed after indictment", "2023-04") == []


def test_a_cases_office_is_its_state_class_and_place_together() -> None:
    """Another watched district attorney elsewhere does not share the Duke case's office."""
    records = [
        ("Mike Nifong", "District Attorney", "Durham County", "NC"),
        ("Dee Ruizhold", "District Attorney", "Harbor County", "CA"),
    ]
    matcher = matcher_of(records)
    assert _found(matcher, "Judge finds Duke prosecutor in contempt", "", "2007-08-31") == [
        ("mike-nifong", "indictment_or_investigation")
    ]


def test_a_case_word_and_a_title_in_different_sentences_are_no_mention() -> None:
    """'Prosecutor' in the headline and 'Duke' in a summary sentence name nobody."""
    matches = MATCHER.match(
        "Prosecutor speaks at a graduation", "The Duke lacrosse team won a game.", "2007-05-01"
    )
    assert matches == []
