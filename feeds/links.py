"""Link canonicalization: the same article behind different tracking parameters is one link."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MAX_LINK_LENGTH = 2048

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
    """Lower-cased scheme and host, default port, fragment and tracking parameters dropped."""
    link = safe_link(url)
    if link is None:
        return None
    parts = urlsplit(link)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith(_TRACKING_PREFIXES) and name.lower() not in _TRACKING_NAMES
    ]
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    # http and https of one article are one article.
    return urlunsplit(("https", netloc, path, urlencode(sorted(query)), ""))
