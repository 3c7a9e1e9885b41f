"""The people index's decisions: who a mention is, how sure, and which words are theirs.

Made-up prosecutors in real places; scores are the index's own (before the event is read).
"""

from __future__ import annotations

from feeds.directory import prosecutors_from_records
from feeds.match.offices import OfficeHistory
from feeds.match.people import PeopleIndex, _longest, _longest_per_person, fold_item_text
from feeds.models import Prosecutor

_RECORDS = [
    {
        "name": "Dana Smith",
        "office": "District Attorney",
        "jurisdiction": "Sonoma County",
        "state": "CA",
    },
    {
        "name": "Gil Marrowby",
        "office": "Attorney General",
        "jurisdiction": "Statewide",
        "state": "MO",
    },
    {
        "name": "Robert Quillfeather",
        "office": "District Attorney",
        "jurisdiction": "Marin County",
        "state": "CA",
        "aliases": ["Rob Thornquist"],
    },
    {
        "name": "Tom Zed",
        "office": "District Attorney",
        "jurisdiction": "Lake County",
        "state": "CA",
    },
    {"name": "Ana Li", "office": "District Attorney", "jurisdiction": "Napa County", "state": "CA"},
    {
        "name": "Nora Pell",
        "office": "District Attorney",
        "jurisdiction": "Yolo County",
        "state": "CA",
    },
    {
        "name": "Kim Foxworthy",
        "office": "State's Attorney",
        "jurisdiction": "DuPage County",
        "state": "IL",
    },
]
_PEOPLE = prosecutors_from_records(_RECORDS)
_INDEX = PeopleIndex(_PEOPLE, OfficeHistory())


def _found(
    title: str, people: list[Prosecutor] | None = None
) -> list[tuple[str, float, list[str]]]:
    index = _INDEX if people is None else PeopleIndex(people, OfficeHistory())
    text, title_len = fold_item_text(title, "")
    return [
        (index.prosecutors[h.index].id, h.score, h.evidence) for h in index.find(text, title_len)
    ]


def test_an_alias_is_a_full_mention() -> None:
    """A directory alias (a former name, 'Rob Thornquist') names the person as surely as their
    full name."""
    assert _found("Rob Thornquist opens an office") == [
        ("robert-quillfeather", 0.95, ["Rob Thornquist"])
    ]


def test_a_middle_initial_keeps_the_first_name() -> None:
    """'Kim K. Foxworthy': the given name before a middle initial still makes a full name."""
    assert _found("Kim K. Foxworthy speaks at a dinner") == [
        ("kim-foxworthy", 0.95, ["Kim K. Foxworthy"])
    ]


def test_ag_before_an_attorney_generals_surname_is_a_title() -> None:
    """'AG Marrowby': the AG's title joins the surname."""
    assert _found("AG Marrowby sues drug maker") == [("gil-marrowby", 0.9, ["AG Marrowby"])]


def test_ag_before_a_district_attorneys_surname_is_not_their_title() -> None:
    """'AG Quillfeather' is no title of a district attorney: the surname stands bare."""
    assert _found("AG Quillfeather testifies") == [("robert-quillfeather", 0.7, ["Quillfeather"])]


def test_an_attorney_generals_spelled_out_title_is_their_own() -> None:
    """'Attorney General Marrowby': 'General' ends the AG's own title, not another person's."""
    assert _found("Attorney General Marrowby sues drug maker") == [
        ("gil-marrowby", 0.9, ["Attorney General Marrowby"])
    ]


def test_attorney_general_before_a_das_surname_is_someone_else() -> None:
    """'Attorney General Quillfeather' is not the district attorney Quillfeather."""
    assert _found("Attorney General Quillfeather testifies") == []


def test_a_four_letter_surname_misspelt_counts_with_the_first_name() -> None:
    """'Nora Pellx' for Nora Pell, with a DA named in the item: a near mention."""
    assert _found("Nora Pellx speaks at the county DA forum") == [
        ("nora-pell", 0.85, ["Nora Pellx"])
    ]


def test_a_three_letter_surname_is_never_matched_fuzzily() -> None:
    """'Tom Zedd' is not Tom Zed: surnames under four letters must be spelt right."""
    assert _found("Tom Zedd speaks at the county DA forum") == []


def test_an_index_with_only_short_surnames_still_finds_them() -> None:
    """No surname is long enough for fuzzy matching: exact mentions are still found."""
    assert _found("DA Li charges man", [_PEOPLE[4]]) == [("ana-li", 0.9, ["DA Li"])]


def test_a_plural_title_is_not_the_persons_own_title() -> None:
    """'district attorneys' in the item does not vouch for a bare common surname."""
    assert _found("Smith meets district attorneys from across the state") == []


def test_a_common_surname_with_the_place_and_prosecution_words() -> None:
    """'Smith' with Sonoma County named and plea deals spoken of is the Sonoma DA."""
    assert _found("Smith talks plea deals in Sonoma County") == [("dana-smith", 0.7, ["Smith"])]


def test_a_surname_only_seen_after_another_persons_title_names_nobody() -> None:
    """'Sen. Smith' is a senator, even with the DA's county and prosecution words around."""
    assert _found("Sen. Smith talks plea deals in Sonoma County") == []


def test_a_surname_also_used_for_another_person_names_nobody() -> None:
    """'Smith ...; Sen. Smith ...': the item has another Smith, so the bare one is unsure."""
    assert _found("Smith talks plea deals in Sonoma County; Sen. Smith agrees") == []


def test_a_bare_surname_with_the_office_named_is_likely() -> None:
    """'Sonoma County DA's office says Smith ...': the surname and the office, 0.85."""
    assert _found("Sonoma County DA's office says Smith will retire") == [
        ("dana-smith", 0.85, ["Smith", "Sonoma County DA"])
    ]


def test_a_rare_bare_surname_with_prosecution_words() -> None:
    """A rare surname alone scores 0.8 where prosecution is spoken of ..."""
    assert _found("Quillfeather talks about plea deals") == [
        ("robert-quillfeather", 0.8, ["Quillfeather"])
    ]


def test_a_rare_bare_surname_without_prosecution_words() -> None:
    """... and 0.7 where it is not."""
    assert _found("Quillfeather talks about schools") == [
        ("robert-quillfeather", 0.7, ["Quillfeather"])
    ]


def test_a_common_surname_in_a_prosecutors_role_with_the_place() -> None:
    """'Smith sues Sonoma County': a frequent surname acting, with the person's place named."""
    assert _found("Smith sues Sonoma County over budget") == [("dana-smith", 0.65, ["Smith"])]


def test_longest_drops_a_hit_inside_a_longer_one_from_the_same_start() -> None:
    """'district attorney' inside 'district attorney general' is dropped."""
    assert _longest([(0, 26, "long"), (0, 17, "short")]) == [(0, 26, "long")]


def test_longest_drops_a_hit_inside_a_longer_one_to_the_same_end() -> None:
    """'prosecutor' inside 'top prosecutor' is dropped."""
    assert _longest([(0, 14, "long"), (4, 14, "short")]) == [(0, 14, "long")]


def test_longest_keeps_hits_of_the_same_span() -> None:
    """One place name of two offices: both hits stay."""
    assert _longest([(0, 10, "one"), (0, 10, "two")]) == [(0, 10, "one"), (0, 10, "two")]


def test_a_surname_inside_the_same_persons_longer_name_is_dropped() -> None:
    """'salazar' inside 'verber salazar' (same end) and 'dehghani' inside 'dehghani tafti'."""
    assert _longest_per_person([(0, 14, 1, False), (7, 14, 1, False)]) == [(0, 14, 1, False)]
    assert _longest_per_person([(0, 14, 1, False), (0, 8, 1, False)]) == [(0, 14, 1, False)]


def test_a_surname_inside_another_persons_longer_name_is_kept() -> None:
    """Another watched person's shorter surname inside the span stays theirs."""
    hits = [(0, 14, 1, False), (7, 14, 2, False)]
    assert _longest_per_person(hits) == hits
