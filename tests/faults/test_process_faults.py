"""FAULTS.md section D: kills, restarts, a full disk, two processes, a crashing parse worker."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import random
import socket
import time
from collections.abc import Awaitable, Callable
from email.utils import format_datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import aiohttp
import psutil
import pytest
from aiohttp import web

from bot.clock import utcnow
from bot.cycle.parse_worker import parse_and_match
from bot.store import RowStatus
from tests import forked
from tests.bot.cycle import stuck_parsers
from tests.bot.cycle.test_pipeline import NEWS, news_from
from tests.bot.harness import harness
from tests.bot.helpers import open_store, snapshot
from tests.fakes.feed_server import FeedServer
from tests.faults.kill_runner import WEBHOOK_SECRET, run_until

EVENTS = ["recall petition filed", "sued in federal court", "impeached by the House",
          "indicted by a grand jury", "wins the primary election"]  # fmt: skip
N_FEEDS = 8
WORKERS = 2  # parse workers of a runner with the webhook receiver on


def feed(n: int) -> str:
    date = format_datetime(utcnow())
    items = []
    for i in range(12):
        person = (n + i) % 5
        event = EVENTS[(n * 3 + i) % len(EVENTS)]
        title = f"District Attorney Morgan Quill{person}x {event} (case {n}-{i} w{n}x{i})"
        items.append(
            f"<item><title>{title}</title><link>https://ridge.example/{n}/{i}</link>"
            f"<pubDate>{date}</pubDate></item>"
        )
    channel = f"<channel><title>Ridge {n}</title>{''.join(items)}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


# Sixty different cases (one watched person's cases still cluster into one alert).
PLACES = ["Alder", "Birch", "Cedar", "Dune", "Elm", "Fern", "Gale", "Heron", "Iris", "Juniper",
          "Kestrel", "Linden"]  # fmt: skip
GROUPS = ["Tenants Union", "Voters League", "Parents Network", "Nurses Guild", "Anglers Club"]


def delivery(n: int) -> bytes:
    """A CourtListener search-alert body: one new case against one of the watched people."""
    person = n % 5
    result = {
        "caseName": f"{PLACES[n % 12]} {GROUPS[n // 12]} v. Quill{person}x",
        "docketNumber": f"3:26-cv-{n:05d}",
        "court_id": "cand",
        "docket_id": 90_000 + n,
        "dateFiled": utcnow().date().isoformat(),
        "snippet": f"Civil rights lawsuit filed against District Attorney Morgan Quill{person}x",
    }
    return json.dumps({"webhook": {"event_type": 2}, "payload": {"results": [result]}}).encode()


class Webhook:
    """CourtListener's side: deliveries posted in order, each until it is acknowledged with a
    200 (the same Idempotency-Key every time), across the runner's deaths and restarts."""

    def __init__(self, port: int, count: int, done: Path) -> None:
        self.port = port
        self.count = count
        self.done = done  # written once every delivery is acknowledged (the runner may finish)
        self.acked = 0  # deliveries acknowledged so far
        self.workers: list[int] = []  # the runner's parse workers just before its kill

    async def post_all(self) -> None:
        url = f"http://127.0.0.1:{self.port}/courtlistener/{WEBHOOK_SECRET}"
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            while self.acked < self.count:
                headers = {"Idempotency-Key": f"soak-delivery-{self.acked}"}
                try:
                    async with session.post(
                        url, data=delivery(self.acked), headers=headers
                    ) as response:
                        if response.status == 200:
                            self.acked += 1
                            await asyncio.sleep(0.02)
                            continue
                except (aiohttp.ClientError, TimeoutError):
                    pass  # not up yet, or killed mid-request: deliver again
                await asyncio.sleep(0.05)
        self.done.write_text("all acknowledged")

    async def wait_ready(self, runner: BaseProcess, failures: Connection, ready: Path) -> None:
        deadline = time.monotonic() + 60
        while not ready.exists():
            if runner.exitcode is not None:
                why = b"".join(forked.drain(failures)).decode()[-2000:]
                raise AssertionError(f"the runner died at start: {why}")
            assert time.monotonic() < deadline, "the runner never bound the webhook port"
            await asyncio.sleep(0.02)
        ready.unlink()


async def run_runner(
    tmp_path: Path,
    server: FeedServer,
    name: str,
    mode: str,
    kill_after: float | None = None,
    *,
    cap: int = 100_000,
    exit_code: int = 0,
    webhook: Webhook | None = None,
    wait_ready: bool = True,
) -> None:
    failures, child_end = forked.context().Pipe(duplex=False)
    hook_args = (webhook.port, WORKERS) if webhook else ()
    args = (str(tmp_path / f"{name}.json"), str(tmp_path / f"{name}.sink"), server.host_port,
            N_FEEDS, mode, child_end, cap, *hook_args)  # fmt: skip
    runner = forked.context().Process(target=run_until, args=args)
    runner.start()
    child_end.close()
    poster = asyncio.create_task(webhook.post_all()) if webhook else None
    try:
        if kill_after is None:
            await asyncio.to_thread(runner.join, 300 if webhook else 120)
            assert runner.exitcode == exit_code, b"".join(forked.drain(failures)).decode()[-2000:]
            return
        if webhook is not None and wait_ready:  # once its receiver is up: it bound the port
            await webhook.wait_ready(runner, failures, tmp_path / f"{name}.json.ready")
        await asyncio.sleep(kill_after)
        if webhook is not None and runner.pid is not None:
            workers = psutil.Process(runner.pid).children(recursive=True)
            webhook.workers = [p.pid for p in workers]
    finally:
        # Also when the test itself fails or times out: a looping runner must never outlive it.
        if runner.exitcode is None:
            runner.kill()
        runner.join()
        failures.close()
        if poster is not None:
            poster.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poster


async def outcome_of(tmp_path: Path, name: str) -> tuple[set[str], list[str], set[str]]:
    store = open_store(tmp_path / f"{name}.json")
    assert store.recovered_from is None
    stored = await snapshot(store)
    await store.close()
    alerts = {a.alert_key for a in stored.alerts}
    rows = stored.outbox
    assert {r.status for r in rows} <= {RowStatus.DELIVERED}
    lines = (tmp_path / f"{name}.sink").read_text().splitlines()
    visible = [json.loads(line)["nonce"] for line in lines]
    return alerts, visible, {r.nonce for r in rows}


@pytest.mark.slow
async def test_four_sigkills_lose_nothing_and_double_nothing(tmp_path):
    """D1-D3: 4 SIGKILLs, one in each quarter of a run's first 0.6 s (start, fetches, commit,
    deliveries); afterwards every alert is delivered once (the short run of the next)."""
    await kill_and_compare(tmp_path, kills=4, seed=5, spread=True)


@pytest.mark.faults
@pytest.mark.timeout(300)
async def test_forty_sigkills_lose_nothing_and_double_nothing(tmp_path):
    """D1-D3: 40 SIGKILLs during cycles and deliveries; afterwards every alert is delivered once
    (make faults)."""
    await kill_and_compare(tmp_path, kills=40, seed=7)


@pytest.mark.soak
@pytest.mark.timeout(1200)
async def test_two_hundred_sigkills_lose_nothing_and_double_nothing(tmp_path):
    """Soak: 200 SIGKILLs at other moments; the same exactly-once outcome."""
    await kill_and_compare(tmp_path, kills=200, seed=99)


async def kill_and_compare(tmp_path: Path, kills: int, seed: int, spread: bool = False) -> None:
    """`spread` kills once in each of `kills` equal slices of the window, so that a few kills
    still land in every phase of a run."""
    rng = random.Random(seed)
    async with FeedServer() as server:
        for n in range(N_FEEDS):
            server.static(f"/feed{n}", feed(n))
        await run_runner(tmp_path, server, "oracle", "finish")
        for k in range(kills):
            # The runner starts with its imports done: from its first store write, through the
            # first cycle's fetches, commit and deliveries, to the idle cycles after them.
            window = (k * 0.6 / kills, (k + 1) * 0.6 / kills) if spread else (0, 0.6)
            await run_runner(tmp_path, server, "killed", "loop", kill_after=rng.uniform(*window))
            store = open_store(tmp_path / "killed.json")  # D1: opens after every kill
            assert store.recovered_from is None
            stored = await snapshot(store)
            await store.close()
            # D2: every alert has its outbox row: they are committed in one write.
            assert {a.alert_key for a in stored.alerts} == {r.alert_key for r in stored.outbox}
        await run_runner(tmp_path, server, "killed", "finish")
    oracle_alerts, oracle_visible, oracle_nonces = await outcome_of(tmp_path, "oracle")
    alerts, visible, nonces = await outcome_of(tmp_path, "killed")
    # 96 items: 5 prosecutors x 5 event types, each told by several feeds = 25 real events.
    assert len(oracle_alerts) == 25
    assert alerts == oracle_alerts, "an alert was lost or invented"
    assert len(visible) == len(set(visible)), "a message was posted twice"
    assert set(visible) == nonces == oracle_nonces == set(oracle_visible)


N_DELIVERIES = 60
KILLS = 40


def ticking(body: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    """A feed whose bytes change on every fetch (a comment) while its items stay the same: it
    is parsed every cycle and never alerts twice."""
    fetches = itertools.count()

    async def handler(request: web.Request) -> web.Response:
        text = body.replace("<channel>", f"<channel><!-- fetch {next(fetches)} -->", 1)
        return web.Response(text=text, content_type="application/rss+xml")

    return handler


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gone(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(psutil.pid_exists(p) and psutil.Process(p).status() != "zombie" for p in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.soak
@pytest.mark.timeout(1800)
async def test_forty_sigkills_with_the_webhook_receiver_on(tmp_path):
    """Soak: 40 SIGKILLs of a bot with its webhook receiver on and spawned parse workers, while
    deliveries arrive: every restart binds the same port, no parse worker outlives a kill, and
    every alert (polled or delivered) reaches the channel once."""
    rng = random.Random(11)
    port = free_port()
    with_workers = 0
    async with FeedServer() as server:
        for n in range(N_FEEDS):
            server.static(f"/feed{n}", feed(n))
        server.route("/feed0", ticking(feed(0)))  # parsed every cycle: workers are up
        oracle = Webhook(port, N_DELIVERIES, tmp_path / "oracle.json.done")
        await run_runner(tmp_path, server, "oracle", "finish", webhook=oracle)
        hook = Webhook(port, N_DELIVERIES, tmp_path / "killed.json.done")
        for k in range(KILLS):
            early = k % 5 == 4  # some kills land during start-up, before the port is bound
            hook.workers = []
            await run_runner(
                tmp_path, server, "killed", "loop", webhook=hook, wait_ready=not early,
                kill_after=rng.uniform(0, 0.3 if early else 1.5),
            )  # fmt: skip
            assert gone(hook.workers, within=10.0), "a parse worker outlived the killed bot"
            with_workers += bool(hook.workers)
            store = open_store(tmp_path / "killed.json")
            assert store.recovered_from is None and store.set_aside == 0
            stored = await snapshot(store)
            await store.close()
            assert {a.alert_key for a in stored.alerts} == {r.alert_key for r in stored.outbox}
        await run_runner(tmp_path, server, "killed", "finish", webhook=hook)
    assert hook.acked == oracle.acked == N_DELIVERIES
    assert with_workers >= KILLS // 2  # the orphan check above was not vacuous
    oracle_alerts, oracle_visible, oracle_nonces = await outcome_of(tmp_path, "oracle")
    alerts, visible, nonces = await outcome_of(tmp_path, "killed")
    assert alerts == oracle_alerts, "an alert was lost or invented"
    assert len(visible) == len(set(visible)), "a message was posted twice"
    assert set(visible) == nonces == oracle_nonces == set(oracle_visible)
    # Every delivered case was taken in (the same person's cases cluster into one alert).
    store = open_store(tmp_path / "killed.json")
    async with store.transaction() as tx:
        cases = [f"cl:docket:{90_000 + n}" for n in range(N_DELIVERIES)]
        assert await tx.seen.unseen(cases) == []
        people = {a.prosecutor_id for a in await tx.alerts.all() if a.item_key in cases}
    await store.close()
    assert people == {f"person-{i}" for i in range(5)}


async def test_disk_full_aborts_the_cycle_and_keeps_the_old_state(tmp_path, monkeypatch):
    """D4: ENOSPC at commit: the cycle fails, nothing is marked seen, the old file is intact."""
    async with FeedServer() as server:
        server.static("/news", NEWS)
        async with harness(tmp_path, server, ["/news"]) as h:
            before = (tmp_path / "s.json").read_bytes()

            def full(fd):
                raise OSError(28, "No space left on device")

            monkeypatch.setattr(os, "fsync", full)
            with pytest.raises(OSError):
                await h.cycle()
            monkeypatch.undo()
            assert (tmp_path / "s.json").read_bytes() == before
            assert (await h.stored()).seen == 0 and not h.sink.sent
            report = await h.cycle()  # the disk has room again: the same items alert now
            assert report.stats.alerts == 2


async def test_second_process_refuses_to_start(tmp_path):
    """D5: a second bot on the same store stops with a clear message."""
    import dataclasses

    from bot.app import AlreadyRunning, services
    from bot.settings import Settings

    base = Settings()
    settings = dataclasses.replace(
        base, store=dataclasses.replace(base.store, path=str(tmp_path / "s.json"))
    )
    async with services(settings):
        with pytest.raises(AlreadyRunning, match="another prosecutor-watch process"):
            async with services(settings):
                pass


@pytest.mark.slow
async def test_crashing_parse_worker_fails_only_its_feed(tmp_path, monkeypatch):
    """D7: a parse worker dying (os._exit) errors that feed alone, though others were parsing
    beside it on the same pool; the next cycle works again."""
    monkeypatch.setattr(
        "bot.cycle.parse_pool.parse_and_match", stuck_parsers.misbehaving_parse_and_match
    )
    paths = ["/crash", "/slow", "/news"]
    async with FeedServer() as server:
        for path in paths:
            server.static(path, news_from(path.strip("/") + ".example"))
        async with harness(tmp_path, server, paths, workers=2) as h:
            first = await h.cycle()
            reasons = {s.id: s.error_reason for s in (await h.stored()).sources}
            assert reasons == {"feed/crash": "worker_crash", "feed/slow": None, "feed/news": None}
            assert first.stats.errors == 1 and first.stats.alerts == 2  # one story, 3 outlets
            monkeypatch.setattr("bot.cycle.parse_pool.parse_and_match", parse_and_match)
            server.static("/crash", news_from("other.example"))
            second = await h.cycle()
            assert second.stats.errors == 0 and second.stats.new_items == 3
