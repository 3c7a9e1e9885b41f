"""From a matched item to an alert, and the same story told twice to one alert.

An alert is deduplicated at a coarser grain than an item: the same prosecutor and event type
within three days and a headline sharing enough words (`feeds/story.py`) is the same real-world
event, so a second outlet's story becomes "also reported by" on the first alert.

Alerts have an audience. Items from automatic sources make shared alerts (every server watching
the person); items from a feed a server added make alerts private to that server, under a key
of their own. Nothing of a private alert reaches another server: a private item repeating a
shared alert is dropped without a note (its outlet would name the server's feed), and a shared
alert is not sent again to a server that already had the story from its own feed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from bot.store import Alert, UnitOfWork
from feeds.models import Event, EventType, Item, Prosecutor
from feeds.story import headline_tokens, same_story

CLUSTER_WINDOW = timedelta(days=3)


def origin(item: Item) -> str:
    """Who published it: the outlet, or the link's host; feedback patterns use this."""
    if item.outlet:
        return item.outlet
    if item.link:
        return (urlsplit(item.link).hostname or "").removeprefix("www.")
    return item.source_id.split(":", 1)[0]


def private_key(alert_key: str, guild_id: str) -> str:
    """A private alert's key: the shared alert key of the same story, scoped to its server."""
    return f"{alert_key}|guild:{guild_id}"


def shared_key(alert: Alert) -> str:
    """The key a shared alert about the same item would have."""
    if alert.guild_id is None:
        return alert.alert_key
    return alert.alert_key.removesuffix(f"|guild:{alert.guild_id}")


def alert_record(
    event: Event, person: Prosecutor, now: datetime, guild_id: str | None = None
) -> Alert:
    """The alert an event makes: shared, or private to `guild_id` (from a feed it added)."""
    item, match = event.item, event.match
    key = event.alert_key if guild_id is None else private_key(event.alert_key, guild_id)
    return Alert(
        alert_key=key,
        guild_id=guild_id,
        prosecutor_id=person.id,
        prosecutor_name=person.name,
        prosecutor_office=person.office_line,
        event_type=match.event_type,
        second_type=match.second_type or None,
        note=match.note,
        score=round(match.score, 3),
        evidence=list(match.evidence),
        title=item.title,
        summary=item.summary[:1000],
        link=item.link,
        outlet=item.outlet,
        origin=origin(item),
        published=item.published,
        source_id=item.source_id,
        item_key=item.key,
        court=item.court,
        docket_number=item.docket_number,
        case_name=item.case_name,
        entry=item.entry,
        document_number=item.document_number,
        tokens=sorted(headline_tokens(item.title, match.stage)),
        also_reported_by=list(item.also_reported_by),
        first_seen=now,
    )


def repeats(a: Alert, b: Alert) -> bool:
    """Whether two alerts about the same person and type tell one story (audience aside)."""
    return shared_key(a) == shared_key(b) or same_story(frozenset(a.tokens), frozenset(b.tokens))


def visible_to(alerts: list[Alert], guild_id: str) -> list[Alert]:
    """What one server sees of these alerts: the shared ones and its own private ones, minus
    shared alerts that repeat a story it already had from its own feed (it was not sent those
    either)."""
    mine = [a for a in alerts if a.guild_id == guild_id]
    shown = []
    for alert in alerts:
        if alert.guild_id is None:
            if any(_same_event(alert, own) for own in mine):
                continue
        elif alert.guild_id != guild_id:
            continue
        shown.append(alert)
    return shown


def _same_event(a: Alert, b: Alert) -> bool:
    return (
        a.prosecutor_id == b.prosecutor_id
        and a.event_type == b.event_type
        and abs(a.first_seen - b.first_seen) <= CLUSTER_WINDOW
        and repeats(a, b)
    )


class AlertIndex:
    """The stored alerts a cycle's candidates could repeat, as lookups kept current as alerts
    are added; new alerts and notes are written at the end in one insert and one update."""

    def __init__(self, now: datetime) -> None:
        self.cutoff = now - CLUSTER_WINDOW
        self._by_key: dict[str, Alert] = {}
        self._recent: dict[tuple[str, EventType], list[Alert]] = {}
        self._stored: set[str] = set()
        self._noted: set[str] = set()  # keys of stored alerts whose also_reported_by changed
        self.new: list[Alert] = []
        # (stored alert, outlets it gained, the record that repeated it): thread updates
        self.gained: list[tuple[Alert, list[str], Alert]] = []

    async def load(self, tx: UnitOfWork, candidates: list[Alert]) -> None:
        """Read the alerts with the candidates' keys (and the shared keys of private ones), and
        the recent ones about their people."""
        keys = {c.alert_key: None for c in candidates} | {shared_key(c): None for c in candidates}
        for alert in await tx.alerts.get_many(list(keys)):
            self._by_key.setdefault(alert.alert_key, alert)
        people = {c.prosecutor_id for c in candidates}
        for alert in await tx.alerts.search(people, since=self.cutoff):
            self._index(self._by_key.setdefault(alert.alert_key, alert))
        self._stored = set(self._by_key)

    def _index(self, alert: Alert) -> None:
        if alert.first_seen >= self.cutoff:
            key = (alert.prosecutor_id, alert.event_type)
            self._recent.setdefault(key, []).append(alert)

    def same_story(self, record: Alert) -> Alert | None:
        """The alert this record repeats, among those its audience sees: the same key, or the
        same story told differently. A shared record looks only at shared alerts; a private
        one at shared alerts and its server's own."""
        existing = self._by_key.get(record.alert_key)
        if existing is not None:
            return existing
        shared = self._by_key.get(shared_key(record))
        if shared is not None and shared.guild_id is None:
            return shared
        tokens = frozenset(record.tokens)
        for alert in self._recent.get((record.prosecutor_id, record.event_type), ()):
            if alert.guild_id in (None, record.guild_id) and same_story(
                tokens, frozenset(alert.tokens)
            ):
                return alert
        return None

    def private_copies(self, record: Alert) -> set[str]:
        """The servers that already had a new shared record's story from their own feeds;
        their private alerts note the shared outlet (public, so nothing leaks)."""
        guilds = set()
        for alert in self._recent.get((record.prosecutor_id, record.event_type), ()):
            if alert.guild_id is not None and repeats(alert, record):
                self.note_also_reported(alert, record)
                guilds.add(alert.guild_id)
        return guilds

    def add(self, record: Alert) -> None:
        self._by_key.setdefault(record.alert_key, record)
        self._index(record)
        self.new.append(record)

    def note_also_reported(self, alert: Alert, record: Alert) -> None:
        if record.guild_id is not None and alert.guild_id != record.guild_id:
            return  # a server's own feed never shows in what other servers see
        names = list(alert.also_reported_by)
        added: list[str] = []
        for name in [record.origin, *record.also_reported_by]:
            if name and name != alert.origin and name not in names:
                names.append(name)
                added.append(name)
        alert.also_reported_by = names  # the indexed copy, or a record not yet inserted
        if alert.alert_key in self._stored:
            self._noted.add(alert.alert_key)
            if added:
                self.gained.append((alert, added, record))

    async def write(self, tx: UnitOfWork) -> None:
        await tx.alerts.add(self.new)
        await tx.alerts.set_also_reported(
            {key: self._by_key[key].also_reported_by for key in self._noted}
        )
