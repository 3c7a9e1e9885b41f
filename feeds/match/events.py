"""What happened: the event type of an item for one prosecutor, with the words that decided it.

The classifier reads one prosecutor's view (view.py) and scores every cue of events_lexicon
by how it binds to the prosecutor (their own slot, near them, in their sentence, elsewhere in
the item) and where it stands (the headline says what happened; the summary adds context). A
cue is dropped when its sentence carries that type's discard words, when it is a participle
describing the prosecutor's past ("Recalled DA X opens a law firm"), and, for a resignation,
when it is only called for, demanded, refused or threatened. The best-scoring type wins.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from feeds.match.clauses import describes, in_aside, sentence_at, sentence_ends, uninvolved
from feeds.match.events_acts import ALL_CUES as CUES
from feeds.match.events_context import (
    DIRECTION,
    DISCARD,
    MODAL_TYPES,
    NOT_DONE,
    PRIORITY,
    STAGED_TYPES,
    STAGES,
)
from feeds.match.events_lexicon import CLAUSE, ITEM, NEAR, SLOT, Cue
from feeds.match.stems import anchors, split_alternatives
from feeds.match.view import MARK, View
from feeds.models import EventType


@functools.cache
def _rx(pattern: str) -> re.Pattern[str]:
    # Cues start at a word start: the lookbehind fails fast mid-word, which keeps the many
    # alternations cheap to scan.
    return re.compile(rf"(?<![\w'-])(?:{pattern})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Rule:
    cue: Cue

    @property
    def unless(self) -> re.Pattern[str] | None:
        return _rx(self.cue.unless) if self.cue.unless else None


@dataclass(frozen=True, slots=True)
class Part:
    """One alternative of a cue, compiled alone, with the literals one of which it needs.

    Compiled when first tried, not at import: a text tries only the alternatives whose
    literals it holds, and compiling all 300 took a tenth of a second of every process's start
    (each parse worker and `run_bot.py worker`). tests/feeds/match/test_events.py compiles
    every one, so a broken pattern fails the suite, not a headline."""

    rule: _Rule
    pattern: str
    stems: frozenset[str] | None
    at_start: bool  # every match starts with a stem: try it only where one starts

    @property
    def rx(self) -> re.Pattern[str]:
        return _rx(self.pattern)


PARTS: list[Part] = []
for _cue in CUES:
    _rule = _Rule(_cue)
    for _alt in split_alternatives(_cue.pattern):
        PARTS.append(Part(_rule, _alt, *anchors(_alt)))
_ALWAYS = frozenset(i for i, p in enumerate(PARTS) if p.stems is None)
_BY_STEM: dict[str, list[int]] = {}
for _i, _part in enumerate(PARTS):
    for _stem in _part.stems or ():
        _BY_STEM.setdefault(_stem, []).append(_i)
# All stems in one automaton: one pass over the text says which alternatives can match where.
_STEMS = ahocorasick.Automaton()
for _stem, _ids in _BY_STEM.items():
    _STEMS.add_word(_stem, (len(_stem), tuple(_ids)))
_STEMS.make_automaton()
_DISCARD = {t: _rx(rx) for t, rx in DISCARD.items()}
_NOT_DONE = re.compile(NOT_DONE, re.IGNORECASE)
_DIRECTION = [(t, _rx(rx), note) for t, note, rx in DIRECTION]
# Each stage's pattern runs only when one of the words it needs is in the sentence.
_STAGES = [(name, _rx(rx)) for name, rx in STAGES]
_STAGE_WORDS = ahocorasick.Automaton()
for _, _stage_rx in STAGES:
    for _word in anchors(_stage_rx)[0] or ():
        _STAGE_WORDS.add_word(_word, _word)
_STAGE_WORDS.make_automaton()
_STAGE_NEEDS_BY = [anchors(rx)[0] for _, rx in STAGES]
_RANK = {t: i for i, t in enumerate(PRIORITY)}
# A headline clause beside the one naming the prosecutor ("Judge blocks law; DA vows appeal").
HEADLINE = "headline"
# A headline naming nobody, whose summary names the prosecutor: its cues count as near them.
UNNAMED = "unnamed"
_BIND_RANK = {ITEM: 0, HEADLINE: 1, CLAUSE: 1, UNNAMED: 2, NEAR: 2, SLOT: 3}
# Looser bindings say less about this prosecutor.
_BIND_FACTOR = {SLOT: 1.0, NEAR: 1.0, CLAUSE: 0.92, UNNAMED: 0.92, HEADLINE: 0.85, ITEM: 0.8}
SUMMARY_FACTOR = 0.92
# "Bill Conway" is a person, not a bill.
_BILL_NAME = re.compile(r"\bBill(?= [A-Z][a-z]+\b(?! (?:To|That|Would|On|For|In|Aimed|Signed)\b))")
ASIDE_FACTOR = 0.85  # a cue in an aside or the setting weighs this much
OTHER_CONFIDENCE = 0.5
NEAR_WORDS = 8  # how near a cue that does not say (words=0) must be to count as near
HEADLINE_FIRST = 0.78
# A second type is shown to organizers ("Also: ..."), so only a strong cue earns it.
SECOND_MIN = 0.85


@dataclass(frozen=True, slots=True)
class EventVerdict:
    """The event type for one prosecutor, the view spans that decided it, and a reading note."""

    event_type: EventType
    confidence: float
    spans: tuple[tuple[int, int], ...] = ()
    second_type: EventType | None = None
    note: str = ""
    rule: int = -1  # which cue alternative decided (index into PARTS), for the rule audit
    stage: str = ""  # how far the event has gone ("signatures", "ruling"): see STAGES


@dataclass(slots=True)
class _Found:
    score: float
    span: tuple[int, int]
    words: str
    part: int
    aside: bool = False  # read in an aside or the setting ("X, who faces recall, ...")


def classify(view: View) -> EventVerdict:
    """Classify one prosecutor's view of an item into one of the 15 types."""
    text = _BILL_NAME.sub("Wills", view.text) if "Bill " in view.text else view.text
    marks = _marks(text)
    ends = sentence_ends(text, view.title_end)
    best: dict[EventType, _Found] = {}
    headline: dict[EventType, _Found] = {}
    for i, matches in _candidates(text):
        rule = PARTS[i].rule
        etype = rule.cue.type
        for m in matches:
            in_title = m.start() < view.title_end
            prev = (headline if in_title else best).get(etype)
            if prev is not None and prev.score >= rule.cue.weight:
                continue  # bindings only lower a cue's weight: this one cannot win
            score, aside = _score(text, view.title_end, rule, m, marks, ends)
            if not score:
                continue
            found = _Found(score, m.span(), m.group(0), i, aside)
            for table in (best, headline) if in_title else (best,):
                prev = table.get(etype)
                if prev is None or score > prev.score:
                    table[etype] = found
    if not best:
        return EventVerdict(EventType.OTHER, OTHER_CONFIDENCE)
    best = _drop_background(best, text, ends)
    headline = _drop_background(headline, text, ends)
    # The headline says what happened: a clear cue there outranks anything in the summary.
    if headline and max(f.score for f in headline.values()) >= HEADLINE_FIRST:
        best = headline
    ranked = sorted(best.items(), key=lambda kv: (-kv[1].score, _RANK[kv[0]]))
    etype, found = ranked[0]
    note = next((n for t, rx, n in _DIRECTION if t is etype and rx.search(text)), "")
    # A second type must rest on other words: "recall petition" is one event, not a recall
    # plus a court petition.
    primary = set(found.words.lower().split())
    second = next(
        (
            t
            for t, f in ranked[1:]
            if f.score >= SECOND_MIN and primary.isdisjoint(f.words.lower().split())
        ),
        None,
    )
    stage = ""
    if etype in STAGED_TYPES:
        lo, hi = sentence_at(ends, found.span[0], len(text))
        words = {w for _, w in _STAGE_WORDS.iter(text[lo:hi].lower())}
        stage = next(
            (
                name
                for (name, rx), need in zip(_STAGES, _STAGE_NEEDS_BY, strict=True)
                if (need is None or not need.isdisjoint(words)) and rx.search(text, lo, hi)
            ),
            "",
        )
    return EventVerdict(
        etype, round(found.score, 3), (found.span,), second, note, found.part, stage
    )


def _drop_background(
    table: dict[EventType, _Found], text: str, ends: list[int]
) -> dict[EventType, _Found]:
    """Without the cues read in an aside when their sentence's main clause has its own event:
    in "X, who faces recall, charges the officer" the news is the charge."""
    if not any(f.aside for f in table.values()):
        return table

    def sentence(f: _Found) -> tuple[int, int]:
        return sentence_at(ends, f.span[0], len(text))

    main = {sentence(f) for f in table.values() if not f.aside}
    return {t: f for t, f in table.items() if not (f.aside and sentence(f) in main)}


def _marks(text: str) -> list[int]:
    """Where the prosecutor's marks start."""
    out = []
    pos = text.find(MARK)
    while pos >= 0:
        out.append(pos)
        pos = text.find(MARK, pos + 2)
    return out


def _candidates(text: str) -> Iterator[tuple[int, Iterable[re.Match[str]]]]:
    """The alternatives that can match, each with its matches (tried only where one can start)."""
    starts: dict[int, list[int]] = {i: [] for i in _ALWAYS}
    for end, (n, ids) in _STEMS.iter(text.lower()):
        for i in ids:
            starts.setdefault(i, []).append(end - n + 1)
    for i in sorted(starts):
        part = PARTS[i]
        if part.at_start:
            at = starts[i]
            yield i, (m for s in at if (m := part.rx.match(text, s)) is not None)
        else:
            yield i, part.rx.finditer(text)


def _score(
    text: str, title_end: int, rule: _Rule, m: re.Match[str], marks: list[int], ends: list[int]
) -> tuple[float, bool]:
    """The cue's score at this match (0 when it does not bind or is discarded), and whether
    it stands in an aside."""
    cue = rule.cue
    start, end = m.span()
    lo, hi = sentence_at(ends, start, len(text))
    if end > hi:
        return 0.0, False  # a cue never runs across sentences
    bind = _binding(text, start, end, marks, lo, hi, cue.words or NEAR_WORDS, title_end)
    if bind is None or _BIND_RANK[bind] < _BIND_RANK[cue.bind]:
        return 0.0, False
    if bind != SLOT:
        if describes(text, start, end, lo):
            return 0.0, False
        discard = _DISCARD.get(cue.type)
        if discard is not None and discard.search(text, lo, hi):
            return 0.0, False
    if rule.unless is not None and rule.unless.search(text, lo, hi):
        return 0.0, False
    if cue.type in MODAL_TYPES and _NOT_DONE.search(text, lo, start):
        return 0.0, False
    where = 1.0 if start < title_end else SUMMARY_FACTOR
    aside = in_aside(text, lo, start)
    factor = ASIDE_FACTOR if aside else 1.0
    return cue.weight * _BIND_FACTOR[bind] * where * factor, aside


def _binding(
    text: str, start: int, end: int, marks: list[int], lo: int, hi: int, words: int, title_end: int
) -> str | None:
    if not marks:
        return None
    if MARK in text[start:end]:
        return SLOT
    near = [p for p in marks if lo <= p < hi]
    if near:
        gap = min(
            text.count(" ", end, p) if p >= end else text.count(" ", p + len(MARK), start)
            for p in near
        )
        return NEAR if gap <= words else CLAUSE
    if start < title_end:
        in_title = [p for p in marks if p < title_end]
        if not in_title:
            return UNNAMED  # the headline is the event; the summary says who
        if not uninvolved(text, 0, title_end):
            return HEADLINE
    return ITEM
