"""The embedded engine: the bot's state in one TinyDB file, for one process on one machine.

All access goes through one worker thread, which keeps the JSON (de)serialization off the event
loop and serializes access, since TinyDB is not thread-safe. Changes become durable only at
commit, so one transaction (a poll cycle: seen marks, alerts, outbox rows, source health) is one
atomic write: a kill can never mark an item seen without its outbox row. Transactions run one at
a time (an asyncio lock held from begin to commit), so no one reads or commits another's half.
A file lock beside the store keeps a second process out.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from bot.store.api import AlreadyRunning, Store, StoreError, UnitOfWork
from bot.store.tinydb.quarantine import QUARANTINE, sweep
from bot.store.tinydb.storage import AtomicJSONStorage

log = logging.getLogger(__name__)
T = TypeVar("T")

_in_transaction: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "tinydb_in_transaction", default=False
)


def _prepare_path(configured: str | Path) -> Path:
    """The store file's real path, its folder created.

    Resolved so that a symlinked path and its target share one lock, and so that the atomic
    replace writes through to the target instead of turning the link into a separate file.
    """
    path = Path(configured).expanduser().resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"setting store.path: cannot create the folder {path.parent} ({exc.strerror})"
        ) from None
    if path.is_dir():
        raise StoreError(f"setting store.path: {configured} is a directory, not a file")
    return path


class TinyStore(Store):
    """Open with `TinyStore.open(path)` (takes the process lock), close with `await close()`."""

    def __init__(self, path: str | Path, *, lock: FileLock | None = None) -> None:
        self.path = Path(path)
        self._file_lock = lock
        self._storage: AtomicJSONStorage | None = None
        self.db = TinyDB(str(self.path), storage=self._make_storage)
        self.recovered_from = self._storage.recovered_from if self._storage else None
        self.set_aside = self._set_aside_unreadable()
        self.seen_keys: set[str] = {doc["k"] for doc in self.table("seen")}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self._lock = asyncio.Lock()
        # TinyDB replaces a table's dict on every write and a rollback reloads them all, so the
        # guilds dict last seen tells whether any watchlist changed since.
        self._guilds_dict: object = None
        self._guilds_version = 0

    @classmethod
    def open(cls, configured: str | Path) -> TinyStore:
        """Open the store at `configured`, refusing when another process has it open."""
        path = _prepare_path(configured)
        lock = FileLock(str(path) + ".lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise AlreadyRunning(
                f"another prosecutor-watch process is using {path}; stop it first"
            ) from None
        except OSError as exc:
            raise StoreError(
                f"setting store.path: cannot write in {path.parent} ({exc.strerror})"
            ) from None
        try:
            return cls(path, lock=lock)
        except OSError as exc:
            lock.release()
            raise StoreError(f"setting store.path: cannot open {path} ({exc.strerror})") from None
        except BaseException:
            lock.release()
            raise

    def _make_storage(self, path: str) -> AtomicJSONStorage:
        self._storage = AtomicJSONStorage(path)
        return self._storage

    def _set_aside_unreadable(self) -> int:
        """Check every document once, at open (see quarantine.py); returns how many rows
        were moved to the quarantine table. Logged once: the next open finds them gone."""
        assert self._storage is not None
        data = self._storage.read()
        if not data:
            return 0
        result = sweep(data, datetime.now(UTC))
        if result.changed:
            self._storage.write(data)
            self._storage.commit()
        if result.aside:
            log.error(
                "store %s: %d unreadable rows set aside in its %r table; the rest is in use. %s",
                self.path,
                len(result.aside),
                QUARANTINE,
                result.summary(),
            )
        return len(result.aside)

    # -- plumbing ---------------------------------------------------------------------------

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run fn in the store thread (repositories use this; nothing outside the engine)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args))

    def table(self, name: str) -> Table:
        return self.db.table(name)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[UnitOfWork]:
        from bot.store.tinydb.repos import TinyUnitOfWork

        if _in_transaction.get():
            raise RuntimeError("store transactions do not nest")
        async with self._lock:
            token = _in_transaction.set(True)
            try:
                try:
                    yield TinyUnitOfWork(self)
                except BaseException:
                    # Shielded: a cancelled cycle must still leave memory equal to the file.
                    await asyncio.shield(self.call(self.rollback))
                    raise
                await asyncio.shield(self.call(self.commit))
            finally:
                _in_transaction.reset(token)

    def commit(self) -> None:
        assert self._storage is not None
        try:
            self._storage.commit()
        except OSError:
            # Disk full or similar: drop the half-applied cycle so memory matches the disk.
            log.exception("store commit failed; the last committed state is kept")
            self.rollback()
            raise

    def rollback(self) -> None:
        assert self._storage is not None
        if not self._storage.dirty:
            return
        self._storage.rollback()
        for table in self.db._tables.values():  # TinyDB caches query results per table.
            table.clear_cache()
        self.seen_keys = {doc["k"] for doc in self.table("seen")}

    def watch_version(self) -> int:
        assert self._storage is not None
        current = (self._storage.read() or {}).get("guilds")
        if current is None or current is not self._guilds_dict:
            self._guilds_dict = current
            self._guilds_version += 1
        return self._guilds_version

    async def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.db.close()
        if self._file_lock is not None:
            self._file_lock.release()
