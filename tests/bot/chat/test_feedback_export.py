"""Feedback becomes data: clicks on alerts in two servers, then `run_bot.py export-feedback`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.chat.embeds import alert_id
from bot.clock import utcnow
from tests.bot.chat.conftest import (
    ADMIN,
    ADMIN_PERMS,
    ALERTS,
    FOREIGN_CHANNEL,
    GUILD,
    OTHER_GUILD,
    RunningBot,
    add_alert,
    bot_settings,
    other_server_watches_rivera,
    start_bot,
    stop_bot,
    watch_rivera,
)
from tests.cli import Ran, run_cli

RECALL_TITLE = "Recall petition against Rivera number 1"
RECALL_SUMMARY = "Organizers of the harbor recall drive filed their first signatures."
PARKING_TITLE = "Rivera speaks at harbor parking garage opening"


async def click(bot: RunningBot, guild: int, channel: int, key: str, label: str) -> str:
    """Press a button under the alert with this key, as an organizer; returns the reply."""
    wanted = f"alert {alert_id(key)}"
    [message] = [
        m for m in bot.fake.messages[channel] if wanted in m["embeds"][0]["footer"]["text"]
    ]
    [button] = [b for b in message["components"][0]["components"] if b["label"] == label]
    handle = await bot.fake.click(
        guild, ADMIN, message, button["custom_id"], permissions=ADMIN_PERMS
    )
    return str((await bot.fake.reply(handle))["content"])


def export(tmp_path: Path, *args: str) -> Ran:
    """`run_bot.py export-feedback` (in this process, while the bot holds the store)."""
    config = tmp_path / "settings.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "store.json"}"\n')
    return run_cli("--config", str(config), "export-feedback", *args)


def rows(tmp_path: Path, *args: str) -> list[dict[str, Any]]:
    out = tmp_path / "feedback.jsonl"
    proc = export(tmp_path, *args, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in out.read_text().splitlines()]


async def test_clicks_in_two_servers_export_as_labelled_rows(fake, tmp_path):
    """Wrong person in one server and Not relevant in the other become dev.jsonl rows; --guild
    exports only that server's, and the export reads the store while the bot holds it."""
    bot = await start_bot(bot_settings(fake, tmp_path), fake)
    try:
        await watch_rivera(bot)
        await other_server_watches_rivera(bot)
        recall = await bot.call(add_alert, 1, "recall", summary=RECALL_SUMMARY)
        parking = await bot.call(add_alert, 2, "lawsuit", title=PARKING_TITLE, outlet="Quay Post")
        await bot.app.pipeline.deliver()
        answer = await click(bot, GUILD, ALERTS, recall.alert_key, "Wrong person")
        assert "will not be alerted here again" in answer
        answer = await click(bot, OTHER_GUILD, FOREIGN_CHANNEL, parking.alert_key, "Not relevant")
        assert "will not be alerted here again" in answer
        mine = rows(tmp_path, "--guild", str(GUILD))
        theirs = rows(tmp_path, "--guild", str(OTHER_GUILD))
        everyone = rows(tmp_path)
    finally:
        await stop_bot(bot)
    today, month = utcnow().date().isoformat(), utcnow().strftime("%Y-%m")
    [wrong] = mine
    assert wrong["id"].startswith("feedback-") and len(wrong["id"]) == len("feedback-") + 12
    assert {k: v for k, v in wrong.items() if k not in ("id", "note")} == {
        "title": RECALL_TITLE,
        "summary": RECALL_SUMMARY,
        "outlet": "Harbor Times",
        "date": today,
        "url": "https://news.example/1",
        "prosecutors": [],
        "event_type": None,
        "also_acceptable_type": None,
        "event_key": f"NEG:Alex Rivera (wrong person):{month}",
        "summary_source": "feed item",
        "feedback": {
            "verdict": "wrong_person",
            "prosecutor": "Alex Rivera",
            "alerted_as": "recall",
        },
    }
    assert wrong["note"].startswith("From organizer feedback: marked wrong person")
    [off] = theirs
    assert (off["title"], off["outlet"], off["url"]) == (
        PARKING_TITLE, "Quay Post", "https://news.example/2"
    )  # fmt: skip
    assert (off["prosecutors"], off["event_type"], off["event_key"]) == (
        ["Alex Rivera"], "other", f"Alex Rivera:other:{month}"
    )  # fmt: skip
    assert off["note"].startswith("From organizer feedback: marked not relevant")
    assert everyone == [wrong, off]


async def test_an_unknown_server_is_one_clear_error(fake, tmp_path):
    """--guild naming no server in the store exits 2 with one line, and writes nothing."""
    bot = await start_bot(bot_settings(fake, tmp_path), fake)
    try:
        proc = export(tmp_path, "--guild", "999", "--out", str(tmp_path / "x.jsonl"))
    finally:
        await stop_bot(bot)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: no server 999 in the store (see /status in that server)"
    assert not (tmp_path / "x.jsonl").exists()
