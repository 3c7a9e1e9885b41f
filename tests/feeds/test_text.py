"""Plain text from feed fields: invisible characters never reach matching or alerts."""

from __future__ import annotations

import pytest

from feeds.text import INVISIBLE, plain_text, strip_invisible

# Each hides inside a name or reorders text; found by Unicode property, so none is listed in
# feeds/text.py itself.
HIDDEN = {
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "arabic letter mark": "\u061c",
    "language tag": "\U000e0001",
    "tag latin small letter a": "\U000e0061",
    "cancel tag": "\U000e007f",
    "unassigned tag block start": "\U000e0000",
    "soft hyphen": "\u00ad",
    "hangul filler": "\u3164",
    "hangul choseong filler": "\u115f",
    "hangul jungseong filler": "\u1160",
    "halfwidth hangul filler": "\uffa0",
    "invisible times": "\u2062",
    "zero width space": "\u200b",
    "right-to-left override": "\u202e",
    "first strong isolate": "\u2068",
    "byte order mark": "\ufeff",
    "combining grapheme joiner": "\u034f",
    "variation selector 16": "\ufe0f",
    "variation selector 17": "\U000e0100",
    "mongolian vowel separator": "\u180e",
    "private use": "\ue000",
    "lone surrogate": "\ud800",
    "null": "\x00",
    "c1 control": "\x9b",
}


@pytest.mark.parametrize("char", HIDDEN.values(), ids=HIDDEN.keys())
def test_invisible_characters_are_removed_from_feed_text(char: str) -> None:
    """A name split by an invisible character reads (and matches) as the name."""
    assert plain_text(f"DA Kras{char}ner{char} recall") == "DA Krasner recall"


def test_visible_text_is_kept_as_it_is() -> None:
    """Accents, other scripts, emoji and punctuation pass untouched."""
    text = "Gascón — 검사 «recall» 😀 l’avocat"
    assert strip_invisible(text) == text and plain_text(text) == text


def test_whitespace_controls_become_spaces() -> None:
    """Tab, CR, LF and form feed fold into one space instead of joining words."""
    assert plain_text("recall\r\nvote\tnext\x0cweek\rnow") == "recall vote next week now"


def test_the_translate_table_follows_the_same_rule() -> None:
    """str.translate(INVISIBLE), used by alert rendering, removes exactly what plain_text does."""
    text = "Kras" + "".join(HIDDEN.values()) + "ner — 검사 😀\t"
    assert text.translate(INVISIBLE) == strip_invisible(text) == "Krasner — 검사 😀\t"
