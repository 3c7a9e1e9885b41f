"""A loopback HTTP server that misbehaves on request, for fetcher tests and the benchmark.

    async with FeedServer() as srv:
        srv.static("/feed.xml", RSS, content_type="application/rss+xml", etag='"v1"')
        srv.trickle("/slow", rate=1)
        result = await fetcher.fetch(srv.url("/feed.xml"))
        assert srv.requests["/feed.xml"] == 1

Binds 127.0.0.1 on a free port only. Counts requests and body bytes written per path, and TCP
connections accepted. ``count_accepts`` is a bare TCP listener for SSRF tests: it only counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import ssl
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_ZERO_BLOCK = b"\0" * (1024 * 1024)


@functools.cache
def _bomb_parts() -> tuple[bytes, bytes]:
    # After a full flush deflate forgets its history, so every further MiB of zeros compresses
    # to the same bytes: compress one MiB once and repeat it.
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = comp.compress(_ZERO_BLOCK) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(_ZERO_BLOCK) + comp.flush(zlib.Z_FULL_FLUSH)
    return head, block


@functools.cache
def gzip_bomb_bytes(decoded_mib: int = 200) -> bytes:
    """A complete gzip stream of ``decoded_mib`` MiB of zero bytes (~1 KiB per MiB)."""
    head, block = _bomb_parts()
    crc = 0
    for _ in range(decoded_mib):
        crc = zlib.crc32(_ZERO_BLOCK, crc)
    size = (decoded_mib * len(_ZERO_BLOCK)) & 0xFFFFFFFF
    final = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()  # empty last block
    trailer = crc.to_bytes(4, "little") + size.to_bytes(4, "little")
    return head + block * (decoded_mib - 1) + final + trailer


class _CountingSite(web.TCPSite):
    def __init__(self, *args: Any, on_accept: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_accept = on_accept

    async def start(self) -> None:
        await web.BaseSite.start(self)
        server = self._runner.server
        assert server is not None

        def factory() -> asyncio.Protocol:
            self._on_accept()
            return server()

        self._server = await asyncio.get_running_loop().create_server(
            factory, self._host, self._port, ssl=self._ssl_context, backlog=self._backlog
        )
        self._bound_port = self._server.sockets[0].getsockname()[1]


class FeedServer:
    def __init__(self, *, ssl_context: ssl.SSLContext | None = None, url_host: str = "127.0.0.1"):
        self._ssl = ssl_context
        self._url_host = url_host
        self._routes: dict[str, Handler] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.accepts = 0
        self.requests: Counter[str] = Counter()
        self.bytes_sent: Counter[str] = Counter()
        self.request_headers: dict[str, Mapping[str, str]] = {}

    # -- lifecycle -------------------------------------------------------------------------
    async def __aenter__(self) -> FeedServer:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=0.2,
            handler_cancellation=True,
        )  # fmt: skip
        await self._runner.setup()
        site = _CountingSite(
            self._runner, "127.0.0.1", 0, ssl_context=self._ssl, on_accept=self._accepted
        )
        await site.start()
        self.port = site.port
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _accepted(self) -> None:
        self.accepts += 1

    @property
    def host_port(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.url_at(self._url_host, path)

    def url_at(self, host: str, path: str = "/") -> str:
        """``path`` on this server under another host name (see tests/fakes/dns.py)."""
        scheme = "https" if self._ssl else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.requests[path] += 1
        self.request_headers[path] = dict(request.headers)
        handler = self._routes.get(path)
        if handler is None:
            return web.Response(status=404, text="no such route")
        return await handler(request)

    def route(self, path: str, handler: Handler) -> None:
        """Serve ``path`` with any aiohttp handler."""
        self._routes[path] = handler

    # -- canned behaviours -----------------------------------------------------------------
    def static(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str = "application/rss+xml; charset=utf-8",
        etag: str | None = None,
        last_modified: str | None = None,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """A fixed body; answers 304 when If-None-Match / If-Modified-Since match."""
        data = body.encode() if isinstance(body, str) else body

        async def handler(request: web.Request) -> web.StreamResponse:
            if delay:
                await asyncio.sleep(delay)
            out = {"Content-Type": content_type, **(headers or {})}
            if etag:
                out["ETag"] = etag
            if last_modified:
                out["Last-Modified"] = last_modified
            inm = request.headers.get("If-None-Match")
            ims = request.headers.get("If-Modified-Since")
            if (etag and inm == etag) or (not inm and last_modified and ims == last_modified):
                out.pop("Content-Type")
                return web.Response(status=304, headers=out)
            self.bytes_sent[path] += len(data)
            return web.Response(status=status, body=data, headers=out)

        self.route(path, handler)

    def html(self, path: str, title: str = "Not a feed") -> None:
        page = f"<!doctype html><html><head><title>{title}</title></head><body>hi</body></html>"
        self.static(path, page, content_type="text/html; charset=utf-8")

    def status(
        self, path: str, status: int, *, headers: Mapping[str, str] | None = None, body: bytes = b""
    ) -> None:
        """Any status with headers, e.g. 429 + Retry-After, 500, 503, 410."""
        self.static(path, body, status=status, headers=headers, content_type="text/plain")

    def redirect(self, path: str, to: str, *, status: int = 302) -> None:
        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, headers={"Location": to})

        self.route(path, handler)

    def redirect_chain(self, prefix: str, hops: int, final: str) -> str:
        """``hops`` redirects ending at ``final``; returns the first path."""
        paths = [f"{prefix}/{i}" for i in range(hops)]
        for here, nxt in zip(paths, [*paths[1:], final], strict=True):
            self.redirect(here, nxt)
        return paths[0] if paths else final

    def _streaming(
        self,
        path: str,
        chunks: Callable[[], AsyncIterator[bytes]],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        async def handler(request: web.Request) -> web.StreamResponse:
            resp = web.StreamResponse(
                status=200, headers={"Content-Type": "application/rss+xml", **(headers or {})}
            )
            await resp.prepare(request)
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                async for chunk in chunks():
                    await resp.write(chunk)
                    self.bytes_sent[path] += len(chunk)
                await resp.write_eof()
            return resp

        self.route(path, handler)

    def trickle(self, path: str, *, rate: int = 1, total: int = 10_000) -> None:
        """``rate`` bytes per second, ``total`` bytes, no Content-Length."""

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(total // rate):
                yield b"<" * rate
                await asyncio.sleep(1)

        self._streaming(path, chunks)

    def endless(self, path: str, *, total: int | None = None, chunk: int = 64 * 1024) -> None:
        """Bytes without Content-Length: ``total`` of them, or forever."""

        async def chunks() -> AsyncIterator[bytes]:
            sent = 0
            while total is None or sent < total:
                piece = b"x" * (chunk if total is None else min(chunk, total - sent))
                sent += len(piece)
                yield piece

        self._streaming(path, chunks)

    def gzip_bomb(
        self,
        path: str,
        *,
        decoded_mib: int | None = 200,
        chunk: int = 16 * 1024,
        pace: float = 0.0,
    ) -> None:
        """Content-Encoding: gzip of ``decoded_mib`` MiB of zeros (None: endless), precompressed.

        ``pace`` sleeps between chunks so that ``bytes_sent`` tracks what the client read
        rather than what loopback socket buffers (several MiB) absorbed.
        """
        if decoded_mib is None:
            head, block = _bomb_parts()

            async def chunks() -> AsyncIterator[bytes]:
                yield head
                piece = block * max(1, chunk // len(block))
                while True:
                    yield piece
                    await asyncio.sleep(pace)

        else:
            data = gzip_bomb_bytes(decoded_mib)

            async def chunks() -> AsyncIterator[bytes]:
                for i in range(0, len(data), chunk):
                    yield data[i : i + chunk]
                    await asyncio.sleep(pace)

        self._streaming(path, chunks, headers={"Content-Encoding": "gzip"})

    def hang(self, path: str) -> None:
        """Accepts the request and never answers."""

        async def handler(request: web.Request) -> web.StreamResponse:
            await asyncio.Event().wait()
            raise AssertionError("unreachable")

        self.route(path, handler)


class AcceptCounter:
    def __init__(self) -> None:
        self.accepts = 0
        self.port = 0

    @property
    def host_port(self) -> str:
        return f"127.0.0.1:{self.port}"


@contextlib.asynccontextmanager
async def count_accepts() -> AsyncIterator[AcceptCounter]:
    """A bare TCP listener on 127.0.0.1 that counts connections and closes them."""
    counter = AcceptCounter()

    async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        counter.accepts += 1
        writer.close()

    server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
    counter.port = server.sockets[0].getsockname()[1]
    try:
        yield counter
    finally:
        server.close()
        await server.wait_closed()
