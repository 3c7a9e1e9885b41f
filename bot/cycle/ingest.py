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


def _alertable(item: Item, now: datetime, poll: PollSettings) -> bool:
    # Undated items count as new: a feed without dates is still a feed.
    return item.published is None or item.published >= now - timedelta(days=poll.max_age_days)


def audiences(source: Source) -> list[str | None]:
    """Who a source's items are for: everyone watching (None, automatic sources), or each
    server that added the feed, alone."""
    return [None] if source.auto else list(source.guild_ids)


def seen_key(item_key: str, guild_id: str | None) -> str:
    """The seen mark of an item for an audience. Items of a server's own feed are marked for
    that server only, so another server's feed or a shared source carrying the same item
    still alerts its own audience."""
    return item_key if guild_id is None else f"guild:{guild_id}|{item_key}"


def _wanted_keys(outcomes: list[SourceOutcome], sources: dict[str, Source]) -> list[str]:
    keys: dict[str, None] = {}
    for result in outcomes:
        source = sources.get(result.source_id)
        if source is None or not result.ok or result.unchanged:
            continue
        for item, _ in result.matched:
            keys[item.key] = None
            for audience in audiences(source):
                keys[seen_key(item.key, audience)] = None
    return list(keys)


class _Fresh:
    """Which items are new for an audience, across one cycle's sources."""

    def __init__(self, unseen: set[str]) -> None:
        self.unseen = unseen
        self.marked: dict[str, None] = {}  # seen keys first recorded in this cycle, in order

    def take(self, item_key: str, audience: str | None) -> bool:
        """Whether the item is new for the audience; records it as seen if so. An item a
        shared source already brought is not new for a server's own feed: the server had it."""
        key = seen_key(item_key, audience)
        if key not in self.unseen or key in self.marked:
            return False
        if audience is not None and (item_key not in self.unseen or item_key in self.marked):
            return False
        self.marked[key] = None
        return True


async def apply_cycle(
    tx: UnitOfWork,
    outcomes: list[SourceOutcome],
    people: dict[str, Prosecutor],
    poll: PollSettings,
    now: datetime,
) -> CycleStats:
    """Apply a cycle's outcomes inside one transaction.

    Reads are made once for the whole cycle and writes once per repository at the end: a
    1,000-source cycle must not pay a store round trip per source or per alert.
    """
    stats = CycleStats(sources=len(outcomes))
    sources = await tx.sources.get_many(r.source_id for r in outcomes)
    item_keys = _wanted_keys(outcomes, sources)
    fresh_for = _Fresh(set(await tx.seen.unseen(item_keys)) if item_keys else set())
    changed: dict[str, Source] = {}  # one object per source: a second outcome sees the first
    rows: list[OutboxRow] = []
    candidates: list[Alert] = []
    ctx: RouteContext | None = None
    held: list[Alert] = []  # history a backfill asked for: stored, routed only by the backfill
    backfills = await Backfills.load(tx)
    for result in outcomes:
        source = sources.get(result.source_id)
        if source is None:
            continue
        if result.deferred:
            stats.deferred += 1
            continue
        changed[source.id] = source
        if not result.ok:
            stats.errors += 1
            source_registry.record_failure(
                source,
                now,
                reason=result.error_reason or "error",
                message=result.error_message or "unknown error",
                retry_after=result.retry_after,
                max_backoff=poll.max_backoff_seconds,
                disable_after=poll.disable_after_errors,
            )
            rows.extend(await _feed_notices(tx, source, poll, now))
            continue
        source_registry.record_success(
            source,
            now,
            etag=result.etag,
            last_modified=result.last_modified,
            body_hash=result.body_hash,
            items=None if result.unchanged else len(result.matched),
        )
        if result.unchanged:
            stats.unchanged += 1
            continue
        stats.items += len(result.matched)
        for audience in audiences(source):
            fresh = [(i, m) for i, m in result.matched if fresh_for.take(i.key, audience)]
            stats.new_items += len(fresh)
            if not source.seeded:
                # A new source's existing items are history, not news: record them, alert on
                # at most the configured backfill of the newest ones (and keep what a backfill
                # asked for: a server's feed, only for that server's requests).
                stats.seeded_items += max(0, len(fresh) - poll.backfill_items)
                for item, match in backfills.wanted(source, fresh, audience) if backfills else ():
                    person = people.get(match.prosecutor_id)
                    if person is not None:
                        held.append(alert_record(Event(item, match), person, now, audience))
                fresh = fresh[: poll.backfill_items]
            for item, matches in fresh:
                if not _alertable(item, now, poll):
                    continue
                for match in matches:
                    person = people.get(match.prosecutor_id)
                    if person is None:
                        continue
                    if audience is not None:
                        # A server's feed alerts it only about people it watches itself.
                        ctx = ctx or await RouteContext.load(tx)
                        if audience not in ctx.watching.get(person.id, set()):
                            continue
                    candidates.append(alert_record(Event(item, match), person, now, audience))
        source.seeded = True
    alerts = AlertIndex(now)
    if candidates or held:
        await alerts.load(tx, candidates + held)
        for record in candidates:
            existing = alerts.same_story(record)
            if existing is not None:
                alerts.note_also_reported(existing, record)
                stats.clustered += 1
                continue
            alerts.add(record)
            stats.alerts += 1
            # A server that had the story from its own feed is not told it again.
            had_it = alerts.private_copies(record) if record.guild_id is None else set()
            ctx = ctx or await RouteContext.load(tx)
            rows.extend(await route(tx, record, now, ctx, skip=had_it))
        for record in held:
            if alerts.same_story(record) is None:
                alerts.add(record)
    await tx.sources.save(list(changed.values()))
    if fresh_for.marked:
        await tx.seen.mark(fresh_for.marked, now)
    await alerts.write(tx)
    rows.extend(await update_rows(tx, alerts.gained, now))
    if backfills:
        rows.extend(await backfills.fulfil(tx, people, now))
    unique: dict[str, OutboxRow] = {}  # a backfill may route an alert this cycle routed too
    for row in rows:
        unique.setdefault(row.id, row)
    stats.queued = await tx.outbox.enqueue(list(unique.values()))
    if any(not r.deferred for r in outcomes) or not outcomes:
        await tx.meta.set_last_cycle(CycleSummary(at=now, counts=stats.as_dict()))
    return stats
