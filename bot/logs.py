"""Logging set-up with a filter that scrubs secrets from every record.

Tokens must never reach a log: the Discord token, the CourtListener token, the webhook secret,
Discord webhook URLs, Authorization headers and token-like query parameters.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

_PATTERNS = (
    re.compile(r"(discord(?:app)?\.com/api(?:/v\d+)?/webhooks/\d+/)[\w-]+", re.I),
    re.compile(r"(authorization['\"]?\s*[:=]\s*['\"]?(?:bot|bearer|token)?\s*)[^\s'\",}]+", re.I),
    re.compile(
        r"([?&](?:token|key|api_key|apikey|secret|sig|signature|access_token)=)[^&\s'\"]+", re.I
    ),
)


class RedactingFilter(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if len(s) >= 6)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        for pattern in _PATTERNS:
            text = pattern.sub(r"\1[redacted]", text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        cleaned = self.redact(message)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


def setup_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> RedactingFilter:
    """Root logging to stderr with secrets scrubbed; returns the filter (tests add secrets)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    redactor = RedactingFilter(secrets)
    handler.addFilter(redactor)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # discord.py's HTTP debug logs carry request bodies; keep it at INFO at most.
    logging.getLogger("discord.http").setLevel(max(logging.INFO, root.level))
    return redactor
