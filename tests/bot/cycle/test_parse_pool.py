import asyncio

import pytest

from bot.cycle.parse_pool import ParsePool, Slots
from tests.bot.cycle import stuck_parsers
from tests.bot.cycle.test_pipeline import news_from

BODY = news_from("pool.example").encode()


@pytest.fixture
def misbehaving(monkeypatch):
    monkeypatch.setattr("bot.cycle.parse_pool.parse_items", stuck_parsers.misbehaving_parse_items)


@pytest.mark.slow
async def test_a_stuck_parse_whose_caller_gave_up_is_still_killed_at_its_limit(misbehaving):
    """A cycle cancelled mid-parse leaves the parse holding its worker until its limit, then
    the pool is replaced and the next parse runs."""
    pool = ParsePool(1, timeout=1.5)
    try:
        await pool.items(BODY, "feed/first", "rss", None)  # the worker is up
        stuck = asyncio.create_task(pool.items(BODY, "feed/hang", "rss", None))
        await asyncio.sleep(0.5)
        stuck.cancel()
        with pytest.raises(asyncio.CancelledError):
            await stuck
        items, error = await asyncio.wait_for(pool.items(BODY, "feed/ok", "rss", None), 30)
        assert error is None and len(items) == 3
        assert pool.killed == 1
    finally:
        pool.close()


@pytest.mark.slow
async def test_parses_waiting_for_a_worker_are_not_timed_while_they_wait(misbehaving):
    """Four 1 s parses on one worker with a 1.6 s limit all succeed: the limit is per parse,
    not from the moment it was asked for."""
    pool = ParsePool(1, timeout=1.6)
    try:
        results = await asyncio.gather(
            *(pool.items(BODY, f"feed/slow{n}", "rss", None) for n in range(4))
        )
        assert [(len(items), error) for items, error in results] == [(3, None)] * 4
        assert pool.killed == 0
    finally:
        pool.close()


async def test_a_request_for_every_slot_waits_for_the_running_ones_and_goes_first():
    """Slots: a parse that must run alone waits for those running, and those asking after it
    wait for it."""
    slots = Slots(2)
    order: list[str] = []
    await slots.acquire(1)
    alone = asyncio.create_task(slots.acquire(2))
    later = asyncio.create_task(slots.acquire(1))
    await asyncio.sleep(0)
    alone.add_done_callback(lambda _: order.append("alone"))
    later.add_done_callback(lambda _: order.append("later"))
    await asyncio.sleep(0.01)
    assert order == []
    slots.release(1)
    await asyncio.sleep(0.01)
    assert order == ["alone"]
    slots.release(2)
    await asyncio.sleep(0.01)
    assert order == ["alone", "later"]


async def test_workers_are_started_off_the_event_loop(monkeypatch):
    """Starting a pool's workers (which writes the matcher down a pipe each new worker reads
    only once it is up) runs in another thread, so fetches go on meanwhile."""
    import threading

    from bot.cycle import parse_worker

    threads: list[str] = []
    real_submit = parse_worker.ProcessPoolExecutor.submit

    def submit(self, fn, *args):
        if fn is parse_worker.ready:
            threads.append(threading.current_thread().name)
        return real_submit(self, fn, *args)

    monkeypatch.setattr(parse_worker.ProcessPoolExecutor, "submit", submit)
    pool = ParsePool(1)
    try:
        items, error = await pool.items(BODY, "feed/first", "rss", None)
        assert error is None and len(items) == 3
        assert len(threads) == 1 and threads[0] != threading.main_thread().name
    finally:
        pool.close()
