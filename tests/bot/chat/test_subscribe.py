"""/subscribe, /unsubscribe, /subscriptions."""

from __future__ import annotations

from bot import guilds
from tests.bot.chat.conftest import (
    ALERTS,
    FOREIGN_CHANNEL,
    GUILD,
    MEMBER,
    MEMBER_PERMS,
    NEWS,
    OTHER_GUILD,
    RIVERA,
    RIVERA_ID,
)
from tests.fakes.fake_discord import ChannelRef


async def _subs(bot):
    return await bot.call(guilds.subscriptions, GUILD)


async def test_subscribe_one_prosecutor_some_types(bot):
    """A channel subscribes to one prosecutor's recalls and injunctions."""
    await bot.command("watch add", **RIVERA)
    answer = await bot.command(
        "subscribe", channel=ChannelRef(ALERTS), prosecutor=RIVERA_ID, types="recall, injunction"
    )
    assert f"<#{ALERTS}>" in answer["content"] and "injunction, recall" in answer["content"]
    [sub] = await _subs(bot)
    assert (sub.channel_id, sub.prosecutor_id) == (str(ALERTS), RIVERA_ID)
    assert sub.types == ["injunction", "recall"]


async def test_subscribe_defaults_to_this_channel_and_all(bot):
    """Without options: this channel, everyone watched, all types."""
    handle = await bot.fake.slash(GUILD, 1, "subscribe", channel_id=NEWS)
    answer = await bot.fake.reply(handle)
    assert "everyone this server watches" in answer["content"]
    [sub] = await _subs(bot)
    assert (sub.channel_id, sub.prosecutor_id, sub.types) == (str(NEWS), "*", [])


async def test_urgent_shortcut(bot):
    """types: urgent expands to the five urgent types."""
    await bot.command("subscribe", channel=ChannelRef(ALERTS), types="urgent")
    [sub] = await _subs(bot)
    assert "recall" in sub.types and len(sub.types) == 5


async def test_unknown_type_refused(bot):
    """A misspelt type is refused with the list of valid ones."""
    answer = await bot.command("subscribe", channel=ChannelRef(ALERTS), types="recal")
    assert "Unknown event type" in answer["content"] and "injunction" in answer["content"]
    assert await _subs(bot) == []


async def test_types_autocomplete_continues_a_list(bot):
    """Autocomplete for types suggests the next type after a comma."""
    handle = await bot.fake.slash(GUILD, 1, "subscribe", types="recall,inj", focused="types")
    await bot.fake.wait_for(lambda: handle.id in bot.fake.callbacks)
    values = [c["value"] for c in bot.fake.callbacks[handle.id]["data"]["choices"]]
    assert "recall,injunction" in values


async def test_unwatched_prosecutor_refused(bot):
    """Subscribing to someone the server does not watch is refused."""
    answer = await bot.command("subscribe", channel=ChannelRef(ALERTS), prosecutor="Nobody")
    assert "does not watch" in answer["content"]
    assert await _subs(bot) == []


async def test_another_servers_channel_refused(bot):
    """A channel id from another server is refused, nothing stored."""
    answer = await bot.command("subscribe", channel=ChannelRef(FOREIGN_CHANNEL))
    assert "this server" in answer["content"]
    assert await _subs(bot) == []


async def test_markdown_in_prosecutor_option_escaped(bot):
    """An unknown prosecutor typed with markdown and @here is echoed inert."""
    answer = await bot.command(
        "subscribe", channel=ChannelRef(ALERTS), prosecutor="@here __x__ [a](https://e.x)"
    )
    assert "@here" not in answer["content"] and "\\_\\_x\\_\\_" in answer["content"]


async def test_member_cannot_subscribe(bot):
    """Members without Manage Server are refused at run time."""
    answer = await bot.command(
        "subscribe", user=MEMBER, perms=MEMBER_PERMS, channel=ChannelRef(ALERTS)
    )
    assert "Only organizers" in answer["content"]
    assert await _subs(bot) == []


async def test_unsubscribe_and_list(bot):
    """/subscriptions lists routes; /unsubscribe removes a channel's."""
    await bot.command("watch add", **RIVERA)
    await bot.command("subscribe", channel=ChannelRef(ALERTS), prosecutor=RIVERA_ID)
    await bot.command("subscribe", channel=ChannelRef(NEWS))
    listing = await bot.command("subscriptions")
    assert f"<#{ALERTS}>: Alex Rivera" in listing["content"]
    assert f"<#{NEWS}>: all watched" in listing["content"]
    answer = await bot.command("unsubscribe", channel=ChannelRef(ALERTS))
    assert "Removed 1" in answer["content"]
    assert [s.channel_id for s in await _subs(bot)] == [str(NEWS)]


EMBED_LINKS = 1 << 14
SEND_MESSAGES = 1 << 11


async def test_channel_the_bot_cannot_post_in_is_refused(bot):
    """/subscribe into a channel where the bot lacks Embed Links names it; nothing stored."""
    await bot.fake.deny_bot(NEWS, EMBED_LINKS)
    answer = await bot.command("subscribe", channel=ChannelRef(NEWS))
    assert f"I cannot post alerts in <#{NEWS}>: I am missing Embed Links" in answer["content"]
    assert await _subs(bot) == []


async def test_every_missing_permission_is_named(bot):
    """Send Messages and Embed Links both denied: both are named, in Discord's words."""
    await bot.fake.deny_bot(NEWS, EMBED_LINKS | SEND_MESSAGES)
    answer = await bot.command("subscribe", channel=ChannelRef(NEWS))
    assert "missing Send Messages, Embed Links there" in answer["content"]


async def test_this_channel_checked_with_discords_own_figure(bot):
    """Without a channel option, the bot's permissions Discord sent with the command count."""
    handle = await bot.fake.slash(
        GUILD, 1, "subscribe", channel_id=ALERTS, app_permissions=MEMBER_PERMS & ~SEND_MESSAGES
    )
    answer = await bot.fake.reply(handle)
    assert "missing Send Messages" in answer["content"]
    assert await _subs(bot) == []


async def test_unsubscribe_needs_no_permission_there(bot):
    """A channel the bot can no longer post in can still be unsubscribed."""
    await bot.command("subscribe", channel=ChannelRef(NEWS))
    await bot.fake.deny_bot(NEWS, SEND_MESSAGES)
    answer = await bot.command("unsubscribe", channel=ChannelRef(NEWS))
    assert answer["content"] == f"Removed 1 subscription from <#{NEWS}>."
    assert await _subs(bot) == []


async def test_permissions_are_per_server(bot):
    """A channel denied in one server does not stop the other server subscribing."""
    await bot.fake.deny_bot(NEWS, SEND_MESSAGES)
    handle = await bot.fake.slash(OTHER_GUILD, 9, "subscribe", channel=ChannelRef(FOREIGN_CHANNEL))
    answer = await bot.fake.reply(handle)
    assert f"<#{FOREIGN_CHANNEL}> now gets alerts" in answer["content"]
    assert await _subs(bot) == []
    [sub] = await bot.call(guilds.subscriptions, OTHER_GUILD)
    assert sub.channel_id == str(FOREIGN_CHANNEL)


async def test_subscribe_by_surname(bot):
    """`prosecutor:rivera` finds the watched Alex Rivera."""
    await bot.command("watch add", **RIVERA)
    await bot.command("subscribe", channel=ChannelRef(ALERTS), prosecutor="rivera")
    [sub] = await _subs(bot)
    assert sub.prosecutor_id == RIVERA_ID
