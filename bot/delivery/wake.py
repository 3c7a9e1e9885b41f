"""Deliver as soon as a worker queues rows: the gateway LISTENs for the outbox's NOTIFY.

Workers run in other processes (PostgreSQL engine), so their cycles cannot wake the delivery
task directly; a worker's commit that inserts outbox rows fires NOTIFY (a trigger), and this
wakes the delivery task. The task's own 30-second round (bot/delivery/service.py) stays as the
slow fallback while the listening connection is down.
"""

from __future__ import annotations

import asyncio
import contextlib

from bot.cycle.pipeline import Pipeline


class DeliveryWaker:
    def __init__(self, pipeline: Pipeline) -> None:
        from bot.store.postgres.coordination import OutboxListener

        self.listener = OutboxListener(pipeline.settings.store.database_url, pipeline.delivery.wake)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self.listener.run(), name="outbox-listener")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def start_waker(pipeline: Pipeline) -> DeliveryWaker | None:
    """A running waker when the store is shared with worker processes, else None."""
    if pipeline.settings.store.engine != "postgres":
        return None
    waker = DeliveryWaker(pipeline)
    waker.start()
    return waker
