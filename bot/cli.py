"""The command-line tools organizers use to see what the bot sees: classify and check-feed."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from bot.app import make_fetcher
from bot.settings import Settings
from feeds.directory import bundled, read_watchlist
from feeds.fetch import FetchError
from feeds.match import Matcher
from feeds.match.classify import classify_lines
from feeds.match.offices import OfficeHistory
from feeds.models import Item, Prosecutor, SourceKind
from feeds.parse import FeedError, parse_feed
from feeds.sources import guess_kind


class CliError(Exception):
    """A problem with the command's input; printed as one line, exit status 2."""


def load_watchlist(path: str) -> tuple[list[Prosecutor], OfficeHistory]:
    """The watchlist's people, and the bundled terms of office with the watchlist's own
    terms (optional fields) laid over them."""
    try:
        people, offices = read_watchlist(path)
    except FileNotFoundError:
        raise CliError(f"watchlist {path} does not exist") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise CliError(f"watchlist {path} is not usable: {exc}") from None
    return people, bundled().with_offices(offices).history


def classify(watchlist: str, threshold: float, stdin: TextIO, stdout: TextIO) -> None:
    people, history = load_watchlist(watchlist)
    matcher = Matcher(people, threshold=threshold, history=history)
    names = {p.id: p.name for p in people}
    for line in classify_lines(stdin, matcher, names):
        stdout.write(line + "\n")
    stdout.flush()


def directory_import(path: str, settings: Settings, stdout: TextIO, stderr: TextIO) -> int:
    """`run_bot.py directory import FILE.csv`: 0 when merged, 2 (and one line per problem,
    nothing changed) when not."""
    from bot.directory_file import DirectoryFileError, import_csv
    from feeds.directory_import import DirectoryImportError

    try:
        done = import_csv(path, settings.directory.path)
    except DirectoryImportError as exc:
        for problem in exc.problems:
            stderr.write(f"error: {problem}\n")
        stderr.write(f"nothing imported from {path}\n")
        return 2
    except DirectoryFileError as exc:
        stderr.write(f"error: {exc}\nnothing imported from {path}\n")
        return 2
    stdout.write(
        f"imported {_count(done.rows, 'row')} ({_count(done.people, 'person', 'people')}, "
        f"{_count(done.offices, 'office')}) into {done.path}\n"
    )
    return 0


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


async def _read_source(target: str, settings: Settings) -> tuple[bytes, str | None]:
    if "://" not in target:
        path = Path(target)
        if not path.is_file():
            raise CliError(f"{target}: no such file (give a path or an http(s) URL)")
        limit = settings.fetch.max_bytes
        with path.open("rb") as fh:
            body = fh.read(limit + 1)
        if len(body) > limit:
            raise CliError(f"{target}: larger than fetch.max_bytes ({limit} bytes)")
        return body, None
    async with make_fetcher(settings) as fetcher:
        try:
            result = await fetcher.fetch(target)
        except FetchError as exc:
            raise CliError(f"fetching failed: {exc}") from None
    return result.body or b"", result.content_type


def _item_line(item: Item, alerts: list[dict[str, Any]], as_json: bool) -> str:
    from feeds.export import item_as_dict

    data = item_as_dict(item)
    if alerts:
        data["alerts"] = alerts
    if as_json:
        return json.dumps(data, ensure_ascii=False)
    when = data.get("published") or "undated"
    where = data.get("outlet") or data.get("court") or ""
    lines = [f"- {data['title']}", f"  {when} · {where} · {data.get('link') or 'no link'}"]
    for alert in alerts:
        lines.append(
            f"  ALERT {alert['event_type']} · {alert['prosecutor']} · score {alert['score']}"
            f" · matched: {alert['evidence']}"
            + (f" · reading: {alert['note']}" if alert.get("note") else "")
        )
    return "\n".join(lines)


def check_feed(
    target: str,
    kind: str | None,
    as_json: bool,
    watchlist: str | None,
    settings: Settings,
    stdout: TextIO = sys.stdout,
) -> int:
    """Print a feed's normalized items (and the alerts they would raise). Returns item count."""
    if kind is not None and kind not in kinds():
        raise CliError(f"unknown --kind {kind!r}; expected one of: {', '.join(kinds())}")
    body, content_type = asyncio.run(_read_source(target, settings))
    # Without --kind, the URL's host or the body's markers tell (a saved PACER file, say).
    source_kind = SourceKind(kind) if kind else guess_kind(target, body)
    try:
        items = parse_feed(
            body, source_id="check-feed", kind=source_kind, content_type=content_type
        )
    except FeedError as exc:
        raise CliError(f"not a usable feed: {exc}") from None
    people, history = load_watchlist(watchlist) if watchlist else ([], OfficeHistory())
    matcher = (
        Matcher(people, threshold=settings.match.threshold, history=history) if people else None
    )
    names = {p.id: p.name for p in people}
    for item in items:
        alerts = _alerts(matcher, item, names) if matcher else []
        stdout.write(_item_line(item, alerts, as_json) + "\n")
    if not as_json:
        stdout.write(f"{len(items)} items\n")
    return len(items)


def _alerts(matcher: Matcher, item: Item, names: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "prosecutor": names.get(m.prosecutor_id, m.prosecutor_id),
            "event_type": str(m.event_type),
            "evidence": "; ".join(m.evidence),
            "score": round(m.score, 3),
            **({"note": m.note} if m.note else {}),
        }
        for m in matcher.match_item(item)
    ]


def kinds() -> Iterable[str]:
    return [k.value for k in SourceKind]


# -- the PostgreSQL store: schema and moving over from TinyDB ------------------------------------


def _database_url(settings: Settings, given: str | None = None) -> str:
    from bot.store.postgres.connect import DatabaseUnavailable, database_url

    if given:
        return database_url({"DATABASE_URL": given})
    if not settings.store.database_url:
        raise DatabaseUnavailable("DATABASE_URL is not set (expected postgresql://...)")
    return database_url({"DATABASE_URL": settings.store.database_url})


async def migrate(settings: Settings, stdout: TextIO = sys.stdout) -> list[int]:
    """Bring the database at DATABASE_URL to this code's schema; print what was done."""
    from bot.store.postgres.connect import connect, redact
    from bot.store.postgres.schema import applied_versions
    from bot.store.postgres.schema import migrate as apply_migrations

    url = _database_url(settings)
    conn = await connect(url)
    try:
        done = await apply_migrations(conn)
        version = max(await applied_versions(conn), default=0)
    finally:
        await conn.close()
    applied = f"applied {', '.join(map(str, done))}" if done else "nothing to apply"
    stdout.write(f"{redact(url)}: schema version {version} ({applied})\n")
    return done


async def migrate_store(
    settings: Settings, source_path: str, target_url: str | None, stdout: TextIO = sys.stdout
) -> None:
    """Copy the TinyDB store at `source_path` into PostgreSQL (idempotent)."""
    from bot.store.copy import copy_store
    from bot.store.postgres import PgStore
    from bot.store.postgres.connect import redact
    from bot.store.tinydb import TinyStore

    if not Path(source_path).is_file():
        raise CliError(f"--from {source_path}: no such store file")
    url = _database_url(settings, target_url)
    source = TinyStore.open(source_path)  # refused while a bot still writes it
    try:
        if source.recovered_from:
            raise CliError(
                f"--from {source_path}: unreadable (set aside as {source.recovered_from})"
            )
        target = await PgStore.open(url)
        try:
            report = await copy_store(source, target)
        finally:
            await target.close()
    finally:
        await source.close()
    stdout.write(f"copied {source_path} into {redact(url)}; new there: {report.line()}\n")
