"""The only code touching storage: `api` (the interface), `models` (what it holds), engines.

`open_store(settings)` opens the configured engine: the embedded TinyDB file by default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.store.api import AlreadyRunning, Store, StoreError, UnitOfWork
from bot.store.models import (
    ALL_PROSECUTORS,
    Alert,
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
    "Alert",
    "AlreadyRunning",
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
