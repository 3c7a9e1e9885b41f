"""Builds the application from settings: store, fetcher, pipeline, directory, and runs it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from bot.cycle.pipeline import Pipeline
from bot.delivery.sinks import ConsoleSink, Sink
from bot.errors import StartupError
from bot.settings import Settings
from bot.store import AlreadyRunning, Store, StoreError, open_engine
from feeds.directory import Directory
from feeds.fetch import Fetcher
from feeds.models import Prosecutor

log = logging.getLogger(__name__)

__all__ = ["AlreadyRunning", "Services", "StartupError", "StoreError", "make_fetcher", "services"]


@dataclass
class Services:
    settings: Settings
    store: Store
    fetcher: Fetcher
    pipeline: Pipeline

    @property
    def directories(self) -> Directory:
        """Bundled plus user directory (settings directory.path), as of now."""
        return self.pipeline.directory.current()

    @property
    def directory(self) -> list[Prosecutor]:
        """Everyone /watch add can complete."""
        return list(self.directories.people)


def make_fetcher(settings: Settings) -> Fetcher:
    f = settings.fetch
    return Fetcher(
        user_agent=f.user_agent,
        connect_timeout=f.connect_timeout,
        read_timeout=f.read_timeout,
        deadline=f.deadline,
        max_bytes=f.max_bytes,
        concurrency=f.concurrency,
        per_host=f.per_host,
        allow_hosts=f.allow_hosts,
    )


@asynccontextmanager
async def services(settings: Settings, sink: Sink | None = None) -> AsyncIterator[Services]:
    """Everything the bot needs, opened in order and closed in reverse."""
    # Raises AlreadyRunning when another process has it, StoreError (a StartupError) when the
    # configured store cannot be used (PostgreSQL: one line naming DATABASE_URL).
    store = await open_engine(settings.store)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(store.close)
        if store.recovered_from:
            log.error("started with a fresh store; the unreadable one is %s", store.recovered_from)
        fetcher = make_fetcher(settings)
        stack.push_async_callback(fetcher.aclose)
        pipeline = Pipeline(settings, store, fetcher, sink or ConsoleSink())
        stack.push_async_callback(pipeline.close)
        yield Services(settings, store, fetcher, pipeline)
