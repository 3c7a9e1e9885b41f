import os
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import psutil
import pytest
from filelock import FileLock

from bot.cycle.parse_worker import WorkerPool

ROOT = Path(__file__).resolve().parents[3]

# A bot-like parent: holds the store lock and a listening socket (the webhook receiver's), starts
# the parse pool as the pipeline does, prints its workers' pids, then waits to be killed.
PARENT = """
import os, socket, sys, time
listener = socket.create_server(("127.0.0.1", 0))
from concurrent.futures import ProcessPoolExecutor
from filelock import FileLock
from bot.cycle.parse_worker import init_worker, parse_and_match, pool_context

lock = FileLock(sys.argv[1]); lock.acquire(timeout=0)
pool = ProcessPoolExecutor(2, mp_context=pool_context(), initializer=init_worker,
                           initargs=(None, os.getpid()))
list(pool.map(parse_and_match, [b"", b""], ["a", "b"], ["rss", "rss"], [None, None]))
kids = [p for p in __import__("psutil").Process().children(recursive=True)]
print(" ".join(str(p.pid) for p in kids), flush=True)
time.sleep(60)
"""


def _gone(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(psutil.pid_exists(p) and psutil.Process(p).status() != "zombie" for p in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
def test_parse_workers_die_with_a_killed_bot_and_hold_none_of_its_files(tmp_path):
    """After SIGKILL of the bot, its parse workers exit too, and the store lock is free at
    once for the restarted bot (a forked worker would have held the lock's descriptor)."""
    lock_path = str(tmp_path / "store.json.lock")
    proc = subprocess.Popen(
        [sys.executable, "-c", PARENT, lock_path], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    pids: list[int] = []
    try:
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert len(pids) >= 2  # the fork server and at least one worker
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert _gone(pids, within=10.0)
        FileLock(lock_path).acquire(timeout=0)
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in pids:  # a failed run leaves no worker behind on the machine
            if psutil.pid_exists(pid):
                psutil.Process(pid).kill()


# A bot that starts one more process and is then killed before that process has set itself to
# die with it: the late starter must find out on its own (it would otherwise wait forever on a
# queue whose other end died with the bot).
KILLED_BOT = """
import os, subprocess, sys
late = subprocess.Popen([sys.executable, "-c", sys.argv[1], str(os.getpid()), *sys.argv[2:]])
print(late.pid, flush=True)
late.wait()
"""
LATE_WORKER = """
import os, sys, time
from bot.cycle.parse_worker import init_worker
bot_pid, go, survived = int(sys.argv[1]), sys.argv[2], sys.argv[3]
while not os.path.exists(go):
    time.sleep(0.01)
init_worker(None, bot_pid)
open(survived, "w").close()
"""


@pytest.mark.slow
def test_a_worker_starting_as_the_bot_is_killed_exits_though_the_bot_is_not_yet_reaped(tmp_path):
    """The bot is killed and, as a zombie its parent has not reaped, still answers
    `kill(pid, 0)`: a worker that gets to its start-up check only then exits all the same."""
    go, survived = tmp_path / "go", tmp_path / "survived"
    bot = subprocess.Popen(
        [sys.executable, "-c", KILLED_BOT, LATE_WORKER, str(go), str(survived)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    late = int(bot.stdout.readline())
    try:
        os.kill(bot.pid, signal.SIGKILL)
        while psutil.Process(bot.pid).status() != psutil.STATUS_ZOMBIE:
            time.sleep(0.01)
        go.touch()  # the bot is dead and not reaped: now the late worker runs its check
        assert _gone([late], within=20.0)
        assert not survived.exists()
    finally:
        bot.wait(timeout=10)
        if psutil.pid_exists(late):
            psutil.Process(late).kill()


@pytest.mark.slow
def test_parse_workers_inherit_none_of_the_bots_sockets(tmp_path):
    """A worker holds no descriptor of the bot's listening socket, so even a worker that
    outlived the bot could not keep the restarted bot from binding the webhook port."""
    lock_path = str(tmp_path / "store.json.lock")
    proc = subprocess.Popen(
        [sys.executable, "-c", PARENT, lock_path], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        pids = [int(p) for p in proc.stdout.readline().split()]
        listening = [
            c for c in psutil.Process(proc.pid).net_connections("tcp") if c.status == "LISTEN"
        ]
        assert len(listening) == 1
        for pid in pids:
            assert psutil.Process(pid).net_connections("tcp") == []
    finally:
        proc.kill()
        proc.wait(timeout=10)


@pytest.mark.slow
def test_worker_pool_kill_ends_a_stuck_worker():
    """WorkerPool.kill ends a worker stuck in a task (no private executor attributes needed)."""
    pool = WorkerPool(1, None)
    try:
        stuck = pool.executor.submit(time.sleep, 60)
        deadline = time.monotonic() + 20
        killed = 0
        while not killed and time.monotonic() < deadline:
            killed = pool.kill()  # 0 until the spawned worker has started and reported
            time.sleep(0.05)
        assert killed == 1
        with pytest.raises(BrokenProcessPool):
            stuck.result(timeout=20)
    finally:
        pool.shutdown()
