"""The one error organizer requests raise: its message is shown to the organizer as is."""

from __future__ import annotations


class RequestError(ValueError):
    """A request an organizer can fix (a bad date, an unknown zone); the text says how."""
