from bot.cycle.ingest import apply_cycle
from bot.settings import PollSettings
from bot.store import Store
from feeds.models import EventType
from tests.bot.helpers import CHANNEL, GUILD, NOW, PERSON, item, match, outcome, setup_guild

PEOPLE = {PERSON.id: PERSON}


DEFAULT_POLL = PollSettings()


def run(store, *outcomes, poll=DEFAULT_POLL):
    return store.transaction(lambda s: apply_cycle(s, list(outcomes), PEOPLE, poll, NOW))


def test_new_matched_item_becomes_one_alert_and_one_outbox_row(tmp_path):
    """A matched new item is stored as an alert and queued for the subscribed channel."""
    store = Store(tmp_path / "s.json")
    setup_guild(store)
    stats = run(store, outcome((item(1), [match()])))
    assert (stats.alerts, stats.queued) == (1, 1)
    row = store.outbox.all()[0]
    assert row["channel_id"] == str(CHANNEL) and row["status"] == "pending"


def test_an_item_is_alerted_once_across_restarts(tmp_path):
    """The same item in a later cycle, after reopening the store, raises nothing."""
    store = Store(tmp_path / "s.json")
    setup_guild(store)
    run(store, outcome((item(1), [match()])))
    store.close()
    store = Store(tmp_path / "s.json")
    stats = run(store, outcome((item(1), [match()])))
    assert (stats.new_items, stats.alerts, len(store.outbox)) == (0, 0, 1)


def test_new_source_is_seeded_without_alerts(tmp_path):
    """A source's first fetch records its items as seen and alerts on none of them."""
    store = Store(tmp_path / "s.json")
    setup_guild(store, seeded=False)
    stats = run(store, outcome((item(1), [match()]), (item(2), [match()])))
    assert stats.alerts == 0 and stats.seeded_items == 2
    assert store.is_seen(item(1).key) and len(store.outbox) == 0


def test_backfill_alerts_on_the_newest_items_of_a_new_source(tmp_path):
    """With backfill_items=1, a new source alerts on its newest item only."""
    store = Store(tmp_path / "s.json")
    setup_guild(store, seeded=False)
    newest, older = item(1, hours_ago=1), item(2, "A different older story", hours_ago=5)
    stats = run(
        store,
        outcome((newest, [match()]), (older, [match(EventType.LAWSUIT)])),
        poll=PollSettings(backfill_items=1),
    )
    assert stats.alerts == 1
    assert store.alerts.all()[0]["item_key"] == newest.key


def test_same_story_from_another_outlet_joins_the_first_alert(tmp_path):
    """A second outlet's headline on the same event is noted as 'also reported by'."""
    store = Store(tmp_path / "s.json")
    setup_guild(store)
    first = item(1, "Recall petition against DA Rivera qualifies for ballot")
    second = item(2, "Rivera recall qualifies for the ballot, clerk says", outlet="Coast Daily")
    stats = run(store, outcome((first, [match()]), (second, [match()])))
    assert (stats.alerts, stats.clustered, stats.queued) == (1, 1, 1)
    assert store.alerts.all()[0]["also_reported_by"] == ["Coast Daily"]


def test_different_event_types_are_separate_alerts(tmp_path):
    """A recall and a lawsuit about the same person are two alerts."""
    store = Store(tmp_path / "s.json")
    setup_guild(store)
    stats = run(
        store,
        outcome((item(1, "Rivera recall petition filed"), [match()]),
                (item(2, "Rivera sued over hiring"), [match(EventType.LAWSUIT)])),
    )  # fmt: skip
    assert stats.alerts == 2


def test_old_items_are_recorded_but_not_alerted(tmp_path):
    """An item older than max_age_days is marked seen without an alert."""
    store = Store(tmp_path / "s.json")
    setup_guild(store)
    stats = run(store, outcome((item(1, hours_ago=24 * 30), [match()])))
    assert stats.alerts == 0 and store.is_seen(item(1).key)


def test_subscription_type_filter_routes_only_chosen_types(tmp_path):
    """A channel subscribed to injunctions gets no recall rows."""
    from bot import guilds

    store = Store(tmp_path / "s.json")
    setup_guild(store)
    guilds.unsubscribe(store, GUILD, CHANNEL, None)
    guilds.subscribe(store, GUILD, CHANNEL, PERSON.id, [EventType.INJUNCTION])
    store.commit()
    stats = run(store, outcome((item(1), [match(EventType.RECALL)])))
    assert stats.alerts == 1 and stats.queued == 0


def test_digest_channel_rows_wait_for_the_digest(tmp_path):
    """A channel in digest mode gets its rows held with status 'digest'."""
    store = Store(tmp_path / "s.json")
    setup_guild(store, digest=True)
    run(store, outcome((item(1), [match()])))
    assert store.outbox.all()[0]["status"] == "digest"


def test_failed_source_records_health_and_backs_off(tmp_path):
    """An error increments the count, stores the reason and schedules a later retry."""
    from bot.cycle.ingest import SourceOutcome

    store = Store(tmp_path / "s.json")
    setup_guild(store)
    failed = SourceOutcome("src", ok=False, error_reason="timeout", error_message="took too long")
    run(store, failed)
    run(store, failed)
    doc = store.sources.all()[0]
    assert doc["consecutive_errors"] == 2 and doc["error_reason"] == "timeout"
    assert doc["next_check_at"] > NOW.isoformat()


def test_retry_after_sets_the_next_check_at_least_that_far(tmp_path):
    """A 429 with Retry-After: 3600 is not polled again within the hour (FAULTS B8)."""
    from datetime import timedelta

    from bot.cycle.ingest import SourceOutcome

    store = Store(tmp_path / "s.json")
    setup_guild(store)
    limited = SourceOutcome(
        "src", ok=False, error_reason="rate_limited", error_message="429", retry_after=3600
    )
    run(store, limited)
    assert store.sources.all()[0]["next_check_at"] >= (NOW + timedelta(hours=1)).isoformat()


def test_feedback_wrong_person_suppresses_the_same_pattern(tmp_path):
    """After 'wrong person', the same words from the same outlet alert no more in that guild."""
    from bot import guilds

    store = Store(tmp_path / "s.json")
    setup_guild(store)
    run(store, outcome((item(1), [match()])))
    guilds.record_feedback(store, GUILD, store.alerts.all()[0]["alert_key"], "wrong_person")
    store.commit()
    stats = run(store, outcome((item(5, "A wholly unrelated headline text"), [match()])))
    assert stats.alerts == 1 and stats.queued == 0


def store_with_added_feed(tmp_path) -> Store:
    from bot import source_registry

    store = Store(tmp_path / "s.json")
    setup_guild(store)
    source_registry.add_source(
        store, source_registry.new_source("mine", "rss", "https://x.example/f", guild_id=str(GUILD))
    )
    store.commit()
    return store


def test_organizer_feed_failing_three_times_queues_a_notice(tmp_path):
    """B9: the third error in a row of an added feed tells that server's organizers."""
    store = store_with_added_feed(tmp_path)
    from bot.cycle.ingest import SourceOutcome

    failed = SourceOutcome("mine", ok=False, error_reason="http_error", error_message="HTTP 500")
    for _ in range(3):
        run(store, failed)
    notices = [r for r in store.outbox.all() if r["kind"] == "notice"]
    assert len(notices) == 1 and notices[0]["channel_id"] == str(CHANNEL)
    assert "failed 3 times" in notices[0]["text"]


def test_disabling_a_feed_queues_a_notice(tmp_path):
    """B9: reaching disable_after_errors disables the feed and says so."""
    store = store_with_added_feed(tmp_path)
    from bot.cycle.ingest import SourceOutcome

    failed = SourceOutcome("mine", ok=False, error_reason="http_error", error_message="HTTP 410")
    poll = PollSettings(disable_after_errors=4, notify_after_errors=3)
    for _ in range(4):
        run(store, failed, poll=poll)
    doc = next(d for d in store.sources.all() if d["id"] == "mine")
    texts = [r["text"] for r in store.outbox.all() if r["kind"] == "notice"]
    assert not doc["enabled"] and any("disabled after 4 errors" in t for t in texts)


def test_auto_sources_follow_the_watchlist(tmp_path):
    """Watching adds a person's sources; unwatching disables them; watching again re-enables."""
    from bot import source_registry

    store = Store(tmp_path / "s.json")
    spec = source_registry.new_source("gdelt:x", "gdelt", "https://api.example/q=x")
    source_registry.sync_auto_sources(store, [spec])
    assert store.sources.all()[0]["enabled"]
    source_registry.sync_auto_sources(store, [])
    assert store.sources.all()[0]["disabled_reason"] == "not watched"
    moved = {**spec, "url": "https://api.example/v2?q=x"}
    source_registry.sync_auto_sources(store, [moved])
    [doc] = store.sources.all()
    assert doc["enabled"] and doc["url"] == "https://api.example/v2?q=x"
