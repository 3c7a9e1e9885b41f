"""TinyDB repositories for per-server configuration and organizer feedback.

Tables: `guilds` (one document per guild: watchlist and mention rule), `subscriptions`,
`channels` and `feedback`. Every query names the guild, so one server's documents never answer
another's question.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tinydb import Query

from bot.store.api import FeedbackRepo, GuildRepo
from bot.store.models import (
    Backfill,
    ChannelSettings,
    Feedback,
    MentionRule,
    Subscription,
)
from bot.store.tinydb.records import Codec, person, person_doc
from feeds.models import EventType, Prosecutor

if TYPE_CHECKING:
    from bot.store.tinydb.engine import TinyStore

Q = Query()
SUBSCRIPTION = Codec(Subscription)
CHANNEL = Codec(ChannelSettings)
FEEDBACK = Codec(Feedback)
BACKFILL = Codec(Backfill)


class TinyGuildRepo(GuildRepo):
    def __init__(self, store: TinyStore) -> None:
        self.s = store
        self.guilds = store.table("guilds")
        self.subs = store.table("subscriptions")
        self.chans = store.table("channels")
        self.backfill_table = store.table("backfills")

    # -- the guild document: watchlist and mention rule ---------------------------------------

    def _guild(self, guild_id: str) -> dict[str, Any]:
        doc = self.guilds.get(Q.guild_id == guild_id)
        return dict(doc) if doc else {"guild_id": guild_id, "watch": {}, "mention": None}

    def _save_guild(self, doc: dict[str, Any]) -> None:
        self.guilds.upsert(doc, Q.guild_id == doc["guild_id"])

    async def guild_ids(self) -> list[str]:
        return await self.s.call(lambda: [doc["guild_id"] for doc in self.guilds])

    async def watched(self, guild_id: str) -> list[Prosecutor]:
        def op() -> list[Prosecutor]:
            people = (person(raw) for raw in self._guild(guild_id)["watch"].values())
            return sorted(people, key=lambda p: p.name)

        return await self.s.call(op)

    async def add_watch(self, guild_id: str, who: Prosecutor) -> None:
        def op() -> None:
            doc = self._guild(guild_id)
            doc["watch"] = {**doc["watch"], who.id: person_doc(who)}
            self._save_guild(doc)

        await self.s.call(op)

    async def remove_watch(self, guild_id: str, prosecutor_id: str) -> bool:
        def op() -> bool:
            doc = self._guild(guild_id)
            if prosecutor_id not in doc["watch"]:
                return False
            doc["watch"] = {k: v for k, v in doc["watch"].items() if k != prosecutor_id}
            self._save_guild(doc)
            return True

        return await self.s.call(op)

    async def all_watched(self) -> dict[str, Prosecutor]:
        def op() -> dict[str, Prosecutor]:
            people: dict[str, Prosecutor] = {}
            for doc in self.guilds.all():
                for pid, raw in doc.get("watch", {}).items():
                    if pid not in people:
                        people[pid] = person(raw)
            return people

        return await self.s.call(op)

    async def watchers(self) -> dict[str, set[str]]:
        def op() -> dict[str, set[str]]:
            result: dict[str, set[str]] = {}
            for doc in self.guilds.all():
                for pid in doc.get("watch", {}):
                    result.setdefault(pid, set()).add(doc["guild_id"])
            return result

        return await self.s.call(op)

    async def watch_version(self) -> int:
        return await self.s.call(self.s.watch_version)

    async def timezone(self, guild_id: str) -> str | None:
        return await self.s.call(lambda: self._guild(guild_id).get("timezone"))

    async def set_timezone(self, guild_id: str, zone: str | None) -> None:
        def op() -> None:
            doc = self._guild(guild_id)
            doc["timezone"] = zone
            self._save_guild(doc)

        await self.s.call(op)

    # -- backfill requests ----------------------------------------------------------------------

    async def backfills(self, guild_id: str | None = None) -> list[Backfill]:
        def op() -> list[Backfill]:
            table = self.backfill_table
            docs = table.all() if guild_id is None else table.search(Q.guild_id == guild_id)
            found = [BACKFILL.from_doc(d) for d in docs]
            return sorted(found, key=lambda b: b.requested_at)

        return await self.s.call(op)

    async def add_backfill(self, backfill: Backfill) -> None:
        where = (
            (Q.guild_id == backfill.guild_id)
            & (Q.prosecutor_id == backfill.prosecutor_id)
            & (Q.source_id == backfill.source_id)
        )
        await self.s.call(self.backfill_table.upsert, BACKFILL.to_doc(backfill), where)

    async def remove_backfills(self, ids: Iterable[str]) -> int:
        wanted = list(ids)
        if not wanted:
            return 0
        return len(await self.s.call(self.backfill_table.remove, Q.id.one_of(wanted)))

    # -- mention rule ---------------------------------------------------------------------------

    async def mention(self, guild_id: str) -> MentionRule | None:
        def op() -> MentionRule | None:
            raw = self._guild(guild_id).get("mention")
            if not raw:
                return None
            return MentionRule(raw["role_id"], [EventType(t) for t in raw["types"]])

        return await self.s.call(op)

    async def set_mention(self, guild_id: str, rule: MentionRule | None) -> None:
        def op() -> None:
            doc = self._guild(guild_id)
            doc["mention"] = (
                {"role_id": rule.role_id, "types": [str(t) for t in rule.types]} if rule else None
            )
            self._save_guild(doc)

        await self.s.call(op)

    # -- subscriptions --------------------------------------------------------------------------

    async def subscriptions(self, guild_id: str | None = None) -> list[Subscription]:
        def op() -> list[Subscription]:
            docs = self.subs.all() if guild_id is None else self.subs.search(Q.guild_id == guild_id)
            return [SUBSCRIPTION.from_doc(d) for d in docs]

        return await self.s.call(op)

    @staticmethod
    def _where(guild_id: str, channel_id: str, prosecutor_id: str) -> Any:
        return (
            (Q.guild_id == guild_id)
            & (Q.channel_id == channel_id)
            & (Q.prosecutor_id == prosecutor_id)
        )

    async def subscription(
        self, guild_id: str, channel_id: str, prosecutor_id: str
    ) -> Subscription | None:
        def op() -> Subscription | None:
            doc = self.subs.get(self._where(guild_id, channel_id, prosecutor_id))
            return SUBSCRIPTION.from_doc(doc) if doc else None

        return await self.s.call(op)

    async def save_subscription(self, subscription: Subscription) -> None:
        doc = SUBSCRIPTION.to_doc(subscription)
        where = self._where(
            subscription.guild_id, subscription.channel_id, subscription.prosecutor_id
        )
        await self.s.call(self.subs.upsert, doc, where)

    async def remove_subscriptions(
        self, guild_id: str, channel_id: str, prosecutor_id: str | None = None
    ) -> int:
        where = (Q.guild_id == guild_id) & (Q.channel_id == channel_id)
        if prosecutor_id:
            where &= Q.prosecutor_id == prosecutor_id
        return len(await self.s.call(self.subs.remove, where))

    async def remove_prosecutor_subscriptions(self, guild_id: str, prosecutor_id: str) -> int:
        where = (Q.guild_id == guild_id) & (Q.prosecutor_id == prosecutor_id)
        return len(await self.s.call(self.subs.remove, where))

    # -- channels -------------------------------------------------------------------------------

    async def channel(self, guild_id: str, channel_id: str) -> ChannelSettings:
        def op() -> ChannelSettings:
            doc = self.chans.get(Q.channel_id == channel_id)
            if doc and doc["guild_id"] == guild_id:
                return CHANNEL.from_doc(doc)
            return ChannelSettings(guild_id=guild_id, channel_id=channel_id)

        return await self.s.call(op)

    async def channels(self, guild_id: str | None = None) -> list[ChannelSettings]:
        def op() -> list[ChannelSettings]:
            docs = (
                self.chans.all() if guild_id is None else self.chans.search(Q.guild_id == guild_id)
            )
            return [CHANNEL.from_doc(d) for d in docs]

        return await self.s.call(op)

    async def save_channel(self, channel: ChannelSettings) -> None:
        doc = CHANNEL.to_doc(channel)
        await self.s.call(self.chans.upsert, doc, Q.channel_id == channel.channel_id)


class TinyFeedbackRepo(FeedbackRepo):
    def __init__(self, store: TinyStore) -> None:
        self.s = store
        self.table = store.table("feedback")

    async def record(self, feedback: Feedback) -> None:
        doc = FEEDBACK.to_doc(feedback)
        where = (Q.guild_id == feedback.guild_id) & (Q.alert_key == feedback.alert_key)
        await self.s.call(self.table.upsert, doc, where)

    async def all(self) -> list[Feedback]:
        return await self.s.call(lambda: [FEEDBACK.from_doc(d) for d in self.table])

    async def for_guild(self, guild_id: str) -> list[Feedback]:
        def op() -> list[Feedback]:
            return [FEEDBACK.from_doc(d) for d in self.table.search(Q.guild_id == guild_id)]

        return await self.s.call(op)
