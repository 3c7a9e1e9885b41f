"""A small watchlist for matcher tests (written for the tests, not the eval data)."""

from __future__ import annotations

from feeds.directory import prosecutors_from_records
from feeds.match import Matcher

RECORDS = [
    {
        "name": "George Gascón",
        "office": "District Attorney",
        "jurisdiction": "Los Angeles County",
        "state": "CA",
    },
    {
        "name": "Larry Krasner",
        "office": "District Attorney",
        "jurisdiction": "Philadelphia",
        "state": "PA",
    },
    {
        "name": "Kim Foxx",
        "office": "State's Attorney",
        "jurisdiction": "Cook County",
        "state": "IL",
    },
    {
        "name": "Andrew Warren",
        "office": "State Attorney",
        "jurisdiction": "Thirteenth Judicial Circuit (Hillsborough County)",
        "state": "FL",
    },
    {
        "name": "Suzy Lopez",
        "office": "State Attorney",
        "jurisdiction": "Thirteenth Judicial Circuit (Hillsborough County)",
        "state": "FL",
    },
    {
        "name": "Aramis Ayala",
        "office": "State Attorney",
        "jurisdiction": "Ninth Judicial Circuit (Orange and Osceola counties)",
        "state": "FL",
    },
    {
        "name": "Marilyn Mosby",
        "office": "State's Attorney",
        "jurisdiction": "Baltimore City",
        "state": "MD",
    },
    {
        "name": "Chesa Boudin",
        "office": "District Attorney",
        "jurisdiction": "San Francisco",
        "state": "CA",
    },
    {
        "name": "Alvin Bragg",
        "office": "District Attorney",
        "jurisdiction": "Manhattan (New York County)",
        "state": "NY",
    },
    {
        "name": "Rachael Rollins",
        "office": "District Attorney",
        "jurisdiction": "Suffolk County",
        "state": "MA",
    },
    {
        "name": "Kim Gardner",
        "office": "Circuit Attorney",
        "jurisdiction": "City of St. Louis",
        "state": "MO",
    },
    {
        "name": "Jason Williams",
        "office": "District Attorney",
        "jurisdiction": "Orleans Parish",
        "state": "LA",
    },
    {
        "name": "Diana Becton",
        "office": "District Attorney",
        "jurisdiction": "Contra Costa County",
        "state": "CA",
    },
]
PEOPLE = prosecutors_from_records(RECORDS)
MATCHER = Matcher(PEOPLE)


def who(
    title: str, summary: str = "", matcher: Matcher = MATCHER, when: object = None
) -> list[str]:
    return [m.prosecutor_id for m in matcher.match(title, summary, when)]


def what(
    title: str, summary: str = "", matcher: Matcher = MATCHER, when: object = None
) -> list[str]:
    return [str(m.event_type) for m in matcher.match(title, summary, when)]


def matcher_of(records: list[tuple[str, str, str, str]]) -> Matcher:
    """A matcher watching (name, office, jurisdiction, state) rows."""
    return Matcher(
        prosecutors_from_records(
            [{"name": n, "office": o, "jurisdiction": j, "state": s} for n, o, j, s in records]
        )
    )


def found(
    matcher: Matcher, title: str, summary: str = "", when: object = None
) -> list[tuple[str, str]]:
    """(prosecutor id, event type) of each alert, sorted."""
    return sorted((m.prosecutor_id, str(m.event_type)) for m in matcher.match(title, summary, when))
