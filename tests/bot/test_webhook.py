"""The CourtListener webhook receiver, over HTTP on 127.0.0.1, with the real sample bodies."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import aiohttp
import pytest

from bot.webhook import WebhookReceiver
from tests.bot.harness import harness
from tests.fakes.feed_server import FeedServer

FIXTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "courtlistener"
SECRET = "s3cret-path-0123456789"
BODIES = sorted(FIXTURES.glob("webhook_*.json")) if FIXTURES.is_dir() else []


@pytest.fixture
async def receiver(tmp_path):
    async with FeedServer() as server, harness(tmp_path, server, []) as h:
        hook = WebhookReceiver(h.pipeline, SECRET)
        await hook.start("127.0.0.1", 0)
        try:
            yield hook, h
        finally:
            await hook.stop()


async def post(hook: WebhookReceiver, body: bytes, key: str | None, secret: str = SECRET):
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    url = f"http://127.0.0.1:{hook.port}/courtlistener/{secret}"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as response,
    ):
        return response.status, await response.text()


@pytest.mark.skipif(not BODIES, reason="../shared/fixtures/courtlistener not present")
@pytest.mark.parametrize("path", BODIES, ids=lambda p: p.stem)
async def test_each_sample_is_accepted_once_even_when_delivered_twice(receiver, path, caplog):
    """A real webhook body delivered twice with one Idempotency-Key is ingested once."""
    hook, h = receiver
    caplog.set_level(logging.DEBUG)
    key = str(uuid.uuid4())
    body = path.read_bytes()
    first = await post(hook, body, key)
    seen_after_first = (await h.stored()).seen
    second = await post(hook, body, key)
    assert first == (200, "ok")
    assert second == (200, "already received")
    assert (await h.stored()).seen == seen_after_first
    if path.stem.split("_")[1] in ("docket", "search"):  # these carry filings or results
        assert seen_after_first > 1
    assert SECRET not in caplog.text


async def test_wrong_secret_is_not_found(receiver):
    """Any other path answers 404 and ingests nothing."""
    hook, h = receiver
    status, _ = await post(hook, b'{"payload": {}}', "k1", secret="guess-guess-guess-1")
    assert status == 404 and (await h.stored()).seen == 0


async def test_missing_idempotency_key_is_refused(receiver):
    """A delivery without Idempotency-Key gets 400: it could not be deduplicated."""
    hook, _ = receiver
    status, text = await post(hook, b'{"payload": {}}', None)
    assert status == 400 and "Idempotency-Key" in text


async def test_malformed_body_is_refused_clearly(receiver):
    """A body that is not JSON gets 400 with the reason."""
    hook, _ = receiver
    status, text = await post(hook, b"not json", "k2")
    assert status == 400 and "JSON" in text


def test_short_secret_is_refused():
    """A guessable secret stops start-up."""
    with pytest.raises(ValueError, match="16 characters"):
        WebhookReceiver(pipeline=None, secret="short")  # type: ignore[arg-type]
