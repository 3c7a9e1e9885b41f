"""Typed settings, read once at start-up from a TOML file and the environment.

Secrets (the Discord token, the CourtListener token, the webhook secret) come only from the
environment and are never part of `repr`, so they cannot reach a log line by accident.
A missing or bad value stops start-up with one line naming the key.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from feeds.models import EventType, SourceKind
from feeds.sources.queries import load_templates

DEFAULT_PATH = Path("config/settings.toml")
EXAMPLE_PATH = Path("config/settings.example.toml")


class SettingsError(Exception):
    """One clear line: which key is wrong and why."""


@dataclass(frozen=True)
class DiscordSettings:
    api_base: str = "https://discord.com/api/v10"
    gateway_url: str = ""  # empty: ask Discord for its gateway
    organizer_role: str = ""  # role name allowed to configure, besides Manage Server
    flood_cap: int = 10  # alerts per channel per cycle; the rest become one summary
    max_watched: int = 200
    max_feeds: int = 50
    token: str = field(default="", repr=False)


@dataclass(frozen=True)
class StoreSettings:
    # "tinydb": one file, one process. "postgres": DATABASE_URL, any number of processes.
    engine: str = "tinydb"
    path: str = "data/prosecutor-watch.json"
    max_connections: int = 10  # per process (postgres)
    database_url: str = field(default="", repr=False)


@dataclass(frozen=True)
class WorkerSettings:
    """`run_bot.py worker` processes (PostgreSQL engine)."""

    batch_size: int = 32  # sources claimed, polled and committed together
    lanes: int = 2  # batches in flight per process: one polls while another commits
    lease_seconds: int = 300  # a source claimed by a worker that died is free again after this
    idle_seconds: float = 5.0  # wait between claims when nothing is due


@dataclass(frozen=True)
class DirectorySettings:
    # The user directory: offices and terms imported with `run_bot.py directory import`.
    path: str = "data/directory.json"


@dataclass(frozen=True)
class PollSettings:
    interval_seconds: int = 300
    backfill_items: int = 0  # newest items a new source may alert on instead of none
    max_age_days: int = 14  # older items are recorded, never alerted
    max_backoff_seconds: int = 6 * 3600
    disable_after_errors: int = 20
    notify_after_errors: int = 3
    parse_workers: int = 2


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = "prosecutor-watch/0.1 (+https://github.com/prosecutor-watch)"
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    deadline: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    concurrency: int = 16
    per_host: int = 2
    allow_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchSettings:
    threshold: float = 0.5


@dataclass(frozen=True)
class SourceSettings:
    enabled: tuple[str, ...] = ("bing_news", "gdelt", "courtlistener")
    pacer_courts: tuple[str, ...] = ()
    courtlistener_token: str = field(default="", repr=False)


@dataclass(frozen=True)
class WebhookSettings:
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = 8787
    secret: str = field(default="", repr=False)


@dataclass(frozen=True)
class Settings:
    discord: DiscordSettings = DiscordSettings()
    store: StoreSettings = StoreSettings()
    directory: DirectorySettings = DirectorySettings()
    poll: PollSettings = PollSettings()
    fetch: FetchSettings = FetchSettings()
    match: MatchSettings = MatchSettings()
    sources: SourceSettings = SourceSettings()
    webhook: WebhookSettings = WebhookSettings()
    workers: WorkerSettings = WorkerSettings()
    log_level: str = "INFO"

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret value, for the log filter that scrubs them."""
        values = (
            self.discord.token,
            self.sources.courtlistener_token,
            self.webhook.secret,
            self.store.database_url,
            urlsplit(self.store.database_url).password or "",
        )
        return tuple(v for v in values if v)


_SECTIONS = {
    "discord": DiscordSettings,
    "store": StoreSettings,
    "directory": DirectorySettings,
    "poll": PollSettings,
    "fetch": FetchSettings,
    "match": MatchSettings,
    "sources": SourceSettings,
    "webhook": WebhookSettings,
    "workers": WorkerSettings,
}
_SECRET_ENV = {
    ("discord", "token"): "DISCORD_TOKEN",
    ("sources", "courtlistener_token"): "COURTLISTENER_TOKEN",
    ("webhook", "secret"): "WEBHOOK_SECRET",
    ("store", "database_url"): "DATABASE_URL",
}


def _coerce(key: str, value: Any, default: Any) -> Any:
    expected = type(default)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise SettingsError(f"setting {key}: expected true or false, got {value!r}")
        return value
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError(f"setting {key}: expected a list of strings, got {value!r}")
        return tuple(value)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or isinstance(value, bool):
        raise SettingsError(f"setting {key}: expected {expected.__name__}, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise SettingsError(f"setting {key}: must be a finite number, got {value!r}")
    if isinstance(value, int | float) and value < 0:
        raise SettingsError(f"setting {key}: must not be negative, got {value!r}")
    return value


def _section(name: str, cls: type, raw: Any) -> Any:
    if not isinstance(raw, dict):
        raise SettingsError(f"setting [{name}]: expected a table")
    defaults = cls()
    known = {f.name for f in fields(cls) if f.repr}
    values = {}
    for key, value in raw.items():
        if key not in known:
            hint = " (secrets come only from the environment)" if (name, key) in _SECRET_ENV else ""
            raise SettingsError(f"setting {name}.{key}: unknown key{hint}")
        values[key] = _coerce(f"{name}.{key}", value, getattr(defaults, key))
    for (section, key), env in _SECRET_ENV.items():
        if section == name and os.environ.get(env):
            values[key] = os.environ[env].strip()
    return cls(**values)


# Values that are accepted by type but would stop polling or delivery without a word: zero
# concurrency never fetches, a zero deadline times every fetch out.
_POSITIVE = (
    ("store", "max_connections"),
    ("workers", "batch_size"),
    ("workers", "lanes"),
    ("workers", "lease_seconds"),
    ("workers", "idle_seconds"),
    ("fetch", "concurrency"),
    ("fetch", "per_host"),
    ("fetch", "deadline"),
    ("fetch", "connect_timeout"),
    ("fetch", "read_timeout"),
    ("fetch", "max_bytes"),
    ("discord", "flood_cap"),
    ("discord", "max_watched"),
    ("discord", "max_feeds"),
    ("poll", "disable_after_errors"),
    ("poll", "notify_after_errors"),
    ("poll", "max_backoff_seconds"),
)


def _validate(settings: Settings) -> None:
    if not 0.0 <= settings.match.threshold <= 1.0:
        raise SettingsError("setting match.threshold: must be between 0 and 1")
    if settings.poll.interval_seconds < 30:
        raise SettingsError("setting poll.interval_seconds: must be at least 30")
    for section, key in _POSITIVE:
        if getattr(getattr(settings, section), key) <= 0:
            raise SettingsError(f"setting {section}.{key}: must be greater than 0")
    if not settings.store.path.strip():
        raise SettingsError("setting store.path: must name a file, got an empty path")
    if Path(settings.store.path).is_dir():
        raise SettingsError(f"setting store.path: {settings.store.path} is a directory, not a file")
    _validate_store(settings)
    known = {k.value for k in SourceKind} | set(load_templates().get("templates", {}))
    for kind in settings.sources.enabled:
        if kind not in known:
            raise SettingsError(f"setting sources.enabled: unknown source kind {kind!r}")
    for url_key in ("api_base", "gateway_url"):
        value = getattr(settings.discord, url_key)
        if value and not value.startswith(("http://", "https://", "ws://", "wss://")):
            raise SettingsError(f"setting discord.{url_key}: expected a URL, got {value!r}")
    if settings.webhook.enabled and len(settings.webhook.secret) < 16:
        raise SettingsError(
            "setting WEBHOOK_SECRET: webhook.enabled needs a secret of 16+ characters in the "
            "environment (it is the webhook URL's last path segment)"
        )
    if settings.log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise SettingsError(f"setting log_level: unknown level {settings.log_level!r}")


def _validate_store(settings: Settings) -> None:
    store, workers = settings.store, settings.workers
    if store.engine not in ("tinydb", "postgres"):
        raise SettingsError(
            f"setting store.engine: expected tinydb or postgres, got {store.engine!r}"
        )
    if store.engine == "postgres" and not store.database_url:
        raise SettingsError(
            'setting DATABASE_URL: store.engine = "postgres" needs DATABASE_URL in the environment'
            " (postgresql://user:password@host:5432/database)"
        )
    # A lease must outlast a whole batch (each fetch ends by its deadline, and a parse by 20 s
    # in a parse worker), or a second worker would take sources the first is still polling.
    if workers.lease_seconds < settings.fetch.deadline * 2:
        raise SettingsError(
            f"setting workers.lease_seconds: must be at least twice fetch.deadline "
            f"({settings.fetch.deadline * 2:g}), got {workers.lease_seconds}"
        )


def load_settings(path: str | Path | None = None) -> Settings:
    """Settings from `path` (default config/settings.toml if it exists) and the environment."""
    raw: dict[str, Any] = {}
    chosen = Path(path) if path else DEFAULT_PATH
    if path or chosen.exists():
        try:
            raw = tomllib.loads(chosen.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SettingsError(f"settings file {chosen} does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"settings file {chosen} is not valid TOML: {exc}") from None
        except UnicodeDecodeError:
            raise SettingsError(f"settings file {chosen} is not UTF-8 text") from None
        except OSError as exc:
            raise SettingsError(f"settings file {chosen} cannot be read: {exc.strerror}") from None
    sections = {}
    for name, cls in _SECTIONS.items():
        sections[name] = _section(name, cls, raw.pop(name, {}))
    log_level = raw.pop("log_level", "INFO")
    if raw:
        raise SettingsError(f"setting {next(iter(raw))}: unknown key")
    if not isinstance(log_level, str):
        raise SettingsError("setting log_level: expected a string")
    settings = Settings(**sections, log_level=log_level)
    _validate(settings)
    return settings


def require_token(settings: Settings) -> str:
    if not settings.discord.token:
        raise SettingsError("setting DISCORD_TOKEN: set the bot token in the environment")
    return settings.discord.token


ALL_TYPES = tuple(EventType)
