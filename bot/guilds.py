"""Per-server configuration: who is watched, which channel gets what, who is pinged.

Every function takes the guild id first and touches only that guild's documents, so one server
can never read or change another's setup. Functions are sync: run them via `Store.call`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from tinydb import Query

from bot.store import Store, iso, utcnow
from feeds.models import URGENT_TYPES, EventType, Prosecutor

Q = Query()
ALL = "*"


class ConfigError(Exception):
    """A request an organizer can fix; the message is shown to them as is."""


# -- watchlist ---------------------------------------------------------------------------------


def _guild(store: Store, guild_id: int) -> dict[str, Any]:
    doc = store.guilds.get(Q.guild_id == str(guild_id))
    return dict(doc) if doc else {"guild_id": str(guild_id), "watch": {}, "mention": None}


def _save_guild(store: Store, doc: dict[str, Any]) -> None:
    store.guilds.upsert(doc, Q.guild_id == doc["guild_id"])


def watch(store: Store, guild_id: int, person: Prosecutor, limit: int) -> bool:
    """Add a prosecutor to the guild's watchlist; False if already watched."""
    doc = _guild(store, guild_id)
    if person.id in doc["watch"]:
        return False
    if len(doc["watch"]) >= limit:
        raise ConfigError(f"This server already watches {limit} prosecutors, the most allowed.")
    doc["watch"] = {**doc["watch"], person.id: {**asdict(person), "aliases": list(person.aliases)}}
    _save_guild(store, doc)
    return True


def unwatch(store: Store, guild_id: int, prosecutor_id: str) -> bool:
    doc = _guild(store, guild_id)
    if prosecutor_id not in doc["watch"]:
        return False
    doc["watch"] = {k: v for k, v in doc["watch"].items() if k != prosecutor_id}
    _save_guild(store, doc)
    store.table("subscriptions").remove(
        (Q.guild_id == str(guild_id)) & (Q.prosecutor_id == prosecutor_id)
    )
    return True


def _person(raw: dict[str, Any]) -> Prosecutor:
    return Prosecutor(
        id=raw["id"],
        name=raw["name"],
        office=raw["office"],
        jurisdiction=raw["jurisdiction"],
        state=raw["state"],
        aliases=tuple(raw.get("aliases", ())),
    )


def watched(store: Store, guild_id: int) -> list[Prosecutor]:
    return sorted(
        (_person(raw) for raw in _guild(store, guild_id)["watch"].values()), key=lambda p: p.name
    )


def all_watched(store: Store) -> dict[str, Prosecutor]:
    """Every prosecutor any guild watches: what the matcher looks for."""
    people: dict[str, Prosecutor] = {}
    for doc in store.guilds.all():
        for pid, raw in doc.get("watch", {}).items():
            people.setdefault(pid, _person(raw))
    return people


def watchers(store: Store) -> dict[str, set[str]]:
    """prosecutor id -> ids of the guilds that watch them."""
    result: dict[str, set[str]] = {}
    for doc in store.guilds.all():
        for pid in doc.get("watch", {}):
            result.setdefault(pid, set()).add(doc["guild_id"])
    return result


# -- subscriptions -----------------------------------------------------------------------------


def subscribe(
    store: Store,
    guild_id: int,
    channel_id: int,
    prosecutor_id: str | None,
    types: Iterable[EventType] = (),
) -> dict[str, Any]:
    """Route alerts about one prosecutor (or all watched) of some types (or all) to a channel."""
    target = prosecutor_id or ALL
    if target != ALL and target not in _guild(store, guild_id)["watch"]:
        raise ConfigError("Watch that prosecutor first with /watch add.")
    table = store.table("subscriptions")
    where = (
        (Q.guild_id == str(guild_id))
        & (Q.channel_id == str(channel_id))
        & (Q.prosecutor_id == target)
    )
    doc = {
        "guild_id": str(guild_id),
        "channel_id": str(channel_id),
        "prosecutor_id": target,
        "types": sorted(str(t) for t in types),
    }
    existing = table.get(where)
    doc["id"] = existing["id"] if existing else uuid.uuid4().hex[:12]
    table.upsert(doc, where)
    channel = _channel(store, guild_id, channel_id)
    if channel["status"] != "active":
        # Subscribing again is how an organizer says the channel is usable again.
        channel.update(status="active", reason=None)
        _save_channel(store, channel)
    return doc


def unsubscribe(store: Store, guild_id: int, channel_id: int, prosecutor_id: str | None) -> int:
    where = (Q.guild_id == str(guild_id)) & (Q.channel_id == str(channel_id))
    if prosecutor_id:
        where &= Q.prosecutor_id == prosecutor_id
    return len(store.table("subscriptions").remove(where))


def subscriptions(store: Store, guild_id: int | str | None = None) -> list[dict[str, Any]]:
    table = store.table("subscriptions")
    if guild_id is None:
        return [dict(doc) for doc in table.all()]
    return [dict(doc) for doc in table.search(Q.guild_id == str(guild_id))]


# -- channels: digest mode and delivery health -------------------------------------------------


def _channel(store: Store, guild_id: int | str, channel_id: int | str) -> dict[str, Any]:
    doc = store.table("channels").get(Q.channel_id == str(channel_id))
    if doc and doc["guild_id"] == str(guild_id):
        return dict(doc)
    return {
        "guild_id": str(guild_id),
        "channel_id": str(channel_id),
        "digest": "off",
        "digest_time": "08:00",
        "last_digest_at": None,
        "status": "active",
        "reason": None,
    }


def _save_channel(store: Store, doc: dict[str, Any]) -> None:
    store.table("channels").upsert(doc, Q.channel_id == doc["channel_id"])


def channel_settings(store: Store, guild_id: int | str, channel_id: int | str) -> dict[str, Any]:
    return _channel(store, guild_id, channel_id)


def channels(store: Store, guild_id: int | str | None = None) -> list[dict[str, Any]]:
    table = store.table("channels")
    docs = table.all() if guild_id is None else table.search(Q.guild_id == str(guild_id))
    return [dict(doc) for doc in docs]


def notice_channel(store: Store, guild_id: str) -> str | None:
    """A channel of this guild the bot posts to and may still write to, for notices."""
    paused = {doc["channel_id"] for doc in channels(store, guild_id) if doc["status"] != "active"}
    for sub in subscriptions(store, guild_id):
        if sub["channel_id"] not in paused:
            return str(sub["channel_id"])
    return None


def set_digest(store: Store, guild_id: int, channel_id: int, mode: str, at: str = "08:00") -> None:
    if mode not in ("off", "daily", "weekly"):
        raise ConfigError("Digest must be daily, weekly or off.")
    hours, _, minutes = at.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        raise ConfigError("Time must look like 08:00 (24-hour, UTC).")
    doc = _channel(store, guild_id, channel_id)
    doc.update(digest=mode, digest_time=f"{int(hours):02d}:{int(minutes):02d}")
    _save_channel(store, doc)


def mark_digest_sent(store: Store, guild_id: str, channel_id: str, when: str) -> None:
    doc = _channel(store, guild_id, channel_id)
    doc["last_digest_at"] = when
    _save_channel(store, doc)


def set_channel_status(
    store: Store, guild_id: str, channel_id: str, status: str, reason: str | None
) -> None:
    """Pause (no permission) or disable (deleted channel) delivery to one channel."""
    doc = _channel(store, guild_id, channel_id)
    doc.update(status=status, reason=reason, changed_at=iso(utcnow()))
    _save_channel(store, doc)


# -- mentions ------------------------------------------------------------------------------------


def set_mention(
    store: Store, guild_id: int, role_id: int | None, types: Iterable[EventType] = ()
) -> None:
    doc = _guild(store, guild_id)
    chosen = sorted(str(t) for t in (types or URGENT_TYPES))
    doc["mention"] = {"role_id": str(role_id), "types": chosen} if role_id else None
    _save_guild(store, doc)


def mention_for(store: Store, guild_id: str, event_type: str) -> str | None:
    """The role to ping for this type in this guild, if one is configured for it."""
    mention = _guild(store, int(guild_id)).get("mention")
    if mention and event_type in mention["types"]:
        return str(mention["role_id"])
    return None


def get_mention(store: Store, guild_id: int) -> dict[str, Any] | None:
    return _guild(store, guild_id).get("mention")


# -- feedback ------------------------------------------------------------------------------------


def record_feedback(store: Store, guild_id: int, alert_key: str, kind: str) -> dict[str, Any]:
    """Remember that an alert was wrong, so the same pattern is not alerted again here."""
    if kind not in ("wrong_person", "not_relevant"):
        raise ConfigError("Feedback is either wrong_person or not_relevant.")
    alert = store.alerts.get(Q.alert_key == alert_key)
    if alert is None:
        raise ConfigError("That alert is no longer known to the bot.")
    doc = {
        "guild_id": str(guild_id),
        "kind": kind,
        "alert_key": alert_key,
        "prosecutor_id": alert["prosecutor_id"],
        "event_type": alert["event_type"],
        "origin": alert.get("origin"),
        "evidence": sorted(alert.get("evidence", [])),
        "at": iso(utcnow()),
    }
    store.table("feedback").upsert(
        doc, (Q.guild_id == doc["guild_id"]) & (Q.alert_key == alert_key)
    )
    return doc


def suppressed(store: Store, guild_id: str, alert: dict[str, Any]) -> bool:
    """Whether organizer feedback in this guild rules this alert out.

    "Wrong person" rules out the same prosecutor matched by the same words from the same origin
    (outlet or host); "not relevant" rules out that prosecutor's events of that type from there.
    """
    for doc in store.table("feedback").search(Q.guild_id == guild_id):
        if doc["prosecutor_id"] != alert["prosecutor_id"] or doc["origin"] != alert.get("origin"):
            continue
        if doc["kind"] == "not_relevant" and doc["event_type"] == alert["event_type"]:
            return True
        if doc["kind"] == "wrong_person" and doc["evidence"] == sorted(alert.get("evidence", [])):
            return True
    return False
