"""More outlets report an alert that opened a thread: a note for that thread.

Channels with threads on (/subscribe threads:true) get each alert as a thread (or a forum
post); when a later cycle folds another outlet's story into that alert, the note goes into the
thread, where the organizers discussing the event will see it. Alerts still waiting to be sent
need no note: the message is built when it is sent and already lists the new outlets.
"""

from __future__ import annotations

from datetime import datetime

from bot.delivery import outbox
from bot.organizer.threads import update_view
from bot.store import Alert, ChannelStatus, OutboxRow, RowStatus, UnitOfWork


async def update_rows(
    tx: UnitOfWork, gained: list[tuple[Alert, list[str], Alert]], now: datetime
) -> list[OutboxRow]:
    if not gained:
        return []
    channels = [
        c for c in await tx.guilds.channels() if c.threads and c.status is ChannelStatus.ACTIVE
    ]
    if not channels:
        return []
    wanted = {
        outbox.row_id(alert.alert_key, channel.channel_id): (alert, names, record, channel)
        for alert, names, record in gained
        for channel in channels
    }
    rows: list[OutboxRow] = []
    for rid, row in (await tx.outbox.get_many(wanted)).items():
        if row.status is not RowStatus.DELIVERED or not row.thread_id:
            continue
        alert, names, record, channel = wanted[rid]
        text = update_view(alert, names, record.title, record.link).content
        rows.append(
            outbox.new_update(
                alert.alert_key, channel.guild_id, channel.channel_id, row.thread_id, text, now=now
            )
        )
    return rows
