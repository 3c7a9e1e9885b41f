"""PostgreSQL engine: constraints, concurrent writers, leases, locks, NOTIFY, lost connections."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import asyncpg
import pytest

from bot.store import StoreError
from bot.store.postgres import PgStore
from bot.store.postgres.coordination import (
    OutboxListener,
    claim_due,
    hold_leases,
    job_lock,
    release_leases,
)
from tests.bot.store.test_repo_methods import NOW, alert, row, source
from tests.pg_cluster import ThrowawayCluster


@pytest.fixture
async def pg_store(pg_store_url: str) -> AsyncIterator[PgStore]:
    store = await PgStore.open(pg_store_url)
    try:
        yield store
    finally:
        await store.close()


# -- constraints ------------------------------------------------------------------------------


async def test_second_copy_of_an_alert_is_refused_by_the_database(pg_store: PgStore) -> None:
    """A plain INSERT of an alert key already stored fails on the primary key."""
    async with pg_store.transaction() as tx:
        await tx.alerts.add([alert("k")])
    async with pg_store.connection() as conn:
        with pytest.raises(asyncpg.UniqueViolationError):
            await conn.execute(
                "INSERT INTO alerts (alert_key, prosecutor_id, prosecutor_name, event_type,"
                " score, title, source_id, item_key, first_seen)"
                " VALUES ('k', 'p', 'P', 'recall', 1, 't', 's', 'i', now())"
            )


@pytest.mark.parametrize(
    ("column", "value"), [("nonce", "n-r1"), ("alert_key", "a-r1")], ids=["nonce", "alert+channel"]
)
async def test_second_copy_of_an_outbox_row_is_refused(
    pg_store: PgStore, column: str, value: str
) -> None:
    """A row with a new id but a stored nonce, or a stored alert and channel, is refused."""
    async with pg_store.transaction() as tx:
        await tx.outbox.enqueue([row("r1")])
    twin = row("r2", **{column: value})
    async with pg_store.transaction() as tx:
        assert await tx.outbox.enqueue([twin]) == 0
        assert [r.id for r in await tx.outbox.all()] == ["r1"]


async def test_racing_writers_store_one_copy(pg_store: PgStore) -> None:
    """Two transactions adding the same seen marks, alert and outbox rows at once: one copy."""
    both = asyncio.Barrier(2)

    async def writer() -> tuple[int, int]:
        async with pg_store.transaction() as tx:
            await both.wait()  # both transactions are open before either writes
            new_seen = await tx.seen.mark(["k1", "k2", "k3"], NOW)
            await tx.alerts.add([alert("same")])
            queued = await tx.outbox.enqueue([row("r1"), row("r2")])
            return new_seen, queued

    results = await asyncio.gather(writer(), writer())
    async with pg_store.transaction() as tx:
        assert await tx.seen.count() == 3
        assert len(await tx.alerts.all()) == 1
        assert len(await tx.outbox.all()) == 2
    assert sorted(results) == [(0, 0), (3, 2)]


async def test_racing_writers_in_opposite_orders_do_not_deadlock(pg_store: PgStore) -> None:
    """Writers given overlapping keys in opposite orders both commit (keys go in sorted)."""
    keys = [f"k{i:03d}" for i in range(200)]
    both = asyncio.Barrier(2)

    async def writer(order: list[str]) -> int:
        async with pg_store.transaction() as tx:
            await both.wait()
            return await tx.seen.mark(order, NOW)

    counts = await asyncio.gather(writer(keys), writer(list(reversed(keys))))
    assert sum(counts) == 200


# -- leases -----------------------------------------------------------------------------------


async def _add_sources(store: PgStore, n: int) -> None:
    async with store.transaction() as tx:
        await tx.sources.insert([source(f"s{i:02d}") for i in range(n)])


async def test_workers_claim_disjoint_sources(pg_store: PgStore) -> None:
    """Three workers claiming at once share the due sources without overlap."""
    await _add_sources(pg_store, 30)
    claims = await asyncio.gather(
        *(claim_due(pg_store, f"w{i}", limit=12, lease_seconds=60, max_backoff=3600)
          for i in range(3))
    )  # fmt: skip
    ids = [sid for c in claims for sid in c.ids]
    assert len(ids) == 30
    assert len(set(ids)) == 30


async def test_leased_source_waits_for_its_lease(pg_store: PgStore) -> None:
    """A leased source is not claimed again until the lease passes; then another worker gets it."""
    await _add_sources(pg_store, 1)
    first = await claim_due(pg_store, "a", limit=5, lease_seconds=0.5, max_backoff=3600)
    blocked = await claim_due(pg_store, "b", limit=5, lease_seconds=0.5, max_backoff=3600)
    await asyncio.sleep(0.6)
    retaken = await claim_due(pg_store, "b", limit=5, lease_seconds=60, max_backoff=3600)
    assert first.ids == ["s00"]
    assert blocked.ids == []
    assert retaken.ids == ["s00"]


async def test_expired_lease_taken_over_is_not_committed_by_the_first_worker(
    pg_store: PgStore,
) -> None:
    """A worker whose lease ran out and was retaken holds nothing; the new owner holds it."""
    await _add_sources(pg_store, 2)
    slow = await claim_due(pg_store, "slow", limit=2, lease_seconds=0.3, max_backoff=3600)
    await asyncio.sleep(0.4)
    fast = await claim_due(pg_store, "fast", limit=1, lease_seconds=60, max_backoff=3600)
    async with pg_store.transaction() as tx:
        still_mine = await hold_leases(tx, "slow", slow.ids)
        await release_leases(tx, "slow", still_mine)
    async with pg_store.transaction() as tx:
        assert await hold_leases(tx, "fast", fast.ids) == set(fast.ids)
    assert still_mine == set(slow.ids) - set(fast.ids)
    assert len(still_mine) == 1


async def test_released_source_is_due_by_its_next_check(pg_store: PgStore) -> None:
    """After release, a source comes back when its next check comes, not before."""
    await _add_sources(pg_store, 1)
    claim = await claim_due(pg_store, "a", limit=5, lease_seconds=60, max_backoff=3600)
    async with pg_store.transaction() as tx:
        await tx.sources.set_next_check(claim.now + timedelta(hours=1), claim.ids)
        await release_leases(tx, "a", claim.ids)
    again = await claim_due(pg_store, "b", limit=5, lease_seconds=60, max_backoff=3600)
    assert again.ids == []


async def test_people_lock_makes_the_second_writer_wait(pg_store: PgStore) -> None:
    """A transaction locking a prosecutor waits until the one holding that lock commits."""
    order: list[str] = []
    holding = asyncio.Event()

    async def first() -> None:
        async with pg_store.transaction() as tx:
            await tx.lock_people(["ana", "ben"])
            holding.set()
            await asyncio.sleep(0.3)
            order.append("first commits")

    async def second() -> None:
        await holding.wait()
        async with pg_store.transaction() as tx:
            await tx.lock_people(["ben"])
            order.append("second locked")

    await asyncio.gather(first(), second())
    assert order == ["first commits", "second locked"]


# -- jobs and notifications -------------------------------------------------------------------


async def test_one_process_runs_a_job_at_a_time(pg_store_url: str) -> None:
    """While one store holds a job's lock, another store is refused it; then it is free."""
    one, two = await PgStore.open(pg_store_url), await PgStore.open(pg_store_url)
    try:
        async with (
            job_lock(one, "prune") as first,
            job_lock(two, "prune") as second,
            job_lock(two, "digest") as other,
        ):
            assert (first, second, other) == (True, False, True)
        async with job_lock(two, "prune") as later:
            assert later is True
    finally:
        await one.close()
        await two.close()


async def test_listener_wakes_on_committed_rows_only(pg_store: PgStore) -> None:
    """A committed enqueue wakes the listener; a rolled-back one does not."""
    woken = asyncio.Event()
    listener = OutboxListener(pg_store.url, woken.set)
    task = asyncio.create_task(listener.run())
    try:
        await asyncio.wait_for(listener.connected.wait(), 10)
        woken.clear()  # the wake every (re)connect gives
        with pytest.raises(RuntimeError):
            async with pg_store.transaction() as tx:
                await tx.outbox.enqueue([row("r0")])
                raise RuntimeError("rolled back")
        await asyncio.sleep(0.3)
        assert not woken.is_set()
        async with pg_store.transaction() as tx:
            await tx.outbox.enqueue([row("r1")])
        await asyncio.wait_for(woken.wait(), 5)
    finally:
        task.cancel()


# -- a server that goes away ------------------------------------------------------------------


async def test_restart_fails_the_open_transaction_and_the_next_one_works(
    pg_store: PgStore, pg_cluster: ThrowawayCluster
) -> None:
    """A restart mid-transaction: StoreError, nothing of it stored, the next one commits."""
    async with pg_store.transaction() as tx:
        await tx.seen.mark(["before"], NOW)
    woken = asyncio.Event()
    listener = OutboxListener(pg_store.url, woken.set, retry=0.2)
    task = asyncio.create_task(listener.run())
    try:
        await asyncio.wait_for(listener.connected.wait(), 10)
        with pytest.raises(StoreError, match="connection lost"):
            async with pg_store.transaction() as tx:
                await tx.seen.mark(["during"], NOW)
                await asyncio.to_thread(pg_cluster.stop_server, "fast")
                await asyncio.to_thread(pg_cluster.start_server)
                await tx.outbox.enqueue([row("r1")])
        async with pg_store.transaction() as tx:
            await tx.seen.mark(["after"], NOW)
        async with pg_store.transaction() as tx:
            assert sorted(k for k, _ in await tx.seen.all()) == ["after", "before"]
            assert await tx.outbox.all() == []
        woken.clear()
        await asyncio.wait_for(listener.connected.wait(), 10)
        async with pg_store.transaction() as tx:
            await tx.outbox.enqueue([row("r2")])
        await asyncio.wait_for(woken.wait(), 10)  # the listener came back by itself
    finally:
        task.cancel()


async def test_concurrent_changes_to_different_fields_both_survive(pg_store: PgStore) -> None:
    """A worker's health update and an organizer's join to the same source, in two
    overlapping transactions, both stay: save writes only what each one changed."""
    await _add_sources(pg_store, 1)
    read = asyncio.Event()
    joined = asyncio.Event()

    async def worker() -> None:
        async with pg_store.transaction() as tx:
            polled = (await tx.sources.get_many(["s00"]))["s00"]
            read.set()
            await joined.wait()
            polled.etag, polled.consecutive_errors = '"v2"', 0
            await tx.sources.save([polled])

    async def organizer() -> None:
        await read.wait()
        async with pg_store.transaction() as tx:
            source = await tx.sources.get("s00")
            assert source is not None
            source.guild_ids = ["g1", "g2"]
            await tx.sources.save([source])
        joined.set()

    await asyncio.gather(worker(), organizer())
    async with pg_store.transaction() as tx:
        final = await tx.sources.get("s00")
    assert final is not None
    assert (final.etag, final.guild_ids) == ('"v2"', ["g1", "g2"])
