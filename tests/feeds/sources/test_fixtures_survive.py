"""Every real sample, and mutations of them, through every normalizer: FeedError or items."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feeds.models import Item, SourceKind
from feeds.parse import FeedError, parse_feed
from tests.feeds.sources import FIXTURES

_HEADER = re.compile(rb"Header:\s*content-type:\s*([^\r\n]+)", re.I)


def _files() -> list[Path]:
    if not FIXTURES.is_dir():
        return []
    kinds = ("feedparser", "pacer", "googlenews", "courtlistener")
    found = (p for k in kinds for p in (FIXTURES / k).rglob("*"))
    return sorted(p for p in found if p.suffix in (".xml", ".json"))


FILES = _files()
FEEDPARSER_FILES = [p for p in FILES if "feedparser" in p.parts]


def _content_type(body: bytes) -> str | None:
    # feedparser's samples simulate HTTP headers in a comment; honour them like a fetch would.
    match = _HEADER.search(body[:2048])
    return match.group(1).decode("latin-1").strip() if match else None


def _parse(body: bytes, kind: SourceKind, content_type: str | None) -> list[Item]:
    try:
        items = parse_feed(body, source_id=f"{kind}:fixture", kind=kind, content_type=content_type)
    except FeedError:
        return []
    assert all(isinstance(item, Item) and item.key for item in items)
    return items


def test_feedparser_samples_found() -> None:
    """The ill-formed and encoding samples are present (skip otherwise)."""
    if not FEEDPARSER_FILES:
        pytest.skip("fixtures not available")
    assert len(FEEDPARSER_FILES) > 80


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
@pytest.mark.parametrize("kind", list(SourceKind))
def test_sample_gives_items_or_feed_error(path: Path, kind: SourceKind) -> None:
    """A real sample through any normalizer raises nothing but FeedError."""
    body = path.read_bytes()
    _parse(body, kind, _content_type(body))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_sample_keys_unique_for_rss(path: Path) -> None:
    """The generic normalizer never gives two entries of one feed the same key."""
    body = path.read_bytes()
    items = _parse(body, SourceKind.RSS, _content_type(body))
    assert len({i.key for i in items}) == len(items)


def _mutate(body: bytes, data: st.DataObject) -> bytes:
    out = bytearray(body)
    for _ in range(data.draw(st.integers(1, 8), label="edits")):
        op = data.draw(st.sampled_from(["flip", "truncate", "insert", "delete"]), label="op")
        if not out:
            break
        at = data.draw(st.integers(0, len(out) - 1), label="at")
        if op == "flip":
            out[at] = data.draw(st.integers(0, 255), label="byte")
        elif op == "truncate":
            del out[at:]
        elif op == "insert":
            chunk = data.draw(
                st.sampled_from([b"<", b">", b"&", b"&amp;amp;", b"<![CDATA[", b"\x00", b"\xff\xfe",
                                 b"<item>", b"</title>", b'"', b"{", b"}", b"\xc3", b"]]>"]),
                label="chunk",
            )  # fmt: skip
            out[at:at] = chunk
        else:
            del out[at : at + data.draw(st.integers(1, 64), label="len")]
    return bytes(out)


@pytest.mark.skipif(not FILES, reason="fixtures not available")
@settings(
    max_examples=200,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_mutated_samples_give_items_or_feed_error(data: st.DataObject) -> None:
    """Random byte flips, truncations and insertions never raise anything but FeedError."""
    _parse_mutation(data)


def _parse_mutation(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(FILES), label="file")
    kind = data.draw(st.sampled_from(list(SourceKind)), label="kind")
    body = _mutate(path.read_bytes()[:60_000], data)
    _parse(body, kind, _content_type(body))


@pytest.mark.soak
@pytest.mark.timeout(1800)
@pytest.mark.skipif(not FILES, reason="fixtures not available")
@settings(
    max_examples=10_000,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_ten_thousand_mutations_give_items_or_feed_error(data: st.DataObject) -> None:
    """Soak (FAULTS A6): 10,000 mutated samples, each within 2 s, raise nothing but FeedError."""
    _parse_mutation(data)
