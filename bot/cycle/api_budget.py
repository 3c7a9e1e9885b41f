"""A rate-limited API's budget kept in the store, shared by every process that polls.

CourtListener allows a token so many calls a minute and an hour. Counted in each process,
three workers would make three times that and get 429s back; counted in the store, in one
short transaction per call, they spend one budget between them (PostgreSQL locks the row for
the read-and-spend; TinyDB runs one transaction at a time).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from bot.clock import utcnow
from bot.store import Store, StoreError
from feeds.sources.courtlistener_delivery import ApiBudget

log = logging.getLogger(__name__)


class SharedApiBudget:
    def __init__(
        self,
        store: Store,
        api: str,
        limits: ApiBudget | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store, self.api = store, api
        self.limits = limits or ApiBudget()
        self.clock = clock

    async def try_acquire(self) -> bool:
        """Spend one call if the budget has room; False (call later) when it has none, or
        when the store cannot say: a call not counted could be one too many."""
        try:
            async with self.store.transaction() as tx:
                kept = self.limits.admit(
                    await tx.meta.api_calls(self.api), self.clock().timestamp()
                )
                if kept is None:
                    return False
                await tx.meta.set_api_calls(self.api, kept)
        except StoreError as exc:
            log.warning("%s budget unknown (%s): its calls wait for the next cycle", self.api, exc)
            return False
        return True
