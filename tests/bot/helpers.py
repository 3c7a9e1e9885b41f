"""Small builders shared by the bot tests (real store, real guild config)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot import guilds
from bot.cycle import source_registry
from bot.cycle.ingest import SourceOutcome
from bot.store import Alert, OutboxRow, Source, Store
from bot.store.tinydb import TinyStore
from feeds.models import EventType, Item, Match, Prosecutor

GUILD = 10
CHANNEL = 20
OTHER_CHANNEL = 21
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

PERSON = Prosecutor(
    id="alex-rivera", name="Alex Rivera", office="District Attorney",
    jurisdiction="Harbor County", state="CA",
)  # fmt: skip


def item(n: int, title: str | None = None, hours_ago: float = 1, **kw) -> Item:
    title = title or f"Story number {n} about the harbor district attorney"
    return Item(
        key=f"link:https://news.example/{n}",
        source_id=kw.pop("source_id", "src"),
        title=title,
        link=f"https://news.example/{n}",
        published=NOW - timedelta(hours=hours_ago),
        outlet=kw.pop("outlet", "Harbor Times"),
        story_key=f"story-{n}",
        **kw,
    )


def match(event_type: EventType = EventType.RECALL, score: float = 0.9) -> Match:
    return Match(PERSON.id, event_type, score, ("Rivera", "recall"))


def outcome(*pairs, source_id: str = "src") -> SourceOutcome:
    return SourceOutcome(source_id, ok=True, matched=list(pairs), body_hash="h")


def open_store(path) -> TinyStore:
    """The embedded engine on a file of the test's own."""
    return TinyStore.open(path)


async def setup_guild(store: Store, *, seeded: bool = True, digest: bool = False) -> None:
    async with store.transaction() as tx:
        await guilds.watch(tx, GUILD, PERSON, 200)
        await guilds.subscribe(tx, GUILD, CHANNEL, None, ())
        if digest:
            await guilds.set_digest(tx, GUILD, CHANNEL, "daily", "08:00")
        source = source_registry.new_source(
            "src", "rss", "https://news.example/feed", seeded=seeded
        )
        await source_registry.add_source(tx, source)


@dataclass
class Stored:
    """What a store holds, read in one transaction, for assertions."""

    sources: list[Source]
    alerts: list[Alert]
    outbox: list[OutboxRow]
    seen: int


async def snapshot(store: Store) -> Stored:
    async with store.transaction() as tx:
        return Stored(
            sources=await tx.sources.all(),
            alerts=await tx.alerts.all(),
            outbox=await tx.outbox.all(),
            seen=await tx.seen.count(),
        )
