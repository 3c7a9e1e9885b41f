"""Every real sample gives what it must: its items (count and key fields) or a named refusal.

The samples are read from ../shared/fixtures at run time, never copied here. Expected counts are
facts about the samples (entries with a title or text, duplicates merged, at most MAX_ITEMS);
key fields come from an oracle that does not go through our code: juriscraper's expected output
for PACER, the webhook JSON itself for CourtListener, and the standard library's XML parser for
well-formed feeds. Mutated samples (FAULTS A6) must give items or a known FeedError.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from defusedxml import ElementTree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feeds import safe_parse
from feeds.models import Item, SourceKind
from feeds.parse import FeedError, parse_feed
from feeds.text import plain_text
from tests.feeds.sources import FIXTURES

# Not measured for coverage (pytest-cov's marker): these tests send 290 real samples through
# the normalizers, whose own tests (in words of ours) run every line and branch that they do;
# under coverage's trace function, on Python 3.11, they cost 5 s more CPU than without it.
pytestmark = pytest.mark.no_cover

K = SourceKind
_HEADER = re.compile(rb"Header:\s*content-type:\s*([^\r\n]+)", re.I)
# Every reason parse_feed may give (feeds/safe_parse.py, feeds/parse.py, feeds/sources/*).
KNOWN_REASONS = frozenset(
    {"empty_body", "entities", "not_a_feed", "parse_error", "no_items", "too_large",
     "service_message"}
)  # fmt: skip


@dataclass(frozen=True)
class Gives:
    count: int


@dataclass(frozen=True)
class Refused:
    reason: str


Outcome = Gives | Refused


def _each(kind: SourceKind, outcome: Outcome, folder: str, names: str) -> dict:
    """Expectations for several samples of one folder (".xml" unless a name has a suffix)."""
    return {
        f"{folder}/{name if '.' in name else name + '.xml'}": (kind, outcome)
        for name in names.split()
    }


# What each sample must give through the normalizer of the source it came from.
EXPECTED: dict[str, tuple[SourceKind, Outcome]] = {
    # CourtListener: docket and search alerts are filings; the other events report none; API
    # documentation examples (and juriscraper's PACER output) are JSON without a results list.
    **_each(K.COURTLISTENER, Gives(1), "courtlistener",
            "webhook_docket_alert_v2.json webhook_search_alert_v1.json"
            " webhook_search_alert_v2.json"),
    **_each(K.COURTLISTENER, Gives(0), "courtlistener",
            "webhook_old_alerts_report_v2.json webhook_pray_and_pay_v2.json"
            " webhook_recap_fetch_v2.json"),
    **_each(K.COURTLISTENER, Refused("not_a_feed"), "courtlistener",
            "docs_api_v4_docket_alert_create_response.json"
            " docs_api_v4_docket_detail_example.json"
            " docs_api_v4_search_alert_create_response.json"),
    **_each(K.COURTLISTENER, Refused("not_a_feed"), "pacer",
            "ca10.json ca2_1.json ca4_1.json ca6.json cadc.json mdb_1.json mdb_2.json"
            " nyed_1.json nysb_1.json sdny_1.json"),
    # feedparser's encoding samples: most are a channel without entries.
    **_each(K.RSS, Gives(0), "feedparser/encoding",
            "big5 bozo_bogus_encoding bozo_http_i18n bozo_http_text_plain"
            " bozo_http_text_plain_charset bozo_invalid-bytes-with-bom euc-kr"
            " http_application_atom_xml_charset"
            " http_application_atom_xml_charset_overrides_encoding"
            " http_application_atom_xml_default http_application_atom_xml_encoding"
            " http_application_atom_xml_gb2312_charset"
            " http_application_atom_xml_gb2312_charset_overrides_encoding"
            " http_application_atom_xml_gb2312_encoding http_application_rss_xml_charset"
            " http_application_rss_xml_charset_overrides_encoding"
            " http_application_rss_xml_default http_application_rss_xml_encoding"
            " http_application_xml_charset http_application_xml_charset_overrides_encoding"
            " http_application_xml_default http_application_xml_dtd_charset"
            " http_application_xml_dtd_charset_overrides_encoding"
            " http_application_xml_dtd_default http_application_xml_dtd_encoding"
            " http_application_xml_encoding http_application_xml_epe_charset"
            " http_application_xml_epe_charset_overrides_encoding"
            " http_application_xml_epe_default http_application_xml_epe_encoding http_i18n"
            " http_text_atom_xml_charset http_text_atom_xml_charset_overrides_encoding"
            " http_text_atom_xml_default http_text_atom_xml_encoding"
            " http_text_rss_xml_charset http_text_rss_xml_charset_overrides_encoding"
            " http_text_rss_xml_default http_text_rss_xml_encoding"
            " http_text_xml_bogus_charset http_text_xml_bogus_param http_text_xml_charset"
            " http_text_xml_charset_overrides_encoding http_text_xml_default"
            " http_text_xml_epe_charset http_text_xml_epe_charset_overrides_encoding"
            " http_text_xml_epe_default http_text_xml_epe_encoding http_text_xml_qs"
            " no_content_type_default no_content_type_encoding u16 utf-16be-autodetect"
            " utf-16be-bom utf-16be utf-16le-autodetect utf-16le-bom utf-16le"
            " utf-32be-autodetect utf-32be-bom utf-32be utf-32le-autodetect utf-32le-bom"
            " utf-32le utf-8-bom utf16 utf_16 utf_32"),
    **_each(K.RSS, Gives(1), "feedparser/encoding",
            "bozo_double-encoded-html bozo_encoding_mismatch_crash bozo_linenoise"
            " demoronize-1 demoronize-2 demoronize-3 double-encoded-html euc-kr-item"
            " http_text_xml_charset_2 http_text_xml_charset_overrides_encoding_2"),
    # Their one entry has no title and its only text is markup: nothing an organizer can read.
    **_each(K.RSS, Refused("no_items"), "feedparser/encoding",
            "encoding_attribute_crash encoding_attribute_crash_2 euc-kr-attribute"
            " http_encoding_attribute_crash"),
    **_each(K.RSS, Gives(0), "feedparser/illformed",
            "aaa_illformed always_strip_doctype http_high_bit_date undeclared_namespace"),
    **_each(K.RSS, Gives(1), "feedparser/illformed", "rdf_channel_empty_textinput"),
    # An unclosed CDATA, and a feed cut off after its only (link-only) entry.
    **_each(K.RSS, Refused("no_items"), "feedparser/illformed",
            "rss_incomplete_cdata rss_item_link_corrupted_ampersands"),
    **_each(K.RSS, Refused("not_a_feed"), "feedparser/illformed", "rss_empty_document"),
    **_each(K.RSS, Gives(0), "feedparser/illformed/chardet", "big5"),
    **_each(K.RSS, Gives(1), "feedparser/illformed/chardet",
            "eucjp euckr gb2312 koi8r shiftjis tis620 windows1255"),
    **_each(K.RSS, Refused("no_items"), "feedparser/illformed/geo",
            "georss_point_no_coords georss_polygon_insufficient_coords gml_point"),
    **_each(K.GOOGLE_NEWS, Gives(38), "googlenews", "pythonhomework_2019_google_news_top_stories"),
    # PACER: juriscraper's entry count (one filing listed under several guids is one item;
    # the two CourtListener test feeds have no oracle), newest MAX_ITEMS kept.
    **_each(K.PACER, Gives(1), "pacer", "cl_rss_sample_unnumbered_mdb mdb_2"),
    **_each(K.PACER, Gives(2), "pacer", "mdb_1"),
    **_each(K.PACER, Gives(3), "pacer", "cl_rss_ca10"),
    **_each(K.PACER, Gives(4), "pacer", "ca2_1"),
    **_each(K.PACER, Gives(6), "pacer", "ca10"),
    **_each(K.PACER, Gives(9), "pacer", "ca6"),
    **_each(K.PACER, Gives(13), "pacer", "cadc"),
    **_each(K.PACER, Gives(20), "pacer", "ca4_1"),
    **_each(K.PACER, Gives(160), "pacer", "nysb_1"),
    **_each(K.PACER, Gives(200), "pacer", "nyed_1 sdny_1"),
}  # fmt: skip

NAMES = sorted(EXPECTED)
# Mutations start from samples that give items, so each one can break something that worked.
SEEDS = [n for n in NAMES if isinstance(EXPECTED[n][1], Gives) and EXPECTED[n][1].count > 0]
needs_fixtures = pytest.mark.skipif(not FIXTURES.is_dir(), reason="fixtures not available")


def _content_type(body: bytes) -> str | None:
    # feedparser's samples simulate HTTP headers in a comment; honour them like a fetch would.
    match = _HEADER.search(body[:2048])
    return match.group(1).decode("latin-1").strip() if match else None


def _outcome(body: bytes, kind: SourceKind, source_id: str = "fixture") -> list[Item] | Refused:
    """The items, or the refusal; any exception but FeedError fails the calling test."""
    try:
        items = parse_feed(body, source_id=source_id, kind=kind, content_type=_content_type(body))
    except FeedError as exc:
        assert exc.reason in KNOWN_REASONS, exc.reason
        return Refused(exc.reason)
    assert all(isinstance(item, Item) and item.source_id == source_id for item in items)
    assert all(item.title for item in items), "an item without a title"
    assert len({item.key for item in items}) == len(items), "two items share a key"
    return items


@functools.cache
def _own_outcome(name: str) -> list[Item] | Refused:
    """A sample through its own source's normalizer, parsed once for the tests that read it (an
    outcome whose checks fail raises, and is not cached: every test reading it fails)."""
    return _outcome(_body(name), EXPECTED[name][0])


def _summary(outcome: list[Item] | Refused) -> Outcome:
    return outcome if isinstance(outcome, Refused) else Gives(len(outcome))


@functools.cache
def _body(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@needs_fixtures
def test_every_sample_has_an_expectation() -> None:
    """The samples on disk are exactly those listed above (a new one needs its expectation)."""
    found = {
        str(p.relative_to(FIXTURES))
        for folder in ("feedparser", "pacer", "googlenews", "courtlistener")
        for p in (FIXTURES / folder).rglob("*")
        if p.suffix in (".xml", ".json")
    }
    assert found == set(EXPECTED)


@needs_fixtures
@pytest.mark.parametrize("name", NAMES)
def test_sample_gives_its_items_or_its_refusal(name: str) -> None:
    """Through its own source's normalizer, a sample gives its item count or its refusal."""
    assert _summary(_own_outcome(name)) == EXPECTED[name][1]


# -- key fields, from oracles outside our code ---------------------------------------------


def _xml_entries(body: bytes) -> list[dict[str, str]]:
    """(title, link) of each RSS item or Atom entry, read by the standard library's parser."""
    entries = []
    for element in ElementTree.fromstring(body).iter():
        if element.tag.rsplit("}", 1)[-1] not in ("item", "entry"):
            continue
        fields: dict[str, str] = {}
        for child in element:
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "title":
                fields["title"] = plain_text("".join(child.itertext()))
            elif tag == "link" and "link" not in fields:
                fields["link"] = (child.get("href") or "".join(child.itertext())).strip()
        entries.append(fields)
    return entries


def _check_links(items: list[Item], body: bytes) -> None:
    links = {entry.get("link") for entry in _xml_entries(body)}
    assert {item.link for item in items} <= links


def _check_google_titles(items: list[Item], body: bytes) -> None:
    # Google News titles read "Headline - Outlet"; the item splits them.
    titles = {entry.get("title") for entry in _xml_entries(body)}
    assert {f"{item.title} - {item.outlet}" for item in items} <= titles


def _check_pacer_dockets(items: list[Item], body: bytes) -> None:
    by_link = {entry.get("link"): entry.get("title", "") for entry in _xml_entries(body)}
    assert all(item.docket_number and item.docket_number in by_link[item.link] for item in items)


def _check_juriscraper(items: list[Item], body: bytes, name: str) -> None:
    oracle = json.loads(_body(name.replace(".xml", ".json")))
    rows = {
        (d["docket_number"], d["case_name"], e["short_description"], e["document_number"])
        for d in oracle
        for e in d["docket_entries"][:1]
    }
    assert len(items) == min(len(oracle), 200)
    assert {(i.docket_number, i.case_name, i.entry, i.document_number) for i in items} <= rows


def _check_webhook(items: list[Item], body: bytes) -> None:
    (result,) = json.loads(body)["payload"]["results"]
    (item,) = items
    if "entry_number" in result:  # a docket alert: one new entry
        assert item.document_number == str(result["entry_number"])
    else:  # a search alert: one case
        assert (item.case_name, item.docket_number) == (result["caseName"], result["docketNumber"])
        assert item.link and item.link.endswith(result["absolute_url"])


FIELD_ORACLES = {
    **{f"pacer/{n}.xml": "juriscraper" for n in
       "ca10 ca2_1 ca4_1 ca6 cadc mdb_1 mdb_2 nyed_1 nysb_1 sdny_1".split()},
    **{f"pacer/{n}.xml": "pacer_xml" for n in ("cl_rss_ca10", "cl_rss_sample_unnumbered_mdb")},
    "googlenews/pythonhomework_2019_google_news_top_stories.xml": "google_xml",
    **{f"courtlistener/{n}": "webhook" for n in
       ("webhook_docket_alert_v2.json", "webhook_search_alert_v1.json",
        "webhook_search_alert_v2.json")},
    **{f"feedparser/encoding/{n}.xml": "links" for n in
       ("demoronize-1", "demoronize-2", "demoronize-3", "double-encoded-html",
        "http_text_xml_charset_overrides_encoding_2")},
}  # fmt: skip


@needs_fixtures
@pytest.mark.parametrize("name", sorted(FIELD_ORACLES))
def test_sample_items_agree_with_an_independent_reading(name: str) -> None:
    """Key fields equal juriscraper's output, the webhook's JSON or the XML as stdlib reads it."""
    body = _body(name)
    items = _own_outcome(name)
    assert isinstance(items, list) and items
    oracle = FIELD_ORACLES[name]
    if oracle == "juriscraper":
        _check_juriscraper(items, body, name)
    elif oracle == "pacer_xml":
        _check_links(items, body)
        _check_pacer_dockets(items, body)
    elif oracle == "google_xml":
        _check_google_titles(items, body)
    elif oracle == "webhook":
        _check_webhook(items, body)
    else:
        _check_links(items, body)


# -- the wrong normalizer ------------------------------------------------------------------


def _other_kind_outcome(name: str, kind: SourceKind) -> set[str]:
    """What a sample may give through another source's normalizer (a mistaken kind)."""
    own = EXPECTED[name][1]
    if name.endswith(".json"):
        if kind is K.GDELT:  # reads any JSON list or object; finds no articles in these
            return {"items"}
        if kind is K.COURTLISTENER:
            return {"items"} if isinstance(own, Gives) else {own.reason}
        return {"not_a_feed"}
    if isinstance(own, Refused) and own.reason != "no_items":
        return {own.reason}
    # A feed is a feed: another normalizer reads its entries, or finds none it can use.
    return {"items", "no_items"}


@pytest.fixture
def feedparser_reads_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Within one test, feedparser reads a body once, however many normalizers it is given to:
    its reading does not depend on which normalizer asked (it was four fifths of the time of
    the test below). Each normalizer still runs its own checks and mapping on that reading;
    they only read it, so they can share it."""
    readings: dict[tuple[bytes, str | None], Any] = {}
    read = safe_parse._feedparse

    def read_once(body: bytes, headers: dict[str, str] | None) -> Any:
        key = (body, (headers or {}).get("content-type"))
        if key not in readings:
            readings[key] = read(body, headers)
        return readings[key]

    monkeypatch.setattr(safe_parse, "_feedparse", read_once)


@needs_fixtures
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.usefixtures("feedparser_reads_once")
def test_sample_through_the_other_normalizers(name: str) -> None:
    """Every other normalizer gives items or the refusal that fits; none crashes on it."""
    own_kind = EXPECTED[name][0]
    for kind in SourceKind:
        if kind is own_kind:
            continue
        outcome = _outcome(_body(name), kind)
        got = outcome.reason if isinstance(outcome, Refused) else "items"
        assert got in _other_kind_outcome(name, kind), (kind, got)


# -- mutations (FAULTS A6) -----------------------------------------------------------------


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


def _seed_ok(name: str) -> bool:
    return _summary(_own_outcome(name)) == EXPECTED[name][1]


def _parse_mutation(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(SEEDS), label="file")
    # A mutation of a sample that no longer gives what it must proves nothing.
    assert _seed_ok(name), f"{name} unmutated does not give {EXPECTED[name][1]}"
    kind = data.draw(st.sampled_from(list(SourceKind)), label="kind")
    # The first 16 KB of a sample hold its head and several entries: enough for an edit to
    # break anything a whole sample could, at a quarter of the parsing.
    _outcome(_mutate(_body(name)[:16_000], data), kind)


@needs_fixtures
@settings(
    # a short run (the 10,000 of FAULTS A6 are `make soak`): any normalizer that lets an
    # exception escape fails within the first few examples
    max_examples=100,
    deadline=None,  # speed is make bench's; under coverage on a busy machine one case took 2.9 s
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@pytest.mark.slow
@given(data=st.data())
def test_mutated_samples_give_items_or_a_known_refusal(data: st.DataObject) -> None:
    """Byte flips, cuts and insertions give valid items or a FeedError with a known reason."""
    _parse_mutation(data)


@pytest.mark.soak
@pytest.mark.timeout(1800)
@needs_fixtures
@settings(
    max_examples=10_000,
    deadline=None,  # speed is make bench's; under coverage on a busy machine one case took 2.9 s
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_ten_thousand_mutations_give_items_or_a_known_refusal(data: st.DataObject) -> None:
    """Soak (FAULTS A6): 10,000 mutated samples, each within 2 s, items or a known refusal."""
    _parse_mutation(data)
