"""PACER CM/ECF RSS normalization, checked against juriscraper's expected output."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from feeds.models import Item
from feeds.parse import parse_feed
from feeds.sources import pacer
from tests.feeds.sources import FIXTURES, fixture_dir

PACER_FIXTURES = sorted((FIXTURES / "pacer").glob("*.json"))


def _expected(path: Path) -> list[tuple]:
    rows = []
    for docket in json.loads(path.read_text(encoding="utf-8")):
        entry = docket["docket_entries"][0]
        rows.append(
            (
                docket["docket_number"],
                docket["case_name"],
                entry["short_description"],
                entry["document_number"],
            )
        )
    return rows


@functools.cache  # several tests read the same big feeds; items are frozen, so shared safely
def _items(path: Path, source_id: str = "pacer:test") -> tuple[Item, ...]:
    return tuple(pacer.items_from_bytes(path.read_bytes(), source_id, "application/rss+xml"))


@pytest.mark.parametrize("expected", PACER_FIXTURES, ids=lambda p: p.stem)
def test_matches_juriscraper(expected: Path) -> None:
    """Docket numbers, case names, entry labels and document numbers equal juriscraper's."""
    items = _items(expected.with_suffix(".xml"))
    got = [(i.docket_number, i.case_name, i.entry, i.document_number) for i in items]
    assert got == _expected(expected)


def test_fixture_set_present() -> None:
    """All ten juriscraper oracle files are found (so the parametrized test is not vacuous)."""
    fixture_dir("pacer")
    assert len(PACER_FIXTURES) == 10


@pytest.mark.parametrize("name", ["sdny_1", "nyed_1", "nysb_1", "ca4_1"])
def test_keys_unique_within_feed(name: str) -> None:
    """Reused guids never make two distinct entries share a key."""
    items = _items(fixture_dir("pacer") / f"{name}.xml")
    assert len({i.key for i in items}) == len(items)


def test_court_from_channel_link() -> None:
    """The court id comes from the ecf host, whatever the source is called."""
    items = _items(fixture_dir("pacer") / "sdny_1.xml", "my-feed")
    assert {i.court for i in items} == {"nysd"}


def test_pretty_printed_feed() -> None:
    """Newlines inside <title> and <guid> do not break the title split."""
    (item,) = _items(fixture_dir("pacer") / "cl_rss_sample_unnumbered_mdb.xml")
    assert (item.docket_number, item.entry) == ("18-00079", "Close Adversary Case")
    assert item.case_name == "Dozier v. CN of Dundalk, Inc. d/b/a CNAC of D"


def test_double_escaped_title() -> None:
    """A title escaped twice (&amp;amp;) yields a plain ampersand."""
    items = _items(fixture_dir("pacer") / "cadc.xml")
    assert items[0].case_name == "Food & Water Watch v. FERC"


def test_parse_feed_dispatches_to_pacer() -> None:
    """parse_feed(kind="pacer") fills the court fields."""
    body = (fixture_dir("pacer") / "ca2_1.xml").read_bytes()
    items = parse_feed(body, source_id="pacer:ca2", kind="pacer")
    assert all(i.is_court and i.court == "ca2" for i in items)


def _feed(*items: str) -> bytes:
    head = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel>'
        "<title>District of Somewhere - Recent Entries</title>"
        "<link>https://ecf.xxd.uscourts.gov</link>"
    )
    return (head + "".join(items) + "</channel></rss>").encode("latin-1")


def _entry(number: str, label: str, when: str = "Tue, 17 Apr 2018 22:03:13 GMT") -> str:
    doc = (
        f"&lt;a href=&quot;https://ecf.xxd.uscourts.gov/doc1/1234{number}?caseid=99&amp;"
        f"de_seq_num=5{number}&quot;&gt;{number}&lt;/a&gt;"
    )
    return (
        "<item><title>1:24-cv-00001 Doe v. Office of the District Attorney et al</title>"
        "<link>https://ecf.xxd.uscourts.gov/cgi-bin/DktRpt.pl?99</link>"
        f"<description>[{label}] ({doc})</description>"
        "<guid>https://ecf.xxd.uscourts.gov/cgi-bin/DktRpt.pl?99</guid>"
        f"<pubDate>{when}</pubDate></item>"
    )


def test_same_guid_different_documents_stay_distinct() -> None:
    """FAULTS A12: one docket link, two document numbers: two items, two keys."""
    items = pacer.items_from_bytes(_feed(_entry("7", "Complaint"), _entry("8", "Motion")), "p")
    assert [i.document_number for i in items] == ["7", "8"]
    assert len({i.key for i in items}) == 2


def test_same_filing_several_event_types_merged() -> None:
    """Items sharing guid, time and document merge into one with both labels."""
    body = _feed(_entry("9", "Motion for TRO"), _entry("9", "Motion for Preliminary Injunction"))
    (item,) = pacer.items_from_bytes(body, "p")
    assert item.entry == "Motion for Preliminary Injunction AND Motion for TRO"


def test_key_stable_across_polls() -> None:
    """The same entry in a later, longer feed keeps its key (alerts once)."""
    first = pacer.items_from_bytes(_feed(_entry("7", "Complaint")), "p")
    later = pacer.items_from_bytes(_feed(_entry("8", "Order"), _entry("7", "Complaint")), "p")
    assert first[0].key in {i.key for i in later}


def test_latin1_case_name() -> None:
    """ISO-8859-1 bytes decode to the right accented letters."""
    body = _feed(_entry("1", "Complaint")).replace(b"Doe", "Gasc\xf3n".encode("latin-1"))
    (item,) = pacer.items_from_bytes(body, "p")
    assert item.case_name == "Gascón v. Office of the District Attorney"


def test_title_and_summary_carry_label_and_parties() -> None:
    """The matcher sees the entry label and the unabridged parties in title and summary."""
    (item,) = pacer.items_from_bytes(_feed(_entry("1", "Complaint")), "p")
    assert item.title.startswith("Complaint: Doe v. Office of the District Attorney")
    assert "et al" in item.summary


def test_entry_without_docket_number_skipped() -> None:
    """An item whose title has no case number is not a docket entry."""
    body = _feed(_entry("1", "Complaint").replace("1:24-cv-00001 ", "Notice "))
    assert pacer.items_from_bytes(body, "p") == []


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("USA v. Smith et al", "United States v. Smith"),
        ("Jones vs. The State", "Jones v. State"),
        ("Roe, Plaintiff v. Doe, Defendant", "Roe v. Doe"),
        ("In re: Maura Lynch", "In re: Maura Lynch"),
    ],
)
def test_clean_case_name(raw: str, clean: str) -> None:
    """Case names are harmonized the way juriscraper does."""
    assert pacer.clean_case_name(raw) == clean


@pytest.mark.parametrize(
    ("court", "kind"),
    [("ca9", "appellate"), ("cadc", "appellate"), ("nysb", "bankruptcy"), ("nysd", "district"),
     (None, "unknown"), ("", "unknown")],
)  # fmt: skip
def test_court_kind(court: str | None, kind: str) -> None:
    """Court ids map to the docket-number style their feeds use."""
    assert pacer.court_kind(court) == kind


def test_export_has_court_fields() -> None:
    """check-feed's dict of a court item carries court, docket, case, entry and document."""
    from feeds.export import item_as_dict

    (item,) = pacer.items_from_bytes(_feed(_entry("7", "Complaint")), "p")
    data = item_as_dict(item)
    assert {k: data[k] for k in ("court", "docket_number", "entry", "document_number")} == {
        "court": "xxd",
        "docket_number": "1:24-cv-00001",
        "entry": "Complaint",
        "document_number": "7",
    }
    assert data["published"] == "2018-04-17T22:03:13+00:00"


@pytest.mark.parametrize(
    ("title", "kind", "number"),
    [
        ("1:24-bk-10001 In re Example LLC", "bankruptcy", "1:24-bk-10001"),
        ("1-24-10001 In re Example LLC", "bankruptcy", "1-24-10001"),
        ("24-10001 In re Example LLC", "district", None),
        ("1:24-cv-00001 Doe v. Roe", "district", "1:24-cv-00001"),
        ("24-1234 Doe v. Roe", "appellate", "24-1234"),
        ("24-1234 Doe v. Roe", "unknown", "24-1234"),
    ],
)
def test_docket_number_by_court_kind(title: str, kind: str, number: str | None) -> None:
    """Each kind of court reads its own numbering; a district court has no bare 24-1234."""
    assert pacer.docket_number(title, kind) == number


def test_key_summary_and_outlet_of_an_entry() -> None:
    """Key: court, docket, document and PACER case id; summary: label, parties, document, court."""
    (item,) = pacer.items_from_bytes(_feed(_entry("1", "Complaint")), "p")
    assert item.key == "pacer:xxd:1:24-cv-00001:1:99"
    assert item.summary == (
        "[Complaint] Doe v. Office of the District Attorney et al (document 1)"
        " - District of Somewhere"
    )
    assert item.outlet == "District of Somewhere"


def test_unnumbered_document_is_keyed_by_its_document_link() -> None:
    """No document number: the doc1 id and sequence number identify the filing."""
    entry = _entry("1", "Order").replace("&gt;1&lt;/a&gt;", "&gt;Order&lt;/a&gt;")
    without_seq = _entry("2", "Notice").replace("&gt;2&lt;/a&gt;", "&gt;Notice&lt;/a&gt;")
    without_seq = without_seq.replace("&amp;de_seq_num=52", "")
    items = pacer.items_from_bytes(_feed(entry, without_seq), "p")
    assert [i.key for i in items] == [
        "pacer:xxd:1:24-cv-00001:doc12341:51:99",
        "pacer:xxd:1:24-cv-00001:doc12342::99",
    ]


def test_case_id_only_from_a_docket_link_query() -> None:
    """A docket link without a query adds no case id to the key."""
    entry = _entry("7", "Complaint").replace("DktRpt.pl?99</link>", "DktRpt.pl</link>")
    (item,) = pacer.items_from_bytes(_feed(entry), "p")
    assert item.key == "pacer:xxd:1:24-cv-00001:7"


def test_court_from_the_source_id_when_no_link_names_it() -> None:
    """Feeds whose links name no court take it from the source id "pacer:<court>"."""
    body = _feed(_entry("7", "Complaint")).replace(b"ecf.xxd.uscourts.gov", b"pacer.example")
    assert [i.court for i in pacer.items_from_bytes(body, "pacer:nysd")] == ["nysd"]
    assert [i.court for i in pacer.items_from_bytes(body, "pacer:not a court")] == ["pacer"]


def test_feed_without_a_title_has_no_outlet() -> None:
    """No channel title: no court name in the outlet or the summary."""
    body = _feed(_entry("1", "Complaint")).replace(
        b"<title>District of Somewhere - Recent Entries</title>", b""
    )
    (item,) = pacer.items_from_bytes(body, "p")
    assert (item.outlet, item.summary.endswith("(document 1)")) == (None, True)


def test_court_from_the_entry_links_when_the_channel_has_no_link() -> None:
    """A channel without a <link> takes its court from the ecf host of its entries' links."""
    channel_link = b"<link>https://ecf.xxd.uscourts.gov</link>"
    body = _feed(_entry("7", "Complaint")).replace(channel_link, b"", 1)
    (item,) = pacer.items_from_bytes(body, "p")
    assert (item.court, item.key) == ("xxd", "pacer:xxd:1:24-cv-00001:7:99")
