"""Run as a subprocess by the crash tests: commits batches to a store until killed.

Each batch marks 50 keys seen in one transaction, then prints the number of batches committed,
so the test knows the last state that must survive.
"""

import asyncio
import sys

from bot.clock import utcnow
from bot.store.tinydb import TinyStore


async def main() -> None:
    store = TinyStore.open(sys.argv[1])
    async with store.transaction() as tx:
        batch = await tx.seen.count() // 50
    while True:
        batch += 1
        async with store.transaction() as tx:
            await tx.seen.mark((f"item-{batch}-{i}-{'x' * 200}" for i in range(50)), utcnow())
        print(batch, flush=True)


asyncio.run(main())
