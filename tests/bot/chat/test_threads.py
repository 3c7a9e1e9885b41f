"""A thread per alert, through the real client: /subscribe threads, the thread on each alert,
later outlets noted in the thread, forum posts, and the permission checks."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot import guilds
from bot.delivery import outbox
from bot.organizer.threads import thread_name
from bot.store import RowKind
from feeds.models import Item
from tests.bot.chat.conftest import (
    ADMIN,
    ADMIN_PERMS,
    ALERTS,
    GUILD,
    MEMBER,
    MEMBER_PERMS,
    NEWS,
    OTHER_GUILD,
    RIVERA,
    RunningBot,
    add_alert,
    bot_settings,
    start_bot,
    stop_bot,
    watch_rivera,
)
from tests.fakes.fake_discord import FORUM, THREAD_PERMS, ChannelRef, FakeDiscord

FORUM_CHANNEL = 1003


async def _threads_on(bot: RunningBot, channel: int = ALERTS) -> dict:
    """Allow the bot threads in `channel` and subscribe it with threads on (the command runs
    in another channel, so the bot's permissions there are worked out from the overwrite)."""
    await bot.fake.overwrite_bot(channel, allow=THREAD_PERMS)
    await bot.command("watch add", **RIVERA)
    elsewhere = NEWS if channel != NEWS else ALERTS
    handle = await bot.fake.slash(
        GUILD,
        ADMIN,
        "subscribe",
        permissions=ADMIN_PERMS,
        channel_id=elsewhere,
        channel=ChannelRef(channel),
        threads=True,
    )
    return await bot.fake.reply(handle)


async def _row(bot: RunningBot, alert_key: str, channel: int):
    async def read(tx):
        return (await tx.outbox.get_many([outbox.row_id(alert_key, str(channel))])).popitem()[1]

    return await bot.call(read)


async def test_alert_opens_a_thread_named_after_the_event(bot):
    """With threads on, the alert message gets a thread named type, person and headline."""
    answer = await _threads_on(bot)
    assert "Each alert opens a thread" in answer["content"]
    record = await bot.call(add_alert, 1)
    await bot.app.pipeline.deliver()
    [post] = bot.fake.posts(ALERTS)
    message_id = int(bot.fake.messages[ALERTS][0]["id"])
    thread = bot.fake.threads[message_id]
    assert (
        thread["name"]
        == thread_name(record)
        == ("Recall: Alex Rivera — Recall petition against Rivera number 1")
    )
    assert thread["parent_id"] == str(ALERTS)
    assert (await _row(bot, record.alert_key, ALERTS)).thread_id == str(message_id)
    assert post.json["embeds"][0]["title"].startswith("Recall:")


async def test_another_outlet_is_noted_in_the_thread(bot):
    """The same story from another outlet, a cycle later, is posted in the alert's thread,
    not as a new alert in the channel."""
    await _threads_on(bot)
    title = "Recall petition against DA Alex Rivera certified"
    first = Item(key="a", source_id="push", title=title, link="https://harbor.example/a")
    await bot.app.pipeline.ingest_pushed("push", [first])
    await bot.app.pipeline.deliver()
    thread_id = int(bot.fake.messages[ALERTS][0]["id"])
    again = Item(key="b", source_id="push", title=title, link="https://ledger.example/b")
    await bot.app.pipeline.ingest_pushed("push", [again])
    await bot.app.pipeline.deliver()
    assert len(bot.fake.posts(ALERTS)) == 1  # no second alert in the channel
    [note] = bot.fake.messages[thread_id]
    assert note["content"].startswith("Also reported by ledger.example: Recall petition")
    assert "<https://ledger.example/b>" in note["content"]


async def test_without_threads_no_note_is_posted(bot):
    """Threads off (the default): another outlet only updates the stored alert."""
    await watch_rivera(bot)
    title = "Recall petition against DA Alex Rivera certified"
    await bot.app.pipeline.ingest_pushed(
        "push", [Item(key="a", source_id="push", title=title, link="https://harbor.example/a")]
    )
    await bot.app.pipeline.deliver()
    await bot.app.pipeline.ingest_pushed(
        "push", [Item(key="b", source_id="push", title=title, link="https://ledger.example/b")]
    )
    report = await bot.app.pipeline.deliver()
    assert report.delivered == 0 and bot.fake.threads == {}
    rows = await bot.call(lambda tx: tx.outbox.all(str(GUILD)))
    assert not [r for r in rows if r.kind is RowKind.UPDATE]


async def test_threads_need_the_thread_permissions(bot):
    """Without Create Public Threads the subscription is refused, naming what is missing."""
    await bot.command("watch add", **RIVERA)
    answer = await bot.command("subscribe", channel=ChannelRef(NEWS), threads=True)
    assert (
        "Create Public Threads" in answer["content"] and "Nothing was changed" in answer["content"]
    )
    assert await bot.call(guilds.subscriptions, GUILD) == []


async def test_members_cannot_turn_threads_on(bot):
    """/subscribe threads is an organizer's change."""
    await bot.command("watch add", **RIVERA)
    answer = await bot.command(
        "subscribe", user=MEMBER, perms=MEMBER_PERMS, channel=ChannelRef(ALERTS), threads=True
    )
    assert "Only organizers" in answer["content"]
    assert not (await bot.call(lambda tx: tx.guilds.channel(str(GUILD), str(ALERTS)))).threads


async def test_threads_setting_is_per_server(bot):
    """Another server's channels keep threads off."""
    await _threads_on(bot)
    channels = await bot.call(lambda tx: tx.guilds.channels(str(OTHER_GUILD)))
    assert channels == []


@pytest.fixture
async def forum_bot(tmp_path) -> AsyncIterator[RunningBot]:
    async with FakeDiscord() as server:
        server.add_guild(
            GUILD,
            channels={ALERTS: "rapid-response", NEWS: "all-news", FORUM_CHANNEL: "events"},
            roles={501: "Organizers"},
            types={FORUM_CHANNEL: FORUM},
        )
        running = await start_bot(bot_settings(server, tmp_path), server)
        try:
            yield running
        finally:
            await stop_bot(running)


async def test_forum_channel_gets_a_post_per_alert(forum_bot):
    """In a forum channel each alert is a new post titled after the event."""
    bot = forum_bot
    answer = await _threads_on(bot, FORUM_CHANNEL)
    assert "now gets alerts" in answer["content"]
    record = await bot.call(add_alert, 1)
    await bot.app.pipeline.deliver()
    [thread] = bot.fake.threads.values()
    assert thread["parent_id"] == str(FORUM_CHANNEL) and thread["name"] == thread_name(record)
    [starter] = bot.fake.messages[int(thread["id"])]
    assert starter["embeds"][0]["title"].startswith("Recall:")
    assert (await _row(bot, record.alert_key, FORUM_CHANNEL)).thread_id == thread["id"]


async def test_forum_refuses_threads_off(forum_bot):
    """threads:false makes no sense in a forum and is refused."""
    bot = forum_bot
    await bot.command("watch add", **RIVERA)
    answer = await bot.command("subscribe", channel=ChannelRef(FORUM_CHANNEL), threads=False)
    assert "every alert is a post" in answer["content"]


async def test_resend_after_lost_answer_finds_the_thread(bot):
    """Sending the same alert again (same nonce) returns the first message, and the thread
    already on it is taken as this alert's thread: one message, one thread."""
    from bot.delivery.alert_view import MessageView

    await bot.fake.overwrite_bot(ALERTS, allow=THREAD_PERMS)
    sink = bot.app.pipeline.sink
    view = MessageView(content="An alert", thread_name="Recall: Alex Rivera — a headline")
    first = await sink.send(str(ALERTS), view, "nonce-thread-1")
    again = await sink.send(str(ALERTS), view, "nonce-thread-1")
    assert first.thread_id == again.thread_id == first.message_id
    assert len(bot.fake.messages[ALERTS]) == 1 and len(bot.fake.threads) == 1
