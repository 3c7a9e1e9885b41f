"""Issue 14: a kill between Discord creating a flood summary and the bot recording it."""

from __future__ import annotations

import json
import signal
from pathlib import Path

from tests.bot.helpers import open_store, snapshot
from tests.fakes.feed_server import FeedServer
from tests.faults.test_process_faults import N_FEEDS, feed, run_runner

CAP = 5
NEW_TITLE = "District Attorney Morgan Quill0x announces resignation from office"
NEW_STORY = f"<item><title>{NEW_TITLE}</title><link>https://ridge.example/new</link></item>"


async def test_killed_after_the_summary_was_posted_no_alert_is_posted_twice(tmp_path: Path):
    """The bot SIGKILLs right after Discord stored the first summary; after a restart and one
    new story, every alert appears in exactly one message (singly or in a summary)."""
    async with FeedServer() as server:
        for n in range(N_FEEDS):
            server.static(f"/feed{n}", feed(n))
        await run_runner(
            tmp_path, server, "sum", "die-after-summary", cap=CAP, exit_code=-signal.SIGKILL
        )
        server.static("/feed0", feed(0).replace("<item>", NEW_STORY + "<item>", 1))
        await run_runner(tmp_path, server, "sum", "finish", cap=CAP)
    store = open_store(tmp_path / "sum.json")
    stored = await snapshot(store)
    await store.close()
    lines = (tmp_path / "sum.sink").read_text().splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    assert len(stored.alerts) > 2 * CAP  # enough for a flood
    assert any("more alerts" in t for t in texts)
    assert any(a.title == NEW_TITLE for a in stored.alerts)  # the new story alerted
    counts = {a.title: sum(a.title in t for t in texts) for a in stored.alerts}
    assert {title for title, n in counts.items() if n != 1} == set()
