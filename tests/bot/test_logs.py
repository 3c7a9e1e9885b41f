import logging

from bot.logs import RedactingFilter


def record(msg: str, *args) -> logging.LogRecord:
    return logging.LogRecord("t", logging.INFO, __file__, 1, msg, args, None)


def test_configured_secrets_are_scrubbed():
    """A token passed to the filter never survives in a message, even via %-args."""
    rec = record("connecting with %s", "super-secret-token-value")
    RedactingFilter(["super-secret-token-value"]).filter(rec)
    assert "super-secret" not in rec.getMessage()


def test_webhook_urls_and_query_tokens_are_scrubbed():
    """Discord webhook tokens and ?token= values are removed (E5)."""
    rec = record(
        "posting to https://discord.com/api/webhooks/123/abcDEF-xyz and "
        "https://www.courtlistener.com/api/?token=abc123"
    )
    RedactingFilter().filter(rec)
    message = rec.getMessage()
    assert "abcDEF-xyz" not in message and "abc123" not in message
    assert "/webhooks/123/[redacted]" in message


def test_authorization_headers_are_scrubbed():
    """An Authorization header value in a log line is removed."""
    rec = record("headers: {'Authorization': 'Token 0123456789abcdef'}")
    RedactingFilter().filter(rec)
    assert "0123456789abcdef" not in rec.getMessage()
