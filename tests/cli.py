"""`run_bot.py ARGS` run in the test's own process: run_bot.main() with the process's streams,
environment and logging set as a fresh interpreter would have them, and put back afterwards.

A fresh interpreter costs a second of CPU per command (imports, and coverage starting in the
subprocess), most of the suite's CPU in CLI tests. Tests of what a command prints and the exit
code it gives call `run_cli`; a few keep a real `python run_bot.py` (tests/test_run_bot.py) for
what only a process shows: `sys.exit(main())` and an exit code the shell sees.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import threading
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import run_bot

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Ran:
    """What subprocess.run(..., capture_output=True) gives: exit code and the two streams."""

    returncode: int
    stdout_bytes: bytes
    stderr_bytes: bytes

    @property
    def stdout(self) -> str:
        return _text(self.stdout_bytes)

    @property
    def stderr(self) -> str:
        return _text(self.stderr_bytes)


def _text(data: bytes) -> str:
    # As subprocess.run(text=True) reads a pipe: UTF-8, universal newlines.
    return data.decode().replace("\r\n", "\n").replace("\r", "\n")


_lock = threading.Lock()  # the streams, environment and root logger are the process's own


def run_cli(
    *args: str,
    stdin: str = "",
    env: Mapping[str, str] | None = None,
    unset: tuple[str, ...] = ("DATABASE_URL", "DISCORD_TOKEN"),
) -> Ran:
    """main(args) with stdin given, stdout and stderr captured, `unset` variables removed from
    the environment and then `env` set (so a test's own DATABASE_URL never leaks in).

    main() runs in a thread of its own: commands call asyncio.run, which an async test's
    running loop would refuse. An exception main() lets out is a traceback and exit code 1, as
    Python gives; the test sees it in stderr."""
    result: list[Ran] = []

    def call() -> None:
        result.append(_call(list(args), stdin, env or {}, unset))

    with _lock:
        thread = threading.Thread(target=call, name="run_cli")
        thread.start()
        thread.join()
    return result[0]


def _call(argv: list[str], stdin: str, env: Mapping[str, str], unset: tuple[str, ...]) -> Ran:
    out, err = io.BytesIO(), io.BytesIO()
    streams = (
        io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8"),
        io.TextIOWrapper(out, encoding="utf-8", write_through=True),
        io.TextIOWrapper(err, encoding="utf-8", write_through=True),
    )
    with _environment(env, unset), _fresh_logging(), _swapped(*streams), _cwd(ROOT):
        try:
            code = run_bot.main(argv)
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            traceback.print_exc(file=sys.stderr)
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
    return Ran(code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _swapped(
    stdin: io.TextIOWrapper, stdout: io.TextIOWrapper, stderr: io.TextIOWrapper
) -> Iterator[None]:
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


@contextlib.contextmanager
def _environment(env: Mapping[str, str], unset: tuple[str, ...]) -> Iterator[None]:
    saved = dict(os.environ)
    for name in unset:
        os.environ.pop(name, None)
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _fresh_logging() -> Iterator[None]:
    """The root logger as a new process has it (no handlers, WARNING: warnings reach stderr
    through logging's last resort), then pytest's handlers back; `run` and `worker` set up
    their own."""
    root = logging.getLogger()
    http = logging.getLogger("discord.http")
    saved = root.handlers[:], root.level, http.level
    root.handlers.clear()
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        http.setLevel(saved[2])


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    saved = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(saved)
