"""/feeds add | remove | list | test: feeds an organizer adds besides the automatic sources.

Organizer URLs are untrusted: checked (public http(s) only, or a host in fetch.allow_hosts)
before they are stored, and again on every connect by the fetcher. Lists never show query
strings or credentials, since feed URLs often carry API keys.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging

import discord
from discord import app_commands

from bot import guilds
from bot.chat.commands import app_of, change, fit, gid, reply, safe, when
from bot.chat.permissions import organizer_hint, organizer_only
from bot.cycle import source_registry
from bot.cycle.parse_worker import parse_and_match
from bot.store import Source, UnitOfWork
from feeds.fetch import FetchError, check_url, redact_url
from feeds.match import Matcher
from feeds.sources import guess_kind

log = logging.getLogger(__name__)

URL_MAX = 2000
TEST_SHOWN = 10
PARSE_TIMEOUT = 20.0

feeds = app_commands.Group(name="feeds", description="Feeds this server added")


def _checked(interaction: discord.Interaction, url: str) -> str:
    if len(url) > URL_MAX:
        raise guilds.ConfigError(f"That URL is longer than {URL_MAX} characters.")
    try:
        return check_url(url.strip(), app_of(interaction).settings.fetch.allow_hosts)
    except FetchError as exc:
        raise guilds.ConfigError(f"That feed cannot be used: {safe(exc, 300)}") from None


def _feed_id(url: str) -> str:
    return "feed:" + hashlib.sha256(url.encode()).hexdigest()[:16]


async def _add(tx: UnitOfWork, guild_id: int, url: str, limit: int) -> bool:
    mine = await source_registry.guild_feeds(tx, guild_id)
    if any(s.id == _feed_id(url) for s in mine):
        return False
    if len(mine) >= limit:
        raise guilds.ConfigError(f"This server already has {limit} feeds, the most allowed.")
    source = source_registry.new_source(
        _feed_id(url), guess_kind(url), url, label=redact_url(url), guild_id=str(guild_id)
    )
    await source_registry.add_source(tx, source)
    return True


@feeds.command(name="add", description="Poll a feed (RSS/Atom, court or news search URL)")
@organizer_hint
@organizer_only()
async def feeds_add(interaction: discord.Interaction, url: str) -> None:
    app = app_of(interaction)
    normalized = _checked(interaction, url)
    added = await change(
        interaction, _add, gid(interaction), normalized, app.settings.discord.max_feeds
    )
    shown = safe(redact_url(normalized), 300)
    if added:
        await reply(
            interaction, f"Added {shown}. Its current items count as history; new ones alert."
        )
    else:
        await reply(interaction, f"{shown} is already one of this server's feeds.")


async def feed_autocomplete(interaction: discord.Interaction, current: str):
    if interaction.guild_id is None:
        return []
    mine = await change(interaction, source_registry.guild_feeds, interaction.guild_id)
    needle = current.lower()
    return [
        app_commands.Choice(name=redact_url(s.url)[:100], value=s.id)
        for s in mine
        if needle in s.url.lower() or needle in s.id
    ][:25]


@feeds.command(name="remove", description="Stop polling a feed this server added")
@app_commands.autocomplete(feed=feed_autocomplete)
@organizer_hint
@organizer_only()
async def feeds_remove(interaction: discord.Interaction, feed: str) -> None:
    guild_id = gid(interaction)

    async def remove(tx: UnitOfWork) -> bool:
        feed_id = feed if feed.startswith("feed:") else _feed_id(feed.strip())
        return await source_registry.remove_guild_source(tx, str(guild_id), feed_id)

    if await change(interaction, remove):
        await reply(interaction, "Feed removed.")
    else:
        await reply(interaction, "This server has no such feed. See /feeds list.")


@feeds.command(name="retry", description="Poll a failing or disabled feed again now")
@app_commands.autocomplete(feed=feed_autocomplete)
@organizer_hint
@organizer_only()
async def feeds_retry(interaction: discord.Interaction, feed: str) -> None:
    guild_id = str(gid(interaction))

    async def retry(tx: UnitOfWork) -> bool:
        feed_id = feed if feed.startswith("feed:") else _feed_id(feed.strip())
        mine = {s.id for s in await source_registry.guild_feeds(tx, guild_id)}
        return feed_id in mine and await source_registry.retry_source(tx, feed_id)

    if await change(interaction, retry):
        await reply(interaction, "The feed is enabled again and will be polled at the next cycle.")
    else:
        await reply(interaction, "This server has no such feed. See /feeds list.")


def describe(source: Source) -> str:
    errors = source.consecutive_errors
    health = "ok" if not errors else f"{errors} errors"
    if not source.enabled:
        health = f"disabled: {source.disabled_reason or 'unknown'}"
    elif source.last_error:
        health += f" (last: {source.last_error})"
    return f"• {redact_url(source.url)} · last success {when(source.last_success)} · {health}"


@feeds.command(name="list", description="Feeds this server added, with their health")
async def feeds_list(interaction: discord.Interaction) -> None:
    mine = await change(interaction, source_registry.guild_feeds, gid(interaction))
    if not mine:
        await reply(interaction, "No feeds added. Automatic news and court searches still run.")
        return
    lines = [safe(describe(s), 400) for s in sorted(mine, key=lambda s: s.url)]
    await reply(interaction, fit(lines))


@feeds.command(name="test", description="Fetch a feed now and show what it would alert on")
@organizer_hint
@organizer_only()
async def feeds_test(interaction: discord.Interaction, url: str) -> None:
    app = app_of(interaction)
    normalized = _checked(interaction, url)
    await interaction.response.defer(ephemeral=True, thinking=True)  # a fetch can take 30 s
    people = await change(interaction, guilds.watched, gid(interaction))
    try:
        fetched = await app.fetcher.fetch(normalized)
    except FetchError as exc:
        await reply(interaction, f"Fetching failed: {safe(exc, 300)}")
        return
    matcher = Matcher(people, threshold=app.settings.match.threshold) if people else None
    kind = guess_kind(normalized, fetched.body or b"")
    try:
        matched, error = await asyncio.wait_for(
            asyncio.to_thread(
                parse_and_match,
                fetched.body or b"",
                "feeds-test",
                kind,
                fetched.content_type,
                matcher,
            ),
            PARSE_TIMEOUT,
        )
    except TimeoutError:
        matched, error = [], ("parse_timeout", "parsing took too long")
    if error:
        await reply(interaction, f"Not a usable feed: {safe(error[1], 300)}")
        return
    names = {p.id: p.name for p in people}
    alerting = [(item, m) for item, ms in matched for m in ms]
    lines = [f"{len(matched)} items; {len(alerting)} would alert (nothing was posted)."]
    for item, m in alerting[:TEST_SHOWN]:
        who = safe(names.get(m.prosecutor_id, m.prosecutor_id), 60)
        lines.append(f"• {m.event_type} · {who} · {safe(item.title, 150)}")
    if not alerting:
        lines += [f"• {safe(item.title, 150)}" for item, _ in matched[:5]]
    await reply(interaction, fit(lines))


def setup(client: discord.Client) -> None:
    client.tree.add_command(feeds)  # type: ignore[attr-defined]
