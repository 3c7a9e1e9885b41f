"""Discord outages (FAULTS C1-C11): nothing lost, nothing posted twice."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from bot import guilds
from bot.clock import utcnow
from bot.store import Alert, OutboxRow, UnitOfWork
from tests.bot.chat.conftest import (
    ALERTS,
    GUILD,
    NEWS,
    add_alert,
    bot_settings,
    start_bot,
    stop_bot,
    watch_rivera,
)
from tests.fakes.fake_discord import Fault

MESSAGES = f"/channels/{ALERTS}/messages"


async def _rows(bot) -> list[OutboxRow]:
    async def rows(tx: UnitOfWork) -> list[OutboxRow]:
        return await tx.outbox.all()

    return await bot.call(rows)


async def _make_due(bot) -> None:
    async def due(tx: UnitOfWork) -> None:
        await tx.outbox.set_next_attempt(datetime(2000, 1, 1, tzinfo=UTC))

    await bot.call(due)


async def _queue(bot, n: int = 1) -> None:
    await watch_rivera(bot)
    for i in range(n):
        await bot.call(add_alert, i)


async def test_c1_bad_gateway_twice_then_ok(bot, fast_retries):
    """C1: 502, 502, 200 -> one message, the same nonce on all three attempts."""
    await _queue(bot)
    bot.fake.fail("POST", MESSAGES, Fault(502), Fault(502))
    report = await bot.app.pipeline.deliver()
    assert report.delivered == 1
    posts = bot.fake.posts(ALERTS)
    assert len(posts) == 3 and len({p.json["nonce"] for p in posts}) == 1
    assert len(bot.fake.messages[ALERTS]) == 1


async def test_c2_server_error_forever_then_recovery(bot, fast_retries):
    """C2: 500 forever -> pending, attempts+1, future retry; delivered once Discord is back."""
    await _queue(bot)
    bot.fake.fail_forever("POST", MESSAGES, Fault(500))
    await bot.app.pipeline.deliver()
    assert len(bot.fake.posts(ALERTS)) == 5  # discord.py's own retries, then it gives up
    [row] = await _rows(bot)
    assert row.status == "pending" and row.attempts == 1
    assert row.next_attempt_at > utcnow()
    bot.fake.heal()
    await _make_due(bot)
    await bot.app.pipeline.deliver()
    [row] = await _rows(bot)
    assert row.status == "delivered"
    assert len(bot.fake.messages[ALERTS]) == 1


async def test_c3_unavailable_is_rescheduled(bot):
    """C3: 503 is not retried by discord.py; the outbox reschedules and delivers later."""
    await _queue(bot)
    bot.fake.fail("POST", MESSAGES, Fault(503))
    await bot.app.pipeline.deliver()
    assert len(bot.fake.posts(ALERTS)) == 1
    [row] = await _rows(bot)
    assert row.status == "pending" and row.next_attempt_at > utcnow()
    await _make_due(bot)
    await bot.app.pipeline.deliver()
    assert len(bot.fake.messages[ALERTS]) == 1


async def test_c4_short_rate_limit_waited_out(bot):
    """C4: 429 retry_after=0.2 then 200 -> delivered in the same pass, no outbox retry."""
    await _queue(bot)
    bot.fake.fail("POST", MESSAGES, Fault.rate_limited(0.2))
    report = await bot.app.pipeline.deliver()
    assert report.delivered == 1 and report.retried == 0
    [row] = await _rows(bot)
    assert row.attempts == 1 and row.status == "delivered"


async def test_c5_long_rate_limit_rescheduled(bot):
    """C5: 429 retry_after=300 -> RateLimited at once; the row waits at least 300 s."""
    await _queue(bot)
    bot.fake.fail("POST", MESSAGES, Fault.rate_limited(300))
    started = time.monotonic()
    await bot.app.pipeline.deliver()
    assert time.monotonic() - started < 5  # the worker is not blocked for five minutes
    [row] = await _rows(bot)
    assert row.status == "pending"
    assert row.next_attempt_at >= utcnow() + timedelta(seconds=290)


async def test_c6_cloudflare_429_pauses_everything(bot, caplog):
    """C6: 429 without Via -> all sends paused for 10 minutes, logged for the admin."""
    await _queue(bot, 2)
    bot.fake.fail("POST", MESSAGES, Fault.rate_limited(1, cloudflare=True))
    report = await bot.app.pipeline.deliver()
    assert report.paused_all

    async def paused_until(tx: UnitOfWork) -> datetime | None:
        return await tx.meta.delivery_paused_until()

    paused = await bot.call(paused_until)
    assert paused is not None and paused >= utcnow() + timedelta(seconds=590)
    assert "Cloudflare" in caplog.text
    await _make_due(bot)
    await bot.app.pipeline.deliver()
    assert len(bot.fake.posts(ALERTS)) == 1  # nothing more while paused


async def test_c7_forbidden_pauses_channel_and_tells_organizers(bot):
    """C7: 403 -> channel paused after one request, notice elsewhere, shown in /status."""
    await _queue(bot, 3)
    bot.fake.forbidden.add(ALERTS)
    await bot.app.pipeline.deliver()
    await _make_due(bot)
    await bot.app.pipeline.deliver()
    assert len(bot.fake.posts(ALERTS)) == 1
    [channel] = await bot.call(guilds.channels, GUILD)
    assert channel.status == "paused"
    assert {r.status for r in await _rows(bot) if r.channel_id == str(ALERTS)} == {"undeliverable"}
    [notice] = bot.fake.messages[NEWS]
    assert f"<#{ALERTS}>" in notice["content"] and "missing permission" in notice["content"]
    assert notice["allowed_mentions"] == {"parse": []}
    status = await bot.command("status")
    assert f"<#{ALERTS}> is paused" in status["content"]


async def test_c8_deleted_channel_disabled(bot):
    """C8: 404 Unknown Channel -> that channel's delivery is disabled."""
    await _queue(bot, 2)
    bot.fake.deleted.add(ALERTS)
    await bot.app.pipeline.deliver()
    assert len(bot.fake.posts(ALERTS)) == 1
    [channel] = await bot.call(guilds.channels, GUILD)
    assert channel.status == "disabled"
    assert "channel deleted" in bot.fake.messages[NEWS][0]["content"]


async def test_resubscribe_reactivates_paused_channel(bot):
    """After fixing permissions, /subscribe in the channel makes it active again."""
    await _queue(bot)
    bot.fake.forbidden.add(ALERTS)
    await bot.app.pipeline.deliver()
    bot.fake.forbidden.clear()
    await watch_rivera(bot)
    [channel] = await bot.call(guilds.channels, GUILD)
    assert channel.status == "active"


async def test_c9_bad_request_rejected(bot):
    """C9: 400 -> row rejected, never retried."""
    await _queue(bot)
    body = {"message": "Invalid Form Body", "code": 50035}
    bot.fake.fail("POST", MESSAGES, Fault(400, body))
    await bot.app.pipeline.deliver()
    await _make_due(bot)
    await bot.app.pipeline.deliver()
    [row] = await _rows(bot)
    assert row.status == "rejected"
    assert len(bot.fake.posts(ALERTS)) == 1


async def test_c10_lost_response_retried_with_same_nonce(bot):
    """C10: Discord posts but the answer never comes -> timeout, same nonce, one message."""
    await _queue(bot)
    bot.app.pipeline.sink.timeout = 0.5
    bot.fake.fail("POST", MESSAGES, Fault(hang_after=True))
    await bot.app.pipeline.deliver()
    [row] = await _rows(bot)
    assert row.status == "pending" and "no answer" in row.last_error
    bot.fake.heal()
    await _make_due(bot)
    await bot.app.pipeline.deliver()
    posts = bot.fake.posts(ALERTS)
    assert len(posts) == 2 and posts[0].json["nonce"] == posts[1].json["nonce"]
    assert len(bot.fake.messages[ALERTS]) == 1
    [row] = await _rows(bot)
    assert row.status == "delivered"


async def test_c10_hang_before_posting(bot):
    """C10: a request that never answers is retried later and delivered once."""
    await _queue(bot)
    bot.app.pipeline.sink.timeout = 0.3
    bot.fake.fail("POST", MESSAGES, Fault(hang=True))
    await bot.app.pipeline.deliver()
    bot.fake.heal()
    await _make_due(bot)
    await bot.app.pipeline.deliver()
    assert len(bot.fake.messages[ALERTS]) == 1


async def test_c11_crash_after_send_before_commit(fake, tmp_path):
    """C11: posted but not recorded (crash) -> after restart the same nonce, one message."""
    settings = bot_settings(fake, tmp_path)
    bot = await start_bot(settings, fake)
    try:
        await _queue(bot)
        [row] = await _rows(bot)

        async def stored_alert(tx: UnitOfWork) -> Alert | None:
            return await tx.alerts.get(row.alert_key or "")

        alert = await bot.call(stored_alert)
        assert alert is not None
        from bot.delivery.alert_view import alert_view

        # What a process killed between Discord's 200 and the store commit has done:
        outcome = await bot.app.pipeline.sink.send(row.channel_id, alert_view(alert), row.nonce)
        assert outcome.result == "delivered"
    finally:
        await stop_bot(bot)
    bot = await start_bot(settings, fake)
    try:
        # The restarted bot's first cycle delivers what was pending.
        await bot.app.pipeline.deliver()
        [row] = await _rows(bot)
        assert row.status == "delivered"
        assert len(bot.fake.posts(ALERTS)) >= 2
        assert len(bot.fake.messages[ALERTS]) == 1
    finally:
        await stop_bot(bot)
