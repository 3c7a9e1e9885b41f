"""Flood summaries: every alert reaches the channel once, and urgent ones still ping."""

from __future__ import annotations

import re

from tests.bot.chat.conftest import (
    ALERTS,
    FOREIGN_CHANNEL,
    PING_ROLE,
    add_alert,
    other_server_watches_rivera,
    watch_rivera,
)
from tests.bot.chat.test_pacing import _flood
from tests.fakes.fake_discord import RoleRef


def _items(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"Rivera recall item (\d+)", text)]


def _shown(message: dict) -> list[int]:
    embed = message["embeds"][0]
    return _items(embed["title"]) + _items(embed.get("description", ""))


async def test_sixty_alerts_all_reach_the_channel_once(bot):
    """60 alerts, cap 10: 9 singles, then summaries listing the other 51 once each; a summary
    that is not the last says how many follow in the next message."""
    await watch_rivera(bot)
    await bot.call(_flood, 60)
    report = await bot.app.pipeline.deliver()
    messages = bot.fake.messages[ALERTS]
    shown = [n for m in messages for n in _shown(m)]
    assert sorted(shown) == list(range(60))
    assert report.delivered == 9 and report.summarized == 51
    summaries = [m["embeds"][0] for m in messages[9:]]
    assert summaries[0]["title"] == "51 more alerts (part 1 of 2)"
    rest = len(_items(summaries[1]["description"]))
    assert summaries[0]["description"].endswith(f"…and {rest} more in the next message")


async def test_urgent_alerts_in_a_summary_ping_once(bot):
    """20 recall alerts with /mention on: 9 singles ping, and the summary of the other 11
    pings once; every one of the 20 arrives in a message that pings the role."""
    await watch_rivera(bot)
    await bot.command("mention", role=RoleRef(PING_ROLE))
    await bot.call(_flood, 20)
    await bot.app.pipeline.deliver()
    messages = bot.fake.messages[ALERTS]
    assert len(messages) == 10
    pinging = [m for m in messages if m["allowed_mentions"].get("roles") == [PING_ROLE]]
    assert sorted(n for m in pinging for n in _shown(m)) == list(range(20))
    assert messages[-1]["content"].count(f"<@&{PING_ROLE}>") == 1


async def test_a_flood_in_one_server_stays_there(bot):
    """A flood summarized in server A's channel; server B, watching the same prosecutor, gets
    its one alert singly and no summary."""
    await watch_rivera(bot)
    await other_server_watches_rivera(bot)
    await bot.call(_flood, 30)
    await bot.call(add_alert, 99)
    await bot.app.pipeline.deliver()
    [theirs] = bot.fake.messages[FOREIGN_CHANNEL]
    assert theirs["embeds"][0]["title"] == "Recall: Recall petition against Rivera number 99"
    assert len(bot.fake.messages[ALERTS]) == 10
