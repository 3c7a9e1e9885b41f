"""TinyDB outbox repository: one scan and one write per call, whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tinydb import Query

from bot.store.api import OutboxRepo
from bot.store.models import OutboxRow, RowKind, RowStatus
from bot.store.tinydb.records import Codec, from_iso, iso

if TYPE_CHECKING:
    from bot.store.tinydb.engine import TinyStore

Q = Query()
ROW = Codec(OutboxRow)


class TinyOutboxRepo(OutboxRepo):
    def __init__(self, store: TinyStore) -> None:
        self.s = store
        self.table = store.table("outbox")
        self.held = store.table("channel_holds")

    async def enqueue(self, rows: list[OutboxRow]) -> int:
        if not rows:  # most cycles: no need to read the whole outbox
            return 0
        docs = [ROW.to_doc(row) for row in rows]

        def op() -> int:
            known = {doc["id"] for doc in self.table}
            fresh = []
            for doc in docs:
                if doc["id"] not in known:
                    known.add(doc["id"])
                    fresh.append(doc)
            self.table.insert_multiple(fresh)
            return len(fresh)

        return await self.s.call(op)

    async def due(self, now: datetime) -> list[OutboxRow]:
        stamp = iso(now)

        def op() -> list[OutboxRow]:
            docs = self.table.search(
                (Q.status == RowStatus.PENDING.value) & (Q.next_attempt_at <= stamp)
            )
            docs.sort(key=lambda d: (d["created_at"], d["id"]))
            return [ROW.from_doc(d) for d in docs]

        return await self.s.call(op)

    async def get_many(self, row_ids: Iterable[str]) -> dict[str, OutboxRow]:
        wanted = set(row_ids)

        def op() -> dict[str, OutboxRow]:
            found: dict[str, OutboxRow] = {}
            for doc in self.table.search(Q.id.one_of(wanted)):
                if doc["id"] not in found:
                    found[doc["id"]] = ROW.from_doc(doc)
            return found

        return await self.s.call(op)

    async def by_nonce(self, nonce: str) -> OutboxRow | None:
        def op() -> OutboxRow | None:
            doc = self.table.get(Q.nonce == nonce)
            return ROW.from_doc(doc) if doc else None

        return await self.s.call(op)

    async def held_for_digest(self, channel_id: str) -> list[OutboxRow]:
        query = (Q.channel_id == channel_id) & (Q.status == RowStatus.DIGEST.value)
        return await self.s.call(lambda: [ROW.from_doc(d) for d in self.table.search(query)])

    async def all(self, guild_id: str | None = None) -> list[OutboxRow]:
        def op() -> list[OutboxRow]:
            docs = (
                self.table.all() if guild_id is None else self.table.search(Q.guild_id == guild_id)
            )
            return [ROW.from_doc(d) for d in docs]

        return await self.s.call(op)

    async def save(self, rows: list[OutboxRow]) -> None:
        if not rows:
            return
        docs: dict[str, dict[str, Any]] = {row.id: ROW.to_doc(row) for row in rows}

        def op() -> None:
            self.table.update(lambda doc: doc.update(docs[doc["id"]]), Q.id.one_of(set(docs)))

        await self.s.call(op)

    async def give_up_channel(self, channel_id: str, detail: str) -> int:
        waiting = [RowStatus.PENDING.value, RowStatus.IN_SUMMARY.value]

        def op() -> int:
            return len(
                self.table.update(
                    {"status": RowStatus.UNDELIVERABLE.value, "last_error": detail},
                    (Q.channel_id == channel_id)
                    & Q.status.one_of(waiting)
                    & (Q.kind != RowKind.NOTICE.value),
                )
            )

        return await self.s.call(op)

    async def depth(self, guild_id: str | None = None) -> dict[RowStatus, int]:
        def op() -> dict[RowStatus, int]:
            counts: dict[RowStatus, int] = defaultdict(int)
            docs = (
                self.table.all() if guild_id is None else self.table.search(Q.guild_id == guild_id)
            )
            for doc in docs:
                counts[RowStatus(doc["status"])] += 1
            return dict(counts)

        return await self.s.call(op)

    async def set_next_attempt(self, when: datetime, ids: Iterable[str] | None = None) -> None:
        fields = {"next_attempt_at": iso(when)}
        if ids is None:
            await self.s.call(self.table.update, fields)
        else:
            await self.s.call(self.table.update, fields, Q.id.one_of(set(ids)))

    async def next_attempt_after(self, now: datetime) -> datetime | None:
        stamp = iso(now)

        def op() -> datetime | None:
            later = [
                doc["next_attempt_at"]
                for doc in self.table.search(
                    (Q.status == RowStatus.PENDING.value) & (Q.next_attempt_at > stamp)
                )
            ]
            return from_iso(min(later)) if later else None

        return await self.s.call(op)

    async def hold_channel(self, channel_id: str, until: datetime) -> None:
        stamp = iso(until)
        assert stamp is not None

        def op() -> None:
            doc = self.held.get(Q.channel_id == channel_id)
            if doc is None:
                self.held.insert({"channel_id": channel_id, "until": stamp})
            elif doc["until"] < stamp:
                self.held.update({"until": stamp}, doc_ids=[doc.doc_id])

        await self.s.call(op)

    async def holds(self, now: datetime) -> dict[str, datetime]:
        stamp = iso(now)

        def op() -> dict[str, datetime]:
            found: dict[str, datetime] = {}
            for doc in self.held.search(Q.until > stamp):
                until = from_iso(doc["until"])
                assert until is not None
                found[doc["channel_id"]] = until
            return found

        return await self.s.call(op)
