"""Deliver as soon as a worker queues rows: the gateway LISTENs for the outbox's NOTIFY.

Workers run in other processes (PostgreSQL engine), so the gateway cannot drain at the end of
their cycles; a worker's commit that inserts outbox rows fires NOTIFY, which wakes one drain
here. The scheduler's delivery job still drains every 30 s: the slow fallback for a dropped
listening connection and for rows whose retry time comes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.cycle.pipeline import Pipeline

log = logging.getLogger(__name__)


class DeliveryWaker:
    def __init__(self, pipeline: Pipeline) -> None:
        from bot.store.postgres.coordination import OutboxListener

        self.pipeline = pipeline
        self._wake = asyncio.Event()
        self.listener = OutboxListener(pipeline.settings.store.database_url, self._wake.set)
        self.drains = 0
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self.listener.run(), name="outbox-listener"),
            asyncio.create_task(self._drain_on_wake(), name="outbox-waker"),
        ]

    async def _drain_on_wake(self) -> None:
        while True:
            await self._wake.wait()
            # Rows queued while this drain runs set the event again: one more drain follows.
            self._wake.clear()
            try:
                await self.pipeline.deliver()
            except Exception:
                log.exception("delivery after a wake-up failed; the delivery job retries")
            self.drains += 1

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []


def start_waker(pipeline: Pipeline) -> DeliveryWaker | None:
    """A running waker when the store is shared with worker processes, else None."""
    if pipeline.settings.store.engine != "postgres":
        return None
    waker = DeliveryWaker(pipeline)
    waker.start()
    return waker
