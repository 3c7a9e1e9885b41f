"""Delivery as a task of its own, never inside the poll job.

The poll job has a hard timeout; a send running inside it could be cancelled half-way (while
discord.py waits out a 429, say) and what Discord said would be forgotten. Here the outbox is
drained by one long-lived task, woken when a cycle (or a webhook, or a digest) queued rows, and
otherwise sleeping until the next row is due: a retry's time, the end of a channel's 429 hold
or of a global pause. It also wakes every IDLE seconds, for rows queued by another process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.clock import utcnow
from bot.delivery import outbox
from bot.delivery.sinks import Sink
from bot.store import Store

log = logging.getLogger(__name__)

IDLE = 30.0
# The shortest sleep between two rounds, so a row that keeps coming due cannot spin the loop.
MIN_GAP = 0.2


class DeliveryService:
    def __init__(self, store: Store, sink: Sink, flood_cap: int) -> None:
        self.store = store
        self.sink = sink
        self.flood_cap = flood_cap
        self.rounds = 0
        self._wake = asyncio.Event()
        self._parked = False
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Drain as soon as possible (rows were queued); harmless when not running."""
        self._wake.set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="delivery")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def settled(self) -> None:
        """Return once the task sleeps with nothing to do at once (for tests)."""
        while self.running and not (self._parked and not self._wake.is_set()):
            await asyncio.sleep(0.01)

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            delay = IDLE
            try:
                report = await outbox.drain(self.store, self.sink, flood_cap=self.flood_cap)
                if report.next_wake is not None:
                    ahead = (report.next_wake - utcnow()).total_seconds()
                    delay = min(IDLE, max(MIN_GAP, ahead))
            except Exception:
                log.exception("a delivery round failed; the next one starts in %.0f s", IDLE)
            self.rounds += 1
            self._parked = True
            try:
                async with asyncio.timeout(delay):
                    await self._wake.wait()
            except TimeoutError:
                pass
            finally:
                self._parked = False
