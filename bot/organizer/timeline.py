"""A prosecutor's events as a picture: a time axis, one row and one colour per event type.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, so no global figure state and
no GUI backend). Rendering takes a few hundred milliseconds of CPU: callers run it off the
event loop with `render_async`. matplotlib is imported on first use, since importing it costs
about half a second that a bot start should not pay.
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.delivery.alert_view import LABELS, label
from bot.organizer.records import Alert, when
from bot.organizer.timezones import local

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_IN = 10.0
DPI = 100
ROW_IN = 0.45
BASE_HEIGHT_IN = 1.6
MAX_ROWS = len(LABELS)
PAD_DAYS = 3.0  # room either side of the first and last event
# matplotlib's font cache and text layout are shared module state; one render at a time.
_RENDER_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class TimelinePicture:
    png: bytes
    width: int
    height: int
    marks: int  # markers drawn: one per event
    types: tuple[str, ...]  # legend order


def _colour(event_type: str) -> str:
    return f"#{LABELS.get(event_type, ('', 0x95A5A6))[1]:06x}"


def size_px(type_count: int) -> tuple[int, int]:
    rows = max(1, min(type_count, MAX_ROWS))
    return int(WIDTH_IN * DPI), round((BASE_HEIGHT_IN + ROW_IN * rows) * DPI)


def build_figure(
    events: Sequence[Alert], title: str, zone_name: str | None
) -> tuple[Figure, int, tuple[str, ...]]:
    """The figure, the number of markers on it and the types in legend order."""
    import numpy
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure

    if not events:
        raise ValueError("a timeline needs at least one event")
    # Rows in the order types first happened, so the picture reads top-down like the story.
    ordered = sorted(events, key=lambda e: (when(e), e.alert_key))
    types = tuple(dict.fromkeys(e.event_type for e in ordered))
    width, height = size_px(len(types))
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    ax = figure.add_subplot()
    # Local wall time without tzinfo: matplotlib labels the axis in the zone shown.
    # (matplotlib leaves date2num, the date locators and print_png unannotated.)
    walls = [local(when(e), zone_name).replace(tzinfo=None) for e in ordered]
    xs_all = [float(date2num(w)) for w in walls]  # type: ignore[no-untyped-call]
    marks = 0
    for row, kind in enumerate(types):
        xs = [x for x, e in zip(xs_all, ordered, strict=True) if e.event_type == kind]
        collection = ax.scatter(
            xs,
            [row] * len(xs),
            s=70,
            color=_colour(kind),
            edgecolors="#222222",
            linewidths=0.6,
            label=label(kind),
            zorder=3,
        )
        marks += numpy.asarray(collection.get_offsets()).shape[0]
    ax.set_xlim(xs_all[0] - PAD_DAYS, xs_all[-1] + PAD_DAYS)
    ax.xaxis_date()
    ax.set_ylim(len(types) - 0.5, -0.5)  # first type on top
    ax.set_yticks(range(len(types)), [label(k) for k in types])
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.set_xlabel(f"Date ({zone_name or 'UTC'})")
    # Names are organizer text: never let a "$" start matplotlib's math mode.
    ax.set_title(f"{title}: {len(ordered)} events", parse_math=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    # Margins in inches, so title and date labels keep their room whatever the row count.
    tall = height / DPI
    figure.subplots_adjust(left=0.2, right=0.8, top=1 - 0.45 / tall, bottom=0.8 / tall)
    return figure, marks, types


def render(events: Sequence[Alert], title: str, zone_name: str | None) -> TimelinePicture:
    """The PNG (blocking: use render_async from the event loop)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with _RENDER_LOCK:
        figure, marks, types = build_figure(events, title, zone_name)
        canvas = FigureCanvasAgg(figure)
        buffer = io.BytesIO()
        canvas.print_png(buffer)  # type: ignore[no-untyped-call]
        width, height = canvas.get_width_height()
    return TimelinePicture(buffer.getvalue(), width, height, marks, types)


async def render_async(
    events: Sequence[Alert], title: str, zone_name: str | None
) -> TimelinePicture:
    return await asyncio.to_thread(render, list(events), title, zone_name)
