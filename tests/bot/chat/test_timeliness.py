"""Timeliness through the real bot: an added feed is polled at poll.interval_seconds, and a new
item in it is posted within one interval (plus jitter) of appearing (issue 13)."""

from __future__ import annotations

import asyncio
import dataclasses
import time

import pytest

from bot.cycle import source_registry
from bot.settings import Settings
from tests.bot.chat.conftest import (
    ALERTS,
    GUILD,
    RunningBot,
    bot_settings,
    start_bot,
    stop_bot,
    watch_rivera,
)
from tests.fakes.fake_discord import FakeDiscord
from tests.fakes.feed_server import FeedServer

QUIET = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Times</title>
<item><title>Harbor ferry timetable changes</title><link>https://times.example/ferry</link></item>
</channel></rss>"""
NEWS = QUIET.replace(
    b"<item>",
    b"<item><title>Recall petition against DA Alex Rivera certified</title>"
    b"<link>https://times.example/recall</link></item><item>",
    1,
)


def every(fake: FakeDiscord, tmp_path, server: FeedServer, seconds: int) -> Settings:
    """Test settings polling every `seconds` (below the 30 s a settings file allows)."""
    settings = bot_settings(fake, tmp_path, allow_hosts=(server.host_port,))
    return dataclasses.replace(
        settings, poll=dataclasses.replace(settings.poll, interval_seconds=seconds)
    )


async def own_feed(bot: RunningBot):
    [feed] = await bot.call(source_registry.guild_feeds, GUILD)
    return feed


async def test_added_feed_takes_the_configured_interval(fake, tmp_path):
    """poll.interval_seconds = 30: /feeds add stores a 30 s feed, and /status plans its next
    poll within 33 s of the last."""
    async with FeedServer() as server:
        server.static("/feed.xml", QUIET)
        bot = await start_bot(every(fake, tmp_path, server, 30), fake)
        try:
            await bot.command("feeds add", url=server.url("/feed.xml"))
            feed = await own_feed(bot)
            assert feed.interval == 30
            await bot.app.pipeline.run_cycle()
            feed = await own_feed(bot)
            assert feed.last_success is not None and feed.next_check_at is not None
            assert (feed.next_check_at - feed.last_success).total_seconds() <= 33
        finally:
            await stop_bot(bot)


@pytest.mark.slow
async def test_new_item_is_posted_within_one_interval(fake, tmp_path):
    """Polling every 2 s, with no cycle run by hand: an item appearing in an added feed is
    posted within 2.2 s (plus a second of slack for a loaded machine)."""
    async with FeedServer() as server:
        server.static("/feed.xml", QUIET)
        bot = await start_bot(every(fake, tmp_path, server, 2), fake)
        try:
            await watch_rivera(bot)
            await bot.command("feeds add", url=server.url("/feed.xml"))
            async with asyncio.timeout(10):  # the loop seeds the new feed on its own
                while not (await own_feed(bot)).seeded:
                    await asyncio.sleep(0.05)
            server.static("/feed.xml", NEWS)
            appeared = time.monotonic()
            await fake.wait_for(lambda: len(fake.posts(ALERTS)) == 1, timeout=10)
            latency = time.monotonic() - appeared
        finally:
            await stop_bot(bot)
    assert latency < 2.2 + 1.0, latency
