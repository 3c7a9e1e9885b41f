"""How many rules the matcher's tables hold (printed by `make eval`)."""

from __future__ import annotations

from feeds.match.events_lexicon import CUES, DIRECTION, DISCARD


def rule_counts() -> dict[str, int]:
    """Rows per rule table."""
    return {"event cues": len(CUES), "discard": len(DISCARD), "direction notes": len(DIRECTION)}
