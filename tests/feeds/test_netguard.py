"""The static URL policy (check_url), address classification and URL redaction."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from feeds.fetch import FetchError, check_url, redact_url
from feeds.netguard import address_problem, literal_ip

# FAULTS B12: every spelling that must never reach the bot's own host or network.
# Each FAULTS B12 spelling and the cause its refusal must name.
B12_CAUSES = {
    "http://127.0.0.1/": "loopback address 127.0.0.1 is not public",
    "http://localhost/": "host localhost names a local network",
    "http://LOCALHOST./feed": "host localhost names a local network",
    "http://2130706433/": "loopback address 127.0.0.1 is not public",
    "http://0x7f000001/": "loopback address 127.0.0.1 is not public",
    "http://127.1/": "loopback address 127.0.0.1 is not public",
    "http://0.0.0.0/": "unspecified address 0.0.0.0 is not public",
    "http://[::1]/": "loopback address ::1 is not public",
    "http://[::ffff:127.0.0.1]/": "loopback address 127.0.0.1 (embedded in ::ffff:7f00:1)",
    "http://169.254.169.254/latest/meta-data/": "link-local address 169.254.169.254",
    "http://10.0.0.1/": "private address 10.0.0.1 is not public",
    "http://192.168.1.1/": "private address 192.168.1.1 is not public",
    "http://[fe80::1]/": "link-local address fe80::1 is not public",
    # 6to4 wrapping 127.0.0.1
    "http://[2002:7f00:1::]/": "loopback address 127.0.0.1 (embedded in 2002:7f00:1::)",
    # NAT64 wrapping 10.0.0.1
    "http://[64:ff9b::a00:1]/": "private address 10.0.0.1 (embedded in 64:ff9b::a00:1)",
    "http://printer.local/": "host printer.local names a local network",
    "http://intranet/": "host intranet is not a public domain name",
    "file:///etc/passwd": "only http and https URLs are allowed, not file:",
    "ftp://example.com/feed": "only http and https URLs are allowed, not ftp:",
    "gopher://example.com/": "only http and https URLs are allowed, not gopher:",
    "http://u:p@example.com/feed": "URLs with a user name or password are refused",
    "http://example.com:22/": "port 22 is refused",
}


@pytest.mark.parametrize(("url", "cause"), B12_CAUSES.items())
def test_check_url_refuses_b12_spellings(url: str, cause: str) -> None:
    """Every FAULTS B12 spelling is refused statically with reason blocked_url, naming why."""
    with pytest.raises(FetchError) as info:
        check_url(url)
    assert info.value.reason == "blocked_url"
    assert cause in str(info.value)


@pytest.mark.parametrize(
    "url", ["", "not a url", "example.com/feed", "http:///path", "http://h:99999/"]
)
def test_check_url_bad_url(url: str) -> None:
    """Unparseable or scheme-less input is bad_url with a hint, not a crash."""
    with pytest.raises(FetchError) as info:
        check_url(url)
    assert info.value.reason == "bad_url"


def test_check_url_normalizes_public_url() -> None:
    """A public https URL comes back normalized (lowercase host, no fragment)."""
    assert check_url("  HTTPS://News.Example.COM/rss?q=Krasner#top ") == (
        "https://news.example.com/rss?q=Krasner"
    )


def test_check_url_allows_high_ports() -> None:
    """Ports 80, 443 and >= 1024 are fine on public hosts."""
    assert check_url("http://example.com:8080/feed") == "http://example.com:8080/feed"


def test_allowlist_is_exact_host_port() -> None:
    """allow_hosts "127.0.0.1:8765" admits that IP:port only, not other ports or spellings."""
    allow = ["127.0.0.1:8765"]
    assert check_url("http://127.0.0.1:8765/feed", allow) == "http://127.0.0.1:8765/feed"
    for url in ("http://127.0.0.1:8766/", "http://localhost:8765/", "http://2130706433:8765/"):
        with pytest.raises(FetchError):
            check_url(url, allow)


def test_allowlist_never_admits_userinfo_or_other_schemes() -> None:
    """An allowlisted host still refuses credentials in the URL and non-http schemes."""
    allow = ["127.0.0.1:8765"]
    for url in ("http://u:p@127.0.0.1:8765/", "ftp://127.0.0.1:8765/"):
        with pytest.raises(FetchError) as info:
            check_url(url, allow)
        assert info.value.reason == "blocked_url"


@pytest.mark.parametrize(
    ("spelling", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("example.com", None),
        ("deadbeef.example", None),
    ],
)
def test_literal_ip_spellings(spelling: str, address: str | None) -> None:
    """inet_aton spellings of an address are recognized as that address."""
    found = literal_ip(spelling)
    assert (str(found) if found else None) == address


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.2", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("224.0.0.1", False),
        ("255.255.255.255", False),
        ("::", False),
        ("::ffff:10.1.2.3", False),
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", False),  # Teredo, client 127.0.0.1
        ("fc00::1", False),
    ],
)
def test_address_problem(address: str, public: bool) -> None:
    """Only global unicast addresses pass, including inside IPv6 wrappers."""
    assert (address_problem(ipaddress.ip_address(address)) is None) is public


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://news.example.com/rss?q=Krasner&token=SECRET",
            "https://news.example.com/rss?q=***&token=***",
        ),
        ("http://user:pass@example.com:8080/a/b#frag", "http://example.com:8080/a/b"),
        ("https://example.com", "https://example.com"),
        ("http://[::1]:9000/x?k", "http://[::1]:9000/x?k=***"),
        ("http://h:notaport/", "<invalid URL>"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    """redact_url keeps scheme, host, port and path and drops secrets."""
    assert redact_url(url) == shown


@given(secret=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789%-_.~", min_size=6))
def test_redact_url_never_shows_query_values(secret: str) -> None:
    """No query value, whatever its characters, survives redact_url."""
    assume(secret not in "https://example.com:8443/rss")
    url = f"https://user:{secret}@example.com:8443/rss?q=x&token={secret}&k={secret}#{secret}"
    assert secret not in redact_url(url)
