"""A CSV of prosecutors (name, office, jurisdiction, state, aliases, term_start, term_end)
checked row by row into offices with holders, for the user directory.

Every bad row gets one line saying what is wrong; if any row is bad, nothing is imported.
Names written "Last, First", with a courtesy title ("Hon.") or a quoted nickname are put
in the form news uses (nameparser); a nickname becomes an alias. Aliases are separated by
";" in their cell. State is a postal code or a state name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import us
from nameparser import HumanName

from feeds.directory_records import MAX_FIELD, holder_from_record, text_field
from feeds.match.offices import Holder, Office, OfficeHistory, check_terms

COLUMNS = ("name", "office", "jurisdiction", "state", "aliases", "term_start", "term_end")
REQUIRED = ("name", "office", "jurisdiction", "state")
MAX_BYTES = 5_000_000
MAX_ROWS = 20_000


class DirectoryImportError(ValueError):
    """The file cannot be imported; `problems` has one line per bad row (or file problem)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    office: Office


def parse_csv(data: bytes, source: str = "import") -> list[Office]:
    """The offices the CSV describes, one holder per row; DirectoryImportError if any row is
    bad (all problems listed)."""
    if len(data) > MAX_BYTES:
        raise DirectoryImportError([f"file larger than {MAX_BYTES} bytes"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DirectoryImportError([f"not UTF-8 text (byte {exc.start})"]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    problems = _header_problems(header)
    if problems:
        raise DirectoryImportError(problems)
    reader.fieldnames = header
    rows: list[_Row] = []
    seen: dict[tuple[tuple[str, str, str], str, date | None], int] = {}
    try:
        for n, raw in enumerate(reader, start=2):  # line 1 is the header
            if n - 1 > MAX_ROWS:
                problems.append(f"more than {MAX_ROWS} rows")
                break
            if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
                continue
            try:
                row = _row(raw, n, source)
            except ValueError as exc:
                problems.append(str(exc))
                continue
            holder = row.office.holders[0]
            ident = (row.office.key, holder.slug, holder.start)
            if ident in seen:
                problems.append(
                    f"line {n}: same person, office and term_start as line {seen[ident]}"
                )
                continue
            seen[ident] = n
            rows.append(row)
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: unreadable CSV ({exc})")
    if not rows and not problems:
        problems.append("no rows to import")
    offices = _combine(rows, problems)
    if problems:
        raise DirectoryImportError(problems)
    return offices


def check_against(offices: Iterable[Office], base: OfficeHistory) -> None:
    """DirectoryImportError when the imported terms, laid over `base` (bundled and user
    directory), overlap someone else's term in the same office."""
    offices = list(offices)
    merged = base.merged(offices)
    problems = []
    for o in offices:
        laid = merged.get(o.key) or o
        try:
            check_terms(laid.holders, f"{o.office}, {o.jurisdiction}, {o.state}")
        except ValueError as exc:
            problems.append(
                f"{exc}. To end an earlier holder's term, add a row for them with term_end."
            )
    if problems:
        raise DirectoryImportError(problems)


def _header_problems(header: list[str]) -> list[str]:
    if not header:
        return ["empty file: expected a header line " + ",".join(COLUMNS)]
    problems = []
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        problems.append(
            f"unknown column(s) {', '.join(map(repr, unknown))}; columns are {', '.join(COLUMNS)}"
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    if len(set(header)) != len(header):
        problems.append("a column appears twice in the header")
    return problems


def _row(raw: Mapping[str | None, object], n: int, source: str) -> _Row:
    label = f"line {n}"
    if raw.get(None):
        raise ValueError(f"{label}: more cells than columns")
    cells = {k: v for k, v in raw.items() if k is not None}
    name, aliases = _person_name(text_field(cells, "name", label), label)
    cells = {**cells, "name": name, "aliases": _aliases(cells.get("aliases"), aliases)}
    office, jurisdiction = (text_field(cells, k, label) for k in ("office", "jurisdiction"))
    state = _state(text_field(cells, "state", label), label)
    holder = holder_from_record(cells, label, start_key="term_start")
    return _Row(n, Office(office, jurisdiction, state, (holder,), source=source))


def _person_name(raw: str, label: str) -> tuple[str, list[str]]:
    person = HumanName(raw)
    if not person.first or not person.last:
        raise ValueError(f"{label}: 'name' needs a first and a last name, got {raw!r}")
    parts = [person.first, person.middle, person.last, person.suffix]
    name = " ".join(p for p in parts if p)
    aliases = [f"{person.nickname} {person.last}"] if person.nickname else []
    if len(name) > MAX_FIELD:
        raise ValueError(f"{label}: 'name' longer than {MAX_FIELD} characters")
    return name, aliases


def _aliases(cell: object, extra: list[str]) -> str:
    listed = [a for a in str(cell or "").split(";") if a.strip()]
    return ";".join([*listed, *extra])


def _state(raw: str, label: str) -> str:
    found = us.states.lookup(raw.strip(), use_cache=False) if raw.strip() else None
    if found is None:
        raise ValueError(f"{label}: 'state' must be a US state (postal code or name), not {raw!r}")
    return found.abbr


def _combine(rows: list[_Row], problems: list[str]) -> list[Office]:
    """One Office per office key, its holders from every row; overlapping terms are errors."""
    table: dict[tuple[str, str, str], list[_Row]] = {}
    for row in rows:
        table.setdefault(row.office.key, []).append(row)
    out = []
    for group in table.values():
        first = group[0].office
        holders: tuple[Holder, ...] = tuple(r.office.holders[0] for r in group)
        label = (
            f"lines {', '.join(str(r.line) for r in group)} ({first.office}, {first.jurisdiction})"
        )
        try:
            check_terms(holders, label)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        out.append(
            Office(first.office, first.jurisdiction, first.state, holders, source=first.source)
        )
    return out
