"""Parsing and matching in worker processes: feedparser is pure Python and CPU-bound, so one
process per core keeps a 1,000-feed cycle from queuing behind a single interpreter."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from multiprocessing.queues import SimpleQueue

from feeds.match import Matcher
from feeds.models import Item, Match
from feeds.parse import FeedError, parse_feed

_matcher: Matcher | None = None

# The items of one feed with their matches, or no items and an error (reason, message).
ParseResult = tuple[list[tuple[Item, list[Match]]], tuple[str, str] | None]

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def pool_context() -> BaseContext:
    """Workers are started fresh ("spawn"), not forked from the bot: a fork would inherit the
    bot's open files (the store lock, the webhook's listening socket) and, orphaned by a SIGKILL,
    hold them so that the restarted bot could not lock its store or bind its port. Not
    "forkserver" either: its workers keep the server alive and the server keeps them alive, so
    neither notices the bot is gone. The cost is one interpreter start per worker, paid once per
    watchlist change."""
    return multiprocessing.get_context("spawn")


def _die_with_parent(parent_pid: int) -> None:
    """A worker must not outlive the bot (issue: 58 orphans after 40 kills, 40 MB each)."""
    if sys.platform.startswith("linux"):
        # The kernel kills this process when the thread that started it (the bot's event-loop
        # thread) ends: on SIGKILL of the bot, at once.
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    # The bot may have died before the line above took effect: then this worker was already
    # handed to another parent. Not `os.kill(parent_pid, 0)`: a killed bot that its own parent
    # has not reaped yet is a zombie, and a zombie still answers it (a worker still importing
    # when the bot was killed lived on, stuck on the queue lock the dead bot held).
    if os.getppid() != parent_pid:
        os._exit(1)


def init_worker(
    matcher: Matcher | None,
    parent_pid: int | None = None,
    started: SimpleQueue[int] | None = None,
) -> None:
    global _matcher
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    if started is not None:
        started.put(os.getpid())  # so that WorkerPool.kill can find this worker
    _matcher = matcher


class WorkerPool:
    """A process pool whose workers can be killed (one stuck in a hostile parse never ends).

    ProcessPoolExecutor keeps its processes private before Python 3.14 (`kill_workers`): each
    worker reports its pid when it starts, and `kill` ends those of this process's children
    (multiprocessing.active_children) that reported, so a reused pid is never hit."""

    def __init__(self, workers: int, matcher: Matcher | None) -> None:
        context = pool_context()
        self._started: SimpleQueue[int] = context.SimpleQueue()
        self._pids: set[int] = set()
        self._closed = False
        self.executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=init_worker,
            initargs=(matcher, os.getpid(), self._started),
        )

    def _collect_pids(self) -> None:
        if not self._closed:
            while not self._started.empty():
                self._pids.add(self._started.get())

    def started(self) -> int:
        """How many workers have started (their matcher loaded) so far."""
        self._collect_pids()
        return len(self._pids)

    def kill(self) -> int:
        """Kill every worker of this pool now (also after `shutdown`, for a worker still busy
        with a parse); returns how many were killed."""
        self._collect_pids()
        killed = 0
        for child in multiprocessing.active_children():
            if child.pid in self._pids:
                child.kill()
                killed += 1
        return killed

    def shutdown(self, *, kill: bool = False, close: bool = True) -> None:
        """Stop taking work (queued work is cancelled). close=False keeps the pid channel
        open, for a pool whose workers are still busy: a worker that started late still
        reports, and `kill` still finds it; call `close` once the pool is idle."""
        if kill:
            self.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)
        if close:
            self.close()

    def close(self) -> None:
        self._collect_pids()
        if not self._closed:
            self._closed = True
            self._started.close()


def ready() -> int:
    """A job that does nothing: submitting one per worker makes the pool start them all."""
    return os.getpid()


def parse_items(
    body: bytes, source_id: str, kind: str, content_type: str | None
) -> tuple[list[Item], tuple[str, str] | None]:
    """A body's items, or an error (reason, message); never raises."""
    try:
        return parse_feed(body, source_id=source_id, kind=kind, content_type=content_type), None
    except FeedError as exc:
        return [], (exc.reason, str(exc))
    except Exception as exc:  # parse_feed promises FeedError only; belt and braces
        return [], ("parse_error", f"unexpected {type(exc).__name__}")


def parse_and_match(
    body: bytes, source_id: str, kind: str, content_type: str | None, matcher: Matcher | None = None
) -> ParseResult:
    """Items with their matches (by the worker's matcher unless one is given), or an error
    (reason, message); never raises."""
    matcher = matcher or _matcher
    items, error = parse_items(body, source_id, kind, content_type)
    if error:
        return [], error
    if matcher is None:
        return [(item, []) for item in items], None
    return [(item, matcher.match_item(item)) for item in items], None
