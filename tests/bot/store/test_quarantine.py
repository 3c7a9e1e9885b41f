"""Rows the store cannot read are set aside at open; the rest keeps working (issue 14)."""

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.clock import utcnow
from bot.store.tinydb import TinyStore
from tests.bot.cycle.test_pipeline import NEWS
from tests.bot.harness import configure, harness
from tests.bot.helpers import CHANNEL, GUILD, PERSON, open_store, setup_guild
from tests.fakes.feed_server import FeedServer

FUTURE = "2999-01-01T00:00:00+00:00"


def edit(path: Path, change: Any) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def quarantined(store: TinyStore) -> list[dict[str, Any]]:
    return [dict(doc) for doc in store.table("quarantine")]


async def test_a_source_row_missing_fields_does_not_fail_every_cycle(tmp_path):
    """A source row without its url (and one with a number stored as text) is set aside; the
    good feed is polled and alerts as before."""
    path = tmp_path / "s.json"
    async with FeedServer() as server:
        server.static("/news", NEWS)
        store = open_store(path)
        await configure(store, server, ["/news"])
        await store.close()

        def break_sources(data: dict[str, Any]) -> None:
            good = next(iter(data["sources"].values()))
            data["sources"]["90"] = {"id": "feed/no-url", "kind": "rss"}
            data["sources"]["91"] = {**good, "id": "feed/typed", "interval": "300"}

        edit(path, break_sources)
        async with harness(tmp_path, server, ["/news"]) as h:
            first = await h.cycle()
            second = await h.cycle()
            stored = await h.stored()
            aside = quarantined(h.store)
    assert first.stats.alerts == 2 and second.stats.errors == 0
    assert [s.id for s in stored.sources] == ["feed/news"]
    assert [(q["table"], q["doc"]["id"], q["reason"]) for q in aside] == [
        ("sources", "feed/no-url", "field 'url' is missing"),
        ("sources", "feed/typed", "field 'interval': int expected, not str"),
    ]


async def test_a_document_missing_optional_fields_is_completed_with_defaults(tmp_path):
    """A source row written without its optional fields (an older version) is read with their
    defaults, including by the due-sources scan that reads the stored document directly."""
    path = tmp_path / "s.json"
    store = open_store(path)
    await setup_guild(store)
    await store.close()

    def strip(data: dict[str, Any]) -> None:
        doc = next(iter(data["sources"].values()))
        data["sources"]["1"] = {
            "id": doc["id"], "kind": "rss", "url": doc["url"], "next_check_at": FUTURE,
        }  # fmt: skip

    edit(path, strip)
    store = open_store(path)
    try:
        async with store.transaction() as tx:
            due = await tx.sources.due(utcnow(), 3600)
        assert [s.id for s in due] == ["src"] and due[0].interval == 300
        assert store.set_aside == 0 and quarantined(store) == []
    finally:
        await store.close()


BAD_ROWS = [
    ("seen", {"k": "a", "t": "yesterday"}, "field 't': float expected, not str"),
    ("seen", {"t": 1.0}, "field 'k' is missing"),
    ("alerts", {"alert_key": "x"}, "field 'prosecutor_id' is missing"),
    ("outbox", {"id": "r", "kind": "alert", "guild_id": "1", "channel_id": "2",
                "status": "sent?", "nonce": "n", "created_at": "2026-01-01T00:00:00+00:00",
                "next_attempt_at": "2026-01-01T00:00:00+00:00"},
     "field 'status': 'sent?' is not one of "
     "['delivered', 'digest', 'in_summary', 'pending', 'rejected', 'undeliverable']"),
    ("subscriptions", {"id": "s", "guild_id": "1", "channel_id": "2", "prosecutor_id": "*",
                       "types": "recall"}, "field 'types': a list was expected, not str"),
    ("channels", {"guild_id": "1", "channel_id": "2", "last_digest_at": "2026-01-01T08:00:00"},
     "field 'last_digest_at': '2026-01-01T08:00:00' has no time zone"),
    ("feedback", ["not", "a", "document"], "the document is list, not an object"),
    ("meta", {"name": "last_cycle", "value": {"at": "noon", "alerts": 1}},
     "field 'at': Invalid isoformat string: 'noon'"),
]  # fmt: skip


@pytest.mark.parametrize(("table", "doc", "reason"), BAD_ROWS)
async def test_a_row_of_the_wrong_shape_is_set_aside_with_its_reason(tmp_path, table, doc, reason):
    """Each table's bad row goes to the quarantine table as it was stored, with why; the
    table's good rows and every other table stay."""
    path = tmp_path / "s.json"
    store = open_store(path)
    await setup_guild(store)
    async with store.transaction() as tx:
        await tx.seen.mark(["kept"], utcnow())
    await store.close()
    edit(path, lambda data: data.setdefault(table, {}).update({"77": doc}))
    store = open_store(path)
    try:
        assert [(q["table"], q["doc_id"], q["reason"], q["doc"]) for q in quarantined(store)] == [
            (table, "77", reason, doc)
        ]
        async with store.transaction() as tx:
            assert await tx.seen.contains("kept")
            assert [p.id for p in await tx.guilds.watched(str(GUILD))] == [PERSON.id]
            assert len(await tx.guilds.subscriptions(str(GUILD))) == 1
    finally:
        await store.close()
    assert "77" not in json.loads(path.read_text()).get(table, {})


async def test_one_bad_watchlist_entry_is_set_aside_alone(tmp_path):
    """A guild document with one unreadable watched person keeps the rest of its setup."""
    path = tmp_path / "s.json"
    store = open_store(path)
    await setup_guild(store)
    await store.close()

    def add_bad_person(data: dict[str, Any]) -> None:
        guild = next(iter(data["guilds"].values()))
        guild["watch"]["ghost"] = {"id": "ghost", "name": 7}
        guild["mention"] = {"role_id": "5", "types": ["recall", "gossip"]}

    edit(path, add_bad_person)
    store = open_store(path)
    try:
        aside = [(q["table"], q["part"], q["reason"]) for q in quarantined(store)]
        assert aside == [
            ("guilds", "watch/ghost", "person field 'name': text expected, not int"),
            ("guilds", "mention", "field 'types': 'gossip' is not one of " + _types()),
        ]
        async with store.transaction() as tx:
            assert [p.id for p in await tx.guilds.watched(str(GUILD))] == [PERSON.id]
            assert await tx.guilds.mention(str(GUILD)) is None
            [sub] = await tx.guilds.subscriptions(str(GUILD))
            assert sub.channel_id == str(CHANNEL)
    finally:
        await store.close()


def _types() -> str:
    from feeds.models import EventType

    return str(sorted(t.value for t in EventType))


async def test_setting_aside_is_logged_once_and_kept_across_opens(tmp_path, caplog):
    """The first open logs one line naming the table and reasons; the next open has nothing
    to set aside and logs nothing, and the quarantined row is still there."""
    path = tmp_path / "s.json"
    store = open_store(path)
    await setup_guild(store)
    await store.close()
    edit(path, lambda data: data["sources"].update({"9": {"id": "x"}}))
    with caplog.at_level(logging.ERROR, logger="bot.store.tinydb.engine"):
        await open_store(path).close()
        first = [r.getMessage() for r in caplog.records]
        caplog.clear()
        again = open_store(path)
        second = [r.getMessage() for r in caplog.records]
    try:
        assert len(first) == 1 and "1 unreadable rows set aside in its 'quarantine'" in first[0]
        assert "sources #9: field 'kind' is missing" in first[0]
        assert second == [] and again.set_aside == 0
        assert [q["doc"] for q in quarantined(again)] == [{"id": "x"}]
    finally:
        await again.close()
