"""How many rules the matcher's tables hold (printed by `make eval`)."""

from __future__ import annotations

from feeds.match.events_acts import ALL_CUES as CUES
from feeds.match.events_context import DIRECTION, DISCARD, STAGES


def rule_counts() -> dict[str, int]:
    """Rows per rule table."""
    return {
        "event cues": len(CUES),
        "discard": len(DISCARD),
        "stages": len(STAGES),
        "direction notes": len(DIRECTION),
    }
