"""Sources the bot polls, and their health: validators, errors, backoff, seeding.

Two kinds of source share one repository: automatic ones built from query templates for every
watched prosecutor, and feeds an organizer added (owned by one or more guilds).
"""

from __future__ import annotations

import dataclasses
import random
from datetime import datetime, timedelta

from bot.store import Source, UnitOfWork

NOT_WATCHED = "not watched"
# Failures that cost a connection slot (or a parse worker) for a full deadline.
SLOW_REASONS = frozenset({"timeout", "parse_timeout"})
# What the current query templates decide for an automatic source; the rest is its history.
TEMPLATE_FIELDS = ("url", "kind", "label", "interval", "headers_env")


def new_source(
    source_id: str,
    kind: str,
    url: str,
    *,
    label: str = "",
    prosecutor_id: str | None = None,
    guild_id: str | None = None,
    interval: int = 300,
    seeded: bool = False,
    headers_env: str | None = None,
) -> Source:
    return Source(
        id=source_id,
        kind=str(kind),
        url=url,
        label=label or url,
        prosecutor_id=prosecutor_id,
        guild_ids=[guild_id] if guild_id else [],
        auto=guild_id is None,
        seeded=seeded,
        interval=interval,
        headers_env=headers_env,
    )


async def add_source(tx: UnitOfWork, source: Source) -> Source:
    """Insert a source, or join an organizer to an existing one with the same id."""
    existing = await tx.sources.get(source.id)
    if existing is None:
        await tx.sources.insert([source])
        return source
    merged = dataclasses.replace(
        existing,
        guild_ids=sorted(set(existing.guild_ids) | set(source.guild_ids)),
        auto=existing.auto and source.auto,
    )
    if not existing.enabled and existing.disabled_reason == NOT_WATCHED:
        merged.enabled, merged.disabled_reason = True, None
    await tx.sources.save([merged])
    return merged


async def remove_guild_source(tx: UnitOfWork, guild_id: str, source_id: str) -> bool:
    source = await tx.sources.get(source_id)
    if source is None or guild_id not in source.guild_ids:
        return False
    owners = [g for g in source.guild_ids if g != guild_id]
    if owners or source.auto:
        await tx.sources.save([dataclasses.replace(source, guild_ids=owners)])
    else:
        await tx.sources.delete(source_id)
    return True


async def guild_feeds(tx: UnitOfWork, guild_id: int | str) -> list[Source]:
    """The feeds this guild's organizers added (not the automatic searches)."""
    return [s for s in await tx.sources.for_guild(str(guild_id)) if not s.auto]


async def sync_auto_sources(
    tx: UnitOfWork, wanted: list[Source], *, feed_interval: int | None = None
) -> None:
    """Add automatic sources for watched people; disable those nobody watches any more.

    One read and one write per kind of change: with thousands of watched names this runs over
    tens of thousands of sources. A source's history (validators, seen state, health) is kept;
    its URL, label and interval follow the current templates. Feeds organizers added follow
    `feed_interval` (poll.interval_seconds) when given.
    """
    wanted_by_id = {s.id: s for s in wanted}
    existing: set[str] = set()
    changed: list[Source] = []
    for source in await tx.sources.all():
        if source.id in existing:
            continue
        existing.add(source.id)
        spec = wanted_by_id.get(source.id)
        if spec is not None:
            fields = {
                name: getattr(spec, name)
                for name in TEMPLATE_FIELDS
                if getattr(source, name) != getattr(spec, name)
            }
            if not source.enabled and source.disabled_reason == NOT_WATCHED:
                fields.update(enabled=True, disabled_reason=None)
            if fields:
                changed.append(dataclasses.replace(source, **fields))
        elif source.auto and source.enabled and not source.push:
            changed.append(dataclasses.replace(source, enabled=False, disabled_reason=NOT_WATCHED))
        elif not source.auto and feed_interval and source.interval != feed_interval:
            changed.append(dataclasses.replace(source, interval=feed_interval))
    await tx.sources.save(changed)
    await tx.sources.insert([s for sid, s in wanted_by_id.items() if sid not in existing])


def _next_check(source: Source, now: datetime, delay: float) -> datetime:
    return now + timedelta(seconds=delay * random.uniform(0.9, 1.1))


def record_success(
    source: Source,
    now: datetime,
    *,
    etag: str | None,
    last_modified: str | None,
    body_hash: str | None,
    items: int | None,
) -> None:
    """What a successful poll changes in a source."""
    source.etag, source.last_modified, source.body_hash = etag, last_modified, body_hash
    source.last_attempt = source.last_success = now
    source.consecutive_errors = 0
    source.last_error = source.error_reason = None
    source.next_check_at = _next_check(source, now, source.interval)
    if items is not None:
        source.items_last = items


def record_failure(
    source: Source,
    now: datetime,
    *,
    reason: str,
    message: str,
    retry_after: float | None,
    max_backoff: float,
    disable_after: int,
) -> None:
    """What a failed poll changes: count the error, back off exponentially, maybe disable.

    A timeout held a connection slot for the whole deadline, so its first backoff already skips
    the next cycle: a slow source must not be waited on cycle after cycle.
    """
    errors = source.consecutive_errors + 1
    doublings = errors if reason in SLOW_REASONS else errors - 1
    delay = min(max_backoff, source.interval * 2 ** min(doublings, 16))
    if retry_after:
        delay = min(max_backoff, max(delay, retry_after))
    source.last_attempt = now
    source.consecutive_errors = errors
    source.last_error = message
    source.error_reason = reason
    source.next_check_at = now + timedelta(seconds=delay)
    if disable_after and errors >= disable_after:
        source.enabled = False
        source.disabled_reason = f"{errors} errors in a row: {message}"


async def retry_source(tx: UnitOfWork, source_id: str) -> bool:
    """Re-enable a source and poll it at the next cycle (after the organizer fixed it)."""
    source = await tx.sources.get(source_id)
    if source is None:
        return False
    source.enabled, source.disabled_reason = True, None
    source.consecutive_errors, source.next_check_at = 0, None
    await tx.sources.save([source])
    return True
