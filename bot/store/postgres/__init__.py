"""The PostgreSQL engine: several processes on several machines share one database.

`PgStore.open(url)` connects (DATABASE_URL), applies pending migrations and returns the store.
"""

from __future__ import annotations

from bot.store.postgres.connect import DatabaseUnavailable, database_url
from bot.store.postgres.engine import PgStore

__all__ = ["DatabaseUnavailable", "PgStore", "database_url"]
