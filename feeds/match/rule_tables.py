"""How many rules the matcher's tables hold (printed by `make eval`)."""

from __future__ import annotations

from feeds.match.events_acts import ALL_CUES as CUES
from feeds.match.events_context import DIRECTION, DISCARD, STAGES
from feeds.match.lexicon_cases import CASES
from feeds.match.lexicon_frames import FRAMES


def rule_counts() -> dict[str, int]:
    """Rows per rule table."""
    return {
        "event cues": len(CUES),
        "discard": len(DISCARD),
        "stages": len(STAGES),
        "direction notes": len(DIRECTION),
        "name frames": len(FRAMES),
        "cases": len(CASES),
    }
