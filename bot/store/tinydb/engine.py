"""The bot's state in one TinyDB file: sources, seen items, alerts, outbox, guild settings.

All access goes through one worker thread (`await store.call(fn)`), which keeps the JSON
(de)serialization off the event loop and serializes access, since TinyDB is not thread-safe.
Changes become durable only at `commit()`, so one poll cycle (seen marks, alerts, outbox rows,
source health) is one atomic write: a kill can never mark an item seen without its outbox row.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from bot.storage import AtomicJSONStorage

log = logging.getLogger(__name__)
T = TypeVar("T")
Q = Query()

SEEN_RETENTION = timedelta(days=120)
ALERT_RETENTION = timedelta(days=400)
OUTBOX_RETENTION = timedelta(days=30)


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def from_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Store:
    """Sync methods; call them from async code through `call` so they run in the store thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._storage: AtomicJSONStorage | None = None
        self.db = TinyDB(str(self.path), storage=self._make_storage)
        self.recovered_from = self._storage.recovered_from if self._storage else None
        self._seen: set[str] = {doc["k"] for doc in self.seen_table}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")

    def _make_storage(self, path: str) -> AtomicJSONStorage:
        self._storage = AtomicJSONStorage(path)
        return self._storage

    # -- plumbing ---------------------------------------------------------------------------

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    def table(self, name: str) -> Table:
        return self.db.table(name)

    @property
    def sources(self) -> Table:
        return self.db.table("sources")

    @property
    def seen_table(self) -> Table:
        return self.db.table("seen")

    @property
    def alerts(self) -> Table:
        return self.db.table("alerts")

    @property
    def outbox(self) -> Table:
        return self.db.table("outbox")

    @property
    def guilds(self) -> Table:
        return self.db.table("guilds")

    @property
    def meta(self) -> Table:
        return self.db.table("meta")

    def table_version(self, name: str) -> object:
        """A token that stays the same object for as long as table `name` is not written.

        TinyDB replaces a table's dict on every write to it (and a rollback reloads them all),
        so the dict itself is the token: callers can keep what they derived from a table (the
        watchlist) until the token changes, instead of re-reading it every cycle."""
        assert self._storage is not None
        return (self._storage.read() or {}).get(name)

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
        self._storage.rollback()
        for table in self.db._tables.values():  # TinyDB caches query results per table.
            table.clear_cache()
        self._seen = {doc["k"] for doc in self.seen_table}

    def transaction(self, fn: Callable[[Store], T]) -> T:
        """Run fn and commit; on any error roll back so nothing half-done survives."""
        try:
            result = fn(self)
        except BaseException:
            self.rollback()
            raise
        self.commit()
        return result

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.db.close()

    # -- seen items -------------------------------------------------------------------------

    def is_seen(self, key: str) -> bool:
        return key in self._seen

    def unseen(self, keys: Iterable[str]) -> list[str]:
        return [key for key in keys if key not in self._seen]

    def mark_seen(self, keys: Iterable[str], now: datetime | None = None) -> int:
        stamp = (now or utcnow()).timestamp()
        fresh = [key for key in dict.fromkeys(keys) if key not in self._seen]
        if fresh:
            self.seen_table.insert_multiple({"k": key, "t": stamp} for key in fresh)
            self._seen.update(fresh)
        return len(fresh)

    @property
    def seen_count(self) -> int:
        return len(self._seen)

    # -- meta -------------------------------------------------------------------------------

    def get_meta(self, name: str, default: Any = None) -> Any:
        doc = self.meta.get(Q.name == name)
        return doc["value"] if doc else default

    def set_meta(self, name: str, value: Any) -> None:
        self.meta.upsert({"name": name, "value": value}, Q.name == name)

    # -- housekeeping -----------------------------------------------------------------------

    def prune(self, now: datetime | None = None) -> dict[str, int]:
        """Drop what is old so the file (rewritten whole on every commit) stays bounded."""
        now = now or utcnow()
        seen_cutoff = (now - SEEN_RETENTION).timestamp()
        removed_seen = self.seen_table.remove(Q.t < seen_cutoff)
        if removed_seen:
            self._seen = {doc["k"] for doc in self.seen_table}
        alert_cutoff = iso(now - ALERT_RETENTION)
        removed_alerts = self.alerts.remove(Q.first_seen < alert_cutoff)
        outbox_cutoff = iso(now - OUTBOX_RETENTION)
        removed_rows = self.outbox.remove(
            (Q.status != "pending") & (Q.status != "digest") & (Q.created_at < outbox_cutoff)
        )
        return {
            "seen": len(removed_seen),
            "alerts": len(removed_alerts),
            "outbox": len(removed_rows),
        }


def doc_with_id(doc: Document) -> dict[str, Any]:
    return {**doc, "doc_id": doc.doc_id}
