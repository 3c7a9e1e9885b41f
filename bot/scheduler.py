"""The clock: APScheduler jobs for digests and pruning.

Polling is not on this fixed grid: `bot/cycle/poller.py` runs a cycle whenever a source falls
due. Delivery is not a job either: cycles and the digest job wake the delivery task
(bot/delivery/service.py), which sends outside any job's timeout. APScheduler 3.x must be
started inside the running loop. Every job is wrapped so an exception is logged and the schedule
goes on, with a hard timeout so nothing can hang it; `max_instances=1` plus `coalesce` means a
slow run delays the next one instead of stacking.

With the PostgreSQL engine the gateway process does not poll: `run_bot.py worker` processes
do, and their commits wake delivery through LISTEN/NOTIFY (bot/delivery/wake.py). Digests and
pruning run under an advisory lock: whichever process gets it runs the job, any other skips
that turn, so exactly one runs it at a time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import utcnow
from bot.cycle.pipeline import Pipeline
from bot.delivery import digest
from bot.store import PruneReport, Store

log = logging.getLogger(__name__)

DIGEST_INTERVAL = 60
PRUNE_INTERVAL = 6 * 3600
# What is kept: the JSON store is rewritten whole on every commit, so it must stay bounded.
SEEN_RETENTION = timedelta(days=120)
ALERT_RETENTION = timedelta(days=400)
OUTBOX_RETENTION = timedelta(days=30)


def guarded(
    name: str, job: Callable[[], Awaitable[object]], timeout: float
) -> Callable[[], Awaitable[bool]]:
    """`job` with a hard timeout, its exceptions logged; the wrapper says whether it finished."""

    async def run() -> bool:
        try:
            async with asyncio.timeout(timeout):
                await job()
            return True
        except TimeoutError:
            log.error("%s job exceeded %.0f s and was cancelled", name, timeout)
        except Exception:
            log.exception("%s job failed; the schedule continues", name)
        return False

    run.__name__ = f"{name}_job"
    return run


JobGate = Callable[[str], AbstractAsyncContextManager[bool]]


@asynccontextmanager
async def _always(name: str) -> AsyncIterator[bool]:
    yield True  # one process owns the whole store: nobody else could run the job


def job_gate(pipeline: Pipeline) -> JobGate:
    """Who may run a scheduled job now: always this process on TinyDB; on PostgreSQL, the
    process that takes the job's advisory lock."""
    from bot.store.postgres import PgStore
    from bot.store.postgres.coordination import job_lock

    store = pipeline.store
    if not isinstance(store, PgStore):
        return _always
    return lambda name: job_lock(store, name)


def exclusive(
    name: str, job: Callable[[], Awaitable[object]], gate: JobGate
) -> Callable[[], Coroutine[Any, Any, None]]:
    """`job`, run only when `gate` lets this process run `name` now."""

    async def run() -> None:
        async with gate(name) as mine:
            if mine:
                await job()
            else:
                log.debug("%s: another process is running it", name)

    return run


def build_scheduler(pipeline: Pipeline) -> AsyncIOScheduler:
    """Jobs for a running bot (polling is `PollLoop`'s); call `.start()` inside the event
    loop."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    common = {"max_instances": 1, "coalesce": True}
    gate = job_gate(pipeline)

    async def digests() -> None:
        if await digest.fold_due(pipeline.store):
            pipeline.delivery.wake()

    scheduler.add_job(
        guarded("digest", exclusive("digest", digests, gate), 600),
        IntervalTrigger(seconds=DIGEST_INTERVAL),
        id="digest",
        misfire_grace_time=DIGEST_INTERVAL,
        **common,
    )
    scheduler.add_job(
        guarded("prune", exclusive("prune", lambda: prune(pipeline.store), gate), 300),
        IntervalTrigger(seconds=PRUNE_INTERVAL),
        id="prune",
        misfire_grace_time=PRUNE_INTERVAL,
        **common,
    )
    return scheduler


def start(pipeline: Pipeline) -> AsyncIOScheduler:
    """Start the jobs and the delivery task, from inside the running loop (as the bot does)."""
    scheduler = build_scheduler(pipeline)
    scheduler.start()
    pipeline.delivery.start()
    return scheduler


async def prune(store: Store, now: datetime | None = None) -> PruneReport:
    """Drop old seen marks, alerts and finished outbox rows."""
    now = now or utcnow()
    async with store.transaction() as tx:
        return await tx.prune(
            seen_before=now - SEEN_RETENTION,
            alerts_before=now - ALERT_RETENTION,
            outbox_before=now - OUTBOX_RETENTION,
        )
