"""Required literals of a pattern: every match contains one (so skipping rules is safe)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from feeds.match.events import PARTS
from feeds.match.stems import anchors, split_alternatives
from tests.feeds.match.test_events import __file__ as _events_file

_SENTENCES = re.findall(r'"([^"\n]{12,})"', Path(_events_file).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("pattern", "want"),
    [
        (r"recall(?:s|ing)?", ({"recall"}, True)),
        (r"re-election|reelection", ({"re-election", "reelection"}, True)),
        (r"(?:peace |police )?officers'? union", ({"officers"}, False)),
        (r"@P(?:'s)? (?:wins?|lost)", ({"win", "lost"}, False)),
        (r"\w{1,4}pd union", ({"pd union"}, False)),
        (r"(?:x|yy)z", (None, False)),
        (r"(?:ab)+c", ({"ab"}, True)),
        (r"(?:ab){0,2}cd", ({"cd"}, False)),
        (r"(?:ab){1,2}cd", ({"ab"}, True)),
        (r"(?:ab|cd)ef", ({"ab", "cd"}, True)),
        (r"\bcharges", ({"charges"}, True)),
        (r"[ab]cd", ({"cd"}, False)),
        (r"x.yz", ({"yz"}, False)),
        (r"ab", ({"ab"}, True)),
    ],
)
def test_anchors(pattern: str, want: tuple[set[str] | None, bool]) -> None:
    """Stems are the first mandatory literal of each alternative; at_start when nothing precedes."""
    stems, at_start = anchors(pattern)
    assert (set(stems) if stems is not None else None, at_start) == want


def test_alternatives_split_at_top_level_only() -> None:
    """'|' inside groups and classes does not split."""
    assert split_alternatives(r"a(?:b|c)|[|]d|e") == ["a(?:b|c)", "[|]d", "e"]


@pytest.mark.parametrize(
    ("pattern", "parts"),
    [
        (r"[^]|]a|b", [r"[^]|]a", "b"]),
        (r"[]|]a|b", [r"[]|]a", "b"]),
        (r"[\]|]a|b", [r"[\]|]a", "b"]),
    ],
)
def test_a_bracket_first_in_a_class_is_a_member(pattern: str, parts: list[str]) -> None:
    """']' right after '[' or '[^', or escaped, stays in the class: its '|' does not split."""
    assert split_alternatives(pattern) == parts


def test_an_unbalanced_group_is_refused() -> None:
    """A group that never closes is a ValueError naming the pattern."""
    with pytest.raises(ValueError, match="unbalanced pattern"):
        anchors("(?:ab")


def test_every_cue_match_contains_one_of_its_stems() -> None:
    """On the test sentences (as views), each cue alternative's matches contain a stem."""
    texts = [s.replace("DA ", "@P ") for s in _SENTENCES]
    assert len(texts) > 50
    for part in PARTS:
        for text in texts:
            for m in part.rx.finditer(text):
                assert part.stems is None or any(s in m.group(0).lower() for s in part.stems)
                if part.at_start:
                    assert any(m.group(0).lower().startswith(s) for s in part.stems or ())
