"""Directory CSV import: every bad row reported on its own line, names and states normalised."""

from __future__ import annotations

from datetime import date

import pytest

from feeds.directory import bundled
from feeds.directory_import import DirectoryImportError, check_against, parse_csv
from feeds.match.offices import period_of

HEADER = "name,office,jurisdiction,state,aliases,term_start,term_end\n"


def problems(body: str) -> list[str]:
    with pytest.raises(DirectoryImportError) as info:
        parse_csv((HEADER + body).encode())
    return info.value.problems


def test_good_rows_become_offices_with_holders():
    """Rows of one office become one office with its holders in term order."""
    [office] = parse_csv(
        (
            HEADER
            + "Ada Stone,District Attorney,Harbor County,CA,,2012-01-02,2020-01-06\n"
            + "Ben Okafor,District Attorney,Harbor County,CA,B. Okafor;Benji Okafor,2020-01-06,\n"
        ).encode()
    )
    assert (office.office, office.jurisdiction, office.state) == (
        "District Attorney",
        "Harbor County",
        "CA",
    )
    assert [(h.name, h.start, h.end) for h in office.holders] == [
        ("Ada Stone", date(2012, 1, 2), date(2020, 1, 6)),
        ("Ben Okafor", date(2020, 1, 6), None),
    ]
    assert office.holders[1].aliases == ("B. Okafor", "Benji Okafor")


def test_last_first_names_titles_and_nicknames_are_normalised():
    """ "Stone, Ada", "Hon. Ada Stone" and a quoted nickname give the name news uses."""
    offices = parse_csv(
        (
            HEADER
            + '"Stone, Ada",District Attorney,Harbor County,CA,,,\n'
            + 'Robert "Bob" Lane,County Attorney,Lake County,Minnesota,,2019-01-01,\n'
        ).encode()
    )
    holders = {h.name: h for o in offices for h in o.holders}
    assert set(holders) == {"Ada Stone", "Robert Lane"}
    assert holders["Robert Lane"].aliases == ("Bob Lane",)
    assert {o.state for o in offices} == {"CA", "MN"}


def test_a_byte_order_mark_is_accepted():
    """A spreadsheet's UTF-8 BOM before the header is fine."""
    body = HEADER + "Ada Stone,District Attorney,Harbor County,CA,,,\n"
    [office] = parse_csv(b"\xef\xbb\xbf" + body.encode())
    assert office.holders[0].name == "Ada Stone"


def test_each_bad_row_gets_one_line():
    """Every bad row is reported with its line number and what is wrong."""
    got = problems(
        "Ada Stone,District Attorney,Harbor County,ZZ,,,\n"
        "Cher,District Attorney,Harbor County,CA,,,\n"
        "Ben Okafor,District Attorney,Harbor County,CA,,2020-02-30,\n"
        "Cleo Park,District Attorney,Harbor County,CA,,2021-01-01,2020-01-01\n"
        "Dee Ruiz,,Harbor County,CA,,,\n"
        "Eve Li,District Attorney,Harbor County,CA,,,2020-01-01\n"
    )
    assert got == [
        "line 2: 'state' must be a US state (postal code or name), not 'ZZ'",
        "line 3: 'name' needs a first and a last name, got 'Cher'",
        "line 4: 'term_start' must be a date written YYYY-MM-DD, not '2020-02-30'",
        "line 5: 'term_end' (2020-01-01) is before 'term_start' (2021-01-01)",
        "line 6: missing or empty 'office'",
        "line 7: 'term_end' given without 'term_start'",
    ]


def test_extra_cells_are_a_bad_row():
    """A row with more cells than the header has columns is refused."""
    assert problems("Ada Stone,District Attorney,Harbor County,CA,,,,surprise\n") == [
        "line 2: more cells than columns"
    ]


def test_unknown_and_missing_columns_are_named():
    """A misspelt column and a missing required one are both reported."""
    with pytest.raises(DirectoryImportError) as info:
        parse_csv(b"name,office,jurisdiction,termstart\nAda Stone,DA,Harbor County,2020-01-01\n")
    assert info.value.problems == [
        "unknown column(s) 'termstart'; columns are name, office, jurisdiction, state, "
        "aliases, term_start, term_end",
        "missing column(s): state",
    ]


def test_overlapping_terms_in_the_file_are_refused():
    """Two rows for one office whose terms overlap are an error naming the lines."""
    got = problems(
        "Ada Stone,District Attorney,Harbor County,CA,,2010-01-01,2019-01-01\n"
        "Ben Okafor,District Attorney,Harbor County,CA,,2018-01-01,\n"
    )
    assert len(got) == 1 and got[0].startswith("lines 2, 3 (District Attorney, Harbor County)")
    assert "overlaps" in got[0]


def test_duplicate_rows_are_refused():
    """The same person, office and start twice is an error naming the first line."""
    row = "Ada Stone,District Attorney,Harbor County,CA,,2010-01-01,\n"
    assert problems(row + row) == ["line 3: same person, office and term_start as line 2"]


def test_not_utf8_and_empty_files_are_refused():
    """A file that is not UTF-8, or has no rows, is one clear problem."""
    with pytest.raises(DirectoryImportError, match="not UTF-8"):
        parse_csv(HEADER.encode() + b"Ad\xe9 Stone,DA,X,CA,,,\n")
    with pytest.raises(DirectoryImportError, match="no rows"):
        parse_csv(HEADER.encode())
    with pytest.raises(DirectoryImportError, match="empty file"):
        parse_csv(b"")


def test_terms_overlapping_the_bundled_directory_are_refused():
    """A new holder whose term overlaps a bundled holder's is refused with a hint."""
    offices = parse_csv(
        (HEADER + "Pat Poe,District Attorney,Los Angeles County,CA,,2023-01-01,\n").encode()
    )
    with pytest.raises(DirectoryImportError) as info:
        check_against(offices, bundled().history)
    [problem] = info.value.problems
    assert "George Gascón's term" in problem and "add a row for them with term_end" in problem


def test_ending_a_bundled_term_lets_a_successor_in():
    """A row ending the bundled holder's term makes room for the successor."""
    offices = parse_csv(
        (
            HEADER
            + "Nathan Hochman,District Attorney,Los Angeles County,CA,,2024-12-02,2028-12-04\n"
            + "Pat Poe,District Attorney,Los Angeles County,CA,,2028-12-04,\n"
        ).encode()
    )
    check_against(offices, bundled().history)  # no error
    merged = bundled().with_offices(offices)
    assert merged.get("pat-poe").jurisdiction == "Los Angeles County"
    la = merged.history.get(offices[0].key)
    assert la.holder_on(period_of("2029-06-01")).name == "Pat Poe"
    assert la.holder_on(period_of("2026-06-01")).name == "Nathan Hochman"
