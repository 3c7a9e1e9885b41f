"""The command side's prosecutor lookup: ids, accents, aliases, surnames, ambiguity."""

from __future__ import annotations

from bot.chat.lookup import find, fold
from feeds.models import Prosecutor

GASCON = Prosecutor("george-gascon", "George Gascón", "District Attorney", "Los Angeles", "CA")
KRASNER = Prosecutor(
    "larry-krasner", "Larry Krasner", "District Attorney", "Philadelphia", "PA", ("Lawrence",)
)
ERIC = Prosecutor("eric-gonzalez", "Eric Gonzalez", "District Attorney", "Brooklyn", "NY")
MARK = Prosecutor("mark-gonzalez", "Mark Gonzalez", "District Attorney", "Nueces County", "TX")
PEOPLE = [GASCON, KRASNER, ERIC, MARK]


def test_fold_drops_accents_case_and_punctuation():
    """`Gascón, G.` folds to `gascon g`."""
    assert fold("Gascón, G.") == "gascon g"


def test_accentless_name_without_alias():
    """`george gascon` finds George Gascón though no alias spells it so."""
    assert find(PEOPLE, "george gascon") == [GASCON]


def test_surname_and_id():
    """A surname alone and an id each find exactly one person."""
    assert find(PEOPLE, "Krasner") == [KRASNER]
    assert find(PEOPLE, "mark-gonzalez") == [MARK]


def test_ambiguous_surname_gives_every_candidate():
    """A shared surname returns all who carry it, in directory order."""
    assert find(PEOPLE, "gonzalez") == [ERIC, MARK]


def test_full_name_beats_word_match():
    """A full-name hit is preferred to people who merely share its words."""
    assert find(PEOPLE, "Eric Gonzalez") == [ERIC]


def test_unknown_and_empty():
    """A name nobody carries, or only punctuation, finds nobody."""
    assert find(PEOPLE, "Rivera") == []
    assert find(PEOPLE, " ,. ") == []
