from datetime import timedelta

import time_machine

from bot.clock import utcnow
from bot.cycle import source_registry
from bot.store import Source, Store


async def one_source(store: Store) -> None:
    async with store.transaction() as tx:
        source = source_registry.new_source("s", "rss", "https://x.example/f", interval=300)
        await source_registry.add_source(tx, source)


async def polled(store: Store) -> None:
    async with store.transaction() as tx:
        [source] = await tx.sources.all()
        source_registry.record_success(
            source, utcnow(), etag=None, last_modified=None, body_hash=None, items=0
        )
        await tx.sources.save([source])


async def due(store: Store, max_backoff: float = 6 * 3600) -> list[Source]:
    async with store.transaction() as tx:
        return await tx.sources.due(utcnow(), max_backoff)


async def test_a_polled_source_is_not_due_before_its_interval(store):
    """Right after a poll, the source waits its interval."""
    await one_source(store)
    await polled(store)
    assert await due(store) == []


async def test_clock_set_forward_a_day_polls_each_source_once(store):
    """D6: after a +1 day jump every source is due once, and not again right after its poll."""
    await one_source(store)
    await polled(store)
    with time_machine.travel(utcnow() + timedelta(days=1), tick=False):
        assert len(await due(store)) == 1
        await polled(store)
        assert await due(store) == []


async def test_clock_set_back_a_day_does_not_silence_sources(store):
    """D6: after a -1 day jump a source is due now, not a day later."""
    await one_source(store)
    await polled(store)
    with time_machine.travel(utcnow() - timedelta(days=1), tick=False):
        assert len(await due(store)) == 1
        await polled(store)
        assert await due(store) == []


async def test_a_long_retry_after_is_not_mistaken_for_a_clock_jump(store):
    """A 1-hour Retry-After within the longest backoff keeps the source waiting."""
    await one_source(store)
    async with store.transaction() as tx:
        [source] = await tx.sources.all()
        source_registry.record_failure(
            source, utcnow(), reason="rate_limited", message="429",
            retry_after=3600, max_backoff=6 * 3600, disable_after=20,
        )  # fmt: skip
        await tx.sources.save([source])
    assert await due(store, max_backoff=6 * 3600) == []


async def test_an_organizer_joining_an_unwatched_auto_source_enables_it(store):
    """Adding a feed that an automatic source disabled as 'not watched' re-enables it."""
    spec = source_registry.new_source("gdelt:x", "gdelt", "https://api.example/q=x")
    async with store.transaction() as tx:
        await source_registry.sync_auto_sources(tx, [spec])
        await source_registry.sync_auto_sources(tx, [])
        mine = source_registry.new_source("gdelt:x", "gdelt", spec.url, guild_id="7")
        joined = await source_registry.add_source(tx, mine)
    assert joined.enabled and joined.guild_ids == ["7"] and not joined.auto


async def failed(store: Store, reason: str) -> None:
    async with store.transaction() as tx:
        [source] = await tx.sources.all()
        source_registry.record_failure(
            source, utcnow(), reason=reason, message=reason,
            retry_after=None, max_backoff=6 * 3600, disable_after=20,
        )  # fmt: skip
        await tx.sources.save([source])


async def due_at(store: Store, seconds_from_now: float) -> list[Source]:
    async with store.transaction() as tx:
        return await tx.sources.due(utcnow() + timedelta(seconds=seconds_from_now), 6 * 3600)


async def test_a_source_that_timed_out_is_skipped_at_the_next_cycle(store):
    """Issue 14: a timeout's first backoff passes over the next cycle (one interval on)."""
    await one_source(store)
    await failed(store, "timeout")
    assert await due_at(store, 300 + 5) == []
    assert len(await due_at(store, 600 + 5)) == 1


async def test_a_server_error_is_retried_at_the_next_cycle(store):
    """A quick failure (HTTP 500) costs no slot time: the first retry is one interval on."""
    await one_source(store)
    await failed(store, "http_error")
    assert len(await due_at(store, 300 + 5)) == 1
