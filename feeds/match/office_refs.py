"""Office mentions ("Philadelphia's district attorney", "the Orange-Osceola state attorney")
and whom they mean on the item's date.

Each office a watched person holds or held (their own record, and every office the
directory lists them in) is a spot with its place names. An office-only mention resolves to
whoever held that office over the item's period; it becomes an alert only when that holder
is watched. When the directory knows no term for the date (or nothing about the office), it
falls back to the one watched person tied to the office whose terms are unknown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from feeds.match import lexicon_places as lp
from feeds.match.lexicon_cases import CASES, Case
from feeds.match.lexicon_names import GIVEN_NAMES
from feeds.match.names import place_keys
from feeds.match.offices import Office, OfficeHistory, Period, office_key, slugify
from feeds.match.text import sentence_of, tokens_after, tokens_before
from feeds.match.titles import AG, DA, GENERIC, office_class
from feeds.models import Prosecutor

_NOT_HOLDER_BEFORE = ("deputy", "assistant", "line", "chief deputy", "associate")
# "sworn in as Los Angeles County DA", "elected Philadelphia DA": the post the sentence's
# subject takes, who is its next holder, not whoever holds it on the item's date.
_POST_BEFORE = frozenset({"as", "elected", "named", "appointed", "incoming"})
_PLACE_AFTER_TITLE = re.compile(r"\s+(?:of|for|in)\s+(?:the\s+)?(?:city of\s+)?")
# A title whose race is placed later in the clause: "the D.A. primary in Los Angeles",
# "prosecutor loses bid for reelection in Loudoun County". Only election words may sit in
# between, so "prosecutor arrested in Philadelphia" stays someone else's news.
_RACE_IN_PLACE = re.compile(
    r"(?:'s)?\s+(?:[\w'-]+\s+){0,4}?(?:race|primary|runoff|election|re-?election|bid|seat)"
    r"(?:\s+[\w'-]+){0,2}?\s+in\s+(?:the\s+)?(?:city of\s+)?",
    re.IGNORECASE,
)
# The exoneration as what happened, not "exonerated" describing someone ("exonerated man sues").
# "Exonerations" is the criminal-justice count; the verb also clears athletes and companies, so
# it needs a conviction's words beside it. A federal case is not the local prosecutor's.
_EXONERATIONS = re.compile(r"\bexonerations\b")
_EXONERATED = re.compile(
    r"\bexonerat(?:es|ing|ion)\b"
    r"|\bexonerated(?=\s+(?:after|in|by|of|for|on|at|following|when|as|decades|years|\d)\b"
    r"|\s*[,;:.]|\s*$)"
)
_CONVICTION_WORDS = re.compile(
    r"\b(?:convict\w*|prison|death row|murder\w*|jail\w*|judges?|courts?|wrongful\w*"
    r"|innocen\w*|sentence\w*|years)\b"
)
_FEDERAL = re.compile(r"\bfederal(?:ly)?\b")
# The plural title that names an office's staff, who act for it.
STAFF_TITLE = "prosecutors"
# ... unless it is their own body ("Philadelphia prosecutors' union"), not the office.
_STAFF_BODY = re.compile(r"'?\s*(?:union|association|guild|group|alliance)\b")
_CANDIDATE_AFTER = frozenset({"candidate", "candidates", "hopeful", "hopefuls"})
# Headline punctuation that closes the office's noun phrase: in "Manhattan DA: Daniel Penny
# to face charge" the name after the colon is the story's subject, not the office's holder.
_PHRASE_BREAK = re.compile(r"^(?:'s)?\s*(?::|\s-\s|--|\u2013|\u2014|\|)")

# (start, end, spot indices, a capitalised given name follows: someone else is named)
OfficeRef = tuple[int, int, list[int], bool]
# A capitalised word right after a case word, and those that still mean the case in a
# headline's title case ("Greitens Case", "Smollett Trial"); others start another name.
_NEXT_CAPITAL = re.compile(r"[^\S\n]+([A-Z][\w-]*)")
_CASE_NOUNS = frozenset(
    "case cases trial probe investigation charge charges indictment prosecution hearing"
    " jury verdict scandal lawyers attorneys defense".split()
)
# Charges dropped or refiled: the office's own act on its case even with no title named (a
# judge dismisses, a defense asks "to drop": neither counts, so no "dismiss", no "drop")
# (charging_decision, DESIGN.md; build stories: "charges dropped against" in the 2018 and
# 2019 cases of lexicon_cases.py).
_CHARGE_ACT = re.compile(
    r"\bcharges?\s+(?:[\w'-]+\s+){0,2}?(?:dropped|refiled)\b"
    r"|\b(?:drops|dropped|refiles|refiled)\s+(?:[\w'-]+\s+){0,4}?charges?\b",
    re.IGNORECASE,
)
# Titles that are someone else's office even beside the case: "special prosecutor" (appointed
# over the office's head), "federal prosecutors", "defense attorney".
_NOT_CASE_OFFICE = frozenset(
    {"special", "federal", "independent", "u.s", "us", "state", "defense", "outside"}
)


@dataclass(slots=True)
class OfficeSpot:
    """One office as the matcher sees it."""

    cls: str
    state: str
    is_city: bool
    places: list[str]
    office: Office | None = None
    watchers: list[int] = field(default_factory=list)
    # County names that are also words or people ("Fulton", "Harris"): a place only when an
    # office title follows at once ("Fulton DA"), never alone.
    before_title: list[str] = field(default_factory=list)


class OfficeTable:
    """The offices of the watched people, their place names, and who held them when."""

    def __init__(self, prosecutors: Sequence[Prosecutor], history: OfficeHistory) -> None:
        self.spots: list[OfficeSpot] = []
        self.person_spots: list[list[int]] = []
        self.by_slug: dict[str, int] = {}
        self.slugs: list[set[str]] = []
        index: dict[tuple[str, str, str], int] = {}
        for i, p in enumerate(prosecutors):
            slugs = {p.id, slugify(p.name), *(slugify(a) for a in p.aliases)}
            self.slugs.append(slugs)
            for s in slugs:
                self.by_slug.setdefault(s, i)
            mine: list[int] = []
            own = (p.office, p.jurisdiction, p.state)
            records = [(own, history.get(office_key(*own)))]
            records += [((o.office, o.jurisdiction, o.state), o) for o in history.offices_of(slugs)]
            for (office, jurisdiction, state), record in records:
                key = office_key(office, jurisdiction, state)
                if key not in index:
                    keys, city = place_keys(jurisdiction, state)
                    index[key] = len(self.spots)
                    spot = OfficeSpot(office_class(office), key[0], city, keys, record)
                    spot.before_title = _ambiguous_counties(keys)
                    self.spots.append(spot)
                k = index[key]
                if k not in mine:
                    mine.append(k)
                    self.spots[k].watchers.append(i)
            self.person_spots.append(mine)

    def refs(
        self,
        text: str,
        low: str,
        places: list[tuple[int, int, int]],
        titles: list[tuple[int, int, str, bool]],
        states: frozenset[str] = frozenset(),
    ) -> list[OfficeRef]:
        """Office mentions: a title next to a place of a spot of the same title class.
        `states`: the states the item names."""
        refs = []
        for ts, te, cls, plural in titles:
            # "Cook County prosecutors drop charges": the office acting through its staff (the
            # charging_decision definition: charges brought or dropped by the office). Only with
            # the place right before, so "federal prosecutors in Brooklyn" stays federal.
            staff = plural and low[ts:te] == STAFF_TITLE and not _STAFF_BODY.match(low, te)
            if plural and not staff:
                continue
            found: dict[int, tuple[int, int]] = {}
            for ps, pe, k in places:
                spot = self.spots[k]
                if staff and not ps < ts:
                    continue
                if ps < ts and pe < te:  # place first; may share "county" with the title
                    gap = low[pe:ts] if pe < ts else ""
                    if not _filler_gap(gap):
                        continue
                    if spot.is_city and ("county" in gap or "co." in gap):
                        continue
                elif ps >= te:
                    gap = low[te:ps]
                    if spot.is_city and low[pe : pe + 7].strip().startswith("county"):
                        continue
                    if _RACE_IN_PLACE.fullmatch(gap):
                        # the words between are the event ("loses bid"): leave them to it
                        if cls in (GENERIC, spot.cls):
                            found[k] = (ts, te)
                        continue
                    if not _PLACE_AFTER_TITLE.fullmatch(gap):
                        continue
                else:
                    continue
                if cls in (GENERIC, spot.cls) and not _da_elsewhere(
                    low, (ts, te), (ps, pe), spot, states
                ):
                    found[k] = (min(ps, ts), max(pe, te))
            if not found:
                continue
            start = min(s for s, _ in found.values())
            end = max(e for _, e in found.values())
            before = " ".join(tokens_before(text, start, 2)).lower()
            if any(before.endswith(w) for w in _NOT_HOLDER_BEFORE):
                continue
            if before.split()[-1:] and before.split()[-1] in _POST_BEFORE:
                continue  # the post someone takes, not whoever holds it that day
            after = tokens_after(text, end, 2)
            if after and after[0].lower() in _CANDIDATE_AFTER:
                continue
            names_other = (
                bool(after)
                and after[0][:1].isupper()
                and after[0].lower() in GIVEN_NAMES
                and not _PHRASE_BREAK.match(text[end : end + 6])
            )
            refs.append((start, end, sorted(found), names_other))
        return refs

    def exoneration_refs(
        self, text: str, low: str, places: list[tuple[int, int, int]], title_len: int
    ) -> list[OfficeRef]:
        """A place named in a sentence about exonerations ("Philadelphia judge exonerates
        man", "Philadelphia leads the nation in exonerations"): the place's prosecutor, whose
        office obtained the conviction and answers for it in every exoneration there (the
        exoneration definition, DESIGN.md and event_lexicon.md §E5)."""
        refs: list[OfficeRef] = []
        for ps, pe, k in places:
            spot = self.spots[k]
            if spot.cls == AG or (spot.is_city and low[pe : pe + 7].strip().startswith("county")):
                continue
            # a headline is one sentence, whatever its abbreviations ("No. 2 in exonerations")
            lo, hi = (0, title_len) if ps < title_len else sentence_of(text, ps)
            sentence = low[lo:hi]
            if _FEDERAL.search(sentence):
                continue
            if _EXONERATIONS.search(sentence) or (
                _EXONERATED.search(sentence) and _CONVICTION_WORDS.search(sentence)
            ):
                refs.append((ps, pe, [k], False))
        return refs

    def case_spots(self, case: Case) -> list[int]:
        """The spots that are `case`'s office (same state, title class and place)."""
        return [
            k
            for k, spot in enumerate(self.spots)
            if spot.state == case.state and spot.cls == case.cls and case.place in spot.places
        ]

    def case_refs(
        self,
        text: str,
        cases: list[tuple[int, int, int]],
        titles: list[tuple[int, int, str, bool]],
        period: Period,
        title_len: int,
    ) -> list[tuple[int, int, int, int, int]]:
        """(title start, title end, case start, case end, case) for each prosecutor title in
        the headline or sentence of a case word ("Duke prosecutor", "Prosecutors drop charge
        against Greitens"), while the item's date is in the case's years. A case word that
        starts another name ("Duke Energy") is not the case."""
        out = []
        title_starts = {ts for ts, _, _, _ in titles}
        for cs, ce, c in cases:
            case = CASES[c]
            if not (case.first_year <= period.last.year and period.first.year <= case.last_year):
                continue
            nxt = _NEXT_CAPITAL.match(text, ce)
            if nxt and nxt[1].lower() not in _CASE_NOUNS and nxt.start(1) not in title_starts:
                continue
            lo, hi = (0, title_len) if cs < title_len else sentence_of(text, cs)
            for ts, te, cls, plural in titles:
                if not (lo <= ts < hi) or cls not in (GENERIC, case.cls):
                    continue
                if plural and text[ts:te].lower() != STAFF_TITLE:
                    continue
                before = tokens_before(text, ts, 1)
                if before and before[0].lower().rstrip(".") in _NOT_CASE_OFFICE:
                    continue
                if any(w in _NOT_HOLDER_BEFORE for w in (t.lower() for t in before)):
                    continue
                out.append((ts, te, cs, ce, c))
            if (not out or out[-1][4] != c or out[-1][2] != cs) and _CHARGE_ACT.search(
                text, lo, hi
            ):
                out.append((cs, ce, cs, ce, c))  # the office's act on its case, no title
        return out

    def case_holders(
        self,
        text: str,
        title_len: int,
        cases: list[tuple[int, int, int]],
        titles: list[tuple[int, int, str, bool]],
        period: Period,
    ) -> list[tuple[int, tuple[int, int], list[tuple[int, int]]]]:
        """(watched person, their mention's span, spans only quoted) for each case mention:
        the case's prosecutor, not the office's holder on the item's date ("the Duke
        prosecutor" after he resigned is still him)."""
        out = []
        for ts, te, cs, ce, c in self.case_refs(text, cases, titles, period, title_len):
            case = CASES[c]
            years = Period(date(case.first_year, 1, 1), date(case.last_year, 12, 31))
            held = {i for k in self.case_spots(case) if (i := self.holder(k, years)) is not None}
            if len(held) != 1:
                continue
            # "Duke Prosecutor" is one mention; a case further off is quoted, not marked.
            joined = not text[min(te, ce) : max(ts, cs)].strip(" '")
            span = (min(ts, cs), max(te, ce)) if joined else (ts, te)
            out.append((held.pop(), span, [] if joined else [(cs, ce)]))
        return out

    def holder(self, k: int, period: Period) -> int | None:
        """The watched person who held spot k over `period`, or None (nobody, or not watched)."""
        spot = self.spots[k]
        office = spot.office
        known: set[str] = set()
        if office is not None and office.dated():
            held = office.holder_on(period)
            if held is not None:
                return self._watched(held.slug, held.aliases)
            if office.complete:
                return None
            known = {h.slug for h in office.dated()}
        unknown = [i for i in spot.watchers if not (self.slugs[i] & known)]
        return unknown[0] if len(unknown) == 1 else None

    def _watched(self, slug: str, aliases: tuple[str, ...]) -> int | None:
        for s in (slug, *(slugify(a) for a in aliases)):
            if s in self.by_slug:
                return self.by_slug[s]
        return None


def _filler_gap(gap: str) -> bool:
    words = gap.replace("'s", " ").replace("'", " ").replace(",", " ").replace("-", " ").split()
    return all(w in lp.PLACE_TITLE_FILLER for w in words)


def _da_elsewhere(
    low: str,
    title: tuple[int, int],
    place: tuple[int, int],
    spot: OfficeSpot,
    states: frozenset[str],
) -> bool:
    """ "Orange County DA" for Florida's state attorney: where the office is not called
    district attorney, "DA" after a county's name is more likely that county's namesake in
    another state (Orange County, California), unless the item names the office's state."""
    abbrev = low[title[0] : title[1]].replace(".", "") in ("da", "das")
    county = "county" in low[place[0] : place[1] + 8]
    return abbrev and county and spot.cls != DA and spot.state not in states


def _ambiguous_counties(keys: list[str]) -> list[str]:
    """ "fulton" for "fulton county" when the bare name is kept out of the place keys."""
    out = []
    for key in keys:
        bare = key.removesuffix(" county")
        if bare != key and bare in lp.AMBIGUOUS_PLACES and bare not in lp.STATES:
            out.append(bare)
    return out
