"""/feeds add | remove | list | test, /status, and the URL guard (B12, E3, E6)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import utcnow
from bot.cycle import source_registry
from tests.bot.chat.conftest import (
    GUILD,
    MEMBER,
    MEMBER_PERMS,
    RIVERA,
    bot_settings,
    start_bot,
    stop_bot,
)
from tests.fakes.feed_server import FeedServer

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Times</title>
<item><title>Recall petition against DA Alex Rivera certified</title>
<link>https://news.example/recall</link><guid>1</guid></item>
<item><title>Harbor weather: sunny week ahead</title>
<link>https://news.example/weather</link><guid>2</guid></item>
</channel></rss>"""


async def _own(bot):
    return await bot.call(source_registry.guild_feeds, GUILD)


async def test_add_list_remove(bot):
    """A public feed is added, listed with its query values redacted, and removed (E6)."""
    url = "https://news.example/feed.xml?api_key=s3cret&q=rivera"
    answer = await bot.command("feeds add", url=url)
    assert "Added" in answer["content"] and "s3cret" not in answer["content"]
    listing = await bot.command("feeds list")
    assert "news.example/feed.xml" in listing["content"]
    assert "s3cret" not in listing["content"] and "rivera" not in listing["content"]
    [doc] = await _own(bot)
    answer = await bot.command("feeds remove", feed=doc.id)
    assert "removed" in answer["content"]
    assert await _own(bot) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://localhost/feed",
        "http://2130706433/",
        "http://169.254.169.254/latest",
        "http://10.0.0.1/",
        "file:///etc/passwd",
        "ftp://example.com/feed",
        "http://u:p@example.com/feed",
    ],
)
async def test_private_and_odd_urls_refused(bot, url):
    """Private addresses, other schemes and credentials are refused at /feeds add (B12)."""
    answer = await bot.command("feeds add", url=url)
    assert "cannot be used" in answer["content"]
    assert await _own(bot) == []


async def test_feed_quota(bot):
    """Past discord.max_feeds (2 here) a server is refused with a quota message (E3)."""
    for n in range(2):
        await bot.command("feeds add", url=f"https://news.example/{n}.xml")
    answer = await bot.command("feeds add", url="https://news.example/3.xml")
    assert "already has 2 feeds" in answer["content"]


async def test_member_cannot_add_feed(bot):
    """Members without Manage Server cannot add feeds (E1)."""
    answer = await bot.command(
        "feeds add", user=MEMBER, perms=MEMBER_PERMS, url="https://news.example/a.xml"
    )
    assert "Only organizers" in answer["content"]
    assert await _own(bot) == []


async def test_feeds_test_shows_would_alert_and_posts_nothing(fake, tmp_path):
    """/feeds test on an allowed private host fetches now and lists what would alert."""
    async with FeedServer() as server:
        server.static("/feed.xml", RSS, content_type="application/rss+xml")
        settings = bot_settings(fake, tmp_path, allow_hosts=(server.host_port,))
        bot = await start_bot(settings, fake)
        try:
            await bot.command("watch add", **RIVERA)
            answer = await bot.command("feeds test", url=server.url("/feed.xml"))
            assert "2 items; 1 would alert" in answer["content"]
            assert "recall · Alex Rivera" in answer["content"]
            assert fake.posts() == []
        finally:
            await stop_bot(bot)


@pytest.mark.slow
async def test_feeds_test_parses_in_a_worker_process_not_the_bots(fake, tmp_path, monkeypatch):
    """/feeds test hands the body to the parse workers, as polls do: a hostile feed's parse
    never grows the bot's own memory, and the answer is the same."""
    import dataclasses

    from bot.cycle import parse_worker

    in_bot: list[str] = []
    real_parse = parse_worker.parse_feed

    def recorded(body: bytes, **kw):
        in_bot.append(kw["source_id"])
        return real_parse(body, **kw)

    # Patched in this process only: spawned workers import the real one.
    monkeypatch.setattr(parse_worker, "parse_feed", recorded)
    async with FeedServer() as server:
        server.static("/feed.xml", RSS, content_type="application/rss+xml")
        settings = bot_settings(fake, tmp_path, allow_hosts=(server.host_port,))
        settings = dataclasses.replace(
            settings, poll=dataclasses.replace(settings.poll, parse_workers=1)
        )
        bot = await start_bot(settings, fake)
        try:
            await bot.command("watch add", **RIVERA)
            answer = await bot.command("feeds test", url=server.url("/feed.xml"))
            assert "2 items; 1 would alert" in answer["content"]
            assert "recall · Alex Rivera" in answer["content"]
            assert in_bot == []
        finally:
            await stop_bot(bot)


async def test_status_shows_feed_health_and_queue(bot):
    """/status lists feeds with their errors, the outbox depth and the last cycle."""
    await bot.command("feeds add", url="https://news.example/feed.xml?token=abc123")

    async def fail(tx):
        [source] = await source_registry.guild_feeds(tx, GUILD)
        source_registry.record_failure(
            source, utcnow(), reason="http_error",
            message="HTTP 500", retry_after=None, max_backoff=3600, disable_after=20,
        )  # fmt: skip
        await tx.sources.save([source])

    await bot.call(fail)
    answer = await bot.command("status")
    text = answer["content"]
    assert "1 error (last: HTTP 500)" in text and "HTTP 500" in text and "abc123" not in text
    assert "pending 0" in text and "Last cycle" in text


async def test_retry_reenables_a_disabled_feed(bot):
    """/feeds retry turns a disabled feed back on and clears its error count (B9)."""
    await bot.command("feeds add", url="https://news.example/broken.xml")
    [doc] = await _own(bot)

    async def disable(tx):
        doc.enabled, doc.consecutive_errors, doc.disabled_reason = False, 20, "20 errors"
        await tx.sources.save([doc])

    await bot.call(disable)
    answer = await bot.command("feeds retry", feed=doc.id)
    assert "enabled again" in answer["content"]
    [doc] = await _own(bot)
    assert doc.enabled and doc.consecutive_errors == 0 and doc.next_check_at is None


async def test_retry_of_another_servers_feed_is_refused(bot):
    """A server cannot re-enable a feed it did not add."""
    answer = await bot.command("feeds retry", feed="feed:0123456789abcdef")
    assert "no such feed" in answer["content"]


async def test_retry_of_a_healthy_feed_says_it_is_healthy(bot):
    """/feeds retry on a feed with no errors says so and leaves its schedule alone."""
    await bot.command("feeds add", url="https://news.example/fine.xml")

    [doc] = await _own(bot)
    later = datetime(2099, 1, 1, tzinfo=UTC)

    async def schedule(tx):
        await tx.sources.set_next_check(later, [doc.id])

    await bot.call(schedule)
    answer = await bot.command("feeds retry", feed=doc.id)
    assert "healthy" in answer["content"] and "enabled again" not in answer["content"]
    [after] = await _own(bot)
    assert after.next_check_at == later
