"""`run_bot.py export --guild ID`: the CSV from the shell, while the bot holds the store (the
command runs in this process: tests/cli.py)."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

from bot import guilds
from bot.cycle.alerts import alert_record
from bot.store import Store
from bot.store.tinydb import TinyStore
from feeds.models import Event
from tests.bot.helpers import NOW, PERSON, item, match
from tests.cli import Ran, run_cli

A, B = "111", "222"


async def _fill(store: Store) -> None:
    async with store.transaction() as tx:
        await guilds.watch(tx, A, PERSON, 10)
        await tx.guilds.set_timezone(A, "America/Los_Angeles")
        alerts = [
            alert_record(Event(item(n, f"Recall story {n}", hours_ago=n), match()), PERSON, NOW)
            for n in (1, 30)
        ]
        await tx.alerts.add([alerts[0], dataclasses.replace(alerts[1], title="=cmd|' /C calc'!A0")])
        await tx.guilds.add_watch(B, dataclasses.replace(PERSON, id="someone-else"))


def _run(config: Path, *args: str) -> Ran:
    """`run_bot.py export` (in this process: tests/cli.py), the CSV's bytes as written."""
    return run_cli("--config", str(config), "export", *args)


def _config(tmp_path: Path, store_path: Path) -> Path:
    config = tmp_path / "settings.toml"
    config.write_text(f'[store]\npath = "{store_path}"\n')
    return config


async def test_export_while_the_store_is_open(tmp_path):
    """With the bot's store open (its lock held), export prints that server's CSV: local
    dates, oldest first, formulas defused; the count goes to stderr."""
    path = tmp_path / "store.json"
    store = TinyStore.open(path)
    try:
        await _fill(store)
        proc = _run(_config(tmp_path, path), "--guild", A)
    finally:
        await store.close()
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(proc.stdout_bytes.decode("utf-8-sig"), newline="")))
    assert [r[4] for r in rows[1:]] == ["'=cmd|' /C calc'!A0", "Recall story 1"]
    assert rows[1][0] == "2026-11-18 22:00"  # 06:00 UTC on the 19th is 22:00 PST the day before
    assert "2 alerts to stdout; dates in America/Los_Angeles" in proc.stderr


async def test_export_other_server_and_unknowns(tmp_path):
    """Server B's export has none of A's alerts; an unknown server or prosecutor is one line."""
    path = tmp_path / "store.json"
    store = TinyStore.open(path)
    await _fill(store)
    await store.close()
    config = _config(tmp_path, path)
    other = _run(config, "--guild", B)
    assert other.returncode == 0 and other.stdout_bytes.decode("utf-8-sig").count("\n") == 1
    unknown = _run(config, "--guild", "999")
    assert unknown.returncode == 2 and "no server 999" in unknown.stderr
    nobody = _run(config, "--guild", A, "--prosecutor", "Nobody")
    assert nobody.returncode == 2 and "does not watch 'Nobody'" in nobody.stderr
    bad = _run(config, "--guild", A, "--since", "whenever")
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_export_without_a_store(tmp_path):
    """No store file yet: one clear line, exit 2."""
    proc = _run(_config(tmp_path, tmp_path / "missing.json"), "--guild", A)
    assert proc.returncode == 2 and "no store at" in proc.stderr
