"""/feeds add | remove | list | test | retry: feeds an organizer adds besides the automatic ones.

Organizer URLs are untrusted: checked (public http(s) only, or a host in fetch.allow_hosts)
before they are stored, and again on every connect by the fetcher. Lists never show query
strings or credentials, since feed URLs often carry API keys.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import TYPE_CHECKING, Literal

from discord import app_commands
from discord.ext import commands

from bot import guilds
from bot.chat.options import change, gid, read
from bot.chat.permissions import organizer_hint, organizer_only
from bot.chat.replies import backfill_note, fit, plural, reply, safe, when
from bot.clock import utcnow
from bot.cycle import source_registry
from bot.organizer.backfill import MAX_DAYS, check_days, new_request
from bot.organizer.reads import zone_of
from bot.store import Source, UnitOfWork
from feeds.fetch import FetchError, check_url, redact_url
from feeds.match import Matcher
from feeds.models import Item, Match
from feeds.sources import guess_kind

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot

log = logging.getLogger(__name__)

URL_MAX = 2000
TEST_SHOWN = 10
RetryResult = Literal["missing", "healthy", "retried"]


def feed_id(guild_id: int | str, url: str) -> str:
    """A server's own copy of a feed: two servers adding one URL poll two sources, so neither
    shares the other's seeding, health, retries or items (and neither learns the other has it)."""
    return "feed:" + hashlib.sha256(f"{guild_id}\n{url}".encode()).hexdigest()[:16]


own_feeds = source_registry.guild_feeds


async def _add(
    tx: UnitOfWork, guild_id: int, url: str, limit: int, interval: int, backfill: int = 0
) -> bool:
    mine = await own_feeds(tx, guild_id)
    existing = next((s for s in mine if s.url == url), None)
    if backfill:
        source_id = existing.id if existing is not None else feed_id(guild_id, url)
        request = new_request(str(guild_id), backfill, utcnow(), source_id=source_id)
        await tx.guilds.add_backfill(request)
    if existing is not None:
        return False
    if len(mine) >= limit:
        raise guilds.ConfigError(f"This server already has {limit} feeds, the most allowed.")
    source = source_registry.new_source(
        feed_id(guild_id, url),
        guess_kind(url),
        url,
        label=redact_url(url),
        guild_id=str(guild_id),
        interval=interval,
    )
    await source_registry.add_source(tx, source)
    return True


async def _own_feed(tx: UnitOfWork, guild_id: int | str, feed: str) -> Source | None:
    """A feed option, its id (from autocomplete) or the URL as typed, among this server's."""
    wanted = feed.strip()
    return next((s for s in await own_feeds(tx, guild_id) if wanted in (s.id, s.url)), None)


async def _remove(tx: UnitOfWork, guild_id: int, feed: str) -> bool:
    source = await _own_feed(tx, guild_id, feed)
    return source is not None and await source_registry.remove_guild_source(
        tx, str(guild_id), source.id
    )


async def _retry(tx: UnitOfWork, guild_id: int, feed: str) -> RetryResult:
    source = await _own_feed(tx, guild_id, feed)
    if source is None:
        return "missing"
    if source.enabled and not source.consecutive_errors:
        return "healthy"
    await source_registry.retry_source(tx, source.id)
    return "retried"


def _match_all(matcher: Matcher | None, items: list[Item]) -> list[tuple[Item, list[Match]]]:
    return [(item, matcher.match_item(item) if matcher else []) for item in items]


def describe(source: Source, zone: str | None = None) -> str:
    errors = source.consecutive_errors
    health = "ok" if not errors else plural(errors, "error")
    if not source.enabled:
        health = f"disabled: {source.disabled_reason or 'unknown'}"
    elif source.last_error:
        health += f" (last: {source.last_error})"
    return f"• {redact_url(source.url)} · last success {when(source.last_success, zone)} · {health}"


@organizer_hint
class FeedsCog(commands.GroupCog, group_name="feeds", description="Feeds this server added"):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot
        super().__init__()

    def checked(self, url: str) -> str:
        if len(url) > URL_MAX:
            raise guilds.ConfigError(f"That URL is longer than {URL_MAX} characters.")
        try:
            return check_url(url.strip(), self.bot.services.settings.fetch.allow_hosts)
        except FetchError as exc:
            raise guilds.ConfigError(f"That feed cannot be used: {safe(exc, 300)}") from None

    async def feed_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        mine = await read(interaction, own_feeds, interaction.guild_id)
        needle = current.lower()
        return [
            app_commands.Choice(name=redact_url(s.url)[:100], value=s.id)
            for s in mine
            if needle in s.url.lower() or needle in s.id
        ][:25]

    @app_commands.command(
        name="add", description="Poll a feed (RSS/Atom, court or news search URL)"
    )
    @app_commands.describe(
        url="The feed's address (public http or https)",
        backfill="Also post its last N days (0-30) of matching items, once (default: none)",
    )
    @organizer_only()
    async def add(
        self,
        interaction: Interaction,
        url: str,
        backfill: app_commands.Range[int, 0, MAX_DAYS] | None = None,
    ) -> None:
        normalized = self.checked(url)
        days = check_days(backfill)
        settings = self.bot.services.settings
        limit, interval = settings.discord.max_feeds, settings.poll.interval_seconds
        added = await change(interaction, _add, gid(interaction), normalized, limit, interval, days)
        shown = safe(redact_url(normalized), 300)
        if added:
            history = "Its current items count as history; new ones alert."
            text = f"Added {shown}. " + (history if not days else "New items alert.")
        else:
            text = f"{shown} is already one of this server's feeds."
        if days:
            text += " " + backfill_note(days, settings.poll.interval_seconds)
        await reply(interaction, text)

    @app_commands.command(name="remove", description="Stop polling a feed this server added")
    @app_commands.describe(feed="One of this server's feeds (see the suggestions)")
    @app_commands.autocomplete(feed=feed_autocomplete)
    @organizer_only()
    async def remove(self, interaction: Interaction, feed: str) -> None:
        removed = await change(interaction, _remove, gid(interaction), feed)
        if removed:
            await reply(interaction, "Feed removed.")
        else:
            await reply(interaction, "This server has no such feed. See /feeds list.")

    @app_commands.command(name="retry", description="Poll a failing or disabled feed again now")
    @app_commands.describe(feed="One of this server's feeds (see the suggestions)")
    @app_commands.autocomplete(feed=feed_autocomplete)
    @organizer_only()
    async def retry(self, interaction: Interaction, feed: str) -> None:
        result = await change(interaction, _retry, gid(interaction), feed)
        if result == "retried":
            await reply(
                interaction, "The feed is enabled again and will be polled at the next cycle."
            )
        elif result == "healthy":
            await reply(
                interaction,
                "That feed is healthy (no errors, not disabled); it keeps being polled as usual.",
            )
        else:
            await reply(interaction, "This server has no such feed. See /feeds list.")

    @app_commands.command(name="list", description="Feeds this server added, with their health")
    async def list_feeds(self, interaction: Interaction) -> None:
        mine = await read(interaction, own_feeds, gid(interaction))
        if not mine:
            await reply(interaction, "No feeds added. Automatic news and court searches still run.")
            return
        zone = await read(interaction, zone_of, gid(interaction))
        lines = [safe(describe(s, zone), 400) for s in sorted(mine, key=lambda s: s.url)]
        await reply(interaction, fit(lines))

    @app_commands.command(
        name="test", description="Fetch a feed now and show what it would alert on"
    )
    @app_commands.describe(url="The feed's address (nothing is stored or posted)")
    @organizer_only()
    async def test(self, interaction: Interaction, url: str) -> None:
        app = self.bot.services
        normalized = self.checked(url)
        await interaction.response.defer(ephemeral=True, thinking=True)  # a fetch can take 30 s
        people = await read(interaction, guilds.watched, gid(interaction))
        try:
            fetched = await app.fetcher.fetch(normalized)
        except FetchError as exc:
            await reply(interaction, f"Fetching failed: {safe(exc, 300)}")
            return
        kind = guess_kind(normalized, fetched.body or b"")
        # Parsed by the poll's worker processes, under the same time limit: a hostile body
        # must not grow or stall the bot's own process.
        items, error = await app.pipeline.parser.items(
            fetched.body or b"", "feeds-test", kind, fetched.content_type
        )
        if error:
            await reply(interaction, f"Not a usable feed: {safe(error[1], 300)}")
            return
        history = app.pipeline.directory.current().history  # as the poll's matcher has it
        threshold = app.settings.match.threshold
        matcher = Matcher(people, threshold=threshold, history=history) if people else None
        matched = await asyncio.to_thread(_match_all, matcher, items)
        names = {p.id: p.name for p in people}
        alerting = [(item, m) for item, ms in matched for m in ms]
        lines = [
            f"{plural(len(matched), 'item')}; {len(alerting)} would alert (nothing was posted)."
        ]
        for item, m in alerting[:TEST_SHOWN]:
            who = safe(names.get(m.prosecutor_id, m.prosecutor_id), 60)
            lines.append(f"• {m.event_type} · {who} · {safe(item.title, 150)}")
        if not alerting:
            lines += [f"• {safe(item.title, 150)}" for item, _ in matched[:5]]
        await reply(interaction, fit(lines))


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(FeedsCog(bot))
