"""The httpx transport under the fetcher: guarded connections, one small pool per origin.

Every connection goes through GuardedBackend (the address policy, checked at connect time).
Pools are kept per origin because httpcore's pool does work quadratic in its connection count
on every request (it re-counts idle connections once per connection); 64 connections in one
shared pool cost ~7 ms of CPU per request in `make bench`, while a pool per host holds only the
per-host limit. Pools idle for longer than the keep-alive expiry are closed, so a cycle over a
thousand hosts does not leave a thousand sockets open until the next one.
"""

from __future__ import annotations

import ssl
import time

import httpcore
import httpx

from feeds.netguard import AllowList, GuardedBackend

KEEPALIVE_EXPIRY = 30.0


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with a pool whose every connection goes through GuardedBackend."""

    def __init__(self, *, ssl_context: ssl.SSLContext, allow: AllowList, limit: int) -> None:
        # Not calling super().__init__: it would build a second, unguarded pool.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limit,
            max_keepalive_connections=limit,
            keepalive_expiry=KEEPALIVE_EXPIRY,
            http1=True,
            http2=False,
            network_backend=GuardedBackend(allow),
        )


class PerOriginTransport(httpx.AsyncBaseTransport):
    """Routes each request to the GuardedTransport of its (scheme, host, port)."""

    def __init__(self, *, ssl_context: ssl.SSLContext, allow: AllowList, per_origin: int) -> None:
        self._ssl_context = ssl_context
        self._allow = allow
        self._per_origin = per_origin
        self._transports: dict[tuple[str, str, int | None], GuardedTransport] = {}
        self._last_used: dict[tuple[str, str, int | None], float] = {}
        self._in_flight: dict[tuple[str, str, int | None], int] = {}
        self._last_sweep = time.monotonic()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        origin = (request.url.scheme, request.url.host, request.url.port)
        transport = self._transports.get(origin)
        if transport is None:
            transport = self._transports[origin] = GuardedTransport(
                ssl_context=self._ssl_context, allow=self._allow, limit=self._per_origin
            )
        now = time.monotonic()
        self._last_used[origin] = now
        if now - self._last_sweep > KEEPALIVE_EXPIRY:
            await self._close_idle(now)
        self._in_flight[origin] = self._in_flight.get(origin, 0) + 1
        try:
            return await transport.handle_async_request(request)
        finally:
            # The response body may still be streaming; its connection stays with the pool
            # until read, and an idle sweep only ever closes pools unused for 30 s.
            self._in_flight[origin] -= 1

    async def _close_idle(self, now: float) -> None:
        self._last_sweep = now
        for origin, used in list(self._last_used.items()):
            if now - used > KEEPALIVE_EXPIRY and not self._in_flight.get(origin):
                transport = self._transports.pop(origin)
                del self._last_used[origin]
                self._in_flight.pop(origin, None)
                await transport.aclose()

    @property
    def open_pools(self) -> int:
        return len(self._transports)

    async def aclose(self) -> None:
        transports = list(self._transports.values())
        self._transports.clear()
        self._last_used.clear()
        for transport in transports:
            await transport.aclose()
