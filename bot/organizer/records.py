"""An alert as the organizer features read it: typed, whatever the store keeps it as."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


def _moment(value: Any) -> datetime | None:
    """A stored time (ISO 8601 text or datetime) as an aware datetime; naive means UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class AlertFacts:
    alert_key: str
    prosecutor_id: str
    prosecutor_name: str
    prosecutor_office: str
    event_type: str
    title: str
    first_seen: datetime
    summary: str = ""
    outlet: str | None = None
    link: str | None = None
    published: datetime | None = None
    also_reported_by: tuple[str, ...] = ()
    court: str | None = None
    second_type: str | None = None

    @property
    def when(self) -> datetime:
        """When it happened as far as the bot knows: published, else first seen."""
        return self.published or self.first_seen

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> AlertFacts:
        """From a stored alert (the dict the ingest cycle writes, or its dataclass fields)."""
        first_seen = _moment(record.get("first_seen")) or datetime.fromtimestamp(0, UTC)
        return cls(
            alert_key=str(record["alert_key"]),
            prosecutor_id=str(record["prosecutor_id"]),
            prosecutor_name=str(record.get("prosecutor_name") or record["prosecutor_id"]),
            prosecutor_office=str(record.get("prosecutor_office") or ""),
            event_type=str(record["event_type"]),
            title=str(record.get("title") or ""),
            first_seen=first_seen,
            summary=str(record.get("summary") or ""),
            outlet=record.get("outlet") or None,
            link=record.get("link") or None,
            published=_moment(record.get("published")),
            also_reported_by=tuple(record.get("also_reported_by") or ()),
            court=record.get("court") or None,
            second_type=record.get("second_type") or None,
        )
