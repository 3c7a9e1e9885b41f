"""Who an item is about: watched prosecutors spotted by name or by office and place.

One Aho-Corasick pass finds every surname, alias, place, office title and state in the
folded text; the rest works on those few hits, so the cost does not grow with the
watchlist. Rules, in order of strength:
- full name ("Larry Krasner", "Kimberly Foxx", middle initials allowed) or an alias;
- surname after an office title ("DA Krasner", "State Attorney Warren");
- a surname after a first name one letter off the person's ("Diane Becton" for Diana),
  or the person's first name before a surname one letter off ("Larry Krassner"), when the
  item speaks of prosecutors or names the person's office or place;
- office and place ("Philadelphia's district attorney"): whoever held that office on the
  item's date, if watched (office_refs.py);
- a bare surname: a distinctive one counts; a common word or famous namesake ("Bragg",
  "Price") counts in a prosecutor's role ("Bragg sues", "Price recall", lexicon_frames.py)
  or with the person's office or place plus prosecutorial words; in an officeholder's
  frame ("Rollins resigns", "to succeed Rollins", "Price wins") with the person's place,
  state or prosecution words, or alone when the namesake holds no office itself; a frequent
  surname ("Williams") needs a frame and that support, or the office and place;
- a famous case's word beside a prosecutor title ("the Duke prosecutor") or with charges
  dropped in it: the case's prosecutor (lexicon_cases.py).
A surname that comes with another first name or a non-person word ("Virginia Foxx",
"Rollins, Inc.", "Fort Bragg") is someone else.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import ahocorasick

from feeds.match import lexicon_places as lp
from feeds.match import titles as tt
from feeds.match.bare_surnames import Occurrence, Vocab, bare_surname_score
from feeds.match.lexicon_cases import CASES
from feeds.match.lexicon_names import (
    COMMON_SURNAMES,
    FREQUENT_SURNAMES,
    GIVEN_NAMES,
    NON_PERSON_AFTER,
    OTHER_PERSON_BEFORE,
    STOPWORDS,
)
from feeds.match.names import (
    GENERATIONS,
    clean,
    first_variants,
    generation_of,
    is_near_first_name,
    is_one_letter_off,
    surname_keys,
)
from feeds.match.office_refs import OfficeRef, OfficeTable
from feeds.match.offices import OfficeHistory, Period, today
from feeds.match.text import fold, is_boundary, tokens_after, tokens_before
from feeds.models import Prosecutor

_TITLE_BEFORE = re.compile(
    rf"(?:(?i:{tt.LOCAL_TITLES_RX}|prosecutors?|solicitor)|{tt.DA_ABBREV_RX})"
    r"(?:'s)?,?\s+(?:[A-Z][\w.'-]*\s+){0,2}$"
)
_AG_BEFORE = re.compile(r"(?i:attorney general|\bA\.?G\.?)(?:'s)?,?\s+(?:[A-Z][\w.'-]*\s+){0,2}$")
_TITLE_AFTER = re.compile(
    r"^(?:'s)?,\s+(?:the|a|an)\s+(?:[\w.'-]+\s+){0,4}?"
    rf"(?i:{tt.LOCAL_TITLES_RX}|prosecutor|attorney general)"
)
# A state's name starting a county's or city's ("Washington County" in Oregon, "Kansas City").
_PLACE_NOT_STATE = re.compile(r"\s+(?:county|co\.|city|parish)\b")
# A capitalised given name and the next capitalised word (a middle initial allowed).
_FIRST_LAST = re.compile(r"\b([A-Z][a-z]{1,15})\s+(?:[A-Z]\.\s+)?([A-Z][A-Za-z'-]{2,40})")
_MIN_FUZZY = 4
_OPPONENT = re.compile(r"(?:\blost|\bloss|\blosing)\s+to\s+(?:\w+\s+)?$|\btrail(?:ed|s|ing)\s+$")


@dataclass(slots=True)
class PersonHit:
    """A watched prosecutor found in an item."""

    index: int
    score: float
    evidence: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    # Words quoted as evidence that are not the person's mention ("Greitens" in "prosecutors
    # drop charge against Greitens"): the event is read without them.
    cites: list[tuple[int, int]] = field(default_factory=list)


class PeopleIndex:
    """Spots watched prosecutors in text. Build once; `find` is called per item."""

    def __init__(
        self, prosecutors: Sequence[Prosecutor], history: OfficeHistory | None = None
    ) -> None:
        self.prosecutors = list(prosecutors)
        self.first = [first_variants(p.name) for p in self.prosecutors]
        self.cls = [tt.office_class(p.office) for p in self.prosecutors]
        self.state = [p.state.strip().upper() for p in self.prosecutors]
        self.generation = [generation_of(p.name) for p in self.prosecutors]
        self.common_name = [
            bool(self.first[i] & GIVEN_NAMES)
            and all(k in FREQUENT_SURNAMES for k in surname_keys(p.name))
            for i, p in enumerate(self.prosecutors)
        ]
        self.offices = OfficeTable(self.prosecutors, history or OfficeHistory())
        # Given name (and nicknames) -> (person, surname): for surnames misspelt one letter off.
        self.by_first: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for i, p in enumerate(self.prosecutors):
            keys = surname_keys(p.name)
            if keys and len(keys[0]) >= _MIN_FUZZY:
                for first in self.first[i]:
                    self.by_first[first].append((i, keys[0]))
        # Tagged: ("n", index, alias), ("p", spot), ("t", class, plural), ("s", state code).
        entries: dict[str, list[tuple[str | int | bool, ...]]] = defaultdict(list)
        for i, p in enumerate(self.prosecutors):
            for key in surname_keys(p.name):
                entries[key].append(("n", i, False))
            for alias in p.aliases:
                if key := clean(alias):
                    entries[key].append(("n", i, True))
        for k, spot in enumerate(self.offices.spots):
            for key in spot.places:
                entries[key].append(("p", k))
            for key in spot.before_title:
                entries[key].append(("q", k))
        for key, (cls, plural) in tt.TITLES.items():
            entries[key].append(("t", cls, plural))
        for key, code in lp.STATES.items():
            entries[key].append(("s", code))
        for c, case in enumerate(CASES):
            if self.offices.case_spots(case):
                for key in case.keys:
                    entries[key].append(("c", c))
        self._ac = ahocorasick.Automaton()
        for key, vals in entries.items():
            self._ac.add_word(key, (len(key), tuple(vals)))
        self._ac.make_automaton()

    def find(self, text: str, title_len: int, period: Period | None = None) -> list[PersonHit]:
        """Prosecutors in `text` (already folded); chars before title_len are the title.

        `period` is the item's date (default: today): an office-only mention means whoever
        held the office then.
        """
        low = text.lower()
        names: list[tuple[int, int, int, bool]] = []
        places: list[tuple[int, int, int]] = []
        titles: list[tuple[int, int, str, bool]] = []
        states: set[str] = set()
        before_title: list[tuple[int, int, int]] = []
        cases: list[tuple[int, int, int]] = []
        for end, (n, vals) in self._ac.iter(low):
            start, stop = end - n + 1, end + 1
            if not is_boundary(low, start, stop):
                continue
            bare = low[start:stop].replace(".", "")
            if bare in _CAPS_ONLY and not text[start:stop].isupper():
                continue
            for v in vals:
                if v[0] == "n":
                    names.append((start, stop, v[1], v[2]))
                elif v[0] == "p":
                    places.append((start, stop, v[1]))
                elif v[0] == "q":
                    if text[start].isupper():
                        before_title.append((start, stop, v[1]))
                elif v[0] == "t":
                    titles.append((start, stop, v[1], v[2]))
                elif v[0] == "c":
                    if text[start].isupper():
                        cases.append((start, stop, v[1]))
                elif not _PLACE_NOT_STATE.match(low, stop):
                    states.add(v[1])
        # "Kimberly Garner", "Larry Krassner": a surname one letter off counts only where an
        # office title, place or state is named (event_lexicon.md §7.6: fuzzy matching gated
        # on a first name plus office context).
        misspelt = self._misspelt(text, names) if titles or places or states else []
        if (
            not names
            and not misspelt
            and not cases
            and not ((places or before_title) and titles)
            and not (places and "exonerat" in low)
        ):
            return []
        titles = _longest(titles)
        if before_title:
            starts = {ts for ts, _, _, _ in titles}
            places += [
                h
                for h in before_title
                if h[1] + 1 in starts and low[h[1]] == " " and not _inside_proper_name(text, h[0])
            ]
        places = _longest(places)
        refs = self.offices.refs(text, low, places, titles, frozenset(states))
        if not refs:
            refs = self.offices.exoneration_refs(text, low, places, title_len)
        occs = [self._classify(text, low, n) for n in _longest_per_person(names)] + misspelt
        spelled = {cls for _, _, cls, plural in titles if not plural and cls != tt.GENERIC}
        hits = self._decide(text, low, title_len, occs, refs, places, states, spelled)
        period = period or Period.day(today())
        self._office_only(text, refs, states, hits, period)
        if cases:
            found = self.offices.case_holders(text, title_len, _longest(cases), titles, period)
            for i, span, cite in found:
                if i not in hits:  # named, or found by office: the mention is theirs already
                    hits[i] = PersonHit(i, 0.75, [text[span[0] : span[1]]], [span], cite)
        return list(hits.values())

    # -- names -----------------------------------------------------------------------
    def _classify(self, text: str, low: str, hit: tuple[int, int, int, bool]) -> Occurrence:
        start, end, i, alias = hit
        surname = low[start:end]
        if alias:
            return Occurrence(i, start, end, "full", surname)
        before = tokens_before(text, start, 2)
        p1 = before[-1] if before else ""
        p2 = before[-2] if len(before) > 1 else ""
        after = tokens_after(text, end, 1)
        # "Alvin Bragg Sr.": the same name a generation apart is someone else
        gen = after[0].lower().rstrip(".,") if after else ""
        kind = "other" if gen in GENERATIONS and gen != self.generation[i] else "full"
        if p1.lower() in self.first[i]:
            return Occurrence(i, text.rfind(p1, 0, start), end, kind, surname)
        if len(p1) == 2 and p1.endswith(".") and p2.lower() in self.first[i]:
            return Occurrence(i, text.rfind(p2, 0, start), end, kind, surname)
        if after and after[0].lower() in NON_PERSON_AFTER:
            return Occurrence(i, start, end, "other", surname)
        # "General" ends an attorney general's own title: someone else only for a person
        # who is not an attorney general.
        own_ag_title = self.cls[i] == tt.AG and (p2.lower(), p1.lower()) == ("attorney", "general")
        if p1.lower() in OTHER_PERSON_BEFORE and not own_ag_title:
            return Occurrence(i, start, end, "other", surname)
        if p1[:1].isupper() and is_near_first_name(p1.lower(), self.first[i]):
            return Occurrence(i, text.rfind(p1, 0, start), end, "near", surname)
        if p1[:1].isupper() and p1.lower() in GIVEN_NAMES and p1.lower() not in STOPWORDS:
            return Occurrence(i, start, end, "other", surname)
        m = _TITLE_BEFORE.search(text, max(0, start - 60), start)
        if m is None and self.cls[i] == tt.AG:
            m = _AG_BEFORE.search(text, max(0, start - 60), start)
        if m:
            return Occurrence(i, m.start(), end, "titled", surname)
        if _TITLE_AFTER.match(text[end : end + 80]):
            return Occurrence(i, start, end, "titled", surname)
        return Occurrence(i, start, end, "bare", surname)

    def _misspelt(self, text: str, names: list[tuple[int, int, int, bool]]) -> list[Occurrence]:
        """A watched person's given name (or nickname) before their surname one letter off,
        same initial ("Kim Foxx" spelt "Kim Fox"): kind "near", so it needs the same context
        as a misspelt given name (see _decide)."""
        out: list[Occurrence] = []
        if not self.by_first:
            return out
        exact = {s for s, _, _, _ in names}
        for m in _FIRST_LAST.finditer(text):
            people = self.by_first.get(m[1].lower())
            if not people or m.start(2) in exact:
                continue
            token = m[2].lower().removesuffix("'s").removesuffix("'")
            for i, surname in people:
                if token != surname and is_one_letter_off(token, surname):
                    out.append(Occurrence(i, m.start(), m.start(2) + len(token), "near", token))
        return out

    # -- decision ----------------------------------------------------------------------
    def _decide(
        self,
        text: str,
        low: str,
        title_len: int,
        occs: list[Occurrence],
        refs: list[OfficeRef],
        places: list[tuple[int, int, int]],
        states: set[str],
        spelled: set[str],
    ) -> dict[int, PersonHit]:
        """`spelled`: the classes of the singular office titles spelled out in the item."""
        by_person: dict[int, list[Occurrence]] = defaultdict(list)
        for o in occs:
            by_person[o.index].append(o)
        ref_of: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for s, e, spots, names_other in refs:
            for i in {i for k in spots for i in self.offices.spots[k].watchers}:
                # "Suffolk DA Kevin Hayden": the title of the person named after it, who is
                # this watched person only if it is their name that follows
                if names_other and not any(e < o.start <= e + 2 for o in by_person.get(i, ())):
                    continue
                ref_of[i].append((s, e))
        vocab = Vocab(text, low)
        hits: dict[int, PersonHit] = {}
        # Surnames seen bare -> the watched people spotted only by them, who may clash
        bare_only: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        for i, os_ in by_person.items():
            kinds = {o.kind for o in os_}
            good = [o for o in os_ if o.kind != "other"]
            place_seen = (
                any(k in self.offices.person_spots[i] for _, _, k in places)
                or self.state[i] in states
            )
            if "titled" in kinds:
                score = 0.95 if "full" in kinds else 0.9
            elif "full" in kinds:
                score = 0.95
                # "Jason Williams" is mostly someone else: ask for any office context
                if self.common_name[i] and not (vocab or ref_of[i] or place_seen):
                    score = 0.45
            elif "near" in kinds and "other" not in kinds:
                # "Diane Becton": a misspelt first name counts only where prosecution is
                # the subject or the person's office or place is named.
                common = all(o.surname in COMMON_SURNAMES for o in good if o.kind == "near")
                if not (ref_of[i] or place_seen or (vocab and not common)):
                    continue
                score = 0.85
                good = [o for o in good if o.kind == "near"]
            elif "bare" in kinds and "other" not in kinds:
                # The person's own office title spelled out anywhere in the item ("Foxx wins
                # primary in state's attorney's race") is what event_lexicon.md asks of a
                # surname that is also a word or a namesake's: a first name or a title.
                own_title = self.cls[i] in spelled
                bare = bare_surname_score(
                    text, good, bool(ref_of[i]), self.state[i], states, place_seen, own_title, vocab
                )
                if bare is None:
                    continue
                score = bare
                if not ref_of[i]:
                    for o in good:
                        bare_only[o.surname].append((i, place_seen))
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
        # Two watched people share the surname ("Gonzalez" in Brooklyn and in Nueces County):
        # the bare word is the one whose place or state the item names, or it says nobody.
        for found in bare_only.values():
            if len({i for i, _ in found}) > 1:
                placed = {i for i, seen in found if seen}
                for i, _ in found:
                    if len(placed) != 1 or i not in placed:
                        hits.pop(i, None)
        return hits

    def _office_only(
        self,
        text: str,
        refs: list[OfficeRef],
        states: set[str],
        hits: dict[int, PersonHit],
        period: Period,
    ) -> None:
        """Office mentions with no name: the watched holder of that office on the date."""
        for s, e, spots, names_other in refs:
            if names_other:
                continue
            tied = {i for k in spots for i in self.offices.spots[k].watchers}
            if tied & hits.keys():
                continue  # a person of that office is named: the mention is about them
            held = {
                i
                for k in spots
                if not (states and self.offices.spots[k].state not in states)
                and (i := self.offices.holder(k, period)) is not None
            }
            if len(held) == 1:
                i = held.pop()
                hits[i] = PersonHit(i, 0.75, [text[s:e]], [(s, e)])


def _inside_proper_name(text: str, start: int) -> bool:
    """ "Robert Fulton DA", "Police Union DA": the county word ends another capitalised name
    (a headline's function words such as "In" do not count)."""
    before = tokens_before(text, start, 1)
    return bool(before) and before[0][:1].isupper() and before[0].lower() not in STOPWORDS


_CAPS_ONLY = tt.CAPS_ONLY | lp.CAPS_ONLY
_Hit = TypeVar("_Hit", bound=tuple[Any, ...])


def _longest(hits: list[_Hit]) -> list[_Hit]:
    """Drop hits inside a longer hit ("prosecutor" inside "top prosecutor")."""
    return [
        h
        for h in hits
        if not any(
            o is not h and o[0] <= h[0] and h[1] <= o[1] and (o[1] - o[0]) > (h[1] - h[0])
            for o in hits
        )
    ]


def _longest_per_person(
    hits: list[tuple[int, int, int, bool]],
) -> list[tuple[int, int, int, bool]]:
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
