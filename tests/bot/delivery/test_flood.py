"""Summaries are rows, stored before they are sent: a kill cannot make their alerts repeat."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from bot.clock import utcnow
from bot.cycle.ingest import apply_cycle
from bot.delivery import outbox
from bot.delivery.alert_view import MessageView, render_text
from bot.delivery.sinks import Outcome, Result
from bot.settings import PollSettings
from bot.store import RowKind, RowStatus, Store
from tests.bot.helpers import PERSON, item, match, open_store, outcome, setup_guild, snapshot


class Killed(BaseException):
    """The process dies here (like SIGKILL, nothing after it runs)."""


@dataclass
class Channel:
    """Discord as far as the test cares: messages, and a nonce answered with the first one."""

    messages: list[str] = field(default_factory=list)
    nonces: dict[str, str] = field(default_factory=dict)


@dataclass
class DiscordLike:
    channel: Channel
    die_after_summary: bool = False

    async def send(self, channel_id: str, view: MessageView, nonce: str) -> Outcome:
        if nonce not in self.channel.nonces:
            self.channel.messages.append(render_text(view))
            self.channel.nonces[nonce] = str(len(self.channel.messages))
            if self.die_after_summary and "more alerts" in render_text(view):
                raise Killed
        return Outcome(Result.DELIVERED, message_id=self.channel.nonces[nonce])

    def notice_channels(self, guild_id: str) -> list[str]:
        return []


async def add_stories(store: Store, numbers: range) -> None:
    pairs = [(item(i, f"Story w{i}a w{i}b w{i}c"), [match()]) for i in numbers]
    async with store.transaction() as tx:
        await apply_cycle(tx, [outcome(*pairs)], {PERSON.id: PERSON}, PollSettings(), utcnow())


def times_shown(channel: Channel, n: int) -> int:
    return sum(bool(re.search(rf"Story w{n}a\b", text)) for text in channel.messages)


async def test_kill_after_discord_took_the_summary_repeats_no_alert(tmp_path):
    """Killed after Discord created the summary, before the bot recorded it; after a restart
    and one new story, every alert has been shown exactly once."""
    store = open_store(tmp_path / "s.json")
    await setup_guild(store)
    await add_stories(store, range(8))
    discord = Channel()
    with contextlib.suppress(Killed):
        await outbox.drain(store, DiscordLike(discord, die_after_summary=True), flood_cap=3)
    await store.close()
    store = open_store(tmp_path / "s.json")  # the restart
    try:
        await add_stories(store, range(8, 9))
        await outbox.drain(store, DiscordLike(discord), flood_cap=3)
        rows = (await snapshot(store)).outbox
    finally:
        await store.close()
    assert [times_shown(discord, n) for n in range(9)] == [1] * 9
    assert {r.status for r in rows} == {RowStatus.DELIVERED}


async def test_a_summary_row_is_stored_before_its_message_is_sent(tmp_path):
    """When the summary goes out, its row (with the rows it lists) is already in the store."""
    store = open_store(tmp_path / "s.json")
    await setup_guild(store)
    await add_stories(store, range(6))
    seen: list[list[str]] = []

    class Peeking(DiscordLike):
        async def send(self, channel_id: str, view: MessageView, nonce: str) -> Outcome:
            async with store.transaction() as tx:
                row = await tx.outbox.by_nonce(nonce)
            if row is not None and row.kind is RowKind.SUMMARY:
                seen.append(row.covers)
            return await super().send(channel_id, view, nonce)

    try:
        report = await outbox.drain(store, Peeking(Channel()), flood_cap=3)
    finally:
        await store.close()
    assert report.summarized == 4 and [len(c) for c in seen] == [4]
