"""Parse functions that misbehave on chosen feeds, run inside spawned parse workers.

They live in a module of their own (not a test file) so that a spawned worker can import them
by name; the test patches one in where the pool looks up its parse function.
"""

from __future__ import annotations

import os
import time
from typing import Any

from bot.cycle.parse_worker import parse_and_match, parse_items

HANG = "hang"  # a source id containing this never finishes parsing
CRASH = "crash"  # ... kills its worker process
SLOW = "slow"  # ... takes SLOW_SECONDS


SLOW_SECONDS = 1.0


def _misbehave(source_id: str) -> None:
    if HANG in source_id:
        time.sleep(600)
    if CRASH in source_id:
        os._exit(3)
    if SLOW in source_id:
        time.sleep(SLOW_SECONDS)


def misbehaving_parse_and_match(body: bytes, source_id: str, *args: Any, **kwargs: Any) -> Any:
    _misbehave(source_id)
    return parse_and_match(body, source_id, *args, **kwargs)


def misbehaving_parse_items(body: bytes, source_id: str, *args: Any) -> Any:
    _misbehave(source_id)
    return parse_items(body, source_id, *args)
