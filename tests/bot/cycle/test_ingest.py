import asyncio
import dataclasses
from datetime import timedelta

import pytest

from bot import guilds
from bot.cycle import source_registry
from bot.cycle.ingest import CycleStats, SourceOutcome, apply_cycle
from bot.settings import PollSettings
from bot.store import RowKind, RowStatus, Store
from feeds.models import EventType
from tests.bot.helpers import (
    CHANNEL,
    GUILD,
    NOW,
    PERSON,
    item,
    match,
    open_store,
    outcome,
    setup_guild,
    snapshot,
)

PEOPLE = {PERSON.id: PERSON}


DEFAULT_POLL = PollSettings()


async def run(store: Store, *outcomes: SourceOutcome, poll=DEFAULT_POLL) -> CycleStats:
    async with store.transaction() as tx:
        return await apply_cycle(tx, list(outcomes), PEOPLE, poll, NOW)


async def is_seen(store: Store, key: str) -> bool:
    async with store.transaction() as tx:
        return await tx.seen.contains(key)


async def test_new_matched_item_becomes_one_alert_and_one_outbox_row(store):
    """A matched new item is stored as an alert and queued for the subscribed channel."""
    await setup_guild(store)
    stats = await run(store, outcome((item(1), [match()])))
    assert (stats.alerts, stats.queued) == (1, 1)
    [row] = (await snapshot(store)).outbox
    assert row.channel_id == str(CHANNEL) and row.status is RowStatus.PENDING


async def test_an_item_is_alerted_once_across_restarts(tmp_path):
    """The same item in a later cycle, after reopening the store, raises nothing."""
    store = open_store(tmp_path / "again.json")
    await setup_guild(store)
    await run(store, outcome((item(1), [match()])))
    await store.close()
    store = open_store(tmp_path / "again.json")
    stats = await run(store, outcome((item(1), [match()])))
    assert (stats.new_items, stats.alerts, len((await snapshot(store)).outbox)) == (0, 0, 1)
    await store.close()


async def test_new_source_is_seeded_without_alerts(store):
    """A source's first fetch records its items as seen and alerts on none of them."""
    await setup_guild(store, seeded=False)
    stats = await run(store, outcome((item(1), [match()]), (item(2), [match()])))
    assert stats.alerts == 0 and stats.seeded_items == 2
    assert await is_seen(store, item(1).key) and (await snapshot(store)).outbox == []


async def test_backfill_alerts_on_the_newest_items_of_a_new_source(store):
    """With backfill_items=1, a new source alerts on its newest item only."""
    await setup_guild(store, seeded=False)
    newest, older = item(1, hours_ago=1), item(2, "A different older story", hours_ago=5)
    stats = await run(
        store,
        outcome((newest, [match()]), (older, [match(EventType.LAWSUIT)])),
        poll=PollSettings(backfill_items=1),
    )
    assert stats.alerts == 1
    assert (await snapshot(store)).alerts[0].item_key == newest.key


async def test_same_story_from_another_outlet_joins_the_first_alert(store):
    """A second outlet's headline on the same event is noted as 'also reported by'."""
    await setup_guild(store)
    first = item(1, "Recall petition against DA Rivera qualifies for ballot")
    second = item(2, "Rivera recall qualifies for the ballot, clerk says", outlet="Coast Daily")
    stats = await run(store, outcome((first, [match()]), (second, [match()])))
    assert (stats.alerts, stats.clustered, stats.queued) == (1, 1, 1)
    assert (await snapshot(store)).alerts[0].also_reported_by == ["Coast Daily"]


async def test_same_story_in_a_later_cycle_notes_the_stored_alert(store):
    """A second outlet's story a cycle later updates the alert already stored."""
    await setup_guild(store)
    await run(store, outcome((item(1, "Recall petition against DA Rivera qualifies"), [match()])))
    later = item(2, "Rivera recall petition qualifies, clerk says", outlet="Coast Daily")
    stats = await run(store, outcome((later, [match()])))
    assert (stats.alerts, stats.clustered) == (0, 1)
    assert (await snapshot(store)).alerts[0].also_reported_by == ["Coast Daily"]


async def test_a_later_stage_of_the_same_recall_is_a_new_alert(store):
    """Signatures turned in a cycle after the launch alert are a second alert, not a note."""
    await setup_guild(store)
    launched = item(1, "Recall effort against DA Rivera launched")
    await run(store, outcome((launched, [dataclasses.replace(match(), stage="filed")])))
    submitted = item(2, "Recall organizers turn in signatures against DA Rivera")
    stats = await run(
        store, outcome((submitted, [dataclasses.replace(match(), stage="signatures")]))
    )
    assert (stats.alerts, stats.clustered) == (1, 0)
    assert len((await snapshot(store)).alerts) == 2


async def test_the_same_stage_told_by_another_outlet_still_joins(store):
    """Two outlets reporting the same recall step stay one alert."""
    await setup_guild(store)
    first = item(1, "Recall organizers turn in signatures against DA Rivera")
    second = item(2, "DA Rivera recall: organizers turn in signatures", outlet="Coast Daily")
    signatures = dataclasses.replace(match(), stage="signatures")
    stats = await run(store, outcome((first, [signatures]), (second, [signatures])))
    assert (stats.alerts, stats.clustered) == (1, 1)


async def test_different_event_types_are_separate_alerts(store):
    """A recall and a lawsuit about the same person are two alerts."""
    await setup_guild(store)
    stats = await run(
        store,
        outcome((item(1, "Rivera recall petition filed"), [match()]),
                (item(2, "Rivera sued over hiring"), [match(EventType.LAWSUIT)])),
    )  # fmt: skip
    assert stats.alerts == 2


async def test_old_items_are_recorded_but_not_alerted(store):
    """An item older than max_age_days is marked seen without an alert."""
    await setup_guild(store)
    stats = await run(store, outcome((item(1, hours_ago=24 * 30), [match()])))
    assert stats.alerts == 0 and await is_seen(store, item(1).key)


async def test_subscription_type_filter_routes_only_chosen_types(store):
    """A channel subscribed to injunctions gets no recall rows."""
    await setup_guild(store)
    async with store.transaction() as tx:
        await guilds.unsubscribe(tx, GUILD, CHANNEL, None)
        await guilds.subscribe(tx, GUILD, CHANNEL, PERSON.id, [EventType.INJUNCTION])
    stats = await run(store, outcome((item(1), [match(EventType.RECALL)])))
    assert stats.alerts == 1 and stats.queued == 0


async def test_digest_channel_rows_wait_for_the_digest(store):
    """A channel in digest mode gets its rows held with status 'digest'."""
    await setup_guild(store, digest=True)
    await run(store, outcome((item(1), [match()])))
    assert (await snapshot(store)).outbox[0].status is RowStatus.DIGEST


async def test_failed_source_records_health_and_backs_off(store):
    """An error increments the count, stores the reason and schedules a later retry."""
    await setup_guild(store)
    failed = SourceOutcome("src", ok=False, error_reason="timeout", error_message="took too long")
    await run(store, failed)
    await run(store, failed)
    [source] = (await snapshot(store)).sources
    assert source.consecutive_errors == 2 and source.error_reason == "timeout"
    assert source.next_check_at is not None and source.next_check_at > NOW


async def test_retry_after_sets_the_next_check_at_least_that_far(store):
    """A 429 with Retry-After: 3600 is not polled again within the hour (FAULTS B8)."""
    await setup_guild(store)
    limited = SourceOutcome(
        "src", ok=False, error_reason="rate_limited", error_message="429", retry_after=3600
    )
    await run(store, limited)
    [source] = (await snapshot(store)).sources
    assert source.next_check_at is not None
    assert source.next_check_at >= NOW + timedelta(hours=1)


async def test_feedback_wrong_person_suppresses_the_same_pattern(store):
    """After 'wrong person', the same words from the same outlet alert no more in that guild."""
    await setup_guild(store)
    await run(store, outcome((item(1), [match()])))
    key = (await snapshot(store)).alerts[0].alert_key
    async with store.transaction() as tx:
        await guilds.record_feedback(tx, GUILD, key, "wrong_person")
    stats = await run(store, outcome((item(5, "A wholly unrelated headline text"), [match()])))
    assert stats.alerts == 1 and stats.queued == 0


async def add_feed(store: Store) -> None:
    await setup_guild(store)
    async with store.transaction() as tx:
        source = source_registry.new_source(
            "mine", "rss", "https://x.example/f", guild_id=str(GUILD)
        )
        await source_registry.add_source(tx, source)


async def test_organizer_feed_failing_three_times_queues_a_notice(store):
    """B9: the third error in a row of an added feed tells that server's organizers."""
    await add_feed(store)
    failed = SourceOutcome("mine", ok=False, error_reason="http_error", error_message="HTTP 500")
    for _ in range(3):
        await run(store, failed)
    notices = [r for r in (await snapshot(store)).outbox if r.kind is RowKind.NOTICE]
    assert len(notices) == 1 and notices[0].channel_id == str(CHANNEL)
    assert "failed 3 times" in (notices[0].text or "")


async def test_disabling_a_feed_queues_a_notice(store):
    """B9: reaching disable_after_errors disables the feed and says so."""
    await add_feed(store)
    failed = SourceOutcome("mine", ok=False, error_reason="http_error", error_message="HTTP 410")
    poll = PollSettings(disable_after_errors=4, notify_after_errors=3)
    for _ in range(4):
        await run(store, failed, poll=poll)
    stored = await snapshot(store)
    source = next(s for s in stored.sources if s.id == "mine")
    texts = [r.text or "" for r in stored.outbox if r.kind is RowKind.NOTICE]
    assert not source.enabled and any("disabled after 4 errors" in t for t in texts)


async def test_auto_sources_follow_the_watchlist(store):
    """Watching adds a person's sources; unwatching disables them; watching again re-enables."""
    spec = source_registry.new_source("gdelt:x", "gdelt", "https://api.example/q=x")

    async def sync(wanted):
        async with store.transaction() as tx:
            await source_registry.sync_auto_sources(tx, wanted)
        return (await snapshot(store)).sources

    assert (await sync([spec]))[0].enabled
    assert (await sync([]))[0].disabled_reason == "not watched"
    moved = dataclasses.replace(spec, url="https://api.example/v2?q=x")
    [source] = await sync([moved])
    assert source.enabled and source.url == "https://api.example/v2?q=x"


@pytest.mark.parametrize("store", ["postgres"], indirect=True)
async def test_a_cycle_waits_for_another_process_deciding_alerts_about_the_same_person(store):
    """Applying outcomes about a prosecutor first takes that person's lock: a cycle (or a
    webhook) in another process holding it is waited for, so one story never gets two alerts."""
    await setup_guild(store)
    order: list[str] = []
    holding = asyncio.Event()

    async def other_process() -> None:
        async with store.transaction() as tx:
            await tx.lock_people([PERSON.id])
            holding.set()
            await asyncio.sleep(0.3)
            order.append("other commits")

    async def this_cycle() -> None:
        await holding.wait()
        await run(store, outcome((item(1), [match()])))
        order.append("cycle applied")

    await asyncio.gather(other_process(), this_cycle())
    assert order == ["other commits", "cycle applied"]
