"""Required literals of a regular expression, to skip rules whose words cannot be present.

`anchors(pattern)` returns lowercase strings such that any match of the pattern contains one
of them, or None when that cannot be shown (then the rule always runs). Cheap substring
tests on these stems let the event classifier run only the few rules that can match.

For each top-level alternative the first mandatory literal of two or more characters is
taken, skipping what cannot be pinned down (optional groups, character classes, the
prosecutor mark @P that every view holds): whatever comes before it, every match of that
alternative contains it.
"""

from __future__ import annotations

_SPECIAL = set("\\[](){}?*+.|^$")
_CLASS_ESCAPES = set("wWdDsSbB")
MIN_STEM = 2
# The prosecutor mark is in every view: it tells nothing about which rules can match.
_UNINFORMATIVE = frozenset({"@p"})


def anchors(pattern: str) -> tuple[frozenset[str] | None, bool]:
    """(stems, whether every match starts with one of them): a match can then only begin where
    a stem does, and the caller may try the pattern at those places instead of scanning."""
    out: set[str] = set()
    at_start = True
    for alt in split_alternatives(pattern):
        got, prefix = _required(alt)
        if got is None:
            return None, False
        out |= got
        at_start = at_start and prefix
    return frozenset(out), at_start


def split_alternatives(p: str) -> list[str]:
    """Top-level alternatives of a pattern."""
    parts, cur, depth, i = [], [], 0, 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            cur.append(p[i : i + 2])
            i += 2
            continue
        if c == "[":
            j = _class_end(p, i)
            cur.append(p[i:j])
            i = j
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts


def _class_end(p: str, i: int) -> int:
    """Index just past the character class starting at p[i] == '['."""
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while p[j] != "]":
        j += 2 if p[j] == "\\" else 1
    return j + 1


def _close(p: str, start: int) -> int:
    """Index of the parenthesis closing the one at `start`."""
    depth, i = 0, start
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(p, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced pattern: {p}")


def _quantifier(p: str, i: int) -> tuple[int, bool]:
    """(index after a quantifier at p[i], whether it allows zero repetitions)."""
    if i >= len(p):
        return i, False
    c = p[i]
    if c in "?*":
        optional, i = True, i + 1
    elif c == "+":
        optional, i = False, i + 1
    elif c == "{" and "}" in p[i:]:
        j = p.index("}", i)
        optional, i = p[i + 1 : j].split(",")[0].strip() in ("", "0"), j + 1
    else:
        return i, False
    if i < len(p) and p[i] in "?+":  # lazy or possessive
        i += 1
    return i, optional


def _required(alt: str) -> tuple[set[str] | None, bool]:
    """(stems of one alternative or None, whether they start every match)."""
    i = 0
    skipped = False
    while i < len(alt):
        c = alt[i]
        if alt.startswith(("(?<", "(?!", "(?="), i):  # lookaround: no characters
            i = _close(alt, i) + 1
            continue
        if c == "(":
            end = _close(alt, i)
            inner = alt[i + 3 : end] if alt.startswith("(?:", i) else alt[i + 1 : end]
            i, optional = _quantifier(alt, end + 1)
            if not optional:
                got, prefix = anchors(inner)
                if got is not None:
                    return set(got), prefix and not skipped
            skipped = True
            continue
        if c == "\\" and i + 1 < len(alt) and alt[i + 1] in "bB":  # a boundary: no characters
            i += 2
            continue
        if c == "\\" and i + 1 < len(alt) and alt[i + 1] in _CLASS_ESCAPES:
            i, _ = _quantifier(alt, i + 2)
            skipped = True
            continue
        if c in "[.":
            i, _ = _quantifier(alt, _class_end(alt, i) if c == "[" else i + 1)
            skipped = True
            continue
        if c in "^$":
            i += 1
            continue
        lit, i = _literal(alt, i)
        text = "".join(lit).lower()
        if len(text) >= MIN_STEM and text not in _UNINFORMATIVE:
            return {text}, not skipped
        skipped = True
    return None, False


def _literal(alt: str, i: int) -> tuple[list[str], int]:
    """The run of literal characters at alt[i] (escaped punctuation included)."""
    lit: list[str] = []
    while i < len(alt):
        c = alt[i]
        if c == "\\" and i + 1 < len(alt) and alt[i + 1] not in _CLASS_ESCAPES:
            ch, nxt = alt[i + 1], i + 2
        elif c in _SPECIAL:
            break
        else:
            ch, nxt = c, i + 1
        after, optional = _quantifier(alt, nxt)
        if after != nxt:  # a quantified char ends the run; optional ones are not in it
            if not optional:
                lit.append(ch)
            return lit, after
        lit.append(ch)
        i = nxt
    return lit, i
