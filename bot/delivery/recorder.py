"""One store's delivery bookkeeping: one drain at a time, and outcomes not yet recorded.

While the store refuses writes (disk full), an outcome that could not be committed is kept
here and nothing more is sent: a message Discord took but the bot never recorded would be
sent again by every later round. The kept outcomes are recorded first once writes work again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from bot.delivery.outcomes import apply_outcome
from bot.delivery.sinks import Outcome
from bot.store import Store, UnitOfWork

log = logging.getLogger(__name__)
T = TypeVar("T")


class NotRecorded(Exception):
    """The store refused a write delivery needs: stop sending until it takes writes again."""


class Recorder:
    """One store's delivery bookkeeping: one drain at a time, and outcomes not yet recorded."""

    def __init__(self) -> None:
        # The delivery task, a test and an inline drain may all drain; one at a time, or a
        # row could be sent twice (one message thanks to the nonce, but two requests).
        self.lock = asyncio.Lock()
        self.unrecorded: list[tuple[list[str], Outcome, datetime]] = []
        self.failing = False

    async def record(self, store: Store, ids: list[str], outcome: Outcome, now: datetime) -> bool:
        try:
            more = await apply_outcome(store, ids, outcome, now)
        except Exception as exc:
            self.unrecorded.append((ids, outcome, now))
            self._failed(exc)
            raise NotRecorded from exc
        self._recovered()
        return more

    async def write(self, store: Store, change: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        """A change that must be stored before anything is sent (summary rows, a notice's
        new channel)."""
        try:
            async with store.transaction() as tx:
                result = await change(tx)
        except Exception as exc:
            self._failed(exc)
            raise NotRecorded from exc
        self._recovered()
        return result

    async def catch_up(self, store: Store) -> None:
        """Record the outcomes kept while the store refused writes, oldest first."""
        while self.unrecorded:
            ids, outcome, at = self.unrecorded[0]
            try:
                await apply_outcome(store, ids, outcome, at)
            except Exception as exc:
                self._failed(exc)
                raise NotRecorded from exc
            self.unrecorded.pop(0)
        self._recovered()

    def _failed(self, exc: Exception) -> None:
        if not self.failing:  # once per outage, not once per retry
            log.error(
                "delivery paused: the store cannot record what was sent (%s: %s); nothing "
                "more is sent until it can",
                type(exc).__name__,
                exc,
            )
        self.failing = True

    def _recovered(self) -> None:
        if self.failing:
            log.warning("the store records again: delivery resumes")
        self.failing = False
