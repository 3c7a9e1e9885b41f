"""`run_bot.py export --guild ID`: one server's alerts as CSV, from the shell.

Works while the bot runs: it reads a snapshot of the store (bot.store.snapshot). The file is
the one /export attaches: UTF-8 with a byte order mark, formula-looking cells defused.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import BinaryIO, TextIO

from bot.clock import utcnow
from bot.organizer.errors import RequestError
from bot.organizer.export_query import ExportRequest, ExportResult, build_export
from bot.organizer.reads import zone_of
from bot.settings import Settings
from bot.store import StoreError, UnitOfWork, snapshot


class ExportError(Exception):
    """Printed as one line; exit status 2."""


async def _find_person(tx: UnitOfWork, guild: str, wanted: str) -> str:
    people = await tx.guilds.watched(guild)
    key = wanted.strip().casefold()
    found = [p for p in people if key in (p.id, p.name.casefold())]
    if not found:
        names = ", ".join(p.id for p in people) or "nobody"
        raise ExportError(f"server {guild} does not watch {wanted!r} (it watches: {names})")
    return found[0].id


async def _export(
    settings: Settings,
    guild: int,
    prosecutor: str | None,
    event_type: str | None,
    since: str | None,
    until: str | None,
) -> ExportResult:
    gid = str(guild)
    async with snapshot(settings.store) as store, store.transaction() as tx:
        if gid not in await tx.guilds.guild_ids():
            raise ExportError(f"no server {gid} in the store (see /status in that server)")
        pid = await _find_person(tx, gid, prosecutor) if prosecutor else None
        zone = await zone_of(tx, gid)
        request = ExportRequest.parse(pid, event_type, since, until, zone, utcnow())
        return await build_export(tx, gid, request, f"server-{gid}")


def export(
    settings: Settings,
    guild: int,
    *,
    prosecutor: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    out: str | None = None,
    stdout: BinaryIO | None = None,
    stderr: TextIO = sys.stderr,
) -> int:
    """Write the CSV to `out` (or stdout); returns the number of alerts."""
    try:
        result = asyncio.run(_export(settings, guild, prosecutor, event_type, since, until))
    except (RequestError, StoreError) as exc:
        raise ExportError(str(exc)) from None
    if out:
        Path(out).write_bytes(result.data)
    else:
        target = stdout or sys.stdout.buffer
        target.write(result.data)
        target.flush()
    where = out or "stdout"
    print(f"{result.count} alerts to {where}; dates in {result.zone}", file=stderr)
    return result.count
