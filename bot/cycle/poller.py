"""When to poll: a cycle whenever the earliest source falls due, not on a fixed grid.

Each source is checked again `interval` seconds (±10% jitter) after its last poll. A fixed
cycle grid loses that: a source due a moment after a tick waits a whole cycle, so with the
jitter about half the polls slipped one (up to twice the interval). The loop below sleeps until
the earliest `next_check_at` instead, and a cycle also takes the sources due within a short
look-ahead, so checks that fall close together share one cycle (one store commit) rather than
each waking the loop. An item is therefore picked up within one interval plus jitter of
appearing. A feed added or retried is due at once and polled within one interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.clock import utcnow
from bot.cycle.pipeline import Pipeline, cycle_budget
from bot.scheduler import guarded

log = logging.getLogger(__name__)

# Never two cycles closer than this share of the interval (1 s at the default 300 s),
# whatever is due: a source left due must not spin the loop.
MIN_GAP = 1 / 300


def poll_job(pipeline: Pipeline) -> Callable[[], Awaitable[bool]]:
    """One poll cycle within its budget: the cycle commits what it has before the job's timeout,
    which stays as the last resort against anything else hanging. True when it finished."""
    budget = cycle_budget(pipeline.settings)
    return guarded("poll", lambda: pipeline.run_cycle(deliver=False, budget=budget), budget)


class PollLoop:
    """Runs the pipeline's cycles for a running bot; `start()` inside the event loop."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.cycle = poll_job(pipeline)
        self.interval = pipeline.settings.poll.interval_seconds
        self.min_gap = self.interval * MIN_GAP
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="poll-loop")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            ok = await self.cycle()
            # After a failed cycle its sources are still due: wait a whole interval, as a
            # fetch error's backoff would, rather than hammer every feed again at once.
            await asyncio.sleep(await self.next_delay() if ok else float(self.interval))

    async def next_delay(self) -> float:
        """Seconds until the earliest source falls due: at least `min_gap`, at most the interval
        (so a clock set back or a source added outside the bot is never waited on for long)."""
        try:
            async with self.pipeline.store.transaction() as tx:
                earliest = await tx.sources.earliest_check()
        except Exception:
            log.exception("reading when the next source is due failed")
            return float(self.interval)
        if earliest is None:
            return float(self.interval)
        seconds = (earliest - utcnow()).total_seconds()
        return min(float(self.interval), max(self.min_gap, seconds))
