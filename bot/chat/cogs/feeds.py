"""/feeds add | remove | list | test | retry: feeds an organizer adds besides the automatic ones.

Organizer URLs are untrusted: checked (public http(s) only, or a host in fetch.allow_hosts)
before they are stored, and again on every connect by the fetcher. Lists never show query
strings or credentials, since feed URLs often carry API keys.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import TYPE_CHECKING, Any, Literal

from discord import app_commands
from discord.ext import commands

from bot import guilds, source_registry
from bot.chat.options import change, gid, read
from bot.chat.permissions import organizer_hint, organizer_only
from bot.chat.replies import fit, plural, reply, safe
from bot.parse_worker import parse_and_match
from bot.store import Store
from feeds.fetch import FetchError, check_url, redact_url
from feeds.match import Matcher
from feeds.sources import guess_kind

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot

log = logging.getLogger(__name__)

URL_MAX = 2000
TEST_SHOWN = 10
PARSE_TIMEOUT = 20.0
RetryResult = Literal["missing", "healthy", "retried"]


def feed_id(url: str) -> str:
    return "feed:" + hashlib.sha256(url.encode()).hexdigest()[:16]


def own_feeds(store: Store, guild_id: int) -> list[dict[str, Any]]:
    return [d for d in source_registry.guild_sources(store, str(guild_id)) if not d["auto"]]


def _add(store: Store, guild_id: int, url: str, limit: int) -> bool:
    mine = own_feeds(store, guild_id)
    if any(d["id"] == feed_id(url) for d in mine):
        return False
    if len(mine) >= limit:
        raise guilds.ConfigError(f"This server already has {limit} feeds, the most allowed.")
    doc = source_registry.new_source(
        feed_id(url), guess_kind(url), url, label=redact_url(url), guild_id=str(guild_id)
    )
    source_registry.add_source(store, doc)
    return True


def _chosen(feed: str) -> str:
    """A feed option: its id (from autocomplete) or the URL as typed."""
    return feed if feed.startswith("feed:") else feed_id(feed.strip())


def _retry(store: Store, guild_id: int, wanted: str) -> RetryResult:
    doc = next((d for d in own_feeds(store, guild_id) if d["id"] == wanted), None)
    if doc is None:
        return "missing"
    if doc["enabled"] and not doc["consecutive_errors"]:
        return "healthy"
    source_registry.retry_source(store, wanted)
    return "retried"


def describe(doc: dict[str, Any]) -> str:
    health = "ok" if not doc["consecutive_errors"] else plural(doc["consecutive_errors"], "error")
    if not doc["enabled"]:
        health = f"disabled: {doc.get('disabled_reason') or 'unknown'}"
    elif doc.get("last_error"):
        health += f" (last: {doc['last_error']})"
    last = (doc.get("last_success") or "never")[:16].replace("T", " ")
    return f"• {redact_url(doc['url'])} · last success {last} · {health}"


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
            app_commands.Choice(name=redact_url(d["url"])[:100], value=d["id"])
            for d in mine
            if needle in d["url"].lower() or needle in d["id"]
        ][:25]

    @app_commands.command(
        name="add", description="Poll a feed (RSS/Atom, court or news search URL)"
    )
    @app_commands.describe(url="The feed's address (public http or https)")
    @organizer_only()
    async def add(self, interaction: Interaction, url: str) -> None:
        normalized = self.checked(url)
        limit = self.bot.services.settings.discord.max_feeds
        added = await change(interaction, _add, gid(interaction), normalized, limit)
        shown = safe(redact_url(normalized), 300)
        if added:
            await reply(
                interaction, f"Added {shown}. Its current items count as history; new ones alert."
            )
        else:
            await reply(interaction, f"{shown} is already one of this server's feeds.")

    @app_commands.command(name="remove", description="Stop polling a feed this server added")
    @app_commands.describe(feed="One of this server's feeds (see the suggestions)")
    @app_commands.autocomplete(feed=feed_autocomplete)
    @organizer_only()
    async def remove(self, interaction: Interaction, feed: str) -> None:
        guild_id = str(gid(interaction))
        removed = await change(
            interaction, source_registry.remove_guild_source, guild_id, _chosen(feed)
        )
        if removed:
            await reply(interaction, "Feed removed.")
        else:
            await reply(interaction, "This server has no such feed. See /feeds list.")

    @app_commands.command(name="retry", description="Poll a failing or disabled feed again now")
    @app_commands.describe(feed="One of this server's feeds (see the suggestions)")
    @app_commands.autocomplete(feed=feed_autocomplete)
    @organizer_only()
    async def retry(self, interaction: Interaction, feed: str) -> None:
        result = await change(interaction, _retry, gid(interaction), _chosen(feed))
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
        lines = [safe(describe(d), 400) for d in sorted(mine, key=lambda d: d["url"])]
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
