"""Per-server configuration rules: who is watched, which channel gets what, who is pinged.

Every function takes the unit of work and the guild id first and touches only that guild's
configuration, so one server can never read or change another's setup. Storage is the
repositories' business (bot/store); the rules and the errors organizers see are here.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable

from bot.clock import utcnow
from bot.store import (
    ALL_PROSECUTORS,
    Alert,
    ChannelSettings,
    ChannelStatus,
    DigestMode,
    Feedback,
    FeedbackKind,
    MentionRule,
    Subscription,
    UnitOfWork,
)
from feeds.models import URGENT_TYPES, EventType, Prosecutor

ALL = ALL_PROSECUTORS


class ConfigError(Exception):
    """A request an organizer can fix; the message is shown to them as is."""


# -- watchlist ---------------------------------------------------------------------------------


async def watch(tx: UnitOfWork, guild_id: int | str, person: Prosecutor, limit: int) -> bool:
    """Add a prosecutor to the guild's watchlist; False if already watched."""
    people = await tx.guilds.watched(str(guild_id))
    if any(p.id == person.id for p in people):
        return False
    if len(people) >= limit:
        raise ConfigError(f"This server already watches {limit} prosecutors, the most allowed.")
    await tx.guilds.add_watch(str(guild_id), person)
    return True


async def unwatch(tx: UnitOfWork, guild_id: int | str, prosecutor_id: str) -> bool:
    """Stop watching someone; their subscriptions in this guild go too."""
    if not await tx.guilds.remove_watch(str(guild_id), prosecutor_id):
        return False
    await tx.guilds.remove_prosecutor_subscriptions(str(guild_id), prosecutor_id)
    return True


async def watched(tx: UnitOfWork, guild_id: int | str) -> list[Prosecutor]:
    return await tx.guilds.watched(str(guild_id))


# -- subscriptions -----------------------------------------------------------------------------


async def subscribe(
    tx: UnitOfWork,
    guild_id: int | str,
    channel_id: int | str,
    prosecutor_id: str | None,
    types: Iterable[EventType] = (),
) -> Subscription:
    """Route alerts about one prosecutor (or all watched) of some types (or all) to a channel."""
    gid, cid = str(guild_id), str(channel_id)
    target = prosecutor_id or ALL
    if target != ALL and not any(p.id == target for p in await tx.guilds.watched(gid)):
        raise ConfigError("Watch that prosecutor first with /watch add.")
    existing = await tx.guilds.subscription(gid, cid, target)
    sub = Subscription(
        id=existing.id if existing else uuid.uuid4().hex[:12],
        guild_id=gid,
        channel_id=cid,
        prosecutor_id=target,
        types=sorted(EventType(t) for t in types),
    )
    await tx.guilds.save_subscription(sub)
    channel = await tx.guilds.channel(gid, cid)
    if channel.status is not ChannelStatus.ACTIVE:
        # Subscribing again is how an organizer says the channel is usable again.
        channel.status, channel.reason = ChannelStatus.ACTIVE, None
        await tx.guilds.save_channel(channel)
    return sub


async def set_threads(
    tx: UnitOfWork, guild_id: int | str, channel_id: int | str, threads: bool
) -> None:
    """Whether each alert in this channel opens a thread (a post, in a forum channel)."""
    channel = await tx.guilds.channel(str(guild_id), str(channel_id))
    if channel.threads != threads:
        channel.threads = threads
        await tx.guilds.save_channel(channel)


async def unsubscribe(
    tx: UnitOfWork, guild_id: int | str, channel_id: int | str, prosecutor_id: str | None
) -> int:
    return await tx.guilds.remove_subscriptions(str(guild_id), str(channel_id), prosecutor_id)


async def subscriptions(tx: UnitOfWork, guild_id: int | str) -> list[Subscription]:
    return await tx.guilds.subscriptions(str(guild_id))


# -- channels: digest mode and delivery health -------------------------------------------------


async def channels(tx: UnitOfWork, guild_id: int | str) -> list[ChannelSettings]:
    return await tx.guilds.channels(str(guild_id))


async def notice_channel(tx: UnitOfWork, guild_id: str) -> str | None:
    """A channel of this guild the bot posts to and may still write to, for notices."""
    paused = {
        c.channel_id
        for c in await tx.guilds.channels(guild_id)
        if c.status is not ChannelStatus.ACTIVE
    }
    for sub in await tx.guilds.subscriptions(guild_id):
        if sub.channel_id not in paused:
            return sub.channel_id
    return None


async def set_digest(
    tx: UnitOfWork, guild_id: int | str, channel_id: int | str, mode: str, at: str = "08:00"
) -> None:
    if mode not in tuple(DigestMode):
        raise ConfigError("Digest must be daily, weekly or off.")
    hours, _, minutes = at.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        raise ConfigError("Time must look like 08:00 (24-hour, in the server's time zone).")
    channel = await tx.guilds.channel(str(guild_id), str(channel_id))
    channel.digest = DigestMode(mode)
    channel.digest_time = f"{int(hours):02d}:{int(minutes):02d}"
    await tx.guilds.save_channel(channel)


async def set_channel_status(
    tx: UnitOfWork, guild_id: str, channel_id: str, status: ChannelStatus, reason: str | None
) -> None:
    """Pause (no permission) or disable (deleted channel) delivery to one channel."""
    channel = await tx.guilds.channel(guild_id, channel_id)
    channel = dataclasses.replace(channel, status=status, reason=reason, changed_at=utcnow())
    await tx.guilds.save_channel(channel)


# -- mentions ------------------------------------------------------------------------------------


async def set_mention(
    tx: UnitOfWork, guild_id: int | str, role_id: int | str | None, types: Iterable[EventType] = ()
) -> None:
    chosen = sorted(EventType(t) for t in (types or URGENT_TYPES))
    rule = MentionRule(role_id=str(role_id), types=chosen) if role_id else None
    await tx.guilds.set_mention(str(guild_id), rule)


def mention_role(rule: MentionRule | None, event_type: EventType) -> str | None:
    """The role to ping for this type under a guild's rule, if the rule covers it."""
    if rule and event_type in rule.types:
        return rule.role_id
    return None


async def get_mention(tx: UnitOfWork, guild_id: int | str) -> MentionRule | None:
    return await tx.guilds.mention(str(guild_id))


# -- feedback ------------------------------------------------------------------------------------


async def record_feedback(
    tx: UnitOfWork, guild_id: int | str, alert_key: str, kind: str
) -> Feedback:
    """Remember that an alert was wrong, so the same pattern is not alerted again here."""
    if kind not in tuple(FeedbackKind):
        raise ConfigError("Feedback is either wrong_person or not_relevant.")
    alert = await tx.alerts.get(alert_key)
    if alert is None:
        raise ConfigError("That alert is no longer known to the bot.")
    feedback = Feedback(
        guild_id=str(guild_id),
        kind=FeedbackKind(kind),
        alert_key=alert_key,
        prosecutor_id=alert.prosecutor_id,
        event_type=alert.event_type,
        origin=alert.origin,
        evidence=sorted(alert.evidence),
        at=utcnow(),
        prosecutor_name=alert.prosecutor_name,
        title=alert.title,
        summary=alert.summary,
        outlet=alert.outlet or alert.origin,
        link=alert.link,
        item_date=alert.published or alert.first_seen,
    )
    await tx.feedback.record(feedback)
    return feedback


def suppressed_by(rules: Iterable[Feedback], alert: Alert) -> bool:
    """Whether any of a guild's feedback rules this alert out.

    "Wrong person" rules out the same prosecutor matched by the same words from the same origin
    (outlet or host); "not relevant" rules out that prosecutor's events of that type from there.
    """
    for rule in rules:
        if rule.prosecutor_id != alert.prosecutor_id or rule.origin != alert.origin:
            continue
        if rule.kind is FeedbackKind.NOT_RELEVANT and rule.event_type == alert.event_type:
            return True
        if rule.kind is FeedbackKind.WRONG_PERSON and rule.evidence == sorted(alert.evidence):
            return True
    return False


async def suppressed(tx: UnitOfWork, guild_id: int | str, alert: Alert) -> bool:
    return suppressed_by(await tx.feedback.for_guild(str(guild_id)), alert)
