"""The clock: APScheduler jobs for polling, digests and pruning.

APScheduler 3.x must be started inside the running loop. Every job is wrapped so an exception
is logged and the schedule goes on, and the poll job has a hard timeout so nothing can hang it;
`max_instances=1` plus `coalesce` means a slow cycle delays the next one instead of stacking.
Delivery is not a job: the poll and digest jobs wake the delivery task
(bot/delivery/service.py), which sends outside any job's timeout.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import utcnow
from bot.cycle.pipeline import Pipeline, cycle_budget
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
) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        try:
            async with asyncio.timeout(timeout):
                await job()
        except TimeoutError:
            log.error("%s job exceeded %.0f s and was cancelled", name, timeout)
        except Exception:
            log.exception("%s job failed; the schedule continues", name)

    run.__name__ = f"{name}_job"
    return run


def poll_job(pipeline: Pipeline) -> Callable[[], Awaitable[None]]:
    """One poll cycle within its budget: the cycle commits what it has before the job's timeout,
    which stays as the last resort against anything else hanging. It does not deliver: it wakes
    the delivery task, so no send ever runs under this timeout."""
    budget = cycle_budget(pipeline.settings)
    return guarded("poll", lambda: pipeline.run_cycle(deliver=False, budget=budget), budget)


def build_scheduler(pipeline: Pipeline) -> AsyncIOScheduler:
    """Jobs for a running bot; call `.start()` from inside the event loop."""
    interval = pipeline.settings.poll.interval_seconds
    scheduler = AsyncIOScheduler(timezone=UTC)
    common = {"max_instances": 1, "coalesce": True}
    scheduler.add_job(
        poll_job(pipeline),
        IntervalTrigger(seconds=interval),
        id="poll",
        next_run_time=datetime.now(UTC),
        misfire_grace_time=interval,
        **common,
    )

    async def digests() -> None:
        if await digest.fold_due(pipeline.store):
            pipeline.delivery.wake()

    scheduler.add_job(
        guarded("digest", digests, 600),
        IntervalTrigger(seconds=DIGEST_INTERVAL),
        id="digest",
        misfire_grace_time=DIGEST_INTERVAL,
        **common,
    )
    scheduler.add_job(
        guarded("prune", lambda: prune(pipeline.store), 300),
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
