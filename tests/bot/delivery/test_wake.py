"""The gateway on PostgreSQL: rows queued by another process are delivered at once (NOTIFY),
and the scheduler leaves polling to the workers and runs each job in one process at a time."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator

import pytest

from bot.clock import utcnow
from bot.cycle.alerts import alert_record
from bot.cycle.pipeline import Pipeline
from bot.delivery import outbox
from bot.delivery.wake import start_waker
from bot.scheduler import build_scheduler, exclusive, job_gate
from bot.settings import Settings, StoreSettings
from bot.store.postgres import PgStore
from feeds.fetch import Fetcher
from feeds.models import Event, EventType, Match
from tests.bot.helpers import PERSON, item
from tests.fakes.sinks import MemorySink


@pytest.fixture
async def gateway(pg_store_url: str) -> AsyncIterator[Pipeline]:
    settings = dataclasses.replace(
        Settings(), store=StoreSettings(engine="postgres", database_url=pg_store_url)
    )
    store = await PgStore.open(pg_store_url)
    async with Fetcher(user_agent="t") as fetcher:
        pipeline = Pipeline(settings, store, fetcher, MemorySink())
        try:
            yield pipeline
        finally:
            await pipeline.close()
            await store.close()


async def queue_alert_elsewhere(url: str, n: int) -> None:
    """What a worker process does: commit an alert and its outbox row, on its own store."""
    other = await PgStore.open(url)
    try:
        async with other.transaction() as tx:
            record = alert_record(
                Event(item(n), Match(PERSON.id, EventType.RECALL, 0.9, ("recall",))), PERSON,
                utcnow(),
            )  # fmt: skip
            await tx.alerts.add([record])
            row = outbox.new_row(
                record.alert_key, "10", "20", digest=False, role=None, now=utcnow()
            )
            await tx.outbox.enqueue([row])
    finally:
        await other.close()


async def test_rows_queued_by_another_process_are_delivered_at_once(gateway, pg_store_url) -> None:
    """A worker's commit wakes the gateway: the alert is sent within seconds, not at the next
    30-second delivery round."""
    gateway.delivery.start()
    await gateway.delivery.settled()  # the first round found nothing; the next is 30 s away
    waker = start_waker(gateway)
    assert waker is not None
    try:
        await asyncio.wait_for(waker.listener.connected.wait(), 10)
        started = time.monotonic()
        await queue_alert_elsewhere(pg_store_url, 1)
        while not gateway.sink.sent and time.monotonic() - started < 10:  # type: ignore[attr-defined]
            await asyncio.sleep(0.05)
        elapsed = time.monotonic() - started
    finally:
        await waker.stop()
        await gateway.delivery.stop()
    assert len(gateway.sink.sent) == 1  # type: ignore[attr-defined]
    assert elapsed < 5


async def test_gateway_schedule_has_no_poll_job(gateway) -> None:
    """On PostgreSQL the gateway folds digests and prunes (and delivers, in its own task);
    workers poll."""
    scheduler = build_scheduler(gateway)
    assert sorted(job.id for job in scheduler.get_jobs()) == ["digest", "prune"]


async def test_a_job_runs_in_one_process_at_a_time(gateway, pg_store_url) -> None:
    """While one process runs a job, the same job in another process skips its turn."""
    other = await PgStore.open(pg_store_url)
    runs: list[str] = []
    inside = asyncio.Event()
    release = asyncio.Event()

    async def long_job() -> None:
        runs.append("first")
        inside.set()
        await release.wait()

    async def second_job() -> None:
        runs.append("second")

    try:
        first = asyncio.create_task(exclusive("prune", long_job, job_gate(gateway))())
        await inside.wait()
        gate = job_gate(Pipeline(gateway.settings, other, gateway.fetcher, MemorySink()))
        await exclusive("prune", second_job, gate)()
        release.set()
        await first
        await exclusive("prune", second_job, gate)()
    finally:
        await other.close()
    assert runs == ["first", "second"]
