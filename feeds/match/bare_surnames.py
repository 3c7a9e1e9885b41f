"""When a surname seen alone is the watched prosecutor (people.py decides the rest).

A distinctive surname counts by itself. One that is also a word or a famous namesake's
("Bragg", "Price") counts in a prosecutor's role ("Bragg sues"), acting as the office
("Foxx will stop charging ..."), or in an officeholder's frame ("Rollins resigns") with the
person's place, state or prosecution words; a merely frequent surname ("Williams") needs a
frame and that support (lexicon_frames.py). Whether the item speaks of prosecution at all is
searched once, and only when a rule asks (Vocab).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from feeds.match import titles as tt
from feeds.match.actors import POLICE_UNION
from feeds.match.lexicon_frames import (
    acts_as_prosecutor,
    in_office_role,
    in_role,
    speaks_of_prosecution,
)
from feeds.match.lexicon_names import COMMON_SURNAMES, NAMESAKE_SURNAMES, OFFICE_NAMESAKES
from feeds.match.names import is_weak_surname

_VOCAB = re.compile(
    rf"\b(?:prosecut\w*|{tt.VOCAB_TITLES_RX}|indict\w*|convictions?|exonerat\w*|charg(?:es|ed|ing)"
    r"|grand jury|plea|sentenc\w*|recall\w*|impeach\w*|suspen\w*|reinstat\w*|disqualif\w*"
    rf"|recus\w*|re-?election|primary|{POLICE_UNION}|directives?|subpoena\w*"
    # the event types' own nouns (DESIGN.md): injunction, removal_or_suspension, reassignment
    r"|injunctions?|ouster|quo warranto|removal|reassign\w*|wrongful\w*|wrongly|innocence"
    # an officeholder put out of or back into office (event_lexicon.md, removal wording)
    r"|(?:restor|reinstat|return|remov|oust|suspend)\w* (?:[\w.'-]+ ){0,3}(?:to|from) office)\b"
)
_DA_CAPS = re.compile(r"\bD\.?A\.?'?s?\b")
# A namesake (a senator, a governor) speaking about an office is the namesake's news.
_SPEAKS_AFTER = re.compile(
    r"\s+(?:says|said|calls|urges|slams|blasts|rips|criticizes|praises|tells|wants|asks)\b"
)


@dataclass(slots=True)
class Occurrence:
    """One place a watched person's name is seen, and how it is written."""

    index: int
    start: int
    end: int
    kind: str  # full | near (first name one letter off) | titled | bare | other
    surname: str


class Vocab:
    """Whether the item speaks of prosecution at all; searched only when a rule asks."""

    __slots__ = ("_low", "_text", "_value")

    def __init__(self, text: str, low: str) -> None:
        self._text, self._low = text, low
        self._value: bool | None = None

    def __bool__(self) -> bool:
        if self._value is None:
            self._value = bool(_VOCAB.search(self._low) or _DA_CAPS.search(self._text))
        return self._value


def bare_surname_score(
    text: str,
    good: list[Occurrence],
    office_named: bool,
    own_state: str,
    states: set[str],
    place_seen: bool,
    own_title: bool,
    vocab: Vocab,
) -> float | None:
    """Score for a person seen only by a bare surname, or None when it is probably
    someone else. `office_named`: the person's office is mentioned with its place;
    `own_state`: the person's state; `states`: the states the item names."""
    if office_named:
        return 0.85
    if states and own_state not in states:
        return None
    weak = [o for o in good if is_weak_surname(o.surname)]
    if len(weak) < len(good):
        return 0.8 if vocab else 0.7
    if place_seen and vocab:
        return 0.7
    if own_title and all(
        text[o.start].isupper() and not _SPEAKS_AFTER.match(text, o.end) for o in weak
    ):
        return 0.7
    # Names are written capitalised: "gas price drops" names nobody.
    named = [o for o in weak if text[o.start].isupper()]
    # A word or a namesake's surname in a prosecutor's role ("Bragg sues"); a merely
    # frequent surname ("Williams sues") has too many bearers for that to say who.
    if any(
        (o.surname in NAMESAKE_SURNAMES or o.surname not in COMMON_SURNAMES)
        and in_role(text, o.start, o.end)
        for o in named
    ):
        return 0.65
    # The office's own decisions ("Foxx unveils plan to stop charging ..."): no namesake
    # stops charging a crime; one who holds an office may plan to prosecute someone (with the
    # person's place named, the rule above has already decided).
    if any(acts_as_prosecutor(text, o.start, o.end, o.surname in OFFICE_NAMESAKES) for o in named):
        return 0.65
    # An officeholder's frame ("Rollins resigns", "to succeed Rollins", "Price wins"):
    # with the person's place or state or prosecution words anywhere in the item, it is
    # the prosecutor; alone, only when the namesake is a company, place or word, which
    # neither resigns nor wins a primary, and not an officeholder too (OFFICE_NAMESAKES).
    framed = [o for o in named if in_office_role(text, o.start, o.end)]
    if framed and (place_seen or own_title or speaks_of_prosecution(text)):
        return 0.65
    if any(o.surname in NAMESAKE_SURNAMES and o.surname not in OFFICE_NAMESAKES for o in framed):
        return 0.65
    # A frequent surname in a prosecutor's role, with the same support ("Garza sues
    # county over DA budget").
    if (place_seen or speaks_of_prosecution(text)) and any(
        in_role(text, o.start, o.end) for o in named
    ):
        return 0.65
    return None
