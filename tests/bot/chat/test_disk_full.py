"""A full disk during delivery: nothing more is sent while outcomes cannot be recorded."""

from __future__ import annotations

import logging
import os

from bot.store import OutboxRow, UnitOfWork
from tests.bot.chat.conftest import ALERTS, add_alert, watch_rivera


def _full(fd: int) -> None:
    raise OSError(28, "No space left on device")


async def _rows(tx: UnitOfWork) -> list[OutboxRow]:
    return await tx.outbox.all()


async def test_disk_full_stops_sending_until_the_outcome_is_recorded(bot, monkeypatch, caplog):
    """Discord took the alert but the store cannot record it: later rounds send nothing (the
    same alert is not posted again and again) and log once; once the disk has room, the kept
    outcome is recorded with the first message's id."""
    caplog.set_level(logging.WARNING)
    await watch_rivera(bot)
    await bot.call(add_alert, 1)
    await bot.call(add_alert, 2)
    monkeypatch.setattr(os, "fsync", _full)
    first = await bot.app.pipeline.deliver()
    assert first.blocked and len(bot.fake.posts(ALERTS)) == 1
    for _ in range(3):
        assert (await bot.app.pipeline.deliver()).blocked
    assert len(bot.fake.posts(ALERTS)) == 1
    assert caplog.text.count("delivery paused") == 1
    monkeypatch.undo()
    report = await bot.app.pipeline.deliver()
    assert not report.blocked and "delivery resumes" in caplog.text
    rows = {r.alert_key: r for r in await bot.call(_rows)}
    assert {r.status for r in rows.values()} == {"delivered"}
    messages = bot.fake.messages[ALERTS]
    assert len(messages) == 2 and len(bot.fake.posts(ALERTS)) == 2
    assert messages[0]["id"] in {r.message_id for r in rows.values()}
