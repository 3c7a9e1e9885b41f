"""The store's interface: one unit of work at a time, repositories inside it.

    async with store.transaction() as tx:
        due = await tx.sources.due(now, max_backoff)
        ...
        await tx.outbox.enqueue(rows)

Everything done through `tx` commits together when the block ends, or not at all when it
raises: one poll cycle's source health, seen marks, alerts and outbox rows are one commit.
Reads go through a transaction too (it commits nothing). Transactions do not nest: code inside
one must not open another.

Engines implement these ABCs: `bot.store.tinydb` (the embedded default, one process) and a
PostgreSQL one. Repositories take and return `bot.store.models` dataclasses and enums; guild,
channel and role ids are strings. Every method is async so both a thread-bound engine and an
async driver fit.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path

from bot.errors import StartupError
from bot.store.models import (
    Alert,
    Backfill,
    ChannelSettings,
    CycleSummary,
    Feedback,
    MentionRule,
    OutboxRow,
    PruneReport,
    RowStatus,
    Source,
    Subscription,
)
from feeds.models import EventType, Prosecutor


class StoreError(StartupError):
    """The store cannot be used (unreachable, unwritable); the message says what to fix."""


class AlreadyRunning(StoreError):
    """Another bot process holds a store that only one process may write."""


# What `SourceRepo.earliest_check` answers when an enabled source was never checked.
NEVER_CHECKED = datetime.min.replace(tzinfo=UTC)


def is_due(source: Source, now: datetime, max_backoff: float) -> bool:
    """Whether an enabled source should be polled now.

    A next check further ahead than any wait the bot sets (the source's interval with jitter, or
    the longest backoff) can only come from the clock having been set back: such a source is due
    now rather than silent until the clock catches up. Engines may express this in their query
    language; this is the reference."""
    if source.next_check_at is None or source.next_check_at <= now:
        return True
    longest = max(source.interval * 1.2, max_backoff) + 300
    return (source.next_check_at - now).total_seconds() > longest


class SourceRepo(ABC):
    @abstractmethod
    async def get(self, source_id: str) -> Source | None: ...

    @abstractmethod
    async def get_many(self, source_ids: Iterable[str]) -> dict[str, Source]:
        """The sources with these ids (missing ones left out), by id."""

    @abstractmethod
    async def all(self) -> list[Source]: ...

    @abstractmethod
    async def for_guild(self, guild_id: str) -> list[Source]:
        """Sources this guild's organizers added (or joined), automatic ones included."""

    @abstractmethod
    async def automatic(self) -> list[Source]: ...

    @abstractmethod
    async def due(self, now: datetime, max_backoff: float) -> list[Source]:
        """Enabled sources for which `is_due` holds, in table (insertion) order."""

    @abstractmethod
    async def earliest_check(self) -> datetime | None:
        """The earliest `next_check_at` of the enabled sources, so the poller can sleep until
        then; None when no source is enabled. A source never checked (no `next_check_at`) is
        due now: the result is then `NEVER_CHECKED`."""

    @abstractmethod
    async def insert(self, sources: list[Source]) -> None:
        """Add new sources (their ids are not stored yet)."""

    @abstractmethod
    async def save(self, sources: list[Source]) -> None:
        """Replace stored sources by id with these."""

    @abstractmethod
    async def delete(self, source_id: str) -> bool: ...

    @abstractmethod
    async def set_next_check(self, when: datetime | None, ids: Iterable[str] | None = None) -> None:
        """Move the next check of these sources (all when None); None means due now."""


class SeenRepo(ABC):
    """Item keys (and webhook delivery keys) already handled: never alerted twice."""

    @abstractmethod
    async def contains(self, key: str) -> bool: ...

    @abstractmethod
    async def unseen(self, keys: Iterable[str]) -> list[str]:
        """The keys not seen yet, in the given order."""

    @abstractmethod
    async def mark(self, keys: Iterable[str], at: datetime) -> int:
        """Record keys as seen; returns how many were new."""

    @abstractmethod
    async def count(self) -> int: ...

    @abstractmethod
    async def all(self) -> list[tuple[str, datetime]]:
        """Every seen key with when it was first seen (for copying a store)."""


class AlertRepo(ABC):
    @abstractmethod
    async def get(self, alert_key: str) -> Alert | None: ...

    @abstractmethod
    async def get_many(self, alert_keys: list[str]) -> list[Alert]:
        """The alerts for these keys in the given order, missing ones left out."""

    @abstractmethod
    async def search(
        self,
        prosecutor_ids: Iterable[str],
        event_type: EventType | None = None,
        since: datetime | None = None,
        *,
        visible_to: str | None = None,
    ) -> list[Alert]:
        """Alerts about these prosecutors (of one type, first seen since), in insertion order.

        With `visible_to`, only what that guild may see: shared alerts and its own private ones
        (`Alert.guild_id`). Without it, every alert (the pipeline's clustering needs them all)."""

    @abstractmethod
    async def all(self) -> list[Alert]:
        """Every alert, in insertion order (for copying a store, and tests)."""

    @abstractmethod
    async def add(self, alerts: list[Alert]) -> None:
        """Insert new alerts (their keys are not stored yet)."""

    @abstractmethod
    async def set_also_reported(self, names: dict[str, list[str]]) -> None:
        """Replace `also_reported_by` of the alerts with these keys."""


class OutboxRepo(ABC):
    @abstractmethod
    async def enqueue(self, rows: list[OutboxRow]) -> int:
        """Insert rows whose id is not stored yet (an alert reaches a channel once, ever);
        returns how many were inserted."""

    @abstractmethod
    async def due(self, now: datetime) -> list[OutboxRow]:
        """Pending rows whose next attempt has come, oldest first (created_at, then id)."""

    @abstractmethod
    async def get_many(self, row_ids: Iterable[str]) -> dict[str, OutboxRow]: ...

    @abstractmethod
    async def by_nonce(self, nonce: str) -> OutboxRow | None: ...

    @abstractmethod
    async def held_for_digest(self, channel_id: str) -> list[OutboxRow]:
        """The channel's rows waiting for its digest, in insertion order."""

    @abstractmethod
    async def all(self, guild_id: str | None = None) -> list[OutboxRow]: ...

    @abstractmethod
    async def save(self, rows: list[OutboxRow]) -> None:
        """Replace stored rows by id with these."""

    @abstractmethod
    async def give_up_channel(self, channel_id: str, detail: str) -> int:
        """Mark the channel's pending and in-summary rows undeliverable, with `detail` as
        their last error; returns how many. Notices are left alone: they move to another
        channel instead."""

    @abstractmethod
    async def depth(self, guild_id: str | None = None) -> dict[RowStatus, int]:
        """How many rows are in each status (one guild's, or everyone's)."""

    @abstractmethod
    async def set_next_attempt(self, when: datetime, ids: Iterable[str] | None = None) -> None:
        """Move the next attempt of these rows (all when None)."""

    @abstractmethod
    async def next_attempt_after(self, now: datetime) -> datetime | None:
        """The earliest `next_attempt_at` later than `now` among pending rows (None if none):
        when delivery has something to do next."""

    @abstractmethod
    async def hold_channel(self, channel_id: str, until: datetime) -> None:
        """Send nothing to this channel before `until` (Discord's retry_after for it). A hold
        never gets shorter: the later of the stored and the given time is kept."""

    @abstractmethod
    async def holds(self, now: datetime) -> dict[str, datetime]:
        """Channels held beyond `now`, with the time each may be sent to again."""


class GuildRepo(ABC):
    """Per-server configuration: watchlist, mention rule, subscriptions, channel settings.

    Every method but the all-guild reads the pipeline needs (`all_watched`, `watchers`,
    `subscriptions(None)`, `channels(None)`) is scoped by guild id."""

    @abstractmethod
    async def guild_ids(self) -> list[str]:
        """Every guild with a watchlist or mention rule stored (for copying a store)."""

    @abstractmethod
    async def watched(self, guild_id: str) -> list[Prosecutor]:
        """The guild's watched prosecutors, by name."""

    @abstractmethod
    async def add_watch(self, guild_id: str, person: Prosecutor) -> None: ...

    @abstractmethod
    async def remove_watch(self, guild_id: str, prosecutor_id: str) -> bool: ...

    @abstractmethod
    async def all_watched(self) -> dict[str, Prosecutor]:
        """Every prosecutor any guild watches (the first guild's record wins): what the
        matcher looks for."""

    @abstractmethod
    async def watchers(self) -> dict[str, set[str]]:
        """prosecutor id -> ids of the guilds that watch them."""

    @abstractmethod
    async def watch_version(self) -> int:
        """A number that stays the same for as long as no watchlist changed, so the pipeline
        can keep its matcher without re-reading every watchlist each cycle. An engine that
        cannot tell may return a new number every time (the matcher is then compared)."""

    @abstractmethod
    async def timezone(self, guild_id: str) -> str | None:
        """The guild's IANA time zone name; None means UTC."""

    @abstractmethod
    async def set_timezone(self, guild_id: str, zone: str | None) -> None: ...

    @abstractmethod
    async def backfills(self, guild_id: str | None = None) -> list[Backfill]:
        """Backfill requests not yet fulfilled (one guild's, or everyone's), oldest first."""

    @abstractmethod
    async def add_backfill(self, backfill: Backfill) -> None:
        """Insert, or replace the guild's pending request for the same prosecutor or feed."""

    @abstractmethod
    async def remove_backfills(self, ids: Iterable[str]) -> int: ...

    @abstractmethod
    async def mention(self, guild_id: str) -> MentionRule | None: ...

    @abstractmethod
    async def set_mention(self, guild_id: str, rule: MentionRule | None) -> None: ...

    @abstractmethod
    async def subscriptions(self, guild_id: str | None = None) -> list[Subscription]:
        """One guild's subscriptions (everyone's when None), in insertion order."""

    @abstractmethod
    async def subscription(
        self, guild_id: str, channel_id: str, prosecutor_id: str
    ) -> Subscription | None: ...

    @abstractmethod
    async def save_subscription(self, subscription: Subscription) -> None:
        """Insert, or replace the one with the same guild, channel and prosecutor."""

    @abstractmethod
    async def remove_subscriptions(
        self, guild_id: str, channel_id: str, prosecutor_id: str | None = None
    ) -> int:
        """Remove a channel's subscriptions (only those about one prosecutor if given)."""

    @abstractmethod
    async def remove_prosecutor_subscriptions(self, guild_id: str, prosecutor_id: str) -> int: ...

    @abstractmethod
    async def channel(self, guild_id: str, channel_id: str) -> ChannelSettings:
        """The channel's settings; defaults when never configured (or owned by another guild)."""

    @abstractmethod
    async def channels(self, guild_id: str | None = None) -> list[ChannelSettings]:
        """Configured channels of one guild (everyone's when None)."""

    @abstractmethod
    async def save_channel(self, channel: ChannelSettings) -> None: ...


class FeedbackRepo(ABC):
    @abstractmethod
    async def record(self, feedback: Feedback) -> None:
        """Insert, or replace the guild's earlier verdict on the same alert."""

    @abstractmethod
    async def for_guild(self, guild_id: str) -> list[Feedback]: ...

    @abstractmethod
    async def all(self) -> list[Feedback]:
        """Every guild's feedback (for copying a store)."""


class MetaRepo(ABC):
    """Small pieces of bot-wide state."""

    @abstractmethod
    async def last_cycle(self) -> CycleSummary | None: ...

    @abstractmethod
    async def set_last_cycle(self, summary: CycleSummary) -> None: ...

    @abstractmethod
    async def delivery_paused_until(self) -> datetime | None: ...

    @abstractmethod
    async def set_delivery_paused_until(self, until: datetime | None) -> None: ...

    @abstractmethod
    async def api_calls(self, api: str) -> list[float]:
        """When the calls still counted against an API's rate budget were made (seconds since
        the epoch). Held until the transaction ends: processes sharing one budget read and
        spend it one at a time."""

    @abstractmethod
    async def set_api_calls(self, api: str, sent: list[float]) -> None: ...


class UnitOfWork(ABC):
    """The repositories of one transaction."""

    sources: SourceRepo
    seen: SeenRepo
    alerts: AlertRepo
    outbox: OutboxRepo
    guilds: GuildRepo
    feedback: FeedbackRepo
    meta: MetaRepo

    async def lock_people(self, prosecutor_ids: Iterable[str]) -> None:
        """Hold other processes deciding alerts about these prosecutors off until this
        transaction ends, so two of them cannot both find no alert for one story told by two
        outlets and both add one. Call it before writing anything. An engine whose
        transactions run one at a time (TinyDB) has nothing to do."""
        del prosecutor_ids

    @abstractmethod
    async def prune(
        self, *, seen_before: datetime, alerts_before: datetime, outbox_before: datetime
    ) -> PruneReport:
        """Drop seen marks and alerts older than the cutoffs, and outbox rows created before
        theirs that are no longer pending, held for a digest or waiting in a summary, and channel
        holds that ended before `outbox_before`."""


class Store(ABC):
    """An open store. `transaction()` serializes writers: an engine either runs one at a time
    (TinyDB) or isolates them (PostgreSQL)."""

    # Where a store that could not be read was set aside, when this one started fresh.
    recovered_from: Path | None = None

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[UnitOfWork]:
        """Commit on a normal exit; roll back everything on an exception."""

    @abstractmethod
    async def close(self) -> None: ...
