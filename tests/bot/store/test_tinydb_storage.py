import asyncio
import json
import os
import random
from pathlib import Path

import pytest

from bot.clock import utcnow
from bot.store import AlreadyRunning, Store
from bot.store.tinydb import AtomicJSONStorage, TinyStore
from tests import forked
from tests.bot.store.crash_writer import commit_until_killed

ROOT = Path(__file__).resolve().parents[3]


async def seen(store: Store, key: str) -> bool:
    async with store.transaction() as tx:
        return await tx.seen.contains(key)


async def test_nothing_reaches_disk_before_commit(tmp_path):
    """Writes stay in memory until the transaction ends, so a cycle is one atomic write."""
    store = TinyStore.open(tmp_path / "s.json")
    async with store.transaction() as tx:
        await tx.seen.mark(["a"], utcnow())
        assert not (tmp_path / "s.json").exists()
    assert "a" in (tmp_path / "s.json").read_text()
    await store.close()


async def test_an_exception_rolls_back_the_whole_transaction(store):
    """A failure mid-transaction leaves memory and file at the last committed state."""
    async with store.transaction() as tx:
        await tx.seen.mark(["a"], utcnow())
    with pytest.raises(RuntimeError):
        async with store.transaction() as tx:
            await tx.seen.mark(["b"], utcnow())
            await tx.meta.set_delivery_paused_until(utcnow())
            raise RuntimeError("cycle failed")
    assert await seen(store, "a") and not await seen(store, "b")
    async with store.transaction() as tx:
        assert await tx.meta.delivery_paused_until() is None


async def test_a_cancelled_transaction_is_rolled_back(store):
    """A cycle cancelled by its timeout leaves nothing behind for the next commit to write."""
    started = asyncio.Event()

    async def slow() -> None:
        async with store.transaction() as tx:
            await tx.seen.mark(["half"], utcnow())
            started.set()
            await asyncio.sleep(30)

    task = asyncio.create_task(slow())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with store.transaction() as tx:
        await tx.seen.mark(["next"], utcnow())
    assert not await seen(store, "half") and await seen(store, "next")


async def test_transactions_do_not_nest(store):
    """Opening a transaction inside another fails at once instead of deadlocking."""
    async with store.transaction():
        with pytest.raises(RuntimeError, match="do not nest"):
            async with store.transaction():
                pass


# One writer at a time is TinyDB's way; PostgreSQL isolates concurrent transactions instead.
@pytest.mark.parametrize("store", ["tinydb"], indirect=True)
async def test_transactions_run_one_at_a_time(store):
    """A second transaction waits for the first to commit: no one reads another's half."""
    order: list[str] = []

    async def first() -> None:
        async with store.transaction() as tx:
            await tx.seen.mark(["x"], utcnow())
            await asyncio.sleep(0.05)
            order.append("first done")

    async def second() -> None:
        await asyncio.sleep(0.01)
        async with store.transaction() as tx:
            order.append(f"second sees x: {await tx.seen.contains('x')}")

    await asyncio.gather(first(), second())
    assert order == ["first done", "second sees x: True"]


async def test_a_second_process_is_refused(tmp_path):
    """Two writers of one file would undo each other's work: the second open fails."""
    first = TinyStore.open(tmp_path / "s.json")
    with pytest.raises(AlreadyRunning, match="another prosecutor-watch process"):
        TinyStore.open(tmp_path / "s.json")
    await first.close()
    await TinyStore.open(tmp_path / "s.json").close()


async def test_corrupt_file_is_kept_aside_and_a_fresh_store_starts(tmp_path, caplog):
    """An unreadable store is renamed, never overwritten, and the reason is logged."""
    path = tmp_path / "s.json"
    path.write_text('{"seen": {"1": {"k": "a", "t"')
    store = TinyStore.open(path)
    async with store.transaction() as tx:
        assert await tx.seen.count() == 0
    kept = list(tmp_path.glob("s.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text().startswith('{"seen"')
    assert store.recovered_from == kept[0]
    assert "unreadable" in caplog.text
    await store.close()


async def test_a_store_that_is_not_an_object_is_set_aside(tmp_path):
    """Valid JSON that is not TinyDB's {table: ...} object holds nothing to salvage: it is set
    aside like a corrupt file, instead of failing every later cycle."""
    path = tmp_path / "s.json"
    path.write_text("[1, 2]")
    store = TinyStore.open(path)
    async with store.transaction() as tx:
        assert await tx.seen.count() == 0
    await store.close()
    kept = list(tmp_path.glob("s.json.corrupt-*"))
    assert [k.read_text() for k in kept] == ["[1, 2]"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"seen": [], "meta": {"1": {"name": "n", "value": 1}}}',
         "the table is list, not an object"),
        ('{"sources": {"1": "not a document"}, "meta": {"1": {"name": "n", "value": 1}}}',
         "the document is str, not an object"),
        ('{"alerts": {"first": {"key": "a"}}, "meta": {"1": {"name": "n", "value": 1}}}',
         "document id 'first' is not a number"),
    ],
)  # fmt: skip
async def test_a_table_or_document_of_the_wrong_shape_is_set_aside_alone(tmp_path, content, reason):
    """A table or document that is not TinyDB's shape goes to the quarantine table; the rest
    of the file stays in use and nothing is set aside as a corrupt file."""
    path = tmp_path / "s.json"
    path.write_text(content)
    store = TinyStore.open(path)
    assert [doc["reason"] for doc in store.table("quarantine")] == [reason]
    assert [dict(doc) for doc in store.table("meta")] == [{"name": "n", "value": 1}]
    await store.close()
    assert list(tmp_path.glob("s.json.corrupt-*")) == []


async def test_temp_file_left_by_a_killed_commit_is_removed_at_open(tmp_path):
    """A kill between writing the temp file and the rename leaves it behind; the next open
    deletes it, and leaves other files in the folder alone."""
    store = TinyStore.open(tmp_path / "s.json")
    async with store.transaction() as tx:
        await tx.seen.mark(["a"], utcnow())
    await store.close()
    stale = tmp_path / ".s.json.k3j4h5g6.tmp"
    stale.write_bytes(b"x" * 1000)
    other = tmp_path / "notes.txt"
    other.write_text("keep")
    reopened = TinyStore.open(tmp_path / "s.json")
    assert await seen(reopened, "a")
    await reopened.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["notes.txt", "s.json", "s.json.lock"]


async def test_disk_full_keeps_the_old_file(tmp_path, monkeypatch):
    """ENOSPC during a commit leaves the previous file intact and memory rolled back."""
    store = TinyStore.open(tmp_path / "s.json")
    async with store.transaction() as tx:
        await tx.seen.mark(["a"], utcnow())
    before = (tmp_path / "s.json").read_bytes()

    def full(fd):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        async with store.transaction() as tx:
            await tx.seen.mark(["b"], utcnow())
            monkeypatch.setattr(os, "fsync", full)
    monkeypatch.undo()
    assert (tmp_path / "s.json").read_bytes() == before
    assert not await seen(store, "b")
    assert not list(tmp_path.glob(".s.json.*")), "temp file left behind"
    await store.close()


def test_storage_is_a_tinydb_storage_with_commit(tmp_path):
    """The storage reports dirty state until committed."""
    storage = AtomicJSONStorage(tmp_path / "x.json")
    storage.write({"t": {"1": {"a": 1}}})
    assert storage.dirty
    storage.commit()
    assert not storage.dirty
    assert json.loads((tmp_path / "x.json").read_text()) == {"t": {"1": {"a": 1}}}


@pytest.mark.slow
async def test_ten_sigkills_mid_write_never_corrupt_the_store(tmp_path):
    """D1: 10 SIGKILLs at random moments: each time the store opens with the last commit (the
    short run of the next)."""
    await kill_writers(tmp_path / "crash.json", kills=10, seed=4321)


@pytest.mark.faults
async def test_sigkill_mid_write_never_corrupts_the_store(tmp_path):
    """D1: 40 SIGKILLs at random moments: each time the store opens with the last commit
    (make faults)."""
    await kill_writers(tmp_path / "crash.json", kills=40, seed=1234)


async def kill_writers(path: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    ctx = forked.context()
    for _ in range(kills):
        reports, child_end = ctx.Pipe(duplex=False)
        writer = ctx.Process(target=commit_until_killed, args=(str(path), child_end))
        writer.start()
        child_end.close()
        try:
            assert await asyncio.to_thread(reports.poll, 30), "the writer never committed"
            # A random moment within the next few commits (each rewrites the whole file).
            await asyncio.sleep(rng.uniform(0, 0.15))
        finally:
            writer.kill()
            writer.join()
        reported = [int(r) for r in forked.drain(reports)]
        reports.close()
        assert reported, "the writer died before its first commit"
        store = TinyStore.open(path)
        assert store.recovered_from is None, "store file was unreadable after a kill"
        async with store.transaction() as tx:
            count = await tx.seen.count()
        assert count % 50 == 0, "a batch was half written"
        assert count >= reported[-1] * 50
        await store.close()
