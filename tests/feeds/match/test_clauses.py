"""Sentence shape around a cue: where sentences end, and words that take the prosecutor out."""

from __future__ import annotations

import pytest

from feeds.match.clauses import sentence_at, sentence_ends, uninvolved


def test_a_headline_splits_at_a_semicolon() -> None:
    """'Judge blocks law; DA vows appeal' is two headline clauses."""
    title = "Judge blocks law; DA vows appeal"
    assert sentence_ends(title, len(title)) == [18, 32]


def test_a_headline_splits_at_a_bar() -> None:
    """' | ' separates headline clauses too."""
    title = "Judge blocks law | DA vows appeal"
    assert sentence_ends(title, len(title)) == [19, 33]


def test_a_headline_colon_joins() -> None:
    """A colon keeps the headline one unit."""
    title = "Judge blocks law: DA vows appeal"
    assert sentence_ends(title, len(title)) == [32]


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("Title\nSen. Quill spoke. Then he left.", [5, 23, 37]),
        ("Title\nJ. Quill spoke. Then he left.", [5, 21, 35]),
        ("Title\nA court in Pa. ruled. Then he left.", [5, 27, 41]),
    ],
)
def test_a_full_stop_after_a_title_initial_or_state_abbreviation_ends_nothing(
    text: str, ends: list[int]
) -> None:
    """'Sen.', 'J.' and 'Pa.' do not end a summary sentence."""
    assert sentence_ends(text, 5) == ends


def test_a_full_stop_after_a_capitalised_name_ends_the_sentence() -> None:
    """'... met Mayor Quill. Then' ends after Quill (a name is not an abbreviation)."""
    assert sentence_ends("Title\nThey met Mayor Quill. Then he left.", 5) == [5, 27, 41]


def test_a_full_stop_after_a_short_lowercase_word_ends_the_sentence() -> None:
    """'They gave up. Then' ends after 'up' (two lowercase letters are no abbreviation)."""
    assert sentence_ends("Title\nThey gave up. Then he left.", 5) == [5, 19, 33]


def test_question_and_exclamation_marks_and_semicolons_end_sentences() -> None:
    """'?', '!' and ';' end a summary sentence like a full stop."""
    assert sentence_ends("Title\nWas it over? Yes! Maybe; not.", 5) == [5, 18, 23, 30, 35]


def test_an_abbreviation_at_the_very_start_of_the_text_ends_nothing() -> None:
    """With no headline, 'Gov.' opening the text is still an abbreviation."""
    assert sentence_ends("Gov. Quill signs the bill. Then vetoes", 0) == [0, 26]


@pytest.mark.parametrize(("pos", "bounds"), [(5, (0, 10)), (10, (10, 20)), (25, (20, 30))])
def test_sentence_at_gives_the_bounds_around_a_position(pos: int, bounds: tuple[int, int]) -> None:
    """The sentence holding a position starts at the end before it and ends at the next."""
    assert sentence_at([10, 20], pos, 30) == bounds


def test_no_role_says_the_prosecutor_is_uninvolved() -> None:
    """'has no role' takes the prosecutor out of the news."""
    text = "DA says she has no role in the case"
    assert uninvolved(text, 0, len(text)) is True


def test_an_act_is_not_uninvolved() -> None:
    """A plain act of the prosecutor is not a disclaimer."""
    assert uninvolved("DA files charges", 0, 16) is False
