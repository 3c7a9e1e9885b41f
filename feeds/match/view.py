"""One prosecutor's view of an item: their mentions as @P, background mentions as @B.

Event rules read this view, so a rule can say who acts on whom ("sued @P", "@P sues"). Each
view keeps a map back to the folded item text, so the words that decided an event can be
quoted from the item as written.

A mention is background when the item names the person only to place someone else's news
(the labelling rule of ../shared/eval): inside a comma-set relative clause ("Hochman, who beat
@P in 2024, ..."; "a group that is trying to recall @P, ..."), as the one a successor replaces
after being ousted ("to replace recalled DA @P"), or as a former holder in a phrase about
someone else ("under former DA @P", "former DA @P's policy").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import ahocorasick

from feeds.match import titles
from feeds.match.lexicon_names import GIVEN_NAMES

MARK, BACKGROUND = "@P", "@B"

# Office titles that, once a prosecutor is identified, may refer to them (vocabulary: titles.py).
_TITLE_VIEW = {cls: titles.title_pattern(cls) for cls in (*titles.CLASSES, titles.GENERIC)}
# Every title above starts with one of these: the patterns are only tried where one does.
_TITLE_STARTS = ahocorasick.Automaton()
for _word in (
    "district", "criminal", "da", "d.a", "state", "circuit", "commonwealth", "county",
    "prosecuting", "attorney",
):  # fmt: skip
    _TITLE_STARTS.add_word(_word, len(_word))
_TITLE_STARTS.make_automaton()
# A title directly before another person's name is that person's title ("DA Jane Roe").
_WORD_AFTER = re.compile(r"\s+([A-Z][a-z]+)\b")
_SUCCESSOR_BEFORE = re.compile(r"\b(?:new|incoming|interim|acting|next)\s+$", re.IGNORECASE)

_STATUS = r"(?:recalled|ousted|removed|suspended|defeated|disgraced|former|ex-|late)"
# (words one of which the pattern needs, pattern): the words make skipping it cheap
_BACKGROUND = [
    # a comma-set relative clause or appositive that holds the mention
    (
        (", ",),
        re.compile(
            r",\s+(?:who|whom|which|an? [\w-]+(?: [\w-]+)? (?:that|which|who)|[a-z]+ed)\b"
            r"[^,;.\n]*?(@P)"
        ),
    ),
    # the person a successor replaces once they are gone
    (
        ("replac", "succe"),
        re.compile(
            rf"\b(?:replac\w*|succeed\w*|successor (?:to|of))\s+(?:the\s+)?(?:\w+\s+)?{_STATUS}"
            r"\s+(?:\w+\s+){0,3}?(@P)",
            re.IGNORECASE,
        ),
    ),
    # a former holder in a phrase about someone else
    (
        ("former", "ex-", "then-"),
        re.compile(
            r"\b(?:under|than|like|from|with|by|of|after|since)\s+(?:the\s+)?"
            r"(?:former|ex-|then-)\s*(?:\w+\s+){0,2}?(@P)"
            r"|\b(?:former|ex-|then-)\s*(?:\w+\s+){0,2}?(@P)'s?\s",
            re.IGNORECASE,
        ),
    ),
    # an earlier target of the same group: "the group that ousted @P now targets ..."
    (
        ("that ", "who "),
        re.compile(
            r"\b(?:that|who)\s+(?:\w+ly\s+)?(?:ousted|recalled|removed|unseated|toppled|beat"
            r"|defeated|backed|supported|worked for"
            r"|led\s+(?:the\s+|a\s+)?(?:\w+\s+)?(?:recall|ouster|campaign|effort|drive)"
            r"\s+(?:of|against|to\s+\w+))\s+(?:\w+\s+){0,2}?(@P)",
            re.IGNORECASE,
        ),
    ),
    # the office as it was under them: "the office once led by @P"
    (
        ("once", "formerly", "previously"),
        re.compile(
            r"\b(?:once|formerly|previously)\s+(?:led|run|headed)\s+by\s+(?:\w+\s+){0,2}?(@P)",
            re.IGNORECASE,
        ),
    ),
    (
        ("predecessor",),
        re.compile(r"\bpredecessors?\s*,?\s+(?:\w+\s+){0,2}?(@P)", re.IGNORECASE),
    ),
]


# ... unless the rest of the sentence comes back to them: "The union, which backed @P in 2017,
# now backs her challenger" is still news about @P.
_STILL_THEIRS = re.compile(
    r"[^.;\n]*?\b(?:his|her)\s+(?:\w+\s+)?(?:challenger|opponent|rival|recall|impeachment"
    r"|removal|ouster|office|policies|policy|directives?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class View:
    """The @P view of one item for one prosecutor, with offsets back to the folded text."""

    text: str
    title_end: int  # view offset where the title ends
    _starts: tuple[int, ...]  # view offset where each piece starts
    _origin: tuple[tuple[int, int, bool], ...]  # (text start, text end, replaced) per piece

    @property
    def has_mark(self) -> bool:
        return MARK in self.text

    def to_text(self, start: int, end: int) -> tuple[int, int]:
        """The folded-text span behind view[start:end] (a replaced mark maps to its mention)."""
        return self._point(start, left=True), self._point(end, left=False)

    def _point(self, pos: int, left: bool) -> int:
        k = max(0, bisect_right(self._starts, pos if left else pos - 1) - 1)
        t0, t1, replaced = self._origin[k]
        if replaced:
            return t0 if left else t1
        return t0 + (pos - self._starts[k])


def office_titles(text: str, office_cls: str) -> list[tuple[int, int]]:
    """Where `text` names an office of this class by its bare title ("the district attorney")."""
    found = []
    for end, n in _TITLE_STARTS.iter(text.lower()):
        # an office class without a title pattern here falls back to the generic "DA"
        for rx in (
            _TITLE_VIEW.get(office_cls, _TITLE_VIEW[titles.GENERIC]),
            _TITLE_VIEW[titles.GENERIC],
        ):
            if m := rx.match(text, end - n + 1):
                found.append(m.span())
                break
    return found


def build_view(
    text: str,
    title_len: int,
    spans: list[tuple[int, int]],
    titles: list[tuple[int, int]],
    others: frozenset[int] = frozenset(),
) -> View:
    """The view of `text` for one prosecutor found at `spans`.

    `titles` are the bare office titles of their office class in the text (office_titles):
    each is theirs unless it belongs to someone else, that is unless a successor ("the new
    DA") or another person's name follows it; `others` are where other watched prosecutors'
    mentions start.
    """
    own_starts = {s for s, _ in spans}
    spans = list(spans)
    for ts, te in titles:
        if not _names_someone_else(text, ts, te, own_starts, others):
            spans.append((ts, te))
    parts: list[str] = []
    starts: list[int] = []
    origin: list[tuple[int, int, bool]] = []
    pos = vpos = 0
    title_end = None
    for s, e in [*_merge(text, spans), (len(text), len(text))]:
        if title_end is None and s >= title_len:
            title_end = vpos + max(0, title_len - pos)
        if s > pos:
            starts.append(vpos)
            origin.append((pos, s, False))
            parts.append(text[pos:s])
            vpos += s - pos
        if e > s:
            starts.append(vpos)
            origin.append((s, e, True))
            parts.append(MARK)
            vpos += len(MARK)
        pos = max(pos, e)
    if not starts:
        starts.append(0)
        origin.append((0, 0, False))
    view = _mark_background("".join(parts))
    return View(view, title_end or 0, tuple(starts), tuple(origin))


def _names_someone_else(
    text: str, start: int, pos: int, own_starts: set[int], others: frozenset[int]
) -> bool:
    m = _WORD_AFTER.match(text, pos)
    if _SUCCESSOR_BEFORE.search(text, max(0, start - 12), start):
        return not (m and m.start(1) in own_starts)  # "the new DA" is a successor unless named
    if not m or m.start(1) in own_starts:
        return False
    return m.start(1) in others or m.group(1).lower() in GIVEN_NAMES


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or space-separated mentions become one ("DA" + "Krasner" = one @P)."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        gap = text[merged[-1][1] : s] if merged else "\n"
        if merged and (s < merged[-1][1] or not gap.strip()) and "\n" not in gap:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _mark_background(view: str) -> str:
    """Replace background mentions' @P with @B (same length: offsets stay valid)."""
    if MARK not in view:
        return view
    low = view.lower()
    chars = None
    for needs, rx in _BACKGROUND:
        if not any(n in low for n in needs):
            continue
        for m in rx.finditer(view):
            s = m.start(m.lastindex or 1)
            if _STILL_THEIRS.match(view, m.end()):
                continue
            chars = chars or list(view)
            chars[s : s + 2] = BACKGROUND
    return "".join(chars) if chars else view
