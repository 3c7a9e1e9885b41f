"""What happened: the event type of an item, for one prosecutor, with the words that decided it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from feeds.match.events_lexicon import DIRECTION, PRIORITY, RULES, VETOES
from feeds.models import EventType

_RULES = [(t, w, re.compile(rx, re.IGNORECASE)) for t, w, rx in RULES]
_VETOES = {t: re.compile(rx, re.IGNORECASE) for t, rx in VETOES.items()}
_DIRECTION = [(t, re.compile(rx, re.IGNORECASE), note) for t, rx, note in DIRECTION]
_RANK = {t: i for i, t in enumerate(PRIORITY)}
# "Bill Conway" is a person, not a bill.
_BILL_NAME = re.compile(r"\bBill(?= [A-Z][a-z]+\b(?! (?:To|That|Would|On|For|In|Aimed|Signed)\b))")
OTHER_CONFIDENCE = 0.5
SECOND_MIN = 0.6


@dataclass(frozen=True, slots=True)
class EventVerdict:
    event_type: EventType
    confidence: float
    evidence: tuple[str, ...]
    second_type: EventType | None = None


def classify(view: str) -> EventVerdict:
    """Classify the @P view of an item (see events_lexicon) into one of the 15 types."""
    view = _BILL_NAME.sub("William", view)
    best: dict[EventType, tuple[float, str]] = {}
    vetoed = {t for t, rx in _VETOES.items() if rx.search(view)}
    for etype, weight, rx in _RULES:
        if etype in vetoed:
            continue
        prev = best.get(etype)
        if prev and prev[0] >= weight:
            continue
        m = rx.search(view)
        if m:
            best[etype] = (weight, _clean(m.group(0)))
    if not best:
        return EventVerdict(EventType.OTHER, OTHER_CONFIDENCE, ())
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], _RANK[kv[0]]))
    etype, (conf, words) = ranked[0]
    evidence = [words]
    for dtype, rx, note in _DIRECTION:
        if dtype is etype and rx.search(view):
            evidence.append(note)
            break
    second = next((t for t, (w, _) in ranked[1:] if w >= SECOND_MIN), None)
    return EventVerdict(etype, conf, tuple(evidence), second)


def _clean(words: str) -> str:
    return " ".join(words.split()).strip(" ,.;:")
