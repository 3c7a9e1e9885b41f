"""The matcher meets its targets on the shared labelled dev set (../shared/eval)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT / ".." / "shared" / "eval"
DEV, WATCHLIST = SHARED / "dev.jsonl", SHARED / "watchlist.json"

pytestmark = pytest.mark.skipif(
    not (DEV.exists() and WATCHLIST.exists()),
    reason=f"labelled dev set not found at {SHARED} (it lives outside the repo)",
)


@pytest.fixture(scope="module")
def metrics():
    sys.path.insert(0, str(ROOT / "tools"))
    import eval as dev_eval

    from feeds.directory import load_watchlist_json
    from feeds.match import Matcher

    people = load_watchlist_json(WATCHLIST)
    names = {p.id: p.name for p in people}
    got, _ = dev_eval.evaluate(dev_eval.load_rows(DEV), Matcher(people), names)
    return got


def test_strict_f1_target(metrics):
    """Strict F1 (right person and acceptable type) is at least 0.95."""
    assert metrics["strict F1"] >= 0.95


def test_person_precision_target(metrics):
    """Person precision is at least 0.98."""
    assert metrics["person precision"] >= 0.98


def test_no_person_false_alert_target(metrics):
    """At most 2% of items about no watched prosecutor raise an alert."""
    assert metrics["no-person alert rate"] <= 0.02
