"""Host names that resolve to 127.0.0.1, so one loopback server can play several hosts.

The fetcher keeps per-host slots (politeness), so a test of one slow host next to a good one
needs two host names; ``tools/bench_corpus.bench_dns`` does the same for the benchmark.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from typing import Any

SUFFIX = ".loopback.test"


def loopback_host(name: str) -> str:
    """A host name that resolves to 127.0.0.1 while ``loopback_names`` is active."""
    return f"{name}{SUFFIX}"


@contextlib.contextmanager
def loopback_names() -> Iterator[None]:
    """Resolve every ``*.loopback.test`` name to 127.0.0.1 in this process; nothing else."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and host.endswith(SUFFIX):
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.getaddrinfo = real
