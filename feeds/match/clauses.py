"""The shape of a sentence around a cue: where sentences end, asides, and descriptions.

A headline is one unit (its colons join: "Manhattan DA: suspect to face charges") except at
'; ' or ' | '. Summary sentences end at '. ', '? ', '! ', '; ', not after an initial or a
title such as "Sen." A cue in an aside ("amid a probe", ", which recall backers attacked") is
the setting of the news, and a participle before a name ("Suspended prosecutor X") describes
the person rather than reporting what happened to them.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_TITLE_BREAK = re.compile(r";\s|\s\|\s")
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")
# Not a sentence end: a full stop after an initial, "Pa." or one of these abbreviations.
_ABBREVIATIONS = frozenset(
    "sen rep gov gen lt sgt capt det atty dist inc jr sr mr mrs ms dr ft mt no vs".split()
)
_DESCRIBING_WORD = re.compile(r"[A-Za-z-]+ed")
_DESCRIBED = re.compile(
    r"(?: [a-z][\w'.-]*){0,2} @P|(?: (?:prosecutor|district attorney|state'?s? attorney|D\.?A\.?"
    r"|[A-Z][\w'.-]*)){1,5}(?:\W|$)"
)
_DESCRIBING_BEFORE = re.compile(
    r"(?:^|\b(?:the|a|an|former|now|newly|twice|embattled|then|replac\w*|succeed\w*)|[,:(\"'])"
    r"\s*$",
    re.IGNORECASE,
)
_ASIDE = re.compile(
    # what follows "amid", "after", "under" is the setting: "X resigns amid probe"
    r"\b(?:amid|after|following|despite|during|before|in the wake of|under|using|citing)\s+"
    r"(?:[@\w'.-]+\s+){0,3}$"
    # a comma-set aside right after the prosecutor: "DA X, facing recall, unveils ..."
    r"|@P(?:'s)?,\s+(?:who\s+)?(?:[\w'-]+\s+){0,2}$"
    # a relative clause set off by a comma: "..., which recall backers attacked"
    r"|,\s+(?:who|which|whose|where)\b[^,]*$",
    re.IGNORECASE,
)
_UNINVOLVED = re.compile(r"not involved|no role|not a party|stays? out|no comment", re.IGNORECASE)


def sentence_ends(text: str, title_end: int) -> list[int]:
    """Offsets where each sentence (or headline clause) of `text` ends, in order."""
    ends = []
    if ";" in text[:title_end] or "|" in text[:title_end]:
        ends = [m.end() for m in _TITLE_BREAK.finditer(text, 0, title_end)]
    ends.append(title_end)
    for m in _SENTENCE_END.finditer(text, title_end + 1):
        dot = start = m.start()
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        word = text[start:dot]
        if m.group(0) == "." and (
            len(word) == 1
            or (len(word) == 2 and word[0].isupper())
            or word.lower() in _ABBREVIATIONS
        ):
            continue
        ends.append(m.end())
    return ends


def sentence_at(ends: list[int], pos: int, length: int) -> tuple[int, int]:
    """(start, end) of the sentence holding `pos`, given sentence_ends."""
    k = bisect_right(ends, pos)
    return (ends[k - 1] if k else 0), (ends[k] if k < len(ends) else length)


def describes(text: str, start: int, end: int, sentence_start: int) -> bool:
    """'Suspended DA X', 'the ousted prosecutor @P': text[start:end] describes, not reports."""
    return (
        _DESCRIBING_WORD.fullmatch(text, start, end) is not None
        and _DESCRIBED.match(text, end) is not None
        and _DESCRIBING_BEFORE.search(text[sentence_start:start]) is not None
    )


def in_aside(text: str, sentence_start: int, pos: int) -> bool:
    """Whether what stands at `pos` is the setting ("amid ...") or an aside of its sentence."""
    return _ASIDE.search(text, sentence_start, pos) is not None


def uninvolved(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] says the prosecutor has no part in it ("not involved")."""
    return _UNINVOLVED.search(text, start, end) is not None
