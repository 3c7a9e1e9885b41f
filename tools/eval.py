"""Score the matcher on a labelled set (default ../shared/eval/dev.jsonl).

Run: .venv/bin/python tools/eval.py [--dev PATH] [--watchlist PATH] [--threshold X] [--errors]

Metrics, over (item, prosecutor) pairs; gold pairs are the item's labelled prosecutors:
- person precision: predicted pairs whose prosecutor is labelled on the item / predicted pairs.
- person recall: gold pairs that were predicted / gold pairs.
- type accuracy: among predicted pairs with a correct person, the share whose event type is
  the item's type or its acceptable second type.
- strict F1: harmonic mean of strict precision and strict recall, where a predicted pair is
  correct only if the person is right AND the type is acceptable.
- no-person alert rate: items labelled with no watched prosecutor that raised any alert.
Each is reported for title+summary and for the title alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feeds.directory import load_watchlist_json
from feeds.match import Matcher

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT / ".." / "shared" / "eval" / "dev.jsonl"
DEFAULT_WATCHLIST = ROOT / ".." / "shared" / "eval" / "watchlist.json"


def load_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(rows, matcher: Matcher, names: dict[str, str], title_only: bool = False):
    """Return (metrics dict, list of error strings)."""
    pred_n = gold_n = person_ok = strict_ok = 0
    none_items = none_alerts = 0
    errors = []
    for row in rows:
        gold = set(row["prosecutors"])
        ok_types = {row["event_type"], row.get("also_acceptable_type")} - {None}
        summary = "" if title_only else row.get("summary", "")
        matches = matcher.match(row["title"], summary, row.get("date"))
        pred = {names[m.prosecutor_id]: m for m in matches}
        gold_n += len(gold)
        pred_n += len(pred)
        if not gold:
            none_items += 1
            none_alerts += bool(pred)
        for who, m in pred.items():
            if who in gold:
                person_ok += 1
                if m.event_type in ok_types:
                    strict_ok += 1
                else:
                    errors.append(
                        f"{row['id']} TYPE {who}: got {m.event_type} want {ok_types} {m.evidence}"
                    )
            else:
                errors.append(f"{row['id']} FP {who} {m.event_type} {m.evidence} | {row['title']}")
        for who in gold - set(pred):
            errors.append(f"{row['id']} FN {who} | {row['title']}")
    p = person_ok / pred_n if pred_n else 1.0
    r = person_ok / gold_n if gold_n else 1.0
    sp = strict_ok / pred_n if pred_n else 1.0
    sr = strict_ok / gold_n if gold_n else 1.0
    return {
        "person precision": p,
        "person recall": r,
        "type accuracy": strict_ok / person_ok if person_ok else 0.0,
        "strict F1": 2 * sp * sr / (sp + sr) if sp + sr else 0.0,
        "no-person alert rate": none_alerts / none_items if none_items else 0.0,
        "pairs predicted / gold": f"{pred_n} / {gold_n}",
    }, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--watchlist", type=Path, default=DEFAULT_WATCHLIST)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--errors", action="store_true", help="list every miss and wrong alert")
    args = ap.parse_args(argv)
    prosecutors = load_watchlist_json(args.watchlist)
    names = {p.id: p.name for p in prosecutors}
    matcher = Matcher(prosecutors, threshold=args.threshold)
    rows = load_rows(args.dev)
    full, err_full = evaluate(rows, matcher, names)
    title, err_title = evaluate(rows, matcher, names, title_only=True)
    print(f"{len(rows)} items, {len(prosecutors)} watched, threshold {args.threshold}")
    print(f"{'metric':<24}{'title+summary':>16}{'title only':>14}")
    for key in full:
        a, b = full[key], title[key]
        fa = f"{a:.3f}" if isinstance(a, float) else a
        fb = f"{b:.3f}" if isinstance(b, float) else b
        print(f"{key:<24}{fa:>16}{fb:>14}")
    if args.errors:
        print("\nerrors (title+summary):")
        print("\n".join(err_full) or "none")
        print("\nerrors (title only):")
        print("\n".join(err_title) or "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
