"""One poll cycle: due sources -> fetch -> parse and match -> one store transaction.

Delivery is not part of the cycle: the cycle wakes the delivery task (bot/delivery/service.py),
which sends outside the poll job's timeout. `run_cycle(deliver=True)` also drains inline, for
the demo, the tools and tests that want a cycle's alerts sent before it returns.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.clock import utcnow
from bot.cycle import source_registry
from bot.cycle.api_budget import SharedApiBudget
from bot.cycle.ingest import CycleStats, SourceOutcome, apply_cycle
from bot.cycle.parse_pool import ParsePool
from bot.delivery import outbox
from bot.delivery.service import DeliveryService
from bot.delivery.sinks import Sink
from bot.directory_file import LiveDirectory
from bot.settings import Settings
from bot.store import Source, Store
from feeds.fetch import Fetcher, FetchError
from feeds.match import Matcher
from feeds.models import Item, Prosecutor
from feeds.sources.queries import SourceSpec, load_templates, pacer_specs, source_specs

log = logging.getLogger(__name__)

# A source refused by an API budget (CourtListener's free tier) is offered again after this;
# left due, it would only wake the poll loop again to be refused again.
BUDGET_DELAY = timedelta(seconds=60)
# Share of a cycle's budget for fetching and parsing; the rest is kept for the commit, so a
# cycle's results are stored even when some sources are still running when the time is up.
FETCH_SHARE = 0.8
# Sorts before every stored next check: sources never polled come first.
_NEVER = datetime.min.replace(tzinfo=UTC)


def cycle_budget(settings: Settings) -> float:
    """Seconds a poll cycle may take in all; the scheduler cancels one that runs longer.

    Generous enough for 1,000 slow feeds, short enough that a stuck cycle cannot block forever.
    """
    return max(settings.poll.interval_seconds * 0.9, settings.fetch.deadline * 3)


def poll_order(due: list[Source]) -> list[Source]:
    """Longest overdue first (never polled before all).

    Sources put off by a busy cycle (a slow host, the budget) keep their old next check, so they
    lead the next cycle instead of being put off again. Stable: table order among equals.
    """
    return sorted(due, key=lambda s: s.next_check_at or _NEVER)


@dataclass
class CycleReport:
    stats: CycleStats
    delivery: outbox.DrainReport | None


class Pipeline:
    def __init__(self, settings: Settings, store: Store, fetcher: Fetcher, sink: Sink) -> None:
        self.settings = settings
        self.store = store
        self.fetcher = fetcher
        self.sink = sink
        self.delivery = DeliveryService(store, sink, settings.discord.flood_cap)
        # Parsing and matching in worker processes (in this one when poll.parse_workers = 0).
        self.parser = ParsePool(settings.poll.parse_workers)
        self._people: dict[str, Prosecutor] = {}
        self._watch_version: int | None = None
        self._matcher: Matcher | None = None
        # Terms of office for office-only mentions: bundled plus the user directory.
        self.directory = LiveDirectory(settings.directory.path)
        self._history: object = None
        self._lock = asyncio.Lock()
        # Sources falling due this soon after a cycle starts are polled in it, so checks close
        # together share a cycle (see poller.py): a twentieth of the interval, a quarter of the
        # jitter's width.
        self.lookahead = timedelta(seconds=settings.poll.interval_seconds / 20)
        self._templates = load_templates()
        # CourtListener's free API tier is small; polls beyond it wait for a later cycle. The
        # budget is counted in the store: every process polling with the token shares it.
        self._api_budget = SharedApiBudget(store, "courtlistener")

    # -- automatic sources -----------------------------------------------------------------

    def wanted_sources(self, people: dict[str, Prosecutor]) -> list[Source]:
        """The news and court sources every watched prosecutor needs, plus configured courts."""
        enabled = self.settings.sources.enabled
        specs: list[SourceSpec] = []
        for person in people.values():
            specs.extend(source_specs(person, self._templates, enabled))
        specs.extend(pacer_specs(self.settings.sources.pacer_courts))
        return [
            source_registry.new_source(
                spec.id,
                spec.kind,
                spec.url,
                label=spec.label,
                prosecutor_id=spec.prosecutor_id,
                interval=max(spec.interval, self.settings.poll.interval_seconds),
                headers_env=spec.headers_env,
            )
            for spec in specs
        ]

    # -- matcher and workers --------------------------------------------------------------

    async def _watched(self) -> dict[str, Prosecutor]:
        """Everyone watched; read again only when a watchlist changed, since rebuilding
        2,500 prosecutors and comparing them cost a one-feed cycle a third of a parse."""
        async with self.store.transaction() as tx:
            version = await tx.guilds.watch_version()
            if version != self._watch_version or not self._people:
                people = await tx.guilds.all_watched()
                self._watch_version = version
                return people
        return self._people

    async def _refresh(self, people: dict[str, Prosecutor]) -> None:
        """Rebuild the matcher and the automatic sources when the watchlists changed."""
        history = self.directory.current().history
        same_people = people is self._people or people == self._people
        if same_people and self._matcher is not None and history is self._history:
            return
        wanted = self.wanted_sources(people)
        async with self.store.transaction() as tx:
            await source_registry.sync_auto_sources(
                tx, wanted, feed_interval=self.settings.poll.interval_seconds
            )
        self._people = people
        self._history = history
        self._matcher = Matcher(
            list(people.values()), threshold=self.settings.match.threshold, history=history
        )
        self.parser.use_matcher(self._matcher)

    @property
    def matcher(self) -> Matcher | None:
        """The matcher of the last cycle (None before the first)."""
        return self._matcher

    async def close(self) -> None:
        await self.delivery.stop()
        self.parser.close()

    # -- one source ------------------------------------------------------------------------

    def _auth_headers(self, source: Source) -> dict[str, str] | None:
        # Only the CourtListener API takes a token; it comes from the environment via settings.
        token = self.settings.sources.courtlistener_token
        if source.headers_env == "COURTLISTENER_TOKEN" and token:
            return {"Authorization": f"Token {token}"}
        return None

    async def _poll_source(self, source: Source) -> SourceOutcome:
        headers = self._auth_headers(source)
        if headers and not await self._api_budget.try_acquire():
            return SourceOutcome(
                source.id, ok=True, deferred=True, retry_after=BUDGET_DELAY.total_seconds()
            )
        try:
            fetched = await self.fetcher.fetch(
                source.url,
                etag=source.etag,
                last_modified=source.last_modified,
                previous_hash=source.body_hash,
                headers=headers,
            )
        except FetchError as exc:
            if exc.reason == "queued":  # its host was busy with slow feeds: not its fault
                return SourceOutcome(source.id, ok=True, deferred=True)
            return SourceOutcome(
                source.id,
                ok=False,
                error_reason=exc.reason,
                error_message=str(exc),
                retry_after=exc.retry_after,
            )
        except Exception as exc:  # one source's bug must not end the cycle for the others
            log.exception("fetching %s failed unexpectedly", source.id)
            return SourceOutcome(
                source.id, ok=False, error_reason="error", error_message=type(exc).__name__
            )
        outcome = SourceOutcome(
            source.id,
            ok=True,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            body_hash=fetched.body_hash,
        )
        if fetched.unchanged or fetched.body is None:
            outcome.unchanged = True
            return outcome
        matched, error = await self.parser.match(
            fetched.body, source.id, source.kind, fetched.content_type
        )
        if error:
            outcome.ok, (outcome.error_reason, outcome.error_message) = False, error
        outcome.matched = matched
        return outcome

    # -- the cycle ---------------------------------------------------------------------------

    async def run_cycle(self, deliver: bool = True, budget: float | None = None) -> CycleReport:
        """Poll every due source once and store the results atomically; wake delivery, and
        with `deliver` also drain the outbox before returning.

        Fetching and parsing get FETCH_SHARE of ``budget`` (default: cycle_budget); sources
        still running then are put off to the next cycle and everything else is committed.
        """
        async with self._lock:  # a slow cycle and the next tick must never interleave
            loop = asyncio.get_running_loop()
            ends_at = loop.time() + FETCH_SHARE * (budget or cycle_budget(self.settings))
            now = utcnow()
            people = await self._watched()
            await self._refresh(people)
            async with self.store.transaction() as tx:
                due = await tx.sources.due(
                    now + self.lookahead, self.settings.poll.max_backoff_seconds
                )
            outcomes = await self._poll_all(poll_order(due), ends_at - loop.time())
            async with self.store.transaction() as tx:
                stats = await apply_cycle(tx, outcomes, people, self.settings.poll, now)
                # Put off by a busy host or the cycle budget, a source stays due and leads the
                # next cycle; refused by an API budget, it waits for the budget to refill.
                refused = [r.source_id for r in outcomes if r.deferred and r.retry_after]
                if refused:
                    await tx.sources.set_next_check(now + BUDGET_DELAY, refused)
            log.info("cycle: %s", stats.as_dict())
            self.delivery.wake()
            delivery = await self.deliver() if deliver else None
            return CycleReport(stats, delivery)

    async def _poll_all(self, due: list[Source], budget: float) -> list[SourceOutcome]:
        """Every due source's outcome; those not done within ``budget`` s are deferred."""
        if not due:
            return []
        # The fetcher bounds concurrency and each fetch; this bounds the cycle as a whole.
        tasks = [asyncio.create_task(self._poll_source(s)) for s in due]
        try:
            _, pending = await asyncio.wait(tasks, timeout=max(0.0, budget))
        finally:  # also when this cycle itself is cancelled: no fetch outlives it
            for task in tasks:
                task.cancel()
        if pending:
            log.warning("cycle budget spent: %d sources put off to the next cycle", len(pending))
            await asyncio.wait(pending)
        return [
            SourceOutcome(source.id, ok=True, deferred=True) if task.cancelled() else task.result()
            for source, task in zip(due, tasks, strict=True)
        ]

    async def ingest_pushed(
        self, source_id: str, items: list[Item], delivery_key: str | None = None
    ) -> CycleStats | None:
        """Items a service pushed to us (webhooks): matched and stored like a polled source.

        With a delivery key, checking it, storing the items and marking the key seen are one
        transaction: a delivery is taken whole or not at all, and once. None: the key was seen
        already (nothing changed)."""
        async with self._lock:
            now = utcnow()
            people = await self._watched()
            await self._refresh(people)
            assert self._matcher is not None
            outcome = SourceOutcome(
                source_id, ok=True, matched=[(i, self._matcher.match_item(i)) for i in items]
            )
            async with self.store.transaction() as tx:
                if delivery_key is not None and await tx.seen.contains(delivery_key):
                    return None
                if await tx.sources.get(source_id) is None:
                    source = source_registry.new_source(source_id, "courtlistener", "", seeded=True)
                    source.enabled, source.push = False, True
                    await tx.sources.insert([source])
                stats = await apply_cycle(tx, [outcome], people, self.settings.poll, now)
                if delivery_key is not None:
                    await tx.seen.mark([delivery_key], now)
            self.delivery.wake()
            return stats

    async def deliver(self) -> outbox.DrainReport:
        return await outbox.drain(self.store, self.sink, flood_cap=self.settings.discord.flood_cap)
