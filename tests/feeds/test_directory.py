"""The prosecutor directory: slugs, records, TOML and JSON watchlists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.directory import (
    load_directory,
    load_watchlist_json,
    prosecutors_from_records,
    slugify,
)

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
