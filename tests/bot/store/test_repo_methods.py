"""The repository contract, run against every engine (TinyDB and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.store import (
    Alert,
    Backfill,
    ChannelSettings,
    ChannelStatus,
    CycleSummary,
    DigestMode,
    Feedback,
    FeedbackKind,
    MentionRule,
    OutboxRow,
    RowKind,
    RowStatus,
    Source,
    Store,
    Subscription,
)
from feeds.models import EventType, Prosecutor

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
G1, G2 = "111", "222"
ANA = Prosecutor("ana-ortiz", "Ana Ortiz", "District Attorney", "Bay County", "CA", ("Ortiz",))
BEN = Prosecutor("ben-hale", "Ben Hale", "State's Attorney", "Lake County", "IL")


def source(sid: str, **kw: Any) -> Source:
    return Source(id=sid, kind="rss", url=f"https://feeds.example/{sid}", **kw)


def alert(key: str, person: Prosecutor = ANA, **kw: Any) -> Alert:
    fields: dict[str, Any] = dict(
        alert_key=key,
        prosecutor_id=person.id,
        prosecutor_name=person.name,
        prosecutor_office=person.office_line,
        event_type=EventType.RECALL,
        first_seen=NOW,
        title=f"Headline {key}",
        evidence=["Ortiz", "recall"],
        tokens=["ortiz", "recall", key],
    )
    fields.update(kw)
    return Alert(**fields)


def row(rid: str, guild: str = G1, channel: str = "c1", **kw: Any) -> OutboxRow:
    fields: dict[str, Any] = dict(
        id=rid,
        kind=RowKind.ALERT,
        guild_id=guild,
        channel_id=channel,
        status=RowStatus.PENDING,
        nonce=f"n-{rid}",
        created_at=NOW,
        next_attempt_at=NOW,
        alert_key=f"a-{rid}",
    )
    fields.update(kw)
    return OutboxRow(**fields)


# -- transactions ---------------------------------------------------------------------------


async def test_exception_rolls_back_everything(store: Store) -> None:
    """A unit of work that raises leaves none of its writes behind."""
    with pytest.raises(RuntimeError):
        async with store.transaction() as tx:
            await tx.sources.insert([source("a")])
            await tx.seen.mark(["k1"], NOW)
            await tx.alerts.add([alert("x")])
            await tx.outbox.enqueue([row("r1")])
            raise RuntimeError("boom")
    async with store.transaction() as tx:
        assert await tx.sources.all() == []
        assert await tx.seen.count() == 0
        assert await tx.alerts.all() == []
        assert await tx.outbox.all() == []


async def test_commit_is_seen_by_the_next_transaction(store: Store) -> None:
    """What one unit of work commits, the next one reads back field for field."""
    stored = source(
        "a", label="Bay news", prosecutor_id=ANA.id, guild_ids=[G1], auto=False, seeded=True,
        interval=900, headers_env="TOKEN", etag='"v1"', last_attempt=NOW,
        next_check_at=NOW + timedelta(minutes=5), consecutive_errors=2, items_last=7,
    )  # fmt: skip
    async with store.transaction() as tx:
        await tx.sources.insert([stored])
    async with store.transaction() as tx:
        assert await tx.sources.get("a") == stored


async def test_transactions_do_not_nest(store: Store) -> None:
    """Opening a transaction inside another is refused."""
    async with store.transaction():
        with pytest.raises(RuntimeError, match="nest"):
            async with store.transaction():
                pass


# -- sources --------------------------------------------------------------------------------


async def test_sources_keep_insertion_order(store: Store) -> None:
    """all() lists sources in the order they were added."""
    async with store.transaction() as tx:
        await tx.sources.insert([source("m"), source("a")])
        await tx.sources.insert([source("z")])
    async with store.transaction() as tx:
        ids = [s.id for s in await tx.sources.all()]
    assert ids[2] == "z"
    assert sorted(ids[:2]) == ["a", "m"]


async def test_sources_get_many_leaves_out_missing(store: Store) -> None:
    """get_many returns the stored ones by id and ignores unknown ids."""
    async with store.transaction() as tx:
        await tx.sources.insert([source("a"), source("b")])
        found = await tx.sources.get_many(["a", "nope"])
    assert list(found) == ["a"]


async def test_sources_for_guild_is_scoped(store: Store) -> None:
    """A guild sees the sources it added, not another guild's."""
    async with store.transaction() as tx:
        await tx.sources.insert(
            [source("a", guild_ids=[G1], auto=False), source("b", guild_ids=[G2], auto=False),
             source("c", guild_ids=[G1, G2], auto=False), source("d")]
        )  # fmt: skip
        mine = [s.id for s in await tx.sources.for_guild(G1)]
        theirs = [s.id for s in await tx.sources.for_guild(G2)]
        automatic = [s.id for s in await tx.sources.automatic()]
    assert sorted(mine) == ["a", "c"]
    assert sorted(theirs) == ["b", "c"]
    assert automatic == ["d"]


async def test_due_sources(store: Store) -> None:
    """Due: enabled and never checked, or checked time passed, or set absurdly far ahead."""
    async with store.transaction() as tx:
        await tx.sources.insert(
            [
                source("never"),
                source("past", next_check_at=NOW - timedelta(seconds=1)),
                source("later", next_check_at=NOW + timedelta(minutes=4)),
                source("clock-back", next_check_at=NOW + timedelta(days=30)),
                source("off", enabled=False),
            ]
        )
        due = {s.id for s in await tx.sources.due(NOW, 6 * 3600)}
    assert due == {"never", "past", "clock-back"}


async def test_save_replaces_fields(store: Store) -> None:
    """save() writes every field of the given sources and leaves others alone."""
    async with store.transaction() as tx:
        await tx.sources.insert([source("a"), source("b")])
    async with store.transaction() as tx:
        a = await tx.sources.get("a")
        assert a is not None
        a.enabled, a.disabled_reason, a.guild_ids = False, "20 errors", [G2]
        await tx.sources.save([a])
    async with store.transaction() as tx:
        assert await tx.sources.get("a") == a
        assert await tx.sources.get("b") == source("b")


async def test_delete_and_set_next_check(store: Store) -> None:
    """delete() reports whether it removed; set_next_check moves only the named sources."""
    later = NOW + timedelta(hours=1)
    async with store.transaction() as tx:
        await tx.sources.insert([source("a"), source("b"), source("c")])
        await tx.sources.set_next_check(later, ["a"])
        assert await tx.sources.delete("c") is True
        assert await tx.sources.delete("c") is False
        by_id = await tx.sources.get_many(["a", "b", "c"])
    assert by_id["a"].next_check_at == later
    assert by_id["b"].next_check_at is None
    assert "c" not in by_id


# -- seen -----------------------------------------------------------------------------------


async def test_seen_marks(store: Store) -> None:
    """mark() counts only new keys; unseen() keeps the given order; contains() agrees."""
    async with store.transaction() as tx:
        assert await tx.seen.mark(["k1", "k2", "k2"], NOW) == 2
        assert await tx.seen.mark(["k2", "k3"], NOW) == 1
        assert await tx.seen.unseen(["k9", "k1", "k8"]) == ["k9", "k8"]
        assert await tx.seen.contains("k3") is True
        assert await tx.seen.contains("k4") is False
        assert await tx.seen.count() == 3
        keys = sorted(key for key, _ in await tx.seen.all())
    assert keys == ["k1", "k2", "k3"]


# -- alerts ---------------------------------------------------------------------------------


async def test_alert_round_trip(store: Store) -> None:
    """An alert reads back with enums, lists and times as written."""
    stored = alert(
        "x", second_type=EventType.LAWSUIT, score=0.82, summary="s", link="https://n.example/1",
        outlet="Bay Times", origin="Bay Times", published=NOW - timedelta(hours=2),
        source_id="src", item_key="link:1", court="cand", docket_number="3:26-cv-1",
        also_reported_by=["Lake Post"], note="brought by the prosecutor",
    )  # fmt: skip
    async with store.transaction() as tx:
        await tx.alerts.add([stored])
    async with store.transaction() as tx:
        got = await tx.alerts.get("x")
    assert got == stored
    assert got is not None and got.event_type is EventType.RECALL


async def test_alert_search(store: Store) -> None:
    """search() filters by people, type and first-seen time, in insertion order."""
    async with store.transaction() as tx:
        await tx.alerts.add([alert("a1")])
        await tx.alerts.add([alert("a2", event_type=EventType.LAWSUIT)])
        await tx.alerts.add([alert("a3", first_seen=NOW - timedelta(days=5))])
        await tx.alerts.add([alert("b1", BEN)])
        assert [a.alert_key for a in await tx.alerts.search([ANA.id])] == ["a1", "a2", "a3"]
        recalls = await tx.alerts.search([ANA.id], EventType.RECALL)
        recent = await tx.alerts.search([ANA.id, BEN.id], since=NOW - timedelta(days=1))
        assert await tx.alerts.search([]) == []
    assert [a.alert_key for a in recalls] == ["a1", "a3"]
    assert [a.alert_key for a in recent] == ["a1", "a2", "b1"]


async def test_alert_get_many_and_also_reported(store: Store) -> None:
    """get_many keeps the asked order; set_also_reported replaces the list."""
    async with store.transaction() as tx:
        await tx.alerts.add([alert("a"), alert("b")])
        await tx.alerts.set_also_reported({"b": ["Lake Post", "Hill News"]})
        got = await tx.alerts.get_many(["b", "missing", "a"])
    assert [a.alert_key for a in got] == ["b", "a"]
    assert got[0].also_reported_by == ["Lake Post", "Hill News"]
    assert got[1].also_reported_by == []


# -- outbox ---------------------------------------------------------------------------------


async def test_enqueue_skips_known_rows(store: Store) -> None:
    """A row already stored (same id) is not queued again, nor twice from one batch."""
    async with store.transaction() as tx:
        assert await tx.outbox.enqueue([row("r1"), row("r2")]) == 2
    async with store.transaction() as tx:
        assert await tx.outbox.enqueue([row("r2"), row("r3"), row("r3")]) == 1
        assert sorted(r.id for r in await tx.outbox.all()) == ["r1", "r2", "r3"]


async def test_outbox_due_order_and_filters(store: Store) -> None:
    """due() lists pending rows whose time has come, oldest first."""
    async with store.transaction() as tx:
        await tx.outbox.enqueue(
            [
                row("late", created_at=NOW),
                row("early", created_at=NOW - timedelta(minutes=5)),
                row("later", next_attempt_at=NOW + timedelta(minutes=1)),
                row("held", status=RowStatus.DIGEST),
                row("done", status=RowStatus.DELIVERED),
            ]
        )
        due = [r.id for r in await tx.outbox.due(NOW)]
    assert due == ["early", "late"]


async def test_outbox_save_nonce_and_digest(store: Store) -> None:
    """save() persists delivery; by_nonce finds a row; held_for_digest lists one channel's."""
    async with store.transaction() as tx:
        await tx.outbox.enqueue(
            [row("r1"), row("d1", status=RowStatus.DIGEST), row("d2", channel="c2",
             status=RowStatus.DIGEST), row("n1", kind=RowKind.NOTICE, alert_key=None, text="hi")]
        )  # fmt: skip
    async with store.transaction() as tx:
        r1 = (await tx.outbox.get_many(["r1"]))["r1"]
        r1.status, r1.message_id, r1.delivered_at, r1.attempts = (
            RowStatus.DELIVERED, "m1", NOW, 1
        )  # fmt: skip
        await tx.outbox.save([r1])
    async with store.transaction() as tx:
        assert await tx.outbox.by_nonce("n-r1") == r1
        assert await tx.outbox.by_nonce("nope") is None
        held = [r.id for r in await tx.outbox.held_for_digest("c1")]
        notice = (await tx.outbox.get_many(["n1"]))["n1"]
    assert held == ["d1"]
    assert notice.kind is RowKind.NOTICE and notice.text == "hi"


async def test_outbox_per_guild_and_give_up(store: Store) -> None:
    """depth() and all() per guild; give_up_channel marks only that channel's pending rows."""
    async with store.transaction() as tx:
        await tx.outbox.enqueue(
            [row("a1"), row("a2", channel="c2"), row("b1", guild=G2, channel="c9"),
             row("a3", status=RowStatus.DELIVERED)]
        )  # fmt: skip
        assert await tx.outbox.give_up_channel("c1", "403") == 1
        mine = await tx.outbox.depth(G1)
        everyone = await tx.outbox.depth()
        theirs = [r.id for r in await tx.outbox.all(G2)]
        a1 = (await tx.outbox.get_many(["a1"]))["a1"]
    assert mine == {RowStatus.UNDELIVERABLE: 1, RowStatus.PENDING: 1, RowStatus.DELIVERED: 1}
    assert everyone[RowStatus.PENDING] == 2
    assert theirs == ["b1"]
    assert a1.last_error == "403"


async def test_outbox_set_next_attempt(store: Store) -> None:
    """set_next_attempt moves the named rows only (all rows when no ids are given)."""
    later = NOW + timedelta(minutes=10)
    async with store.transaction() as tx:
        await tx.outbox.enqueue([row("r1"), row("r2")])
        await tx.outbox.set_next_attempt(later, ["r1"])
        assert [r.id for r in await tx.outbox.due(NOW)] == ["r2"]
        await tx.outbox.set_next_attempt(later)
        assert await tx.outbox.due(NOW) == []


async def test_outbox_rows_that_list_others_and_threads(store: Store) -> None:
    """A summary row keeps the rows it covers in order; an update row may follow its alert into
    the same channel; a row keeps its thread."""
    summary = row("s1", kind=RowKind.SUMMARY, alert_key=None, covers=["r3", "r1", "r2"])
    first = row("a1", thread_id="t-9")
    update = row("u1", kind=RowKind.UPDATE, alert_key="a-a1", nonce="n-u1")
    async with store.transaction() as tx:
        assert await tx.outbox.enqueue([summary, first, update]) == 3
        got = await tx.outbox.get_many(["s1", "a1", "u1"])
    assert got["s1"].covers == ["r3", "r1", "r2"] and got["s1"].kind is RowKind.SUMMARY
    assert got["a1"].thread_id == "t-9" and got["a1"].covers == []
    assert got["u1"].kind is RowKind.UPDATE


async def test_give_up_channel_leaves_notices_and_takes_summarised_rows(store: Store) -> None:
    """A lost channel gives up its pending and in-summary rows, not its notices."""
    async with store.transaction() as tx:
        await tx.outbox.enqueue(
            [row("p1"), row("i1", status=RowStatus.IN_SUMMARY),
             row("n1", kind=RowKind.NOTICE, alert_key=None, text="feed failing"),
             row("d1", status=RowStatus.DELIVERED)]
        )  # fmt: skip
        assert await tx.outbox.give_up_channel("c1", "404") == 2
        statuses = {r.id: r.status for r in await tx.outbox.all()}
    assert statuses == {
        "p1": RowStatus.UNDELIVERABLE, "i1": RowStatus.UNDELIVERABLE,
        "n1": RowStatus.PENDING, "d1": RowStatus.DELIVERED,
    }  # fmt: skip


async def test_next_attempt_after(store: Store) -> None:
    """The earliest later attempt among pending rows; None when nothing waits."""
    async with store.transaction() as tx:
        assert await tx.outbox.next_attempt_after(NOW) is None
        await tx.outbox.enqueue(
            [row("now"), row("soon", next_attempt_at=NOW + timedelta(minutes=2)),
             row("later", next_attempt_at=NOW + timedelta(minutes=9)),
             row("done", status=RowStatus.DELIVERED, next_attempt_at=NOW + timedelta(minutes=1))]
        )  # fmt: skip
        assert await tx.outbox.next_attempt_after(NOW) == NOW + timedelta(minutes=2)


async def test_channel_holds_only_lengthen(store: Store) -> None:
    """A hold keeps the later of two times; holds() lists those still running."""
    async with store.transaction() as tx:
        await tx.outbox.hold_channel("c1", NOW + timedelta(seconds=30))
        await tx.outbox.hold_channel("c1", NOW + timedelta(seconds=5))
        await tx.outbox.hold_channel("c2", NOW - timedelta(seconds=1))
        assert await tx.outbox.holds(NOW) == {"c1": NOW + timedelta(seconds=30)}
        await tx.outbox.hold_channel("c1", NOW + timedelta(minutes=2))
        assert await tx.outbox.holds(NOW) == {"c1": NOW + timedelta(minutes=2)}


# -- guilds -----------------------------------------------------------------------------------


async def test_watchlists_are_per_guild(store: Store) -> None:
    """Each guild sees its own watchlist; all_watched and watchers see every guild's."""
    async with store.transaction() as tx:
        await tx.guilds.add_watch(G1, BEN)
        await tx.guilds.add_watch(G1, ANA)
        await tx.guilds.add_watch(G2, ANA)
    async with store.transaction() as tx:
        assert await tx.guilds.watched(G1) == [ANA, BEN]
        assert await tx.guilds.watched(G2) == [ANA]
        assert await tx.guilds.all_watched() == {ANA.id: ANA, BEN.id: BEN}
        assert await tx.guilds.watchers() == {ANA.id: {G1, G2}, BEN.id: {G1}}
        assert sorted(await tx.guilds.guild_ids()) == [G1, G2]
        assert await tx.guilds.remove_watch(G2, ANA.id) is True
        assert await tx.guilds.remove_watch(G2, ANA.id) is False
        assert await tx.guilds.watched(G2) == []
        assert await tx.guilds.watched(G1) == [ANA, BEN]


async def test_watch_version_moves_only_on_change(store: Store) -> None:
    """watch_version stays put while no watchlist changes, and moves when one does."""
    async with store.transaction() as tx:
        await tx.guilds.add_watch(G1, ANA)
    async with store.transaction() as tx:
        first = await tx.guilds.watch_version()
        assert await tx.guilds.watch_version() == first
    async with store.transaction() as tx:
        await tx.guilds.add_watch(G2, BEN)
    async with store.transaction() as tx:
        assert await tx.guilds.watch_version() != first


async def test_mention_rule_per_guild(store: Store) -> None:
    """A mention rule is stored per guild and can be cleared."""
    rule = MentionRule("r-1", [EventType.RECALL, EventType.INJUNCTION])
    async with store.transaction() as tx:
        await tx.guilds.set_mention(G1, rule)
        assert await tx.guilds.mention(G1) == rule
        assert await tx.guilds.mention(G2) is None
        await tx.guilds.set_mention(G1, None)
        assert await tx.guilds.mention(G1) is None


async def test_time_zone_per_guild(store: Store) -> None:
    """A guild's time zone is its own; None (UTC) until set, and it can be cleared."""
    async with store.transaction() as tx:
        assert await tx.guilds.timezone(G1) is None
        await tx.guilds.set_timezone(G1, "America/Chicago")
        assert await tx.guilds.timezone(G1) == "America/Chicago"
        assert await tx.guilds.timezone(G2) is None
        await tx.guilds.set_timezone(G1, None)
        assert await tx.guilds.timezone(G1) is None


async def test_backfills(store: Store) -> None:
    """One pending request per guild and prosecutor (or feed), oldest first; removal by id."""
    old, new = NOW - timedelta(hours=2), NOW - timedelta(hours=1)
    async with store.transaction() as tx:
        await tx.guilds.add_backfill(Backfill("b1", G1, 7, new, prosecutor_id=ANA.id))
        await tx.guilds.add_backfill(Backfill("b2", G1, 3, old, source_id="feed:1"))
        await tx.guilds.add_backfill(Backfill("b3", G2, 7, NOW, prosecutor_id=ANA.id))
        # The same guild asking again about Ana replaces its earlier request.
        await tx.guilds.add_backfill(Backfill("b4", G1, 14, NOW, prosecutor_id=ANA.id))
        mine = await tx.guilds.backfills(G1)
        everyone = [b.id for b in await tx.guilds.backfills()]
        assert await tx.guilds.remove_backfills(["b2", "nope"]) == 1
        assert await tx.guilds.remove_backfills([]) == 0
        left = [b.id for b in await tx.guilds.backfills(G1)]
    assert [(b.id, b.days) for b in mine] == [("b2", 3), ("b4", 14)]
    assert sorted(everyone) == ["b2", "b3", "b4"]
    assert left == ["b4"]


async def test_subscriptions(store: Store) -> None:
    """Saving the same guild, channel and prosecutor replaces; removals are scoped."""
    async with store.transaction() as tx:
        await tx.guilds.save_subscription(Subscription("s1", G1, "c1", ANA.id, [EventType.RECALL]))
        await tx.guilds.save_subscription(Subscription("s2", G1, "c1", "*"))
        await tx.guilds.save_subscription(Subscription("s3", G2, "c9", ANA.id))
        await tx.guilds.save_subscription(Subscription("s1", G1, "c1", ANA.id, [EventType.LAWSUIT]))
    async with store.transaction() as tx:
        mine = await tx.guilds.subscriptions(G1)
        assert [s.id for s in await tx.guilds.subscriptions()] == ["s1", "s2", "s3"]
        one = await tx.guilds.subscription(G1, "c1", ANA.id)
        assert await tx.guilds.subscription(G2, "c1", ANA.id) is None
        assert await tx.guilds.remove_subscriptions(G2, "c1") == 0
        assert await tx.guilds.remove_prosecutor_subscriptions(G1, ANA.id) == 1
        assert await tx.guilds.remove_subscriptions(G1, "c1") == 1
        left = [s.id for s in await tx.guilds.subscriptions()]
    assert [s.id for s in mine] == ["s1", "s2"]
    assert one is not None and one.types == [EventType.LAWSUIT]
    assert left == ["s3"]


async def test_channels(store: Store) -> None:
    """A channel never configured has defaults; settings are stored per guild."""
    async with store.transaction() as tx:
        assert await tx.guilds.channel(G1, "c1") == ChannelSettings(G1, "c1")
        stored = ChannelSettings(
            G1, "c1", DigestMode.DAILY, "07:30", NOW, ChannelStatus.PAUSED, "403", NOW
        )
        await tx.guilds.save_channel(stored)
        await tx.guilds.save_channel(ChannelSettings(G2, "c9"))
    async with store.transaction() as tx:
        assert await tx.guilds.channel(G1, "c1") == stored
        # Another guild asking about this channel id gets defaults, not G1's settings.
        assert await tx.guilds.channel(G2, "c1") == ChannelSettings(G2, "c1")
        assert [c.channel_id for c in await tx.guilds.channels(G1)] == ["c1"]
        assert len(await tx.guilds.channels()) == 2


# -- feedback and meta ------------------------------------------------------------------------


async def test_feedback_replaces_per_guild_and_alert(store: Store) -> None:
    """A guild's second verdict on an alert replaces the first; guilds do not see each other's."""
    first = Feedback(
        G1, FeedbackKind.WRONG_PERSON, "a", ANA.id, EventType.RECALL, "Bay", ["x"], NOW
    )
    second = Feedback(G1, FeedbackKind.NOT_RELEVANT, "a", ANA.id, EventType.RECALL, "Bay", [], NOW)
    other = Feedback(G2, FeedbackKind.NOT_RELEVANT, "a", ANA.id, EventType.RECALL, None, [], NOW)
    async with store.transaction() as tx:
        await tx.feedback.record(first)
        await tx.feedback.record(second)
        await tx.feedback.record(other)
    async with store.transaction() as tx:
        assert await tx.feedback.for_guild(G1) == [second]
        assert await tx.feedback.for_guild(G2) == [other]
        assert len(await tx.feedback.all()) == 2


async def test_feedback_keeps_the_item_it_judged(store: Store) -> None:
    """A verdict reads back with the item's text, person and date (the export's labelled row)."""
    judged = Feedback(
        G1, FeedbackKind.WRONG_PERSON, "a", ANA.id, EventType.RECALL, "Bay", ["Ortiz"], NOW,
        prosecutor_name=ANA.name, title="Ortiz recall drive opens", summary="Signatures due.",
        outlet="Bay Courier", link="https://news.example/a", item_date=NOW - timedelta(days=1),
    )  # fmt: skip
    async with store.transaction() as tx:
        await tx.feedback.record(judged)
    async with store.transaction() as tx:
        assert await tx.feedback.for_guild(G1) == [judged]
        assert await tx.feedback.all() == [judged]


async def test_meta(store: Store) -> None:
    """The last cycle summary and the delivery pause read back as written."""
    async with store.transaction() as tx:
        assert await tx.meta.last_cycle() is None
        assert await tx.meta.delivery_paused_until() is None
        await tx.meta.set_last_cycle(CycleSummary(NOW, {"sources": 3, "alerts": 1}))
        await tx.meta.set_delivery_paused_until(NOW)
    async with store.transaction() as tx:
        assert await tx.meta.last_cycle() == CycleSummary(NOW, {"sources": 3, "alerts": 1})
        assert await tx.meta.delivery_paused_until() == NOW
        await tx.meta.set_delivery_paused_until(None)
        assert await tx.meta.delivery_paused_until() is None


async def test_prune(store: Store) -> None:
    """prune() drops old seen marks, old alerts and old finished rows; pending rows stay."""
    old = NOW - timedelta(days=500)
    async with store.transaction() as tx:
        await tx.outbox.hold_channel("c-old", old)
        await tx.outbox.hold_channel("c-now", NOW)
        await tx.seen.mark(["old"], old)
        await tx.seen.mark(["new"], NOW)
        await tx.alerts.add([alert("old", first_seen=old), alert("new")])
        await tx.outbox.enqueue(
            [row("done", status=RowStatus.DELIVERED, created_at=old),
             row("waiting", created_at=old), row("held", status=RowStatus.DIGEST, created_at=old),
             row("listed", status=RowStatus.IN_SUMMARY, created_at=old),
             row("fresh", status=RowStatus.DELIVERED)]
        )  # fmt: skip
        report = await tx.prune(seen_before=NOW - timedelta(days=1),
                                alerts_before=NOW - timedelta(days=1),
                                outbox_before=NOW - timedelta(days=1))  # fmt: skip
    async with store.transaction() as tx:
        assert (report.seen, report.alerts, report.outbox) == (1, 1, 1)
        assert await tx.seen.unseen(["old", "new"]) == ["old"]
        assert [a.alert_key for a in await tx.alerts.all()] == ["new"]
        assert sorted(r.id for r in await tx.outbox.all()) == ["fresh", "held", "listed", "waiting"]
        assert await tx.outbox.holds(old - timedelta(days=1)) == {"c-now": NOW}  # c-old pruned
