"""PACER CM/ECF RSS: district and bankruptcy `rss_outside.pl`, appellate NextGen, EDNY's feed.

What these feeds do that a generic reader gets wrong:
- the title is "<case number> <case name>", sometimes padded, truncated at a fixed width, or
  HTML-escaped twice (`&amp;amp;`);
- the description is only "[entry label] (<a href=doc1 link>doc number</a>)", bankruptcy courts
  prefix "Type: bk Office: 1 Chapter: 11";
- guids are reused: one per case, or one per filing that several items share when a filing
  carries several event types. Those items are merged (labels joined with " AND ", as
  juriscraper does); items for distinct documents stay distinct.

Docket numbers, case names and entry labels follow juriscraper's PacerRssFeed so the project's
output can be checked against its expected results.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from feeds.links import safe_link
from feeds.models import Item
from feeds.safe_parse import safe_feedparse
from feeds.sources.rss import digest, entry_published
from feeds.story import story_key

UNKNOWN_CASE = "Unknown Case Title"  # juriscraper's placeholder when a title has no case name

_DIST_NUMBER = re.compile(r"(?<!\d)((?:\d{1,2}:)?\d\d-[a-zA-Z]{1,4}-\d{1,10})")
_BANKR_NUMBER = re.compile(r"(?:#:\s+)?((?:\d-)?\d\d-\d*)")
_APPELLATE_NUMBER = re.compile(r"(\d\d-\d+)")
_LABEL = re.compile(r"\[(.*?)\]", re.S)
_DOC_NUMBER = re.compile(r"[\"'] ?>\s*(\d+)\s*</a>", re.I)
_DOC_URL = re.compile(r"href=[\"']([^\"']*/docs?1/[^\"']*)[\"']", re.I)
_DOC_ID = re.compile(r"/docs?1/(\d+)")
_SEQ_NO = re.compile(r"de_seq_num=(\d+)")
_ECF_HOST = re.compile(r"^(?:ecf|tdi)\.([a-z0-9]+)\.uscourts\.gov$")
_APPELLATE_COURTS = frozenset({"cadc", "cafc", "cavc"})


@dataclass(slots=True)
class _Entry:
    docket_number: str
    case_name: str
    raw_title: str
    label: str
    document_number: str | None
    doc_id: str
    seq_no: str | None
    case_id: str | None
    link: str | None
    published: datetime | None
    raw_published: str


def court_from_host(url: str | None) -> str | None:
    """`nysd` from https://ecf.nysd.uscourts.gov/..., else None."""
    if not url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return None
    match = _ECF_HOST.match(host)
    return match.group(1) if match else None


def court_kind(court: str | None) -> str:
    """ "appellate", "bankruptcy", "district", or "unknown" (tries every number form)."""
    if not court:
        return "unknown"
    if court in _APPELLATE_COURTS or court[-1].isdigit():
        return "appellate"
    return "bankruptcy" if court.endswith("b") else "district"


def docket_number(title: str, kind: str) -> str | None:
    if kind == "bankruptcy":
        # Bankruptcy courts also list district-style numbers (adversary and appeal cases).
        patterns = [_DIST_NUMBER, _BANKR_NUMBER]
    elif kind == "appellate":
        patterns = [_APPELLATE_NUMBER]
    elif kind == "district":
        patterns = [_DIST_NUMBER]
    else:
        patterns = [_DIST_NUMBER, _APPELLATE_NUMBER]
    for pattern in patterns:
        match = pattern.search(title)
        if match and match.group(1).strip("-"):
            return match.group(1)
    return None


# Case-name clean-up, written to give the results juriscraper's harmonize() gives on real titles.
_VERSUS = re.compile(r"\s(?:vs\.?|VS\.?|Vs\.?|v\.?)\s")
_ROLE_WORD = re.compile(
    r"^(?:appell(?:ee|ant)s?|claimants?|complainants?|defendants?|devisee|executor|executrix"
    r"|pet(?:\.|itioner)s?|plaintiffs?|respond[ea]nts?|deceased|cross-?(?:respondents?|petitioners?"
    r"|appell(?:ees|ant)s?)|(?:defendants?|petitioners?|plaintiffs?|respond[ea]nts?)(?:--?|/)"
    r"(?:appell(?:ee|ant)s?|defendants?))[,.]?$",
    re.I,
)
_UNITED_STATES = re.compile(
    r"^(?:USA|U\.S\.A\.|U\.S\.?|U\. S\.?|(?:The )?United States of America"
    r"|The United States)[,.]?$",
    re.I,
)
_ET_AL = re.compile(r",?\set\.?\sal\.?", re.I)
_EDGE_JUNK = r"(?:-|–|_|/|;|,|\s)*"


def clean_case_name(text: str) -> str:
    """Parties joined by " v. ", United States spelled one way, "et al" and role words dropped."""
    text = _VERSUS.sub(" v. ", text)
    text = " ".join("" if _ROLE_WORD.match(word) else word for word in text.split())
    parties = []
    for party in text.split(" v. "):
        party = party.strip()
        if _UNITED_STATES.match(party) or party == "US":
            party = "United States"
        elif party.lower() == "the state":
            party = "State"
        parties.append(party)
    text = _ET_AL.sub("", " v. ".join(parties))
    text = re.sub(r"^Nos?\.\s+", "", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("*", "").replace("#", "")
    sides = [re.sub(f"^{_EDGE_JUNK}|{_EDGE_JUNK}$", "", side) for side in text.split(" v. ")]
    return " ".join(" v. ".join(sides).split())


def _unescape(text: str) -> str:
    # Some courts escape titles twice ("Food &amp;amp; Water"); feedparser undoes one level.
    for _ in range(2):
        if "&" not in text:
            break
        text = html.unescape(text)
    return text


def _case_id(link: str | None, kind: str) -> str | None:
    if not link or kind == "appellate" or "?" not in link:
        return None
    param = link.split("?", 1)[1]
    return param.rsplit("-", 1)[1] if "L" in param else param


def _entry(entry: Any, kind: str) -> _Entry | None:
    title = " ".join(_unescape(entry.get("title") or "").split())
    number = docket_number(title, kind) if title else None
    if not number:
        return None
    parts = title.split(" ", 1)
    case_name = clean_case_name(parts[1]) if len(parts) == 2 else ""
    summary = entry.get("summary") or ""
    label_match = _LABEL.search(summary)
    # Kept as the court wrote it (juriscraper does too); readers strip it.
    label = html.unescape(label_match.group(1)) if label_match else ""
    number_match = _DOC_NUMBER.search(summary)
    url_match = _DOC_URL.search(summary)
    doc_url = html.unescape(url_match.group(1)) if url_match else ""
    doc_id_match = _DOC_ID.search(doc_url)
    seq_match = _SEQ_NO.search(doc_url)
    document_number = number_match.group(1) if number_match else None
    doc_id = doc_id_match.group(1) if doc_id_match else ""
    if kind == "appellate" and not document_number and doc_id:
        # Appellate courts that do not number entries link the document as "Document".
        document_number = doc_id
    link = safe_link(entry.get("link"))
    return _Entry(
        docket_number=number,
        case_name=case_name or UNKNOWN_CASE,
        raw_title=parts[1] if len(parts) == 2 else "",
        label=label,
        document_number=document_number,
        doc_id=doc_id,
        seq_no=seq_match.group(1) if seq_match else None,
        case_id=_case_id(link, kind),
        link=link,
        published=entry_published(entry),
        raw_published=(entry.get("published") or entry.get("updated") or "").strip(),
    )


def _same_filing(a: _Entry, b: _Entry) -> bool:
    return (
        a.docket_number == b.docket_number
        and a.case_id == b.case_id
        and a.raw_published == b.raw_published
        and a.doc_id == b.doc_id
    )


def _append_or_merge(entries: list[_Entry], new: _Entry) -> None:
    """One filing with several event types arrives as several items: merge their labels."""
    for old in entries:
        if _same_filing(old, new):
            labels = [part.strip() for part in old.label.split(" AND ")]
            old.label = " AND ".join(sorted([*labels, new.label]))
            return
    entries.append(new)


def _court_name(parsed: Any) -> str | None:
    title = " ".join((parsed.feed.get("title") or "").split())
    title = re.sub(r"\s*-\s*Recent Entries$", "", title)
    return title[:120] or None


def _key(court: str, entry: _Entry) -> str:
    """Docket plus document: the guid is shared by unrelated entries, so it cannot be the key.

    The PACER case id is added because a multi-defendant criminal case lists one filing once
    per defendant's case; those copies share the story key instead, so they alert once.
    """
    key = f"pacer:{court}:{entry.docket_number}:{_document_part(entry)}"
    return f"{key}:{entry.case_id}" if entry.case_id else key


def _document_part(entry: _Entry) -> str:
    if entry.document_number:
        return entry.document_number
    if entry.doc_id or entry.seq_no:
        return f"doc{entry.doc_id}:{entry.seq_no or ''}"
    # Paperless orders have no number: the filing time and label identify them.
    return "t" + digest(entry.raw_published, entry.label.strip(), entry.raw_title)[:16]


def items_from_bytes(body: bytes, source_id: str, content_type: str | None = None) -> list[Item]:
    parsed = safe_feedparse(body, content_type)
    court = (
        court_from_host(parsed.feed.get("link"))
        or next((c for e in parsed.entries if (c := court_from_host(e.get("link")))), None)
        or _court_from_source_id(source_id)
    )
    kind = court_kind(court)
    entries: list[_Entry] = []
    for raw in parsed.entries:
        entry = _entry(raw, kind)
        if entry is not None:
            _append_or_merge(entries, entry)
    court_label = court or "pacer"
    court_name = _court_name(parsed)
    return [_item(entry, source_id, court_label, court_name) for entry in entries]


def _item(entry: _Entry, source_id: str, court: str, court_name: str | None) -> Item:
    label = " ".join(entry.label.split())
    case = f"{entry.case_name} ({entry.docket_number})"
    summary = [f"[{label}]" if label else "", entry.raw_title or entry.case_name]
    if entry.document_number:
        summary.append(f"(document {entry.document_number})")
    if court_name:
        summary.append(f"- {court_name}")
    return Item(
        key=_key(court, entry),
        source_id=source_id,
        title=(f"{label}: {case}" if label else case)[:1000],
        link=entry.link,
        published=entry.published,
        summary=" ".join(part for part in summary if part)[:4000],
        outlet=court_name,
        story_key=story_key(f"{court} {entry.docket_number} {_document_part(entry)} {label}"),
        court=court,
        docket_number=entry.docket_number,
        case_name=entry.case_name,
        entry=entry.label or None,
        document_number=entry.document_number,
    )


def _court_from_source_id(source_id: str) -> str | None:
    # Sources are named "pacer:<court>" by feeds.sources.queries.
    tail = source_id.rsplit(":", 1)[-1].lower()
    return tail if re.fullmatch(r"[a-z]{2,4}\d{0,2}[a-z]?", tail) else None
