from datetime import timedelta

import time_machine

from bot import source_registry
from bot.store import Store, iso, utcnow


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


def failed(store: Store, reason: str, source_id: str = "s") -> None:
    doc = store.sources.get(source_registry.Q.id == source_id)
    fields = source_registry.failure_fields(
        doc, utcnow(), reason=reason, message=reason,
        retry_after=None, max_backoff=6 * 3600, disable_after=20,
    )  # fmt: skip
    store.sources.update(fields, source_registry.Q.id == source_id)


def test_a_source_that_timed_out_is_skipped_at_the_next_cycle(tmp_path):
    """Issue 14: a timeout's first backoff passes over the next cycle (one interval on)."""
    store = one_source(tmp_path)
    failed(store, "timeout")
    next_cycle = utcnow() + timedelta(seconds=300 + 5)
    assert source_registry.due_sources(store, next_cycle) == []
    assert len(source_registry.due_sources(store, next_cycle + timedelta(seconds=300))) == 1


def test_a_server_error_is_retried_at_the_next_cycle(tmp_path):
    """A quick failure (HTTP 500) costs no slot time: the first retry is one interval on."""
    store = one_source(tmp_path)
    failed(store, "http_error")
    assert len(source_registry.due_sources(store, utcnow() + timedelta(seconds=305))) == 1


def test_the_longest_overdue_sources_come_first(tmp_path):
    """Sources put off by a busy cycle keep their old next check and lead the next one."""
    store = Store(tmp_path / "s.json")
    now = utcnow()
    for name, minutes_overdue in (("recent", 1), ("never", None), ("old", 30), ("mid", 10)):
        doc = source_registry.new_source(name, "rss", f"https://x.example/{name}")
        if minutes_overdue is not None:
            doc["next_check_at"] = iso(now - timedelta(minutes=minutes_overdue))
        source_registry.add_source(store, doc)
    order = [d["id"] for d in source_registry.due_sources(store, now)]
    assert order == ["never", "old", "mid", "recent"]
