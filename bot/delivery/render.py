"""An outbox row as the message it sends, rendered at send time from what is stored now.

Mentions are decided here, when the message goes out, from the guild's current mention rule:
an alert queued while a role was set and sent after it was cleared names no role, and one
queued before a role was set pings it. Dates read in the guild's time zone as it is set now,
and an alert for a channel with threads on opens its thread (a forum post in a forum channel).
Alerts listed in a summary or digest open no thread: a summary is one message for many.
"""

from __future__ import annotations

from bot import guilds
from bot.delivery.alert_view import MessageView, alert_view, notice_view
from bot.delivery.summary_view import summary_view
from bot.organizer.threads import thread_name
from bot.store import OutboxRow, RowKind, UnitOfWork


async def render(tx: UnitOfWork, row: OutboxRow, *, summary_ping: bool) -> MessageView | None:
    """The message for `row`, or None when nothing is left to show (alerts pruned).

    A flood summary holding types the guild pings for pings the role once, when
    `summary_ping` allows it (one summary ping per channel per round); digests never ping."""
    if row.kind is RowKind.NOTICE:
        return notice_view(row.text or "")
    if row.kind is RowKind.UPDATE:  # built by bot/organizer/threads.update_view, already inert
        return MessageView(content=row.text or "")
    rule = await tx.guilds.mention(row.guild_id)
    if row.kind is RowKind.ALERT:
        alert = await tx.alerts.get(row.alert_key or "")
        if alert is None:
            return None
        zone = await tx.guilds.timezone(row.guild_id)
        view = alert_view(alert, guilds.mention_role(rule, alert.event_type), zone)
        if (await tx.guilds.channel(row.guild_id, row.channel_id)).threads:
            view.thread_name = thread_name(alert)
        return view
    listed = await tx.outbox.get_many(row.covers)
    keys = [key for rid in row.covers if (key := _alert_key(listed.get(rid)))]
    alerts = await tx.alerts.get_many(keys)
    if not alerts:
        return None
    title, _, note = (row.text or "").partition("\n")
    role = None
    if row.kind is RowKind.SUMMARY and summary_ping:
        roles = (guilds.mention_role(rule, alert.event_type) for alert in alerts)
        role = next((r for r in roles if r), None)
    return summary_view(alerts, title, note, mention_role_id=role)


def _alert_key(row: OutboxRow | None) -> str | None:
    return row.alert_key if row is not None else None
