"""Finding a prosecutor from what an organizer typed: id, full name, alias or surname.

"Krasner", "george gascon" (no accent) and "Lawrence Krasner" (an alias) all find their
directory entry. Several hits are returned as candidates, so the command can ask which one
instead of guessing. The rules are the directory's (feeds/directory_resolve.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from feeds.directory_resolve import find as resolve_find
from feeds.models import Prosecutor

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case, accents off, punctuation to spaces: "Gascón, G." -> "gascon g"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", bare.casefold()).split())


def find(people: Iterable[Prosecutor], typed: str) -> list[Prosecutor]:
    """The people `typed` names, best rule first: exactly one, several candidates, or none.

    The directory's resolver (feeds/directory_resolve.py): the id, a full name or alias,
    every typed word among one of their names' words, word prefixes, then a close spelling.
    """
    return resolve_find(people, typed)
