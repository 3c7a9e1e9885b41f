"""CSV export: BOM, columns, local dates and refused formulas."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from bot.delivery.alert_view import alert_id
from bot.organizer.export import COLUMNS, file_name, safe_cell, to_csv
from tests.bot.organizer.helpers import facts


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_starts_with_bom_and_header():
    """The file is UTF-8 with a BOM, and the first row names the ten columns."""
    data = to_csv([], {}, None)
    assert data.startswith(b"\xef\xbb\xbf")
    assert rows(data) == [list(COLUMNS)]
    assert COLUMNS == (
        "date", "prosecutor", "office", "event type", "headline", "outlet", "link",
        "also reported by", "alert id", "feedback",
    )  # fmt: skip


def test_row_values():
    """One alert's row: local date, names, type, headline, outlet, link, others, id, feedback."""
    alert = facts(
        7,
        title="Gascón faces recall vote",
        when=datetime(2026, 3, 2, 3, 30, tzinfo=UTC),
        also_reported_by=("Bay Ledger", "Valley Post"),
    )
    data = to_csv([alert], {alert.alert_key: "not_relevant"}, "America/Los_Angeles")
    assert rows(data)[1] == [
        "2026-03-01 19:30",
        "Alex Rivera",
        "District Attorney, Harbor County, CA",
        "recall",
        "Gascón faces recall vote",
        "Harbor Times",
        "https://news.example/7",
        "Bay Ledger; Valley Post",
        alert_id(alert.alert_key),
        "not_relevant",
    ]


def test_every_cell_quoted():
    """Every cell is quoted, so separators and newlines inside stay in their cell."""
    data = to_csv([facts(1, title='Split, "quoted"\nheadline')], {}, None).decode("utf-8-sig")
    assert data.splitlines()[0].startswith('"date","prosecutor"')
    assert rows(data.encode())[1][4] == 'Split, "quoted"\nheadline'


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "  =1+1", "＝1"],
)
def test_formula_starts_are_defused(text):
    """A cell starting like a formula (OWASP's = + - @ tab CR) gets a leading apostrophe."""
    assert safe_cell(text).startswith("'")
    alert = facts(1, title=text)
    assert rows(to_csv([alert], {}, None))[1][4].startswith("'")


def test_outlet_formula_defused():
    """The outlet column is defused too (it comes from feeds)."""
    alert = facts(1, outlet="@evil")
    assert rows(to_csv([alert], {}, None))[1][5] == "'@evil"


def test_plain_text_unchanged():
    """Ordinary text, including a hyphen inside, is left alone."""
    assert safe_cell("Re-election campaign") == "Re-election campaign"


def test_controls_and_bidi_removed():
    """NUL, other controls and bidi overrides are dropped from cells."""
    assert safe_cell("Ri\x00ve\u202era\x07") == "Rivera"


def test_file_name_safe():
    """The file name holds only safe characters."""
    assert file_name("Harbor / Organizers!", "2026-03-01") == (
        "prosecutor-watch-harbor-organizers-2026-03-01.csv"
    )
    assert file_name("///", "2026-03-01") == "prosecutor-watch-server-2026-03-01.csv"
