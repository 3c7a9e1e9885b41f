"""What happened: the event type of an item, for one prosecutor, with the words that decided it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from feeds.match.events_lexicon import DIRECTION, PRIORITY, RULES, VETOES, Near
from feeds.match.stems import stems
from feeds.models import EventType


def _rx(pattern: str) -> re.Pattern[str]:
    # Cues start at a word start: the lookbehind fails fast mid-word, which makes the many
    # alternations cheap to scan.
    return re.compile(rf"(?<![\w'-])(?:{pattern})", re.IGNORECASE)


def _compile(cue: str | Near) -> tuple[re.Pattern[str], re.Pattern[str] | None, int]:
    if isinstance(cue, Near):
        return (_rx(cue.cue), _rx(cue.anchor), cue.words)
    return (_rx(cue), None, 0)


def _gate(cue: str | Near) -> frozenset[str] | None:
    return stems(cue.cue if isinstance(cue, Near) else cue)


_RULES = [(t, w, _compile(cue), _gate(cue)) for t, w, cue in RULES]
# All gate stems in one automaton: one pass over the text says which rules can match.
_STEMS = ahocorasick.Automaton()
for _stem in {s for *_, gate in _RULES if gate for s in gate}:
    _STEMS.add_word(_stem, _stem)
_STEMS.make_automaton()
_VETOES = {t: _rx(rx) for t, rx in VETOES.items()}
_DIRECTION = [(t, _rx(rx), note) for t, rx, note in DIRECTION]
_RANK = {t: i for i, t in enumerate(PRIORITY)}
# "Bill Conway" is a person, not a bill.
_BILL_NAME = re.compile(r"\bBill(?= [A-Z][a-z]+\b(?! (?:To|That|Would|On|For|In|Aimed|Signed)\b))")
# Proximity stops at a sentence or clause break.
_BREAK = re.compile(r"\n|[;:!?](?:\s|$)|(?<![A-Z])(?<!\b[A-Z][a-z])\.\s")
OTHER_CONFIDENCE = 0.5
# A second type is shown to organizers ("Also: ..."), so only a strong cue earns it.
SECOND_MIN = 0.85


@dataclass(frozen=True, slots=True)
class EventVerdict:
    event_type: EventType
    confidence: float
    evidence: tuple[str, ...]
    second_type: EventType | None = None


def classify(view: str) -> EventVerdict:
    """Classify the @P view of an item (see events_lexicon) into one of the 15 types."""
    view = _BILL_NAME.sub("William", view)
    present = {stem for _, stem in _STEMS.iter(view.lower())}
    best: dict[EventType, tuple[float, str]] = {}
    vetoed: dict[EventType, bool] = {}
    for etype, weight, rx, gate in _RULES:
        prev = best.get(etype)
        if prev and prev[0] >= weight:
            continue
        if gate is not None and gate.isdisjoint(present):
            continue
        words = _find(view, *rx)
        if not words:
            continue
        if etype not in vetoed:
            veto = _VETOES.get(etype)
            vetoed[etype] = bool(veto and veto.search(view))
        if not vetoed[etype] or (rx[1] is None and "@P" in rx[0].pattern):
            best[etype] = (weight, _clean(words))
    if not best:
        return EventVerdict(EventType.OTHER, OTHER_CONFIDENCE, ())
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], _RANK[kv[0]]))
    etype, (conf, words) = ranked[0]
    evidence = [words]
    for dtype, direction_rx, note in _DIRECTION:
        if dtype is etype and direction_rx.search(view):
            evidence.append(note)
            break
    # A second type must rest on other words: "recall petition" is one event, not a recall
    # plus a court petition.
    primary = set(words.lower().split())
    second = next(
        (
            t
            for t, (w, cue) in ranked[1:]
            if w >= SECOND_MIN and primary.isdisjoint(cue.lower().split())
        ),
        None,
    )
    return EventVerdict(etype, conf, tuple(evidence), second)


def _find(
    view: str, cue: re.Pattern[str], anchor: re.Pattern[str] | None, window: int
) -> str | None:
    """The words of the first cue match (with its anchor, when the rule needs one nearby)."""
    if anchor is None:
        m = cue.search(view)
        return m.group(0) if m else None
    cues = list(cue.finditer(view))
    if not cues:
        return None
    anchors = list(anchor.finditer(view))
    for c in cues:
        for a in anchors:
            lo, hi = (a.end(), c.start()) if a.end() <= c.start() else (c.end(), a.start())
            if (
                hi >= lo
                and view.count(" ", lo, hi) <= window + 1
                and not _BREAK.search(view, lo, hi)
            ):
                return view[min(a.start(), c.start()) : max(a.end(), c.end())]
            if hi < lo and c.start() != a.start():  # overlapping cue and anchor
                return view[min(a.start(), c.start()) : max(a.end(), c.end())]
    return None


def _clean(words: str) -> str:
    return " ".join(words.split()).strip(" ,.;:")
