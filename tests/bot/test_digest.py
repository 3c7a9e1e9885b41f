"""Digests: a channel that asked for one gets its alerts as one summary per day or week."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from bot import digest, guilds
from bot.ingest import apply_cycle
from bot.settings import PollSettings
from bot.sinks import Outcome, Result
from bot.store import Store, iso
from feeds.models import EventType, Match, Prosecutor
from tests.bot.helpers import CHANNEL, GUILD, NOW, PERSON, item, match, outcome, setup_guild
from tests.fakes.sinks import MemorySink

OTHER_GUILD, OTHER_GUILD_CHANNEL = 11, 30
OTHER_PERSON = Prosecutor(
    id="sam-okafor", name="Sam Okafor", office="District Attorney",
    jurisdiction="Lake County", state="OR",
)  # fmt: skip
LATER = NOW + timedelta(hours=1)


def digest_store(path: Path, n: int = 2) -> Store:
    """A store whose channel takes a daily digest at 08:00, with n alerts waiting for it."""
    store = Store(path)
    setup_guild(store, digest=True)
    pairs = [(item(i, f"w{i}a w{i}b w{i}c"), [match()]) for i in range(n)]
    store.transaction(
        lambda s: apply_cycle(s, [outcome(*pairs)], {PERSON.id: PERSON}, PollSettings(), NOW)
    )
    return store


def listed_titles(sink: MemorySink) -> list[list[str]]:
    return [re.findall(r": \[(.*?)\]\(", view.embeds[0].description) for _, view, _ in sink.sent]


def channel(mode: str, last: datetime | None, at: str = "08:00") -> dict[str, Any]:
    return {"digest": mode, "digest_time": at, "last_digest_at": iso(last) if last else None}


def nov(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("settings", "now", "due"),
    [
        (channel("off", None), nov(20, 9), False),
        (channel("daily", None), nov(20, 9), True),
        (channel("daily", nov(20, 8, 1)), nov(20, 20), False),
        (channel("daily", nov(19, 8)), nov(20, 8, 1), True),
        (channel("daily", nov(19, 8)), nov(20, 7, 59), False),
        (channel("weekly", nov(14, 8)), nov(20, 8, 1), False),
        (channel("weekly", nov(13, 8)), nov(20, 8, 1), True),
    ],
    ids=["off", "never-sent", "sent-this-morning", "slot-passed", "slot-not-yet", "weekly-6d",
         "weekly-7d"],
)  # fmt: skip
def test_a_digest_is_due_once_per_period_after_its_time(settings, now, due):
    """Daily: once the day's time has passed and not since; weekly: 7 days after the last one."""
    assert digest.is_due(settings, now) is due


async def test_due_digest_is_one_message_listing_the_waiting_alerts(tmp_path):
    """The waiting alerts go out as one summary; the rows are delivered and the day is marked."""
    store = digest_store(tmp_path / "s.json", n=3)
    sink = MemorySink()
    with time_machine.travel(LATER, tick=False):
        sent = await digest.send_due(store, sink)
    titles = {a["alert_key"]: a["title"] for a in store.alerts.all()}
    assert sent == 3 and len(sink.sent) == 1
    assert sink.sent[0][1].embeds[0].title == "This day: 3 alerts"
    assert sorted(listed_titles(sink)[0]) == sorted(titles.values())
    assert {r["status"] for r in store.outbox.all()} == {"delivered"}
    assert guilds.channel_settings(store, GUILD, CHANNEL)["last_digest_at"] == iso(LATER)


async def test_a_sent_digest_is_not_sent_again_the_same_day(tmp_path):
    """A second run in the same period sends nothing."""
    store = digest_store(tmp_path / "s.json")
    sink = MemorySink()
    with time_machine.travel(LATER, tick=False):
        await digest.send_due(store, sink)
    with time_machine.travel(LATER + timedelta(hours=3), tick=False):
        assert await digest.send_due(store, sink) == 0
    assert len(sink.sent) == 1


async def test_a_failed_digest_is_sent_at_the_next_run(tmp_path):
    """A transient failure leaves the rows waiting and the day unmarked; the next run sends them."""
    store = digest_store(tmp_path / "s.json")
    sink = MemorySink([Outcome(Result.RETRY, detail="503")])
    with time_machine.travel(LATER, tick=False):
        assert await digest.send_due(store, sink) == 0
        assert guilds.channel_settings(store, GUILD, CHANNEL)["last_digest_at"] is None
        assert {r["status"] for r in store.outbox.all()} == {"digest"}
        assert await digest.send_due(store, sink) == 2
    assert len(sink.sent) == 1 and len(listed_titles(sink)[0]) == 2


async def test_a_due_channel_with_nothing_waiting_is_marked_without_a_message(tmp_path):
    """No alerts in the period: no message, and the period counts as done."""
    store = digest_store(tmp_path / "s.json", n=0)
    sink = MemorySink()
    with time_machine.travel(LATER, tick=False):
        assert await digest.send_due(store, sink) == 0
    assert sink.sent == []
    assert guilds.channel_settings(store, GUILD, CHANNEL)["last_digest_at"] == iso(LATER)


async def test_a_paused_channel_gets_no_digest(tmp_path):
    """A channel the bot may not post to is skipped and its rows keep waiting."""
    store = digest_store(tmp_path / "s.json")
    guilds.set_channel_status(store, str(GUILD), str(CHANNEL), "paused", "Missing Access")
    sink = MemorySink()
    with time_machine.travel(LATER, tick=False):
        assert await digest.send_due(store, sink) == 0
    assert sink.sent == [] and {r["status"] for r in store.outbox.all()} == {"digest"}


async def test_each_server_digest_lists_only_its_own_alerts(tmp_path):
    """Two servers watching different prosecutors: each digest names only its server's alerts."""
    store = Store(tmp_path / "s.json")
    setup_guild(store, digest=True)
    guilds.watch(store, OTHER_GUILD, OTHER_PERSON, 200)
    guilds.subscribe(store, OTHER_GUILD, OTHER_GUILD_CHANNEL, None, ())
    guilds.set_digest(store, OTHER_GUILD, OTHER_GUILD_CHANNEL, "daily", "08:00")
    theirs = Match(OTHER_PERSON.id, EventType.RECALL, 0.9, ("Okafor", "recall"))
    pairs = [
        (item(1, "Rivera recall drive"), [match()]),
        (item(2, "Okafor recall drive"), [theirs]),
    ]
    people = {PERSON.id: PERSON, OTHER_PERSON.id: OTHER_PERSON}
    store.transaction(lambda s: apply_cycle(s, [outcome(*pairs)], people, PollSettings(), NOW))
    sink = MemorySink()
    with time_machine.travel(LATER, tick=False):
        assert await digest.send_due(store, sink) == 2
    by_channel = {channel_id: listed_titles(MemorySink(sent=[(channel_id, view, nonce)]))[0]
                  for channel_id, view, nonce in sink.sent}  # fmt: skip
    assert by_channel == {
        str(CHANNEL): ["Rivera recall drive"],
        str(OTHER_GUILD_CHANNEL): ["Okafor recall drive"],
    }
