"""The real bot (`run_bot.py run`'s code path) against the fake Discord on 127.0.0.1."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import discord
import discord.client
import discord.http
import pytest

from bot.app import Services
from bot.chat import client as chat_client
from bot.chat.client import WatchBot
from bot.chat.run import run_discord
from bot.settings import Settings
from bot.store import Alert, CycleSummary, Store, UnitOfWork
from tests.fakes.fake_discord import DEFAULT_PERMS, MANAGE_GUILD, ChannelRef, FakeDiscord

GUILD = 111
OTHER_GUILD = 222
ALERTS = 1001
NEWS = 1002
SPARE = 1003
FOREIGN_CHANNEL = 2001
ORGANIZER_ROLE = 501
PING_ROLE = 502
FOREIGN_ROLE = 601
ADMIN = 7001
MEMBER = 7002
ORGANIZER = 7003
TOKEN = "MTIzNDU2Nzg5.test-token.abcdefghijklmnop"
EPHEMERAL = 64
MEMBER_PERMS = DEFAULT_PERMS
ADMIN_PERMS = DEFAULT_PERMS | MANAGE_GUILD


class _ScaledAsyncio:
    """discord.py's asyncio with shorter sleeps: its 5xx retries wait 1+3+5+7+9 s."""

    def __init__(self, scale: float) -> None:
        self.scale = scale

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float, result: Any = None) -> Any:
        return await asyncio.sleep(delay * self.scale, result)


@pytest.fixture
def fast_retries(monkeypatch):
    """Scale discord.py's retry and reconnect sleeps down 100x (not rate-limit tests)."""
    monkeypatch.setattr(discord.http, "asyncio", _ScaledAsyncio(0.01))
    monkeypatch.setattr(discord.client, "asyncio", _ScaledAsyncio(0.01))


@pytest.fixture(autouse=True)
def _quick_ready(monkeypatch):
    monkeypatch.setattr(chat_client, "GUILD_READY_TIMEOUT", 0.05)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        server.add_guild(
            GUILD,
            channels={ALERTS: "rapid-response", NEWS: "all-news", SPARE: "general"},
            roles={ORGANIZER_ROLE: "Organizers", PING_ROLE: "rapid"},
        )
        server.add_guild(
            OTHER_GUILD, channels={FOREIGN_CHANNEL: "elsewhere"}, roles={FOREIGN_ROLE: "x"}
        )
        yield server


def bot_settings(fake: FakeDiscord, tmp_path, **fetch: Any) -> Settings:
    base = Settings()
    return dataclasses.replace(
        base,
        discord=dataclasses.replace(
            base.discord,
            api_base=fake.api_base,
            gateway_url=fake.gateway_url,
            organizer_role="Organizers",
            token=TOKEN,
            max_watched=3,
            max_feeds=2,
        ),
        store=dataclasses.replace(base.store, path=str(tmp_path / "store.json")),
        directory=dataclasses.replace(base.directory, path=str(tmp_path / "directory.json")),
        poll=dataclasses.replace(base.poll, interval_seconds=3600, parse_workers=0),
        sources=dataclasses.replace(base.sources, enabled=()),
        fetch=dataclasses.replace(base.fetch, deadline=3.0, **fetch),
    )


@dataclass
class RunningBot:
    client: WatchBot
    fake: FakeDiscord
    task: asyncio.Task

    @property
    def app(self) -> Services:
        assert self.client.app is not None
        return self.client.app

    async def command(
        self,
        name: str,
        *,
        user: int = ADMIN,
        perms: int = ADMIN_PERMS,
        guild: int = GUILD,
        **options: Any,
    ) -> dict[str, Any]:
        """Run a slash command as a member (of GUILD unless told) and return what Discord would
        show them."""
        handle = await self.fake.slash(guild, user, name, permissions=perms, **options)
        return await self.fake.reply(handle)

    async def call(self, fn, *args, **kwargs) -> Any:
        """`await fn(tx, *args)` in one transaction of the bot's store (a read or a change)."""
        async with self.app.store.transaction() as tx:
            return await fn(tx, *args, **kwargs)


async def last_cycle(store: Store) -> CycleSummary | None:
    async with store.transaction() as tx:
        return await tx.meta.last_cycle()


async def start_bot(settings: Settings, fake: FakeDiscord) -> RunningBot:
    holder: list[WatchBot] = []
    task = asyncio.create_task(run_discord(settings, started=holder.append))
    async with asyncio.timeout(10):
        while not holder or not holder[0].is_ready():
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        client = holder[0]
        assert client.app is not None
        # The scheduler's first poll runs at once; let it finish so tests start quiet.
        while await last_cycle(client.app.store) is None:
            await asyncio.sleep(0.01)
        # ...and the delivery round it woke, so a test's own drains find what it queued.
        await client.app.pipeline.delivery.settled()
    return RunningBot(client, fake, task)


async def stop_bot(bot: RunningBot) -> None:
    bot.client.stop.set()
    async with asyncio.timeout(10):
        await bot.task


@pytest.fixture
async def bot(fake, tmp_path) -> AsyncIterator[RunningBot]:
    running = await start_bot(bot_settings(fake, tmp_path), fake)
    try:
        yield running
    finally:
        await stop_bot(running)


RIVERA = {
    "prosecutor": "Alex Rivera",
    "office": "District Attorney",
    "jurisdiction": "Harbor County",
    "state": "CA",
}
RIVERA_ID = "alex-rivera-harbor-county"


async def add_alert(
    tx: UnitOfWork, n: int, event_type: str = "recall", *, route: bool = True, **item_kw: Any
) -> Alert:
    """Store one alert about Alex Rivera (as a poll cycle would) and queue it."""
    from bot import guilds
    from bot.clock import utcnow
    from bot.cycle.alerts import alert_record
    from bot.cycle.routing import route as route_alert
    from feeds.models import Event, EventType, Item, Match

    person = (await guilds.watched(tx, GUILD))[0]
    now = utcnow()
    item = Item(
        key=f"link:https://news.example/{n}",
        source_id="src",
        title=item_kw.pop("title", f"Recall petition against Rivera number {n}"),
        link=item_kw.pop("link", f"https://news.example/{n}"),
        published=now,
        outlet=item_kw.pop("outlet", "Harbor Times"),
        story_key=f"story-{n}",
        **item_kw,
    )
    match = Match(person.id, EventType(event_type), 0.9, ("Rivera", event_type))
    record = alert_record(Event(item, match), person, now)
    await tx.alerts.add([record])
    if route:
        await tx.outbox.enqueue(await route_alert(tx, record, now))
    return record


async def watch_rivera(bot: RunningBot, channel: int | None = None, **sub: Any) -> None:
    await bot.command("watch add", **RIVERA)
    await bot.command("subscribe", channel=ChannelRef(channel or ALERTS), **sub)


async def other_server_watches_rivera(bot: RunningBot) -> None:
    """The second server watches Alex Rivera too, alerts going to its own channel."""
    for name, options in (
        ("watch add", RIVERA),
        ("subscribe", {"channel": ChannelRef(FOREIGN_CHANNEL)}),
    ):
        handle = await bot.fake.slash(OTHER_GUILD, ADMIN, name, **options)
        await bot.fake.reply(handle)
