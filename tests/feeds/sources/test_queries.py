"""Source URLs built for a watched prosecutor from config/sources.toml."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from feeds.models import Prosecutor, SourceKind
from feeds.sources import queries

GASCON = Prosecutor(
    id="george-gascon",
    name="George Gascón",
    office="District Attorney",
    jurisdiction="Los Angeles County",
    state="CA",
)
ALL = ["google_news", "bing_news", "gdelt", "courtlistener"]


@pytest.fixture(scope="module")
def templates() -> dict:
    return queries.load_templates()


def _query(url: str, name: str = "q") -> str:
    return parse_qs(urlsplit(url).query)[name][0]


def test_ids_stable_and_named(templates: dict) -> None:
    """Ids are "<template>:<prosecutor slug>", the same on every call."""
    specs = queries.source_specs(GASCON, templates, ALL, environ={})
    assert "google_news:george-gascon" in {s.id for s in specs}
    assert specs == queries.source_specs(GASCON, templates, ALL, environ={})


def test_name_with_and_without_accents(templates: dict) -> None:
    """The news query holds the surname both with and without its accent, quoted."""
    (spec,) = queries.source_specs(GASCON, templates, ["bing_news"], environ={})
    query = _query(spec.url)
    assert '"Gascón"' in query and '"Gascon"' in query


def test_office_and_jurisdiction_in_query(templates: dict) -> None:
    """The office title and the place narrow the surname."""
    (spec,) = queries.source_specs(GASCON, templates, ["gdelt"], environ={})
    query = _query(spec.url, "query")
    assert '"district attorney"' in query and '"Los Angeles County"' in query


def test_url_properly_encoded(templates: dict) -> None:
    """Quotes, spaces, accents and colons are percent-encoded; nothing raw leaks in."""
    for spec in queries.source_specs(GASCON, templates, ALL, environ={}):
        assert " " not in spec.url and '"' not in spec.url and "ó" not in spec.url


def test_enabled_by_kind_or_name(templates: dict) -> None:
    """ "courtlistener" turns on every courtlistener template; a name turns on just one."""
    by_kind = queries.source_specs(GASCON, templates, ["courtlistener"], environ={})
    assert {s.id.split(":")[0] for s in by_kind} == {
        "courtlistener_recap",
        "courtlistener_opinions",
    }
    by_name = queries.source_specs(GASCON, templates, ["courtlistener_opinions"], environ={})
    assert [s.kind for s in by_name] == [SourceKind.COURTLISTENER]


def test_google_news_off_unless_enabled(templates: dict) -> None:
    """Google News is opt-in (personal, non-commercial terms)."""
    assert templates["templates"]["google_news"]["default"] is False
    specs = queries.source_specs(GASCON, templates, ["bing_news", "gdelt"], environ={})
    assert {s.kind for s in specs} == {SourceKind.BING_NEWS, SourceKind.GDELT}


def test_api_only_with_token(templates: dict) -> None:
    """The API v4 source appears with a token, names its env var, and replaces the Atom feed."""
    specs = queries.source_specs(
        GASCON, templates, ["courtlistener"], environ={"COURTLISTENER_TOKEN": "t"}
    )
    names = {s.id.split(":")[0]: s for s in specs}
    assert "courtlistener_recap" not in names
    assert names["courtlistener_api"].headers_env == "COURTLISTENER_TOKEN"
    assert names["courtlistener_api"].url.startswith("https://www.courtlistener.com/api/rest/v4/")


def test_courtlistener_office_as_party(templates: dict) -> None:
    """The RECAP search names the person and the office as parties."""
    (spec,) = queries.source_specs(GASCON, templates, ["courtlistener_recap"], environ={})
    query = _query(spec.url)
    assert 'party:("George Gascón" OR "George Gascon")' in query
    assert '"Los Angeles County District Attorney"' in query
    assert _query(spec.url, "type") == "r"


def test_intervals_from_config(templates: dict) -> None:
    """Poll intervals come from the [intervals] table."""
    (spec,) = queries.source_specs(GASCON, templates, ["courtlistener_opinions"], environ={})
    assert spec.interval == templates["intervals"]["courtlistener"]


def test_parenthesized_jurisdiction_split() -> None:
    """ "Manhattan (New York County)" gives both names; descriptive parentheses are dropped."""
    assert queries.places("Manhattan (New York County)") == ["Manhattan", "New York County"]
    assert queries.places("Ninth Judicial Circuit (Orange and Osceola counties)") == [
        "Ninth Judicial Circuit"
    ]
    assert "St. Louis" in queries.places("City of St. Louis")


def test_aliases_included() -> None:
    """Aliases join the name variants."""
    person = Prosecutor(
        "kim-foxx", "Kimberly Foxx", "State's Attorney", "Cook County", "IL", ("Kim Foxx",)
    )
    assert '"Kim Foxx"' in queries.query_fields(person)["names"]


@pytest.mark.parametrize(
    ("court", "url"),
    [
        ("nysd", "https://ecf.nysd.uscourts.gov/cgi-bin/rss_outside.pl"),
        ("NYSB", "https://ecf.nysb.uscourts.gov/cgi-bin/rss_outside.pl"),
        ("ca9", "https://ecf.ca9.uscourts.gov/n/beam/servlet/TransportRoom?servlet=RSSGenerator"),
        ("cadc", "https://ecf.cadc.uscourts.gov/n/beam/servlet/TransportRoom?servlet=RSSGenerator"),
    ],
)
def test_pacer_feed_url(court: str, url: str) -> None:
    """District/bankruptcy courts use rss_outside.pl; appellate courts the NextGen servlet."""
    assert queries.pacer_feed_url(court) == url


@pytest.mark.parametrize("court", ["", "evil.com/", "ny sd", "x" * 10])
def test_pacer_feed_url_rejects_junk(court: str) -> None:
    """Only plausible court ids make URLs (no host injection)."""
    with pytest.raises(ValueError):
        queries.pacer_feed_url(court)


def test_pacer_specs_shared_sources() -> None:
    """PACER sources are per court, not per prosecutor."""
    (spec,) = queries.pacer_specs(["nysd", "nysd"])
    assert (spec.id, spec.kind, spec.prosecutor_id) == ("pacer:nysd", SourceKind.PACER, None)


def test_courtlistener_docket_feed() -> None:
    """Docket feeds are /docket/<id>/feed/; non-numeric ids are refused."""
    assert queries.courtlistener_docket_feed(4214664) == (
        "https://www.courtlistener.com/docket/4214664/feed/"
    )
    with pytest.raises(ValueError):
        queries.courtlistener_docket_feed("../x")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://news.google.com/rss/search?q=x", SourceKind.GOOGLE_NEWS),
        ("https://www.bing.com/news/search?q=x&format=rss", SourceKind.BING_NEWS),
        ("https://api.gdeltproject.org/api/v2/doc/doc?query=x", SourceKind.GDELT),
        ("https://www.courtlistener.com/feed/search/?q=x", SourceKind.COURTLISTENER),
        ("https://ecf.nysd.uscourts.gov/cgi-bin/rss_outside.pl", SourceKind.PACER),
        ("https://da.example.test/feed/", SourceKind.RSS),
    ],
)
def test_guess_kind_from_url(url: str, kind: SourceKind) -> None:
    """check-feed can tell a source's kind from its URL's host."""
    from feeds.sources import guess_kind

    assert guess_kind(url) == kind


def test_guess_kind_from_saved_files() -> None:
    """Saved PACER and Google News files are recognized by their content."""
    from feeds.sources import guess_kind
    from tests.feeds.sources import FIXTURES

    if not FIXTURES.is_dir():
        pytest.skip("fixtures not available")
    pacer_files = sorted((FIXTURES / "pacer").glob("*.xml"))
    assert all(guess_kind(str(p), p.read_bytes()) == SourceKind.PACER for p in pacer_files)
    news = next((FIXTURES / "googlenews").glob("*.xml"))
    assert guess_kind(str(news), news.read_bytes()) == SourceKind.GOOGLE_NEWS
