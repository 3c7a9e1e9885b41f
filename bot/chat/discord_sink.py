"""The Sink that posts to Discord, answering every send with an Outcome instead of raising.

discord.py retries 500/502/504 five times and then raises; 503 and Cloudflare's 429 raise at
once; a 429 asking for more than `max_ratelimit_timeout` raises RateLimited. Each of those is
mapped here so the outbox can reschedule the row (same nonce, so Discord drops a repeat), pause
one channel, or pause everything.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import TYPE_CHECKING

import aiohttp
import discord

from bot import guilds
from bot.chat.embeds import alert_id, allowed_mentions, to_embeds
from bot.chat.feedback import feedback_view
from bot.delivery.alert_view import MessageView
from bot.delivery.sinks import Outcome, Result
from bot.store import ChannelStatus, OutboxRow, RowKind, Store, UnitOfWork

if TYPE_CHECKING:
    from bot.chat.client import WatchBot

log = logging.getLogger(__name__)

# Below the outbox's own 60 s so the sink, not the outbox, reports the timeout.
SEND_TIMEOUT = 50.0
PAUSE_SECONDS = 600.0
NOTICE = (
    "⚠ prosecutor-watch can no longer post alerts in <#{channel}> ({why}). Alerts for it are "
    "{state}. Give the bot View Channel, Send Messages and Embed Links there (or pick another "
    "channel), then run /subscribe in it again. /status shows details."
)


async def _role_allowed(tx: UnitOfWork, row: OutboxRow, role_id: str) -> bool:
    """The row's role is still the one configured in that guild, for this alert's type."""
    alert = await tx.alerts.get(row.alert_key) if row.alert_key else None
    if alert is None:
        return False
    return guilds.mention_role(await tx.guilds.mention(row.guild_id), alert.event_type) == role_id


class DiscordSink:
    def __init__(self, *, timeout: float = SEND_TIMEOUT) -> None:
        self.timeout = timeout
        self.client: WatchBot | None = None
        self.store: Store | None = None

    def attach(self, client: WatchBot, store: Store) -> None:
        self.client, self.store = client, store

    async def send(self, channel_id: str, view: MessageView, nonce: str) -> Outcome:
        if self.client is None or self.store is None or self.client.is_closed():
            return Outcome(Result.RETRY, detail="Discord client not running")
        role = view.mention_role_id
        async with self.store.transaction() as tx:
            row = await tx.outbox.by_nonce(nonce)
            if role and not (row is not None and await _role_allowed(tx, row, role)):
                role = None  # mention settings changed since the row was queued: ping nobody
        short = None
        if row is not None and row.kind is RowKind.ALERT and row.alert_key:
            short = alert_id(row.alert_key)
        outcome = await self._post(channel_id, view, nonce, role, short)
        if outcome.result in (Result.FORBIDDEN, Result.MISSING) and row is not None:
            await self._notify(row.guild_id, channel_id, outcome)
        return outcome

    async def _post(
        self, channel_id: str, view: MessageView, nonce: str, role: str | None, short: str | None
    ) -> Outcome:
        assert self.client is not None
        # A nonce makes discord.py send enforce_nonce too: Discord answers a repeat (a retry
        # after a lost answer) with the first message instead of posting again.
        channel = self.client.get_partial_messageable(int(channel_id))
        try:
            async with asyncio.timeout(self.timeout):
                message = await channel.send(
                    content=view.content or None,
                    embeds=to_embeds(view, short),
                    nonce=nonce,
                    allowed_mentions=allowed_mentions(role),
                    view=feedback_view(short) if short else discord.utils.MISSING,
                )
        except discord.RateLimited as exc:
            return Outcome(Result.RETRY, retry_after=exc.retry_after, detail="rate limited")
        except discord.Forbidden as exc:
            return Outcome(Result.FORBIDDEN, detail=f"missing permission ({_code(exc)})")
        except discord.NotFound as exc:
            return Outcome(Result.MISSING, detail=f"channel not found ({_code(exc)})")
        except discord.HTTPException as exc:
            return self._http_error(exc, channel_id)
        except TimeoutError:
            return Outcome(Result.RETRY, detail=f"no answer from Discord in {self.timeout:.0f} s")
        except (aiohttp.ClientError, OSError, discord.ConnectionClosed) as exc:
            return Outcome(Result.RETRY, detail=f"connection: {type(exc).__name__}")
        return Outcome(Result.DELIVERED, message_id=str(message.id))

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

    async def _notify(self, guild_id: str, bad_channel: str, outcome: Outcome) -> None:
        """Tell the server's organizers in a channel the bot can still write to."""
        assert self.client is not None and self.store is not None
        why = "missing permission" if outcome.result is Result.FORBIDDEN else "channel deleted"
        state = "paused" if outcome.result is Result.FORBIDDEN else "disabled"
        nonce = hashlib.sha256(f"notice|{bad_channel}|{state}".encode()).hexdigest()[:25]
        text = NOTICE.format(channel=bad_channel, why=why, state=state)
        for channel_id in await self._notice_channels(guild_id, bad_channel):
            channel = self.client.get_partial_messageable(int(channel_id))
            try:
                async with asyncio.timeout(self.timeout):
                    await channel.send(
                        text, nonce=nonce, allowed_mentions=discord.AllowedMentions.none()
                    )
                log.warning("channel %s %s; organizers told in %s", bad_channel, state, channel_id)
                return
            except (discord.HTTPException, TimeoutError, aiohttp.ClientError, OSError):
                continue
        log.error(
            "channel %s %s (%s) and no channel left to tell organizers", bad_channel, state, why
        )

    async def _notice_channels(self, guild_id: str, bad_channel: str) -> list[str]:
        assert self.client is not None and self.store is not None
        async with self.store.transaction() as tx:
            broken = {
                c.channel_id
                for c in await guilds.channels(tx, guild_id)
                if c.status is not ChannelStatus.ACTIVE
            }
            subs = [x.channel_id for x in await guilds.subscriptions(tx, guild_id)]
        found = [c for c in dict.fromkeys(subs) if c not in broken and c != bad_channel]
        guild = self.client.get_guild(int(guild_id))
        if guild is not None:
            others = [guild.system_channel] if guild.system_channel else []
            others += list(guild.text_channels)
            for channel in others:
                if (
                    str(channel.id) != bad_channel
                    and channel.permissions_for(guild.me).send_messages
                ):
                    found.append(str(channel.id))
        return list(dict.fromkeys(found))[:3]


def _code(exc: discord.HTTPException) -> str:
    return f"{exc.status}/{exc.code}" if exc.code else str(exc.status)
