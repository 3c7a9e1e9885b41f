"""Digests: a channel that asked for one gets its alerts as one summary per day or week."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from bot import guilds
from bot.cycle.ingest import apply_cycle
from bot.delivery import digest
from bot.delivery.sinks import Outcome, Result
from bot.settings import PollSettings
from bot.store import ChannelSettings, ChannelStatus, DigestMode, RowStatus, Store
from feeds.models import EventType, Match, Prosecutor
from tests.bot.helpers import (
    CHANNEL,
    GUILD,
    NOW,
    PERSON,
    item,
    match,
    open_store,
    outcome,
    setup_guild,
    snapshot,
)
from tests.fakes.sinks import MemorySink

OTHER_GUILD, OTHER_GUILD_CHANNEL = 11, 30
OTHER_PERSON = Prosecutor(
    id="sam-okafor", name="Sam Okafor", office="District Attorney",
    jurisdiction="Lake County", state="OR",
)  # fmt: skip
LATER = NOW + timedelta(hours=1)


async def digest_store(path: Path, n: int = 2) -> Store:
    """A store whose channel takes a daily digest at 08:00, with n alerts waiting for it."""
    store = open_store(path)
    await setup_guild(store, digest=True)
    pairs = [(item(i, f"w{i}a w{i}b w{i}c"), [match()]) for i in range(n)]
    async with store.transaction() as tx:
        await apply_cycle(tx, [outcome(*pairs)], {PERSON.id: PERSON}, PollSettings(), NOW)
    return store


async def channel_of(store: Store, guild: int, channel: int) -> ChannelSettings:
    async with store.transaction() as tx:
        return await tx.guilds.channel(str(guild), str(channel))


async def statuses(store: Store) -> set[RowStatus]:
    return {r.status for r in (await snapshot(store)).outbox}


def listed_titles(description: str) -> list[str]:
    return re.findall(r": \[(.*?)\]\(", description)


def settings(mode: DigestMode, last: datetime | None) -> ChannelSettings:
    return ChannelSettings("1", "2", digest=mode, digest_time="08:00", last_digest_at=last)


def nov(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("channel", "now", "due"),
    [
        (settings(DigestMode.OFF, None), nov(20, 9), False),
        (settings(DigestMode.DAILY, None), nov(20, 9), True),
        (settings(DigestMode.DAILY, nov(20, 8, 1)), nov(20, 20), False),
        (settings(DigestMode.DAILY, nov(19, 8)), nov(20, 8, 1), True),
        (settings(DigestMode.DAILY, nov(19, 8)), nov(20, 7, 59), False),
        (settings(DigestMode.WEEKLY, nov(14, 8)), nov(20, 8, 1), False),
        (settings(DigestMode.WEEKLY, nov(13, 8)), nov(20, 8, 1), True),
    ],
    ids=["off", "never-sent", "sent-this-morning", "slot-passed", "slot-not-yet", "weekly-6d",
         "weekly-7d"],
)  # fmt: skip
def test_a_digest_is_due_once_per_period_after_its_time(channel, now, due):
    """Daily: once the day's time has passed and not since; weekly: 7 days after the last one."""
    assert digest.is_due(channel, now) is due


async def test_due_digest_is_one_message_listing_the_waiting_alerts(tmp_path):
    """The waiting alerts go out as one summary; the rows are delivered and the day is marked."""
    store = await digest_store(tmp_path / "s.json", n=3)
    sink = MemorySink()
    with time_machine.travel(LATER, tick=False):
        sent = await digest.send_due(store, sink)
    titles = sorted(a.title for a in (await snapshot(store)).alerts)
    [(channel_id, view, _)] = sink.sent
    assert (sent, channel_id, view.embeds[0].title) == (3, str(CHANNEL), "This day: 3 alerts")
    assert sorted(listed_titles(view.embeds[0].description)) == titles
    assert await statuses(store) == {RowStatus.DELIVERED}
    assert (await channel_of(store, GUILD, CHANNEL)).last_digest_at == LATER


async def test_a_sent_digest_is_not_sent_again_the_same_day(tmp_path):
    """A second run in the same period sends nothing."""
    store = await digest_store(tmp_path / "s.json")
    sink = MemorySink()
    with time_machine.travel(LATER, tick=False):
        await digest.send_due(store, sink)
    with time_machine.travel(LATER + timedelta(hours=3), tick=False):
        assert await digest.send_due(store, sink) == 0
    assert len(sink.sent) == 1


async def test_a_failed_digest_is_sent_at_the_next_run(tmp_path):
    """A transient failure leaves the rows waiting and the day unmarked; the next run sends them."""
    store = await digest_store(tmp_path / "s.json")
    sink = MemorySink([Outcome(Result.RETRY, detail="503")])
    with time_machine.travel(LATER, tick=False):
        assert await digest.send_due(store, sink) == 0
        assert (await channel_of(store, GUILD, CHANNEL)).last_digest_at is None
        assert await statuses(store) == {RowStatus.DIGEST}
        assert await digest.send_due(store, sink) == 2
    assert [len(listed_titles(view.embeds[0].description)) for _, view, _ in sink.sent] == [2]


async def test_a_due_channel_with_nothing_waiting_is_marked_without_a_message(tmp_path):
    """No alerts in the period: no message, and the period counts as done."""
    store = await digest_store(tmp_path / "s.json", n=0)
    sink = MemorySink()
    with time_machine.travel(LATER, tick=False):
        assert await digest.send_due(store, sink) == 0
    assert sink.sent == []
    assert (await channel_of(store, GUILD, CHANNEL)).last_digest_at == LATER


async def test_a_paused_channel_gets_no_digest(tmp_path):
    """A channel the bot may not post to is skipped and its rows keep waiting."""
    store = await digest_store(tmp_path / "s.json")
    async with store.transaction() as tx:
        await guilds.set_channel_status(
            tx, str(GUILD), str(CHANNEL), ChannelStatus.PAUSED, "Missing Access"
        )
    sink = MemorySink()
    with time_machine.travel(LATER, tick=False):
        assert await digest.send_due(store, sink) == 0
    assert sink.sent == [] and await statuses(store) == {RowStatus.DIGEST}


async def test_each_server_digest_lists_only_its_own_alerts(tmp_path):
    """Two servers watching different prosecutors: each digest names only its server's alerts."""
    store = open_store(tmp_path / "s.json")
    await setup_guild(store, digest=True)
    async with store.transaction() as tx:
        await guilds.watch(tx, OTHER_GUILD, OTHER_PERSON, 200)
        await guilds.subscribe(tx, OTHER_GUILD, OTHER_GUILD_CHANNEL, None, ())
        await guilds.set_digest(tx, OTHER_GUILD, OTHER_GUILD_CHANNEL, "daily", "08:00")
    theirs = Match(OTHER_PERSON.id, EventType.RECALL, 0.9, ("Okafor", "recall"))
    pairs = [
        (item(1, "Rivera recall drive"), [match()]),
        (item(2, "Okafor recall drive"), [theirs]),
    ]
    people = {PERSON.id: PERSON, OTHER_PERSON.id: OTHER_PERSON}
    async with store.transaction() as tx:
        await apply_cycle(tx, [outcome(*pairs)], people, PollSettings(), NOW)
    sink = MemorySink()
    with time_machine.travel(LATER, tick=False):
        assert await digest.send_due(store, sink) == 2
    by_channel = {ch: listed_titles(view.embeds[0].description) for ch, view, _ in sink.sent}
    assert by_channel == {
        str(CHANNEL): ["Rivera recall drive"],
        str(OTHER_GUILD_CHANNEL): ["Okafor recall drive"],
    }
