"""From a directory entry to the name and place strings news uses (made-up people)."""

from __future__ import annotations

import pytest

from feeds.match.names import (
    first_variants,
    is_near_first_name,
    is_one_letter_off,
    is_weak_surname,
    place_keys,
    surname_keys,
)


def test_a_one_word_name_has_no_first_name() -> None:
    """'Madonna' has no given name to vary."""
    assert first_variants("Madonna") == frozenset()


def test_a_first_name_brings_its_nicknames() -> None:
    """'Kim' stands for Kimberly and Kimberley too."""
    assert first_variants("Kim Quillen") == frozenset({"kim", "kimberly", "kimberley"})


def test_a_four_letter_name_one_letter_off_is_near() -> None:
    """'Nola' for a person called Nora: four letters, same initial, one edit."""
    assert is_near_first_name("nola", frozenset({"nora"})) is True


def test_a_three_letter_token_is_never_near() -> None:
    """'Nor' is too short to be a misspelt 'Nora'."""
    assert is_near_first_name("nor", frozenset({"nora"})) is False


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("Madonna", ["madonna"]),
        ("Ana Pellworth Quill", ["quill", "pellworth quill"]),
        ("Mary Jane Quill", ["quill"]),
        ("Maria de Quillen", ["quillen"]),
        ("Tom Quill Jr.", ["quill"]),
        ("Ana Pell-Quillen", ["pell-quillen", "pell quillen", "pell", "quillen"]),
        ("Ana Al-Quillen", ["al-quillen", "al quillen", "quillen"]),
    ],
)
def test_surname_keys(name: str, keys: list[str]) -> None:
    """Last word; a two-word surname unless the middle is a given name or a particle; hyphen
    parts of three letters or more; suffixes dropped."""
    assert surname_keys(name) == keys


def test_a_three_letter_surname_is_weak() -> None:
    """A surname of three letters is too short to name someone alone."""
    assert is_weak_surname("qix") is True


def test_a_rare_four_letter_surname_is_not_weak() -> None:
    """A four-letter surname in no list of words or names is strong."""
    assert is_weak_surname("qixo") is False


def test_a_statewide_office_is_named_by_its_state() -> None:
    """An attorney general's 'Statewide' jurisdiction: the state and its AP abbreviation."""
    assert place_keys("Statewide", "MO") == (["missouri", "mo."], False)


@pytest.mark.parametrize(
    ("jurisdiction", "state", "keys"),
    [
        ("City of St. Louis", "MO", ["st. louis", "st louis", "saint louis"]),
        ("Baltimore City", "MD", ["baltimore"]),
    ],
)
def test_a_city_office(jurisdiction: str, state: str, keys: list[str]) -> None:
    """'City of X' and 'X City' are city offices, named without the word city."""
    assert place_keys(jurisdiction, state) == (keys, True)


def test_a_circuit_of_counties() -> None:
    """A judicial circuit: its ordinal spelled and in digits, with and without 'judicial', and
    each county of the plural 'counties' with the pair and the cities in them."""
    keys, is_city = place_keys("Ninth Judicial Circuit (Orange and Osceola counties)", "FL")
    assert keys == [
        "ninth judicial circuit",
        "9th judicial circuit",
        "ninth circuit",
        "9th circuit",
        "orange county",
        "osceola county",
        "osceola",
        "orange-osceola",
        "orange and osceola",
        "orlando",
        "kissimmee",
    ]
    assert is_city is False


def test_a_one_letter_place_is_never_a_key() -> None:
    """'Q County' keeps 'q county' but not the bare letter."""
    assert place_keys("Q County", "TX") == (["q county"], False)


def test_a_four_letter_token_one_letter_off_a_surname_is_a_misspelling() -> None:
    """'pelk' for Pell: four letters, same initial, one edit."""
    assert is_one_letter_off("pelk", "pell") is True


def test_a_three_letter_token_is_never_a_misspelt_surname() -> None:
    """'pel' is too short to be a misspelt 'pell'."""
    assert is_one_letter_off("pel", "pell") is False
