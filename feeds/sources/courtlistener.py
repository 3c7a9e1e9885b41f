"""CourtListener: Atom search and docket feeds, API v4 search results, webhook bodies.

Every form names the same things by CourtListener's ids, so the keys agree whichever way an
item arrived: `cl:opinion:<cluster id>`, `cl:docket:<docket id>` and
`cl:docket:<docket id>:entry:<entry number>`. An entry seen in a docket feed, then again in a
webhook docket alert, is one item.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from feeds.links import safe_link
from feeds.models import Item
from feeds.safe_parse import FeedError, safe_feedparse
from feeds.sources.courtlistener_delivery import (  # noqa: F401 - re-exported for the receiver
    API_PER_HOUR,
    API_PER_MINUTE,
    ApiBudget,
    DeliveryLog,
    parse_webhook_body,
    webhook_idempotency_key,
)
from feeds.sources.rss import digest, entry_published, entry_summary
from feeds.story import story_key
from feeds.text import parsed_time, plain_text

BASE = "https://www.courtlistener.com"

WEBHOOK_DOCKET_ALERT = 1
WEBHOOK_SEARCH_ALERT = 2

_OPINION_PATH = re.compile(r"/opinion/(\d+)/")
_DOCKET_PATH = re.compile(r"/docket/(\d+)/")
_ENTRY_ANCHOR = re.compile(r"#entry-(\d+)$")
_MINUTE_ANCHOR = re.compile(r"#minute-entry-(\d+)$")
_ENTRY_TITLE = re.compile(r"^(?:Entry #(\w+)|Minute entry from [^ ]+) in (.+)$")
_FEED_TITLE = re.compile(r"^Docket updates for (.+)$")
_IA_COURT = re.compile(r"gov\.uscourts\.([a-z0-9]+)\.")
# An entry's label is its first clause: "ORDER granting 12 Motion ... . Signed by Judge X".
_LABEL_END = re.compile(r"\.\s|\s\((?:Attachments|Entered)|\s+by\s+(?=[A-Z])|;\s")


def _text(value: Any, limit: int = 4000) -> str:
    return plain_text(value, limit) if isinstance(value, str) else ""


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    moment = moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(UTC)
    return parsed_time(moment.utctimetuple())


def _url(path: Any) -> str | None:
    if not isinstance(path, str) or not path:
        return None
    return safe_link(path if path.startswith("http") else BASE + path)


def _id(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    return text if re.fullmatch(r"\d{1,20}", text) else None


def entry_label(description: str) -> str:
    """A docket entry's first clause, short enough for an alert line."""
    label = _LABEL_END.split(description, maxsplit=1)[0].strip(" .;,")
    return label[:160]


def split_docket_title(text: str) -> tuple[str, str | None]:
    """ "Case Name, 1:16-cv-00745" -> ("Case Name", "1:16-cv-00745")."""
    head, sep, tail = text.rpartition(", ")
    if sep and re.search(r"\d", tail) and " " not in tail.strip():
        return head.strip(), tail.strip()
    return text.strip(), None


def _case_from_slug(url: str | None) -> str | None:
    match = re.search(r"/docket/\d+/(?:\d+/)*([a-z0-9-]+)/", url or "")
    if not match:
        return None
    words = match.group(1).replace("-v-", " v. ").split("-")
    return " ".join(words).strip().title().replace(" V. ", " v. ") or None


def _item(**fields: Any) -> Item:
    title = fields.pop("title")
    return Item(title=title[:1000], story_key=story_key(title), **fields)


# Atom feeds -------------------------------------------------------------------------------


def _atom_items(body: bytes, source_id: str, content_type: str | None) -> list[Item]:
    parsed = safe_feedparse(body, content_type)
    feed_title = _text(parsed.feed.get("title"), 300)
    docket_match = _FEED_TITLE.match(feed_title)
    items = []
    for entry in parsed.entries:
        title = _text(entry.get("title"), 1000)
        link = _url(entry.get("link"))
        summary = entry_summary(entry)
        author = _text(entry.get("author"), 200)
        court = author if author and author != "Free Law Project" else None
        published = entry_published(entry)
        entry_match = _ENTRY_TITLE.match(title)
        docket_id = _DOCKET_PATH.search(link or "")
        case_text = (
            entry_match.group(2)
            if entry_match is not None
            else docket_match.group(1)
            if docket_match is not None
            else None
        )
        if case_text is not None:
            case_name, number = split_docket_title(case_text)
            anchor = _ENTRY_ANCHOR.search(link or "") or _MINUTE_ANCHOR.search(link or "")
            kind = "entry" if anchor and "#entry-" in (link or "") else "minute"
            ref = anchor.group(1) if anchor else digest(title, summary)[:16]
            key = f"cl:docket:{docket_id.group(1) if docket_id else source_id}:{kind}:{ref}"
            label = entry_label(summary) or title
            items.append(
                _item(
                    key=key,
                    source_id=source_id,
                    title=f"{label}: {case_name}" + (f" ({number})" if number else ""),
                    link=link,
                    published=published,
                    summary=summary,
                    court=court or "courtlistener",
                    docket_number=number,
                    case_name=case_name,
                    entry=label,
                    document_number=anchor.group(1) if kind == "entry" and anchor else None,
                )
            )
            continue
        if not title and not summary:
            continue  # nothing an organizer could read
        title = title or summary[:200]
        opinion_id = _OPINION_PATH.search(link or "")
        if opinion_id:
            key, prefix = f"cl:opinion:{opinion_id.group(1)}", "Opinion"
        elif docket_id:
            key, prefix = f"cl:docket:{docket_id.group(1)}", "Docket"
        else:
            key, prefix = f"cl:{source_id}:{digest(title, link, summary)}", ""
        items.append(
            _item(
                key=key,
                source_id=source_id,
                title=f"{prefix}: {title}" if prefix else title,
                link=link,
                published=published,
                summary=summary,
                court=court or "courtlistener",
                case_name=title or None,
                entry=prefix or None,
            )
        )
    # A feed listing one entry twice word for word (PACER-style feeds do) gives one item.
    unique: dict[str, Item] = {}
    for item in items:
        unique.setdefault(item.key, item)
    return list(unique.values())


# API v4 search results (also the body of search-alert webhooks) -----------------------------


def _result_items(result: Mapping[str, Any], source_id: str) -> list[Item]:
    case_name = _text(result.get("caseName") or result.get("case_name"), 500) or None
    number = _text(result.get("docketNumber") or result.get("docket_number"), 100) or None
    court_id = _text(result.get("court_id"), 40) or _text(result.get("court"), 200) or None
    court = court_id or "courtlistener"
    published = _date(result.get("dateFiled") or result.get("date_filed"))
    docket_id = _id(result.get("docket_id"))
    case = f"{case_name or 'Unnamed case'}" + (f" ({number})" if number else "")
    common = {"source_id": source_id, "court": court, "docket_number": number}
    cluster_id = _id(result.get("cluster_id"))
    if cluster_id:
        snippets = [_text(o.get("snippet")) for o in _list(result.get("opinions"))]
        snippets.append(_text(result.get("snippet")))
        status = _text(result.get("status"), 40)
        return [
            _item(
                key=f"cl:opinion:{cluster_id}",
                title=f"Opinion: {case}",
                link=_url(result.get("absolute_url")),
                published=published,
                summary=" … ".join(s for s in snippets if s)[:4000],
                case_name=case_name,
                entry=f"Opinion ({status})" if status else "Opinion",
                **common,
            )
        ]
    documents = _list(result.get("recap_documents"))
    items = []
    for doc in documents:
        if doc.get("attachment_number") not in (None, 0, "0", ""):
            continue  # attachments belong to their main document's entry
        items.append(
            _entry_item(
                doc, docket_id, case_name, source_id=source_id, court=court, docket_number=number
            )
        )
    if items or not docket_id:
        return items
    return [
        _item(
            key=f"cl:docket:{docket_id}",
            title=f"Docket: {case}",
            link=_url(result.get("docket_absolute_url") or result.get("absolute_url")),
            published=published,
            summary=_text(result.get("snippet")) or _parties(result),
            case_name=case_name,
            entry="Docket",
            **common,
        )
    ]


def _parties(result: Mapping[str, Any]) -> str:
    party = result.get("party")
    if isinstance(party, list):
        return "Parties: " + "; ".join(p for p in party if isinstance(p, str))[:2000]
    return ""


def _entry_item(
    doc: Mapping[str, Any],
    docket_id: str | None,
    case_name: str | None,
    *,
    source_id: str,
    court: str,
    docket_number: str | None,
) -> Item:
    """One docket entry from a RECAP document (API search) or a webhook docket-alert entry."""
    description = _text(doc.get("description"))
    short = _text(doc.get("short_description"), 300)
    main_docs = _list(doc.get("recap_documents"))
    if not short and main_docs:
        short = _text(main_docs[0].get("description"), 300)
    entry_number = _id(doc.get("entry_number")) or _id(doc.get("document_number"))
    docket_id = docket_id or _id(doc.get("docket_id")) or _id(doc.get("docket"))
    if docket_id and entry_number:
        key = f"cl:docket:{docket_id}:entry:{entry_number}"
    elif _id(doc.get("id")):
        key = f"cl:docket:{docket_id or '?'}:de:{doc['id']}"
    else:
        key = f"cl:{source_id}:{digest(description, short)}"
    label = short or entry_label(description) or "Docket entry"
    paths = [doc.get("absolute_url"), *(d.get("absolute_url") for d in main_docs)]
    link = next((u for u in map(_url, paths) if u), None)
    if link is None and docket_id:
        link = f"{BASE}/docket/{docket_id}/"
    case_name = case_name or _case_from_slug(link)
    if court == "courtlistener":
        sources = [d.get("filepath_local") or d.get("filepath_ia") for d in [doc, *main_docs]]
        court = next((m.group(1) for s in sources if (m := _IA_COURT.search(str(s or "")))), court)
    case = (case_name or "Unnamed case") + (f" ({docket_number})" if docket_number else "")
    return _item(
        key=key,
        source_id=source_id,
        title=f"{label}: {case}",
        link=link,
        published=_date(doc.get("entry_date_filed") or doc.get("date_filed")),
        summary=description or short,
        court=court,
        docket_number=docket_number,
        case_name=case_name,
        entry=label,
        document_number=entry_number,
    )


def items_from_api_search(
    payload: Mapping[str, Any], source_id: str = "courtlistener"
) -> list[Item]:
    """Items of an API v4 `/search/` response (or a search-alert webhook payload)."""
    results = payload.get("results") if isinstance(payload, Mapping) else None
    if not isinstance(results, list):
        raise FeedError("not_a_feed", "CourtListener JSON without a results list")
    items: dict[str, Item] = {}
    for result in results:
        if isinstance(result, Mapping):
            for item in _result_items(result, source_id):
                items.setdefault(item.key, item)
    return list(items.values())


# Webhooks ---------------------------------------------------------------------------------


def items_from_webhook(
    payload: Mapping[str, Any], source_id: str = "courtlistener:webhook"
) -> list[Item]:
    """Items of one webhook body; events that report no filing (fetch done, old alerts) give []."""
    if not isinstance(payload, Mapping):
        raise FeedError("not_a_feed", "webhook body is not a JSON object")
    meta: Mapping[str, Any] = (
        payload["webhook"] if isinstance(payload.get("webhook"), Mapping) else {}
    )
    body: Mapping[str, Any] = (
        payload["payload"] if isinstance(payload.get("payload"), Mapping) else payload
    )
    event_type = meta.get("event_type")
    results = body.get("results")
    if event_type == WEBHOOK_DOCKET_ALERT and isinstance(results, list):
        items: dict[str, Item] = {}
        for entry in results:
            if isinstance(entry, Mapping):
                item = _entry_item(
                    entry,
                    None,
                    None,
                    source_id=source_id,
                    court="courtlistener",
                    docket_number=None,
                )
                items.setdefault(item.key, item)
        return list(items.values())
    if event_type in (WEBHOOK_SEARCH_ALERT, None) and isinstance(results, list):
        return items_from_api_search(body, source_id)
    return []


def items_from_bytes(body: bytes, source_id: str, content_type: str | None = None) -> list[Item]:
    """Atom search/docket feeds; JSON bodies (API search results, webhook bodies) also work."""
    first = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first in (b"{", b"["):
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise FeedError("parse_error", "CourtListener returned malformed JSON") from exc
        if isinstance(data, dict) and "webhook" in data:
            return items_from_webhook(data, source_id)
        return items_from_api_search(data, source_id)
    return _atom_items(body, source_id, content_type)
