"""Run as a subprocess by the crash tests: commits batches to a store until killed.

Prints the number of committed batches after each commit, so the test knows the last state
that must survive.
"""

import sys

from bot.store import Store

store = Store(sys.argv[1])
batch = int(store.get_meta("batches", 0))
while True:
    batch += 1
    store.mark_seen(f"item-{batch}-{i}-{'x' * 200}" for i in range(50))
    store.set_meta("batches", batch)
    store.commit()
    print(batch, flush=True)
