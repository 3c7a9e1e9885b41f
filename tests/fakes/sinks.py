"""A sink that records what it was given and fails on request: for outbox and pipeline tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.delivery.alert_view import MessageView
from bot.delivery.sinks import Outcome, Result


@dataclass
class MemorySink:
    """Keeps what was sent, and can be told to fail: for tests of the outbox."""

    outcomes: list[Outcome] = field(default_factory=list)
    sent: list[tuple[str, MessageView, str]] = field(default_factory=list)
    # guild id -> channels a notice may go to beyond the subscribed ones
    channels: dict[str, list[str]] = field(default_factory=dict)

    async def send(self, channel_id: str, view: MessageView, nonce: str) -> Outcome:
        outcome = self.outcomes.pop(0) if self.outcomes else Outcome(Result.DELIVERED)
        if outcome.result is Result.DELIVERED:
            self.sent.append((channel_id, view, nonce))
            if outcome.message_id is None:
                outcome = Outcome(Result.DELIVERED, message_id=str(len(self.sent)))
        return outcome

    def notice_channels(self, guild_id: str) -> list[str]:
        return list(self.channels.get(guild_id, []))
