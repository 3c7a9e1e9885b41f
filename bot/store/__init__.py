"""The only code touching storage: `api` (the interface), `models` (what it holds), engines.

`open_store(settings)` opens the configured engine: the embedded TinyDB file by default.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bot.store.api import NEVER_CHECKED, AlreadyRunning, Store, StoreError, UnitOfWork
from bot.store.models import (
    ALL_PROSECUTORS,
    Alert,
    Backfill,
    ChannelSettings,
    ChannelStatus,
    CycleSummary,
    DigestMode,
    Feedback,
    FeedbackKind,
    MentionRule,
    OutboxRow,
    PruneReport,
    RowKind,
    RowStatus,
    Source,
    Subscription,
)

if TYPE_CHECKING:
    from bot.settings import StoreSettings

__all__ = [
    "ALL_PROSECUTORS",
    "NEVER_CHECKED",
    "Alert",
    "AlreadyRunning",
    "Backfill",
    "ChannelSettings",
    "ChannelStatus",
    "CycleSummary",
    "DigestMode",
    "Feedback",
    "FeedbackKind",
    "MentionRule",
    "OutboxRow",
    "PruneReport",
    "RowKind",
    "RowStatus",
    "Source",
    "Store",
    "StoreError",
    "Subscription",
    "UnitOfWork",
    "open_engine",
    "open_store",
    "snapshot",
]


def open_store(settings: StoreSettings) -> Store:
    """The configured engine, opened: the TinyDB file at `settings.path` by default."""
    from bot.store.tinydb import TinyStore

    return TinyStore.open(settings.path)


async def open_engine(settings: StoreSettings) -> Store:
    """The configured engine, opened; PostgreSQL (`engine = "postgres"`) connects to
    DATABASE_URL and applies pending migrations first."""
    if settings.engine == "postgres":
        from bot.store.postgres import PgStore

        return await PgStore.open(settings.database_url, max_connections=settings.max_connections)
    return open_store(settings)


@asynccontextmanager
async def snapshot(settings: StoreSettings) -> AsyncIterator[Store]:
    """A private copy of the store to read from while the bot runs (the shell tools).

    The bot holds the store file's lock, and the engine commits by atomic rename, so a copy
    of the file is always one committed state. Changes made to the copy are thrown away.
    PostgreSQL serves readers beside the bot: its store is opened as is, read-only (a write
    fails instead of reaching the bot's data)."""
    from bot.store.tinydb import TinyStore

    if settings.engine == "postgres":
        from bot.store.postgres import PgStore

        shared = await PgStore.open(settings.database_url, max_connections=2, read_only=True)
        try:
            yield shared
        finally:
            await shared.close()
        return

    path = Path(settings.path).expanduser().resolve()
    if not path.is_file():
        raise StoreError(f"setting store.path: there is no store at {path} yet")
    with tempfile.TemporaryDirectory(prefix="pw-snapshot-") as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        store = TinyStore.open(copy)
        try:
            yield store
        finally:
            await store.close()
