"""Token helpers shared by the matchers: word boundaries, tokens around a mention, sentences."""

from __future__ import annotations

from feeds.match.text import is_boundary, sentence_of, tokens_after, tokens_before


def test_a_key_inside_a_longer_word_is_no_boundary() -> None:
    """'pell' in 'spell' is not the word 'pell'."""
    assert is_boundary("spell", 1, 5) is False


def test_a_key_between_spaces_is_a_word() -> None:
    """'pell' in 'a pell b' is a whole word."""
    assert is_boundary("a pell b", 2, 6) is True


def test_a_window_reaching_the_text_start_keeps_the_first_token() -> None:
    """When the window starts at the text's start, its first token is whole and kept ..."""
    assert tokens_before("Ab cd ef", 8, 3, window=8) == ["Ab", "cd", "ef"]


def test_a_window_starting_mid_text_drops_its_first_token() -> None:
    """... and when it starts inside the text, the first token may be cut in half: dropped."""
    assert tokens_before("xAb cd ef", 9, 3, window=8) == ["cd", "ef"]


def test_short_abbreviations_keep_their_full_stop() -> None:
    """'Dept.' (five characters) keeps its dot; 'Calif.' and "Pell'" lose trailing marks."""
    assert tokens_before("Dept. Calif. Pell' ", 19, 3) == ["Dept.", "Calif", "Pell"]


def test_sentence_of_spans_from_the_last_break_to_the_next() -> None:
    """The rough sentence around a position runs between '. ' separators."""
    assert sentence_of("One. Two three. Four", 7) == (4, 14)


def test_sentence_of_after_a_break_at_the_very_start() -> None:
    """A newline at position 0 still starts the sentence after it."""
    assert sentence_of("\nTwo words", 3) == (1, 10)


def test_tokens_before_stop_at_the_headline_line() -> None:
    """A summary's first word has no words before it from the headline's end."""
    text = "Council hears from Grace\nBragg says the office will appeal"
    assert tokens_before(text, text.index("Bragg"), 2) == []


def test_tokens_after_stop_at_the_headline_line() -> None:
    """A headline's last word has no words after it from the summary."""
    text = "Charges dropped against Smollett\nEmpire co-star speaks"
    end = text.index("\n")
    assert tokens_after(text, end, 2) == []
    assert tokens_after("Smollett Empire co-star", len("Smollett"), 1) == ["Empire"]
