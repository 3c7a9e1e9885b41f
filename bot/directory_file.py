"""The user directory: offices and terms an operator imported, laid over the bundled one.

Stored as JSON at settings `directory.path` (default data/directory.json), written whole
with temp file + fsync + rename, so an import is all or nothing even if killed mid-write.
`/watch add` completes from the bundled directory plus this file, and the matcher reads
its terms of office; both pick up a new import without a restart (the file's mtime is
checked when asked).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feeds.directory import Directory, bundled
from feeds.directory_import import DirectoryImportError, check_against, parse_csv
from feeds.directory_records import office_from_record
from feeds.match.offices import Office, OfficeHistory

log = logging.getLogger(__name__)

VERSION = 1


class DirectoryFileError(Exception):
    """The user directory file cannot be read; the message says which file and why."""


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    offices: int
    people: int
    path: Path


def load_user_offices(path: str | Path) -> list[Office]:
    """The offices in the user directory file ([] when there is none yet)."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DirectoryFileError(f"user directory {path} is not readable: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("offices"), list):
        raise DirectoryFileError(f"user directory {path}: expected {{'offices': [...]}}")
    try:
        return [
            office_from_record(rec, f"{path.name} office {n}")
            for n, rec in enumerate(raw["offices"], start=1)
        ]
    except ValueError as exc:
        raise DirectoryFileError(f"user directory {path}: {exc}") from None


def save_user_offices(path: str | Path, offices: list[Office]) -> None:
    """Write the user directory atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"version": VERSION, "offices": [_record(o) for o in offices]}, indent=1)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def import_csv(csv_path: str | Path, user_path: str | Path) -> ImportSummary:
    """Check every row of the CSV and merge it into the user directory, or change nothing.

    Raises DirectoryImportError (one line per problem) or DirectoryFileError.
    """
    try:
        data = Path(csv_path).read_bytes()
    except OSError as exc:
        raise DirectoryImportError([f"{csv_path}: {exc.strerror or exc}"]) from None
    offices = parse_csv(data, source=f"imported from {Path(csv_path).name}")
    existing = load_user_offices(user_path)
    base = bundled().history.merged(existing)
    check_against(offices, base)
    merged = OfficeHistory(tuple(existing)).merged(offices)
    save_user_offices(user_path, list(merged))
    people = {h.slug for o in offices for h in o.holders}
    rows = sum(len(o.holders) for o in offices)
    return ImportSummary(rows, len(offices), len(people), Path(user_path))


class LiveDirectory:
    """Bundled plus user directory, re-read when the user file changes."""

    def __init__(self, user_path: str | Path) -> None:
        self.user_path = Path(user_path)
        self._stamp: tuple[int, int] | None = None
        self._directory = bundled()

    def current(self) -> Directory:
        """The directory as of now; a broken user file is logged and the last good one kept."""
        try:
            st = self.user_path.stat()
            stamp = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp:
            try:
                self._directory = bundled().with_offices(load_user_offices(self.user_path))
            except DirectoryFileError as exc:
                log.error("%s; keeping the directory as it was", exc)
            self._stamp = stamp
        return self._directory


def _record(o: Office) -> dict[str, Any]:
    return {
        "office": o.office,
        "jurisdiction": o.jurisdiction,
        "state": o.state,
        "role": o.role,
        "source": o.source,
        "holders": [
            {
                "name": h.name,
                **({"start": h.start.isoformat()} if h.start else {}),
                **({"end": h.end.isoformat()} if h.end else {}),
                **({"aliases": list(h.aliases)} if h.aliases else {}),
                **({"note": h.note} if h.note else {}),
            }
            for h in o.holders
        ],
    }
