"""The embedded TinyDB engine (the default): one JSON file, one process, one store thread."""

from bot.store.tinydb.engine import TinyStore
from bot.store.tinydb.storage import AtomicJSONStorage, StoreCorrupt

__all__ = ["AtomicJSONStorage", "StoreCorrupt", "TinyStore"]
