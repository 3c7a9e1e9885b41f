"""The repositories' contract, engine-independent: every test takes the `store` fixture."""

from __future__ import annotations

from datetime import timedelta

from bot import guilds
from bot.cycle import source_registry
from bot.cycle.alerts import alert_record
from bot.delivery import outbox
from bot.store import (
    NEVER_CHECKED,
    ChannelStatus,
    CycleSummary,
    DigestMode,
    FeedbackKind,
    MentionRule,
    RowStatus,
    Store,
    UnitOfWork,
)
from feeds.models import Event, EventType, Match, Prosecutor
from tests.bot.helpers import NOW, item

A, B = "111", "222"  # two servers
A_CHANNEL, B_CHANNEL = "1110", "2220"
RIVERA = Prosecutor("alex-rivera", "Alex Rivera", "District Attorney", "Harbor County", "CA")
OKAFOR = Prosecutor("dana-okafor", "Dana Okafor", "District Attorney", "Ridge County", "OR")


async def two_servers(store: Store) -> None:
    """Server A watches Rivera with a feed, an alert, a row and feedback; B watches Okafor."""
    async with store.transaction() as tx:
        for guild, channel, person in ((A, A_CHANNEL, RIVERA), (B, B_CHANNEL, OKAFOR)):
            await guilds.watch(tx, guild, person, 10)
            await guilds.subscribe(tx, guild, channel, None, [EventType.RECALL])
            await guilds.set_digest(tx, guild, channel, "daily", "09:15")
            await guilds.set_mention(tx, guild, int(channel) + 1, [EventType.RECALL])
            feed = source_registry.new_source(
                f"feed:{guild}", "rss", f"https://{guild}.example/f", guild_id=guild
            )
            await source_registry.add_source(tx, feed)
            alert = alert_record(
                Event(
                    item(int(guild), f"Recall news {guild}"), Match(person.id, EventType.RECALL, 1)
                ),
                person,
                NOW,
            )
            await tx.alerts.add([alert])
            await tx.outbox.enqueue(
                [outbox.new_row(alert.alert_key, guild, channel, digest=False, role=None, now=NOW)]
            )
            await guilds.record_feedback(tx, guild, alert.alert_key, "not_relevant")


async def view_of(tx: UnitOfWork, guild: str) -> dict[str, object]:
    """Everything a server's commands can ask the repositories about it."""
    watched = await tx.guilds.watched(guild)
    return {
        "watched": [p.id for p in watched],
        "alerts": [a.alert_key for a in await tx.alerts.search(p.id for p in watched)],
        "feeds": [s.id for s in await tx.sources.for_guild(guild)],
        "subscriptions": [s.channel_id for s in await tx.guilds.subscriptions(guild)],
        "channels": [c.channel_id for c in await tx.guilds.channels(guild)],
        "mention": await tx.guilds.mention(guild),
        "feedback": [f.alert_key for f in await tx.feedback.for_guild(guild)],
        "outbox": [r.channel_id for r in await tx.outbox.all(guild)],
        "depth": await tx.outbox.depth(guild),
    }


async def test_two_servers_see_only_their_own_data(store):
    """Watches, feeds, alerts, subscriptions, channels, mentions, feedback and rows of server
    A never answer server B's queries, and the reverse."""
    await two_servers(store)
    async with store.transaction() as tx:
        a, b = await view_of(tx, A), await view_of(tx, B)
    assert a["watched"] == [RIVERA.id] and b["watched"] == [OKAFOR.id]
    assert a["feeds"] == ["feed:111"] and b["feeds"] == ["feed:222"]
    assert a["subscriptions"] == a["channels"] == a["outbox"] == [A_CHANNEL]
    assert b["subscriptions"] == b["channels"] == b["outbox"] == [B_CHANNEL]
    assert a["mention"] == MentionRule("1111", [EventType.RECALL])
    assert b["mention"] == MentionRule("2221", [EventType.RECALL])
    assert a["depth"] == b["depth"] == {RowStatus.PENDING: 1}
    assert len(a["alerts"]) == len(b["alerts"]) == 1 and a["alerts"] != b["alerts"]
    assert a["feedback"] == a["alerts"] and b["feedback"] == b["alerts"]


async def test_a_channel_of_another_server_reads_as_unconfigured(store):
    """Server B asking for server A's channel gets defaults, not A's settings."""
    await two_servers(store)
    async with store.transaction() as tx:
        theirs = await tx.guilds.channel(B, A_CHANNEL)
        own = await tx.guilds.channel(A, A_CHANNEL)
    assert (own.digest, own.digest_time) == (DigestMode.DAILY, "09:15")
    assert (theirs.guild_id, theirs.digest, theirs.digest_time) == (B, DigestMode.OFF, "08:00")


async def test_one_server_removing_its_setup_leaves_the_other_untouched(store):
    """Unwatching, unsubscribing and removing a feed in A change nothing in B."""
    await two_servers(store)
    async with store.transaction() as tx:
        before = await view_of(tx, B)
        assert await guilds.unwatch(tx, A, RIVERA.id)
        assert await guilds.unsubscribe(tx, A, A_CHANNEL, None) == 1  # the all-watched one
        assert await source_registry.remove_guild_source(tx, A, "feed:111")
        assert not await source_registry.remove_guild_source(tx, A, "feed:222")
        assert await guilds.unsubscribe(tx, A, B_CHANNEL, None) == 0
    async with store.transaction() as tx:
        assert await view_of(tx, B) == before
        assert (await view_of(tx, A))["watched"] == []


async def test_records_survive_a_reopen_with_their_types(tmp_path):
    """Dataclasses come back from the file equal, with enums and datetimes, not strings."""
    from tests.bot.helpers import open_store

    store = open_store(tmp_path / "r.json")
    await two_servers(store)
    async with store.transaction() as tx:
        before = (await tx.alerts.all(), await tx.outbox.all(), await tx.feedback.all())
        await tx.meta.set_last_cycle(CycleSummary(at=NOW, counts={"alerts": 2}))
    await store.close()
    store = open_store(tmp_path / "r.json")
    async with store.transaction() as tx:
        after = (await tx.alerts.all(), await tx.outbox.all(), await tx.feedback.all())
        cycle = await tx.meta.last_cycle()
    await store.close()
    assert after == before
    assert after[0][0].event_type is EventType.RECALL and after[0][0].first_seen == NOW
    assert after[1][0].status is RowStatus.PENDING
    assert after[2][0].kind is FeedbackKind.NOT_RELEVANT
    assert cycle == CycleSummary(at=NOW, counts={"alerts": 2})


async def test_watch_version_changes_only_when_a_watchlist_does(store):
    """The pipeline keeps its matcher while the version holds, and rebuilds when it moves."""
    async with store.transaction() as tx:
        await guilds.watch(tx, A, RIVERA, 10)
    async with store.transaction() as tx:
        first = await tx.guilds.watch_version()
        await tx.seen.mark(["unrelated"], NOW)
    async with store.transaction() as tx:
        assert await tx.guilds.watch_version() == first
        await guilds.watch(tx, B, OKAFOR, 10)
    async with store.transaction() as tx:
        assert await tx.guilds.watch_version() != first


async def test_prune_keeps_pending_and_digest_rows(store):
    """Old delivered rows, old alerts and old seen marks go; waiting rows stay."""
    await two_servers(store)
    later = NOW + timedelta(days=500)
    async with store.transaction() as tx:
        [row_a] = await tx.outbox.all(A)
        row_a.status = RowStatus.DELIVERED
        await tx.outbox.save([row_a])
        await tx.seen.mark(["old"], NOW)
        report = await tx.prune(seen_before=later, alerts_before=later, outbox_before=later)
        rows = await tx.outbox.all()
    assert (report.seen, report.alerts, report.outbox) == (1, 2, 1)
    assert [r.guild_id for r in rows] == [B]


async def test_a_paused_channel_gives_up_only_its_own_pending_rows(store):
    """A 403 in one server's channel leaves the other server's rows pending."""
    await two_servers(store)
    async with store.transaction() as tx:
        await guilds.set_channel_status(tx, A, A_CHANNEL, ChannelStatus.PAUSED, "403")
        assert await tx.outbox.give_up_channel(A_CHANNEL, "403") == 1
        assert await tx.outbox.depth(B) == {RowStatus.PENDING: 1}
        assert (await tx.guilds.channel(A, A_CHANNEL)).status is ChannelStatus.PAUSED


async def test_search_visible_to_a_guild_leaves_out_other_servers_private_alerts(store):
    """search(visible_to=B) gives shared alerts and B's private ones, never A's; without it,
    every alert (what the pipeline clusters against)."""
    shared = alert_record(Event(item(1), Match(RIVERA.id, EventType.RECALL, 1)), RIVERA, NOW)
    a_own = alert_record(Event(item(2), Match(RIVERA.id, EventType.RECALL, 1)), RIVERA, NOW, A)
    b_own = alert_record(Event(item(3), Match(RIVERA.id, EventType.RECALL, 1)), RIVERA, NOW, B)
    async with store.transaction() as tx:
        await tx.alerts.add([shared, a_own, b_own])
    async with store.transaction() as tx:
        seen_by_b = await tx.alerts.search([RIVERA.id], visible_to=B)
        seen_by_a = await tx.alerts.search([RIVERA.id], EventType.RECALL, NOW, visible_to=A)
        every = await tx.alerts.search([RIVERA.id])
    assert [a.alert_key for a in seen_by_b] == [shared.alert_key, b_own.alert_key]
    assert [a.alert_key for a in seen_by_a] == [shared.alert_key, a_own.alert_key]
    assert len(every) == 3 and seen_by_b[1].guild_id == B


async def test_earliest_check_is_the_soonest_enabled_source(store):
    """earliest_check: None without enabled sources, NEVER_CHECKED when one was never checked,
    else the smallest next_check_at among enabled sources (disabled ones left out)."""
    async with store.transaction() as tx:
        assert await tx.sources.earliest_check() is None
        soon, later, sooner_but_off = (
            source_registry.new_source(f"s{n}", "rss", f"https://{n}.example/f") for n in range(3)
        )
        soon.next_check_at, later.next_check_at = (
            NOW + timedelta(seconds=40),
            NOW + timedelta(hours=1),
        )
        sooner_but_off.next_check_at, sooner_but_off.enabled = NOW, False
        await tx.sources.insert([later, soon, sooner_but_off])
    async with store.transaction() as tx:
        assert await tx.sources.earliest_check() == NOW + timedelta(seconds=40)
        await tx.sources.set_next_check(None, ["s1"])
    async with store.transaction() as tx:
        assert await tx.sources.earliest_check() == NEVER_CHECKED
