"""Backfill requests, fulfilled by the poll cycle.

When a source is first polled its items are history: recorded, not alerted. Items a pending
request asks for (about its prosecutor, or from its feed, within its window) become alerts
anyway, but are not routed to everyone. Once every source a request concerns has been polled,
the stored alerts in its window are routed to the server that asked, oldest first, and the
request is done. A request whose sources never succeed is fulfilled with what is stored when
it expires.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.cycle.alerts import visible_to
from bot.cycle.routing import RouteContext, route
from bot.organizer.backfill import expired, select_alerts, select_items, window_start
from bot.store import Backfill, OutboxRow, Source, UnitOfWork
from feeds.models import Item, Match, Prosecutor

log = logging.getLogger(__name__)


class Backfills:
    """The cycle's pending requests, read once."""

    def __init__(self, requests: list[Backfill], watched: dict[str, set[str]]) -> None:
        self.requests = requests
        self.watched = watched  # guild id -> prosecutor ids it watches

    @classmethod
    async def load(cls, tx: UnitOfWork) -> Backfills:
        requests = await tx.guilds.backfills()
        watched: dict[str, set[str]] = {}
        for guild_id in {r.guild_id for r in requests}:
            watched[guild_id] = {p.id for p in await tx.guilds.watched(guild_id)}
        return cls(requests, watched)

    def __bool__(self) -> bool:
        return bool(self.requests)

    def wanted(
        self,
        source: Source,
        fresh: Sequence[tuple[Item, Sequence[Match]]],
        audience: str | None = None,
    ) -> list[tuple[Item, Match]]:
        """The items of a source being seeded that some request asks for. The items of a feed a
        server added (`audience`: that server) answer only that server's requests."""
        chosen: dict[tuple[str, str], tuple[Item, Match]] = {}
        for request in self.requests:
            if request.source_id is not None and request.source_id != source.id:
                continue
            if audience is not None and request.guild_id != audience:
                continue
            here = self.watched.get(request.guild_id, set())
            for item, match in select_items(request, fresh, here):
                chosen.setdefault((item.key, match.prosecutor_id), (item, match))
        return list(chosen.values())

    async def fulfil(
        self, tx: UnitOfWork, people: dict[str, Prosecutor], now: datetime
    ) -> list[OutboxRow]:
        """Rows for the requests whose sources have all been polled; those requests end."""
        done: list[str] = []
        rows: list[OutboxRow] = []
        automatic: list[Source] | None = None
        ctx: RouteContext | None = None
        for request in self.requests:
            here = self.watched.get(request.guild_id, set())
            pid = request.prosecutor_id
            if pid is not None and pid not in here:
                done.append(request.id)  # unwatched since: nothing to post
                continue
            if not expired(request, now):
                if pid is not None:
                    if pid not in people:
                        continue  # this cycle began before the watch: its sources come next
                    automatic = automatic if automatic is not None else await tx.sources.automatic()
                    if any(_waiting(s) for s in automatic if s.prosecutor_id == pid):
                        continue
                else:
                    source = await tx.sources.get(request.source_id or "")
                    if source is None or request.guild_id not in source.guild_ids:
                        done.append(request.id)  # the feed was removed
                        continue
                    if _waiting(source):
                        continue
            wanted = [pid] if pid is not None else sorted(here)
            stored = (
                visible_to(
                    await tx.alerts.search(
                        wanted, since=window_start(request), visible_to=request.guild_id
                    ),
                    request.guild_id,
                )
                if wanted
                else []
            )
            ctx = ctx or await RouteContext.load(tx)
            for order, alert in enumerate(select_alerts(request, stored, here)):
                # A microsecond apart, oldest first: the outbox sends rows oldest first.
                at = now + timedelta(microseconds=order)
                for row in await route(tx, alert, at, ctx, only_guild=request.guild_id):
                    rows.append(row)
            done.append(request.id)
            log.info("backfill %s for guild %s: %d rows", request.id, request.guild_id, len(rows))
        await tx.guilds.remove_backfills(done)
        return rows


def _waiting(source: Source) -> bool:
    """Not polled successfully yet, and still going to be."""
    return source.enabled and not source.seeded
