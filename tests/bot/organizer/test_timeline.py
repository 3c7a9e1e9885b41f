"""The timeline picture, checked by opening the PNG."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from bot.delivery.alert_view import LABELS
from bot.organizer.timeline import build_figure, render, render_async, size_px
from tests.bot.organizer.helpers import T0, facts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KINDS = ["recall", "lawsuit", "election", "recall", "injunction", "recall", "lawsuit"]


def events():
    return [
        facts(n, event_type=kind, when=T0 + timedelta(days=4 * n)) for n, kind in enumerate(KINDS)
    ]


def test_png_signature_and_size():
    """The result is a PNG of the size reported, one row per type."""
    picture = render(events(), "Alex Rivera", "America/Los_Angeles")
    assert picture.png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(picture.png)) as image:
        assert image.format == "PNG"
        assert image.size == (picture.width, picture.height) == size_px(4)


def test_one_mark_per_event_and_legend_per_type():
    """Seven events: seven markers; four types: four legend entries in order of first event."""
    figure, marks, types = build_figure(events(), "Alex Rivera", None)
    offsets = sum(len(c.get_offsets()) for c in figure.axes[0].collections)
    assert marks == offsets == 7
    assert types == ("recall", "lawsuit", "election", "injunction")
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == ["Recall", "Lawsuit", "Election", "Injunction"]


def test_markers_drawn_in_type_colours():
    """Each type's colour appears in the picture's pixels."""
    picture = render(events(), "Alex Rivera", None)
    with Image.open(io.BytesIO(picture.png)) as image:
        colours = {rgb for _, rgb in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    for kind in set(KINDS):
        value = LABELS[kind][1]
        assert (value >> 16, (value >> 8) & 0xFF, value & 0xFF) in colours, kind


def test_same_day_events_each_get_a_mark():
    """Two events on one day are two marks, not one."""
    same = [facts(1, when=T0), facts(2, when=T0)]
    assert render(same, "Alex Rivera", None).marks == 2


def test_dollar_in_name_is_literal():
    """A name with $...$ renders as text, not math (which could fail to parse)."""
    figure, _, _ = build_figure([facts(1)], "Alex $\\frac{1}{$ Rivera", None)
    assert figure.axes[0].get_title().startswith("Alex $\\frac{1}{$ Rivera")
    assert render([facts(1)], "Alex $\\frac{1}{$ Rivera", None).png.startswith(PNG_SIGNATURE)


def test_no_events_refused():
    """An empty timeline is a caller error."""
    with pytest.raises(ValueError):
        build_figure([], "Alex Rivera", None)


async def test_render_async_off_loop():
    """render_async gives the same picture from a worker thread."""
    picture = await render_async(events(), "Alex Rivera", None)
    assert picture.marks == 7 and picture.png.startswith(PNG_SIGNATURE)
