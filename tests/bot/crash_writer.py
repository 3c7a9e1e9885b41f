"""Started by the crash test (through tests.forked): commits batches to a store until killed.

Reports the number of committed batches after each commit, so the test knows the last state
that must survive.
"""

from __future__ import annotations

from multiprocessing.connection import Connection

from bot.store import Store


def commit_until_killed(path: str, reports: Connection) -> None:
    store = Store(path)
    batch = int(store.get_meta("batches", 0))
    while True:
        batch += 1
        store.mark_seen(f"item-{batch}-{i}-{'x' * 200}" for i in range(50))
        store.set_meta("batches", batch)
        store.commit()
        reports.send_bytes(str(batch).encode())
