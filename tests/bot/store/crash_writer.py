"""Started by the crash test (through tests.forked): commits batches to a store until killed.

Each batch marks 50 keys seen in one transaction, then reports the number of batches committed,
so the test knows the last state that must survive.
"""

from __future__ import annotations

import asyncio
from multiprocessing.connection import Connection

from bot.clock import utcnow
from bot.store.tinydb import TinyStore


async def _commit_batches(path: str, reports: Connection) -> None:
    store = TinyStore.open(path)
    async with store.transaction() as tx:
        batch = await tx.seen.count() // 50
    while True:
        batch += 1
        async with store.transaction() as tx:
            await tx.seen.mark((f"item-{batch}-{i}-{'x' * 200}" for i in range(50)), utcnow())
        reports.send_bytes(str(batch).encode())


def commit_until_killed(path: str, reports: Connection) -> None:
    asyncio.run(_commit_batches(path, reports))
