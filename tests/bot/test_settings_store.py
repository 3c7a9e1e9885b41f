"""Settings for the store engine and the workers: [store] engine, DATABASE_URL, [workers]."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError, load_settings

URL = "postgresql://bot:s3cr3t-pw@db.internal:5432/watch"


def write(tmp_path, text: str):
    path = tmp_path / "settings.toml"
    path.write_text(text)
    return path


def test_postgres_engine_takes_database_url_from_the_environment(tmp_path, monkeypatch):
    """engine = "postgres" reads DATABASE_URL; neither it nor its password shows in repr, and
    both are among the secrets the log filter scrubs."""
    monkeypatch.setenv("DATABASE_URL", URL)
    settings = load_settings(write(tmp_path, '[store]\nengine = "postgres"\n'))
    assert settings.store.database_url == URL
    assert "s3cr3t-pw" not in repr(settings)
    assert {URL, "s3cr3t-pw"} <= set(settings.secrets)


def test_postgres_engine_without_database_url_names_it(tmp_path, monkeypatch):
    """Choosing PostgreSQL with no DATABASE_URL stops start-up with one line naming it."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(SettingsError, match="DATABASE_URL"):
        load_settings(write(tmp_path, '[store]\nengine = "postgres"\n'))


def test_database_url_in_the_file_is_refused(tmp_path):
    """The URL holds a password: it may only come from the environment."""
    with pytest.raises(SettingsError, match="environment"):
        load_settings(write(tmp_path, f'[store]\ndatabase_url = "{URL}"\n'))


def test_unknown_engine_is_refused(tmp_path):
    """Only tinydb and postgres exist."""
    with pytest.raises(SettingsError, match=r"store\.engine"):
        load_settings(write(tmp_path, '[store]\nengine = "mongo"\n'))


def test_lease_shorter_than_two_fetch_deadlines_is_refused(tmp_path):
    """A lease that could end while its worker still fetches is refused, naming both keys."""
    text = "[fetch]\ndeadline = 30.0\n[workers]\nlease_seconds = 45\n"
    with pytest.raises(SettingsError, match=r"workers\.lease_seconds.*fetch\.deadline"):
        load_settings(write(tmp_path, text))


def test_worker_keys_are_read(tmp_path):
    """[workers] values reach the settings."""
    text = "[workers]\nbatch_size = 8\nlanes = 3\nlease_seconds = 120\nidle_seconds = 0.5\n"
    workers = load_settings(write(tmp_path, text)).workers
    assert (workers.batch_size, workers.lanes, workers.lease_seconds, workers.idle_seconds) == (
        8, 3, 120, 0.5,
    )  # fmt: skip
