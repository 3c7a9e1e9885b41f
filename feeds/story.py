"""Story identity: the same news told by several outlets or feeds becomes one alert."""

from __future__ import annotations

import hashlib
import re

from anyascii import anyascii

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    (
        "a an the of to in on for and or but by with as at from is are was were be been it its "
        "his her their after over says said say new s"
    ).split()
)


def _stem(word: str) -> str:
    # Enough to make "impeaches", "impeached" and "impeach" one word; not a real stemmer.
    for suffix in ("ing", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def headline_tokens(title: str) -> frozenset[str]:
    """Significant lower-case ASCII word stems of a headline."""
    words = _WORD.findall(anyascii(title).lower())
    return frozenset(_stem(w) for w in words if w not in _STOPWORDS)


def story_key(title: str) -> str:
    """A short stable key for a headline: identical wording (any case, accents, punctuation)."""
    words = [w for w in _WORD.findall(anyascii(title).lower()) if w not in _STOPWORDS]
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:20]


def same_story(a: frozenset[str], b: frozenset[str], threshold: float = 0.3) -> bool:
    """Two headlines already known to concern one person and one event type, days apart at most,
    are one story when they share at least two word stems and a fair part of the shorter one."""
    shared = len(a & b)
    return shared >= 2 and shared / max(1, min(len(a), len(b))) >= threshold
