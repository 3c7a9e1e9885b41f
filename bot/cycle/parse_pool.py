"""Parsing in worker processes, each parse with its own time limit, on a pool that survives
losing its workers.

A parse is handed to the pool only when a worker is free for it (a slot), so its time limit
measures the parse itself, never the queue in front of it: under load (a cold cycle of 1,000
feeds on two workers) a parse waiting its turn must not be taken for a stuck one.

A parse still running at its limit is hostile or broken. A ProcessPoolExecutor cannot kill one
worker, so the whole pool is killed and the next parse starts a new one. The other parses that
were running on the killed pool did nothing wrong: they run again on the new pool, one at a
time, so a worker crash (os._exit, a fault in a C parser) is pinned on the feed that caused it
alone. Only the stuck or crashing feed gets an error; no caller ever sees the pool's
cancellation (which would otherwise end a whole poll cycle).

Callers get `(results, None)` or `([], (reason, message))`; nothing raises except the caller's
own cancellation. A caller cancelled mid-parse leaves the parse to finish (or to be killed at its
limit) holding its slot, since its worker is busy until then.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from bot.cycle.parse_worker import WorkerPool, parse_and_match, parse_items, ready
from feeds.match import Matcher
from feeds.models import Item, Match

log = logging.getLogger(__name__)

T = TypeVar("T")
ParseError = tuple[str, str]
Parsed = tuple[list[T], ParseError | None]

# A parse that takes longer than this is a hostile or broken feed; its worker is replaced.
PARSE_TIMEOUT = 20.0
# A new pool's workers start (an interpreter each, then the matcher) before any parse is timed.
START_TIMEOUT = 120.0
# Times a parse runs again after the pool under it was killed for another feed's sake.
RERUNS = 2


class Slots:
    """`size` slots taken first come, first served; a request for all of them (a parse that
    must run alone) waits for the running ones and holds back those behind it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._free = size
        self._waiting: deque[tuple[int, asyncio.Future[None]]] = deque()

    async def acquire(self, wanted: int) -> None:
        if not self._waiting and self._free >= wanted:
            self._free -= wanted
            return
        entry = (wanted, asyncio.get_running_loop().create_future())
        self._waiting.append(entry)
        try:
            await entry[1]
        except asyncio.CancelledError:
            if entry[1].done() and not entry[1].cancelled():
                self.release(wanted)  # granted as the cancellation arrived: give them back
            else:
                if entry in self._waiting:
                    self._waiting.remove(entry)
                self._grant()  # those behind a request for all slots may go now
            raise

    def release(self, count: int) -> None:
        self._free += count
        self._grant()

    def _grant(self) -> None:
        while self._waiting and self._waiting[0][0] <= self._free:
            wanted, granted = self._waiting.popleft()
            if not granted.done():  # a cancelled waiter is skipped; it takes nothing
                self._free -= wanted
                granted.set_result(None)


class _Lost(Exception):
    """The pool under a parse was killed or shut down for another reason than this parse."""


class ParsePool:
    """`workers` processes (capped at the CPU count); 0 parses in the calling thread."""

    def __init__(self, workers: int, timeout: float | None = None) -> None:
        self.workers = min(workers, os.cpu_count() or 1) if workers > 0 else 0
        self.timeout = PARSE_TIMEOUT if timeout is None else timeout
        self._matcher: Matcher | None = None
        self._pool: WorkerPool | None = None
        self._slots = Slots(max(self.workers, 1))
        self._in_flight: dict[WorkerPool, int] = {}
        self._retired: set[WorkerPool] = set()
        self._overdue: set[Future[Any]] = set()
        self._killed: set[WorkerPool] = set()
        self._starting = asyncio.Lock()
        self.killed = 0  # pools killed for a stuck or crashing parse (for logs and tests)

    # -- what callers use ----------------------------------------------------------------------

    def use_matcher(self, matcher: Matcher | None) -> None:
        """Workers get the matcher when they start: the running pool is retired (its parses
        finish) and the next parse starts a pool with this one."""
        self._matcher = matcher
        self._retire(kill=False)

    async def match(
        self, body: bytes, source_id: str, kind: str, content_type: str | None
    ) -> Parsed[tuple[Item, list[Match]]]:
        """A polled body's items with the watched prosecutors they match."""
        if not self.workers:
            return parse_and_match(body, source_id, kind, content_type, self._matcher)
        return await self._run(parse_and_match, (body, source_id, kind, content_type), source_id)

    async def items(
        self, body: bytes, source_id: str, kind: str, content_type: str | None
    ) -> Parsed[Item]:
        """A body's items, unmatched (a caller with a matcher of its own matches them)."""
        if not self.workers:
            return parse_items(body, source_id, kind, content_type)
        return await self._run(parse_items, (body, source_id, kind, content_type), source_id)

    def close(self) -> None:
        """Kill every worker (the bot is stopping; nothing waits for a parse any more)."""
        pools = {*self._retired, *([self._pool] if self._pool else [])}
        self._pool = None
        for pool in pools:
            pool.shutdown(kill=True)
        self._retired.clear()
        self._in_flight.clear()
        self._killed.clear()

    # -- running one parse ---------------------------------------------------------------------

    async def _run(
        self, fn: Callable[..., Parsed[T]], args: tuple[Any, ...], label: str
    ) -> Parsed[T]:
        alone = False
        for _ in range(1 + RERUNS):
            try:
                return await self._attempt(fn, args, label, alone)
            except _Lost:
                # Its pool was killed under it for another feed (or it crashed with others
                # beside it): run it again, alone, so that a crash is its own if it recurs.
                alone = True
        log.warning("parsing %s: its worker was lost %d times; giving up", label, 1 + RERUNS)
        return [], ("worker_lost", "the parser's worker was lost repeatedly")

    async def _attempt(
        self, fn: Callable[..., Parsed[T]], args: tuple[Any, ...], label: str, alone: bool
    ) -> Parsed[T]:
        slots = self._slots.size if alone else 1
        await self._slots.acquire(slots)
        loop = asyncio.get_running_loop()
        try:
            pool = await self._current()
        except BaseException:
            self._slots.release(slots)
            raise
        try:
            job: Future[Parsed[T]] = pool.executor.submit(fn, *args)
        except (BrokenProcessPool, RuntimeError):  # a worker died since: not this feed's doing
            self._slots.release(slots)
            if pool is self._pool:
                self._retire(kill=True)
            raise _Lost from None
        self._in_flight[pool] = self._in_flight.get(pool, 0) + 1
        settled: asyncio.Future[bool] = loop.create_future()  # its result: whether overdue
        timer = loop.call_later(self.timeout, self._expire, pool, job, label)

        def finished() -> None:  # on the loop, once the job is done however it ended
            timer.cancel()
            overdue = job in self._overdue
            self._overdue.discard(job)
            self._slots.release(slots)
            self._job_done(pool)
            if not settled.done():
                settled.set_result(overdue)

        def from_executor(_: Future[Parsed[T]]) -> None:
            # RuntimeError: the loop is closed, the bot is gone and nobody waits.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(finished)

        job.add_done_callback(from_executor)
        # A CancelledError here can only be the caller's own: `settled` is never cancelled.
        overdue = await settled
        return self._outcome(job, pool, label, alone=alone, overdue=overdue)

    def _outcome(
        self, job: Future[Parsed[T]], pool: WorkerPool, label: str, *, alone: bool, overdue: bool
    ) -> Parsed[T]:
        if overdue:
            return [], ("parse_timeout", f"parsing took over {self.timeout:.0f} s")
        if job.cancelled():  # queued on a pool that was shut down
            raise _Lost
        error = job.exception()
        if error is None:
            return job.result()
        if isinstance(error, BrokenProcessPool):
            if pool is self._pool:  # the first to learn of it replaces the pool
                self._retire(kill=True)
            if not alone:
                raise _Lost
            log.warning("a parse worker died on %s; pool replaced", label)
            return [], ("worker_crash", "the parser crashed on this feed")
        # The job could not be sent or its answer could not come back (pickling): its own.
        log.warning("parsing %s failed in the pool: %r", label, error)
        return [], ("parse_error", f"unexpected {type(error).__name__}")

    def _expire(self, pool: WorkerPool, job: Future[Any], label: str) -> None:
        """A parse's time is up: kill its pool (the only way to end that worker)."""
        if job.done():
            return
        self._overdue.add(job)
        log.warning("parsing %s took over %ss; its worker pool is replaced", label, self.timeout)
        self._retire(kill=True, pool=pool)

    # -- the pools -----------------------------------------------------------------------------

    async def _current(self) -> WorkerPool:
        """The pool to submit to, its workers all started; raises _Lost when they cannot be."""
        async with self._starting:
            if self._pool is None:
                pool = WorkerPool(self.workers, self._matcher)
                self._in_flight[pool] = 0
                try:
                    await self._start(pool)
                except BaseException:
                    pool.shutdown(kill=True)
                    self._in_flight.pop(pool, None)
                    raise
                self._pool = pool
            return self._pool

    async def _start(self, pool: WorkerPool) -> None:
        # One job per worker makes the executor start them all; each reports its pid once its
        # interpreter is up and its matcher loaded, which is when parses may start to be timed.
        # Submitted from a thread: starting a spawned worker writes the matcher down a pipe
        # that it reads only once its interpreter is up, so on the loop this froze every
        # fetch for about a second per worker (2.3 s of a cold bench cycle on two).
        try:
            async with asyncio.timeout(START_TIMEOUT):
                probes = await asyncio.to_thread(self._submit_probes, pool)
                while pool.started() < self.workers:
                    if any(p.done() and p.exception() for p in probes):
                        raise _Lost
                    await asyncio.sleep(0.02)
        except TimeoutError:
            log.error("parse workers did not start within %ss", START_TIMEOUT)
            raise _Lost from None

    def _submit_probes(self, pool: WorkerPool) -> list[Future[int]]:
        return [pool.executor.submit(ready) for _ in range(self.workers)]

    def _retire(self, *, kill: bool, pool: WorkerPool | None = None) -> None:
        """Stop giving work to a pool (the current one by default); kill its workers if asked.
        Its pid channel stays open while it still has parses out (see WorkerPool.shutdown)."""
        pool = pool or self._pool
        if pool is None:
            return
        if pool is self._pool:
            self._pool = None
        if kill and pool not in self._killed:
            self._killed.add(pool)
            self.killed += 1
            pool.kill()
        if pool in self._retired and not kill:
            return
        busy = self._in_flight.get(pool, 0) > 0
        pool.shutdown(close=not busy)
        if busy:
            self._retired.add(pool)
        else:
            self._in_flight.pop(pool, None)
            self._retired.discard(pool)
            self._killed.discard(pool)

    def _job_done(self, pool: WorkerPool) -> None:
        left = self._in_flight.get(pool, 0) - 1
        self._in_flight[pool] = left
        if left <= 0 and pool in self._retired:
            pool.close()
            self._retired.discard(pool)
            self._in_flight.pop(pool, None)
            self._killed.discard(pool)
