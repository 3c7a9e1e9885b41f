"""Which URLs and addresses the fetcher may reach (the SSRF policy).

Organizers add feed URLs, so a URL is untrusted input that must not reach the bot's own host,
its LAN or a cloud metadata service. Two layers:

* ``precheck`` looks at a URL without any network access: scheme, userinfo, port, names that
  always mean "this machine", and IP literals in every spelling ``inet_aton`` accepts
  (``2130706433``, ``0x7f000001``, ``127.1``). ``check_url`` wraps it for ``/feeds add``.
* ``GuardedBackend`` is an httpcore network backend: it resolves the host itself, refuses the
  connection if any resolved address is not global, then connects to the address it checked.
  That runs for every new connection, so every redirect hop and every DNS answer is covered and
  a rebinding resolver cannot swap the address between check and connect. TLS still verifies
  against the original host name because httpcore passes the URL host as ``server_hostname``.

Hosts named in ``allow_hosts`` ("host" or "host:port", exact match) skip the address checks;
tests and the demo serve feeds on loopback that way.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import typing
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_ALLOWED_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".lan")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
MAX_URL_LENGTH = 2048


class FetchError(Exception):
    """A fetch that did not produce a feed body. Re-exported by feeds.fetch.

    ``reason`` is a short stable code (see feeds.fetch); ``str(err)`` is one line for humans
    and never contains a query string or credentials.
    """

    def __init__(
        self,
        reason: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return f"FetchError({self.reason!r}, {str(self)!r}, status={self.status})"


class AllowList:
    """Exact "host" / "host:port" entries, normalized once."""

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self._hosts: set[str] = set()
        self._host_ports: set[tuple[str, int]] = set()
        for raw in entries:
            entry = raw.strip().lower()
            host, sep, port = entry.rpartition(":")
            if sep and port.isdigit() and (not host.count(":") or host.endswith("]")):
                self._host_ports.add((bare_host(host), int(port)))
            else:
                self._hosts.add(bare_host(entry))

    def allows(self, host: str, port: int) -> bool:
        host = bare_host(host.lower())
        return host in self._hosts or (host, port) in self._host_ports

    def __bool__(self) -> bool:
        return bool(self._hosts or self._host_ports)


def bare_host(host: str) -> str:
    return host.strip("[]").rstrip(".")


def literal_ip(host: str) -> IPAddress | None:
    """The address a host literal names, including the spellings inet_aton accepts."""
    host = bare_host(host)
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefx." for c in host.lower()):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def address_problem(ip: IPAddress) -> str | None:
    """Why this address must not be contacted, or None when it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip.teredo is not None:
            embedded = ip.teredo[1]
        if embedded is None and any(ip in net for net in _NAT64):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            inner = address_problem(embedded)
            return f"{inner} (embedded in {ip})" if inner else None
    for attr, label in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_private", "private"),
        ("is_reserved", "reserved"),
    ):
        if getattr(ip, attr):
            return f"{label} address {ip}"
    if not ip.is_global:
        return f"non-public address {ip}"
    return None


def precheck(url: str | httpx.URL, allow: AllowList) -> httpx.URL:
    """Refuse a URL that can be judged without the network. Returns the parsed URL.

    Reasons: "bad_url" (unparseable), "blocked_url" (scheme, userinfo, port, local names),
    "blocked_address" (an IP literal that is not public).
    """
    shown = display_url(str(url))
    if isinstance(url, str):
        if len(url) > MAX_URL_LENGTH:
            raise FetchError("bad_url", f"URL is longer than {MAX_URL_LENGTH} characters")
        try:
            url = httpx.URL(url.strip())
        except (httpx.InvalidURL, ValueError, TypeError) as exc:
            raise FetchError("bad_url", f"not a valid URL: {shown} ({exc})") from None
    scheme = url.scheme
    if not scheme:
        raise FetchError("bad_url", f"URL needs http:// or https:// in front: {shown}")
    if scheme not in _ALLOWED_SCHEMES:
        raise FetchError("blocked_url", f"only http and https URLs are allowed, not {scheme}:")
    if url.userinfo:
        raise FetchError("blocked_url", f"URLs with a user name or password are refused: {shown}")
    host = url.raw_host.decode("ascii", "replace").lower()
    if not host or "%" in host:
        raise FetchError("bad_url", f"URL has no usable host: {shown}")
    port = url.port or _DEFAULT_PORTS[scheme]
    if not 0 < port < 65536:
        raise FetchError("bad_url", f"port {port} is out of range: {shown}")
    if allow.allows(host, port):
        return url
    if port < 1024 and port not in (80, 443):
        raise FetchError("blocked_url", f"port {port} is refused (only 80, 443 or >= 1024)")
    name = bare_host(host)
    if name in _LOCAL_NAMES or name.endswith(_LOCAL_SUFFIXES):
        raise FetchError("blocked_url", f"host {name} names a local network, not the internet")
    ip = literal_ip(host)
    if ip is not None:
        problem = address_problem(ip)
        if problem:
            raise FetchError("blocked_address", f"{shown} is refused: {problem} is not public")
    elif "." not in name:
        raise FetchError("blocked_url", f"host {name} is not a public domain name")
    return url


def check_url(url: str, allow_hosts: Iterable[str] = ()) -> str:
    """Static check for `/feeds add`: the normalized URL, or FetchError blocked_url / bad_url."""
    try:
        parsed = precheck(url, AllowList(allow_hosts))
    except FetchError as exc:
        if exc.reason == "blocked_address":
            raise FetchError("blocked_url", str(exc)) from None
        raise
    return str(parsed.copy_with(fragment=None))


def redact_url(url: str) -> str:
    """scheme://host[:port]/path?key=*** without userinfo, query values or fragment."""
    try:
        parts = urlsplit(str(url).strip())
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "<invalid URL>"
    if ":" in host:
        host = f"[{host}]"
    out = f"{parts.scheme}://{host}" if parts.scheme else host
    if port is not None:
        out += f":{port}"
    out += parts.path
    if parts.query:
        keys = [pair.split("=", 1)[0] for pair in parts.query.split("&") if pair]
        out += "?" + "&".join(f"{key}=***" for key in keys)
    return out


def display_url(url: str) -> str:
    """redact_url without the query at all: for error messages shown to organizers."""
    return redact_url(url).partition("?")[0]


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolve, check every address, then connect to a checked address (never the name)."""

    def __init__(self, allow: AllowList, inner: httpcore.AsyncNetworkBackend | None = None):
        self._allow = allow
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        allowed = self._allow.allows(host, port)
        if not allowed and port < 1024 and port not in (80, 443):
            raise FetchError("blocked_url", f"port {port} is refused (only 80, 443 or >= 1024)")
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        addresses = await self._resolve(host, port, timeout)
        if not allowed:
            for ip in addresses:
                problem = address_problem(ip)
                if problem:
                    raise FetchError(
                        "blocked_address", f"host {host} resolves to {problem}, which is not public"
                    )
        last_exc: Exception | None = None
        for ip in addresses:
            remaining = None if deadline is None else max(0.0, deadline - loop.time())
            try:
                return await self._inner.connect_tcp(
                    str(ip),
                    port,
                    timeout=remaining,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectTimeout:
                raise
            except httpcore.ConnectError as exc:
                last_exc = exc
        assert last_exc is not None
        raise last_exc

    async def _resolve(self, host: str, port: int, timeout: float | None) -> list[IPAddress]:
        ip = literal_ip(host)
        if ip is not None:
            return [ip]
        try:
            async with asyncio.timeout(timeout):
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, port, type=socket.SOCK_STREAM
                )
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        addresses: list[IPAddress] = []
        for _family, _type, _proto, _canon, sockaddr in infos:
            ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            if ip not in addresses:
                addresses.append(ip)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}: no addresses")
        return addresses

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):  # type: ignore[no-untyped-def]
        raise FetchError("blocked_url", "unix sockets are never used for feeds")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
