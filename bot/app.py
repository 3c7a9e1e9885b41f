"""Builds the application from settings: store, fetcher, pipeline, directory, and runs it."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.cycle.pipeline import Pipeline
from bot.delivery.sinks import ConsoleSink, Sink
from bot.settings import Settings
from bot.store import AlreadyRunning, Store, open_engine, open_store
from feeds.directory import load_directory
from feeds.fetch import Fetcher
from feeds.models import Prosecutor

log = logging.getLogger(__name__)

__all__ = ["AlreadyRunning", "Services", "make_fetcher", "services"]

DIRECTORY_PATH = Path(__file__).resolve().parent.parent / "config" / "prosecutors.toml"


class StartupError(Exception):
    """The bot cannot start as configured; the message is one line naming what to fix."""


def _prepare_store_path(configured: str) -> Path:
    """The store file's real path, its folder created.

    Resolved so that a symlinked path and its target share one lock, and so that the atomic
    replace writes through to the target instead of turning the link into a separate file.
    """
    path = Path(configured).expanduser().resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StartupError(
            f"setting store.path: cannot create the folder {path.parent} ({exc.strerror})"
        ) from None
    if path.is_dir():
        raise StartupError(f"setting store.path: {configured} is a directory, not a file")
    return path


@dataclass
class Services:
    settings: Settings
    store: Store
    fetcher: Fetcher
    pipeline: Pipeline
    directory: list[Prosecutor]


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
    if settings.store.engine == "postgres":
        store = await open_engine(settings.store)  # one line naming DATABASE_URL if unreachable
    else:
        store_path = _prepare_store_path(settings.store.path)
        try:
            # Raises AlreadyRunning when another process has it.
            store = open_store(dataclasses.replace(settings.store, path=str(store_path)))
        except OSError as exc:
            raise StartupError(
                f"setting store.path: cannot open {store_path} ({exc.strerror})"
            ) from None
    async with AsyncExitStack() as stack:
        stack.push_async_callback(store.close)
        if store.recovered_from:
            log.error("started with a fresh store; the unreadable one is %s", store.recovered_from)
        fetcher = make_fetcher(settings)
        stack.push_async_callback(fetcher.aclose)
        pipeline = Pipeline(settings, store, fetcher, sink or ConsoleSink())
        stack.push_async_callback(pipeline.close)
        yield Services(settings, store, fetcher, pipeline, load_directory(DIRECTORY_PATH))
