"""The `store` fixture: a fresh store per test, once per engine (TinyDB, then PostgreSQL).

Tests of one engine's own behaviour open that engine themselves (or override `store`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store
from tests.bot.store.engines import ENGINES, open_engine


@pytest.fixture(params=ENGINES)
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    opened = await open_engine(request, request.param, tmp_path)
    try:
        yield opened
    finally:
        await opened.close()
