"""Evidence shown to organizers is the item's own words, quoted as the item wrote them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.match.text import fold, fold_map
from tests.feeds.match.watch import MATCHER

DEV = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval" / "dev.jsonl"
WATCHLIST = DEV.with_name("watchlist.json")


def test_evidence_keeps_accents_and_curly_quotes() -> None:
    """A name folded to ASCII for matching is quoted with its accent and curly apostrophe."""
    [m] = MATCHER.match("Judge blocks Gascón’s sentencing directives")
    assert m.evidence == ("Gascón", "blocks Gascón’s sentencing directives")


def test_evidence_from_the_summary_is_quoted_from_the_summary() -> None:
    """Words that decided the event in the summary are quoted from the summary."""
    [m] = MATCHER.match(
        "A hard week for DA Krasner", "The Pennsylvania House voted to impeach Krasner."
    )
    assert m.evidence == ("DA Krasner", "Krasner", "impeach")


def test_fold_map_points_back_to_the_original_characters() -> None:
    """Each folded character maps to the character it came from."""
    text = "Gasco\u0301n’s  office\u00a0says"
    folded, where = fold_map(text)
    assert folded == fold(text) == "Gascon's office says"
    assert text[where[0] : where[5] + 1] == "Gasco\u0301n"
    assert text[where[9] : where[-1] + 1] == "office\u00a0says"


@pytest.mark.skipif(not DEV.exists(), reason="shared dev set not found (it lives outside the repo)")
def test_every_evidence_phrase_on_the_dev_set_is_in_the_item() -> None:
    """Over all dev rows, with and without summaries, each phrase is a substring of the item."""
    from feeds.directory import load_watchlist_json
    from feeds.match import Matcher

    matcher = Matcher(load_watchlist_json(WATCHLIST), threshold=0.0)
    phrases = missing = 0
    for line in DEV.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for summary in (row.get("summary") or "", ""):
            for m in matcher.match(row["title"], summary):
                for phrase in m.evidence:
                    phrases += 1
                    missing += phrase not in row["title"] and phrase not in summary
    assert phrases > 500 and missing == 0


def test_a_doubled_space_is_quoted_as_the_item_wrote_it() -> None:
    """A headline with two spaces in a row is matched folded and quoted with both spaces."""
    [m] = MATCHER.match("DA  Krasner sued by police union")
    assert m.evidence == ("DA  Krasner", "DA  Krasner sued")


def test_text_folded_differently_per_character_is_quoted_where_verbatim() -> None:
    """When per-character folding disagrees with folding the whole text, ASCII words are
    still quoted."""
    [m] = MATCHER.match("Police union sues DA Krasner at the \uff76\uff9e hall")
    assert m.evidence == ("DA Krasner", "sues DA Krasner")


def test_text_folded_differently_per_character_quotes_no_altered_words() -> None:
    """In such text, words that folding changed ('Gascón') are left out, not misquoted."""
    [m] = MATCHER.match("Police union sues DA Gascón at the \uff76\uff9e hall")
    assert (m.prosecutor_id, m.evidence) == ("george-gascon", ())


def test_a_padded_headline_leaves_the_summary_quoted_with_its_accents() -> None:
    """A headline with a trailing space does not stop the summary's 'Gascón' being quoted."""
    [m] = MATCHER.match("Police union files suit ", "The suit names DA Gascón.")
    assert m.evidence[0] == "DA Gascón"
