"""Who an item is about: watched prosecutors spotted by name or by office and place.

One Aho-Corasick pass finds every surname, alias, place, office title and state in the
folded text; the rest works on those few hits, so the cost does not grow with the
watchlist. Rules, in order of strength:
- full name ("Larry Krasner", "Kimberly Foxx", middle initials allowed) or an alias;
- surname after an office title ("DA Krasner", "State Attorney Warren");
- office and place ("Philadelphia's district attorney"), if only one watched person holds it;
- a bare surname: a distinctive one counts; a common word, common surname or famous
  namesake ("Warren", "Foxx", "Price") needs the person's office or place plus
  prosecutorial words in the item. A surname that comes with another first name or a
  non-person word ("Virginia Foxx", "Rollins, Inc.", "Fort Bragg") is someone else.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import ahocorasick

from feeds.match import lexicon_places as lp
from feeds.match.lexicon_names import (
    COMMON_SURNAMES,
    GIVEN_NAMES,
    NON_PERSON_AFTER,
    OTHER_PERSON_BEFORE,
    STOPWORDS,
)
from feeds.match.names import clean, first_variants, is_weak_surname, place_keys, surname_keys
from feeds.match.text import fold, is_boundary, tokens_after, tokens_before
from feeds.models import Prosecutor

_TITLE_BEFORE = re.compile(
    r"(?:(?i:district attorney|state'?s? attorney|circuit attorney|commonwealth'?s? attorney"
    r"|county attorney|prosecuting attorney|prosecutors?|solicitor)|\bD\.?A\.?)"
    r"(?:'s)?,?\s+(?:[A-Z][\w.'-]*\s+){0,2}$"
)
_TITLE_AFTER = re.compile(
    r"^(?:'s)?,\s+(?:the|a|an)\s+(?:[\w.'-]+\s+){0,4}?"
    r"(?i:district attorney|state'?s? attorney|circuit attorney|commonwealth'?s? attorney"
    r"|county attorney|prosecuting attorney|prosecutor)"
)
_VOCAB = re.compile(
    r"\b(?:prosecut\w*|district attorneys?|state'?s? attorneys?|commonwealth'?s? attorneys?"
    r"|circuit attorney|county attorney|d\.a\.|indict\w*|convictions?|exonerat\w*|charg(?:es|ed)"
    r"|grand jury|plea|sentenc\w*|recall\w*|impeach\w*|suspen\w*|reinstat\w*|disqualif\w*"
    r"|recus\w*|re-?election|primary|police union|directives?)\b"
)
_DA_CAPS = re.compile(r"\bD\.?A\.?'?s?\b")
_OPPONENT = re.compile(r"(?:\blost|\bloss|\blosing)\s+to\s+(?:\w+\s+)?$|\btrail(?:ed|s|ing)\s+$")
_NOT_HOLDER_BEFORE = frozenset({"deputy", "assistant", "line", "chief deputy", "associate"})

# Spans found in the text, each (start, end, ...):
NameSpan = tuple[int, int, int, bool]  # prosecutor index, found by an alias
PlaceSpan = tuple[int, int, int]  # prosecutor index
TitleSpan = tuple[int, int, str, bool]  # office class, plural
OfficeRef = tuple[int, int, list[int], bool]  # prosecutors who hold it, names someone else
_Span = TypeVar("_Span", NameSpan, PlaceSpan, TitleSpan)


@dataclass(slots=True)
class PersonHit:
    """A watched prosecutor found in an item."""

    index: int
    score: float
    evidence: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class _Occurrence:
    index: int
    start: int
    end: int
    kind: str  # full | titled | bare | other
    surname: str


class PeopleIndex:
    """Spots watched prosecutors in text. Build once; `find` is called per item."""

    def __init__(self, prosecutors: Sequence[Prosecutor]) -> None:
        self.prosecutors = list(prosecutors)
        self.first = [first_variants(p.name) for p in self.prosecutors]
        self.cls = [lp.office_class(p.office) for p in self.prosecutors]
        self.state = [p.state.strip().upper() for p in self.prosecutors]
        self.common_name = [
            bool(self.first[i] & GIVEN_NAMES)
            and all(k in COMMON_SURNAMES for k in surname_keys(p.name))
            for i, p in enumerate(self.prosecutors)
        ]
        self.places: list[set[str]] = []
        self.is_city: list[bool] = []
        # Tagged: ("n", index, alias), ("p", index), ("t", class, plural), ("s", state code).
        entries: dict[str, list[tuple[str | int | bool, ...]]] = defaultdict(list)
        for i, p in enumerate(self.prosecutors):
            for key in surname_keys(p.name):
                entries[key].append(("n", i, False))
            for alias in p.aliases:
                if key := clean(alias):
                    entries[key].append(("n", i, True))
            keys, city = place_keys(p.jurisdiction, p.state)
            self.places.append(set(keys))
            self.is_city.append(city)
            for key in keys:
                entries[key].append(("p", i))
        for key, (cls, plural) in lp.TITLES.items():
            entries[key].append(("t", cls, plural))
        for key, code in lp.STATES.items():
            entries[key].append(("s", code))
        self._ac = ahocorasick.Automaton()
        for key, vals in entries.items():
            self._ac.add_word(key, (len(key), tuple(vals)))
        self._ac.make_automaton()

    def find(self, text: str, title_len: int) -> list[PersonHit]:
        """Prosecutors in `text` (already folded); chars before title_len are the title."""
        low = text.lower()
        names: list[NameSpan] = []
        places: list[PlaceSpan] = []
        titles: list[TitleSpan] = []
        states: set[str] = set()
        for end, (n, vals) in self._ac.iter(low):
            start, stop = end - n + 1, end + 1
            if not is_boundary(low, start, stop):
                continue
            if low[start:stop].replace(".", "") in lp.CAPS_ONLY and not text[start:stop].isupper():
                continue
            for v in vals:
                if v[0] == "n":
                    names.append((start, stop, v[1], v[2]))
                elif v[0] == "p":
                    places.append((start, stop, v[1]))
                elif v[0] == "t":
                    titles.append((start, stop, v[1], v[2]))
                else:
                    states.add(v[1])
        if not names and not (places and titles):
            return []
        titles = _longest(titles)
        places = _longest(places)
        refs = self._office_refs(text, low, places, titles)
        occs = [self._classify(text, low, n) for n in _longest_per_person(names)]
        return self._decide(text, low, title_len, occs, refs, places, states)

    # -- office and place ------------------------------------------------------------
    def _office_refs(
        self, text: str, low: str, places: list[PlaceSpan], titles: list[TitleSpan]
    ) -> list[OfficeRef]:
        """(start, end, prosecutor indices, names someone else) for each office mention."""
        refs: list[OfficeRef] = []
        for ts, te, cls, plural in titles:
            if plural:
                continue
            found: dict[int, tuple[int, int]] = {}
            for ps, pe, i in places:
                if ps < ts and pe < te:  # place first; may share "county" with the title
                    gap = low[pe:ts] if pe < ts else ""
                    if not _filler_gap(gap):
                        continue
                    if (self.is_city[i] and "county" in gap) or ("co." in gap and self.is_city[i]):
                        continue
                elif ps >= te:
                    if not re.fullmatch(
                        r"\s+(?:of|for|in)\s+(?:the\s+)?(?:city of\s+)?", low[te:ps]
                    ):
                        continue
                    if self.is_city[i] and low[pe : pe + 7].strip().startswith("county"):
                        continue
                else:
                    continue
                if cls in (lp.GENERIC, self.cls[i]):
                    found[i] = (min(ps, ts), max(pe, te))
            if not found:
                continue
            start = min(s for s, _ in found.values())
            end = max(e for _, e in found.values())
            before = " ".join(tokens_before(text, start, 2)).lower()
            if any(before.endswith(w) for w in _NOT_HOLDER_BEFORE):
                continue
            after = tokens_after(text, end, 2)
            if after and after[0].lower() in {"candidate", "candidates", "hopeful", "hopefuls"}:
                continue
            names_other = bool(after) and after[0][:1].isupper() and after[0].lower() in GIVEN_NAMES
            refs.append((start, end, sorted(found), names_other))
        return refs

    # -- names -----------------------------------------------------------------------
    def _classify(self, text: str, low: str, hit: NameSpan) -> _Occurrence:
        start, end, i, alias = hit
        surname = low[start:end]
        if alias:
            return _Occurrence(i, start, end, "full", surname)
        before = tokens_before(text, start, 2)
        p1 = before[-1] if before else ""
        p2 = before[-2] if len(before) > 1 else ""
        if p1.lower() in self.first[i]:
            return _Occurrence(i, text.rfind(p1, 0, start), end, "full", surname)
        if len(p1) == 2 and p1.endswith(".") and p2.lower() in self.first[i]:
            return _Occurrence(i, text.rfind(p2, 0, start), end, "full", surname)
        after = tokens_after(text, end, 1)
        if after and after[0].lower() in NON_PERSON_AFTER:
            return _Occurrence(i, start, end, "other", surname)
        if p1.lower() in OTHER_PERSON_BEFORE:
            return _Occurrence(i, start, end, "other", surname)
        if p1[:1].isupper() and p1.lower() in GIVEN_NAMES and p1.lower() not in STOPWORDS:
            return _Occurrence(i, start, end, "other", surname)
        m = _TITLE_BEFORE.search(text, max(0, start - 60), start)
        if m:
            return _Occurrence(i, m.start(), end, "titled", surname)
        if _TITLE_AFTER.match(text[end : end + 80]):
            return _Occurrence(i, start, end, "titled", surname)
        return _Occurrence(i, start, end, "bare", surname)

    # -- decision ----------------------------------------------------------------------
    def _decide(
        self,
        text: str,
        low: str,
        title_len: int,
        occs: list[_Occurrence],
        refs: list[OfficeRef],
        places: list[PlaceSpan],
        states: set[str],
    ) -> list[PersonHit]:
        by_person: dict[int, list[_Occurrence]] = defaultdict(list)
        for o in occs:
            by_person[o.index].append(o)
        ref_of: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for s, e, idx, _ in refs:
            for i in idx:
                ref_of[i].append((s, e))
        vocab: bool | None = None
        hits: dict[int, PersonHit] = {}
        for i, os_ in by_person.items():
            kinds = {o.kind for o in os_}
            good = [o for o in os_ if o.kind != "other"]
            if "titled" in kinds:
                score = 0.95 if "full" in kinds else 0.9
            elif "full" in kinds:
                score = 0.95
                if self.common_name[i]:
                    # "Jason Williams" is mostly someone else: ask for any office context
                    if vocab is None:
                        vocab = bool(_VOCAB.search(low) or _DA_CAPS.search(text))
                    if not (vocab or ref_of[i] or any(p[2] == i for p in places)):
                        score = 0.45
            elif "bare" in kinds and "other" not in kinds:
                conflict = bool(states) and self.state[i] not in states
                weak = all(is_weak_surname(o.surname) for o in good)
                if vocab is None:
                    vocab = bool(_VOCAB.search(low) or _DA_CAPS.search(text))
                if ref_of[i]:
                    score = 0.85
                elif conflict:
                    continue
                elif weak:
                    place_seen = any(p[2] == i for p in places) or self.state[i] in states
                    if not (place_seen and vocab):
                        continue
                    score = 0.7
                else:
                    score = 0.8 if vocab else 0.7
            else:
                continue
            if (
                title_len
                and all(o.start >= title_len for o in good)
                and all(_OPPONENT.search(text, max(0, o.start - 40), o.start) for o in good)
            ):
                score = 0.4  # named only as the opponent someone else lost to
            hit = PersonHit(i, score)
            for o in good:
                hit.evidence.append(text[o.start : o.end])
                hit.spans.append((o.start, o.end))
            for s, e in ref_of[i]:
                hit.evidence.append(text[s:e])
                hit.spans.append((s, e))
            hits[i] = hit
        self._office_only(text, refs, states, hits)
        return list(hits.values())

    def _office_only(
        self, text: str, refs: list[OfficeRef], states: set[str], hits: dict[int, PersonHit]
    ) -> None:
        """Office mentions with no name: attribute only when one watched person holds it."""
        for s, e, idx, names_other in refs:
            if any(i in hits for i in idx) or names_other or len(idx) != 1:
                continue
            i = idx[0]
            if states and self.state[i] not in states:
                continue
            hits[i] = PersonHit(i, 0.75, [text[s:e]], [(s, e)])


def _filler_gap(gap: str) -> bool:
    words = gap.replace("'s", " ").replace("'", " ").replace(",", " ").split()
    return all(w in lp.PLACE_TITLE_FILLER for w in words)


def _longest(hits: list[_Span]) -> list[_Span]:
    """Drop hits inside a longer hit ("prosecutor" inside "top prosecutor")."""
    return [
        h
        for h in hits
        if not any(
            o is not h and o[0] <= h[0] and h[1] <= o[1] and (o[1] - o[0]) > (h[1] - h[0])
            for o in hits
        )
    ]


def _longest_per_person(hits: list[NameSpan]) -> list[NameSpan]:
    """Drop a surname inside a longer name of the same person ("salazar" in "verber salazar")."""
    return [
        h
        for h in hits
        if not any(
            o[2] == h[2] and o[0] <= h[0] and h[1] <= o[1] and (o[1] - o[0]) > (h[1] - h[0])
            for o in hits
        )
    ]


def fold_item_text(title: str, summary: str) -> tuple[str, int]:
    """Folded 'title. summary' and the length of the title part."""
    t = fold(title)
    s = fold(summary)
    if not s:
        return t, len(t)
    return f"{t}\n{s}", len(t)
