"""Finding a prosecutor from what an organizer typed: id, full name, alias or surname.

"Krasner", "george gascon" (no accent) and "Lawrence Krasner" (an alias) all find their
directory entry. Several hits are returned as candidates, so the command can ask which one
instead of guessing. This is the command side's own resolver; feeds/directory.py's (surnames,
accents, aliases) can replace `find` once it is on main.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from feeds.models import Prosecutor

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case, accents off, punctuation to spaces: "Gascón, G." -> "gascon g"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", bare.casefold()).split())


def _names(person: Prosecutor) -> list[str]:
    return [fold(n) for n in (person.name, *person.aliases) if fold(n)]


def find(people: Iterable[Prosecutor], typed: str) -> list[Prosecutor]:
    """The people `typed` names, best rule first: exactly one, several candidates, or none.

    Rules, the first that finds anyone wins: the id; a full name or alias; every typed word
    among one of their names' words (a surname alone, or first and last name).
    """
    people = list(people)
    raw = typed.strip().lower()
    by_id = [p for p in people if p.id == raw]
    if by_id:
        return by_id
    wanted = fold(typed)
    if not wanted:
        return []
    whole = [p for p in people if wanted in _names(p)]
    if whole:
        return whole
    words = set(wanted.split())
    return [p for p in people if any(words <= set(name.split()) for name in _names(p))]
