"""The matcher: for one item, which watched prosecutors and which event, with evidence and score."""

from __future__ import annotations

import re
from collections.abc import Sequence

from feeds.match import titles
from feeds.match.events import EventVerdict, classify
from feeds.match.offices import OfficeHistory, Period, period_of
from feeds.match.people import PeopleIndex, PersonHit, fold_item_text
from feeds.match.text import fold
from feeds.models import EventType, Item, Match, Prosecutor

_CAPTION_SPLIT = re.compile(r"\s+(?:v|vs)\.?\s+", re.IGNORECASE)
# Office titles that, once a prosecutor is identified, refer to them (vocabulary: titles.py).
_TITLE_VIEW = {cls: titles.title_pattern(cls) for cls in (*titles.CLASSES, titles.GENERIC)}
_STRONG_TYPES = frozenset(
    {
        EventType.RECALL,
        EventType.IMPEACHMENT,
        EventType.REMOVAL_OR_SUSPENSION,
        EventType.INJUNCTION,
        EventType.CASE_REASSIGNMENT,
    }
)


class Matcher:
    """Decides who an item is about and what happened.

    `threshold` (0-1) is the lowest score that becomes an alert: raise it for fewer, surer
    alerts, lower it to see weak mentions (a bare common surname, an opponent named in passing).
    """

    def __init__(
        self,
        prosecutors: Sequence[Prosecutor],
        threshold: float = 0.5,
        history: OfficeHistory | None = None,
    ) -> None:
        """`history`: offices and their holders over time, for office-only mentions ("the
        Brooklyn DA" on the item's date); default: the bundled directory's."""
        self._prosecutors = tuple(prosecutors)
        self.threshold = float(threshold)
        if history is None:
            from feeds.directory import bundled  # the directory imports the matcher's modules

            history = bundled().history
        self.history = history
        self._people = PeopleIndex(self._prosecutors, history)

    def __reduce__(self):
        # The automaton is rebuilt in the worker: cheaper to ship the directory than the index.
        return (Matcher, (self._prosecutors, self.threshold, self.history))

    @property
    def prosecutors(self) -> tuple[Prosecutor, ...]:
        return self._prosecutors

    def match(self, title: str, summary: str = "", when: object = None) -> list[Match]:
        """Alerts for a headline and its summary: at most one per prosecutor, best first.

        `when` is the item's date (a date, datetime or ISO text such as "2022-08-15" or
        "2022-08"); without one, office-only mentions mean today's office holder.
        """
        text, title_len = fold_item_text(title or "", summary or "")
        return self._match(text, title_len, caption="", period=period_of(when))

    def match_item(self, item: Item) -> list[Match]:
        """Like match(), adding a court item's case name and docket entry text."""
        extra = [item.summary or ""]
        if item.is_court or item.case_name:
            extra += [item.case_name or "", item.entry or ""]
        text, title_len = fold_item_text(item.title or "", " ".join(e for e in extra if e))
        caption = fold(item.case_name or "")
        return self._match(text, title_len, caption, period_of(item.published))

    def _match(
        self, text: str, title_len: int, caption: str, period: Period | None = None
    ) -> list[Match]:
        hits = self._people.find(text, title_len, period)
        out = []
        for hit in hits:
            p = self._prosecutors[hit.index]
            verdict = classify(self._view(text, hit))
            verdict = self._caption(caption, hit, verdict, period)
            score = round(hit.score * (0.6 + 0.4 * verdict.confidence), 3)
            if score < self.threshold:
                continue
            who = "; ".join(dict.fromkeys(hit.evidence))
            what = tuple(e.replace("@P", p.name) for e in verdict.evidence)
            out.append(
                Match(
                    prosecutor_id=p.id,
                    event_type=verdict.event_type,
                    score=score,
                    evidence=(who, *what),
                    second_type=verdict.second_type,
                )
            )
        out.sort(key=lambda m: (-m.score, m.prosecutor_id))
        return out

    def _view(self, text: str, hit: PersonHit) -> str:
        """The text with this prosecutor's mentions (and their office title) replaced by @P."""
        spans = list(hit.spans)
        cls = self._people.cls[hit.index]
        for rx in {_TITLE_VIEW[cls], _TITLE_VIEW[titles.GENERIC]}:
            spans.extend(m.span() for m in rx.finditer(text))
        spans.sort()
        merged: list[list[int]] = []
        for s, e in spans:
            if (merged and s <= merged[-1][1] + 1 and not text[merged[-1][1] : s].strip()) or (
                merged and s < merged[-1][1]
            ):
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        parts, pos = [], 0
        for s, e in merged:
            parts.append(text[pos:s])
            parts.append("@P")
            pos = e
        parts.append(text[pos:])
        return "".join(parts)

    def _caption(
        self, caption: str, hit: PersonHit, verdict: EventVerdict, period: Period | None = None
    ) -> EventVerdict:
        """A case caption naming the prosecutor (or office) makes the item a lawsuit."""
        if not caption or verdict.event_type in _STRONG_TYPES:
            return verdict
        sides = _CAPTION_SPLIT.split(caption, maxsplit=1)
        if len(sides) != 2:
            return verdict
        for side, note in (
            (sides[1], "against the prosecutor"),
            (sides[0], "brought by the prosecutor"),
        ):
            found = self._people.find(side, len(side), period)
            if any(h.index == hit.index for h in found):
                return EventVerdict(
                    EventType.LAWSUIT,
                    0.9,
                    (f"case: {caption}", note),
                    verdict.event_type if verdict.event_type is not EventType.OTHER else None,
                )
        return verdict
