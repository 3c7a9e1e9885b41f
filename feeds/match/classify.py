"""The `classify` contract: JSON Lines in, one JSON line of alerts out per input line.

Input lines: {"id": ..., "title": ..., "summary": ..., "date": ...} ("date" optional, ISO
"2022-08-15", "2022-08" or "2022": an office-only mention means whoever held the office
then; without it, today's holder). Output lines:
{"id": ..., "alerts": [{"prosecutor": <watchlist name>, "event_type": ..., "evidence": "...",
"score": 0-1}]}. A line that is not a JSON object with a string title yields
{"id": null, "alerts": [], "error": "..."} and the stream goes on. An unreadable date is
matched as undated and the output line says so in "warning".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from feeds.match.matcher import Matcher
from feeds.match.offices import period_of

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
    title, summary, when = obj.get("title"), obj.get("summary") or "", obj.get("date")
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
        for m in matcher.match(title, summary, period_of(when))
    ]
    out: dict[str, Any] = {"id": item_id, "alerts": alerts}
    if when not in (None, "") and period_of(when) is None:
        out["warning"] = "unreadable 'date' (expected YYYY-MM-DD, YYYY-MM or YYYY); used today"
    return out


def _error(item_id: object, message: str) -> dict[str, Any]:
    return {"id": item_id, "alerts": [], "error": message}
