"""Notices to organizers go through the outbox: one nonce, retried, delivered once."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store import UnitOfWork
from tests.bot.chat.conftest import (
    ALERTS,
    FOREIGN_CHANNEL,
    NEWS,
    SPARE,
    add_alert,
    other_server_watches_rivera,
    watch_rivera,
)
from tests.fakes.fake_discord import Fault

LOST = "can no longer post"


async def _make_due(bot) -> None:
    async def due(tx: UnitOfWork) -> None:
        await tx.outbox.set_next_attempt(datetime(2000, 1, 1, tzinfo=UTC))

    await bot.call(due)


def _notices(bot, channel: int) -> list[dict]:
    return [m for m in bot.fake.messages[channel] if LOST in m["content"]]


async def test_a_notice_whose_answer_is_lost_is_not_posted_in_another_channel(bot):
    """Discord stores the 403 notice in #all-news but the answer is lost: the retry goes to
    #all-news again with the same nonce, and #general never gets a copy."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1)
    bot.fake.forbidden.add(ALERTS)
    bot.app.pipeline.sink.timeout = 0.5
    bot.fake.fail("POST", f"/channels/{NEWS}/messages", Fault(hang_after=True))
    await bot.app.pipeline.deliver()
    assert len(_notices(bot, NEWS)) == 1  # posted, but the bot never heard back
    bot.fake.heal()
    await _make_due(bot)
    await bot.app.pipeline.deliver()
    posts = bot.fake.posts(NEWS)
    assert len(posts) == 2 and posts[0].json["nonce"] == posts[1].json["nonce"]
    assert len(_notices(bot, NEWS)) == 1 and not bot.fake.posts(SPARE)


async def test_a_notice_no_channel_takes_waits_and_is_delivered_later(bot):
    """Every channel refuses (403): the notice is kept, each channel tried once; after an
    organizer fixes #all-news and subscribes it, the notice arrives there once."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1)
    bot.fake.forbidden.update({ALERTS, NEWS, SPARE})
    await bot.app.pipeline.deliver()
    await bot.app.pipeline.deliver()
    assert [len(bot.fake.posts(c)) for c in (ALERTS, NEWS, SPARE)] == [1, 1, 1]
    bot.fake.forbidden.clear()
    await watch_rivera(bot, NEWS)  # /subscribe in the fixed channel makes it usable again
    await _make_due(bot)
    await bot.app.pipeline.deliver()
    [notice] = _notices(bot, NEWS)
    assert f"<#{ALERTS}>" in notice["content"] and "missing permission" in notice["content"]
    await _make_due(bot)
    await bot.app.pipeline.deliver()
    assert len(_notices(bot, NEWS)) == 1 and not bot.fake.messages[SPARE]


async def test_a_server_never_sees_another_servers_notice(bot):
    """Server A's channel is refused: A's organizers are told in A; server B, watching the same
    prosecutor, gets its own alert and nothing else."""
    await watch_rivera(bot)
    await other_server_watches_rivera(bot)
    await bot.call(add_alert, 1)
    bot.fake.forbidden.add(ALERTS)
    await bot.app.pipeline.deliver()
    assert len(_notices(bot, NEWS)) == 1
    [theirs] = bot.fake.messages[FOREIGN_CHANNEL]
    assert theirs["embeds"][0]["title"].startswith("Recall: ") and LOST not in theirs["content"]
