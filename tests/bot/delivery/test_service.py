import asyncio

from bot.clock import utcnow
from bot.cycle.ingest import apply_cycle
from bot.delivery.service import DeliveryService
from bot.delivery.sinks import Outcome, Result
from bot.settings import PollSettings
from tests.bot.delivery.test_outbox import queued_store
from tests.bot.helpers import PERSON, item, match, outcome
from tests.fakes.sinks import MemorySink


async def until(predicate, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


async def test_started_it_delivers_what_is_pending(tmp_path):
    """The task drains at once when started (rows left from before a restart)."""
    store = await queued_store(tmp_path / "s.json", n=2)
    sink = MemorySink()
    service = DeliveryService(store, sink, flood_cap=10)
    service.start()
    try:
        await until(lambda: len(sink.sent) == 2)
    finally:
        await service.stop()
        await store.close()


async def test_it_wakes_by_itself_when_a_hold_ends(tmp_path):
    """A 429 hold of 0.5 s: the task sends the row again after it, without being woken."""
    store = await queued_store(tmp_path / "s.json")
    sink = MemorySink([Outcome(Result.RATE_LIMITED, retry_after=0.5, detail="429")])
    service = DeliveryService(store, sink, flood_cap=10)
    service.start()
    try:
        await until(lambda: service.rounds >= 1)
        assert not sink.sent
        await until(lambda: len(sink.sent) == 1, timeout=3)
    finally:
        await service.stop()
        await store.close()


async def test_wake_runs_a_round_now(tmp_path):
    """Rows queued while it sleeps go out as soon as it is woken, not at its idle timer."""
    store = await queued_store(tmp_path / "s.json", n=0)
    sink = MemorySink()
    service = DeliveryService(store, sink, flood_cap=10)
    service.start()
    try:
        await service.settled()
        async with store.transaction() as tx:
            pairs = [(item(1, "w1a w1b"), [match()])]
            await apply_cycle(tx, [outcome(*pairs)], {PERSON.id: PERSON}, PollSettings(), utcnow())
        service.wake()
        await until(lambda: len(sink.sent) == 1, timeout=2)
    finally:
        await service.stop()
        await store.close()
