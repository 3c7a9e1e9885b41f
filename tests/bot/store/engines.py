"""Opening each store engine for the test suite: the repository tests run once per engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import Store

ENGINES = ["tinydb", "postgres"]


async def open_engine(request: pytest.FixtureRequest, engine: str, tmp_path: Path) -> Store:
    """A fresh, empty store of this engine (PostgreSQL: a database of the test's own)."""
    if engine == "tinydb":
        from bot.store.tinydb import TinyStore

        return TinyStore.open(tmp_path / "s.json")
    from bot.store.postgres import PgStore

    url = request.getfixturevalue("pg_store_url")
    return await PgStore.open(url)
