"""A thread per alert: a channel may open a thread on each alert (or, for a forum channel, a
new post) so organizers discuss the event there; later outlets reporting the same event are
posted into that thread instead of staying a silent note on the alert."""

from __future__ import annotations

import re
from typing import Literal

from bot.delivery.alert_view import MessageView, clean, label, truncate
from bot.organizer.records import Alert
from feeds.links import safe_link
from feeds.text import INVISIBLE

THREAD_NAME_MAX = 100  # Discord's limit for a channel or thread name
# A week: long enough for the discussion of one event; Discord allows 60, 1440, 4320, 10080.
AUTO_ARCHIVE_MINUTES: Literal[10080] = 10080
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")


def thread_name(alert: Alert) -> str:
    """'Recall: Alex Rivera — headline', one line, at most 100 characters.

    Thread names are shown as typed (no markdown), so only controls and invisible or bidi
    characters are removed."""

    def plain(text: str) -> str:
        return _SPACE.sub(" ", _CONTROL.sub(" ", text.translate(INVISIBLE))).strip()

    head = f"{label(alert.event_type)}: {plain(alert.prosecutor_name)}"
    title = plain(alert.title)
    name = f"{head} — {title}" if title else head
    return truncate(name, THREAD_NAME_MAX) or label(alert.event_type)


def update_view(alert: Alert, outlets: list[str], headline: str, link: str | None) -> MessageView:
    """The message posted into an alert's thread when more outlets report the same event."""
    names = ", ".join(clean(name, 80) for name in outlets[:10]) or "another outlet"
    safe = safe_link(link)
    story = clean(headline, 300)
    line = f"Also reported by {names}: {story}" if story else f"Also reported by {names}"
    if safe:
        line += f"\n<{safe}>"
    return MessageView(content=truncate(line, 1900))
