"""`run_bot.py run` on PostgreSQL against the fake Discord: commands write to the shared store,
a worker (another store, as another process would have) polls and commits, and the gateway
posts the alert as soon as the worker's commit notifies it, without polling itself."""

from __future__ import annotations

import asyncio
import dataclasses
from email.utils import format_datetime
from pathlib import Path

import pytest

from bot.chat.client import WatchBot
from bot.chat.run import run_discord
from bot.clock import utcnow
from bot.cycle import source_registry
from bot.cycle.worker import Worker
from bot.settings import StoreSettings
from bot.store.postgres import PgStore
from feeds.fetch import Fetcher
from tests.bot.chat.conftest import ALERTS, GUILD, RunningBot, bot_settings, stop_bot, watch_rivera
from tests.fakes.fake_discord import FakeDiscord
from tests.fakes.feed_server import FeedServer

NEWS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Times</title>'
    "<item><title>Recall petition against District Attorney Alex Rivera clears threshold</title>"
    f"<link>https://harbor.example/1</link><pubDate>{format_datetime(utcnow())}</pubDate>"
    "</item></channel></rss>"
)


@pytest.mark.slow
async def test_gateway_posts_what_a_worker_commits(
    fake: FakeDiscord, tmp_path: Path, pg_store_url: str
) -> None:
    """/watch and /subscribe reach the database; a worker's batch is posted within seconds;
    the gateway never fetches the feed itself."""
    async with FeedServer() as server:
        server.static("/news", NEWS)
        settings = bot_settings(fake, tmp_path, allow_hosts=(server.host_port,))
        settings = dataclasses.replace(
            settings, store=StoreSettings(engine="postgres", database_url=pg_store_url)
        )
        holder: list[WatchBot] = []
        task = asyncio.create_task(run_discord(settings, started=holder.append))
        async with asyncio.timeout(15):
            while not holder or not holder[0].is_ready():
                if task.done():
                    task.result()
                await asyncio.sleep(0.01)
        bot = RunningBot(holder[0], fake, task)
        try:
            await watch_rivera(bot)
            assert bot.client.waker is not None
            await asyncio.wait_for(bot.client.waker.listener.connected.wait(), 10)
            worker_store = await PgStore.open(pg_store_url)
            try:
                async with worker_store.transaction() as tx:
                    feed = source_registry.new_source(
                        "harbor", "rss", server.url("/news"), guild_id=str(GUILD), seeded=True
                    )
                    await source_registry.add_source(tx, feed)
                async with Fetcher(user_agent="t", allow_hosts=[server.host_port]) as fetcher:
                    stats = await Worker(settings, worker_store, fetcher, name="w").run_batch()
            finally:
                await worker_store.close()
            await fake.wait_for(lambda: fake.posts(ALERTS), timeout=10)
        finally:
            await stop_bot(bot)
    [post] = fake.posts(ALERTS)
    assert stats is not None and stats.alerts == 1
    assert post.json["embeds"][0]["title"].startswith("Recall:")
    assert server.requests["/news"] == 1  # the worker's fetch; the gateway does not poll
