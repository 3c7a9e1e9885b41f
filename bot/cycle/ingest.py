"""What one poll cycle changes in the store, applied in one unit of work.

For each source: its health; for each new item: seen mark, alert (or a note on an existing
alert when it is the same story), and outbox rows for the channels that asked for it. Seen marks
and outbox rows are committed together, so a crash cannot lose an alert between the two.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot import guilds
from bot.cycle import source_registry
from bot.cycle.alerts import AlertIndex, alert_record
from bot.cycle.audience import Fresh, audiences, wanted_keys
from bot.cycle.backfill import Backfills
from bot.cycle.routing import RouteContext, route
from bot.cycle.thread_updates import update_rows
from bot.delivery import outbox
from bot.settings import PollSettings
from bot.store import Alert, CycleSummary, OutboxRow, Source, UnitOfWork
from feeds.models import Event, Item, Match, Prosecutor

log = logging.getLogger(__name__)


@dataclass
class SourceOutcome:
    """What fetching and parsing one source produced (built outside the store)."""

    source_id: str
    ok: bool
    unchanged: bool = False
    deferred: bool = False  # not polled this time (budget, busy host): health untouched
    matched: list[tuple[Item, list[Match]]] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    error_reason: str | None = None
    error_message: str | None = None
    retry_after: float | None = None


@dataclass
class CycleStats:
    sources: int = 0
    unchanged: int = 0
    errors: int = 0
    items: int = 0
    new_items: int = 0
    seeded_items: int = 0
    alerts: int = 0
    clustered: int = 0
    queued: int = 0
    deferred: int = 0  # not polled this cycle (host busy, cycle budget spent, API budget)

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


async def _feed_notices(
    tx: UnitOfWork, source: Source, poll: PollSettings, now: datetime
) -> list[OutboxRow]:
    """Tell the organizers who added a feed when it keeps failing, and when it is disabled."""
    errors = source.consecutive_errors
    disabled = not source.enabled
    if not source.guild_ids or not (errors == poll.notify_after_errors or disabled):
        return []
    label = source.label or source.id
    if disabled:
        text = (
            f"The feed {label} was disabled after {errors} errors in a row "
            f"(last: {source.last_error}). Fix it, then use /feeds retry."
        )
    else:
        text = f"The feed {label} failed {errors} times in a row: {source.last_error}."
    rows = []
    for guild_id in source.guild_ids:
        # With no subscribed channel the notice still waits: the outbox finds it a channel.
        channel = await guilds.notice_channel(tx, guild_id) or ""
        key = f"{source.id}|{errors}|{source.enabled}|{now.date()}"
        rows.append(outbox.new_notice(key, guild_id, channel, text, now=now))
    return rows


Matched = list[tuple[Item, list[Match]]]


def _alertable(item: Item, now: datetime, poll: PollSettings) -> bool:
    # Undated items count as new: a feed without dates is still a feed.
    return item.published is None or item.published >= now - timedelta(days=poll.max_age_days)


async def apply_cycle(
    tx: UnitOfWork,
    outcomes: list[SourceOutcome],
    people: dict[str, Prosecutor],
    poll: PollSettings,
    now: datetime,
) -> CycleStats:
    """Apply a cycle's outcomes inside one transaction, step by step: each source's health,
    its new items (seeding a new source), the alerts they raise (one per story) routed to the
    channels that asked, then one write per repository.

    Reads are made once for the whole cycle and writes once per repository at the end: a
    1,000-source cycle must not pay a store round trip per source or per alert.
    """
    # Before anything is read or written: in a store shared by several processes (workers,
    # the gateway's webhook), whoever decides alerts about these people goes one at a time.
    await tx.lock_people(
        m.prosecutor_id for o in outcomes for _, matches in o.matched for m in matches
    )
    cycle = await _Cycle.start(tx, outcomes, people, poll, now)
    for result in outcomes:
        await cycle.take(result)
    await cycle.raise_alerts()
    await cycle.write()
    if any(not r.deferred for r in outcomes) or not outcomes:
        await tx.meta.set_last_cycle(CycleSummary(at=now, counts=cycle.stats.as_dict()))
    return cycle.stats


class _Cycle:
    """One cycle's work in progress: what it read once, and what it will write once."""

    def __init__(
        self,
        tx: UnitOfWork,
        people: dict[str, Prosecutor],
        poll: PollSettings,
        now: datetime,
        sources: dict[str, Source],
        fresh_for: Fresh,
        backfills: Backfills | None,
    ) -> None:
        self.tx, self.people, self.poll, self.now = tx, people, poll, now
        self.sources, self.fresh_for, self.backfills = sources, fresh_for, backfills
        self.stats = CycleStats()
        self.changed: dict[str, Source] = {}  # one object per source: a second outcome sees it
        self.rows: list[OutboxRow] = []
        self.candidates: list[Alert] = []
        self.held: list[Alert] = []  # history a backfill asked for: routed only by the backfill
        self.alerts = AlertIndex(now)
        self._ctx: RouteContext | None = None

    @classmethod
    async def start(
        cls,
        tx: UnitOfWork,
        outcomes: list[SourceOutcome],
        people: dict[str, Prosecutor],
        poll: PollSettings,
        now: datetime,
    ) -> _Cycle:
        sources = await tx.sources.get_many(r.source_id for r in outcomes)
        item_keys = wanted_keys(outcomes, sources)
        fresh_for = Fresh(set(await tx.seen.unseen(item_keys)) if item_keys else set())
        cycle = cls(tx, people, poll, now, sources, fresh_for, await Backfills.load(tx))
        cycle.stats.sources = len(outcomes)
        return cycle

    async def route_context(self) -> RouteContext:
        self._ctx = self._ctx or await RouteContext.load(self.tx)
        return self._ctx

    # -- per source ------------------------------------------------------------------------

    async def take(self, result: SourceOutcome) -> None:
        source = self.sources.get(result.source_id)
        if source is None:
            return
        if result.deferred:
            self.stats.deferred += 1
            return
        self.changed[source.id] = source
        if not result.ok:
            await self._record_failure(source, result)
            return
        source_registry.record_success(
            source,
            self.now,
            etag=result.etag,
            last_modified=result.last_modified,
            body_hash=result.body_hash,
            items=None if result.unchanged else len(result.matched),
        )
        if result.unchanged:
            self.stats.unchanged += 1
            return
        self.stats.items += len(result.matched)
        for audience in audiences(source):
            fresh = [(i, m) for i, m in result.matched if self.fresh_for.take(i.key, audience)]
            self.stats.new_items += len(fresh)
            fresh = self._seed(source, fresh, audience)
            await self._add_candidates(fresh, audience)
        source.seeded = True

    async def _record_failure(self, source: Source, result: SourceOutcome) -> None:
        """Backoff (maybe disabled) and the notices owed to the feed's organizers."""
        self.stats.errors += 1
        source_registry.record_failure(
            source,
            self.now,
            reason=result.error_reason or "error",
            message=result.error_message or "unknown error",
            retry_after=result.retry_after,
            max_backoff=self.poll.max_backoff_seconds,
            disable_after=self.poll.disable_after_errors,
        )
        self.rows.extend(await _feed_notices(self.tx, source, self.poll, self.now))

    def _seed(self, source: Source, fresh: Matched, audience: str | None) -> Matched:
        """A new source's existing items are history, not news: they are recorded, and alert on
        at most the configured backfill of the newest ones (what a backfill asked for is kept:
        a server's feed, only for that server's requests)."""
        if source.seeded:
            return fresh
        self.stats.seeded_items += max(0, len(fresh) - self.poll.backfill_items)
        wanted = self.backfills.wanted(source, fresh, audience) if self.backfills else ()
        for item, match in wanted:
            person = self.people.get(match.prosecutor_id)
            if person is not None:
                self.held.append(alert_record(Event(item, match), person, self.now, audience))
        return fresh[: self.poll.backfill_items]

    async def _add_candidates(self, fresh: Matched, audience: str | None) -> None:
        """An alert record per recent item and watched prosecutor it matched; a server's own
        feed alerts it only about people it watches itself."""
        for item, matches in fresh:
            if not _alertable(item, self.now, self.poll):
                continue
            for match in matches:
                person = self.people.get(match.prosecutor_id)
                if person is None:
                    continue
                if audience is not None:
                    watching = (await self.route_context()).watching.get(person.id, set())
                    if audience not in watching:
                        continue
                self.candidates.append(alert_record(Event(item, match), person, self.now, audience))

    # -- the cycle as a whole ----------------------------------------------------------------

    async def raise_alerts(self) -> None:
        """New alerts routed to their channels; a candidate repeating a stored or earlier
        alert's story becomes an "also reported by" note on it instead."""
        if not self.candidates and not self.held:
            return
        alerts = self.alerts
        await alerts.load(self.tx, self.candidates + self.held)
        for record in self.candidates:
            existing = alerts.same_story(record)
            if existing is not None:
                alerts.note_also_reported(existing, record)
                self.stats.clustered += 1
                continue
            alerts.add(record)
            self.stats.alerts += 1
            # A server that had the story from its own feed is not told it again.
            had_it = alerts.private_copies(record) if record.guild_id is None else set()
            ctx = await self.route_context()
            self.rows.extend(await route(self.tx, record, self.now, ctx, skip=had_it))
        for record in self.held:
            if alerts.same_story(record) is None:
                alerts.add(record)

    async def write(self) -> None:
        """One write per repository: source health, seen marks, alerts and their notes, and
        the outbox rows (thread updates and fulfilled backfills included, each row once)."""
        tx = self.tx
        await tx.sources.save(list(self.changed.values()))
        if self.fresh_for.marked:
            await tx.seen.mark(self.fresh_for.marked, self.now)
        await self.alerts.write(tx)
        self.rows.extend(await update_rows(tx, self.alerts.gained, self.now))
        if self.backfills:
            self.rows.extend(await self.backfills.fulfil(tx, self.people, self.now))
        unique: dict[str, OutboxRow] = {}  # a backfill may route an alert this cycle routed too
        for row in self.rows:
            unique.setdefault(row.id, row)
        self.stats.queued = await tx.outbox.enqueue(list(unique.values()))
