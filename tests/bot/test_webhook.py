"""The CourtListener webhook receiver, over HTTP on 127.0.0.1, with the real sample bodies."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import uuid
from pathlib import Path

import aiohttp
import pytest

from bot.clock import utcnow
from bot.errors import StartupError
from bot.store.tinydb.repos import TinySeenRepo
from bot.webhook import WebhookReceiver
from tests.bot.harness import harness
from tests.bot.helpers import PERSON
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


def rivera_case(n: int) -> bytes:
    """A search-alert delivery of our own: a new case against the harness's watched DA."""
    result = {
        "caseName": f"Harbor Tenants Union {n} v. Rivera",
        "docketNumber": f"3:26-cv-{n:05d}",
        "court_id": "cand",
        "docket_id": 70_000 + n,
        "dateFiled": utcnow().date().isoformat(),
        "snippet": "Civil rights lawsuit filed against District Attorney Alex Rivera",
    }
    return json.dumps({"webhook": {"event_type": 2}, "payload": {"results": [result]}}).encode()


async def test_a_failure_after_ingesting_leaves_nothing_and_the_retry_alerts_once(
    receiver, monkeypatch
):
    """The duplicate check, the ingest and the delivery's own seen mark are one transaction:
    when marking the delivery fails, its alerts are not stored either, and CourtListener's
    retry alerts exactly once."""
    hook, h = receiver
    real_mark = TinySeenRepo.mark

    async def failing_mark(self, keys, at):
        keys = list(keys)
        if any(k.startswith("webhook:") for k in keys):
            raise OSError(28, "No space left on device")
        return await real_mark(self, keys, at)

    monkeypatch.setattr(TinySeenRepo, "mark", failing_mark)
    status, _ = await post(hook, rivera_case(1), "delivery-1")
    stored = await h.stored()
    assert status == 500 and stored.alerts == [] and stored.seen == 0
    monkeypatch.undo()
    assert await post(hook, rivera_case(1), "delivery-1") == (200, "ok")
    assert await post(hook, rivera_case(1), "delivery-1") == (200, "already received")
    stored = await h.stored()
    assert [(a.prosecutor_id, a.event_type) for a in stored.alerts] == [(PERSON.id, "lawsuit")]
    assert len(stored.outbox) == 1


async def test_a_delivery_and_its_retry_arriving_together_are_taken_once(receiver):
    """Two posts of one delivery at the same moment: one is ingested, the other is told it was
    already received (the check is inside the ingest's transaction)."""
    hook, h = receiver
    answers = await asyncio.gather(*(post(hook, rivera_case(2), "delivery-2") for _ in range(2)))
    assert sorted(answers) == [(200, "already received"), (200, "ok")]
    assert len((await h.stored()).alerts) == 1


async def test_a_port_in_use_is_one_clear_start_up_error(tmp_path):
    """Another process on the webhook port stops start-up with a line naming the setting."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with FeedServer() as server, harness(tmp_path, server, []) as h:
            hook = WebhookReceiver(h.pipeline, SECRET)
            with pytest.raises(
                StartupError, match=f"webhook.port: cannot listen on 127.0.0.1:{port}"
            ):
                await hook.start("127.0.0.1", port)
            await hook.stop()
