from datetime import timedelta

import time_machine

from bot import source_registry
from bot.store import Store, utcnow


def one_source(tmp_path) -> Store:
    store = Store(tmp_path / "s.json")
    source_registry.add_source(
        store, source_registry.new_source("s", "rss", "https://x.example/f", interval=300)
    )
    return store


def polled(store: Store) -> None:
    fields = source_registry.success_fields(
        store.sources.all()[0], utcnow(), etag=None, last_modified=None, body_hash=None, items=0
    )
    store.sources.update(fields)


def test_a_polled_source_is_not_due_before_its_interval(tmp_path):
    """Right after a poll, the source waits its interval."""
    store = one_source(tmp_path)
    polled(store)
    assert source_registry.due_sources(store) == []


def test_clock_set_forward_a_day_polls_each_source_once(tmp_path):
    """D6: after a +1 day jump every source is due once, and not again right after its poll."""
    store = one_source(tmp_path)
    polled(store)
    with time_machine.travel(utcnow() + timedelta(days=1), tick=False):
        assert len(source_registry.due_sources(store)) == 1
        polled(store)
        assert source_registry.due_sources(store) == []


def test_clock_set_back_a_day_does_not_silence_sources(tmp_path):
    """D6: after a -1 day jump a source is due now, not a day later."""
    store = one_source(tmp_path)
    polled(store)
    with time_machine.travel(utcnow() - timedelta(days=1), tick=False):
        assert len(source_registry.due_sources(store)) == 1
        polled(store)
        assert source_registry.due_sources(store) == []


def test_a_long_retry_after_is_not_mistaken_for_a_clock_jump(tmp_path):
    """A 1-hour Retry-After within the longest backoff keeps the source waiting."""
    store = one_source(tmp_path)
    fields = source_registry.failure_fields(
        store.sources.all()[0], utcnow(), reason="rate_limited", message="429",
        retry_after=3600, max_backoff=6 * 3600, disable_after=20,
    )  # fmt: skip
    store.sources.update(fields)
    assert source_registry.due_sources(store, max_backoff=6 * 3600) == []
