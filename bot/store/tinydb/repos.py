"""TinyDB repositories for sources, seen items, alerts and meta, and the unit of work.

Each method runs its TinyDB work as one job on the store thread. TinyDB answers every get and
search by scanning a table and copies a table on every write, so methods are shaped for batches:
one scan and one write per call, never a lookup per record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tinydb import Query

from bot.store.api import (
    NEVER_CHECKED,
    AlertRepo,
    MetaRepo,
    SeenRepo,
    SourceRepo,
    UnitOfWork,
)
from bot.store.models import Alert, CycleSummary, PruneReport, RowStatus, Source
from bot.store.tinydb.records import Codec, from_iso, iso
from feeds.models import EventType

if TYPE_CHECKING:
    from bot.store.tinydb.engine import TinyStore

Q = Query()
SOURCE = Codec(Source)
ALERT = Codec(Alert)


class TinySourceRepo(SourceRepo):
    def __init__(self, store: TinyStore) -> None:
        self.s = store
        self.table = store.table("sources")

    async def get(self, source_id: str) -> Source | None:
        def op() -> Source | None:
            doc = self.table.get(Q.id == source_id)
            return SOURCE.from_doc(doc) if doc else None

        return await self.s.call(op)

    async def get_many(self, source_ids: Iterable[str]) -> dict[str, Source]:
        wanted = set(source_ids)

        def op() -> dict[str, Source]:
            found: dict[str, Source] = {}
            for doc in self.table:
                if doc["id"] in wanted and doc["id"] not in found:
                    found[doc["id"]] = SOURCE.from_doc(doc)
            return found

        return await self.s.call(op)

    async def all(self) -> list[Source]:
        return await self.s.call(lambda: [SOURCE.from_doc(doc) for doc in self.table])

    async def for_guild(self, guild_id: str) -> list[Source]:
        def op() -> list[Source]:
            return [SOURCE.from_doc(d) for d in self.table.search(Q.guild_ids.any([guild_id]))]

        return await self.s.call(op)

    async def automatic(self) -> list[Source]:
        def op() -> list[Source]:
            return [SOURCE.from_doc(d) for d in self.table.search(Q.auto == True)]  # noqa: E712

        return await self.s.call(op)

    async def earliest_check(self) -> datetime | None:
        def op() -> datetime | None:
            stamps: list[str | None] = [
                doc.get("next_check_at")
                for doc in self.table.search(Q.enabled == True)  # noqa: E712 - TinyDB syntax
            ]
            if not stamps:
                return None
            known = [s for s in stamps if s is not None]
            if len(known) < len(stamps):
                return NEVER_CHECKED
            return from_iso(min(known))  # ISO strings in UTC sort as the times do

        return await self.s.call(op)

    async def due(self, now: datetime, max_backoff: float) -> list[Source]:
        def op() -> list[Source]:
            # Compared as ISO strings, and only due documents converted: this runs every cycle
            # over every source.
            stamp = iso(now)
            assert stamp is not None
            due = []
            for doc in self.table.search(Q.enabled == True):  # noqa: E712 - TinyDB syntax
                upcoming = doc.get("next_check_at")
                if upcoming is None or upcoming <= stamp:
                    due.append(SOURCE.from_doc(doc))
                    continue
                # The clock was set back (see api.is_due).
                longest = max(doc["interval"] * 1.2, max_backoff) + 300
                ahead = from_iso(upcoming)
                if ahead is not None and (ahead - now).total_seconds() > longest:
                    due.append(SOURCE.from_doc(doc))
            return due

        return await self.s.call(op)

    async def insert(self, sources: list[Source]) -> None:
        if sources:
            docs = [SOURCE.to_doc(s) for s in sources]
            await self.s.call(self.table.insert_multiple, docs)

    async def save(self, sources: list[Source]) -> None:
        if not sources:
            return
        docs = {s.id: SOURCE.to_doc(s) for s in sources}

        def op() -> None:
            doc_ids = [doc.doc_id for doc in self.table if doc["id"] in docs]
            self.table.update(lambda doc: doc.update(docs[doc["id"]]), doc_ids=doc_ids)

        await self.s.call(op)

    async def delete(self, source_id: str) -> bool:
        return bool(await self.s.call(self.table.remove, Q.id == source_id))

    async def set_next_check(self, when: datetime | None, ids: Iterable[str] | None = None) -> None:
        fields = {"next_check_at": iso(when)}
        if ids is None:
            await self.s.call(self.table.update, fields)
        else:
            await self.s.call(self.table.update, fields, Q.id.one_of(set(ids)))


class TinySeenRepo(SeenRepo):
    """The keys live in a set kept beside the table, so a lookup never scans it."""

    def __init__(self, store: TinyStore) -> None:
        self.s = store
        self.table = store.table("seen")

    async def contains(self, key: str) -> bool:
        return await self.s.call(lambda: key in self.s.seen_keys)

    async def unseen(self, keys: Iterable[str]) -> list[str]:
        wanted = list(keys)
        return await self.s.call(lambda: [k for k in wanted if k not in self.s.seen_keys])

    async def mark(self, keys: Iterable[str], at: datetime) -> int:
        wanted = list(keys)
        stamp = at.timestamp()

        def op() -> int:
            fresh = [key for key in dict.fromkeys(wanted) if key not in self.s.seen_keys]
            if fresh:
                self.table.insert_multiple({"k": key, "t": stamp} for key in fresh)
                self.s.seen_keys.update(fresh)
            return len(fresh)

        return await self.s.call(op)

    async def count(self) -> int:
        return await self.s.call(lambda: len(self.s.seen_keys))

    async def all(self) -> list[tuple[str, datetime]]:
        def op() -> list[tuple[str, datetime]]:
            return [(doc["k"], datetime.fromtimestamp(doc["t"], UTC)) for doc in self.table]

        return await self.s.call(op)


class TinyAlertRepo(AlertRepo):
    def __init__(self, store: TinyStore) -> None:
        self.s = store
        self.table = store.table("alerts")

    async def get(self, alert_key: str) -> Alert | None:
        def op() -> Alert | None:
            doc = self.table.get(Q.alert_key == alert_key)
            return ALERT.from_doc(doc) if doc else None

        return await self.s.call(op)

    async def get_many(self, alert_keys: list[str]) -> list[Alert]:
        wanted = set(alert_keys)

        def op() -> list[Alert]:
            found: dict[str, Any] = {}
            for doc in self.table:  # one scan, where a key at a time scanned once per key
                if doc["alert_key"] in wanted:
                    found.setdefault(doc["alert_key"], doc)
            return [ALERT.from_doc(found[key]) for key in alert_keys if key in found]

        return await self.s.call(op)

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
        query = Q.prosecutor_id.one_of(wanted)
        if visible_to is not None:
            # Documents from before private alerts have no guild_id: they are shared.
            query &= ~Q.guild_id.exists() | (Q.guild_id == None) | (Q.guild_id == visible_to)  # noqa: E711
        if event_type:
            query &= Q.event_type == str(event_type)
        if since:
            query &= Q.first_seen >= iso(since)
        return await self.s.call(lambda: [ALERT.from_doc(d) for d in self.table.search(query)])

    async def all(self) -> list[Alert]:
        return await self.s.call(lambda: [ALERT.from_doc(doc) for doc in self.table])

    async def add(self, alerts: list[Alert]) -> None:
        if alerts:
            docs = [ALERT.to_doc(a) for a in alerts]
            await self.s.call(self.table.insert_multiple, docs)

    async def set_also_reported(self, names: dict[str, list[str]]) -> None:
        if not names:
            return
        fresh = {key: list(value) for key, value in names.items()}

        def op() -> None:
            self.table.update(
                lambda doc: doc.update(also_reported_by=fresh[doc["alert_key"]]),
                Q.alert_key.one_of(set(fresh)),
            )

        await self.s.call(op)


class TinyMetaRepo(MetaRepo):
    def __init__(self, store: TinyStore) -> None:
        self.s = store
        self.table = store.table("meta")

    def _get(self, name: str) -> Any:
        doc = self.table.get(Q.name == name)
        return doc["value"] if doc else None

    def _set(self, name: str, value: Any) -> None:
        self.table.upsert({"name": name, "value": value}, Q.name == name)

    async def last_cycle(self) -> CycleSummary | None:
        raw = await self.s.call(self._get, "last_cycle")
        if not raw:
            return None
        counts = {k: v for k, v in raw.items() if k != "at"}
        at = from_iso(raw.get("at"))
        assert at is not None
        return CycleSummary(at=at, counts=counts)

    async def set_last_cycle(self, summary: CycleSummary) -> None:
        await self.s.call(self._set, "last_cycle", {"at": iso(summary.at), **summary.counts})

    async def delivery_paused_until(self) -> datetime | None:
        return from_iso(await self.s.call(self._get, "delivery_paused_until"))

    async def set_delivery_paused_until(self, until: datetime | None) -> None:
        await self.s.call(self._set, "delivery_paused_until", iso(until))

    # One store thread runs one transaction at a time: reading is already exclusive.
    async def api_calls(self, api: str) -> list[float]:
        return list(await self.s.call(self._get, f"api_calls:{api}") or [])

    async def set_api_calls(self, api: str, sent: list[float]) -> None:
        await self.s.call(self._set, f"api_calls:{api}", list(sent))


class TinyUnitOfWork(UnitOfWork):
    def __init__(self, store: TinyStore) -> None:
        from bot.store.tinydb.guild_repo import TinyFeedbackRepo, TinyGuildRepo
        from bot.store.tinydb.outbox_repo import TinyOutboxRepo

        self.s = store
        self.sources = TinySourceRepo(store)
        self.seen = TinySeenRepo(store)
        self.alerts = TinyAlertRepo(store)
        self.outbox = TinyOutboxRepo(store)
        self.guilds = TinyGuildRepo(store)
        self.feedback = TinyFeedbackRepo(store)
        self.meta = TinyMetaRepo(store)

    async def prune(
        self, *, seen_before: datetime, alerts_before: datetime, outbox_before: datetime
    ) -> PruneReport:
        def op() -> PruneReport:
            seen = self.s.table("seen")
            removed_seen = seen.remove(Q.t < seen_before.timestamp())
            if removed_seen:
                self.s.seen_keys = {doc["k"] for doc in seen}
            removed_alerts = self.s.table("alerts").remove(Q.first_seen < iso(alerts_before))
            waiting = [RowStatus.PENDING.value, RowStatus.DIGEST.value, RowStatus.IN_SUMMARY.value]
            removed_rows = self.s.table("outbox").remove(
                ~Q.status.one_of(waiting) & (Q.created_at < iso(outbox_before))
            )
            # Holds that have passed mean nothing any more.
            self.s.table("channel_holds").remove(Q.until < iso(outbox_before))
            return PruneReport(len(removed_seen), len(removed_alerts), len(removed_rows))

        return await self.s.call(op)
