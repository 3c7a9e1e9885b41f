"""Where alerts go. The pipeline and outbox only know this interface.

A sink answers every send with an Outcome instead of raising, so the outbox can decide what to
do: mark delivered, try again later, hold one channel, stop sending to a channel, or pause all
delivery.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, TextIO

from bot.delivery.alert_view import MessageView, render_text


class Result(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"  # transient: 5xx, 503, timeout, gateway down
    # A 429 for this channel: nothing goes to it before `retry_after` has passed.
    RATE_LIMITED = "rate_limited"
    REJECTED = "rejected"  # the message itself is refused (400): retrying cannot help
    FORBIDDEN = "forbidden"  # 403: the bot may not post there; pause that channel
    MISSING = "missing"  # 404: channel deleted; disable it
    PAUSE_ALL = "pause_all"  # a global limit (Cloudflare 429): stop all sends for a while


@dataclass(frozen=True)
class Outcome:
    result: Result
    message_id: str | None = None
    retry_after: float | None = None
    detail: str = ""
    thread_id: str | None = None  # the thread the message opened (view.thread_name)


class Sink(Protocol):
    async def send(self, channel_id: str, view: MessageView, nonce: str) -> Outcome:
        """Post one message; `nonce` is stable for the same alert and channel across retries."""
        ...

    def notice_channels(self, guild_id: str) -> list[str]:
        """Channels of this guild (never another's) the sink knows it may post in, best first:
        where a notice to organizers may go when no subscribed channel can take it."""
        ...


@dataclass
class ConsoleSink:
    """Prints alerts as they would read in Discord: the demo's and the CLI's sink."""

    stream: TextIO = field(default_factory=lambda: sys.stdout)
    channel_names: dict[str, str] = field(default_factory=dict)
    sent: int = 0

    async def send(self, channel_id: str, view: MessageView, nonce: str) -> Outcome:
        self.sent += 1
        where = self.channel_names.get(channel_id, channel_id)
        print(f"\n#{where}", file=self.stream)
        print(render_text(view), file=self.stream)
        thread = None
        if view.thread_name:
            thread = f"console-thread-{self.sent}"
            self.channel_names[thread] = f"{where} › {view.thread_name}"
            print(f"┗ thread: {view.thread_name}", file=self.stream)
        self.stream.flush()
        return Outcome(Result.DELIVERED, message_id=f"console-{self.sent}", thread_id=thread)

    def notice_channels(self, guild_id: str) -> list[str]:
        return []
