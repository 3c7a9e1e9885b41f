"""FAULTS.md section D: kills, restarts, a full disk, two processes, a crashing parse worker."""

from __future__ import annotations

import asyncio
import json
import os
import random
from email.utils import format_datetime
from pathlib import Path

import pytest

from bot.clock import utcnow
from bot.cycle.parse_worker import parse_and_match
from bot.store import RowStatus
from tests import forked
from tests.bot.cycle import stuck_parsers
from tests.bot.cycle.test_pipeline import NEWS, news_from
from tests.bot.harness import harness
from tests.bot.helpers import open_store, snapshot
from tests.fakes.feed_server import FeedServer
from tests.faults.kill_runner import run_until

EVENTS = ["recall petition filed", "sued in federal court", "impeached by the House",
          "indicted by a grand jury", "wins the primary election"]  # fmt: skip
N_FEEDS = 8


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


async def run_runner(
    tmp_path: Path,
    server: FeedServer,
    name: str,
    mode: str,
    kill_after: float | None = None,
    *,
    cap: int = 100_000,
    exit_code: int = 0,
) -> None:
    failures, child_end = forked.context().Pipe(duplex=False)
    args = (str(tmp_path / f"{name}.json"), str(tmp_path / f"{name}.sink"), server.host_port,
            N_FEEDS, mode, child_end, cap)  # fmt: skip
    runner = forked.context().Process(target=run_until, args=args)
    runner.start()
    child_end.close()
    try:
        if kill_after is None:
            await asyncio.to_thread(runner.join, 120)
            assert runner.exitcode == exit_code, b"".join(forked.drain(failures)).decode()[-2000:]
            return
        await asyncio.sleep(kill_after)
    finally:
        # Also when the test itself fails or times out: a looping runner must never outlive it.
        if runner.exitcode is None:
            runner.kill()
        runner.join()
        failures.close()


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


async def test_forty_sigkills_lose_nothing_and_double_nothing(tmp_path):
    """D1-D3: 40 SIGKILLs during cycles and deliveries; afterwards every alert is delivered once."""
    await kill_and_compare(tmp_path, kills=40, seed=7)


@pytest.mark.soak
@pytest.mark.timeout(1200)
async def test_two_hundred_sigkills_lose_nothing_and_double_nothing(tmp_path):
    """Soak: 200 SIGKILLs at other moments; the same exactly-once outcome."""
    await kill_and_compare(tmp_path, kills=200, seed=99)


async def kill_and_compare(tmp_path: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    async with FeedServer() as server:
        for n in range(N_FEEDS):
            server.static(f"/feed{n}", feed(n))
        await run_runner(tmp_path, server, "oracle", "finish")
        for _ in range(kills):
            # The runner starts with its imports done: from its first store write, through the
            # first cycle's fetches, commit and deliveries, to the idle cycles after them.
            await run_runner(tmp_path, server, "killed", "loop", kill_after=rng.uniform(0, 0.6))
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
