"""The plain data that flows from a feed to an alert.

Everything here is immutable and picklable so items can cross a process pool.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class EventType(StrEnum):
    RECALL = "recall"
    INJUNCTION = "injunction"
    UNION_ENDORSEMENT = "union_endorsement"
    IMPEACHMENT = "impeachment"
    REMOVAL_OR_SUSPENSION = "removal_or_suspension"
    CASE_REASSIGNMENT = "case_reassignment"
    LAWSUIT = "lawsuit"
    INDICTMENT_OR_INVESTIGATION = "indictment_or_investigation"
    RESIGNATION = "resignation"
    ELECTION = "election"
    POLICY_DIRECTIVE = "policy_directive"
    CHARGING_DECISION = "charging_decision"
    EXONERATION = "exoneration"
    LEGISLATION = "legislation"
    OTHER = "other"


# Types that may ping a role by default: each one can change an organizer's week.
URGENT_TYPES: frozenset[EventType] = frozenset(
    {
        EventType.RECALL,
        EventType.INJUNCTION,
        EventType.IMPEACHMENT,
        EventType.REMOVAL_OR_SUSPENSION,
        EventType.INDICTMENT_OR_INVESTIGATION,
    }
)


class SourceKind(StrEnum):
    RSS = "rss"
    GOOGLE_NEWS = "google_news"
    BING_NEWS = "bing_news"
    GDELT = "gdelt"
    COURTLISTENER = "courtlistener"
    PACER = "pacer"


@dataclass(frozen=True, slots=True)
class Prosecutor:
    """A watched person. `id` is a stable slug used as the key everywhere."""

    id: str
    name: str
    office: str
    jurisdiction: str
    state: str
    aliases: tuple[str, ...] = ()

    @property
    def office_line(self) -> str:
        return f"{self.office}, {self.jurisdiction}, {self.state}"


@dataclass(frozen=True, slots=True)
class Item:
    """One normalized feed entry.

    `key` identifies the entry forever (dedupe across restarts); `story_key` groups the
    same story told by several outlets or feeds into one alert.
    """

    key: str
    source_id: str
    title: str
    link: str | None = None
    published: datetime | None = None
    summary: str = ""
    outlet: str | None = None
    story_key: str = ""
    # Outlets that an aggregator lists for the same story (Google News clusters).
    also_reported_by: tuple[str, ...] = ()
    # Court items only.
    court: str | None = None
    docket_number: str | None = None
    case_name: str | None = None
    entry: str | None = None
    document_number: str | None = None

    @property
    def is_court(self) -> bool:
        return self.court is not None or self.docket_number is not None


@dataclass(frozen=True, slots=True)
class Match:
    """The matcher's verdict: this item concerns this prosecutor and reports this event."""

    prosecutor_id: str
    event_type: EventType
    score: float
    evidence: tuple[str, ...] = ()
    second_type: EventType | None = None
    # The matcher's reading, in its own words ("brought by the prosecutor"): shown apart from
    # the evidence, which only ever quotes the item.
    note: str = ""
    # How far the event has gone ("signatures", "ruling"; "" when not said): a later step of
    # the same recall is news of its own, not "also reported by" on the first alert.
    stage: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """An item matched to a watched prosecutor: what becomes an alert."""

    item: Item
    match: Match
    also_reported_by: tuple[str, ...] = field(default=())

    @property
    def alert_key(self) -> str:
        # One alert per story, person and type, whatever feed or outlet carried it.
        story = self.item.story_key or self.item.key
        return f"{story}|{self.match.prosecutor_id}|{self.match.event_type}"
