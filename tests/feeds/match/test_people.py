"""Who an item is about: names, titles, offices, namesakes."""

from __future__ import annotations

import pickle

from feeds.match import Matcher
from feeds.models import Prosecutor
from tests.feeds.match.watch import MATCHER, PEOPLE, who


def test_full_name_with_accent_matches():
    """A full name with its accent is recognised."""
    assert who("George Gascón speaks at a community forum on bail") == ["george-gascon"]


def test_name_without_accent_matches():
    """The accent-free spelling matches the same person."""
    assert who("Gascon outlines budget priorities for the coming year") == ["george-gascon"]


def test_surname_with_title_matches():
    """A surname right after an office title counts ("DA Krasner")."""
    assert who("Protesters gather outside DA Krasner's office downtown") == ["larry-krasner"]


def test_possessive_surname_matches():
    """A possessive surname is the person."""
    assert who("Krasner's deputies clash over plea policy") == ["larry-krasner"]


def test_nickname_first_name_matches():
    """A long form of the first name ("Kimberly") still names the person."""
    assert who("Kimberly Foxx speaks to reporters about the jail population") == ["kim-foxx"]


def test_office_and_place_matches_single_holder():
    """Office plus place names the only watched holder ("Philadelphia's district attorney")."""
    assert who("Philadelphia's district attorney questioned by council members") == [
        "larry-krasner"
    ]


def test_hyphenated_place_matches_office():
    """ "the Orange-Osceola state attorney" names the Ninth Circuit state attorney."""
    title = "Critics fault the Orange-Osceola state attorney over death penalty stance"
    assert who(title, when="2017-05-02") == ["aramis-ayala"]


def test_city_office_matches_baltimore():
    """ "Baltimore state's attorney" names the Baltimore City office."""
    title = "Baltimore state's attorney opens review of old convictions"
    assert who(title, when="2016-03-01") == ["marilyn-mosby"]


def test_county_office_is_not_the_city_office():
    """ "Baltimore County" is a different office from "Baltimore City"."""
    assert who("Baltimore County state's attorney weighs charges in crash") == []


def test_shared_office_without_name_picks_the_holder_on_the_date():
    """Two watched people held the office: the item's date says which one it means."""
    title = "Hillsborough state attorney asks court for quick ruling"
    assert who(title, when="2019-02-11") == ["andrew-warren"]
    assert who(title, when="2023-02-11") == ["suzy-lopez"]


def test_shared_office_uses_the_name():
    """When two watched people held the office, the named one is picked."""
    title = "Hillsborough State Attorney Suzy Lopez announces new diversion program"
    assert who(title) == ["suzy-lopez"]


def test_namesake_with_other_first_name_is_rejected():
    """A famous namesake with another first name is someone else ("Jamie Foxx")."""
    assert who("Jamie Foxx to star in new courtroom drama") == []


def test_namesake_surname_alone_needs_context():
    """A bare namesake surname without office context is no match ("Warren")."""
    assert who("Warren to headline campaign rally in Iowa") == []


def test_namesake_surname_with_place_and_prosecution_context_matches():
    """A bare namesake surname with the person's state and prosecution words counts."""
    title = "Florida prosecutor Warren defends charging decisions"
    assert who(title) == ["andrew-warren"]


def test_company_after_surname_is_rejected():
    """A surname followed by a company word is the company ("Rollins Inc.")."""
    assert who("Rollins Inc. shares rise on pest-control demand") == []


def test_place_before_surname_is_rejected():
    """ "Fort Bragg" is a place, not the Manhattan DA."""
    assert who("Soldiers return to Fort Bragg after deployment") == []


def test_bakery_is_not_the_district_attorney():
    """ "Boudin bakery" is not Chesa Boudin."""
    assert who("Boudin bakery opens a new cafe near the wharf") == []


def test_common_full_name_needs_office_context():
    """A very common full name with no office context is not an alert."""
    assert who("Jason Williams hits late jumper in overtime win") == []


def test_full_name_with_a_rarer_surname_needs_no_office_context():
    """A given name before a surname outside the 100 most frequent ("Alvin Bragg") is one
    person in the news, even where the headline speaks of nothing legal."""
    assert who("Alvin Bragg walks back parts of controversial memo") == ["alvin-bragg"]


def test_common_full_name_with_office_context_matches():
    """A very common full name with office context is an alert."""
    assert who("Orleans Parish DA Jason Williams announces charges in shooting") == [
        "jason-williams"
    ]


def test_other_state_blocks_office_only_match():
    """An office-only match is dropped when the item is plainly about another state."""
    title = "Contra Costa district attorney"
    assert who(title, "A story datelined in California.", when="2020-01-01") == ["diana-becton"]
    assert who(title, "A story datelined in Texas.", when="2020-01-01") == []


def test_opponent_named_only_in_summary_scores_low():
    """A watched person named only as the winner someone lost to is below threshold."""
    matcher = Matcher(PEOPLE, threshold=0.5)
    got = who(
        "Incumbent prosecutor loses re-election bid",
        "Philadelphia District Attorney Larry Krasner lost to Chesa Boudin by 300 votes.",
        matcher,
    )
    assert got == ["larry-krasner"]


def test_threshold_trades_recall_for_precision():
    """A higher threshold drops weaker matches."""
    strict = Matcher(PEOPLE, threshold=0.9)
    assert who("Gascon outlines budget priorities for the coming year", matcher=strict) == []


def test_user_names_are_literal():
    """Regex characters in a user-supplied name are matched literally, not as a pattern."""
    odd = Prosecutor("odd", "Jo (Ann) .* Smith+", "District Attorney", "Nowhere County", "ZZ")
    matcher = Matcher([odd])
    assert matcher.match("Completely unrelated words here") == []


def test_matcher_is_picklable():
    """The matcher survives pickling and matches the same after."""
    clone = pickle.loads(pickle.dumps(MATCHER))
    assert who("DA Krasner speaks", matcher=clone) == ["larry-krasner"]


def test_at_most_one_match_per_prosecutor():
    """Several mentions of one person give one match."""
    got = who("Krasner speaks", "DA Larry Krasner said Krasner's office would respond.")
    assert got == ["larry-krasner"]


PRICE = Matcher(
    [Prosecutor("pamela-price", "Pamela Price", "District Attorney", "Alameda County", "CA")]
)


def test_bare_namesake_surname_suing_is_the_prosecutor():
    """ "Bragg sues ..." casts the surname in a prosecutor's role: it counts."""
    assert who("Bragg sues House chairman to stop subpoena of former deputy") == ["alvin-bragg"]


def test_bare_namesake_surname_appealing_is_the_prosecutor():
    """ "Gardner appeals ..." (a litigant's act) counts for the watched Gardner."""
    assert who("Gardner appeals ruling that took her off the murder case") == ["kim-gardner"]


def test_bare_word_surname_with_recall_is_the_prosecutor():
    """ "Price recall campaign" is the recall of the watched Price."""
    assert who("Price recall campaign says it has the signatures", matcher=PRICE) == [
        "pamela-price"
    ]


def test_bare_namesake_surname_as_target_of_removal():
    """ "judge won't reinstate Warren" names the suspended prosecutor."""
    assert who("Judge says he cannot reinstate Warren to his post") == ["andrew-warren"]


def test_bare_namesake_surname_without_a_role_is_dropped():
    """A namesake surname with no prosecutor role and no office context stays out."""
    assert who("Price says the city budget needs another look", matcher=PRICE) == []
    assert who("Gardner wins gardening award at county fair") == []


def test_namesake_with_first_name_in_a_role_is_someone_else():
    """ "Tom Price files ..." is another Price even in a prosecutor-like frame."""
    assert who("Tom Price files lawsuit over hospital billing", matcher=PRICE) == []
    assert who("Cory Gardner files bill on energy permits") == []


def test_fort_bragg_in_a_role_frame_is_a_place():
    """ "Fort Bragg sues ..." is the base, not the Manhattan DA."""
    assert who("Fort Bragg contractor sues Army over canceled deal") == []


def test_senator_warren_in_a_role_frame_is_someone_else():
    """ "Sen. Warren files ..." is the senator."""
    assert who("Sen. Warren files bill to cap credit card rates") == []


def test_company_and_bakery_namesakes_in_a_role_frame_stay_out():
    """ "Rollins Inc. sues" and "Boudin Bakery files" are companies."""
    assert who("Rollins Inc. sues former franchisee over contract") == []
    assert who("Boudin Bakery files for expansion permit at the wharf") == []


def test_painter_namesake_stays_out():
    """ "Lee Krasner" (the painter) is not Larry Krasner."""
    assert who("Lee Krasner retrospective opens at the museum") == []


def test_misspelt_first_name_with_office_context_finds_the_person():
    """ "Diane Becton" with office words is Diana Becton."""
    assert who("Diane Becton to be district attorney after rival concedes") == ["diana-becton"]


def test_misspelt_first_name_without_office_context_is_dropped():
    """ "Diane Becton" in an unrelated story is someone else."""
    assert who("Diane Becton wins the regional chess open") == []


def test_other_first_name_is_not_a_misspelling():
    """A first name more than one letter off ("Kathy Boudin") is someone else."""
    assert who("Kathy Boudin, former radical, dies at 78; prosecutors recall her case") == []


def test_office_before_a_colon_is_the_holder_not_the_named_person():
    """ "Philly DA: Jane Roe charged ..." is the DA's news; the name after the colon is the case."""
    assert who("Philly DA: Jane Roe to face fraud charge in pension case") == ["larry-krasner"]


def test_office_followed_directly_by_another_name_is_that_person():
    """ "Philly DA Jane Roe" names someone unwatched as the DA: no alert."""
    assert who("Philly DA Jane Roe to face fraud charge in pension case") == []


def test_common_full_name_put_back_into_office_matches():
    """Being restored to office is office-holder context for a common full name."""
    assert who("Court declines to restore Jason Williams to office, for now") == ["jason-williams"]


def test_common_full_name_with_a_subpoena_matches():
    """A subpoena fight is office-holder context for a common full name."""
    assert who("Judge rejects Jason Williams' bid to quash council subpoena") == ["jason-williams"]


def test_common_full_name_from_office_phrase_needs_the_officeholder_verb():
    """ "from office" alone (working from the office) is not removal context."""
    assert who("Jason Williams works from office downtown after flood") == []


def test_namesake_surname_with_own_office_title_in_the_headline_matches():
    """ "Foxx wins primary in state's attorney race": the surname with its own title is her."""
    assert who("Foxx wins primary in state's attorney race as rival concedes") == ["kim-foxx"]


def test_namesake_surname_with_another_office_title_is_dropped():
    """A county attorney's race is not Foxx's office: the namesake stays unknown."""
    assert who("Foxx wins primary in county attorney race as rival concedes") == []


def test_namesake_speaking_about_the_office_is_the_namesake():
    """ "Warren says state attorney should resign": a senator speaking, not the state attorney."""
    assert who("Warren says state attorney should resign over jail deaths") == []


def test_lowercase_word_with_an_office_title_is_not_a_surname():
    """ "the price of the district attorney race" is a word, not Pamela Price."""
    people = [
        Prosecutor(
            id="pamela-price",
            name="Pamela Price",
            office="District Attorney",
            jurisdiction="Alameda County",
            state="CA",
        )
    ]
    got = Matcher(people).match("Outside money drives up the price of the district attorney race")
    assert got == []


def test_namesake_surname_laying_out_a_case_against_someone_is_the_prosecutor():
    """ "Bragg Lays Out Fraud Case Against Developer": charges brought by the office."""
    assert who("Bragg Lays Out Fraud Case Against Developer") == ["alvin-bragg"]


def test_namesake_speaking_about_charges_is_not_bringing_them():
    """ "Gardner says charges against ..." is speech, not a case brought."""
    assert who("Gardner says charges against protesters should go") == []
