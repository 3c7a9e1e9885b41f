"""Flood cap and digests: many alerts for one channel become summary rows, stored first.

A summary is an outbox row listing the rows it covers; it is written (with its nonce) before
its message is sent, and the rows it lists wait as `in_summary` until it is delivered. A kill
between Discord creating the summary and the bot recording it therefore ends with the same
summary sent again (Discord answers its nonce with the first message), never with its alerts
posted a second time. Every alert is listed: a flood too big for one message becomes several,
each saying how many follow in the next.
"""

from __future__ import annotations

from datetime import datetime

from bot.delivery import summary_view
from bot.delivery.rows import new_summaries
from bot.store import Alert, OutboxRow, RowKind, RowStatus, UnitOfWork


def order(rows: list[OutboxRow]) -> list[OutboxRow]:
    """One channel's due rows in sending order: notices first, then the rest oldest first."""
    return [r for r in rows if r.kind is RowKind.NOTICE] + [
        r for r in rows if r.kind is not RowKind.NOTICE
    ]


def overflows(rows: list[OutboxRow], cap: int) -> bool:
    """More alerts wait for one channel than the flood cap lets go singly."""
    return sum(r.kind is RowKind.ALERT for r in rows) > cap


async def fold(tx: UnitOfWork, rows: list[OutboxRow], cap: int, now: datetime) -> list[OutboxRow]:
    """What to send to one channel now, in order (see `order`). When more alerts wait than
    `cap`, the oldest cap-1 go singly and the rest are folded into summary rows (stored here,
    before anything is sent), which go last."""
    ordered = order(rows)
    alerts = [r for r in rows if r.kind is RowKind.ALERT]
    if len(alerts) <= cap:
        return ordered
    rest = alerts[max(0, cap - 1) :]
    summaries = await summarize(tx, RowKind.SUMMARY, rest, f"{len(rest)} more alerts", now)
    folded = {r.id for r in rest}
    return [r for r in ordered if r.id not in folded] + summaries


async def summarize(
    tx: UnitOfWork, kind: RowKind, rows: list[OutboxRow], heading: str, now: datetime
) -> list[OutboxRow]:
    """Store summary rows (of `kind`) listing `rows`, and mark those rows as listed.

    Rows whose alert is gone (pruned) cannot be shown: they are rejected, not listed."""
    found = {a.alert_key: a for a in await tx.alerts.get_many([r.alert_key or "" for r in rows])}
    listed = [r for r in rows if r.alert_key in found]
    for row in rows:
        if row.alert_key in found:
            row.status = RowStatus.IN_SUMMARY
        else:
            row.status, row.last_error = RowStatus.REJECTED, "alert record missing"
    summaries: list[OutboxRow] = []
    if listed:
        shown: list[Alert] = [found[r.alert_key or ""] for r in listed]
        sizes = summary_view.plan(shown)
        texts = summary_view.titles(sizes, heading)
        summaries = new_summaries(kind, listed, sizes, texts, now)
    await tx.outbox.save(rows)
    await tx.outbox.enqueue(summaries)
    return summaries
