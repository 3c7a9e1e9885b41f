"""The `store` fixture: a fresh store per test (the embedded engine; other engines add params)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.store import Store
from tests.bot.helpers import open_store


@pytest.fixture
async def store(tmp_path) -> AsyncIterator[Store]:
    opened = open_store(tmp_path / "s.json")
    try:
        yield opened
    finally:
        await opened.close()
