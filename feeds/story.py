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


# How far the event had gone ("signatures", "ruling"), kept among the tokens as "stage:<name>":
# a later step of the same recall is news of its own, not the first alert told again.
STAGE_PREFIX = "stage:"


def headline_tokens(title: str, stage: str = "") -> frozenset[str]:
    """Significant lower-case ASCII word stems of a headline (and the event's stage, if known)."""
    words = _WORD.findall(anyascii(title).lower())
    tokens = {_stem(w) for w in words if w not in _STOPWORDS}
    if stage:
        tokens.add(STAGE_PREFIX + stage)
    return frozenset(tokens)


def story_key(title: str) -> str:
    """A short stable key for a headline: identical wording (any case, accents, punctuation)."""
    words = [w for w in _WORD.findall(anyascii(title).lower()) if w not in _STOPWORDS]
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:20]


def same_story(a: frozenset[str], b: frozenset[str], threshold: float = 0.3) -> bool:
    """Two headlines already known to concern one person and one event type, days apart at most,
    are one story when they share at least two word stems and a fair part of the shorter one,
    and are not at two different stages of it."""
    stages_a, stages_b = _stages(a), _stages(b)
    if stages_a and stages_b and stages_a != stages_b:
        return False
    a, b = a - stages_a, b - stages_b
    shared = len(a & b)
    return shared >= 2 and shared / max(1, min(len(a), len(b))) >= threshold


def _stages(tokens: frozenset[str]) -> frozenset[str]:
    return frozenset(t for t in tokens if t.startswith(STAGE_PREFIX))
