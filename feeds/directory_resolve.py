"""What a /watch add query means: "Krasner", "George Gascon" (no accent), "Cy Vance", a typo.

Tried in order, the first step that finds anyone wins:
1. the whole name, an alias or the id, accents and punctuation ignored;
2. every query word is a word of the name or an alias ("Krasner", "kim" -> every Kim);
3. every query word starts a word of the name ("kras");
4. a close spelling of the full name or surname (Jaro-Winkler, for typos: "Krasnr").
Several people found means the organizer must choose; people in office come first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import jellyfish

from feeds.match.text import fold
from feeds.models import Prosecutor

if TYPE_CHECKING:
    from feeds.directory import Directory

MAX_QUERY = 200
# Typos keep a Jaro-Winkler similarity of about 0.9 and more with the intended name, while
# different names sharing a first name ("Kim Foxx" / "Kim Ogg") stay below it.
_CLOSE = 0.9
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "esq"})


def normalize(text: str) -> str:
    """Folded, lowercase, punctuation as spaces: "Gascón, Jr." -> "gascon jr"."""
    return " ".join(_NOT_WORD.sub(" ", fold(text[:MAX_QUERY]).lower()).split())


def _forms(p: Prosecutor) -> list[str]:
    names = [normalize(n) for n in (p.name, *p.aliases)]
    bare = [" ".join(w for w in n.split() if w not in _SUFFIXES) for n in names]
    return list(dict.fromkeys([*names, *bare, p.id.replace("-", " ")]))


def resolve(
    directory: Directory, query: str, limit: int = 10, exact_only: bool = False
) -> list[Prosecutor]:
    """Directory people `query` may mean, people in office first, then by name."""
    found = find(directory.people, query, exact_only)
    found.sort(key=lambda p: (not directory.in_office(p.id), p.name))
    return found[:limit]


def find(people: Iterable[Prosecutor], query: str, exact_only: bool = False) -> list[Prosecutor]:
    """People `query` may mean, in the order given; [] when nobody is close. `exact_only`:
    step 1 alone (the whole name, an alias or the id)."""
    q = normalize(query)
    if not q:
        return []
    words = q.split()
    people = list(people)
    forms = {p.id: _forms(p) for p in people}
    steps: tuple[Callable[[Prosecutor], bool], ...] = (
        lambda p: q in forms[p.id],
        lambda p: any(all(w in f.split() for w in words) for f in forms[p.id]),
        lambda p: all(any(t.startswith(w) for f in forms[p.id] for t in f.split()) for w in words),
        lambda p: _close(q, forms[p.id]),
    )
    for step in steps[:1] if exact_only else steps:
        found = [p for p in people if step(p)]
        if found:
            return found
    return []


def _close(q: str, forms: list[str]) -> bool:
    for f in forms:
        if jellyfish.jaro_winkler_similarity(q, f) >= _CLOSE:
            return True
        surname = f.split()[-1] if f else ""
        if len(q) > 4 and " " not in q and jellyfish.jaro_winkler_similarity(q, surname) >= _CLOSE:
            return True
    return False
