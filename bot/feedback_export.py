"""`run_bot.py export-feedback [--guild ID] [--out FILE]`: organizers' verdicts as labelled rows.

Each "Wrong person" or "Not relevant" click is written as one JSON line in the format of the
matcher's evaluation set (../shared/eval/dev.jsonl), so organizers' corrections can grow it. How a
verdict becomes a label is in docs/FEEDBACK.md:

- wrong_person: the item is not about that prosecutor. `prosecutors` is [] and `event_type`
  null (who else it may be about was not reviewed; the note says so).
- not_relevant: the item is about that prosecutor, but not as the event it was alerted as (nor
  any event worth an alert): `prosecutors` is [them], `event_type` "other".

Works while the bot runs: it reads a snapshot of the store (bot.store.snapshot).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from bot.settings import Settings
from bot.store import Feedback, FeedbackKind, StoreError, snapshot


class FeedbackExportError(Exception):
    """Printed as one line; exit status 2."""


def row_id(feedback: Feedback) -> str:
    """Stable across exports, and the same for two servers giving one alert one verdict (so an
    all-server export holds that example once)."""
    digest = hashlib.sha256(f"{feedback.alert_key}|{feedback.kind}".encode()).hexdigest()
    return f"feedback-{digest[:12]}"


def labelled_row(feedback: Feedback) -> dict[str, Any]:
    """The verdict as a dev.jsonl row (plus `feedback`: the verdict as given)."""
    name = feedback.prosecutor_name or feedback.prosecutor_id
    alerted = str(feedback.event_type)
    when = feedback.item_date or feedback.at
    month = when.strftime("%Y-%m")
    if feedback.kind is FeedbackKind.WRONG_PERSON:
        prosecutors: list[str] = []
        event_type: str | None = None
        event_key = f"NEG:{name} (wrong person):{month}"
        note = (
            f"From organizer feedback: marked wrong person, so the item is not about {name} "
            f"(alerted as {alerted}). Other watched people it may concern were not reviewed."
        )
    else:
        prosecutors, event_type = [name], "other"
        event_key = f"{name}:other:{month}"
        note = (
            f"From organizer feedback: marked not relevant, so the item concerns {name} but is "
            f"not a {alerted} event nor another alertable one; labelled other."
        )
    return {
        "id": row_id(feedback),
        "title": feedback.title,
        "summary": feedback.summary,
        "outlet": feedback.outlet,
        "date": when.date().isoformat(),
        "url": feedback.link,
        "prosecutors": prosecutors,
        "event_type": event_type,
        "also_acceptable_type": None,
        "event_key": event_key,
        "summary_source": "feed item",
        "note": note,
        "feedback": {"verdict": str(feedback.kind), "prosecutor": name, "alerted_as": alerted},
    }


def labelled_rows(verdicts: list[Feedback]) -> tuple[list[dict[str, Any]], int]:
    """(rows, how many verdicts were left out: recorded before the item's text was kept)."""
    rows: dict[str, dict[str, Any]] = {}
    older = 0
    for feedback in sorted(verdicts, key=lambda f: f.at):
        if not feedback.title:
            older += 1
            continue
        row = labelled_row(feedback)
        rows.setdefault(row["id"], row)
    return list(rows.values()), older


async def _verdicts(settings: Settings, guild: int | None) -> list[Feedback]:
    async with snapshot(settings.store) as store, store.transaction() as tx:
        if guild is None:
            return await tx.feedback.all()
        gid = str(guild)
        verdicts = await tx.feedback.for_guild(gid)
        if not verdicts and gid not in await tx.guilds.guild_ids():
            raise FeedbackExportError(f"no server {gid} in the store (see /status in that server)")
        return verdicts


def export_feedback(
    settings: Settings,
    guild: int | None = None,
    *,
    out: str | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO = sys.stderr,
) -> int:
    """Write the rows (one server's, or every server's) to `out` or stdout; returns how many."""
    try:
        rows, older = labelled_rows(asyncio.run(_verdicts(settings, guild)))
    except StoreError as exc:
        raise FeedbackExportError(str(exc)) from None
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        target = stdout or sys.stdout
        target.write(text)
        target.flush()
    left_out = f"; {older} older verdicts without the item's text left out" if older else ""
    print(f"{len(rows)} labelled rows to {out or 'stdout'}{left_out}", file=stderr)
    return len(rows)
