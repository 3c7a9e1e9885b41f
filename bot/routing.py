"""Routing: which channels get an alert, held or pinging, per each guild's configuration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot import guilds, outbox
from bot.store import Store


class RouteContext:
    """What routing reads for every alert, read once per cycle: the watchers map, subscriptions,
    channel settings and mentions do not change inside a cycle's transaction."""

    def __init__(self, store: Store) -> None:
        self.watching = guilds.watchers(store)
        self.subscriptions = guilds.subscriptions(store)
        self._channels: dict[tuple[str, str], dict[str, Any]] = {}
        self._mentions: dict[tuple[str, str], str | None] = {}

    def channel(self, store: Store, guild_id: str, channel_id: str) -> dict[str, Any]:
        key = (guild_id, channel_id)
        if key not in self._channels:
            self._channels[key] = guilds.channel_settings(store, guild_id, channel_id)
        return self._channels[key]

    def mention(self, store: Store, guild_id: str, event_type: str) -> str | None:
        key = (guild_id, event_type)
        if key not in self._mentions:
            self._mentions[key] = guilds.mention_for(store, guild_id, event_type)
        return self._mentions[key]


def route(
    store: Store, record: dict[str, Any], now: datetime, ctx: RouteContext | None = None
) -> list[dict[str, Any]]:
    """Outbox rows for every channel that asked for this prosecutor and type."""
    ctx = ctx or RouteContext(store)
    rows: dict[str, dict[str, Any]] = {}
    watching = ctx.watching.get(record["prosecutor_id"], set())
    for sub in ctx.subscriptions:
        if sub["guild_id"] not in watching or sub["channel_id"] in rows:
            continue
        if sub["prosecutor_id"] not in (guilds.ALL, record["prosecutor_id"]):
            continue
        if sub["types"] and record["event_type"] not in sub["types"]:
            continue
        channel = ctx.channel(store, sub["guild_id"], sub["channel_id"])
        if channel["status"] != "active" or guilds.suppressed(store, sub["guild_id"], record):
            continue
        rows[sub["channel_id"]] = outbox.new_row(
            record["alert_key"],
            sub["guild_id"],
            sub["channel_id"],
            digest=channel["digest"] != "off",
            role=ctx.mention(store, sub["guild_id"], record["event_type"]),
            now=now,
        )
    return list(rows.values())
