"""Child processes for the SIGKILL tests, forked from a server that has already imported them.

A fresh interpreter spends 0.2-0.6 s importing the bot before it writes anything, so forty kills
of `python script.py` spent most of their time (and most of the suite's) on imports. The
forkserver imports these modules once per test process; each child then starts in milliseconds
and is killed while it works, not while it imports. Children report progress through a pipe:
one message per write, which a SIGKILL cannot split (pipe writes under 4 KiB are atomic).
"""

from __future__ import annotations

import multiprocessing
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext

PRELOAD = ["tests.bot.store.crash_writer", "tests.faults.kill_runner"]


def context() -> ForkServerContext:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()
    return ctx


def drain(reports: Connection) -> list[bytes]:
    """Every report already written, without waiting (the writer is dead or still running)."""
    got = []
    try:
        while reports.poll(0):
            got.append(reports.recv_bytes())
    except EOFError:
        pass
    return got
