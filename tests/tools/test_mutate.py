"""`make mutate`: equivalent mutants are named by module, line code and description."""

from __future__ import annotations

from tools.equivalent_mutants import EQUIVALENT, _keys, code_of, equivalents, stale
from tools.mutants import mutants
from tools.mutate import TARGETS

_MODULE = "feeds/match/matcher.py"
_SOURCE = "class Q:\n    def __init__(self) -> None:\n        self._exact = True  # why\n"
_PEOPLE = "feeds/match/people.py"
# Two `and -> or` mutants on one line (the inner `and` first): only the first is listed.
_TWO_ANDS = (
    "def find(names, misspelt, cases, places, before_title, titles):\n"
    "    if not names and not misspelt and not cases and not ((places or before_title) and "
    "titles):\n"
    "        return []\n"
)


def test_a_listed_mutant_is_equivalent_whatever_its_line_number() -> None:
    """The entry for `self._exact = True` matches that line wherever it stands, comment or not."""
    found = mutants(_SOURCE)
    assert equivalents(_MODULE, _SOURCE, found) == {
        0: EQUIVALENT[(_MODULE, "self._exact = True", "True -> False")]
    }


def test_an_unlisted_module_has_no_equivalents() -> None:
    """The same line in a module the entry does not name is an ordinary mutant."""
    assert equivalents("feeds/match/view.py", _SOURCE, mutants(_SOURCE)) == {}


def test_a_numbered_entry_names_only_that_mutant_of_its_line() -> None:
    """'and -> or #1' is the first `and -> or` of its line, not the second."""
    found = mutants(_TWO_ANDS)
    ands = [i for i, m in enumerate(found) if m.description == "and -> or"]
    assert len(ands) == 2
    code = code_of(_TWO_ANDS.splitlines()[1])
    keys = _keys(_PEOPLE, _TWO_ANDS, found)
    first, second = (_PEOPLE, code, "and -> or #1"), (_PEOPLE, code, "and -> or #2")
    assert (first in keys[ands[0]], second in keys[ands[0]]) == (True, False)
    assert (first in keys[ands[1]], second in keys[ands[1]]) == (False, True)


def test_code_of_drops_an_inline_comment() -> None:
    """`x = 1  # why` is named `x = 1`."""
    assert code_of("    x = 1  # why\n") == "x = 1"


def test_an_entry_naming_no_mutant_is_stale() -> None:
    """Entries whose lines are not in the module are stale; the one whose line is, is not."""
    gone = stale(_MODULE, _SOURCE, mutants(_SOURCE))
    assert (_MODULE, "if e <= s:", "<= -> < (boundary)") in gone
    assert (_MODULE, "self._exact = True", "True -> False") not in gone


def test_every_entry_names_a_mutation_target() -> None:
    """An entry for a module `make mutate` does not mutate would never apply."""
    assert {module for module, _, _ in EQUIVALENT} <= set(TARGETS)


def test_a_function_prefixed_entry_names_only_that_functions_line() -> None:
    """'_required(): return None, False' names that line in _required, not the same line
    elsewhere."""
    source = (
        "def anchors(p):\n    return None, False\n\n\ndef _required(a):\n    return None, False\n"
    )
    found = mutants(source)
    flips = [m for m in found if m.description == "False -> True"]
    assert [m.line for m in flips] == [2, 6]
    assert set(equivalents("feeds/match/stems.py", source, found)) == {flips[1].index}
