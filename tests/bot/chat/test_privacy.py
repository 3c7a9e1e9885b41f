"""A server's own feeds are its own: their items alert only that server (issue 13).

Two servers watch Alex Rivera. Server A adds a feed with a private key in its URL; server B
adds nothing of its own. Items from shared sources (here the webhook's pushed court items,
which are shared like every automatic source) reach both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from email.utils import format_datetime

import pytest

from bot.clock import utcnow
from bot.cycle import source_registry
from bot.delivery import digest
from bot.store import UnitOfWork
from feeds.models import Item
from tests.bot.chat.conftest import (
    ALERTS,
    FOREIGN_CHANNEL,
    GUILD,
    OTHER_GUILD,
    RIVERA,
    RunningBot,
    bot_settings,
    start_bot,
    stop_bot,
)
from tests.fakes.fake_discord import ChannelRef
from tests.fakes.feed_server import FeedServer

PRIVATE_PATH = "/members.xml"
PRIVATE_OUTLET = "Harbor Insider"
HEADLINE = "Recall petition against DA Alex Rivera certified"
SHARED_ID = "courtlistener:webhook"
SHARED_LINK = "https://courts.example/rivera-recall"


def rss(*entries: tuple[str, str], outlet: str = PRIVATE_OUTLET) -> bytes:
    """An RSS feed of (title, link) entries, newest first, dated an hour ago."""
    date = format_datetime(utcnow() - timedelta(hours=1))
    items = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>{date}</pubDate></item>"
        for title, link in entries
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet}</title>'
        f"{items}</channel></rss>"
    ).encode()


OLD = ("Harbor County budget hearing moved to Friday", "https://insider.example/budget")
PRIVATE_ITEM = (HEADLINE, "https://insider.example/recall-certified")


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as feeds:
        feeds.static(PRIVATE_PATH, rss(OLD))
        yield feeds


@pytest.fixture
async def two(fake, tmp_path, server) -> AsyncIterator[RunningBot]:
    """Both servers watch Rivera and subscribe a channel; A adds its private feed (seeded)."""
    running = await start_bot(bot_settings(fake, tmp_path, allow_hosts=(server.host_port,)), fake)
    try:
        for guild, channel in ((GUILD, ALERTS), (OTHER_GUILD, FOREIGN_CHANNEL)):
            await running.command("watch add", guild=guild, **RIVERA)
            answer = await running.command("subscribe", guild=guild, channel=ChannelRef(channel))
            assert "now gets alerts" in answer["content"]
        answer = await running.command("feeds add", url=private_url(server))
        assert "Added" in answer["content"]
        await poll(running)  # the feed's current items are history
        yield running
    finally:
        await stop_bot(running)


def private_url(server: FeedServer) -> str:
    return server.url(PRIVATE_PATH) + "?key=PRIVATE"


async def poll(bot: RunningBot) -> None:
    """One poll cycle over every source, then delivery."""

    async def due(tx: UnitOfWork) -> None:
        await tx.sources.set_next_check(None)

    await bot.call(due)
    await bot.app.pipeline.run_cycle()


async def push_shared(bot: RunningBot, title: str, link: str, outlet: str) -> None:
    """The same kind of item every server shares: a court item pushed by the webhook."""
    item = Item(key=f"link:{link}", source_id=SHARED_ID, title=title, link=link, outlet=outlet)
    await bot.app.pipeline.ingest_pushed(SHARED_ID, [item])
    await bot.app.pipeline.deliver()


def embed_titles(bot: RunningBot, channel: int) -> list[str]:
    return [post.json["embeds"][0]["title"] for post in bot.fake.posts(channel)]


async def test_private_feed_item_alerts_only_its_server(two, server):
    """A new item in A's feed is posted to A's channel, not B's, and is in A's /recent only."""
    server.static(PRIVATE_PATH, rss(PRIVATE_ITEM, OLD))
    await poll(two)
    assert len(two.fake.posts(ALERTS)) == 1 and HEADLINE in embed_titles(two, ALERTS)[0]
    assert two.fake.posts(FOREIGN_CHANNEL) == []
    assert HEADLINE in (await two.command("recent"))["content"]
    theirs = (await two.command("recent", guild=OTHER_GUILD))["content"]
    assert theirs == "No alerts in the last 7 days."
    timeline = (await two.command("timeline", guild=OTHER_GUILD, prosecutor="Rivera"))["content"]
    assert "No events recorded" in timeline


async def test_shared_copy_after_private_alerts_the_other_server_once(two, server):
    """The story from A's feed, then from a shared source: B gets it once, told by the shared
    outlet (nothing of A's feed), and A is not alerted a second time."""
    server.static(PRIVATE_PATH, rss(PRIVATE_ITEM, OLD))
    await poll(two)
    await push_shared(two, HEADLINE, SHARED_LINK, "County Courier")
    assert len(two.fake.posts(ALERTS)) == 1
    [theirs] = two.fake.posts(FOREIGN_CHANNEL)
    text = str(theirs.json)
    assert "courts.example/rivera-recall" in text and "County Courier" in text
    assert "insider.example" not in text and PRIVATE_OUTLET not in text
    mine = (await two.command("recent"))["content"]
    assert mine.startswith("1 alert in") and "insider.example" in mine
    b_recent = (await two.command("recent", guild=OTHER_GUILD))["content"]
    assert b_recent.startswith("1 alert in") and "insider.example" not in b_recent


async def test_shared_copy_first_keeps_the_private_outlet_out(two, server):
    """Shared first, then A's feed: one alert each, and B's never names A's feed as
    "also reported by"."""
    await push_shared(two, HEADLINE, SHARED_LINK, "County Courier")
    server.static(PRIVATE_PATH, rss(PRIVATE_ITEM, OLD))
    await poll(two)
    assert len(two.fake.posts(ALERTS)) == 1 and len(two.fake.posts(FOREIGN_CHANNEL)) == 1

    async def alerts(tx: UnitOfWork):
        return await tx.alerts.all()

    [shared] = [a for a in await two.call(alerts) if a.link == SHARED_LINK]
    assert shared.also_reported_by == []


async def test_same_url_added_by_two_servers_is_two_feeds(two, server):
    """B adding A's URL gets its own copy: its items alert B once, A once, and A removing the
    feed leaves B's."""
    answer = await two.command("feeds add", guild=OTHER_GUILD, url=private_url(server))
    assert "Added" in answer["content"]
    await poll(two)  # seeds B's copy
    a_feeds = await two.call(source_registry.guild_feeds, GUILD)
    b_feeds = await two.call(source_registry.guild_feeds, OTHER_GUILD)
    assert len(a_feeds) == len(b_feeds) == 1 and a_feeds[0].id != b_feeds[0].id
    assert a_feeds[0].guild_ids == [str(GUILD)] and b_feeds[0].guild_ids == [str(OTHER_GUILD)]
    server.static(PRIVATE_PATH, rss(PRIVATE_ITEM, OLD))
    await poll(two)
    assert len(two.fake.posts(ALERTS)) == 1 and len(two.fake.posts(FOREIGN_CHANNEL)) == 1
    await two.command("feeds remove", feed=a_feeds[0].id)
    assert await two.call(source_registry.guild_feeds, GUILD) == []
    assert [s.id for s in await two.call(source_registry.guild_feeds, OTHER_GUILD)] == [
        b_feeds[0].id
    ]


async def test_private_alert_id_is_unknown_to_the_other_server(two, server):
    """B cannot give feedback on A's private alert by its id: the id is not B's to see."""
    server.static(PRIVATE_PATH, rss(PRIVATE_ITEM, OLD))
    await poll(two)
    [post] = two.fake.posts(ALERTS)
    short = post.json["embeds"][0]["footer"]["text"].split("alert ")[1][:10]
    answer = await two.command("feedback", guild=OTHER_GUILD, alert=short, verdict="not_relevant")
    assert "No alert with that id here" in answer["content"]


async def test_private_item_is_in_no_digest_of_the_other_server(two, server):
    """Both servers on daily digests: A's feed item waits in A's digest only; B's digest, when
    due, has nothing of it, and a shared item is in both."""
    for guild, channel in ((GUILD, ALERTS), (OTHER_GUILD, FOREIGN_CHANNEL)):
        answer = await two.command(
            "digest", guild=guild, mode="daily", time="00:00", channel=ChannelRef(channel)
        )
        assert "daily digest" in answer["content"]
    server.static(PRIVATE_PATH, rss(PRIVATE_ITEM, OLD))
    await poll(two)
    await push_shared(
        two,
        "Judge issues injunction blocking DA Alex Rivera's charging directive",
        SHARED_LINK,
        "County Courier",
    )
    assert await digest.fold_due(two.app.store) == 3
    await two.app.pipeline.deliver()
    [a_digest] = two.fake.posts(ALERTS)
    [b_digest] = two.fake.posts(FOREIGN_CHANNEL)
    assert "insider.example" in str(a_digest.json) and "courts.example" in str(a_digest.json)
    assert "insider.example" not in str(b_digest.json) and HEADLINE not in str(b_digest.json)
    assert "courts.example" in str(b_digest.json)


async def test_search_and_export_find_the_private_item_only_in_its_server(two, server):
    """/search and /export in A list A's feed item; in B they find nothing of it."""
    server.static(PRIVATE_PATH, rss(PRIVATE_ITEM, OLD))
    await poll(two)
    mine = (await two.command("search", text="recall petition"))["content"]
    assert mine.startswith("1 alert match")
    theirs = (await two.command("search", guild=OTHER_GUILD, text="recall petition"))["content"]
    assert "insider.example" not in theirs and HEADLINE not in theirs
    exported = await two.command("export", guild=OTHER_GUILD)
    assert exported["content"].startswith("No alerts")


async def test_backfill_asked_by_one_server_never_takes_anothers_feed(fake, tmp_path, server):
    """B asks for the last 14 days about Rivera while A's new feed (recent Rivera news in it)
    is first polled in the same cycle: B gets none of A's feed; A, without a backfill, none
    either (its feed's items are history)."""
    recent = rss(PRIVATE_ITEM, OLD)
    server.static(PRIVATE_PATH, recent)
    bot = await start_bot(bot_settings(fake, tmp_path, allow_hosts=(server.host_port,)), fake)
    try:
        await bot.command("watch add", **RIVERA)
        await bot.command("subscribe", channel=ChannelRef(ALERTS))
        await bot.command("feeds add", url=private_url(server))
        answer = await bot.command("watch add", guild=OTHER_GUILD, backfill=14, **RIVERA)
        assert "last 14 days" in answer["content"]
        await bot.command("subscribe", guild=OTHER_GUILD, channel=ChannelRef(FOREIGN_CHANNEL))
        await bot.app.pipeline.run_cycle()
        assert bot.fake.posts(FOREIGN_CHANNEL) == [] and bot.fake.posts(ALERTS) == []
        assert await bot.call(lambda tx: tx.guilds.backfills()) == []  # B's request is done
    finally:
        await stop_bot(bot)
