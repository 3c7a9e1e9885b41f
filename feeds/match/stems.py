"""Literal prefixes of a regular expression, to skip rules whose words cannot be present.

`stems(pattern)` returns lowercase strings such that any match of the pattern contains one
of them, or None when that cannot be shown (then the rule always runs). Cheap substring
tests on these stems let the event classifier run only the few rules that can match.
"""

from __future__ import annotations

_SPECIAL = set("\\[](){}?*+.|^$")
_QUANT = set("?*{")
MIN_STEM = 2


def stems(pattern: str) -> frozenset[str] | None:
    out: set[str] = set()
    for alt in _split(pattern):
        got = _prefixes(alt)
        if got is None:
            return None
        out |= got
    return frozenset(out)


def _split(p: str) -> list[str]:
    """Top-level alternatives of a pattern."""
    parts, cur, depth, i = [], [], 0, 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            cur.append(p[i : i + 2])
            i += 2
            continue
        if c == "[":
            j = p.index("]", i + 2)
            cur.append(p[i : j + 1])
            i = j + 1
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


def _close(p: str, start: int) -> int:
    """Index of the parenthesis closing the one at `start`."""
    depth, i = 0, start
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = p.index("]", i + 2) + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced pattern: {p}")


def _prefixes(alt: str) -> set[str] | None:
    s = alt
    while True:
        if s.startswith("\\b"):
            s = s[2:]
        elif s.startswith(("(?<", "(?!", "(?=")):
            s = s[_close(s, 0) + 1 :]
        else:
            break
    if s.startswith("("):
        end = _close(s, 0)
        if end + 1 < len(s) and s[end + 1] in _QUANT:
            return None  # optional group: nothing certain at the start
        inner = s[3:end] if s.startswith("(?:") else s[1:end]
        inner_stems = stems(inner)
        return None if inner_stems is None else set(inner_stems)
    lit: list[str] = []
    for c in s:
        if c in _SPECIAL:
            if c in _QUANT and lit:
                lit.pop()  # the char before a quantifier is optional
            break
        lit.append(c)
    text = "".join(lit).lower()
    return {text} if len(text) >= MIN_STEM else None
