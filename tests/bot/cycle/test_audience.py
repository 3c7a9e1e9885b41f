"""Whose an item is: shared sources alert every server watching; a server's own feed, only it."""

from __future__ import annotations

from bot import guilds
from bot.cycle import source_registry
from bot.cycle.ingest import SourceOutcome, apply_cycle, seen_key
from bot.settings import PollSettings
from bot.store import Store
from tests.bot.helpers import NOW, PERSON, item, match, outcome, snapshot

A, B = "111", "222"
A_CHANNEL, B_CHANNEL = "1110", "2220"
PEOPLE = {PERSON.id: PERSON}


async def two_servers(store: Store, *, a_feed_owners: tuple[str, ...] = (A,)) -> None:
    """A and B watch Rivera; a shared source, and a feed A added (seeded)."""
    async with store.transaction() as tx:
        for guild, channel in ((A, A_CHANNEL), (B, B_CHANNEL)):
            await guilds.watch(tx, guild, PERSON, 10)
            await guilds.subscribe(tx, guild, channel, None, ())
        shared = source_registry.new_source("shared", "rss", "https://s.example/f", seeded=True)
        own = source_registry.new_source(
            "own", "rss", "https://o.example/f", guild_id=A, seeded=True
        )
        own.guild_ids = list(a_feed_owners)  # a feed joined by two servers before issue 13
        await tx.sources.insert([shared, own])


async def run(store: Store, *outcomes: SourceOutcome) -> None:
    async with store.transaction() as tx:
        await apply_cycle(tx, list(outcomes), PEOPLE, PollSettings(), NOW)


async def channels(store: Store) -> list[str]:
    return sorted(r.channel_id for r in (await snapshot(store)).outbox)


async def test_own_feed_item_is_private_and_marked_for_that_server_only(store):
    """A's feed item alerts A's channel only, as A's alert, seen for A alone."""
    await two_servers(store)
    await run(store, outcome((item(1), [match()]), source_id="own"))
    assert await channels(store) == [A_CHANNEL]
    [alert] = (await snapshot(store)).alerts
    assert alert.guild_id == A
    async with store.transaction() as tx:
        assert await tx.seen.unseen([item(1).key, seen_key(item(1).key, A)]) == [item(1).key]


async def test_shared_item_after_own_copy_reaches_only_the_others(store):
    """The same item from a shared source later: a shared alert for B; A is not sent it again,
    and A's private alert notes the shared outlet."""
    await two_servers(store)
    await run(store, outcome((item(1, outlet="Insider"), [match()]), source_id="own"))
    await run(store, outcome((item(1, outlet="Courier"), [match()]), source_id="shared"))
    assert await channels(store) == [A_CHANNEL, B_CHANNEL]
    mine, shared = (await snapshot(store)).alerts
    assert (mine.guild_id, shared.guild_id) == (A, None)
    assert shared.also_reported_by == [] and mine.also_reported_by == ["Courier"]


async def test_both_copies_in_one_cycle_alert_each_server_once(store):
    """A's feed and a shared source carry the story in the same cycle: one post per server."""
    await two_servers(store)
    await run(
        store,
        outcome((item(1), [match()]), source_id="own"),
        outcome((item(2, title=item(1).title), [match()]), source_id="shared"),
    )
    assert await channels(store) == [A_CHANNEL, B_CHANNEL]


async def test_own_copy_after_shared_adds_nothing(store):
    """A shared item first; the same story in A's feed later is neither an alert nor a note."""
    await two_servers(store)
    await run(store, outcome((item(1, outlet="Courier"), [match()]), source_id="shared"))
    await run(
        store, outcome((item(2, title=item(1).title, outlet="Insider"), [match()]), source_id="own")
    )
    [shared] = (await snapshot(store)).alerts
    assert shared.also_reported_by == [] and await channels(store) == [A_CHANNEL, B_CHANNEL]


async def test_feed_owned_by_two_servers_alerts_each_privately(store):
    """A feed two servers joined before feeds were per server: one private alert for each."""
    await two_servers(store, a_feed_owners=(A, B))
    await run(store, outcome((item(1), [match()]), source_id="own"))
    alerts = (await snapshot(store)).alerts
    assert sorted(a.guild_id or "" for a in alerts) == [A, B]
    assert await channels(store) == [A_CHANNEL, B_CHANNEL]


async def test_own_feed_does_not_alert_about_people_the_server_does_not_watch(store):
    """A's feed matching someone only B watches stores no alert for A, and tells B nothing."""
    await two_servers(store)
    async with store.transaction() as tx:
        await guilds.unwatch(tx, A, PERSON.id)
    await run(store, outcome((item(1), [match()]), source_id="own"))
    snap = await snapshot(store)
    assert snap.alerts == [] and snap.outbox == []
