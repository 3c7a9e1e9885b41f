"""Link canonicalization: the same article behind different tracking parameters is one link."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

MAX_LINK_LENGTH = 2048
# A host after canonicalize_url (IDN already in xn-- form): DNS labels, or an IP literal.
# One label per dot, so matching is linear in the host's length (no nested repetition).
_HOST = re.compile(r"^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$|^[0-9a-f:.]+$")

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "oly_")
_TRACKING_NAMES = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "twclid", "ref", "ref_src",
        "cmpid", "cmp", "ocid", "smid", "sr_share", "taid", "_ga", "mkt_tok", "spm", "s_cid",
        "partner", "xtor", "at_medium", "at_campaign", "rss", "cid", "ito", "guccounter",
    }
)  # fmt: skip


def safe_link(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link of sane length, else None."""
    if not url:
        return None
    url = url.strip()
    if len(url) > MAX_LINK_LENGTH or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def canonical_link(url: str | None) -> str | None:
    """One spelling per article: https, lower-cased host without "www.", default port, fragment
    and tracking parameters dropped, no trailing slash; percent-encoding, IDN hosts and query
    order normalized by w3lib's canonicalize_url (so "café" and "caf%C3%A9" are one link).

    The tracking list is our own: w3lib's url_query_cleaner removes only the names it is given
    and ships no list, and it cannot match prefixes such as ``utm_``.
    """
    link = safe_link(url)
    if link is None:
        return None
    try:
        link = canonicalize_url(link)
        parts = urlsplit(link)
        port = parts.port
    except ValueError:  # an IDN label or port that cannot be encoded: not a usable link
        return None
    host = (parts.hostname or "").rstrip(".")
    while host.startswith("www."):
        host = host[4:]
    if not _HOST.match(host):  # empty, or characters no resolvable name has
        return None
    if ":" in host:  # urlsplit took the brackets off an IPv6 literal
        host = f"[{host}]"
    # Both default ports go: the key is always https, and must be its own canonical form.
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _is_tracking(pair))
    path = parts.path.rstrip("/") or "/"
    # http and https of one article are one article.
    return urlunsplit(("https", netloc, path, query, ""))


def _is_tracking(pair: str) -> bool:
    name = unquote_plus(pair.partition("=")[0]).lower()
    return name.startswith(_TRACKING_PREFIXES) or name in _TRACKING_NAMES
