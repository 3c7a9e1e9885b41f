"""`run_bot.py worker`: poll sources from a shared PostgreSQL store, beside other workers.

Each worker runs a few lanes. A lane claims a batch of due sources (a lease, so no other worker
polls them), fetches, parses and matches them with the same steps as the one-process cycle,
then commits source health, seen marks, alerts and outbox rows and releases the leases in one
transaction. A worker that dies mid-batch commits nothing; its sources come back to every
worker when the lease runs out, and their items are still unseen, so nothing is lost, and the
database's unique constraints make sure nothing is stored (or sent) twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.cycle.ingest import CycleStats, SourceOutcome, apply_cycle
from bot.cycle.pipeline import BUDGET_DELAY, FETCH_SHARE, Pipeline
from bot.delivery.alert_view import MessageView
from bot.delivery.sinks import Outcome, Result
from bot.settings import Settings
from bot.store import StoreError
from bot.store.postgres import DatabaseUnavailable, PgStore
from bot.store.postgres.coordination import (
    Claim,
    claim_due,
    database_now,
    hold_leases,
    release_leases,
)
from feeds.fetch import Fetcher
from feeds.models import Prosecutor

log = logging.getLogger(__name__)


class NoDelivery:
    """Workers never send: the gateway process drains the outbox."""

    async def send(self, channel_id: str, view: MessageView, nonce: str) -> Outcome:
        return Outcome(Result.RETRY, detail="workers do not deliver")

    def notice_channels(self, guild_id: str) -> list[str]:
        return []


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class WorkerTotals:
    batches: int = 0
    failed_batches: int = 0
    stats: CycleStats = field(default_factory=CycleStats)

    def add(self, stats: CycleStats) -> None:
        self.batches += 1
        for name, value in stats.as_dict().items():
            setattr(self.stats, name, getattr(self.stats, name) + value)


class Worker(Pipeline):
    """The pipeline's fetch, parse and match steps, fed by leases instead of a cycle."""

    def __init__(
        self, settings: Settings, store: PgStore, fetcher: Fetcher, *, name: str | None = None
    ) -> None:
        super().__init__(settings, store, fetcher, NoDelivery())
        self.pg = store
        self.name = name or worker_name()
        self.totals = WorkerTotals()
        # Lanes share one matcher: it is rebuilt only while no lane is polling with it.
        self._matcher_use = asyncio.Condition()
        self._polling = 0

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set; batches in flight finish and commit first."""
        lanes = [
            asyncio.create_task(self._lane(i, stop), name=f"worker-lane-{i}")
            for i in range(self.settings.workers.lanes)
        ]
        try:
            await asyncio.gather(*lanes)
        finally:
            for lane in lanes:
                lane.cancel()

    async def _lane(self, lane: int, stop: asyncio.Event) -> None:
        idle = self.settings.workers.idle_seconds
        while not stop.is_set():
            try:
                stats = await self.run_batch(lane)
            except StoreError as exc:
                # Nothing of the batch was stored; this lane takes its sources back next time.
                self.totals.failed_batches += 1
                log.warning("lane %d: batch failed (%s); retrying", lane, exc)
                stats = None
            except Exception:
                self.totals.failed_batches += 1
                log.exception("lane %d: batch failed; retrying", lane)
                stats = None
            if stats is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), idle)

    def owner(self, lane: int) -> str:
        """Who holds a lane's leases: each lane is its own owner, one batch at a time."""
        return f"{self.name}/{lane}"

    async def run_batch(self, lane: int = 0) -> CycleStats | None:
        """Claim, poll and commit one batch; None when nothing was due."""
        people = await self._ready_matcher()
        try:
            claim = await claim_due(
                self.pg,
                self.owner(lane),
                limit=self.settings.workers.batch_size,
                lease_seconds=self.settings.workers.lease_seconds,
                max_backoff=self.settings.poll.max_backoff_seconds,
            )
            if not claim.sources:
                return None
            # Polls still running at FETCH_SHARE of the lease are put off, so the batch commits
            # while its lease holds.
            budget = FETCH_SHARE * self.settings.workers.lease_seconds
            outcomes = await self._poll_all(claim.sources, budget)
        finally:
            async with self._matcher_use:
                self._polling -= 1
                self._matcher_use.notify_all()
        stats = await self._commit(claim, outcomes, people)
        self.totals.add(stats)
        log.debug("batch of %d: %s", len(claim.sources), stats.as_dict())
        return stats

    async def _ready_matcher(self) -> dict[str, Prosecutor]:
        """Everyone watched, with the matcher rebuilt first if a watchlist changed; counts this
        lane as polling until its polls are done."""
        async with self._matcher_use:
            people = await self._watched()
            changed = people is not self._people and people != self._people
            if changed or self._matcher is None:
                await self._matcher_use.wait_for(lambda: self._polling == 0)
                await self._refresh(people)
            self._polling += 1
            return people

    async def _commit(
        self, claim: Claim, outcomes: list[SourceOutcome], people: dict[str, Prosecutor]
    ) -> CycleStats:
        async with self.pg.transaction() as tx:
            mine = await hold_leases(tx, claim.owner, claim.ids)
            kept = [o for o in outcomes if o.source_id in mine]
            if len(kept) < len(outcomes):
                log.warning(
                    "%d sources outlived their lease and went to another worker",
                    len(outcomes) - len(kept),
                )
            now = await database_now(tx)
            stats = await apply_cycle(tx, kept, people, self.settings.poll, now)
            # Put off by a busy host or the batch's time, a source stays due (any worker may take
            # it next); refused by an API budget, it waits for the budget to refill.
            refused = [o.source_id for o in kept if o.deferred and o.retry_after]
            if refused:
                await tx.sources.set_next_check(now + BUDGET_DELAY, refused)
            await release_leases(tx, claim.owner, mine)
        return stats


async def run_worker(
    settings: Settings,
    *,
    stop: asyncio.Event | None = None,
    started: Callable[[Worker], None] | None = None,
) -> WorkerTotals:
    """`run_bot.py worker`: poll until SIGTERM/SIGINT (or `stop`), then finish in-flight
    batches. Also prunes old rows now and then, when no other process is pruning."""
    from bot.app import make_fetcher
    from bot.scheduler import PRUNE_INTERVAL, exclusive, guarded, job_gate, prune

    if not settings.store.database_url:
        raise DatabaseUnavailable(
            "DATABASE_URL is not set: workers need the PostgreSQL store (postgresql://...)"
        )
    stop = stop or asyncio.Event()
    store = await PgStore.open(
        settings.store.database_url, max_connections=settings.store.max_connections
    )
    loop = asyncio.get_running_loop()
    installed = []
    try:
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, stop.set)
                installed.append(sig)
        async with make_fetcher(settings) as fetcher:
            worker = Worker(settings, store, fetcher)
            pruning = guarded(
                "prune", exclusive("prune", lambda: prune(store), job_gate(worker)), 300
            )

            async def prune_now_and_then() -> None:
                while True:
                    await pruning()
                    await asyncio.sleep(PRUNE_INTERVAL)

            pruner = asyncio.create_task(prune_now_and_then(), name="worker-prune")
            log.info("worker %s polling", worker.name)
            if started is not None:
                started(worker)
            try:
                await worker.run(stop)
            finally:
                pruner.cancel()
                await worker.close()
            log.info("worker %s stopped after %d batches", worker.name, worker.totals.batches)
            return worker.totals
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        await store.close()
