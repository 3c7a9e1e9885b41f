"""Which rows each event-cue alternative decides, in the build folds only (tools/eval.py).

Run: .venv/bin/python tools/rule_audit.py [--dev PATH] [--watchlist PATH]

For every alternative of every cue in feeds/match/events_lexicon.py: the number of build-fold
stories (event_key) where it decided the type of a labelled (item, prosecutor) pair rightly,
and wrongly, and where the cue comes from. A cue whose source is "dev" needs two or more
stories; one citing the event definitions (DESIGN.md, event_lexicon.md) may have none here.
Then, for each famous case (feeds/match/lexicon_cases.py), the build stories where its mention
found a labelled prosecutor, and where it found someone not labelled.
Blind folds (3-4) are never read.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feeds.directory import bundled, load_watchlist_json
from feeds.match.events import PARTS, classify
from feeds.match.lexicon_cases import CASES
from feeds.match.offices import period_of
from feeds.match.people import PeopleIndex, fold_item_text
from feeds.match.view import build_view, office_titles
from tools.eval import BUILD, DEFAULT_DEV, DEFAULT_WATCHLIST, fold_of_keys, load_rows


def audit(rows: list[dict], people: PeopleIndex, names: list[str]) -> dict[int, list[set[str]]]:
    """part index -> [stories decided rightly, stories decided wrongly] over `rows`."""
    out: dict[int, list[set[str]]] = defaultdict(lambda: [set(), set()])
    for row in rows:
        ok = {row["event_type"], row.get("also_acceptable_type")} - {None}
        for summary in (row.get("summary") or "", ""):
            text, title_len = fold_item_text(row["title"], summary)
            for hit in people.find(text, title_len):
                if names[hit.index] not in row["prosecutors"]:
                    continue
                titles = office_titles(text, people.cls[hit.index])
                verdict = classify(build_view(text, title_len, hit.spans, titles))
                if verdict.rule >= 0:
                    out[verdict.rule][str(verdict.event_type) not in ok].add(row["event_key"])
    return out


def audit_cases(
    rows: list[dict], people: PeopleIndex, names: list[str]
) -> dict[int, list[set[str]]]:
    """case index -> [stories where its mention found a labelled person, and someone else]."""
    out: dict[int, list[set[str]]] = defaultdict(lambda: [set(), set()])
    for row in rows:
        for summary in (row.get("summary") or "", ""):
            text, title_len = fold_item_text(row["title"], summary)
            for hit in people.find(text, title_len, period_of(row.get("date"))):
                quoted = " ".join(text[s:e] for s, e in [*hit.spans, *hit.cites]).lower()
                for c, case in enumerate(CASES):
                    if any(k in quoted for k in case.keys):
                        right = names[hit.index] in row["prosecutors"]
                        out[c][not right].add(row["event_key"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--watchlist", type=Path, default=DEFAULT_WATCHLIST)
    args = ap.parse_args(argv)
    prosecutors = load_watchlist_json(args.watchlist)
    rows = load_rows(args.dev)
    fold = fold_of_keys(rows)
    build = [r for r in rows if fold[r["event_key"]] in BUILD]
    names = [p.name for p in prosecutors]
    support = audit(build, PeopleIndex(prosecutors), names)
    print(f"{'right':>5} {'wrong':>5}  type / source / alternative")
    for i, part in enumerate(PARTS):
        right, wrong = support.get(i, [set(), set()])
        cue = part.rule.cue
        print(f"{len(right):>5} {len(wrong):>5}  {cue.type} {cue.source}  {part.pattern[:90]}")
    cases = audit_cases(build, PeopleIndex(prosecutors, bundled().history), names)
    print(f"\n{'right':>5} {'wrong':>5}  case mentions (lexicon_cases.py): stories")
    for c, case in enumerate(CASES):
        right, wrong = cases.get(c, [set(), set()])
        print(f"{len(right):>5} {len(wrong):>5}  {case.keys[0]}: {', '.join(sorted(right))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
