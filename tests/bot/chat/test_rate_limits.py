"""Per-channel 429s are kept in the outbox: nothing goes to a channel before its retry_after."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta

from bot.clock import utcnow
from bot.cycle.poller import poll_job
from bot.store import UnitOfWork
from tests.bot.chat.conftest import (
    ALERTS,
    NEWS,
    add_alert,
    bot_settings,
    start_bot,
    stop_bot,
    watch_rivera,
)
from tests.fakes.fake_discord import ChannelRef, Fault

MESSAGES = f"/channels/{ALERTS}/messages"


async def _holds(tx: UnitOfWork) -> dict[str, datetime]:
    return await tx.outbox.holds(utcnow())


async def _two_channels(bot, alerts: int = 2) -> None:
    """Rivera alerts go to #rapid-response and #all-news."""
    await watch_rivera(bot)
    await bot.command("subscribe", channel=ChannelRef(NEWS))
    for i in range(alerts):
        await bot.call(add_alert, i)


async def test_a_429_holds_its_channel_in_the_store_and_not_the_others(bot):
    """A 429 (retry_after 2 s) ends the send at once, holds that channel until the time has
    passed, and the other channel's alerts go out meanwhile."""
    await _two_channels(bot)
    bot.fake.fail("POST", MESSAGES, Fault.rate_limited(2.0))
    started = time.monotonic()
    report = await bot.app.pipeline.deliver()
    assert time.monotonic() - started < 1.5  # not waited out inside discord.py
    assert report.held_channels == [str(ALERTS)] and report.delivered == 2
    assert len(bot.fake.messages[NEWS]) == 2 and not bot.fake.messages[ALERTS]
    held = await bot.call(_holds)
    assert held[str(ALERTS)] >= utcnow() + timedelta(seconds=1.5)
    await bot.app.pipeline.deliver()  # another round before the time: nothing to that channel
    assert len(bot.fake.posts(ALERTS)) == 1
    await asyncio.sleep((held[str(ALERTS)] - utcnow()).total_seconds() + 0.05)
    report = await bot.app.pipeline.deliver()
    assert report.delivered == 2 and len(bot.fake.messages[ALERTS]) == 2


async def test_a_429_hold_survives_a_restart(fake, tmp_path):
    """Held for 30 s, a channel gets nothing after the bot restarts either."""
    settings = bot_settings(fake, tmp_path)
    bot = await start_bot(settings, fake)
    try:
        await _two_channels(bot, alerts=1)
        fake.fail("POST", MESSAGES, Fault.rate_limited(30))
        async with asyncio.timeout(10):
            await bot.app.pipeline.deliver()
    finally:
        await stop_bot(bot)
    bot = await start_bot(settings, fake)  # its delivery task drains at once
    try:
        async with asyncio.timeout(10):
            report = await bot.app.pipeline.deliver()
        assert report.delivered == 0 and str(ALERTS) in await bot.call(_holds)
        assert len(fake.posts(ALERTS)) == 1 and not fake.messages[ALERTS]
    finally:
        await stop_bot(bot)


async def _until(predicate, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


async def test_the_poll_job_does_not_wait_for_delivery(bot):
    """The poll job returns while Discord is not answering; the delivery task sends the
    alert once Discord is back, outside the job and its timeout."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1)
    bot.fake.fail("POST", MESSAGES, Fault(hang=True))
    await asyncio.wait_for(poll_job(bot.app.pipeline)(), 5)
    await _until(lambda: len(bot.fake.posts(ALERTS)) == 1)  # sent by the delivery task
    bot.fake.heal()  # the hung request fails (503): the row is retried later
    await _until(lambda: bot.fake.posts(ALERTS)[0].status != 0)
    await bot.app.pipeline.delivery.settled()

    async def due_now(tx: UnitOfWork) -> None:
        await tx.outbox.set_next_attempt(utcnow())

    await bot.call(due_now)
    bot.app.pipeline.delivery.wake()
    await _until(lambda: len(bot.fake.messages[ALERTS]) == 1)
    assert len(bot.fake.posts(ALERTS)) == 2
