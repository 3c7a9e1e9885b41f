"""PostgreSQL repositories for sources, seen items, alerts and meta, and the unit of work.

Batches are one statement (or one pipelined executemany), never a round trip per record, and
their rows are written in key order: two transactions inserting overlapping keys then wait for
each other in the same order instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import asyncpg

from bot.store.api import NEVER_CHECKED, AlertRepo, MetaRepo, SeenRepo, SourceRepo, UnitOfWork
from bot.store.models import Alert, CycleSummary, PruneReport, RowStatus, Source
from bot.store.postgres.codec import RowCodec
from bot.store.postgres.locks import PERSON_LOCK_SPACE, lock_key
from feeds.models import EventType

SOURCE = RowCodec(Source, "sources", {"interval": "interval_seconds"})
_SOURCE_ID = SOURCE.columns.index("id")
ALERT = RowCodec(Alert, "alerts")


def _count(status: str) -> int:
    """Rows affected, from a command tag such as 'INSERT 0 5' or 'UPDATE 3'."""
    return int(status.rsplit(" ", 1)[-1])


class PgSourceRepo(SourceRepo):
    """Sources, with the fields as read kept per transaction: `save` writes only the fields
    that changed since, so a worker's health update and an organizer's or a template's change
    to the same source in another process at the same time do not undo each other."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn
        self._read: dict[str, tuple[Any, ...]] = {}

    def _loaded(self, rows: Iterable[Any]) -> list[Source]:
        sources = []
        for row in rows:
            sources.append(SOURCE.from_row(row))
            # A row's values, in column order, are what SOURCE.values gives for the source
            # made from it: no need to convert back.
            self._read[row["id"]] = tuple(row)
        return sources

    async def get(self, source_id: str) -> Source | None:
        row = await self.conn.fetchrow(
            f"SELECT {SOURCE.select_list} FROM sources WHERE id = $1", source_id
        )
        return self._loaded([row])[0] if row else None

    async def get_many(self, source_ids: Iterable[str]) -> dict[str, Source]:
        ids = sorted(set(source_ids))
        if not ids:
            return {}
        rows = await self.conn.fetch(
            f"SELECT {SOURCE.select_list} FROM sources WHERE id = ANY($1::text[])", ids
        )
        return {source.id: source for source in self._loaded(rows)}

    async def all(self) -> list[Source]:
        rows = await self.conn.fetch(f"SELECT {SOURCE.select_list} FROM sources ORDER BY seq")
        return self._loaded(rows)

    async def for_guild(self, guild_id: str) -> list[Source]:
        rows = await self.conn.fetch(
            f"SELECT {SOURCE.select_list} FROM sources WHERE $1 = ANY(guild_ids) ORDER BY seq",
            guild_id,
        )
        return self._loaded(rows)

    async def automatic(self) -> list[Source]:
        rows = await self.conn.fetch(
            f"SELECT {SOURCE.select_list} FROM sources WHERE auto ORDER BY seq"
        )
        return self._loaded(rows)

    async def due(self, now: datetime, max_backoff: float) -> list[Source]:
        # api.is_due in SQL: a next check further ahead than any wait the bot sets means the
        # clock was set back, and the source is due now.
        rows = await self.conn.fetch(
            f"SELECT {SOURCE.select_list} FROM sources WHERE enabled AND ("
            " next_check_at IS NULL OR next_check_at <= $1"
            " OR next_check_at - $1 > make_interval("
            "   secs => greatest(interval_seconds * 1.2, $2::float8) + 300))"
            " ORDER BY seq",
            now,
            float(max_backoff),
        )
        return self._loaded(rows)

    async def earliest_check(self) -> datetime | None:
        row = await self.conn.fetchrow(
            "SELECT count(*) AS n, count(next_check_at) AS known, min(next_check_at) AS first"
            " FROM sources WHERE enabled"
        )
        if row["n"] == 0:
            return None
        if row["known"] < row["n"]:  # a source never checked is due now
            return NEVER_CHECKED
        return row["first"]  # type: ignore[no-any-return]

    async def insert(self, sources: list[Source]) -> None:
        # Several processes may add the same automatic source at once: the first one wins.
        if sources:
            ordered = sorted(sources, key=lambda s: s.id)
            await self.conn.executemany(SOURCE.insert_sql(), [SOURCE.values(s) for s in ordered])

    async def save(self, sources: list[Source]) -> None:
        """Write each source's fields that differ from what this transaction read (all of them
        for a source it did not read), one statement per set of changed fields."""
        by_fields: dict[tuple[int, ...], list[tuple[Any, ...]]] = {}
        for source in sorted(sources, key=lambda s: s.id):
            new = SOURCE.values(source)
            old = self._read.get(source.id)
            changed = tuple(
                i for i, value in enumerate(new)
                if i != _SOURCE_ID and (old is None or value != old[i])
            )  # fmt: skip
            if changed:
                by_fields.setdefault(changed, []).append((source.id, *(new[i] for i in changed)))
                self._read[source.id] = new
        for changed, rows in by_fields.items():
            columns = [SOURCE.columns[i] for i in changed]
            bulk = SOURCE.bulk_update_sql("id", columns)
            if bulk is None:  # a list field (guild_ids) changed: row by row, pipelined
                await self.conn.executemany(SOURCE.update_columns_sql("id", columns), rows)
            else:  # health after a poll: one statement for the whole batch
                await self.conn.execute(bulk, *(list(col) for col in zip(*rows, strict=True)))

    async def delete(self, source_id: str) -> bool:
        return _count(await self.conn.execute("DELETE FROM sources WHERE id = $1", source_id)) > 0

    async def set_next_check(self, when: datetime | None, ids: Iterable[str] | None = None) -> None:
        if ids is None:
            await self.conn.execute("UPDATE sources SET next_check_at = $1", when)
        else:
            await self.conn.execute(
                "UPDATE sources SET next_check_at = $1 WHERE id = ANY($2::text[])",
                when,
                sorted(set(ids)),
            )


class PgSeenRepo(SeenRepo):
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def contains(self, key: str) -> bool:
        return bool(await self.conn.fetchval("SELECT EXISTS(SELECT 1 FROM seen WHERE key=$1)", key))

    async def unseen(self, keys: Iterable[str]) -> list[str]:
        wanted = list(keys)
        if not wanted:
            return []
        rows = await self.conn.fetch(
            "SELECT key FROM seen WHERE key = ANY($1::text[])", list(set(wanted))
        )
        known = {row["key"] for row in rows}
        return [key for key in wanted if key not in known]

    async def mark(self, keys: Iterable[str], at: datetime) -> int:
        fresh = sorted(set(keys))
        if not fresh:
            return 0
        status = await self.conn.execute(
            "INSERT INTO seen (key, seen_at) SELECT k, $2 FROM unnest($1::text[]) AS k"
            " ON CONFLICT DO NOTHING",
            fresh,
            at,
        )
        return _count(status)

    async def count(self) -> int:
        return int(await self.conn.fetchval("SELECT count(*) FROM seen"))

    async def all(self) -> list[tuple[str, datetime]]:
        rows = await self.conn.fetch("SELECT key, seen_at FROM seen ORDER BY seen_at, key")
        return [(row["key"], row["seen_at"]) for row in rows]


class PgAlertRepo(AlertRepo):
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def get(self, alert_key: str) -> Alert | None:
        row = await self.conn.fetchrow(
            f"SELECT {ALERT.select_list} FROM alerts WHERE alert_key = $1", alert_key
        )
        return ALERT.from_row(row) if row else None

    async def get_many(self, alert_keys: list[str]) -> list[Alert]:
        if not alert_keys:
            return []
        rows = await self.conn.fetch(
            f"SELECT {ALERT.select_list} FROM alerts WHERE alert_key = ANY($1::text[])",
            list(set(alert_keys)),
        )
        found = {row["alert_key"]: ALERT.from_row(row) for row in rows}
        return [found[key] for key in alert_keys if key in found]

    async def search(
        self,
        prosecutor_ids: Iterable[str],
        event_type: EventType | None = None,
        since: datetime | None = None,
        *,
        visible_to: str | None = None,
    ) -> list[Alert]:
        wanted = sorted(set(prosecutor_ids))
        if not wanted:
            return []
        # visible_to: shared alerts and that guild's own private ones, never another's.
        rows = await self.conn.fetch(
            f"SELECT {ALERT.select_list} FROM alerts WHERE prosecutor_id = ANY($1::text[])"
            " AND ($2::text IS NULL OR event_type = $2)"
            " AND ($3::timestamptz IS NULL OR first_seen >= $3)"
            " AND ($4::text IS NULL OR guild_id IS NULL OR guild_id = $4)"
            " ORDER BY seq",
            wanted,
            str(event_type) if event_type else None,
            since,
            visible_to,
        )
        return ALERT.from_rows(rows)

    async def all(self) -> list[Alert]:
        return ALERT.from_rows(
            await self.conn.fetch(f"SELECT {ALERT.select_list} FROM alerts ORDER BY seq")
        )

    async def add(self, alerts: list[Alert]) -> None:
        # A second worker that raced us to the same alert key adds nothing.
        if alerts:
            ordered = sorted(alerts, key=lambda a: a.alert_key)
            await self.conn.executemany(ALERT.insert_sql(), [ALERT.values(a) for a in ordered])

    async def set_also_reported(self, names: dict[str, list[str]]) -> None:
        if names:
            await self.conn.executemany(
                "UPDATE alerts SET also_reported_by = $2 WHERE alert_key = $1",
                sorted((key, list(value)) for key, value in names.items()),
            )


class PgMetaRepo(MetaRepo):
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def _get(self, name: str) -> Any:
        return await self.conn.fetchval("SELECT value FROM meta WHERE name = $1", name)

    async def _set(self, name: str, value: Any) -> None:
        await self.conn.execute(
            "INSERT INTO meta (name, value) VALUES ($1, $2)"
            " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            name,
            value,
        )

    async def last_cycle(self) -> CycleSummary | None:
        raw = await self._get("last_cycle")
        if not raw:
            return None
        counts = {k: v for k, v in raw.items() if k != "at"}
        return CycleSummary(at=datetime.fromisoformat(raw["at"]), counts=counts)

    async def set_last_cycle(self, summary: CycleSummary) -> None:
        await self._set("last_cycle", {"at": summary.at.isoformat(), **summary.counts})

    async def delivery_paused_until(self) -> datetime | None:
        raw = await self._get("delivery_paused_until")
        return datetime.fromisoformat(raw) if raw else None

    async def set_delivery_paused_until(self, until: datetime | None) -> None:
        await self._set("delivery_paused_until", until.isoformat() if until else None)

    async def api_calls(self, api: str) -> list[float]:
        # The row is made first so there is always one to lock: FOR UPDATE makes workers
        # spending the same budget wait for each other's commit instead of both spending it.
        name = f"api_calls:{api}"
        await self.conn.execute(
            "INSERT INTO meta (name, value) VALUES ($1, '[]') ON CONFLICT (name) DO NOTHING", name
        )
        raw = await self.conn.fetchval("SELECT value FROM meta WHERE name = $1 FOR UPDATE", name)
        return [float(t) for t in raw or []]

    async def set_api_calls(self, api: str, sent: list[float]) -> None:
        await self._set(f"api_calls:{api}", list(sent))


class PgUnitOfWork(UnitOfWork):
    def __init__(self, conn: asyncpg.Connection) -> None:
        from bot.store.postgres.guild_repo import PgFeedbackRepo, PgGuildRepo
        from bot.store.postgres.outbox_repo import PgOutboxRepo

        self.conn = conn
        self.sources = PgSourceRepo(conn)
        self.seen = PgSeenRepo(conn)
        self.alerts = PgAlertRepo(conn)
        self.outbox = PgOutboxRepo(conn)
        self.guilds = PgGuildRepo(conn)
        self.feedback = PgFeedbackRepo(conn)
        self.meta = PgMetaRepo(conn)

    async def lock_people(self, prosecutor_ids: Iterable[str]) -> None:
        # Transaction-scoped advisory locks, taken in sorted order so two transactions never
        # wait for each other in a circle.
        keys = sorted({lock_key(pid) for pid in prosecutor_ids})
        if keys:
            await self.conn.execute(
                "SELECT pg_advisory_xact_lock($1, k) FROM unnest($2::int4[]) AS k",
                PERSON_LOCK_SPACE,
                keys,
            )

    async def prune(
        self, *, seen_before: datetime, alerts_before: datetime, outbox_before: datetime
    ) -> PruneReport:
        seen = await self.conn.execute("DELETE FROM seen WHERE seen_at < $1", seen_before)
        alerts = await self.conn.execute("DELETE FROM alerts WHERE first_seen < $1", alerts_before)
        rows = await self.conn.execute(
            "DELETE FROM outbox WHERE created_at < $1 AND status <> ALL($2::text[])",
            outbox_before,
            [RowStatus.PENDING.value, RowStatus.DIGEST.value, RowStatus.IN_SUMMARY.value],
        )
        # Holds that have passed mean nothing any more.
        await self.conn.execute("DELETE FROM channel_holds WHERE until < $1", outbox_before)
        return PruneReport(_count(seen), _count(alerts), _count(rows))
