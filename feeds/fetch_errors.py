"""What went wrong in a fetch, as a FetchError with a stable reason (see feeds.fetch)."""

from __future__ import annotations

import ssl
import time
from email.utils import parsedate_to_datetime

import httpx

from feeds.netguard import FetchError


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header: a delay in seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def httpx_fetch_error(exc: httpx.HTTPError, shown: str) -> FetchError:
    """The FetchError for an httpx exception; ``shown`` is the URL as organizers may see it."""
    if isinstance(exc, httpx.ConnectTimeout):
        return FetchError("timeout", f"{shown}: connection timed out")
    if isinstance(exc, httpx.TimeoutException):
        return FetchError("timeout", f"{shown}: server stopped responding (read timeout)")
    if isinstance(exc, httpx.ConnectError):
        tls = _tls_cause(exc)
        if tls is not None:
            return FetchError("tls", f"{shown}: TLS certificate or handshake refused ({tls})")
        return FetchError("connect", f"{shown}: could not connect ({_one_line(exc)})")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FetchError("blocked_url", f"{shown}: only http and https URLs are allowed")
    if isinstance(exc, httpx.InvalidURL):
        return FetchError("bad_url", f"{shown}: not a valid URL")
    if isinstance(exc, httpx.DecodingError):
        return FetchError("http_error", f"{shown}: body could not be decoded")
    return FetchError("connect", f"{shown}: network error ({type(exc).__name__})")


def _tls_cause(exc: BaseException) -> str | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return getattr(seen, "verify_message", None) or seen.reason or "handshake failed"
        seen = seen.__cause__ or seen.__context__
    text = str(exc)
    if "SSL" in text or "certificate" in text:
        return _one_line(exc)
    return None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
