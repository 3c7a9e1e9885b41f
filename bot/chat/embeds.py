"""MessageView (already sanitized, within limits) -> discord.py objects.

Mentions are closed by default: the client is built with AllowedMentions.none(), and a message
may ping exactly one role, the one an organizer configured for that alert's type.
"""

from __future__ import annotations

import discord

from bot.delivery.alert_view import ALERT_ID_LEN, EMBED_TOTAL_MAX, FOOTER_MAX, MessageView, truncate
from bot.delivery.alert_view import alert_id as alert_id  # re-exported for the edge's modules

__all__ = ["ALERT_ID_LEN", "alert_id", "allowed_mentions", "to_embeds"]


def to_embeds(view: MessageView, short_id: str | None = None) -> list[discord.Embed]:
    embeds = []
    for item in view.embeds[:10]:
        embed = discord.Embed(
            title=item.title,
            description=item.description or None,
            url=item.url,
            colour=item.color,
            timestamp=item.timestamp,
        )
        for name, value, inline in item.fields[:25]:
            embed.add_field(name=name, value=value or "\u200b", inline=inline)
        footer = item.footer
        if short_id:
            footer = f"{footer} · alert {short_id}" if footer else f"alert {short_id}"
        if footer:
            embed.set_footer(text=truncate(footer, FOOTER_MAX))
        embeds.append(embed)
    # alert_view keeps each embed within limits; this guards the whole message's 6,000.
    while embeds and sum(len(e) for e in embeds) > EMBED_TOTAL_MAX:
        embeds.pop()
    return embeds


def allowed_mentions(role_id: str | None) -> discord.AllowedMentions:
    if not role_id:
        return discord.AllowedMentions.none()
    return discord.AllowedMentions(
        everyone=False, users=False, replied_user=False, roles=[discord.Object(int(role_id))]
    )
