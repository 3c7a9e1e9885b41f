"""run_bot.py's PostgreSQL commands: migrate, migrate-store, worker, and run on postgres.

They run in this process (tests/cli.py); tests/faults/test_worker_faults.py runs real
`run_bot.py worker` processes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot import guilds
from bot.clock import utcnow
from bot.cycle import source_registry
from bot.store.postgres.schema import load_migrations
from bot.store.tinydb import TinyStore
from feeds.models import Prosecutor
from tests.cli import Ran, run_cli
from tests.pg_cluster import free_port

UNREACHABLE = f"postgresql://bot:hunter2secret@127.0.0.1:{free_port()}/watch"
ANA = Prosecutor("ana-ortiz", "Ana Ortiz", "District Attorney", "Bay County", "CA")


def run(*args: str, env: dict[str, str] | None = None) -> Ran:
    """The command without DATABASE_URL and DISCORD_TOKEN unless `env` gives them."""
    return run_cli(*args, env=env)


def one_line_error(proc: Ran) -> str:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


@pytest.mark.parametrize("command", ["worker", "migrate", "run"])
def test_unreachable_database_is_one_line_naming_database_url(command: str, tmp_path: Path) -> None:
    """worker, migrate and run (engine postgres) exit 2 with one line naming DATABASE_URL and
    the address, never the password."""
    config = tmp_path / "settings.toml"
    config.write_text('[store]\nengine = "postgres"\n')
    env = {"DATABASE_URL": UNREACHABLE, "DISCORD_TOKEN": "x" * 30}
    line = one_line_error(run("--config", str(config), command, env=env))
    assert line.startswith("error: cannot reach the database at DATABASE_URL")
    assert "127.0.0.1" in line and "connection refused" in line
    assert "hunter2secret" not in line


def test_missing_database_url_is_one_line(tmp_path: Path) -> None:
    """worker without DATABASE_URL says so in one line."""
    assert "DATABASE_URL is not set" in one_line_error(run("worker"))


def test_postgres_engine_without_database_url_is_a_settings_error(tmp_path: Path) -> None:
    """engine = "postgres" with no DATABASE_URL stops at the settings, naming DATABASE_URL."""
    config = tmp_path / "settings.toml"
    config.write_text('[store]\nengine = "postgres"\n')
    assert "DATABASE_URL" in one_line_error(run("--config", str(config), "run"))


def test_migrate_applies_once(pg_url: str) -> None:
    """migrate reports the versions it applied, then that nothing is left to apply."""
    first = run("migrate", env={"DATABASE_URL": pg_url})
    second = run("migrate", env={"DATABASE_URL": pg_url})
    latest = len(load_migrations())
    every = ", ".join(str(v) for v in range(1, latest + 1))
    assert first.returncode == 0, first.stderr
    assert f"schema version {latest} (applied {every})" in first.stdout
    assert f"schema version {latest} (nothing to apply)" in second.stdout


async def _tiny_store(path: Path) -> None:
    store = TinyStore.open(path)
    try:
        async with store.transaction() as tx:
            await guilds.watch(tx, 1, ANA, 10)
            await guilds.subscribe(tx, 1, 2, None, ())
            feed = source_registry.new_source(
                "feed:a", "rss", "https://bay.example/f", guild_id="1"
            )
            await source_registry.add_source(tx, feed)
            await tx.seen.mark(["k1", "k2"], utcnow())
    finally:
        await store.close()


def test_migrate_store_copies_and_is_idempotent(tmp_path: Path, pg_url: str) -> None:
    """migrate-store copies a TinyDB file; a second run finds nothing new to add."""
    path = tmp_path / "store.json"
    asyncio.run(_tiny_store(path))
    first = run("migrate-store", "--from", str(path), "--to", pg_url)
    second = run("migrate-store", "--from", str(path), env={"DATABASE_URL": pg_url})
    assert first.returncode == 0, first.stderr
    assert "new there: sources 1, seen 2, alerts 0, outbox 0, watches 1" in first.stdout
    assert "new there: sources 0, seen 0, alerts 0, outbox 0, watches 1" in second.stdout


def test_migrate_store_from_a_missing_file_is_one_line(tmp_path: Path, pg_url: str) -> None:
    """A --from path that does not exist is refused without creating anything."""
    line = one_line_error(
        run("migrate-store", "--from", str(tmp_path / "nope.json"), "--to", pg_url)
    )
    assert "no such store file" in line
    assert not (tmp_path / "nope.json").exists()
