"""canonical_link: one key per article, whatever spelling of its URL a feed used."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.links import canonical_link


def test_tracking_parameters_are_dropped_and_the_rest_sorted() -> None:
    """utm_* (by prefix), fbclid and friends go; real parameters stay, in one order."""
    link = "https://www.Harbor.example/story/?utm_source=rss&b=2&fbclid=x&a=1&UTM_Medium=y#top"
    assert canonical_link(link) == "https://harbor.example/story?a=1&b=2"


def test_percent_encoding_variants_are_one_link() -> None:
    """Escaped and unescaped spellings of one path are one key (w3lib's canonicalize_url)."""
    plain = canonical_link("https://harbor.example/caf\u00e9/a-b")
    escaped = canonical_link("http://harbor.example/caf%C3%A9/a%2Db/")
    assert plain == escaped == "https://harbor.example/caf%C3%A9/a-b"


def test_an_international_host_and_its_punycode_are_one_link() -> None:
    """An IDN host and its xn-- form give the same key."""
    assert canonical_link("https://m\u00fcnchen.example/n") == "https://xn--mnchen-3ya.example/n"
    assert canonical_link("https://xn--mnchen-3ya.example/n") == "https://xn--mnchen-3ya.example/n"


def test_default_ports_go_and_others_stay() -> None:
    """:80 and :443 are dropped; any other port is part of the key."""
    assert canonical_link("http://harbor.example:80/x") == "https://harbor.example/x"
    assert canonical_link("https://harbor.example:8443/x") == "https://harbor.example:8443/x"


def test_an_ipv6_host_keeps_its_brackets() -> None:
    """An IPv6 literal is written back in brackets, so the key is a valid URL."""
    assert canonical_link("http://[2001:db8::1]/x") == "https://[2001:db8::1]/x"


def test_links_without_a_usable_host_give_no_key() -> None:
    """Empty or impossible hosts and non-http schemes are not keys."""
    for link in ("https://../x", "https://a%00b/x", "ftp://harbor.example/x", "javascript:x"):
        assert canonical_link(link) is None, link


_URL_PARTS = st.lists(
    st.sampled_from(
        [*"abcXYZ019-._~%/?#[]@!$&'()*+,=:", "\u00e9", "\u4e2d", "%C3%A9", "www.", ":443",
         "utm_source=", "&a=1", "example.com", "[::1]", "xn--", ".."]
    ),
    max_size=25,
).map("".join)  # fmt: skip


@settings(max_examples=400)
@given(scheme=st.sampled_from(["http://", "https://", "HTTPS://"]), rest=_URL_PARTS)
def test_a_canonical_link_is_its_own_canonical_form(scheme: str, rest: str) -> None:
    """Canonicalizing twice changes nothing (keys stay stable across feeds and restarts)."""
    link = canonical_link(scheme + rest)
    assert link is None or canonical_link(link) == link
