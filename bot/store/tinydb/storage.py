"""A TinyDB storage that is crash-safe and writes only when told to.

TinyDB's JSONStorage rewrites its file in place on every insert: a kill mid-write leaves a
truncated file, and at 10k documents each insert costs ~46 ms. This storage keeps the state in
memory, and `commit()` writes it to a temp file, fsyncs it and renames it over the old one, so a
kill at any moment leaves either the previous or the new state, and one cycle is one write.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

log = logging.getLogger(__name__)


class StoreCorrupt(Exception):
    """The store file exists but cannot be read; it was set aside, never overwritten."""


_TEMP_SUFFIX = ".tmp"


def _check_shape(data: Any) -> None:
    """TinyDB's layout is {table: {doc_id: document}}. A file whose top level is not an object
    holds nothing to salvage: it is refused here and set aside like a corrupt one. Tables and
    documents of the wrong shape are the engine's to set aside, one by one (quarantine.py)."""
    if not isinstance(data, dict):
        raise ValueError("top level is not an object")


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.recovered_from: Path | None = None
        self._remove_stale_temp_files()
        self._data: dict[str, dict[str, Any]] | None = self._load()
        self._dirty = False
        # name -> (the table dict last written, its JSON). TinyDB replaces a table's dict on
        # every write to that table and never edits it in place, so a table whose dict is the
        # same object as at the last commit is unchanged and its JSON can be reused: a cycle
        # then re-encodes the tables it touched, not the 2,500-person watchlist every time.
        self._encoded: dict[str, tuple[dict[str, Any], bytes]] = {}

    def _load(self) -> dict[str, dict[str, Any]] | None:
        if not self.path.exists():
            return None
        try:
            with self.path.open("rb") as fh:
                data: dict[str, dict[str, Any]] = json.load(fh)
            _check_shape(data)
            return data
        except (ValueError, UnicodeDecodeError) as exc:
            kept = self.path.with_name(
                f"{self.path.name}.corrupt-{datetime.now(UTC):%Y%m%dT%H%M%S}"
            )
            os.replace(self.path, kept)
            self.recovered_from = kept
            log.error(
                "store file %s is unreadable (%s); kept it as %s and started a fresh store",
                self.path,
                exc,
                kept,
            )
            return None

    def _remove_stale_temp_files(self) -> None:
        # A kill between mkstemp and os.replace leaves a temp file the size of the whole store.
        # Only the process holding the store's lock opens it, so no other commit is under way.
        for stale in self.path.parent.glob(f".{self.path.name}.*{_TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                stale.unlink()
                log.warning("removed %s, left by a commit that was interrupted", stale.name)

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        # TinyDB hands over its whole state on every change; nothing touches disk until commit().
        self._data = data
        self._dirty = True

    @property
    def dirty(self) -> bool:
        return self._dirty

    def commit(self) -> None:
        """Persist the current state atomically. Raises OSError (e.g. disk full) untouched."""
        if not self._dirty:
            return
        payload = self._encode()
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=_TEMP_SUFFIX, dir=self.path.parent
        )
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        _fsync_dir(self.path.parent)
        self._dirty = False

    def _encode(self) -> bytes:
        """The state as compact JSON, byte for byte what json.dumps would write."""
        encoded: dict[str, tuple[dict[str, Any], bytes]] = {}
        for name, table in (self._data or {}).items():
            cached = self._encoded.get(name)
            if cached is None or cached[0] is not table:
                text = json.dumps({name: table}, separators=(",", ":"), ensure_ascii=False)
                cached = (table, text[1:-1].encode())
            encoded[name] = cached
        self._encoded = encoded
        return b"{" + b",".join(chunk for _, chunk in encoded.values()) + b"}"

    def rollback(self) -> None:
        """Forget uncommitted changes by reloading the last committed state."""
        self._data = self._load()
        self._dirty = False

    def close(self) -> None:
        pass


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not every platform allows opening a directory.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
