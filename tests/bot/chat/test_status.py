"""/status: this server's sources and the shared ones, never another server's (issue 13); what
needs attention first, source errors summarized."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot import guilds
from bot.clock import utcnow
from bot.cycle import source_registry
from bot.store import ChannelStatus, UnitOfWork
from tests.bot.chat.conftest import (
    ALERTS,
    FOREIGN_CHANNEL,
    GUILD,
    OTHER_GUILD,
    RIVERA,
    RIVERA_ID,
    RunningBot,
    bot_settings,
    start_bot,
    stop_bot,
)
from tests.fakes.fake_discord import ChannelRef
from tests.fakes.feed_server import FeedServer

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Ridge Ledger</title>
<item><title>Ridge County fair opens</title><link>https://ledger.example/fair</link></item>
</channel></rss>"""


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as feeds:
        feeds.status("/broken-1.xml", 500)
        feeds.status("/broken-2.xml", 500)
        feeds.static("/fine.xml", FEED)
        yield feeds


@pytest.fixture
async def bot2(fake, tmp_path, server) -> AsyncIterator[RunningBot]:
    running = await start_bot(bot_settings(fake, tmp_path, allow_hosts=(server.host_port,)), fake)
    try:
        yield running
    finally:
        await stop_bot(running)


async def poll(bot: RunningBot) -> None:
    async def due(tx: UnitOfWork) -> None:
        await tx.sources.set_next_check(None)

    await bot.call(due)
    await bot.app.pipeline.run_cycle()


async def test_status_counts_only_this_servers_sources(bot2, server):
    """A's two failing feeds are in A's /status; B's shows its one healthy feed and its own
    counts, nothing of A's (no address, no error, no count)."""
    for n in (1, 2):
        await bot2.command("feeds add", url=server.url(f"/broken-{n}.xml"))
    await bot2.command("feeds add", guild=OTHER_GUILD, url=server.url("/fine.xml"))
    await poll(bot2)
    mine = (await bot2.command("status"))["content"]
    theirs = (await bot2.command("status", guild=OTHER_GUILD))["content"]
    assert "broken-1.xml" in mine and "2 of this server's 2 sources polled, 2 failed" in mine
    assert "1 of this server's 1 source polled, 0 failed" in theirs
    assert "broken" not in theirs and "HTTP 500" not in theirs and "error" not in theirs
    assert "3 sources" not in theirs and "2 errors" not in theirs


async def test_status_shows_shared_searches_for_people_it_watches(bot2):
    """An automatic search for a person both servers watch is in both; one for a person only A
    watches is in A's alone."""
    await bot2.command("watch add", **RIVERA)
    await bot2.command("watch add", guild=OTHER_GUILD, **RIVERA)

    async def add(tx: UnitOfWork) -> None:
        shared = source_registry.new_source(
            "bing_news:rivera", "bing_news", "https://b.example/rss", label="Bing News: Rivera",
            prosecutor_id=RIVERA_ID,
        )  # fmt: skip
        only_a = source_registry.new_source(
            "bing_news:okafor", "bing_news", "https://b.example/rss2", label="Bing News: Okafor",
            prosecutor_id="dana-okafor",
        )  # fmt: skip
        for source in (shared, only_a):
            source_registry.record_failure(
                source, utcnow(), reason="timeout", message="timed out",
                retry_after=None, max_backoff=3600, disable_after=20,
            )  # fmt: skip
        await tx.sources.insert([shared, only_a])

    await bot2.call(add)
    theirs = (await bot2.command("status", guild=OTHER_GUILD))["content"]
    assert "Bing News: Rivera" in theirs and "Okafor" not in theirs
    assert "1 failing: 1 timeout" in theirs


async def test_pauses_and_last_cycle_come_before_a_long_error_list(bot):
    """With 40 failing sources, the paused channel, the paused sending and the last cycle are
    still in the reply, and the errors are summarized by kind with the worst first."""
    await bot.command("watch add", **RIVERA)
    await bot.command("subscribe", channel=ChannelRef(ALERTS))
    now = utcnow()

    async def trouble(tx: UnitOfWork) -> None:
        sources = []
        for n in range(40):
            source = source_registry.new_source(
                f"gdelt:{n}", "gdelt", f"https://g.example/{n}", label=f"GDELT search {n}",
                prosecutor_id=RIVERA_ID,
            )  # fmt: skip
            reason, message = (
                ("http_error", "HTTP 503 " + "x" * 200) if n % 4 else ("timeout", "timed out")
            )
            for _ in range(1 + n // 10):
                source_registry.record_failure(
                    source, now, reason=reason, message=message,
                    retry_after=None, max_backoff=3600, disable_after=20,
                )  # fmt: skip
            sources.append(source)
        await tx.sources.insert(sources)
        await guilds.set_channel_status(tx, str(GUILD), str(ALERTS), ChannelStatus.PAUSED, "403")
        await tx.meta.set_delivery_paused_until(now + timedelta(minutes=10))

    await bot.call(trouble)
    text = (await bot.command("status"))["content"]
    assert len(text) <= 2000
    assert f"<#{ALERTS}> is paused" in text
    assert "Sending is paused" in text
    assert "**Last cycle**" in text
    assert "40 failing: 30 http error, 10 timeout" in text
    assert "• GDELT search 30: 4 errors in a row" in text  # the worst: 30 to 39 have 4 errors
    assert "GDELT search 29" not in text
    assert text.index("is paused") < text.index("40 failing")
    assert text.index("**Last cycle**") < text.index("40 failing")


async def test_other_servers_paused_channel_is_not_shown(bot):
    """A paused channel of A is not in B's /status."""
    await bot.command("watch add", **RIVERA)
    await bot.command("subscribe", channel=ChannelRef(ALERTS))

    async def pause(tx: UnitOfWork) -> None:
        await guilds.set_channel_status(tx, str(GUILD), str(ALERTS), ChannelStatus.PAUSED, "403")

    await bot.call(pause)
    theirs = (await bot.command("status", guild=OTHER_GUILD))["content"]
    assert (
        "paused" not in theirs and str(ALERTS) not in theirs and str(FOREIGN_CHANNEL) not in theirs
    )
