"""`make mutate`: equivalent mutants are named by module, line code and description."""

from __future__ import annotations

from tools.equivalent_mutants import EQUIVALENT, code_of
from tools.mutants import Mutant, mutants
from tools.mutate import TARGETS, equivalent_reason, stale_entries

_MODULE = "feeds/match/matcher.py"
_SOURCE = "class Q:\n    def __init__(self) -> None:\n        self._exact = True  # why\n"


def test_a_listed_mutant_is_equivalent_whatever_its_line_number() -> None:
    """The entry for `self._exact = True` matches that line wherever it stands, comment or not."""
    [mutant] = mutants(_SOURCE)
    assert (
        equivalent_reason(_MODULE, _SOURCE, mutant)
        == EQUIVALENT[(_MODULE, "self._exact = True", "True -> False")]
    )


def test_an_unlisted_mutant_is_not_equivalent() -> None:
    """The same line in a module the entry does not name is an ordinary mutant."""
    [mutant] = mutants(_SOURCE)
    assert equivalent_reason("feeds/match/view.py", _SOURCE, mutant) is None


def test_another_description_on_a_listed_line_is_not_equivalent() -> None:
    """Only the listed change of the line is equivalent."""
    assert equivalent_reason(_MODULE, _SOURCE, Mutant(7, 3, "return None")) is None


def test_code_of_drops_an_inline_comment() -> None:
    """`x = 1  # why` is named `x = 1`."""
    assert code_of("    x = 1  # why\n") == "x = 1"


def test_every_entry_names_a_mutation_target() -> None:
    """An entry for a module `make mutate` does not mutate would never apply."""
    assert {module for module, _, _ in EQUIVALENT} <= set(TARGETS)


def test_stale_entries_lists_only_entries_of_the_given_modules() -> None:
    """A module with no entries has no stale ones."""
    assert stale_entries(["bot/delivery/rows.py"]) == []
