"""HTTP for feeds: one bounded, guarded GET per call. No storage, no Discord.

The caller keeps validators (ETag, Last-Modified, body hash) and health; this module only turns
a URL into a FetchResult or a FetchError with a stable ``reason``:
"blocked_url", "blocked_address", "timeout", "connect", "tls", "too_large",
"too_many_redirects", "http_error" (with .status), "rate_limited" (429, or 503 with
Retry-After; .retry_after in seconds), "empty_body", "bad_url", and "queued": no connection to
the host came free within the deadline (other feeds there are slow): nothing was sent, and the
feed itself is not at fault.

Why it is built this way (measured, see DESIGN.md): httpx's per-operation timeouts never stop a
1 byte/s trickle, so an overall deadline wraps the request including the body, and the wait for
one of the host's connection slots counts against it (issue 14); Content-Length can lie and
gzip expands ~1000x, so the body is decompressed here in bounded steps and the *decoded* size is
capped; redirects are followed here so that every hop is checked and no
redirect body is ever read; httpx logs full URLs (with tokens) at INFO, so its logger is quieted
and this module logs redacted URLs only.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import ssl
import time
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import httpx

from feeds.fetch_decode import BoundedDecoder, UnsupportedEncoding
from feeds.fetch_errors import httpx_fetch_error, parse_retry_after
from feeds.fetch_transport import PerOriginTransport
from feeds.netguard import (
    AllowList,
    FetchError,
    bare_host,
    check_url,
    display_url,
    precheck,
    redact_url,
)

__all__ = ["FetchError", "FetchResult", "Fetcher", "check_url", "redact_url"]

log = logging.getLogger(__name__)
# httpx logs every request with its full URL (query tokens included) at INFO, and httpcore's
# DEBUG traces print response headers, redirect Locations with tokens among them.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.INFO)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SECRET_HEADERS = ("authorization", "proxy-authorization", "cookie")


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # final URL after redirects
    status: int  # 200 or 304
    body: bytes | None  # None when not modified (304) or unchanged (same hash as previous_hash)
    etag: str | None
    last_modified: str | None
    content_type: str | None
    body_hash: str | None  # sha256 hex of the decoded body (kept from previous on 304)
    unchanged: bool  # True on 304 or when body_hash == previous_hash
    elapsed: float  # seconds


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """The verifying context every Fetcher without its own shares: loading the CA bundle takes
    ~30 ms of CPU, paid once per process rather than per Fetcher (a bot opens one per start,
    the test suite hundreds). Nothing changes a context after it is made."""
    return httpx.create_ssl_context(verify=True, trust_env=False)


class Fetcher:
    def __init__(
        self,
        *,
        user_agent: str,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        deadline: float = 30.0,
        max_bytes: int = 10 * 1024 * 1024,
        max_redirects: int = 5,
        concurrency: int = 16,
        per_host: int = 2,
        allow_hosts: Iterable[str] = (),
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._allow = AllowList(allow_hosts)
        self._deadline = deadline
        # A fetch that gets its host slot with less than this left is put off, not started.
        self._min_transfer = min(deadline / 4, 5.0)
        self._max_bytes = max_bytes
        self._max_redirects = max_redirects
        self._per_host = per_host
        self._all = asyncio.Semaphore(concurrency)
        self._hosts: weakref.WeakValueDictionary[str, asyncio.Semaphore] = (
            weakref.WeakValueDictionary()
        )
        # ssl_context exists for tests and private CAs; it is never an "insecure" switch.
        ctx = ssl_context or default_ssl_context()
        self._client = httpx.AsyncClient(
            transport=PerOriginTransport(ssl_context=ctx, allow=self._allow, per_origin=per_host),
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(
                connect=connect_timeout, read=read_timeout, write=read_timeout, pool=deadline
            ),
            headers={
                "User-Agent": user_agent,
                "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5",
                # Only what BoundedDecoder can decompress in bounded steps.
                "Accept-Encoding": "gzip, deflate",
            },
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        previous_hash: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> FetchResult:
        parsed = precheck(url, self._allow)
        host_key = bare_host(parsed.raw_host.decode("ascii", "replace").lower())
        host_sem = self._hosts.get(host_key)
        if host_sem is None:
            host_sem = self._hosts[host_key] = asyncio.Semaphore(self._per_host)
        req_headers = dict(headers or {})
        if etag:
            req_headers["If-None-Match"] = etag
        if last_modified:
            req_headers["If-Modified-Since"] = last_modified
        loop = asyncio.get_running_loop()
        queued_at = loop.time()
        try:
            # The deadline covers the wait for one of the host's slots: twenty slow feeds on one
            # host would otherwise hold the rest of that host's feeds (and the cycle) for twenty
            # deadlines. Per host first, then a global slot: a queue on one slow host must not
            # hold global slots. The global queue is throughput, bounded by the caller's budget.
            async with asyncio.timeout(self._deadline):
                await host_sem.acquire()
        except TimeoutError:
            shown = display_url(url)
            log.info("fetch %s put off: host %s busy", shown, host_key)
            raise FetchError(
                "queued",
                f"{shown}: no free connection to {host_key} within the "
                f"{self._deadline:g} s deadline (other feeds on that host are slow)",
            ) from None
        try:
            left = self._deadline - (loop.time() - queued_at)
            if left < self._min_transfer:
                # Starting now would cut a healthy feed short and count it as slow.
                raise FetchError(
                    "queued",
                    f"{display_url(url)}: waited {self._deadline - left:.0f} s for a "
                    f"connection to {host_key}; put off to the next cycle",
                )
            async with self._all:
                result = await self._fetch_within(
                    url, parsed, left, req_headers, etag, last_modified, previous_hash
                )
        finally:
            host_sem.release()
        if log.isEnabledFor(logging.DEBUG):  # redacting a URL is work the 304 path skips
            log.debug("fetched %s: %s in %.2fs", display_url(url), result.status, result.elapsed)
        return result

    async def _fetch_within(
        self,
        url: str,
        parsed: httpx.URL,
        budget: float,
        headers: dict[str, str],
        etag: str | None,
        last_modified: str | None,
        previous_hash: str | None,
    ) -> FetchResult:
        """One request, redirects and body included, cut at ``budget`` seconds."""
        started = time.monotonic()
        try:
            async with asyncio.timeout(budget):
                return await self._fetch(
                    parsed, headers, etag, last_modified, previous_hash, started
                )
        except FetchError as exc:
            log.info("fetch %s failed: %s", display_url(url), exc.reason)
            raise
        except TimeoutError:
            shown = display_url(url)
            log.info("fetch %s failed: deadline", shown)
            waited = self._deadline - budget
            queue = f" ({waited:.0f} s of it waiting for the host)" if waited >= 1 else ""
            raise FetchError(
                "timeout", f"{shown}: gave up after the {self._deadline:g} s deadline{queue}"
            ) from None
        except httpx.HTTPError as exc:
            shown = display_url(url)
            err = httpx_fetch_error(exc, shown)
            log.info("fetch %s failed: %s", shown, err.reason)
            raise err from None

    async def _fetch(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        etag: str | None,
        last_modified: str | None,
        previous_hash: str | None,
        started: float,
    ) -> FetchResult:
        for hop in range(self._max_redirects + 1):
            request = self._client.build_request("GET", url, headers=headers)
            response = await self._client.send(request, stream=True)
            try:
                location = response.headers.get("location")
                if response.status_code not in _REDIRECTS or location is None:
                    return await self._finish(response, etag, last_modified, previous_hash, started)
            finally:
                await response.aclose()
            try:
                target = precheck(url.join(location.strip()), self._allow)
            except (httpx.InvalidURL, ValueError) as exc:
                raise FetchError(
                    "bad_url", f"{display_url(str(url))}: bad redirect ({exc})"
                ) from None
            log.debug(
                "redirect %d: %s -> %s", hop + 1, redact_url(str(url)), redact_url(str(target))
            )
            if (target.scheme, target.host, target.port) != (url.scheme, url.host, url.port):
                headers = {k: v for k, v in headers.items() if k.lower() not in _SECRET_HEADERS}
            url = target
        raise FetchError(
            "too_many_redirects",
            f"{display_url(str(url))}: more than {self._max_redirects} redirects",
        )

    async def _finish(
        self,
        response: httpx.Response,
        etag: str | None,
        last_modified: str | None,
        previous_hash: str | None,
        started: float,
    ) -> FetchResult:
        status = response.status_code
        new_etag = response.headers.get("etag") or None
        new_modified = response.headers.get("last-modified") or None
        content_type = response.headers.get("content-type") or None
        if status == 304:
            # A 304 has no body, but httpcore hands the connection back to the pool only once
            # the (empty) body was read; closing it unread costs a new connection per poll.
            await response.aread()
            return FetchResult(
                url=str(response.url), status=304, body=None,
                etag=new_etag or etag, last_modified=new_modified or last_modified,
                content_type=content_type, body_hash=previous_hash, unchanged=True,
                elapsed=time.monotonic() - started,
            )  # fmt: skip
        shown = display_url(str(response.url))
        if status == 429 or (status == 503 and "retry-after" in response.headers):
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            wait = f", retry after {retry_after:g} s" if retry_after is not None else ""
            raise FetchError(
                "rate_limited", f"{shown}: HTTP {status} (rate limited{wait})",
                status=status, retry_after=retry_after,
            )  # fmt: skip
        if not 200 <= status < 300:
            phrase = response.reason_phrase or ""
            raise FetchError("http_error", f"{shown}: HTTP {status} {phrase}".rstrip(),
                             status=status)  # fmt: skip
        body = await self._read_body(response, shown)
        if not body:
            raise FetchError("empty_body", f"{shown}: HTTP {status} with an empty body",
                             status=status)  # fmt: skip
        body_hash = hashlib.sha256(body).hexdigest()
        unchanged = previous_hash is not None and body_hash == previous_hash
        return FetchResult(
            url=str(response.url), status=status, body=None if unchanged else body,
            etag=new_etag, last_modified=new_modified, content_type=content_type,
            body_hash=body_hash, unchanged=unchanged, elapsed=time.monotonic() - started,
        )  # fmt: skip

    async def _read_body(self, response: httpx.Response, shown: str) -> bytes:
        try:
            decoder = BoundedDecoder(response.headers.get("content-encoding", ""))
        except UnsupportedEncoding as exc:
            raise FetchError("http_error", f"{shown}: {exc}", status=response.status_code) from None
        chunks: list[bytes] = []
        size = 0
        limit = self._max_bytes

        def take(pieces: Iterable[bytes]) -> None:
            nonlocal size
            for piece in pieces:
                size += len(piece)
                if size > limit:
                    raise FetchError(
                        "too_large", f"{shown}: body exceeds {limit // 1024} KiB (decoded)"
                    )
                chunks.append(piece)

        try:
            async for raw in response.aiter_raw():
                take(decoder.feed(raw))
            take(decoder.flush())
        except ValueError as exc:
            raise FetchError("http_error", f"{shown}: {exc}", status=response.status_code) from None
        return b"".join(chunks)
