"""The user directory file: imports merge all rows or none, atomically; the bot sees changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.directory_file import (
    DirectoryFileError,
    LiveDirectory,
    import_csv,
    load_user_offices,
)
from feeds.directory_import import DirectoryImportError
from tests.cli import Ran, run_cli

HEADER = "name,office,jurisdiction,state,aliases,term_start,term_end\n"
ADA = "Ada Stone,District Attorney,Harbor County,CA,,2021-01-04,\n"
BEN = "Ben Okafor,County Attorney,Lake County,MN,,2019-01-07,\n"


def write(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_import_merges_with_earlier_imports(tmp_path):
    """A second import adds to the user directory; the first import's people stay."""
    user = tmp_path / "directory.json"
    import_csv(write(tmp_path / "a.csv", ADA), user)
    summary = import_csv(write(tmp_path / "b.csv", BEN), user)
    assert (summary.rows, summary.people, summary.offices) == (1, 1, 1)
    names = sorted(h.name for o in load_user_offices(user) for h in o.holders)
    assert names == ["Ada Stone", "Ben Okafor"]


def test_reimport_replaces_a_persons_terms(tmp_path):
    """Importing a person's office again replaces their terms there (an end date added)."""
    user = tmp_path / "directory.json"
    import_csv(write(tmp_path / "a.csv", ADA), user)
    import_csv(
        write(
            tmp_path / "b.csv",
            "Ada Stone,District Attorney,Harbor County,CA,,2021-01-04,2025-01-06\n",
        ),
        user,
    )
    [office] = load_user_offices(user)
    assert [(h.name, str(h.end)) for h in office.holders] == [("Ada Stone", "2025-01-06")]


def test_one_bad_row_imports_nothing(tmp_path):
    """A file with one bad row leaves the user directory exactly as it was."""
    user = tmp_path / "directory.json"
    import_csv(write(tmp_path / "a.csv", ADA), user)
    before = user.read_bytes()
    bad = write(tmp_path / "b.csv", BEN, "Cleo Park,District Attorney,Harbor County,XX,,,\n")
    with pytest.raises(DirectoryImportError) as info:
        import_csv(bad, user)
    assert info.value.problems == [
        "line 3: 'state' must be a US state (postal code or name), not 'XX'"
    ]
    assert user.read_bytes() == before


def test_failed_write_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    """If the final rename fails, the old file is intact and no temp file is left behind."""
    user = tmp_path / "directory.json"
    import_csv(write(tmp_path / "a.csv", ADA), user)
    before = user.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        import_csv(write(tmp_path / "b.csv", BEN), user)
    assert user.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv", "directory.json"]


def test_unreadable_user_directory_is_a_clear_error(tmp_path):
    """A damaged user directory file is reported with its path; imports refuse to run."""
    user = tmp_path / "directory.json"
    user.write_text("{not json", encoding="utf-8")
    with pytest.raises(DirectoryFileError, match=r"directory\.json is not readable"):
        import_csv(write(tmp_path / "a.csv", ADA), user)
    assert user.read_text(encoding="utf-8") == "{not json"


def test_live_directory_sees_an_import_and_survives_damage(tmp_path):
    """The running bot's directory picks up an import, and keeps it if the file breaks."""
    user = tmp_path / "directory.json"
    live = LiveDirectory(user)
    assert live.current().get("ada-stone") is None
    import_csv(write(tmp_path / "a.csv", ADA), user)
    assert live.current().get("ada-stone").jurisdiction == "Harbor County"
    user.write_text("[]", encoding="utf-8")
    assert live.current().get("ada-stone") is not None


def _run(tmp_path: Path, *args: str) -> Ran:
    settings = tmp_path / "settings.toml"
    settings.write_text(f'[directory]\npath = "{tmp_path / "directory.json"}"\n', "utf-8")
    return run_cli("--config", str(settings), *args)


def test_cli_import_reports_success(tmp_path):
    """`run_bot.py directory import` says what it merged and where; exit 0."""
    proc = _run(tmp_path, "directory", "import", str(write(tmp_path / "a.csv", ADA, BEN)))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        f"imported 2 rows (2 people, 2 offices) into {tmp_path / 'directory.json'}\n"
    )


def test_cli_import_lists_every_bad_row_and_changes_nothing(tmp_path):
    """Each bad row is one 'error:' line on stderr, exit 2, and no directory is written."""
    csv_path = write(
        tmp_path / "bad.csv",
        "Ada Stone,District Attorney,Harbor County,CA,,2021-01-04,2020-01-01\n",
        "Ben,County Attorney,Lake County,MN,,,\n",
    )
    proc = _run(tmp_path, "directory", "import", str(csv_path))
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "error: line 2: 'term_end' (2020-01-01) is before 'term_start' (2021-01-04)",
        "error: line 3: 'name' needs a first and a last name, got 'Ben'",
        f"nothing imported from {csv_path}",
    ]
    assert not (tmp_path / "directory.json").exists()


def test_cli_import_missing_file_is_one_line(tmp_path):
    """A CSV path that does not exist is one error line, exit 2."""
    proc = _run(tmp_path, "directory", "import", str(tmp_path / "nope.csv"))
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0].startswith("error: ")
    assert "No such file" in proc.stderr
