"""Searching past alerts: words, phrases, filters, order, pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.organizer.errors import RequestError
from bot.organizer.periods import Period
from bot.organizer.search import Query, SearchSessions, page, parse_terms, search
from tests.bot.organizer.helpers import T0, facts


def keys(found) -> list[str]:
    return [a.title for a in found]


def test_words_match_headline_outlet_and_summary():
    """A word is found in the headline, the outlet or the summary."""
    alerts = [
        facts(1, title="Petition filed to recall the prosecutor"),
        facts(2, outlet="Recall Watch Weekly"),
        facts(3, summary="Volunteers gathered recall signatures downtown."),
        facts(4, title="Budget hearing"),
    ]
    found = search(alerts, Query(terms=parse_terms("recall")))
    assert sorted(a.alert_key[:7] for a in found) == ["story-1", "story-2", "story-3"]


def test_every_word_must_appear():
    """Two words: only alerts carrying both."""
    alerts = [facts(1, title="Recall petition filed"), facts(2, title="Recall vote scheduled")]
    found = search(alerts, Query(terms=parse_terms("recall petition")))
    assert keys(found) == ["Recall petition filed"]


def test_prefix_accent_and_case_insensitive():
    """'GASCON recal' finds 'Gascón recalled'."""
    alerts = [facts(1, title="Voters recalled Gascón last year")]
    assert len(search(alerts, Query(terms=parse_terms("GASCON recal")))) == 1


def test_word_inside_another_word_does_not_match():
    """'call' is not found inside 'recall'."""
    alerts = [facts(1, title="Recall petition filed")]
    assert search(alerts, Query(terms=parse_terms("call"))) == []


def test_quoted_phrase_needs_order():
    """A quoted phrase matches only those words in that order."""
    alerts = [facts(1, title="Union endorses the DA"), facts(2, title="DA rejects union money")]
    found = search(alerts, Query(terms=parse_terms('"union endorses"')))
    assert keys(found) == ["Union endorses the DA"]


def test_phrase_does_not_span_fields():
    """A phrase never joins the last headline word with the outlet's first."""
    alerts = [facts(1, title="Board meets on recall", outlet="Petition Daily")]
    assert search(alerts, Query(terms=parse_terms('"recall petition"'))) == []


def test_filters_prosecutor_type_and_period():
    """prosecutor, type and since narrow the results."""
    alerts = [
        facts(1, title="Recall news", when=T0 - timedelta(days=10)),
        facts(2, title="Recall news", when=T0),
        facts(3, title="Recall news", event_type="election", when=T0),
        facts(4, title="Recall news", prosecutor_id="someone-else", when=T0),
    ]
    query = Query(
        terms=parse_terms("recall"),
        prosecutor_id="alex-rivera",
        event_type="recall",
        period=Period(since=T0 - timedelta(days=1)),
    )
    assert [a.alert_key[:7] for a in search(alerts, query)] == ["story-2"]


def test_newest_first_by_published_then_first_seen():
    """Results are newest first; undated alerts sort by when they were first seen."""
    alerts = [
        facts(1, when=T0 - timedelta(days=2)),
        facts(2, when=T0),
        facts(3, published=None, first_seen=T0 - timedelta(days=1)),
    ]
    found = search(alerts, Query(terms=parse_terms("headline")))
    assert [a.alert_key[:7] for a in found] == ["story-2", "story-3", "story-1"]


@pytest.mark.parametrize("text", ["", "   ", "!!! ???", "x" * 201])
def test_unsearchable_text_refused(text):
    """Empty, punctuation-only or over-long text is refused with a reason."""
    with pytest.raises(RequestError):
        parse_terms(text)


def test_too_many_terms_refused():
    """More than ten words is refused."""
    with pytest.raises(RequestError, match="at most 10"):
        parse_terms("a b c d e f g h i j k")


def test_pages_and_clamping():
    """20 results in pages of 8: three pages; page 9 shows the last one."""
    results = [facts(n) for n in range(20)]
    first = page(results, 1, 8)
    assert (first.number, first.pages, first.total, len(first.items)) == (1, 3, 20, 8)
    assert not first.has_previous and first.has_next
    last = page(results, 9, 8)
    assert last.number == 3 and len(last.items) == 4 and not last.has_next
    assert page([], 1, 8).pages == 1


def test_sessions_scoped_to_guild():
    """A search token works in its own server only."""
    sessions = SearchSessions()
    query = Query(terms=parse_terms("recall"))
    token = sessions.put("111", query)
    assert sessions.get("111", token) == query
    assert sessions.get("222", token) is None
    assert sessions.get("111", "unknown") is None


def test_sessions_forget_oldest_beyond_capacity():
    """Beyond its capacity the oldest search is forgotten."""
    sessions = SearchSessions(capacity=2)
    tokens = [sessions.put("111", Query(terms=parse_terms(f"word{n}"))) for n in range(3)]
    assert sessions.get("111", tokens[0]) is None
    assert sessions.get("111", tokens[2]) is not None
