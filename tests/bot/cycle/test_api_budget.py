"""CourtListener's request budget is counted in the store, so processes share one budget."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

from bot.cycle.api_budget import SharedApiBudget
from bot.store import Store, StoreError
from bot.store.tinydb import TinyStore
from tests.bot.helpers import NOW


async def spend(budget: SharedApiBudget, times: int) -> list[bool]:
    return [await budget.try_acquire() for _ in range(times)]


async def test_five_calls_a_minute_then_none_until_the_minute_has_passed(store: Store) -> None:
    """The sixth call in a minute is refused; a minute later one more goes."""
    clock = [NOW]
    budget = SharedApiBudget(store, "courtlistener", clock=lambda: clock[0])
    assert await spend(budget, 6) == [True] * 5 + [False]
    clock[0] = NOW + timedelta(seconds=61)
    assert await spend(budget, 6) == [True] * 5 + [False]


async def test_budgets_are_counted_per_api(store: Store) -> None:
    """Spending one API's budget leaves another's whole."""
    full = SharedApiBudget(store, "courtlistener", clock=lambda: NOW)
    await spend(full, 5)
    other = SharedApiBudget(store, "other-api", clock=lambda: NOW)
    assert await spend(other, 1) == [True]


async def test_the_budget_outlives_a_restart(tmp_path: Path) -> None:
    """Calls made before a restart still count after it: a crash loop cannot overspend."""
    store = TinyStore.open(tmp_path / "s.json")
    await spend(SharedApiBudget(store, "courtlistener", clock=lambda: NOW), 5)
    await store.close()
    store = TinyStore.open(tmp_path / "s.json")
    try:
        assert await spend(SharedApiBudget(store, "courtlistener", clock=lambda: NOW), 1) == [False]
    finally:
        await store.close()


async def test_processes_sharing_a_database_spend_one_budget(pg_store_url: str) -> None:
    """Three workers' stores asking at once get five calls between them, not five each."""
    from bot.store.postgres import PgStore

    stores = [await PgStore.open(pg_store_url) for _ in range(3)]
    try:
        budgets = [SharedApiBudget(s, "courtlistener", clock=lambda: NOW) for s in stores]
        got = await asyncio.gather(*(b.try_acquire() for b in budgets for _ in range(4)))
    finally:
        for s in stores:
            await s.close()
    assert sum(got) == 5


class _DownStore(Store):
    def transaction(self):  # type: ignore[override]
        raise StoreError("database unreachable")

    async def close(self) -> None:
        return None


async def test_a_store_that_cannot_answer_means_no_call() -> None:
    """When the budget cannot be read, the call waits: an uncounted call may be one too many."""
    budget = SharedApiBudget(_DownStore(), "courtlistener", clock=lambda: NOW)
    assert await budget.try_acquire() is False


async def test_an_unreadable_budget_row_is_set_aside(tmp_path: Path) -> None:
    """A budget row of the wrong shape is quarantined when the store opens; the budget starts
    empty instead of failing every CourtListener poll."""
    path = tmp_path / "s.json"
    store = TinyStore.open(path)
    await spend(SharedApiBudget(store, "courtlistener", clock=lambda: NOW), 1)
    await store.close()
    data = json.loads(path.read_text())
    [doc] = [d for d in data["meta"].values() if d["name"] == "api_calls:courtlistener"]
    doc["value"] = ["yesterday"]
    path.write_text(json.dumps(data))
    store = TinyStore.open(path)
    try:
        aside = [dict(d) for d in store.table("quarantine")]
        got = await spend(SharedApiBudget(store, "courtlistener", clock=lambda: NOW), 6)
    finally:
        await store.close()
    assert [(d["table"], d["doc"]["value"]) for d in aside] == [("meta", ["yesterday"])]
    assert got == [True] * 5 + [False]
