"""Workers on the PostgreSQL store: leases, one commit per batch, nothing twice across workers."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from datetime import timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from bot import guilds
from bot.clock import utcnow
from bot.cycle import source_registry
from bot.cycle.worker import Worker, WorkerTotals, run_worker
from bot.settings import Settings, StoreSettings, WorkerSettings
from bot.store.postgres import PgStore
from bot.store.postgres.coordination import claim_due
from feeds.fetch import Fetcher
from feeds.models import Prosecutor
from tests.fakes.feed_server import FeedServer

ANA = Prosecutor("ana-ortiz", "Ana Ortiz", "District Attorney", "Bay County", "CA")
# One made-up prosecutor per feed, so no two feeds tell the same story.
PEOPLE = [
    Prosecutor(f"p{i}", f"Morgan Quill{i}x", "District Attorney", f"Ridge{i} County", "CA")
    for i in range(12)
]
EVENTS = ("recall petition filed", "sued in federal court", "impeached by the House")
G1, C1, G2, C2 = 501, 601, 502, 602


def feed(n: int, person: Prosecutor) -> str:
    """Three items about `person`, one per event type: three alerts."""
    date = format_datetime(utcnow())
    items = "".join(
        f"<item><title>District Attorney {person.name} {event}</title>"
        f"<link>https://ridge.example/{n}/{i}</link><pubDate>{date}</pubDate></item>"
        for i, event in enumerate(EVENTS)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk {n}</title>{items}'
        "</channel></rss>"
    )


def settings_for(server: FeedServer, **workers: Any) -> Settings:
    base = Settings()
    return dataclasses.replace(
        base,
        fetch=dataclasses.replace(base.fetch, allow_hosts=(server.host_port,), deadline=2.0),
        poll=dataclasses.replace(base.poll, parse_workers=0),
        sources=dataclasses.replace(base.sources, enabled=()),
        workers=dataclasses.replace(
            WorkerSettings(batch_size=4, lanes=2, lease_seconds=30), **workers
        ),
    )


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as srv:
        yield srv


@pytest.fixture
async def pg(pg_store_url: str) -> AsyncIterator[PgStore]:
    store = await PgStore.open(pg_store_url)
    try:
        yield store
    finally:
        await store.close()


def guild_of(n: int) -> tuple[int, int]:
    return (G1, C1) if n % 2 == 0 else (G2, C2)


async def two_guilds(store: PgStore, server: FeedServer, feeds: int) -> None:
    """Feed n is about PEOPLE[n]; G1 watches the even ones, G2 the odd ones, and each guild
    added its own feeds."""
    async with store.transaction() as tx:
        for n in range(feeds):
            guild, channel = guild_of(n)
            await guilds.watch(tx, guild, PEOPLE[n], 50)
            await guilds.subscribe(tx, guild, channel, None, ())
            server.static(f"/f{n}", feed(n, PEOPLE[n]), etag=f'"v{n}"')
            source = source_registry.new_source(
                f"feed{n}", "rss", server.url(f"/f{n}"), guild_id=str(guild), seeded=True
            )
            await source_registry.add_source(tx, source)


async def run_until_idle(workers: list[Worker]) -> None:
    """Every worker runs batches until none of them finds anything due."""

    async def drain(worker: Worker) -> None:
        while await worker.run_batch() is not None:
            pass

    await asyncio.gather(*(drain(w) for w in workers))


async def test_two_workers_poll_every_source_once_and_alert_once(
    pg: PgStore, server: FeedServer
) -> None:
    """Two workers share 12 feeds: each feed fetched once, each alert and row stored once."""
    await two_guilds(pg, server, 12)
    settings = settings_for(server)
    async with Fetcher(user_agent="t", allow_hosts=[server.host_port]) as fetcher:
        workers = [Worker(settings, pg, fetcher, name=f"w{i}") for i in range(2)]
        await run_until_idle(workers)
    async with pg.transaction() as tx:
        alerts = await tx.alerts.all()
        rows = await tx.outbox.all()
        sources = await tx.sources.all()
    assert all(server.requests[f"/f{n}"] == 1 for n in range(12))
    assert sum(w.totals.batches for w in workers) == 3  # 12 sources, batches of 4
    assert len(alerts) == 36 and len({a.alert_key for a in alerts}) == 36
    assert len(rows) == 36
    assert all(s.next_check_at is not None and s.last_success is not None for s in sources)


async def test_rows_go_only_to_the_guild_watching(pg: PgStore, server: FeedServer) -> None:
    """Alerts about a guild's prosecutors reach that guild's channel and no other."""
    await two_guilds(pg, server, 4)
    async with Fetcher(user_agent="t", allow_hosts=[server.host_port]) as fetcher:
        await run_until_idle([Worker(settings_for(server), pg, fetcher, name="w")])
    async with pg.transaction() as tx:
        alerts = {a.alert_key: a.prosecutor_id for a in await tx.alerts.all()}
        rows = await tx.outbox.all()
    by_guild = {(r.guild_id, r.channel_id, alerts[r.alert_key]) for r in rows if r.alert_key}
    expected = {(str(guild_of(n)[0]), str(guild_of(n)[1]), PEOPLE[n].id) for n in range(4)}
    assert by_guild == expected
    assert len(rows) == 12


async def test_a_batch_releases_its_leases_and_schedules_the_next_check(
    pg: PgStore, server: FeedServer
) -> None:
    """After a batch commits, its sources are free and due again only at their next check."""
    await two_guilds(pg, server, 2)
    async with Fetcher(user_agent="t", allow_hosts=[server.host_port]) as fetcher:
        worker = Worker(settings_for(server), pg, fetcher, name="w")
        stats = await worker.run_batch()
        again = await claim_due(pg, "other", limit=10, lease_seconds=30, max_backoff=3600)
    assert stats is not None and stats.sources == 2
    assert again.sources == []
    async with pg.connection() as conn:
        leases = await conn.fetch("SELECT lease_owner, lease_until FROM sources")
    assert [tuple(r) for r in leases] == [(None, None), (None, None)]


async def test_a_batch_whose_lease_was_taken_over_commits_nothing_for_it(
    pg: PgStore, server: FeedServer
) -> None:
    """A worker whose lease ran out mid-batch and was retaken by another stores nothing for
    that source; the worker that took it over stores its alerts, once."""
    await two_guilds(pg, server, 1)
    server.static("/f0", feed(0, PEOPLE[0]), etag='"v0"', delay=1.0)
    settings = settings_for(server, batch_size=1)
    async with Fetcher(user_agent="t", allow_hosts=[server.host_port]) as fetcher:
        slow = Worker(settings, pg, fetcher, name="slow")
        fast = Worker(settings, pg, fetcher, name="fast")

        async def take_over() -> None:
            await asyncio.sleep(0.3)  # the slow worker is fetching
            async with pg.connection() as conn:  # its lease runs out (a stalled machine)
                await conn.execute("UPDATE sources SET lease_until = now() - interval '1 s'")
            await fast.run_batch()

        slow_stats, _ = await asyncio.gather(slow.run_batch(), take_over())
    async with pg.transaction() as tx:
        alerts = await tx.alerts.all()
    assert slow_stats is not None and slow_stats.sources == 0
    assert fast.totals.stats.alerts == 3
    assert len(alerts) == 3


@pytest.mark.slow
async def test_a_batch_commits_within_its_lease(pg: PgStore, server: FeedServer) -> None:
    """Polls still running late in the lease are put off: the batch commits the others before
    its lease ends, and the slow source stays due for the next claim."""
    await two_guilds(pg, server, 2)
    server.static("/f1", feed(1, PEOPLE[1]), delay=8.0)
    # A lease long enough that the commit after the fetch share (80%) has room on a busy machine.
    settings = settings_for(server, batch_size=2, lease_seconds=4)
    async with Fetcher(user_agent="t", allow_hosts=[server.host_port]) as fetcher:
        worker = Worker(settings, pg, fetcher, name="w")
        started = asyncio.get_running_loop().time()
        stats = await worker.run_batch()
        elapsed = asyncio.get_running_loop().time() - started
    async with pg.transaction() as tx:
        put_off = await tx.sources.get("feed1")
        alerts = await tx.alerts.all()
    assert stats is not None and stats.deferred == 1 and stats.alerts == 3
    assert elapsed < 4  # within the lease
    assert put_off is not None and put_off.next_check_at is None and put_off.last_attempt is None
    assert {a.prosecutor_id for a in alerts} == {PEOPLE[0].id}


async def test_workers_share_one_story_told_by_two_outlets(pg: PgStore, server: FeedServer) -> None:
    """Two feeds carrying one story polled by two workers at once: one alert, noted twice."""
    async with pg.transaction() as tx:
        await guilds.watch(tx, G1, ANA, 50)
        await guilds.subscribe(tx, G1, C1, None, ())
        for n, outlet in enumerate(("Bay Times", "Hill Post")):
            title = f"Recall petition against District Attorney Ana Ortiz clears hurdle ({outlet})"
            body = (
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet}</title>'
                f"<item><title>{title}</title><link>https://{n}.example/a</link>"
                f"<pubDate>{format_datetime(utcnow())}</pubDate></item></channel></rss>"
            )
            server.static(f"/o{n}", body)
            await source_registry.add_source(
                tx,
                source_registry.new_source(
                    f"o{n}", "rss", server.url(f"/o{n}"), guild_id=str(G1), seeded=True
                ),
            )
    settings = settings_for(server, batch_size=1, lanes=1)
    async with Fetcher(user_agent="t", allow_hosts=[server.host_port]) as fetcher:
        workers = [Worker(settings, pg, fetcher, name=f"w{i}") for i in range(2)]
        await asyncio.gather(*(w.run_batch() for w in workers))
    async with pg.transaction() as tx:
        alerts = await tx.alerts.all()
        rows = await tx.outbox.all()
    assert len(alerts) == 1 and len(rows) == 1
    assert len(alerts[0].also_reported_by) == 1


async def test_worker_run_stops_when_told(pg: PgStore, server: FeedServer) -> None:
    """run() polls until stop is set, then returns with its batches committed."""
    await two_guilds(pg, server, 6)
    settings = settings_for(server, idle_seconds=0.05)
    stop = asyncio.Event()
    async with Fetcher(user_agent="t", allow_hosts=[server.host_port]) as fetcher:
        worker = Worker(settings, pg, fetcher, name="w")
        task = asyncio.create_task(worker.run(stop))
        for _ in range(100):
            if all(server.requests[f"/f{n}"] for n in range(6)):
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, 10)
    async with pg.transaction() as tx:
        assert len(await tx.alerts.all()) == 18


async def run_worker_until_polled(
    settings: Settings, server: FeedServer, feeds: int
) -> WorkerTotals:
    """`run_bot.py worker`'s body, in this process: it runs until every feed was fetched."""
    stop = asyncio.Event()
    started = asyncio.Event()
    task = asyncio.create_task(run_worker(settings, stop=stop, started=lambda _w: started.set()))
    await asyncio.wait_for(started.wait(), 10)
    for _ in range(200):
        if all(server.requests[f"/f{n}"] for n in range(feeds)):
            break
        await asyncio.sleep(0.05)
    stop.set()
    return await asyncio.wait_for(task, 10)


def worker_process_settings(server: FeedServer, url: str) -> Settings:
    settings = settings_for(server, idle_seconds=0.05)
    return dataclasses.replace(settings, store=StoreSettings(engine="postgres", database_url=url))


async def test_the_worker_process_polls_until_stopped_and_returns_its_totals(
    pg: PgStore, server: FeedServer, pg_store_url: str
) -> None:
    """run_worker opens its own store and fetcher, polls every due source in batches until it
    is told to stop, and returns what it did: 6 feeds in batches of 4, 18 alerts."""
    await two_guilds(pg, server, 6)
    totals = await run_worker_until_polled(worker_process_settings(server, pg_store_url), server, 6)
    async with pg.transaction() as tx:
        alerts = await tx.alerts.all()
    assert (totals.batches, totals.failed_batches, totals.stats.alerts) == (2, 0, 18)
    assert len(alerts) == 18


async def test_the_worker_process_prunes_old_seen_marks_when_it_starts(
    pg: PgStore, server: FeedServer, pg_store_url: str
) -> None:
    """A worker process prunes old rows when it starts (when no other process is pruning):
    seen marks past their retention go, recent ones stay."""
    await two_guilds(pg, server, 1)
    now = utcnow()
    async with pg.transaction() as tx:
        await tx.seen.mark(["long-ago"], now - timedelta(days=200))
        await tx.seen.mark(["last-week"], now - timedelta(days=7))
    await run_worker_until_polled(worker_process_settings(server, pg_store_url), server, 1)
    async with pg.transaction() as tx:
        assert await tx.seen.unseen(["long-ago", "last-week"]) == ["long-ago"]
