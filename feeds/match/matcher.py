"""The matcher: for one item, which watched prosecutors and which event, with evidence and score."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from feeds.match.events import EventVerdict, classify
from feeds.match.offices import OfficeHistory, Period, period_of
from feeds.match.people import PeopleIndex, PersonHit, fold_item_text
from feeds.match.text import fold, fold_map
from feeds.match.view import build_view, office_titles
from feeds.models import EventType, Item, Match, Prosecutor

_CAPTION_SPLIT = re.compile(r"\s+(?:v|vs)\.?\s+", re.IGNORECASE)
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

    def __reduce__(self) -> tuple[Any, ...]:
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
        return self._match(title or "", summary or "", "", period_of(when))

    def match_item(self, item: Item) -> list[Match]:
        """Like match(), adding a court item's case name and docket entry text."""
        extra = [item.summary or ""]
        if item.is_court or item.case_name:
            extra += [item.case_name or "", item.entry or ""]
        summary = " ".join(e for e in extra if e)
        return self._match(
            item.title or "", summary, item.case_name or "", period_of(item.published)
        )

    def _match(
        self, title: str, summary: str, case_name: str, period: Period | None = None
    ) -> list[Match]:
        text, title_len = fold_item_text(title, summary)
        hits = self._people.find(text, title_len, period)
        if not hits:
            return []
        quote = _Quoter(title, summary, text, title_len)
        titles: dict[str, list[tuple[int, int]]] = {}
        out = []
        for hit in hits:
            p = self._prosecutors[hit.index]
            cls = self._people.cls[hit.index]
            if cls not in titles:
                titles[cls] = office_titles(text, cls)
            others = frozenset(s for h in hits if h is not hit for s, _ in h.spans)
            view = build_view(text, title_len, hit.spans, titles[cls], others)
            if not view.has_mark:
                continue  # named only as background: someone else's news
            verdict = self._caption(fold(case_name), hit, classify(view), period)
            score = round(hit.score * (0.6 + 0.4 * verdict.confidence), 3)
            if score < self.threshold:
                continue
            who = quote.spans([*hit.spans, *hit.cites])
            what = quote.spans(view.to_text(s, e) for s, e in verdict.spans)
            if verdict.event_type is EventType.LAWSUIT and not verdict.spans and case_name:
                what = [case_name]
            out.append(
                Match(
                    prosecutor_id=p.id,
                    event_type=verdict.event_type,
                    score=score,
                    evidence=tuple(dict.fromkeys([*who, *what])),
                    second_type=verdict.second_type,
                    note=verdict.note,
                    stage=verdict.stage,
                )
            )
        out.sort(key=lambda m: (-m.score, m.prosecutor_id))
        return out

    def _caption(
        self, caption: str, hit: PersonHit, verdict: EventVerdict, period: Period | None
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
                second = verdict.event_type if verdict.event_type is not EventType.OTHER else None
                return EventVerdict(EventType.LAWSUIT, 0.9, (), second, note)
        return verdict


class _Quoter:
    """Quotes spans of the folded item text as the item wrote them (accents, curly quotes)."""

    def __init__(self, title: str, summary: str, text: str, title_len: int) -> None:
        self._fields = (title, summary)
        self._text = text
        self._title_len = title_len
        self._maps: tuple[list[int] | None, list[int] | None] | None = None
        self._exact = True

    def _load(self) -> tuple[list[int] | None, list[int] | None]:
        """Offsets into each field (None: the field is its own fold), built on first use."""
        if self._maps is None:
            title, summary = self._fields
            folded_title, where_title = _fold_map(title)
            folded_summary, where_summary = _fold_map(summary)
            joined = f"{folded_title}\n{folded_summary}" if folded_summary else folded_title
            self._exact = joined == self._text
            self._maps = (where_title, where_summary)
        return self._maps

    def spans(self, spans: Iterable[tuple[int, int]]) -> list[str]:
        out = []
        for s, e in spans:
            words = self._quote(s, e).strip(" ,.;:")
            if words and words not in out:
                out.append(words)
        return out

    def _quote(self, s: int, e: int) -> str:
        if e <= s:
            return ""
        maps = self._load()
        if not self._exact:
            # Unusual text folded differently per character: quote only what is verbatim.
            words = self._text[s:e]
            return words if any(words in f for f in self._fields) else ""
        if s < self._title_len:
            where, field, e = maps[0], self._fields[0], min(e, self._title_len)
        else:
            off = self._title_len + 1
            where, field, s, e = maps[1], self._fields[1], s - off, e - off
        if where is None:
            return field[s:e]
        return field[where[s] : where[e - 1] + 1]


def _fold_map(field: str) -> tuple[str, list[int] | None]:
    """fold_map, with None for the map when folding changes nothing (most headlines)."""
    if field.isascii() and "  " not in field and field == field.strip() and field.isprintable():
        return field, None
    return fold_map(field)
