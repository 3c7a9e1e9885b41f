"""The matcher holds its level on the blind folds of the shared dev set (../shared/eval).

Folds 3-4 (tools/eval.py) are never read while writing rules, so they stand in for headlines
the bot has not seen. The gates sit a little under what the matcher measures there; raise them
as it improves. The build folds are not gated: rules were written looking at them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.eval import BLIND, evaluate, load_rows, split_rows

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT / ".." / "shared" / "eval"
DEV, WATCHLIST = SHARED / "dev.jsonl", SHARED / "watchlist.json"

# Measured on the blind folds with the office's own acts after a bare surname, full names
# judged by surname frequency, officeholder frames and case mentions: 0.899 with summaries,
# 0.759 title-only, person precision 1.0 and 0.983, no false alerts (issue 9). Gates sit one
# or two (item, prosecutor) pairs below that.
STRICT_F1_WITH_SUMMARY = 0.87
STRICT_F1_TITLE_ONLY = 0.72
PERSON_PRECISION = 0.97
NO_PERSON_ALERT_RATE = 0.03

pytestmark = pytest.mark.skipif(
    not (DEV.exists() and WATCHLIST.exists()),
    reason=f"labelled dev set not found at {SHARED} (it lives outside the repo)",
)


@pytest.fixture(scope="module")
def blind() -> dict[str, dict]:
    from feeds.directory import load_watchlist_json
    from feeds.match import Matcher

    people = load_watchlist_json(WATCHLIST)
    names = {p.id: p.name for p in people}
    rows = split_rows(load_rows(DEV), BLIND)
    matcher = Matcher(people)
    return {
        "full": evaluate(rows, matcher, names)[0],
        "title": evaluate(rows, matcher, names, title_only=True)[0],
    }


def test_strict_f1_with_summary(blind: dict[str, dict]) -> None:
    """Strict F1 (right person and acceptable type) on blind headlines with summaries."""
    assert blind["full"]["strict F1"] >= STRICT_F1_WITH_SUMMARY


def test_strict_f1_title_only(blind: dict[str, dict]) -> None:
    """Strict F1 on blind headlines alone (Google News items carry nothing else)."""
    assert blind["title"]["strict F1"] >= STRICT_F1_TITLE_ONLY


def test_person_precision(blind: dict[str, dict]) -> None:
    """Alerts name a prosecutor the item is about, with or without the summary."""
    assert blind["full"]["person precision"] >= PERSON_PRECISION
    assert blind["title"]["person precision"] >= PERSON_PRECISION


def test_no_person_false_alerts(blind: dict[str, dict]) -> None:
    """Items about no watched prosecutor rarely raise an alert."""
    assert blind["full"]["no-person alert rate"] <= NO_PERSON_ALERT_RATE
    assert blind["title"]["no-person alert rate"] <= NO_PERSON_ALERT_RATE
