"""Errors that stop the bot from starting: run_bot.py prints the message as one line."""

from __future__ import annotations


class StartupError(Exception):
    """The bot cannot start as configured; the message is one line naming what to fix."""
