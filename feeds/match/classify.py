"""The `classify` contract: JSON Lines in, one JSON line of alerts out per input line.

Input lines: {"id": ..., "title": ..., "summary": ...}. Output lines:
{"id": ..., "alerts": [{"prosecutor": <watchlist name>, "event_type": ..., "evidence": "...",
"score": 0-1}]}. A line that is not a JSON object with a string title yields
{"id": null, "alerts": [], "error": "..."} and the
stream goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from feeds.match.matcher import Matcher

MAX_LINE = 1_000_000


def classify_lines(
    lines: Iterable[str], matcher: Matcher, names: Mapping[str, str]
) -> Iterator[str]:
    """Yield one output JSON line per non-blank input line. `names` maps prosecutor id -> name."""
    for line in lines:
        if not line.strip():
            continue
        yield json.dumps(_one(line, matcher, names), ensure_ascii=False)


def _one(line: str, matcher: Matcher, names: Mapping[str, str]) -> dict[str, Any]:
    if len(line) > MAX_LINE:
        return _error(None, f"line longer than {MAX_LINE} characters")
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        return _error(None, f"invalid JSON: {exc}")
    if not isinstance(obj, dict):
        return _error(None, "expected a JSON object")
    item_id = obj.get("id")
    if not isinstance(item_id, str | int | float | type(None)) or isinstance(item_id, bool):
        item_id = None
    title, summary = obj.get("title"), obj.get("summary") or ""
    if not isinstance(title, str):
        return _error(None, "missing or non-string 'title'")
    if not isinstance(summary, str):
        return _error(None, "non-string 'summary'")
    alerts = [
        {
            "prosecutor": names.get(m.prosecutor_id, m.prosecutor_id),
            "event_type": str(m.event_type),
            "evidence": "; ".join(m.evidence),
            "score": m.score,
        }
        for m in matcher.match(title, summary)
    ]
    return {"id": item_id, "alerts": alerts}


def _error(item_id: object, message: str) -> dict[str, Any]:
    return {"id": item_id, "alerts": [], "error": message}
