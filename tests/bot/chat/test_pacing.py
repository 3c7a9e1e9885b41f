"""C12 and C13: a flood for one channel, and a gateway that drops."""

from __future__ import annotations

import asyncio
import dataclasses
import re

import pytest

from bot.clock import utcnow
from bot.cycle.alerts import alert_record
from bot.delivery import outbox
from bot.store import RowStatus, UnitOfWork
from feeds.models import Event, EventType, Item, Match
from tests.bot.chat.conftest import ALERTS, GUILD, bot_settings, start_bot, stop_bot, watch_rivera


async def _flood(tx: UnitOfWork, n: int) -> None:
    """n alerts for one channel in one cycle's write (as a big backfill would queue them)."""
    from bot import guilds

    person = (await guilds.watched(tx, GUILD))[0]
    now = utcnow()
    records, rows = [], []
    for i in range(n):
        item = Item(
            key=f"k{i}", source_id="src", title=f"Rivera recall item {i}", story_key=f"s{i}"
        )
        record = alert_record(Event(item, Match(person.id, EventType.RECALL, 0.9)), person, now)
        records.append(record)
        rows.append(
            outbox.new_row(
                record.alert_key, str(GUILD), str(ALERTS), digest=False, role=None, now=now
            )
        )
    await tx.alerts.add(records)
    await tx.outbox.enqueue(rows)


def _items(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"Rivera recall item (\d+)", text)]


@pytest.mark.slow
async def test_c12_flood_capped_with_summary(bot):
    """C12: 1,000 pending for one channel -> flood cap singles, then summaries listing every
    other alert once (as many messages as Discord's limits need), 429s < 5%."""
    bot.fake.rate_limit = (5, 0.5)
    await watch_rivera(bot)
    await bot.call(_flood, 1000)
    report = await bot.app.pipeline.deliver()
    cap = bot.app.settings.discord.flood_cap
    messages = bot.fake.messages[ALERTS]
    singles, summaries = messages[: cap - 1], messages[cap - 1 :]
    assert all(m["embeds"][0]["title"].startswith("Recall: ") for m in singles)
    assert all("991 more alerts" in m["embeds"][0]["title"] for m in summaries)
    shown = [n for m in singles for n in _items(m["embeds"][0]["title"])]
    shown += [n for m in summaries for n in _items(m["embeds"][0]["description"])]
    assert sorted(shown) == list(range(1000))  # every alert once, singly or in a summary
    assert report.delivered == cap - 1 and report.summarized == 991
    posts = len(bot.fake.posts(ALERTS))
    assert bot.fake.rate_limited / posts < 0.05

    async def depth(tx: UnitOfWork) -> dict[RowStatus, int]:
        return await tx.outbox.depth()

    assert (await bot.call(depth)).get(RowStatus.PENDING, 0) == 0


async def test_c12_paced_by_rate_limit_headers(fake, tmp_path):
    """C12: 40 single alerts at 5 per 0.25 s go out at Discord's pace with few 429s."""
    settings = bot_settings(fake, tmp_path)
    settings = dataclasses.replace(
        settings, discord=dataclasses.replace(settings.discord, flood_cap=100)
    )
    bot = await start_bot(settings, fake)
    try:
        fake.rate_limit = (5, 0.25)
        await watch_rivera(bot)
        await bot.call(_flood, 40)
        report = await bot.app.pipeline.deliver()
        assert report.delivered == 40 and len(fake.messages[ALERTS]) == 40
        assert fake.rate_limited / len(fake.posts(ALERTS)) < 0.05
    finally:
        await stop_bot(bot)


async def test_c13_gateway_drop_resumes_without_sync(bot, fast_retries):
    """C13: the gateway drops and stays down a while: REST delivery goes on, the bot resumes,
    commands work again, and nothing re-registers the slash commands."""
    await watch_rivera(bot)
    bot.fake.gateway_down = True
    await bot.fake.drop_gateway(4000)
    await asyncio.sleep(0.3)
    from tests.bot.chat.conftest import add_alert

    await bot.call(add_alert, 1)
    report = await bot.app.pipeline.deliver()  # REST works without the gateway
    assert report.delivered == 1
    bot.fake.gateway_down = False
    await bot.fake.wait_for(lambda: bot.fake.resumes >= 1, timeout=10)
    answer = await bot.command("watch list")
    assert "Alex Rivera" in answer["content"]
    assert bot.fake.identifies == 1 and bot.fake.command_puts == 0
