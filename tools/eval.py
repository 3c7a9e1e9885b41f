"""Score the matcher on a labelled set (default ../shared/eval/dev.jsonl), by fold.

Run: .venv/bin/python tools/eval.py [--dev PATH] [--watchlist PATH] [--threshold X] [--errors]

Rows are split into 5 folds by story (event_key), so a story's rows are never on both sides:
within each event type, the stories are ordered by the SHA-256 of their key and dealt to folds
0, 1, 2, 3, 4 in turn (one running count over all types, in type-name order). Dealing by type
keeps every type on both sides; a plain hash put all 15 recall rows in one side. Folds 0-2 are
the "build" folds whose errors may be read while writing rules; folds 3-4 are "blind": their
scores are printed, their errors never are (`--errors` lists build-fold errors only).

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
import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feeds.directory import load_watchlist_json
from feeds.match import Matcher
from feeds.match.rule_tables import rule_counts
from feeds.models import Match

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT / ".." / "shared" / "eval" / "dev.jsonl"
DEFAULT_WATCHLIST = ROOT / ".." / "shared" / "eval" / "watchlist.json"
FOLDS = 5
BUILD = frozenset({0, 1, 2})
BLIND = frozenset({3, 4})
MODES = ("title+summary", "title only")
NO_TYPE = "none"
# Rows before this id were the ones the pre-fold rules were tuned on (issue 9).
NEW_FROM = "dev144"


def load_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def fold_of_keys(rows: Iterable[dict]) -> dict[str, int]:
    """event_key -> fold (0-4): stories dealt to folds in turn within each event type."""
    by_type: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_type[row.get("event_type") or NO_TYPE].add(row["event_key"])
    folds: dict[str, int] = {}
    dealt = 0
    for etype in sorted(by_type):
        for key in sorted(by_type[etype], key=_key_hash):
            if key not in folds:
                folds[key] = dealt % FOLDS
                dealt += 1
    return folds


def _is_new(row: dict) -> bool:
    rid = str(row.get("id", ""))
    return rid[:3] == NEW_FROM[:3] and rid[3:].isdigit() and int(rid[3:]) >= int(NEW_FROM[3:])


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass
class Tally:
    """Counts behind the metrics for one set of rows."""

    pred: int = 0
    gold: int = 0
    person_ok: int = 0
    strict_ok: int = 0
    none_items: int = 0
    none_alerts: int = 0
    # per type: gold pairs, gold pairs found with an acceptable type, predicted, predicted right
    by_type: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0] * 4))

    def metrics(self) -> dict[str, float | str]:
        p = self.person_ok / self.pred if self.pred else 1.0
        r = self.person_ok / self.gold if self.gold else 1.0
        sp = self.strict_ok / self.pred if self.pred else 1.0
        sr = self.strict_ok / self.gold if self.gold else 1.0
        return {
            "person precision": p,
            "person recall": r,
            "type accuracy": self.strict_ok / self.person_ok if self.person_ok else 0.0,
            "strict F1": _f1(sp, sr),
            "no-person alert rate": self.none_alerts / self.none_items if self.none_items else 0.0,
            "pairs predicted / gold": f"{self.pred} / {self.gold}",
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_row(row: dict, matches: Sequence[Match], names: dict[str, str], tally: Tally) -> list:
    """Add one row's predictions to `tally`; return its error lines."""
    gold = set(row["prosecutors"])
    ok_types = {row["event_type"], row.get("also_acceptable_type")} - {None}
    pred = {names[m.prosecutor_id]: m for m in matches}
    tally.gold += len(gold)
    tally.pred += len(pred)
    if not gold:
        tally.none_items += 1
        tally.none_alerts += bool(pred)
    errors = []
    for who in gold:
        tally.by_type[row["event_type"]][0] += 1
        m = pred.get(who)
        if m is not None and m.event_type in ok_types:
            tally.by_type[row["event_type"]][1] += 1
    for who, m in pred.items():
        tally.by_type[str(m.event_type)][2] += 1
        if who not in gold:
            errors.append(f"{row['id']} FP {who} {m.event_type} {m.evidence} | {row['title']}")
            continue
        tally.person_ok += 1
        if m.event_type in ok_types:
            tally.strict_ok += 1
            tally.by_type[str(m.event_type)][3] += 1
        else:
            errors.append(
                f"{row['id']} TYPE {who}: got {m.event_type} want {sorted(ok_types)}"
                f" {m.evidence} | {row['title']}"
            )
    for who in gold - set(pred):
        errors.append(f"{row['id']} FN {who} ({row['event_type']}) | {row['title']}")
    return errors


def predict(matcher: Matcher, row: dict, title_only: bool) -> list[Match]:
    return matcher.match(
        row["title"], "" if title_only else row.get("summary") or "", row.get("date")
    )


def evaluate(
    rows: Iterable[dict], matcher: Matcher, names: dict[str, str], title_only: bool = False
) -> tuple[dict[str, float | str], list[str]]:
    """(metrics, error lines) over `rows`, one mode."""
    tally = Tally()
    errors: list[str] = []
    for row in rows:
        errors += score_row(row, predict(matcher, row, title_only), names, tally)
    return tally.metrics(), errors


def split_rows(rows: list[dict], folds: frozenset[int]) -> list[dict]:
    fold = fold_of_keys(rows)
    return [r for r in rows if fold[r["event_key"]] in folds]


def _fmt(v: float | str) -> str:
    return f"{v:.3f}" if isinstance(v, float) else v


def _label(col: tuple[str, str]) -> str:
    return f"{col[0]} {'T+S' if col[1] == MODES[0] else 'title'}"


def _table(tallies: dict[tuple[str, str], Tally], cols: list[tuple[str, str]]) -> list[str]:
    head = "".join(f"{_label(c):>17}" for c in cols)
    lines = [f"{'metric':<24}{head}"]
    metrics = {c: tallies[c].metrics() for c in cols}
    for key in metrics[cols[0]]:
        lines.append(f"{key:<24}" + "".join(f"{_fmt(metrics[c][key]):>17}" for c in cols))
    return lines


def _type_table(tallies: dict[tuple[str, str], Tally], cols: list[tuple[str, str]]) -> list[str]:
    """Per event type: gold pairs, recall (right person, acceptable type) and precision."""
    types = sorted({t for c in cols for t in tallies[c].by_type if t})
    head = "".join(f"{_label(c) + ' n R P':>22}" for c in cols)
    lines = [f"{'type':<28}{head}"]
    for t in types:
        cells = []
        for c in cols:
            gold, found, pred, right = tallies[c].by_type.get(t, [0, 0, 0, 0])
            r = f"{found / gold:.2f}" if gold else "  - "
            p = f"{right / pred:.2f}" if pred else "  - "
            cells.append(f"{gold:>10} {r:>5} {p:>5}")
        lines.append(f"{t:<28}" + "".join(cells))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--watchlist", type=Path, default=DEFAULT_WATCHLIST)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument(
        "--errors", action="store_true", help="list misses and wrong alerts in folds 0-2 only"
    )
    args = ap.parse_args(argv)
    prosecutors = load_watchlist_json(args.watchlist)
    names = {p.id: p.name for p in prosecutors}
    matcher = Matcher(prosecutors, threshold=args.threshold)
    rows = load_rows(args.dev)
    fold = fold_of_keys(rows)
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    build_errors: dict[str, list[str]] = {m: [] for m in MODES}
    for row in rows:
        f = fold[row["event_key"]]
        group = "build" if f in BUILD else "blind"
        for mode in MODES:
            matches = predict(matcher, row, mode == MODES[1])
            errs = score_row(row, matches, names, tallies[(group, mode)])
            score_row(row, matches, names, tallies[(str(f), mode)])
            score_row(row, matches, names, tallies[("all", mode)])
            if group == "blind" and _is_new(row):
                score_row(row, matches, names, tallies[("blind new", mode)])
            if group == "build":
                build_errors[mode] += errs
    sizes = [sum(1 for r in rows if fold[r["event_key"]] == f) for f in range(FOLDS)]
    print(f"{len(rows)} items, {len(prosecutors)} watched, threshold {args.threshold}")
    print(f"fold sizes {sizes}: build = folds 0-2, blind = folds 3-4\n")
    cols = [(g, m) for g in ("build", "blind") for m in MODES]
    print("\n".join(_table(tallies, cols)))
    print("\nstrict F1 by fold (title+summary / title only):")
    print(
        "  "
        + "   ".join(
            f"{f}: {tallies[(str(f), MODES[0])].metrics()['strict F1']:.3f}"
            f" / {tallies[(str(f), MODES[1])].metrics()['strict F1']:.3f}"
            for f in range(FOLDS)
        )
    )
    new = [tallies[("blind new", m)].metrics() for m in MODES]
    print(
        f"\nblind rows from {NEW_FROM} on (labelled after the old rules were written): strict F1"
        f" {_fmt(new[0]['strict F1'])} / {_fmt(new[1]['strict F1'])},"
        f" pairs {new[0]['pairs predicted / gold']} / {new[1]['pairs predicted / gold']}"
    )
    all_cols = [("all", m) for m in MODES]
    print("\nall folds (tuned-on rows included; not a measure of unseen text):")
    print("\n".join(_table(tallies, all_cols)[1:5]))
    print("\nper type (n = gold pairs, R = found with an acceptable type, P = right when said):")
    print("\n".join(_type_table(tallies, cols)))
    counts = rule_counts()
    detail = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"\nrules: {sum(counts.values())} ({detail})")
    if args.errors:
        for mode in MODES:
            print(f"\nerrors in build folds 0-2 ({mode}):")
            print("\n".join(build_errors[mode]) or "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
