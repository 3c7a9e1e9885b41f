"""CourtListener: webhook bodies, API v4 search results, Atom search and docket feeds."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.parse import FeedError, parse_feed
from feeds.sources import courtlistener as cl
from feeds.sources.rss import digest
from tests.feeds.sources import fixture_dir


def _webhook(name: str) -> dict:
    return json.loads((fixture_dir("courtlistener") / name).read_text(encoding="utf-8"))


def test_docket_alert_entry() -> None:
    """A docket-alert webhook gives the entry with its number, label, court and docket key."""
    (item,) = cl.items_from_webhook(_webhook("webhook_docket_alert_v2.json"))
    assert item.key == "cl:docket:4214664:entry:140"
    assert (item.court, item.document_number, item.entry) == ("dcd", "140", "Motion for Settlement")
    assert item.summary.startswith("MOTION for Settlement Preliminary Approval")


@pytest.mark.parametrize("name", ["webhook_search_alert_v1.json", "webhook_search_alert_v2.json"])
def test_search_alert_opinion(name: str) -> None:
    """Search-alert webhooks (v1 and v2) give the opinion keyed by its cluster id."""
    (item,) = cl.items_from_webhook(_webhook(name))
    assert item.key == "cl:opinion:2812209"
    assert (item.case_name, item.docket_number, item.court) == (
        "Obergefell v. Hodges",
        "14-556",
        "scotus",
    )


@pytest.mark.parametrize(
    "name",
    [
        "webhook_old_alerts_report_v2.json",
        "webhook_pray_and_pay_v2.json",
        "webhook_recap_fetch_v2.json",
    ],
)
def test_non_filing_events_give_nothing(name: str) -> None:
    """Fetch, old-alert and pray-and-pay events are accepted and give no items."""
    assert cl.items_from_webhook(_webhook(name)) == []


def test_every_webhook_accepted_once_when_delivered_twice() -> None:
    """Each fixture body delivered twice with its Idempotency-Key is processed once."""
    log = cl.DeliveryLog()
    processed = []
    names = sorted(p.name for p in fixture_dir("courtlistener").glob("webhook_*.json"))
    for delivery in [*names, *names]:
        headers = {"idempotency-key": f"key-{delivery}", "Content-Type": "application/json"}
        key = cl.webhook_idempotency_key(headers)
        if key and log.first_delivery(key):
            body = cl.parse_webhook_body((fixture_dir("courtlistener") / delivery).read_bytes())
            processed.append((delivery, cl.items_from_webhook(body)))
    assert [name for name, _ in processed] == names


def test_redelivered_body_same_keys() -> None:
    """Without the header, a repeated body still yields the same item keys (store dedupes)."""
    body = _webhook("webhook_docket_alert_v2.json")
    assert [i.key for i in cl.items_from_webhook(body)] == [
        i.key for i in cl.items_from_webhook(body)
    ]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            {"Idempotency-Key": " 59f1be59-4f0d-4a0f-a3c0-e6a4a1c8b9f3 "},
            "59f1be59-4f0d-4a0f-a3c0-e6a4a1c8b9f3",
        ),
        ({"IDEMPOTENCY-KEY": "abc"}, "abc"),
        ({"Content-Type": "application/json"}, None),
        ({"Idempotency-Key": "has space"}, None),
        ({"Idempotency-Key": "x" * 500}, None),
    ],
)
def test_idempotency_key_header(headers: dict, expected: str | None) -> None:
    """The header is found in any case, trimmed, and refused when implausible."""
    assert cl.webhook_idempotency_key(headers) == expected


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b"{" * 100_000])
def test_bad_webhook_body(body: bytes) -> None:
    """Bodies that are not a JSON object raise FeedError (the receiver answers 400)."""
    with pytest.raises(FeedError):
        cl.parse_webhook_body(body)


def test_delivery_log_bounded() -> None:
    """The log forgets the oldest keys beyond its size."""
    log = cl.DeliveryLog(max_keys=2)
    assert [log.first_delivery(key) for key in ("a", "b", "c")] == [True, True, True]
    assert (log.first_delivery("a"), log.first_delivery("c")) == (True, False)


def spend(budget: cl.ApiBudget, times: list[float]) -> list[bool]:
    """Try a call at each time, remembering the admitted ones as a store would."""
    sent: list[float] = []
    out = []
    for now in times:
        kept = budget.admit(sent, now)
        out.append(kept is not None)
        sent = kept if kept is not None else sent
    return out


def test_api_budget_per_minute() -> None:
    """API v4 calls stop at 5 a minute and resume when the minute has passed."""
    assert spend(cl.ApiBudget(), [float(i) for i in range(6)] + [61.0]) == [True] * 5 + [
        False,
        True,
    ]


def test_api_budget_per_hour() -> None:
    """No more than 50 calls an hour even when spread out."""
    assert sum(spend(cl.ApiBudget(), [i * 13.0 for i in range(276)])) == 50  # one hour


def test_api_budget_forgets_calls_older_than_an_hour() -> None:
    """What is remembered never grows past the last hour's calls."""
    assert cl.ApiBudget().admit([0.0, 10.0, 3000.0], 3611.0) == [3000.0, 3611.0]


_API = {
    "count": 1,
    "next": None,
    "previous": None,
    "results": [
        {
            "caseName": "Roe v. Office of the District Attorney",
            "court_id": "cacd",
            "docketNumber": "2:24-cv-00001",
            "docket_id": 111,
            "dateFiled": "2024-01-02",
            "docket_absolute_url": "/docket/111/roe-v-office-of-the-district-attorney/",
            "recap_documents": [
                {"id": 9, "entry_number": 1, "document_number": "1", "attachment_number": None,
                 "description": "COMPLAINT against Office of the District Attorney",
                 "short_description": "Complaint", "entry_date_filed": "2024-01-02",
                 "absolute_url": "/docket/111/1/roe-v-office-of-the-district-attorney/"},
                {"id": 10, "entry_number": 1, "document_number": "1", "attachment_number": 1,
                 "description": "Exhibit A", "absolute_url": "/docket/111/1/1/roe/"},
            ],
        },
        {"caseName": "Doe v. County", "court_id": "cand", "docketNumber": "3:24-cv-5",
         "docket_id": 222, "dateFiled": "2024-01-03", "absolute_url": "/docket/222/doe-v-county/"},
    ],
}  # fmt: skip


def test_api_search_recap_entries() -> None:
    """RECAP results give one item per entry (attachments folded), keyed like webhooks."""
    items = cl.items_from_api_search(_API)
    assert [i.key for i in items] == ["cl:docket:111:entry:1", "cl:docket:222"]
    first = items[0]
    assert (first.entry, first.court, first.docket_number) == ("Complaint", "cacd", "2:24-cv-00001")
    assert first.title == "Complaint: Roe v. Office of the District Attorney (2:24-cv-00001)"


def test_api_search_without_results_is_feed_error() -> None:
    """A JSON body without a results list raises FeedError."""
    with pytest.raises(FeedError):
        cl.items_from_api_search({"detail": "Invalid token."})


def test_json_body_through_parse_feed() -> None:
    """parse_feed on an API response (kind courtlistener) gives the same items."""
    items = parse_feed(json.dumps(_API).encode(), source_id="c", kind="courtlistener")
    assert {i.key for i in items} == {"cl:docket:111:entry:1", "cl:docket:222"}


def test_webhook_body_through_parse_feed() -> None:
    """A webhook body fetched as a CourtListener feed's bytes gives the webhook's items, keyed as
    when the receiver is handed it."""
    raw = (fixture_dir("courtlistener") / "webhook_docket_alert_v2.json").read_bytes()
    items = parse_feed(raw, source_id="c", kind="courtlistener")
    assert [i.key for i in items] == ["cl:docket:4214664:entry:140"]


_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-us">
<title>{title}</title><link href="https://www.courtlistener.com/" rel="alternate"/>
<id>https://www.courtlistener.com/</id><updated>2024-01-03T08:00:00-08:00</updated>
<author><name>Free Law Project</name></author>
{entries}</feed>"""


def _atom(title: str, *entries: str) -> bytes:
    return _ATOM.format(title=title, entries="".join(entries)).encode()


def _entry(title: str, link: str, author: str = "", summary: str = "") -> str:
    who = f"<author><name>{author}</name></author>" if author else ""
    return (
        f'<entry><title>{title}</title><link href="{link}" rel="alternate"/>'
        f"<published>2024-01-02T00:00:00-08:00</published><updated>2024-01-02T00:00:00-08:00"
        f'</updated>{who}<id>{link}</id><summary type="html">{summary}</summary></entry>'
    )


def test_atom_search_opinion_and_docket() -> None:
    """Search feed entries are keyed by opinion cluster or docket id, court from the author."""
    body = _atom(
        "CourtListener.com Custom Search Feed",
        _entry(
            "Roe v. Smith",
            "https://www.courtlistener.com/opinion/555/roe-v-smith/",
            "Court of Appeal",
        ),
        _entry(
            "Doe v. County", "https://www.courtlistener.com/docket/222/doe-v-county/", "C.D. Cal."
        ),
    )
    items = cl.items_from_bytes(body, "courtlistener_opinions:x", "application/atom+xml")
    assert [i.key for i in items] == ["cl:opinion:555", "cl:docket:222"]
    assert items[0].court == "Court of Appeal" and items[0].case_name == "Roe v. Smith"


def test_atom_docket_feed_entries() -> None:
    """Docket feed entries give entry number, docket number and case name from the title."""
    body = _atom(
        "Docket updates for Roe v. Office of the District Attorney, 2:24-cv-00001",
        _entry(
            "Entry #12 in Roe v. Office of the District Attorney, 2:24-cv-00001",
            "https://www.courtlistener.com/docket/111/roe/?order_by=desc#entry-12",
            summary="ORDER granting Motion for Temporary Restraining Order. Signed by Judge A.",
        ),
    )
    (item,) = cl.items_from_bytes(body, "c", None)
    assert item.key == "cl:docket:111:entry:12"
    assert (item.docket_number, item.document_number) == ("2:24-cv-00001", "12")
    assert item.entry == "ORDER granting Motion for Temporary Restraining Order"
    assert item.case_name == "Roe v. Office of the District Attorney"


def test_docket_feed_and_webhook_agree() -> None:
    """An entry seen in a docket feed and in a docket-alert webhook has one key."""
    body = _atom(
        "Docket updates for X v. Y, 1:16-cv-00745",
        _entry("Entry #140 in X v. Y, 1:16-cv-00745",
               "https://www.courtlistener.com/docket/4214664/x-v-y/?order_by=desc#entry-140"),
    )  # fmt: skip
    (atom,) = cl.items_from_bytes(body, "c", None)
    (hook,) = cl.items_from_webhook(_webhook("webhook_docket_alert_v2.json"))
    assert atom.key == hook.key


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
        ["payload", "webhook", "results", "event_type", "recap_documents", "opinions", "docket",
         "entry_number", "cluster_id", "docket_id", "description", "absolute_url", "dateFiled",
         "caseName", "attachment_number", "id", "date_filed", "court_id"]), inner, max_size=6),
    max_leaves=30,
)  # fmt: skip


@settings(max_examples=100, deadline=None)  # no timing here: speed is make bench's
@given(payload=_JSON, event_type=st.sampled_from([1, 2, None, "1"]))
def test_arbitrary_json_gives_items_or_feed_error(payload, event_type) -> None:
    """Any JSON shape in a webhook body yields items or FeedError, nothing else."""
    body = {"payload": payload, "webhook": {"event_type": event_type}}
    for candidate in (body, payload):
        with contextlib.suppress(FeedError):
            cl.items_from_webhook(candidate)


_PLAIN_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Search results</title>{entries}</feed>"""


def _plain_entry(title: str, link: str, summary: str = "") -> str:
    return (
        f"<entry><title>{title}</title><link href='{link}'/>"
        f"<summary>{summary}</summary><id>{link}</id></entry>"
    )


def test_atom_entry_without_title_or_text_gives_no_item() -> None:
    """An entry with nothing to read is skipped; one with only a summary is titled by it."""
    entries = _plain_entry("", "https://example.test/a") + _plain_entry(
        "", "https://example.test/b", "Hearing set on the county's motion"
    )
    items = cl.items_from_bytes(_PLAIN_ATOM.format(entries=entries).encode(), "cl:t")
    assert [i.title for i in items] == ["Hearing set on the county's motion"]


def test_atom_entry_listed_twice_gives_one_item() -> None:
    """An entry repeated word for word (as PACER-style feeds do) is one item, one key."""
    entry = _plain_entry("Notice of appearance", "https://example.test/n", "Counsel appears")
    items = cl.items_from_bytes(_PLAIN_ATOM.format(entries=entry * 2).encode(), "cl:t")
    assert len(items) == 1


def _result(**fields: object) -> dict:
    return {"count": 1, "results": [{"caseName": "Roe v. Doe", "court_id": "cacd", **fields}]}


@pytest.mark.parametrize(
    ("filed", "published"),
    [
        ("2024-01-02", datetime(2024, 1, 2, tzinfo=UTC)),
        ("2024-01-02T20:00:00-05:00", datetime(2024, 1, 3, 1, tzinfo=UTC)),
        ("  ", None),
        ("not a date", None),
        (20240102, None),
    ],
)
def test_api_dates_are_aware_utc(filed: object, published: datetime | None) -> None:
    """dateFiled: a date is midnight UTC, an offset is honoured, anything else is no date."""
    (item,) = cl.items_from_api_search(_result(docket_id=5, dateFiled=filed))
    assert item.published == published


def test_api_docket_without_entries_links_to_the_docket_and_lists_parties() -> None:
    """A docket result without documents: link from the relative docket URL, parties as text."""
    (item,) = cl.items_from_api_search(
        _result(docket_id=5, docket_absolute_url="/docket/5/roe-v-doe/", party=["Roe", 7, "Doe"])
    )
    assert (item.key, item.link, item.summary) == (
        "cl:docket:5",
        "https://www.courtlistener.com/docket/5/roe-v-doe/",
        "Parties: Roe; Doe",
    )
    (bare,) = cl.items_from_api_search(_result(docket_id=5, absolute_url="https://x.test/d/5/"))
    assert (bare.link, bare.summary) == ("https://x.test/d/5/", "")


def test_api_opinion_cluster_joins_its_snippets_and_status() -> None:
    """An opinion result: one item per cluster, snippets joined, status in the entry label."""
    (item,) = cl.items_from_api_search(
        _result(cluster_id=77, docketNumber="24-1", status="Published", snippet="Held: reversed",
                opinions=[{"snippet": "The DA's appeal"}, "junk"])
    )  # fmt: skip
    assert (item.key, item.title, item.entry, item.summary) == (
        "cl:opinion:77",
        "Opinion: Roe v. Doe (24-1)",
        "Opinion (Published)",
        "The DA's appeal … Held: reversed",
    )


@pytest.mark.parametrize(
    ("doc", "key", "label"),
    [
        ({"entry_number": 3, "short_description": "Order"}, "cl:docket:5:entry:3", "Order"),
        ({"document_number": "4", "description": "MOTION to dismiss. Filed by A."},
         "cl:docket:5:entry:4", "MOTION to dismiss"),
        ({"id": 99, "recap_documents": [{"description": "Notice"}]}, "cl:docket:5:de:99", "Notice"),
        ({"entry_number": True}, "cl:cl:t:" + digest("", ""), "Docket entry"),
    ],
    ids=["entry-number", "document-number", "entry-id", "nothing"],
)  # fmt: skip
def test_entry_keys_and_labels(doc: dict, key: str, label: str) -> None:
    """Entry number, else document number, else the entry's id; the label from the short
    description, the main document's, or the description's first clause."""
    (item,) = cl.items_from_api_search(_result(docket_id=5, recap_documents=[doc]), "cl:t")
    assert (item.key, item.entry) == (key, label)


def test_webhook_entry_without_links_points_at_its_docket_and_finds_its_court() -> None:
    """A docket-alert entry with no URL links to its docket page; the court comes from the
    Internet Archive file path and the case name from nowhere falls back to the slug."""
    payload = {
        "webhook": {"event_type": cl.WEBHOOK_DOCKET_ALERT},
        "payload": {"results": [
            {"docket": 5, "entry_number": 2, "description": "ORDER. Signed by Judge B.",
             "recap_documents": [{"filepath_ia": "https://archive.org/gov.uscourts.nysd.5.2.pdf"}]},
        ]},
    }  # fmt: skip
    (item,) = cl.items_from_webhook(payload)
    assert (item.link, item.court, item.key) == (
        "https://www.courtlistener.com/docket/5/",
        "nysd",
        "cl:docket:5:entry:2",
    )
    assert item.title == "ORDER: Unnamed case"


def test_case_name_from_the_docket_url_slug() -> None:
    """Without a case name, the docket URL's slug names the case."""
    payload = {"webhook": {"event_type": cl.WEBHOOK_DOCKET_ALERT}, "payload": {"results": [
        {"docket": 5, "entry_number": 2, "short_description": "Order",
         "absolute_url": "/docket/5/2/roe-v-county-of-lake/"}]}}  # fmt: skip
    (item,) = cl.items_from_webhook(payload)
    assert item.case_name == "Roe v. County Of Lake"


@pytest.mark.parametrize(("event_type", "count"), [(cl.WEBHOOK_SEARCH_ALERT, 1), (None, 1), (3, 0)])
def test_webhook_events_that_carry_search_results(event_type: int | None, count: int) -> None:
    """Search alerts (or a body with no event type) carry results; other events carry none."""
    body = {"webhook": {"event_type": event_type}, "payload": _result(docket_id=5)}
    assert len(cl.items_from_webhook(body)) == count


def test_results_that_are_not_objects_are_skipped() -> None:
    """A stray number or string among a response's or a docket alert's results is passed over;
    the objects beside it still give their items."""
    search = _result(docket_id=5)
    search["results"].insert(0, 17)
    assert [i.key for i in cl.items_from_api_search(search)] == ["cl:docket:5"]
    alert = {"webhook": {"event_type": cl.WEBHOOK_DOCKET_ALERT}, "payload": {"results": [
        "stray", {"docket": 5, "entry_number": 2, "short_description": "Order"}]}}  # fmt: skip
    assert [i.key for i in cl.items_from_webhook(alert)] == ["cl:docket:5:entry:2"]


def test_malformed_json_is_a_parse_error() -> None:
    """A body that starts like JSON but is cut off is "parse_error", not an empty feed."""
    with pytest.raises(FeedError) as info:
        cl.items_from_bytes(b'{"count": 1, "results": [{"docket_id": 5', "c")
    assert (info.value.reason, str(info.value)) == (
        "parse_error",
        "CourtListener returned malformed JSON",
    )


def test_json_body_with_a_webhook_envelope_is_read_as_a_webhook() -> None:
    """A saved webhook body given to check-feed is read as the webhook it is."""
    body = {"webhook": {"event_type": 3}, "results": [{"docket_id": 5}]}
    assert cl.items_from_bytes(json.dumps(body).encode(), "c") == []


def test_atom_court_is_the_author_unless_it_is_free_law_project() -> None:
    """The entry's author names the court; the feed's publisher is not a court."""
    body = _atom(
        "Search",
        _entry("Roe v. Smith", "https://www.courtlistener.com/opinion/1/roe/", "Free Law Project"),
        _entry("Doe v. Smith", "https://www.courtlistener.com/opinion/2/doe/", "D. Or."),
        _entry("Poe v. Smith", "https://other.test/p", ""),
    )
    items = cl.items_from_bytes(body, "c", None)
    assert [(i.court, i.entry) for i in items] == [
        ("courtlistener", "Opinion"),
        ("D. Or.", "Opinion"),
        ("courtlistener", None),
    ]


def test_atom_minute_entries_and_numbered_entries() -> None:
    """Minute entries are keyed by their anchor and carry no document number."""
    body = _atom(
        "Docket updates for X v. Y, 1:16-cv-00745",
        _entry("Minute entry from 1/2/2024 in X v. Y, 1:16-cv-00745",
               "https://www.courtlistener.com/docket/9/x-v-y/#minute-entry-31",
               summary="MINUTE ORDER setting hearing"),
    )  # fmt: skip
    (item,) = cl.items_from_bytes(body, "c", None)
    assert (item.key, item.document_number, item.title) == (
        "cl:docket:9:minute:31",
        None,
        "MINUTE ORDER setting hearing: X v. Y (1:16-cv-00745)",
    )


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("Doe v. Roe, 1:16-cv-00745", ("Doe v. Roe", "1:16-cv-00745")),
        ("Doe v. Roe, Jr.", ("Doe v. Roe, Jr.", None)),
        ("Doe v. Roe, Case 12", ("Doe v. Roe, Case 12", None)),
        ("Doe v. Roe 12", ("Doe v. Roe 12", None)),
    ],
)
def test_split_docket_title(text: str, split: tuple[str, str | None]) -> None:
    """Only a last comma-separated part with a digit and no space is a docket number."""
    assert cl.split_docket_title(text) == split


def test_an_empty_or_odd_url_gives_no_link() -> None:
    """An opinion whose absolute_url is empty or not text has no link (not the site's home)."""
    for url in ("", 5):
        (item,) = cl.items_from_api_search(_result(cluster_id=7, absolute_url=url))
        assert item.link is None


def test_webhook_entry_dated_by_date_filed() -> None:
    """Docket-alert entries carry date_filed (API documents: entry_date_filed); both date it."""
    payload = {"webhook": {"event_type": cl.WEBHOOK_DOCKET_ALERT}, "payload": {"results": [
        {"docket": 5, "entry_number": 2, "short_description": "Order", "date_filed": "2024-01-05"}
    ]}}  # fmt: skip
    (item,) = cl.items_from_webhook(payload)
    assert item.published == datetime(2024, 1, 5, tzinfo=UTC)


def test_docket_feed_entry_without_an_author_is_from_courtlistener() -> None:
    """A docket-feed entry naming no court is attributed to CourtListener, never to nobody."""
    body = _PLAIN_ATOM.format(
        entries=_plain_entry(
            "Entry #3 in X v. Y, 1:16-cv-00745", "https://www.courtlistener.com/docket/9/x/#entry-3"
        )
    ).encode()
    (item,) = cl.items_from_bytes(body, "c", None)
    assert (item.key, item.court) == ("cl:docket:9:entry:3", "courtlistener")
