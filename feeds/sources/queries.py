"""Source URLs for a watched prosecutor, built from the query templates in config/sources.toml.

Organizers never type a feed URL: watching "George Gascón" fills each enabled template with the
name spelled with and without accents, the surname next to the office title or the place
(headlines often say only "Gascón" or "the district attorney"), and the office as a court party.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from anyascii import anyascii

from feeds.models import Prosecutor, SourceKind

DEFAULT_TEMPLATES_PATH = Path(__file__).resolve().parents[2] / "config" / "sources.toml"
DEFAULT_INTERVAL = 900
COURTLISTENER = "https://www.courtlistener.com"
# Appellate courts run NextGen CM/ECF, whose feed lives behind the TransportRoom servlet.
_APPELLATE_RSS = (
    "https://ecf.{court}.uscourts.gov/n/beam/servlet/TransportRoom?servlet=RSSGenerator"
)
_DISTRICT_RSS = "https://ecf.{court}.uscourts.gov/cgi-bin/rss_outside.pl"
# Courts whose public feed is elsewhere (juriscraper keeps the same list).
_SPECIAL_RSS = {
    "nyed": "https://ecf.nyed.uscourts.gov/cgi-bin/readyDockets.pl",
    "ared": "https://ecf.ared.uscourts.gov/cgi-bin/rss_outside4.pl",
    "ilnb": "https://tdi.ilnb.uscourts.gov/wwwroot/RSS/rss_outside.xml",
}
_COURT_ID = re.compile(r"^[a-z]{2,4}\d{0,2}[a-z]?$")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One source to poll. `id` is stable, so re-watching a person reuses its history."""

    id: str
    kind: SourceKind
    url: str
    label: str
    prosecutor_id: str | None = None
    # Name of the environment variable holding an `Authorization: Token` value, if any.
    headers_env: str | None = None
    interval: int = DEFAULT_INTERVAL


def load_templates(path: str | Path | None = None) -> dict[str, Any]:
    """The parsed sources.toml (templates, intervals, pacer courts)."""
    with open(path or DEFAULT_TEMPLATES_PATH, "rb") as handle:
        return tomllib.load(handle)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-") or "x"


def _variants(*texts: str) -> list[str]:
    """Each text as written and without accents, duplicates and blanks dropped."""
    out: dict[str, None] = {}
    for text in texts:
        text = " ".join(text.split())
        if text:
            out.setdefault(text)
            out.setdefault(anyascii(text))
    return list(out)


def _any_of(terms: Iterable[str]) -> str:
    quoted = ['"' + term.replace('"', "") + '"' for term in terms if len(term) >= 3]
    if len(quoted) <= 1:
        return quoted[0] if quoted else ""
    return "(" + " OR ".join(quoted) + ")"


def places(jurisdiction: str) -> list[str]:
    """ "Manhattan (New York County)" -> Manhattan, New York County; "City of St. Louis" -> both."""
    inside = re.findall(r"\(([^)]*)\)", jurisdiction)
    outside = re.sub(r"\([^)]*\)", "", jurisdiction).strip(" ,")
    found = [outside]
    for part in inside:
        # "Orange and Osceola counties" is a description, not a name anyone writes.
        if " and " not in part and not part.lower().endswith("counties"):
            found.append(part.strip())
    for place in list(found):
        short = re.sub(r"^City of |\s+City$", "", place)
        if short != place and len(short.split()) >= 1:
            found.append(short)
    return _variants(*found)


def surnames(name: str) -> list[str]:
    words = name.split()
    found = [words[-1]] if words else []
    if len(words) >= 3:
        found.append(" ".join(words[-2:]))  # "Verber Salazar"
    return _variants(*found)


def query_fields(prosecutor: Prosecutor) -> dict[str, str]:
    """Values a template may use, unencoded; `{x}` in a URL becomes quote(value)."""
    names = _variants(prosecutor.name, *prosecutor.aliases)
    office = prosecutor.office.strip()
    context = _any_of([office.lower(), *places(prosecutor.jurisdiction)])
    # Courts list the office as a party: "Los Angeles County District Attorney's Office".
    home = places(prosecutor.jurisdiction)
    office_party = _variants(f"{home[0]} {office}" if home else office)
    return {
        "name": prosecutor.name,
        "name_ascii": anyascii(prosecutor.name),
        "names": _any_of(names),
        "surnames": _any_of(surnames(prosecutor.name)),
        "office": _any_of([office.lower()]),
        "places": _any_of(places(prosecutor.jurisdiction)),
        "context": context,
        "office_party": _any_of(office_party),
        "jurisdiction": prosecutor.jurisdiction,
        "state": prosecutor.state,
    }


def fill(template: str, fields: Mapping[str, str]) -> str:
    """`{field}` replaced by the field; in a query value, not a URL (see `url_for`)."""
    return " ".join(_PLACEHOLDER.sub(lambda m: fields.get(m.group(1), ""), template).split())


def url_for(url_template: str, query: str, fields: Mapping[str, str]) -> str:
    """The template URL with `{q}` the percent-encoded query and other fields encoded too."""
    values = {**fields, "q": query}
    return _PLACEHOLDER.sub(lambda m: quote(values.get(m.group(1), ""), safe=""), url_template)


def _active(
    name: str, spec: Mapping[str, Any], enabled: set[str], environ: Mapping[str, str]
) -> bool:
    if name not in enabled and str(spec.get("kind", name)) not in enabled:
        return False
    needed = spec.get("requires_env")
    return not needed or bool(environ.get(needed))


def source_specs(
    prosecutor: Prosecutor,
    templates: Mapping[str, Any],
    enabled: Iterable[str],
    environ: Mapping[str, str] | None = None,
) -> list[SourceSpec]:
    """Sources for one prosecutor from the enabled templates (by template name or by kind).

    `templates` is the whole sources.toml mapping or just its `[templates]` table. A template
    with `requires_env` is used only when that variable is set (CourtListener's API token), and
    one with `replaced_by` steps aside when that template is active.
    """
    environ = os.environ if environ is None else environ
    table = templates.get("templates", templates)
    intervals = templates.get("intervals", {}) if "templates" in templates else {}
    wanted = {str(e) for e in enabled}
    active = {
        name: spec
        for name, spec in table.items()
        if isinstance(spec, Mapping) and _active(name, spec, wanted, environ)
    }
    fields = query_fields(prosecutor)
    specs = []
    for name, spec in active.items():
        if spec.get("replaced_by") in active:
            continue
        kind = SourceKind(spec.get("kind", name))
        query = fill(spec.get("query", "{names}"), fields)
        interval = spec.get("interval") or intervals.get(name) or intervals.get(str(kind))
        specs.append(
            SourceSpec(
                id=f"{name}:{slug(prosecutor.id)}",
                kind=kind,
                url=url_for(spec["url"], query, fields),
                label=f"{spec.get('label', name)}: {prosecutor.name}",
                prosecutor_id=prosecutor.id,
                headers_env=spec.get("requires_env") or spec.get("headers_env"),
                interval=int(interval or DEFAULT_INTERVAL),
            )
        )
    return specs


def pacer_feed_url(court_id: str) -> str:
    """The public CM/ECF RSS feed of a court: district/bankruptcy form, or appellate NextGen."""
    court = court_id.strip().lower()
    if not _COURT_ID.match(court):
        raise ValueError(f"not a PACER court id: {court_id!r}")
    if court in _SPECIAL_RSS:
        return _SPECIAL_RSS[court]
    if court in ("cadc", "cafc", "cavc") or court[-1].isdigit():
        return _APPELLATE_RSS.format(court=court)
    return _DISTRICT_RSS.format(court=court)


def pacer_specs(courts: Iterable[str], interval: int = 3600) -> list[SourceSpec]:
    """One source per configured court; shared by every watched prosecutor (matched later)."""
    return [
        SourceSpec(
            id=f"pacer:{court.strip().lower()}",
            kind=SourceKind.PACER,
            url=pacer_feed_url(court),
            label=f"PACER {court.strip().lower()}",
            interval=interval,
        )
        for court in dict.fromkeys(courts)
    ]


def courtlistener_docket_feed(docket_id: int | str) -> str:
    """The Atom feed of one CourtListener docket's new entries."""
    text = str(docket_id).strip()
    if not text.isdigit():
        raise ValueError(f"not a CourtListener docket id: {docket_id!r}")
    return f"{COURTLISTENER}/docket/{int(text)}/feed/"
