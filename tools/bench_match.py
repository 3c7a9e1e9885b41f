"""Matcher throughput on synthetic names and headlines: .venv/bin/python tools/bench_match.py

Generates `n_names` watched prosecutors and `n_items` headlines (most about nobody, some
naming a watched person by full name, surname with title, or office and place) and reports
items per second for Matcher.match, single process.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feeds.match import Matcher
from feeds.models import Prosecutor

_SYLL = [
    "ka",
    "lo",
    "ri",
    "ta",
    "mo",
    "ne",
    "su",
    "vi",
    "da",
    "ren",
    "bor",
    "lin",
    "gas",
    "kra",
    "mer",
    "ton",
    "wel",
    "sha",
    "dri",
    "fen",
    "gul",
]
_FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Frank",
    "Grace",
    "Hugo",
    "Irene",
    "Jamal",
    "Kira",
    "Luis",
    "Maya",
    "Noor",
    "Omar",
]
_OFFICES = ("District Attorney", "State's Attorney", "Commonwealth's Attorney", "County Attorney")
_TEMPLATES = (
    "City council approves budget for new parks after long debate",
    "Storm knocks out power to thousands across the region on Tuesday",
    "Company recalls 40,000 pounds of frozen food over labeling error",
    "Police union endorses challenger in mayoral race",
    "{first} {last} recall effort gathers signatures, organizers say",
    "Judge blocks DA {last}'s new charging directive",
    "{county} County district attorney under investigation resigns",
    "Local school board votes to extend superintendent contract",
    "{first} {last} wins Democratic primary for {office}",
    "Stocks slip as investors weigh inflation data and earnings",
)


def _names(n: int, rng: random.Random) -> list[Prosecutor]:
    out = []
    for i in range(n):
        last = "".join(rng.choice(_SYLL) for _ in range(3)).capitalize()
        county = "".join(rng.choice(_SYLL) for _ in range(2)).capitalize()
        name = f"{rng.choice(_FIRST)} {last}"
        out.append(
            Prosecutor(
                id=f"p{i}",
                name=name,
                office=rng.choice(_OFFICES),
                jurisdiction=f"{county} County",
                state=rng.choice(("CA", "PA", "VA", "TX", "IL")),
            )
        )
    return out


def bench_match(n_names: int = 2500, n_items: int = 20000) -> float:
    """Items per second for Matcher.match over synthetic data."""
    rng = random.Random(7)
    people = _names(n_names, rng)
    t0 = time.perf_counter()
    matcher = Matcher(people)
    build = time.perf_counter() - t0
    items = []
    for _ in range(n_items):
        p = rng.choice(people)
        first, last = p.name.split(" ", 1)
        county = p.jurisdiction.split()[0]
        title = rng.choice(_TEMPLATES).format(
            first=first, last=last, county=county, office=p.office
        )
        summary = "Officials said more details would follow later this week, according to reports."
        items.append((title, summary))
    t0 = time.perf_counter()
    alerts = sum(len(matcher.match(t, s)) for t, s in items)
    elapsed = time.perf_counter() - t0
    print(f"build {build * 1000:.0f} ms for {n_names} names; {alerts} alerts on {n_items} items")
    return n_items / elapsed


if __name__ == "__main__":
    print(f"{bench_match():,.0f} items/s")
