"""The Sink that posts to Discord, answering every send with an Outcome instead of raising.

discord.py retries 500/502/504 five times and then raises; 503 and Cloudflare's 429 raise at
once; a 429 asking for more than `max_ratelimit_timeout` raises RateLimited. Each of those is
mapped here so the outbox can reschedule the row (same nonce, so Discord drops a repeat), hold
one channel, pause one channel, or pause everything.

A 429 that discord.py would wait out itself (up to a minute) is cut short instead: the sink
watches responses (`trace`), and a send that meets a 429 longer than `wait_limit` ends at once
with RATE_LIMITED and the retry_after, which the outbox stores as the channel's hold. Waiting
inside discord.py would keep the 429 in memory only, lost to a cancelled task or a restart.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

import aiohttp
import discord

from bot.chat.embeds import alert_id, allowed_mentions, to_embeds
from bot.chat.feedback import feedback_view
from bot.delivery.alert_view import MessageView
from bot.delivery.sinks import Outcome, Result
from bot.organizer.threads import AUTO_ARCHIVE_MINUTES

if TYPE_CHECKING:
    from bot.chat.client import WatchBot

log = logging.getLogger(__name__)

# Below the outbox's own 60 s so the sink, not the outbox, reports the timeout.
SEND_TIMEOUT = 50.0
PAUSE_SECONDS = 600.0
# A 429 this short is waited out by discord.py inside the send; a longer one ends the send.
RATE_LIMIT_WAIT = 1.0
# Where a send posts: a message in a channel (or thread), or a post in a forum channel.
_MESSAGES = re.compile(r"/channels/(\d+)/(?:messages|threads)$")
THREAD_ALREADY_CREATED = 160004  # Discord's code: this message already has a thread


@dataclass
class _Flight:
    """One send in progress: the deadline to cut short, and the 429 that cut it."""

    deadline: asyncio.Timeout | None = None
    retry_after: float | None = None

    def cut(self, retry_after: float) -> None:
        self.retry_after = retry_after
        if self.deadline is not None:
            self.deadline.reschedule(asyncio.get_running_loop().time())


class DiscordSink:
    def __init__(self, *, timeout: float = SEND_TIMEOUT, wait_limit: float = RATE_LIMIT_WAIT):
        self.timeout = timeout
        self.wait_limit = wait_limit
        self.client: WatchBot | None = None
        self._flights: dict[str, list[_Flight]] = defaultdict(list)
        # Given to the client (WatchBot(http_trace=...)): it sees every response.
        self.trace = aiohttp.TraceConfig()
        self.trace.on_request_end.append(self._on_request_end)

    def attach(self, client: WatchBot) -> None:
        self.client = client

    async def send(self, channel_id: str, view: MessageView, nonce: str) -> Outcome:
        if self.client is None or self.client.is_closed():
            return Outcome(Result.RETRY, detail="Discord client not running")
        short = alert_id(view.alert_key) if view.alert_key else None
        flight = _Flight()
        flights = self._flights[channel_id]
        flights.append(flight)
        try:
            return await self._post(channel_id, view, nonce, short, flight)
        finally:
            flights.remove(flight)
            if not flights:
                del self._flights[channel_id]

    def notice_channels(self, guild_id: str) -> list[str]:
        """The guild's system channel, then its text channels, where the bot may post."""
        guild = self.client.get_guild(int(guild_id)) if self.client is not None else None
        if guild is None:
            return []
        channels = [guild.system_channel] if guild.system_channel else []
        channels += list(guild.text_channels)
        usable = [c for c in channels if c.permissions_for(guild.me).send_messages]
        return list(dict.fromkeys(str(c.id) for c in usable))

    async def _post(
        self, channel_id: str, view: MessageView, nonce: str, short: str | None, flight: _Flight
    ) -> Outcome:
        assert self.client is not None
        content = view.content or None
        embeds = to_embeds(view, short)
        buttons = feedback_view(short) if short else discord.utils.MISSING
        forum = self.client.get_channel(int(channel_id))
        try:
            async with asyncio.timeout(self.timeout) as flight.deadline:
                if view.thread_name and isinstance(forum, discord.ForumChannel):
                    # A forum post has no nonce on Discord: a send whose answer is lost and
                    # is retried may post twice there (text channels are exactly-once).
                    post = await forum.create_thread(
                        name=view.thread_name,
                        auto_archive_duration=AUTO_ARCHIVE_MINUTES,
                        content=content,
                        embeds=embeds,
                        allowed_mentions=allowed_mentions(view.mention_role_id),
                        view=buttons,
                    )
                    return Outcome(
                        Result.DELIVERED,
                        message_id=str(post.message.id),
                        thread_id=str(post.thread.id),
                    )
                # A nonce makes discord.py send enforce_nonce too: Discord answers a repeat (a
                # retry after a lost answer) with the first message instead of posting again.
                channel = self.client.get_partial_messageable(int(channel_id))
                message = await channel.send(
                    content=content,
                    embeds=embeds,
                    nonce=nonce,
                    allowed_mentions=allowed_mentions(view.mention_role_id),
                    view=buttons,
                )
        except discord.RateLimited as exc:
            return _held(exc.retry_after)
        except discord.Forbidden as exc:
            return Outcome(Result.FORBIDDEN, detail=f"missing permission ({_code(exc)})")
        except discord.NotFound as exc:
            return Outcome(Result.MISSING, detail=f"channel not found ({_code(exc)})")
        except discord.HTTPException as exc:
            return self._http_error(exc, channel_id)
        except TimeoutError:
            if flight.retry_after is not None:
                return _held(flight.retry_after)
            return Outcome(Result.RETRY, detail=f"no answer from Discord in {self.timeout:.0f} s")
        except (aiohttp.ClientError, OSError, discord.ConnectionClosed) as exc:
            return Outcome(Result.RETRY, detail=f"connection: {type(exc).__name__}")
        if view.thread_name:
            flight.deadline = None  # the message is out: a later 429 cannot cut this send
            return await self._open_thread(channel_id, message.id, view.thread_name)
        return Outcome(Result.DELIVERED, message_id=str(message.id))

    async def _on_request_end(
        self,
        session: aiohttp.ClientSession,
        context: SimpleNamespace,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        """Cut short a send whose channel answered with a long 429 (see the module doc)."""
        response = params.response
        if params.method != "POST" or response.status != 429 or not response.headers.get("Via"):
            return  # a Cloudflare 429 (no Via) raises in discord.py at once
        found = _MESSAGES.search(params.url.path)
        flights = self._flights.get(found.group(1)) if found else None
        if not flights:
            return
        try:
            data = await response.json(content_type=None)  # cached for discord.py's own read
            retry_after = float(data["retry_after"])
            shared = bool(data.get("global"))
        except (aiohttp.ClientError, ValueError, KeyError, TypeError):
            return
        # A global limit makes discord.py stop every request until it has slept; cutting that
        # sleep would leave its global lock closed. Past its ceiling discord.py raises itself.
        ceiling = self.client.http.max_ratelimit_timeout if self.client else None
        if shared or retry_after <= self.wait_limit or (ceiling and retry_after > ceiling):
            return
        for flight in flights:
            flight.cut(retry_after)

    async def _open_thread(self, channel_id: str, message_id: int, name: str) -> Outcome:
        """A thread on a delivered alert. The alert is out, so any failure here leaves it
        delivered without a thread (never posted again); a retry after a lost answer finds
        the thread already there, whose id is the message's."""
        assert self.client is not None
        detail = ""
        thread_id: str | None = None
        try:
            async with asyncio.timeout(self.timeout):
                # The HTTP call, not Message.create_thread: a message sent through a partial
                # channel carries no guild, which create_thread insists on.
                thread = await self.client.http.start_thread_with_message(
                    channel_id, message_id, name=name, auto_archive_duration=AUTO_ARCHIVE_MINUTES
                )
            thread_id = str(thread["id"])
        except discord.HTTPException as exc:
            if exc.code == THREAD_ALREADY_CREATED:
                thread_id = str(message_id)
            else:
                detail = f"no thread opened ({_code(exc)})"
        except (TimeoutError, aiohttp.ClientError, OSError, discord.ConnectionClosed) as exc:
            detail = f"no thread opened ({type(exc).__name__})"
        if detail:
            log.warning("alert in channel %s delivered, %s", channel_id, detail)
        return Outcome(
            Result.DELIVERED, message_id=str(message_id), thread_id=thread_id, detail=detail
        )

    def _http_error(self, exc: discord.HTTPException, channel_id: str) -> Outcome:
        if exc.status == 429:
            # Without Discord's Via header this 429 is Cloudflare's: every request from this IP
            # is refused for a while, and more requests only extend the ban.
            log.error("Cloudflare rate limit (429 without Via): all Discord sends paused")
            return Outcome(Result.PAUSE_ALL, retry_after=PAUSE_SECONDS, detail="Cloudflare 429")
        if exc.status >= 500:
            return Outcome(Result.RETRY, detail=f"Discord {exc.status}")
        log.error(
            "Discord refused a message for channel %s: %s %s",
            channel_id,
            exc.status,
            exc.text[:300],
        )
        return Outcome(Result.REJECTED, detail=f"{exc.status} ({_code(exc)}): {exc.text[:200]}")


def _held(retry_after: float) -> Outcome:
    return Outcome(
        Result.RATE_LIMITED, retry_after=retry_after, detail=f"429: retry after {retry_after:.1f} s"
    )


def _code(exc: discord.HTTPException) -> str:
    return f"{exc.status}/{exc.code}" if exc.code else str(exc.status)
