"""Office titles: which title names which office, singular or plural (made-up holders)."""

from __future__ import annotations

import pytest

from feeds.directory import prosecutors_from_records
from feeds.match import Matcher, titles
from feeds.match.offices import OfficeHistory
from feeds.match.view import office_titles

# One made-up holder per title class, in real places (the places give the office its names).
_RECORDS = [
    {
        "name": "Dana Pellworth",
        "office": "District Attorney",
        "jurisdiction": "Sonoma County",
        "state": "CA",
    },
    {
        "name": "Sam Orrinford",
        "office": "State's Attorney",
        "jurisdiction": "DuPage County",
        "state": "IL",
    },
    {
        "name": "Cal Brantwell",
        "office": "Circuit Attorney",
        "jurisdiction": "City of St. Louis",
        "state": "MO",
    },
    {
        "name": "Wes Tumbrook",
        "office": "Commonwealth's Attorney",
        "jurisdiction": "Fairfax County",
        "state": "VA",
    },
    {
        "name": "Ada Kellerman",
        "office": "County Attorney",
        "jurisdiction": "Hennepin County",
        "state": "MN",
    },
    {
        "name": "Gil Marrowby",
        "office": "Attorney General",
        "jurisdiction": "Statewide",
        "state": "MO",
    },
]
# No office history: an office-only mention means the one watched holder of that office.
_MATCHER = Matcher(prosecutors_from_records(_RECORDS), history=OfficeHistory())
_WHEN = "2023-05-01"


def _holders(title: str) -> list[str]:
    return [m.prosecutor_id for m in _MATCHER.match(title, when=_WHEN)]


@pytest.mark.parametrize(
    ("title", "holder"),
    [
        ("Sonoma County district attorney speaks at a town hall", "dana-pellworth"),
        ("Sonoma County criminal district attorney speaks at a town hall", "dana-pellworth"),
        ("Sonoma County district attorney general speaks at a town hall", "dana-pellworth"),
        ("Sonoma County dist. att'y speaks at a town hall", "dana-pellworth"),
        ("Sonoma County DA speaks at a town hall", "dana-pellworth"),
        ("Sonoma County D.A. speaks at a town hall", "dana-pellworth"),
        ("DuPage County state attorney speaks at a town hall", "sam-orrinford"),
        ("DuPage County state's attorney speaks at a town hall", "sam-orrinford"),
        ("DuPage County states attorney speaks at a town hall", "sam-orrinford"),
        ("St. Louis circuit attorney speaks at a town hall", "cal-brantwell"),
        ("Fairfax County commonwealth's attorney speaks at a town hall", "wes-tumbrook"),
        ("Fairfax County commonwealth attorney speaks at a town hall", "wes-tumbrook"),
        ("Fairfax County commonwealths attorney speaks at a town hall", "wes-tumbrook"),
        ("Hennepin County Attorney speaks at a town hall", "ada-kellerman"),
        ("Hennepin County prosecuting attorney speaks at a town hall", "ada-kellerman"),
        ("Missouri attorney general speaks at a town hall", "gil-marrowby"),
        ("Missouri AG speaks at a town hall", "gil-marrowby"),
        ("Sonoma County county prosecutor speaks at a town hall", "dana-pellworth"),
        ("Sonoma County solicitor speaks at a town hall", "dana-pellworth"),
        ("Sonoma County prosecutor speaks at a town hall", "dana-pellworth"),
        ("Sonoma County top prosecutor speaks at a town hall", "dana-pellworth"),
        ("Sonoma County chief prosecutor speaks at a town hall", "dana-pellworth"),
        ("Sonoma County head prosecutor speaks at a town hall", "dana-pellworth"),
        ("Sonoma County elected prosecutor speaks at a town hall", "dana-pellworth"),
        ("Sonoma County grand jury hears from witnesses", "dana-pellworth"),
    ],
)
def test_a_singular_title_after_the_place_names_the_office_holder(title: str, holder: str) -> None:
    """Place + a singular title of the office's class is an office mention: its holder."""
    assert _holders(title) == [holder]


@pytest.mark.parametrize(
    "title",
    [
        "Sonoma County district attorneys meet for a training day",
        "SONOMA COUNTY DAS MEET FOR A TRAINING DAY",
        "DuPage County state attorneys meet for a training day",
        "DuPage County state's attorneys meet for a training day",
        "Fairfax County commonwealth's attorneys meet for a training day",
        "Missouri attorneys general meet for a training day",
    ],
)
def test_a_plural_title_after_the_place_names_nobody(title: str) -> None:
    """Several district attorneys (or AGs) of a place are not its one office holder."""
    assert _holders(title) == []


def test_a_spelled_out_local_title_before_a_surname_is_part_of_the_mention() -> None:
    """'State's Attorney Orrinford': the quoted mention is the title and surname together."""
    [match] = _MATCHER.match("State's Attorney Orrinford drops charges in arson case", when=_WHEN)
    assert match.prosecutor_id == "sam-orrinford"
    assert match.evidence[0] == "State's Attorney Orrinford"


@pytest.mark.parametrize(
    ("office", "cls"),
    [
        ("Attorney General", titles.AG),
        ("Circuit Attorney", titles.CIRCUIT),
        ("Commonwealth's Attorney", titles.COMMONWEALTH),
        ("State's Attorney", titles.SA),
        ("County Attorney", titles.COUNTY),
        ("Prosecuting Attorney", titles.COUNTY),
        ("District Attorney", titles.DA),
        ("Solicitor General", titles.GENERIC),
    ],
)
def test_office_class_of_a_directory_office(office: str, cls: str) -> None:
    """A directory office string maps to its title class; an unknown one to GENERIC."""
    assert titles.office_class(office) == cls


def test_an_attorney_generals_office_has_the_attorney_general_role() -> None:
    """role_of: an AG office is attorney_general."""
    assert titles.role_of("Attorney General") == titles.AG_ROLE


def test_a_local_office_has_the_prosecutor_role() -> None:
    """role_of: any other office is prosecutor."""
    assert titles.role_of("District Attorney") == titles.PROSECUTOR_ROLE


def test_a_district_attorneys_office_is_found_by_its_spelled_out_title() -> None:
    """office_titles for the DA class finds 'district attorney', not only 'DA'."""
    assert office_titles("The district attorney said no", titles.DA) == [(4, 21)]
