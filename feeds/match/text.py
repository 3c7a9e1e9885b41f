"""Text folding and token helpers shared by the people and event matchers."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.'&-]*")
# Letters that may directly follow or precede a key without it being a word boundary.
_WORDCHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def fold(text: str) -> str:
    """NFKC, accents and curly quotes folded to ASCII, whitespace collapsed; case kept.

    Lower-casing the result keeps its length, so offsets in `fold(t).lower()` index `fold(t)`.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = anyascii(text)
    return _SPACES.sub(" ", text).strip()


def fold_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` built one character at a time, with the index in `text` of each output char.

    Evidence is found in folded text but must be quoted as the item wrote it: a folded span
    [s, e) is text[where[s] : where[e - 1] + 1]. Folding per character gives the same result as
    `fold` for the text news carries (checked by the tests); callers compare before trusting it.
    """
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text or ""):
        piece = ch if ch.isascii() else anyascii(unicodedata.normalize("NFKC", ch))
        for c in piece:
            if c.isspace():
                if not out or out[-1] == " ":
                    continue
                c = " "
            out.append(c)
            where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def is_boundary(low: str, start: int, end: int) -> bool:
    """True when low[start:end] is a whole word (or words) of `low`."""
    if start > 0 and low[start - 1] in _WORDCHARS:
        return False
    return not (end < len(low) and low[end] in _WORDCHARS)


def tokens_before(text: str, start: int, n: int, window: int = 60) -> list[str]:
    """The last n word tokens before `start` (nearest last), trailing punctuation stripped."""
    # the headline and the summary are separate lines: a word never borrows from the other
    lo = max(0, start - window, text.rfind("\n", 0, start) + 1)
    toks = _TOKEN.findall(text[lo:start])
    if lo == start - window and lo > 0 and toks:
        toks = toks[1:]  # the first may be cut in half by the window
    return [t.rstrip(".'-") if not _is_abbrev(t) else t for t in toks[-n:]]


def tokens_after(text: str, end: int, n: int, window: int = 60) -> list[str]:
    """The first n word tokens after `end`, skipping a possessive and commas."""
    rest = text[end : end + window].split("\n", 1)[0]
    if rest.startswith("'s"):
        rest = rest[2:]
    toks = _TOKEN.findall(rest)
    return [t.rstrip("'-") for t in toks[:n]]


def _is_abbrev(tok: str) -> bool:
    return tok.endswith(".") and len(tok) <= 5


def sentence_of(text: str, pos: int) -> tuple[int, int]:
    """Rough sentence bounds around pos: splits on '. ', '; ', '! ', '? ' and newlines."""
    lo = max(text.rfind(sep, 0, pos) for sep in (". ", "; ", "! ", "? ", "\n"))
    hi_candidates = [i for i in (text.find(sep, pos) for sep in (". ", "; ", "! ", "? ", "\n"))]
    hi = min((i for i in hi_candidates if i != -1), default=len(text))
    return (lo + 1 if lo >= 0 else 0, hi)
