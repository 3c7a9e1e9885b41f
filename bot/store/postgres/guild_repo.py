"""PostgreSQL repositories for per-server configuration and organizer feedback.

Tables: `guilds` (mention rule), `watches` (one row per guild and prosecutor), `subscriptions`,
`channels`, `feedback`. Every query names the guild, so one server's rows never answer another's
question; only the all-guild reads the pipeline needs leave it out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import asyncpg

from bot.store.api import FeedbackRepo, GuildRepo
from bot.store.models import Backfill, ChannelSettings, Feedback, MentionRule, Subscription
from bot.store.postgres.codec import RowCodec
from feeds.models import EventType, Prosecutor

SUBSCRIPTION = RowCodec(Subscription, "subscriptions")
CHANNEL = RowCodec(ChannelSettings, "channels")
FEEDBACK = RowCodec(Feedback, "feedback")
BACKFILL = RowCodec(Backfill, "backfills")


def _count(status: str) -> int:
    return int(status.rsplit(" ", 1)[-1])


def person_record(person: Prosecutor) -> dict[str, Any]:
    return {**dataclasses.asdict(person), "aliases": list(person.aliases)}


def person_from(raw: dict[str, Any]) -> Prosecutor:
    return Prosecutor(
        id=raw["id"],
        name=raw["name"],
        office=raw["office"],
        jurisdiction=raw["jurisdiction"],
        state=raw["state"],
        aliases=tuple(raw.get("aliases", ())),
    )


class PgGuildRepo(GuildRepo):
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def _ensure_guild(self, guild_id: str) -> None:
        await self.conn.execute(
            "INSERT INTO guilds (guild_id) VALUES ($1) ON CONFLICT DO NOTHING", guild_id
        )

    async def guild_ids(self) -> list[str]:
        return [
            r["guild_id"] for r in await self.conn.fetch("SELECT guild_id FROM guilds ORDER BY seq")
        ]

    # -- watchlist and mention rule ---------------------------------------------------------

    async def watched(self, guild_id: str) -> list[Prosecutor]:
        rows = await self.conn.fetch("SELECT person FROM watches WHERE guild_id = $1", guild_id)
        return sorted((person_from(r["person"]) for r in rows), key=lambda p: p.name)

    async def add_watch(self, guild_id: str, person: Prosecutor) -> None:
        await self._ensure_guild(guild_id)
        await self.conn.execute(
            "INSERT INTO watches (guild_id, prosecutor_id, person) VALUES ($1, $2, $3)"
            " ON CONFLICT (guild_id, prosecutor_id) DO UPDATE SET person = excluded.person",
            guild_id,
            person.id,
            person_record(person),
        )

    async def remove_watch(self, guild_id: str, prosecutor_id: str) -> bool:
        status = await self.conn.execute(
            "DELETE FROM watches WHERE guild_id = $1 AND prosecutor_id = $2",
            guild_id,
            prosecutor_id,
        )
        return _count(status) > 0

    async def all_watched(self) -> dict[str, Prosecutor]:
        rows = await self.conn.fetch(
            "SELECT w.prosecutor_id, w.person FROM watches w JOIN guilds g USING (guild_id)"
            " ORDER BY g.seq, w.seq"
        )
        people: dict[str, Prosecutor] = {}
        for row in rows:  # the first guild's record wins
            if row["prosecutor_id"] not in people:
                people[row["prosecutor_id"]] = person_from(row["person"])
        return people

    async def watchers(self) -> dict[str, set[str]]:
        result: dict[str, set[str]] = {}
        for row in await self.conn.fetch("SELECT prosecutor_id, guild_id FROM watches"):
            result.setdefault(row["prosecutor_id"], set()).add(row["guild_id"])
        return result

    async def watch_version(self) -> int:
        return int(await self.conn.fetchval("SELECT version FROM watch_version"))

    async def mention(self, guild_id: str) -> MentionRule | None:
        raw = await self.conn.fetchval("SELECT mention FROM guilds WHERE guild_id = $1", guild_id)
        if not raw:
            return None
        return MentionRule(raw["role_id"], [EventType(t) for t in raw["types"]])

    async def set_mention(self, guild_id: str, rule: MentionRule | None) -> None:
        await self._ensure_guild(guild_id)
        raw = {"role_id": rule.role_id, "types": [str(t) for t in rule.types]} if rule else None
        await self.conn.execute("UPDATE guilds SET mention = $2 WHERE guild_id = $1", guild_id, raw)

    async def timezone(self, guild_id: str) -> str | None:
        return await self.conn.fetchval(  # type: ignore[no-any-return]
            "SELECT timezone FROM guilds WHERE guild_id = $1", guild_id
        )

    async def set_timezone(self, guild_id: str, zone: str | None) -> None:
        await self._ensure_guild(guild_id)
        await self.conn.execute(
            "UPDATE guilds SET timezone = $2 WHERE guild_id = $1", guild_id, zone
        )

    # -- backfill requests ------------------------------------------------------------------

    async def backfills(self, guild_id: str | None = None) -> list[Backfill]:
        rows = await self.conn.fetch(
            f"SELECT {BACKFILL.select_list} FROM backfills"
            " WHERE $1::text IS NULL OR guild_id = $1 ORDER BY requested_at, id",
            guild_id,
        )
        return BACKFILL.from_rows(rows)

    async def add_backfill(self, backfill: Backfill) -> None:
        # One pending request per guild and prosecutor (or feed): a new one replaces it.
        await self.conn.execute(
            BACKFILL.upsert_sql("guild_id, prosecutor_id, source_id"), *BACKFILL.values(backfill)
        )

    async def remove_backfills(self, ids: Iterable[str]) -> int:
        wanted = sorted(set(ids))
        if not wanted:
            return 0
        status = await self.conn.execute("DELETE FROM backfills WHERE id = ANY($1::text[])", wanted)
        return _count(status)

    # -- subscriptions ----------------------------------------------------------------------

    async def subscriptions(self, guild_id: str | None = None) -> list[Subscription]:
        rows = await self.conn.fetch(
            f"SELECT {SUBSCRIPTION.select_list} FROM subscriptions"
            " WHERE $1::text IS NULL OR guild_id = $1 ORDER BY seq",
            guild_id,
        )
        return SUBSCRIPTION.from_rows(rows)

    async def subscription(
        self, guild_id: str, channel_id: str, prosecutor_id: str
    ) -> Subscription | None:
        row = await self.conn.fetchrow(
            f"SELECT {SUBSCRIPTION.select_list} FROM subscriptions"
            " WHERE guild_id = $1 AND channel_id = $2 AND prosecutor_id = $3",
            guild_id,
            channel_id,
            prosecutor_id,
        )
        return SUBSCRIPTION.from_row(row) if row else None

    async def save_subscription(self, subscription: Subscription) -> None:
        await self.conn.execute(
            SUBSCRIPTION.upsert_sql("guild_id, channel_id, prosecutor_id"),
            *SUBSCRIPTION.values(subscription),
        )

    async def remove_subscriptions(
        self, guild_id: str, channel_id: str, prosecutor_id: str | None = None
    ) -> int:
        status = await self.conn.execute(
            "DELETE FROM subscriptions WHERE guild_id = $1 AND channel_id = $2"
            " AND ($3::text IS NULL OR prosecutor_id = $3)",
            guild_id,
            channel_id,
            prosecutor_id,
        )
        return _count(status)

    async def remove_prosecutor_subscriptions(self, guild_id: str, prosecutor_id: str) -> int:
        status = await self.conn.execute(
            "DELETE FROM subscriptions WHERE guild_id = $1 AND prosecutor_id = $2",
            guild_id,
            prosecutor_id,
        )
        return _count(status)

    # -- channels ---------------------------------------------------------------------------

    async def channel(self, guild_id: str, channel_id: str) -> ChannelSettings:
        row = await self.conn.fetchrow(
            f"SELECT {CHANNEL.select_list} FROM channels WHERE channel_id = $1 AND guild_id = $2",
            channel_id,
            guild_id,
        )
        if row is None:  # never configured, or another guild's channel id
            return ChannelSettings(guild_id=guild_id, channel_id=channel_id)
        return CHANNEL.from_row(row)

    async def channels(self, guild_id: str | None = None) -> list[ChannelSettings]:
        rows = await self.conn.fetch(
            f"SELECT {CHANNEL.select_list} FROM channels"
            " WHERE $1::text IS NULL OR guild_id = $1 ORDER BY seq",
            guild_id,
        )
        return CHANNEL.from_rows(rows)

    async def save_channel(self, channel: ChannelSettings) -> None:
        await self.conn.execute(CHANNEL.upsert_sql("channel_id"), *CHANNEL.values(channel))


class PgFeedbackRepo(FeedbackRepo):
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def record(self, feedback: Feedback) -> None:
        await self.conn.execute(
            FEEDBACK.upsert_sql("guild_id, alert_key"), *FEEDBACK.values(feedback)
        )

    async def for_guild(self, guild_id: str) -> list[Feedback]:
        rows = await self.conn.fetch(
            f"SELECT {FEEDBACK.select_list} FROM feedback WHERE guild_id = $1 ORDER BY seq",
            guild_id,
        )
        return FEEDBACK.from_rows(rows)

    async def all(self) -> list[Feedback]:
        rows = await self.conn.fetch(f"SELECT {FEEDBACK.select_list} FROM feedback ORDER BY seq")
        return FEEDBACK.from_rows(rows)
