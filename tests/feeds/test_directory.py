"""The prosecutor directory: slugs, records, TOML and JSON watchlists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds import directory
from feeds.directory import (
    BUNDLED_FILES,
    bundled,
    load_directory,
    load_offices_toml,
    load_watchlist_json,
    prosecutors_from_records,
    read_watchlist,
    slugify,
)
from feeds.match.lexicon_places import STATE_NAMES
from feeds.match.offices import office_key, period_of

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "name": "Ana Ruiz",
    "office": "District Attorney",
    "jurisdiction": "Some County",
    "state": "CA",
}


def test_slugify_folds_accents():
    """slugify gives ASCII lowercase hyphenated ids."""
    assert slugify("George Gascón") == "george-gascon"
    assert slugify("Parisa Dehghani-Tafti") == "parisa-dehghani-tafti"


def test_records_get_slug_id_and_aliases():
    """A record without id gets a slug id; aliases become a tuple."""
    [p] = prosecutors_from_records([{**GOOD, "aliases": ["A. Ruiz"]}])
    assert p.id == "ana-ruiz" and p.aliases == ("A. Ruiz",)


def test_missing_field_names_the_entry():
    """A record missing a field raises ValueError naming the entry."""
    with pytest.raises(ValueError, match=r"entry 2 \('Bo Li'\).*office"):
        prosecutors_from_records([GOOD, {"name": "Bo Li", "jurisdiction": "X", "state": "NY"}])


def test_overlong_name_is_rejected():
    """A name longer than 200 characters is rejected."""
    with pytest.raises(ValueError, match="longer than 200"):
        prosecutors_from_records([{**GOOD, "name": "x" * 201}])


def test_duplicate_ids_are_rejected():
    """Two records with the same id are rejected."""
    with pytest.raises(ValueError, match="duplicate id"):
        prosecutors_from_records([GOOD, GOOD])


def test_aliases_must_be_a_list():
    """A string in place of the alias list is rejected."""
    with pytest.raises(ValueError, match="aliases"):
        prosecutors_from_records([{**GOOD, "aliases": "Ruiz"}])


def test_bundled_directory_loads_and_has_the_documents_prosecutors():
    """config/prosecutors.toml loads and includes the prosecutors the organizing documents name."""
    names = {p.name for p in load_directory(ROOT / "config" / "prosecutors.toml")}
    assert len(names) >= 100
    for name in (
        "Diana Becton",
        "Chesa Boudin",
        "George Gascón",
        "Tori Verber Salazar",
        "Kim Gardner",
        "Stephanie Morales",
        "Larry Krasner",
        "Aramis Ayala",
        "Faith Johnson",
        "Anita Alvarez",
        "Kimberly Robb",
        "Kim Foxx",
        "Rachael Rollins",
        "Eric Gonzalez",
    ):
        assert name in names


def test_watchlist_json_loads(tmp_path):
    """A JSON watchlist in the eval format loads."""
    path = tmp_path / "w.json"
    path.write_text(json.dumps([GOOD]), encoding="utf-8")
    [p] = load_watchlist_json(path)
    assert p.name == "Ana Ruiz"


def test_watchlist_json_must_be_a_list(tmp_path):
    """A JSON object instead of a list is a clear error."""
    path = tmp_path / "w.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    with pytest.raises(ValueError, match="JSON list"):
        load_watchlist_json(path)


SHARED = ROOT / ".." / "shared"
WATCHLIST = SHARED / "eval" / "watchlist.json"
AG_CSV = SHARED / "reference" / "data" / "state_attorneys_general.openstates.csv"


def test_the_bundled_directory_is_read_once_per_process(monkeypatch):
    """bundled() reads each file of config/ the first time it is asked for, then hands out the
    same directory (the matcher asks for it every time one is built)."""
    read: list[Path] = []

    def reading(path):
        read.append(path)
        return load_offices_toml(path)

    monkeypatch.setattr(directory, "load_offices_toml", reading)
    bundled.cache_clear()
    try:
        first = bundled()
        assert bundled() is first
    finally:
        bundled.cache_clear()  # the next caller reads the real files again
    assert read == list(BUNDLED_FILES)


def test_every_bundled_office_cites_a_source():
    """Each office of the bundled directory says where its terms come from."""
    for office in bundled().history:
        assert office.source.strip(), office.key


@pytest.mark.skipif(not WATCHLIST.exists(), reason="shared eval watchlist not present")
def test_every_watchlist_office_has_dated_holders():
    """Each office of the eval watchlist is in the bundled directory with dated terms, and
    each watched person is one of its holders."""
    history = bundled().history
    for rec in json.loads(WATCHLIST.read_text(encoding="utf-8")):
        office = history.get(office_key(rec["office"], rec["jurisdiction"], rec["state"]))
        assert office is not None, rec
        dated = {h.slug for h in office.dated()}
        assert slugify(rec["name"]) in {h.slug for h in office.holders}, rec
        assert len(dated) >= 1, rec


def test_bundled_directory_knows_real_successions():
    """Spot checks of terms: who held an office on a given day."""
    history = bundled().history
    cases = [
        (("District Attorney", "Los Angeles County", "CA"), "2016-05-01", "Jackie Lacey"),
        (("District Attorney", "Los Angeles County", "CA"), "2022-05-01", "George Gascón"),
        (("District Attorney", "San Francisco", "CA"), "2015-05-01", "George Gascón"),
        (("District Attorney", "San Francisco", "CA"), "2021-05-01", "Chesa Boudin"),
        (
            ("District Attorney", "Manhattan (New York County)", "NY"),
            "2020-05-01",
            "Cyrus Vance Jr.",
        ),
        (("State's Attorney", "Baltimore City", "MD"), "2015-05-01", "Marilyn Mosby"),
        (
            ("State Attorney", "Ninth Judicial Circuit (Orange and Osceola counties)", "FL"),
            "2024-05-01",
            "Andrew Bain",
        ),
    ]
    for key, when, name in cases:
        assert history.get(office_key(*key)).holder_on(period_of(when)).name == name


def test_person_with_two_offices_is_listed_once_with_the_latest():
    """Gascón held San Francisco then Los Angeles: one directory entry, the later office."""
    [gascon] = [p for p in bundled().people if p.id == "george-gascon"]
    assert gascon.jurisdiction == "Los Angeles County"
    assert "George Gascon" in gascon.aliases


def test_attorneys_general_are_in_the_directory_with_their_role():
    """The 49 state attorneys general load with role attorney_general."""
    directory = bundled()
    ags = [p for p in directory.people if directory.role(p.id) == "attorney_general"]
    assert len(ags) == 49
    assert all(p.office == "Attorney General" for p in ags)
    assert all(p.jurisdiction.lower() == STATE_NAMES[p.state] for p in ags)
    assert directory.role("larry-krasner") == "prosecutor"


@pytest.mark.skipif(not AG_CSV.exists(), reason="shared reference data not present")
def test_attorneys_general_file_is_what_the_generator_makes():
    """config/attorneys_general.toml is the generator's output for the shared CSV."""
    import csv

    from tools.gen_attorneys_general import render

    with open(AG_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    shipped = (ROOT / "config" / "attorneys_general.toml").read_text(encoding="utf-8")
    assert shipped == render(rows)
    names = {p.name for p in bundled().people}
    assert {r["name"] for r in rows if '"' not in r["name"]} <= names


def test_resolver_finds_a_surname():
    """ "Krasner" is Larry Krasner."""
    assert [p.id for p in bundled().resolve("Krasner")] == ["larry-krasner"]


def test_resolver_ignores_accents():
    """ "George Gascon" (no accent) is George Gascón."""
    assert [p.name for p in bundled().resolve("George Gascon")] == ["George Gascón"]
    assert [p.name for p in bundled().resolve("gascón")] == ["George Gascón"]


def test_resolver_uses_aliases_and_ids():
    """An alias ("Cy Vance") or an id ("kim-foxx") finds the person."""
    assert [p.id for p in bundled().resolve("Cy Vance")] == ["cyrus-vance-jr"]
    assert [p.id for p in bundled().resolve("kim-foxx")] == ["kim-foxx"]


def test_resolver_returns_candidates_when_ambiguous():
    """A shared surname gives every bearer, people in office first."""
    found = [p.name for p in bundled().resolve("Gonzalez")]
    assert {"Eric Gonzalez", "Mark Gonzalez", "Deborah Gonzalez"} <= set(found)
    assert found[0] == "Eric Gonzalez"


def test_resolver_forgives_a_typo():
    """A one-letter typo of a distinctive surname still finds the person."""
    assert [p.id for p in bundled().resolve("Krasnr")] == ["larry-krasner"]


def test_resolver_finds_nobody_for_an_unknown_name():
    """A name nobody in the directory is close to gives nothing."""
    assert bundled().resolve("Zebulon Quartermaine") == []
    assert bundled().resolve("   ") == []


def test_resolver_exact_only_skips_partial_matches():
    """exact_only matches whole names and aliases only."""
    assert bundled().resolve("Krasner", exact_only=True) == []
    assert [p.id for p in bundled().resolve("larry krasner", exact_only=True)] == ["larry-krasner"]


def test_watchlist_terms_are_read(tmp_path):
    """A watchlist may carry term_start/term_end and a list of terms in other offices."""
    path = tmp_path / "w.json"
    rec = {
        **GOOD,
        "term_start": "2019-01-07",
        "term_end": "2023-01-02",
        "terms": [
            {
                "office": "Deputy",
                "jurisdiction": "Other County",
                "state": "CA",
                "start": "2010-01-01",
                "end": "2012-01-01",
            }
        ],
    }
    path.write_text(json.dumps([rec]), encoding="utf-8")
    people, offices = read_watchlist(path)
    assert [p.id for p in people] == ["ana-ruiz"]
    spans = sorted(
        (o.jurisdiction, h.start.isoformat(), h.end.isoformat()) for o in offices for h in o.holders
    )
    assert spans == [
        ("Other County", "2010-01-01", "2012-01-01"),
        ("Some County", "2019-01-07", "2023-01-02"),
    ]


def test_watchlist_bad_term_date_is_an_error(tmp_path):
    """An unreadable term date names the entry and the field."""
    path = tmp_path / "w.json"
    path.write_text(json.dumps([{**GOOD, "term_start": "last spring"}]), encoding="utf-8")
    with pytest.raises(ValueError, match=r"entry 1 .*term_start"):
        read_watchlist(path)


def test_bad_directory_toml_names_the_office(tmp_path):
    """A directory office with an end before its start is refused with the office named."""
    path = tmp_path / "d.toml"
    path.write_text(
        '[[office]]\noffice = "District Attorney"\njurisdiction = "Harbor County"\n'
        'state = "CA"\nsource = "test"\n'
        'holders = [{ name = "Ada Stone", start = 2020-01-01, end = 2019-01-01 }]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"Harbor County.*'end'.*before 'start'"):
        load_offices_toml(path)
