"""Feedback on an alert, "wrong person" or "not relevant": the record and the alert's buttons.

The buttons are a persistent DynamicItem: the custom_id carries the kind and a short alert id,
so they keep working after a restart without any per-message state. The sink attaches them to
every alert (bot/chat/discord_sink.py); the feedback cog registers them and adds /feedback.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot import guilds
from bot.chat.client import ours
from bot.chat.embeds import ALERT_ID_LEN, alert_id
from bot.chat.options import gid
from bot.chat.permissions import is_organizer
from bot.chat.replies import reply, safe
from bot.store import Feedback, UnitOfWork

if TYPE_CHECKING:
    from bot.chat.client import Interaction

log = logging.getLogger(__name__)

KINDS = {"wp": "wrong_person", "nr": "not_relevant"}
LABELS = {"wp": "Wrong person", "nr": "Not relevant"}
_ID = re.compile(rf"[0-9a-f]{{{ALERT_ID_LEN}}}")


async def find_alert(tx: UnitOfWork, guild_id: int, short_id: str) -> str | None:
    """The alert key for a short id, among the alerts this server may see (about prosecutors it
    watches, shared or its own)."""
    watched = {p.id for p in await guilds.watched(tx, guild_id)}
    for alert in await tx.alerts.search(watched, visible_to=str(guild_id)):
        if alert_id(alert.alert_key) == short_id:
            return alert.alert_key
    return None


async def record(interaction: Interaction, short_id: str, kind: str) -> None:
    store = interaction.client.services.store
    guild_id = gid(interaction)
    short_id = short_id.strip().lower()
    if not _ID.fullmatch(short_id):
        raise guilds.ConfigError("An alert id is the 10 characters after 'alert' in its footer.")

    doc: Feedback | None = None
    async with store.transaction() as tx:
        key = await find_alert(tx, guild_id, short_id)
        if key is not None:
            doc = await guilds.record_feedback(tx, guild_id, key, kind)
    if doc is None:
        raise guilds.ConfigError("No alert with that id here (it may be too old).")
    what = (
        "this prosecutor matched by the same words"
        if kind == "wrong_person"
        else f"{doc.event_type} alerts about this prosecutor"
    )
    origin = safe(doc.origin or "this source", 80)
    await reply(interaction, f"Thanks. From {origin}, {what} will not be alerted here again.")


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=rf"pw:fb:(?P<kind>wp|nr):(?P<aid>[0-9a-f]{{{ALERT_ID_LEN}}})",
):
    def __init__(self, kind: str, short_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=LABELS[kind],
                style=discord.ButtonStyle.secondary,
                custom_id=f"pw:fb:{kind}:{short_id}",
            )
        )
        self.kind = kind
        self.short_id = short_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> FeedbackButton:
        return cls(match["kind"], match["aid"])

    async def callback(self, any_interaction: discord.Interaction[Any]) -> None:
        interaction = ours(any_interaction)
        if interaction.guild_id is None:
            return
        role = interaction.client.services.settings.discord.organizer_role
        try:
            if not is_organizer(interaction, role):
                raise guilds.ConfigError("Only organizers can mark alerts.")
            await record(interaction, self.short_id, KINDS[self.kind])
        except guilds.ConfigError as exc:
            await reply(interaction, str(exc))


def feedback_view(short_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for kind in KINDS:
        view.add_item(FeedbackButton(kind, short_id))
    return view
