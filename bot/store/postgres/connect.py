"""Reaching PostgreSQL: the URL from DATABASE_URL, a pool, and one clear line when it fails."""

from __future__ import annotations

import os
import socket
from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bot.store.api import StoreError

ENV = "DATABASE_URL"
CONNECT_TIMEOUT = 10.0
# Refused, unresolvable, timed out, rejected login, bad URL parameters.
_CONNECT_ERRORS = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


class DatabaseUnavailable(StoreError):
    """The database cannot be reached or refuses us; the message is one line for an operator."""


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """DATABASE_URL, checked for the shape asyncpg understands."""
    url = (os.environ if environ is None else environ).get(ENV, "").strip()
    if not url:
        raise DatabaseUnavailable(f"{ENV} is not set (expected postgresql://user@host:port/db)")
    if urlsplit(url).scheme not in ("postgres", "postgresql"):
        raise DatabaseUnavailable(f"{ENV} must start with postgresql:// (got {redact(url)!r})")
    return url


def redact(url: str) -> str:
    """The URL without its password, fit for a log line or an error message."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + host))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is PostgreSQL running there?)"
    if isinstance(exc, socket.gaierror):
        return "host name not found"
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _unreachable(url: str, exc: BaseException) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        f"cannot reach the database at {ENV} ({redact(url)}): {_reason(exc)}"
    )


async def connect(url: str, *, timeout: float = CONNECT_TIMEOUT) -> asyncpg.Connection:
    """One connection (LISTEN needs its own); DatabaseUnavailable when it cannot be had."""
    try:
        return await asyncpg.connect(url, timeout=timeout)
    except _CONNECT_ERRORS as exc:
        raise _unreachable(url, exc) from None


async def create_pool(
    url: str,
    *,
    min_size: int = 1,
    max_size: int = 10,
    timeout: float = CONNECT_TIMEOUT,
    init: Callable[[asyncpg.Connection], Awaitable[None]] | None = None,
) -> asyncpg.Pool:
    try:
        pool = await asyncpg.create_pool(
            url,
            min_size=min_size,
            max_size=max_size,
            timeout=timeout,
            command_timeout=60,
            init=init,
        )
    except _CONNECT_ERRORS as exc:
        raise _unreachable(url, exc) from None
    assert pool is not None
    return pool
