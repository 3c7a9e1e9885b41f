"""Story identity: the same news told by several outlets or feeds becomes one alert."""

from __future__ import annotations

import hashlib
import re

from unidecode import unidecode

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    "a an the of to in on for and or but by with as at from is are was were be been it its his her "
    "their after over says said say new s".split()
)


def headline_tokens(title: str) -> frozenset[str]:
    """Significant lower-case ASCII words of a headline."""
    return frozenset(w for w in _WORD.findall(unidecode(title).lower()) if w not in _STOPWORDS)


def story_key(title: str) -> str:
    """A short stable key for a headline: identical wording (any case, accents, punctuation)."""
    words = [w for w in _WORD.findall(unidecode(title).lower()) if w not in _STOPWORDS]
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:20]


def same_story(a: frozenset[str], b: frozenset[str], threshold: float = 0.34) -> bool:
    """Two headlines about the same person and event type are one story when their words overlap."""
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= threshold
