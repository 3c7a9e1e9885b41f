"""Backfill on request, through the real client: /feeds add and /watch add with backfill."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from email.utils import format_datetime as rfc822

from bot import guilds
from bot.clock import utcnow
from bot.cycle.alerts import alert_record
from bot.store import UnitOfWork
from feeds.models import Event, EventType, Item, Match
from tests.bot.chat.conftest import (
    ADMIN,
    ADMIN_PERMS,
    ALERTS,
    FOREIGN_CHANNEL,
    GUILD,
    OTHER_GUILD,
    RIVERA,
    bot_settings,
    start_bot,
    stop_bot,
    watch_rivera,
)
from tests.fakes.fake_discord import ChannelRef
from tests.fakes.feed_server import FeedServer


def _rss(days_ago: dict[str, float]) -> bytes:
    now = utcnow()
    items = "".join(
        f"<item><title>{title}</title><link>https://news.example/{n}</link><guid>{n}</guid>"
        f"<pubDate>{rfc822(now - timedelta(days=age))}</pubDate></item>"
        for n, (title, age) in enumerate(days_ago.items())
    )
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Times</title>'
    return f"{head}{items}</channel></rss>".encode()


FEED = {
    "Recall petition against DA Alex Rivera certified": 2,
    "Lawsuit filed against DA Alex Rivera over charging policy": 10,
    "Police union endorses challenger to DA Alex Rivera": 40,
}


def _titles(fake, channel: int) -> list[str]:
    return [post.json["embeds"][0]["title"] for post in fake.posts(channel)]


async def _feed_bot(fake, tmp_path, server):
    server.static("/feed.xml", _rss(FEED))
    settings = bot_settings(fake, tmp_path, allow_hosts=(server.host_port,))
    return await start_bot(settings, fake)


async def test_feed_backfill_posts_window_oldest_first(fake, tmp_path):
    """/feeds add backfill:14 posts the feed's matching items of the last 14 days, oldest
    first, once; the 40-day-old one stays history."""
    async with FeedServer() as server:
        bot = await _feed_bot(fake, tmp_path, server)
        try:
            await watch_rivera(bot)
            answer = await bot.command("feeds add", url=server.url("/feed.xml"), backfill=14)
            assert "last 14 days of matching news will be posted once" in answer["content"]
            await bot.app.pipeline.run_cycle()
            titles = _titles(fake, ALERTS)
            assert len(titles) == 2
            assert titles[0].startswith("Lawsuit: Lawsuit filed") and "Recall petition" in titles[1]
            await bot.app.pipeline.run_cycle()  # posted once: nothing more
            assert len(fake.posts(ALERTS)) == 2
            assert await bot.call(lambda tx: tx.guilds.backfills()) == []
        finally:
            await stop_bot(bot)


async def test_feed_without_backfill_posts_nothing_old(fake, tmp_path):
    """The default stays none: a new feed's items are history."""
    async with FeedServer() as server:
        bot = await _feed_bot(fake, tmp_path, server)
        try:
            await watch_rivera(bot)
            await bot.command("feeds add", url=server.url("/feed.xml"))
            await bot.app.pipeline.run_cycle()
            assert fake.posts(ALERTS) == []
        finally:
            await stop_bot(bot)


async def test_backfill_out_of_range_refused(bot):
    """backfill above 30 days is refused and nothing is added."""
    answer = await bot.command("watch add", **RIVERA, backfill=31)
    assert "30" in answer["content"]
    assert await bot.call(guilds.watched, GUILD) == []
    assert await bot.call(lambda tx: tx.guilds.backfills()) == []


async def _stored_alert(tx: UnitOfWork, n: int, days_ago: float, kind: str) -> None:
    """An alert server A's sources raised `days_ago` (published and first seen then)."""
    person = (await guilds.watched(tx, GUILD))[0]
    when = utcnow() - timedelta(days=days_ago)
    item = Item(
        key=f"k{n}",
        source_id="src",
        title=f"Rivera story {n}",
        link=f"https://news.example/s{n}",
        published=when,
    )
    record = alert_record(Event(item, Match(person.id, EventType(kind), 0.9)), person, when)
    await tx.alerts.add([dataclasses.replace(record, first_seen=when)])


async def test_watch_backfill_from_stored_alerts_only_to_the_asking_server(bot):
    """Server B watching someone A already watches gets A's stored alerts of the last 7 days,
    oldest first; A's channel gets nothing again."""
    await watch_rivera(bot)
    for n, (age, kind) in enumerate([(1, "recall"), (12, "lawsuit"), (3, "election")]):
        await bot.call(_stored_alert, n, age, kind)
    fake = bot.fake
    handle = await fake.slash(
        OTHER_GUILD, ADMIN, "watch add", permissions=ADMIN_PERMS, **RIVERA, backfill=7
    )
    assert "last 7 days" in (await fake.reply(handle))["content"]
    handle = await fake.slash(
        OTHER_GUILD,
        ADMIN,
        "subscribe",
        permissions=ADMIN_PERMS,
        channel=ChannelRef(FOREIGN_CHANNEL),
    )
    await fake.reply(handle)
    await bot.app.pipeline.run_cycle()
    titles = _titles(fake, FOREIGN_CHANNEL)
    assert [t.split(": ", 1)[1] for t in titles] == ["Rivera story 2", "Rivera story 0"]
    assert fake.posts(ALERTS) == []
