"""A server's alerts as a CSV file that spreadsheets open correctly and safely.

UTF-8 with a byte order mark, or Excel reads "Gascón" as "GascÃ³n". Headlines come from the
open web, so a cell that a spreadsheet would take for a formula (starting with = + - @, tab or
carriage return, OWASP's list) gets a leading apostrophe, and every cell is quoted: the
apostrophe makes the cell text, the quotes keep separators inside it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping

from bot.delivery.alert_view import alert_id
from bot.organizer.records import Alert, when
from bot.organizer.timezones import local
from feeds.text import INVISIBLE

COLUMNS = (
    "date",
    "prosecutor",
    "office",
    "event type",
    "headline",
    "outlet",
    "link",
    "also reported by",
    "alert id",
    "feedback",
)
# OWASP CSV injection: characters a spreadsheet reads as the start of a formula. Full-width
# forms are included since some spreadsheets fold them to their ASCII twins.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
CELL_MAX = 2000  # a spreadsheet cell holds 32,767; nothing an alert says needs more
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value: object) -> str:
    """One cell's text: controls and invisible characters removed, formula starts defused."""
    text = "" if value is None else str(value)
    text = _CONTROL.sub("", text.translate(INVISIBLE))[:CELL_MAX]
    # Leading spaces do not stop every spreadsheet from reading a formula behind them.
    if text.lstrip(" ").startswith(FORMULA_START):
        text = "'" + text
    return text


def row(alert: Alert, feedback: str | None, zone_name: str | None) -> list[str]:
    shown = local(when(alert), zone_name)
    cells = [
        f"{shown:%Y-%m-%d %H:%M}",
        alert.prosecutor_name,
        alert.prosecutor_office,
        alert.event_type,
        alert.title,
        alert.outlet or alert.court or "",
        alert.link or "",
        "; ".join(alert.also_reported_by),
        alert_id(alert.alert_key),
        feedback or "",
    ]
    return [safe_cell(cell) for cell in cells]


def to_csv(alerts: Iterable[Alert], feedback: Mapping[str, str], zone_name: str | None) -> bytes:
    """The CSV file: a header, then one row per alert in the order given.

    `feedback` maps alert keys to this server's verdict on them (wrong_person, not_relevant).
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for alert in alerts:
        writer.writerow(row(alert, feedback.get(alert.alert_key), zone_name))
    return out.getvalue().encode("utf-8-sig")


def file_name(guild_name: str, zone_stamp: str) -> str:
    """prosecutor-watch-<server>-<date>.csv with only safe characters in the server part."""
    part = re.sub(r"[^A-Za-z0-9]+", "-", guild_name).strip("-").lower()[:40] or "server"
    return f"prosecutor-watch-{part}-{zone_stamp}.csv"
