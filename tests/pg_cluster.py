"""A throwaway PostgreSQL cluster on 127.0.0.1 for tests and the benchmark.

    with ThrowawayCluster.start() as cluster:
        url = cluster.url("postgres")

initdb writes a fresh cluster into a temporary directory, pg_ctl starts it on a free loopback
port with its unix socket inside that directory, and leaving the block stops it and removes the
directory. PostgreSQL refuses to run as root, so as root every server command runs as an
unprivileged user (`nobody` unless PG_TEST_USER names another) through runuser.
Durability settings are off (fsync, synchronous_commit) unless `durable=True` (the benchmark):
a test cluster is thrown away and its speed is what matters; a clean restart keeps everything.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BIN = "/usr/lib/postgresql/15/bin"
START_TIMEOUT = 60


class NoPostgres(Exception):
    """No PostgreSQL server binaries on this machine."""


def find_bin_dir() -> Path:
    """Where initdb, pg_ctl and postgres live: $PG_BIN, version 15, any other version, PATH."""
    candidates = [os.environ.get("PG_BIN", ""), DEFAULT_BIN]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    raise NoPostgres(
        f"no PostgreSQL server binaries (initdb) in $PG_BIN, {DEFAULT_BIN} or PATH; "
        "install them with `apt-get install postgresql-15` (or `postgresql`)"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ThrowawayCluster:
    bin_dir: Path
    root: Path
    port: int
    run_as: str | None  # a user name when we are root, else None
    durable: bool = False

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    # -- lifecycle --------------------------------------------------------------------------

    @classmethod
    @contextlib.contextmanager
    def start(cls, *, durable: bool = False) -> Iterator[ThrowawayCluster]:
        bin_dir = find_bin_dir()
        run_as = (os.environ.get("PG_TEST_USER") or "nobody") if os.geteuid() == 0 else None
        root = Path(tempfile.mkdtemp(prefix="pw-pg-"))
        cluster = cls(bin_dir, root, 0, run_as, durable)
        try:
            cluster._init()
            cluster._start_on_free_port()
            yield cluster
        finally:
            cluster.stop()
            shutil.rmtree(root, ignore_errors=True)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=START_TIMEOUT)
        if check and result.returncode != 0:
            raise RuntimeError(
                f"{args[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}"
            )
        return result

    def _init(self) -> None:
        self.socket_dir.mkdir()
        if self.run_as:
            user = pwd.getpwnam(self.run_as)
            for path in (self.root, self.socket_dir):
                os.chown(path, user.pw_uid, user.pw_gid)
        self._run(
            "initdb", "-D", str(self.data_dir), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip

    def _start_on_free_port(self) -> None:
        # Another process may take the port between our probe and the server's bind: retry.
        error: Exception | None = None
        for _ in range(5):
            self.port = free_port()
            try:
                self.start_server()
                return
            except RuntimeError as exc:
                error = exc
        raise RuntimeError(f"PostgreSQL did not start: {error}")

    def start_server(self) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200 -c shared_buffers=64MB"
        )
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(self.root / "server.log"),
            "-o", options, "-w", "-t", str(START_TIMEOUT), "start",
        )  # fmt: skip

    def stop_server(self, mode: str = "fast") -> None:
        """Stop the server (`immediate` is a crash: no checkpoint, clients cut off)."""
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "stop", check=False)

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self.stop_server("immediate")

    def log_tail(self, chars: int = 2000) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""
