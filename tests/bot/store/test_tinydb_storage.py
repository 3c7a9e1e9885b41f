import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.storage import AtomicJSONStorage
from bot.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_nothing_reaches_disk_before_commit(tmp_path):
    """Writes stay in memory until commit, so a cycle is one atomic write."""
    store = Store(tmp_path / "s.json")
    store.mark_seen(["a"])
    assert not (tmp_path / "s.json").exists()
    store.commit()
    assert "a" in (tmp_path / "s.json").read_text()


def test_rollback_forgets_uncommitted_changes(tmp_path):
    """A failed cycle leaves memory equal to the last committed state."""
    store = Store(tmp_path / "s.json")
    store.mark_seen(["a"])
    store.commit()
    store.mark_seen(["b"])
    store.rollback()
    assert store.is_seen("a") and not store.is_seen("b")


def test_corrupt_file_is_kept_aside_and_a_fresh_store_starts(tmp_path, caplog):
    """An unreadable store is renamed, never overwritten, and the reason is logged."""
    path = tmp_path / "s.json"
    path.write_text('{"seen": {"1": {"k": "a", "t"')
    store = Store(path)
    assert store.seen_count == 0
    kept = list(tmp_path.glob("s.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text().startswith('{"seen"')
    assert store.recovered_from == kept[0]
    assert "unreadable" in caplog.text


@pytest.mark.parametrize(
    "content",
    [
        '{"seen": []}',
        '{"sources": {"1": "not a document"}}',
        '{"alerts": {"first": {"key": "a"}}}',
        "[1, 2]",
    ],
)
def test_store_with_wrong_table_types_is_set_aside(tmp_path, content):
    """Valid JSON that is not TinyDB's {table: {id: document}} shape is set aside like a corrupt
    file, instead of failing every later cycle."""
    path = tmp_path / "s.json"
    path.write_text(content)
    store = Store(path)
    assert store.seen_count == 0
    kept = list(tmp_path.glob("s.json.corrupt-*"))
    assert [k.read_text() for k in kept] == [content]


def test_temp_file_left_by_a_killed_commit_is_removed_at_open(tmp_path):
    """A kill between writing the temp file and the rename leaves it behind; the next open
    deletes it, and leaves other files in the folder alone."""
    store = Store(tmp_path / "s.json")
    store.mark_seen(["a"])
    store.commit()
    store.close()
    stale = tmp_path / ".s.json.k3j4h5g6.tmp"
    stale.write_bytes(b"x" * 1000)
    other = tmp_path / "notes.txt"
    other.write_text("keep")
    reopened = Store(tmp_path / "s.json")
    assert reopened.is_seen("a")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "s.json"]


def test_disk_full_keeps_the_old_file(tmp_path, monkeypatch):
    """ENOSPC during a commit leaves the previous file intact and memory rolled back."""
    store = Store(tmp_path / "s.json")
    store.mark_seen(["a"])
    store.commit()
    before = (tmp_path / "s.json").read_bytes()
    store.mark_seen(["b"])

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        store.commit()
    monkeypatch.undo()
    assert (tmp_path / "s.json").read_bytes() == before
    assert not store.is_seen("b")
    assert not list(tmp_path.glob(".s.json.*")), "temp file left behind"


def test_storage_is_a_tinydb_storage_with_commit(tmp_path):
    """The storage reports dirty state until committed."""
    storage = AtomicJSONStorage(tmp_path / "x.json")
    storage.write({"t": {"1": {"a": 1}}})
    assert storage.dirty
    storage.commit()
    assert not storage.dirty
    assert json.loads((tmp_path / "x.json").read_text()) == {"t": {"1": {"a": 1}}}


def test_sigkill_mid_write_never_corrupts_the_store(tmp_path):
    """40 SIGKILLs at random moments: the store opens every time with the last commit or later."""
    path = tmp_path / "crash.json"
    rng = random.Random(1234)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(40):
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "bot" / "crash_writer.py"), str(path)],
            stdout=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        time.sleep(0.25 + rng.random() * 0.25)
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        printed = [int(x) for x in out.split()]
        store = Store(path)
        assert store.recovered_from is None, "store file was unreadable after a kill"
        batches = store.get_meta("batches", 0)
        if printed:
            assert batches >= printed[-1]
        assert store.seen_count == batches * 50
        store.close()
