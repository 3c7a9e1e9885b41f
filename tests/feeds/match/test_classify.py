"""The classify JSON Lines contract."""

from __future__ import annotations

import json

from feeds.match.classify import MAX_LINE, classify_lines
from tests.feeds.match.watch import MATCHER, PEOPLE

NAMES = {p.id: p.name for p in PEOPLE}


def run(lines: list[str]) -> list[dict]:
    return [json.loads(out) for out in classify_lines(lines, MATCHER, NAMES)]


def test_alert_uses_watchlist_name_and_fields():
    """An alert names the prosecutor as in the watchlist, with type, evidence and score."""
    line = json.dumps({"id": "a1", "title": "Recall petition filed against DA Gascón"})
    [out] = run([line])
    assert out == {
        "id": "a1",
        "alerts": [
            {
                "prosecutor": "George Gascón",
                "event_type": "recall",
                "evidence": "DA Gascón; Recall petition filed against DA Gascón",
                "score": 0.889,
            }
        ],
    }


def test_item_about_nobody_has_empty_alerts():
    """An item about no watched prosecutor yields an empty alert list."""
    [out] = run([json.dumps({"id": 7, "title": "Bakery recalls bread", "summary": ""})])
    assert out == {"id": 7, "alerts": []}


def test_malformed_line_reports_error_and_continues():
    """A malformed line yields an error record and the next line is still processed."""
    outs = run(["{not json", json.dumps({"id": "b", "title": "DA Krasner speaks"})])
    assert outs[0]["id"] is None and outs[0]["alerts"] == []
    assert outs[0]["error"].startswith("invalid JSON: ")
    assert outs[1] == {
        "id": "b",
        "alerts": [
            {
                "prosecutor": "Larry Krasner",
                "event_type": "other",
                "evidence": "DA Krasner",
                "score": 0.72,
            }
        ],
    }


def test_non_object_and_missing_title_are_errors():
    """A JSON array or an object without a title is an error record."""
    outs = run(["[1, 2]", json.dumps({"id": "c"})])
    assert outs == [
        {"id": None, "alerts": [], "error": "expected a JSON object"},
        {"id": None, "alerts": [], "error": "missing or non-string 'title'"},
    ]


def test_blank_lines_are_skipped():
    """Blank lines produce no output."""
    assert run(["", "   "]) == []


def test_output_keeps_accents_as_written() -> None:
    """Output lines are UTF-8 text: 'Gascón' is written as is, not as a \\u escape."""
    line = json.dumps({"id": "u", "title": "DA Gascón speaks"})
    [out] = list(classify_lines([line], MATCHER, NAMES))
    assert '"prosecutor": "George Gascón"' in out


def test_a_line_of_exactly_the_limit_is_read() -> None:
    """A line of MAX_LINE characters (padded JSON) is still classified."""
    body = json.dumps({"id": "m", "title": "Bakery recalls bread"})
    [out] = run([body + " " * (MAX_LINE - len(body))])
    assert out == {"id": "m", "alerts": []}


def test_a_line_over_the_limit_is_an_error() -> None:
    """A line longer than MAX_LINE is refused with a message, not parsed."""
    [out] = run(["x" * (MAX_LINE + 1)])
    assert out == {
        "id": None,
        "alerts": [],
        "error": f"line longer than {MAX_LINE} characters",
    }


def test_a_boolean_id_is_dropped() -> None:
    """`true` is no item id: the record's id is null."""
    [out] = run([json.dumps({"id": True, "title": "Bakery recalls bread"})])
    assert out == {"id": None, "alerts": []}


def test_a_non_string_summary_is_an_error() -> None:
    """A summary that is not a string is an error record."""
    [out] = run([json.dumps({"id": "s", "title": "DA Krasner speaks", "summary": 5})])
    assert out == {"id": None, "alerts": [], "error": "non-string 'summary'"}
