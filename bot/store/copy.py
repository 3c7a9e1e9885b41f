"""Copy one store into another through the repositories (`run_bot.py migrate-store`).

Moving from one machine (TinyDB) to several (PostgreSQL) keeps every watchlist, time zone,
mention rule, backfill request, subscription, channel setting, source and its health, seen
mark, alert, outbox row and feedback. Channel holds (Discord's "wait before posting here") are
minutes long and left behind. The copy is
one transaction on each side and idempotent: what the target holds already is left as it is
(configuration is written again with the same values), so running it twice gives the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import datetime

from bot.store.api import Store
from bot.store.models import (
    Alert,
    Backfill,
    ChannelSettings,
    CycleSummary,
    Feedback,
    MentionRule,
    OutboxRow,
    Source,
    Subscription,
)
from feeds.models import Prosecutor


@dataclass
class CopyReport:
    """How many records the target did not hold yet (configuration: how many were written)."""

    sources: int = 0
    seen: int = 0
    alerts: int = 0
    outbox: int = 0
    watches: int = 0
    backfills: int = 0
    subscriptions: int = 0
    channels: int = 0
    feedback: int = 0

    def line(self) -> str:
        return ", ".join(f"{f.name} {getattr(self, f.name)}" for f in fields(self))


@dataclass
class _Snapshot:
    sources: list[Source]
    seen: list[tuple[str, datetime]]
    alerts: list[Alert]
    outbox: list[OutboxRow]
    watches: list[tuple[str, list[Prosecutor], MentionRule | None, str | None]]
    backfills: list[Backfill]
    subscriptions: list[Subscription]
    channels: list[ChannelSettings]
    feedback: list[Feedback]
    last_cycle: CycleSummary | None
    paused_until: datetime | None


async def _read(store: Store) -> _Snapshot:
    async with store.transaction() as tx:
        watches = [
            (
                gid,
                await tx.guilds.watched(gid),
                await tx.guilds.mention(gid),
                await tx.guilds.timezone(gid),
            )
            for gid in await tx.guilds.guild_ids()
        ]
        return _Snapshot(
            sources=await tx.sources.all(),
            seen=await tx.seen.all(),
            alerts=await tx.alerts.all(),
            outbox=await tx.outbox.all(),
            watches=watches,
            backfills=await tx.guilds.backfills(),
            subscriptions=await tx.guilds.subscriptions(),
            channels=await tx.guilds.channels(),
            feedback=await tx.feedback.all(),
            last_cycle=await tx.meta.last_cycle(),
            paused_until=await tx.meta.delivery_paused_until(),
        )


async def copy_store(source: Store, target: Store) -> CopyReport:
    """Copy everything `source` holds into `target`; returns what was new there."""
    snap = await _read(source)
    report = CopyReport()
    async with target.transaction() as tx:
        known = await tx.sources.get_many(s.id for s in snap.sources)
        fresh_sources = [s for s in snap.sources if s.id not in known]
        await tx.sources.insert(fresh_sources)
        report.sources = len(fresh_sources)

        by_time: dict[datetime, list[str]] = defaultdict(list)
        for key, at in snap.seen:
            by_time[at].append(key)
        for at, keys in by_time.items():  # one write per cycle that marked them
            report.seen += await tx.seen.mark(keys, at)

        stored = {a.alert_key for a in await tx.alerts.get_many([a.alert_key for a in snap.alerts])}
        fresh_alerts = [a for a in snap.alerts if a.alert_key not in stored]
        await tx.alerts.add(fresh_alerts)
        report.alerts = len(fresh_alerts)
        report.outbox = await tx.outbox.enqueue(snap.outbox)

        for guild_id, people, mention, zone in snap.watches:
            for person in people:
                await tx.guilds.add_watch(guild_id, person)
            report.watches += len(people)
            if mention is not None:
                await tx.guilds.set_mention(guild_id, mention)
            if zone is not None:
                await tx.guilds.set_timezone(guild_id, zone)
        for backfill in snap.backfills:
            await tx.guilds.add_backfill(backfill)
        report.backfills = len(snap.backfills)
        for subscription in snap.subscriptions:
            await tx.guilds.save_subscription(subscription)
        for channel in snap.channels:
            await tx.guilds.save_channel(channel)
        for feedback in snap.feedback:
            await tx.feedback.record(feedback)
        report.subscriptions = len(snap.subscriptions)
        report.channels = len(snap.channels)
        report.feedback = len(snap.feedback)

        if snap.last_cycle is not None and await tx.meta.last_cycle() is None:
            await tx.meta.set_last_cycle(snap.last_cycle)
        if snap.paused_until is not None:
            await tx.meta.set_delivery_paused_until(snap.paused_until)
    return report
