"""The bot's poll-and-deliver loop in a child process, for the SIGKILL tests.

`run_until(store, sink_file, host:port, n_feeds, mode, failures, cap)` is started through
tests.forked. It configures a guild on first start, then runs real cycles against the loopback
feeds. Its sink appends each message (nonce, id, text) to SINK_FILE (fsync'd) and, like Discord
with enforce_nonce, answers a repeated nonce with the original message instead of posting again.
`finish` returns once nothing is pending; `loop` runs until killed; `die-after-summary` is
`finish` that SIGKILLs itself right after the sink wrote the first flood summary (Discord created
it, the bot never heard). CAP is the flood cap (default: no cap). An error is sent back on
`failures` as its traceback, since the child's stderr is not the test's.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import signal
import traceback
from multiprocessing.connection import Connection

from bot import guilds
from bot.app import services
from bot.cycle import source_registry
from bot.delivery.alert_view import render_text
from bot.delivery.sinks import Outcome, Result
from bot.settings import Settings
from bot.store import RowStatus, UnitOfWork
from feeds.models import Prosecutor

PEOPLE = [
    Prosecutor(f"person-{i}", f"Morgan Quill{i}x", "District Attorney", f"Ridge{i} County", "CA")
    for i in range(5)
]
GUILD, CHANNEL = 1, 2


class FileSink:
    def __init__(self, path: str, *, die_after_summary: bool = False) -> None:
        self.path = path
        self.die_after_summary = die_after_summary

    def _known(self) -> dict[str, str]:
        if not os.path.exists(self.path):
            return {}
        with open(self.path) as fh:
            return {(r := json.loads(line))["nonce"]: r["id"] for line in fh if line.strip()}

    async def send(self, channel_id, view, nonce) -> Outcome:
        known = self._known()
        if nonce in known:
            return Outcome(Result.DELIVERED, message_id=known[nonce])
        message_id = str(len(known) + 1)
        text = render_text(view)
        with open(self.path, "a") as fh:
            fh.write(json.dumps({"nonce": nonce, "id": message_id, "text": text}) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        if self.die_after_summary and "more alerts" in text:
            os.kill(os.getpid(), signal.SIGKILL)
        return Outcome(Result.DELIVERED, message_id=message_id)

    def notice_channels(self, guild_id: str) -> list[str]:
        return []


async def configure(tx: UnitOfWork, host_port: str, n_feeds: int) -> None:
    if await guilds.watched(tx, GUILD):
        return
    for person in PEOPLE:
        await guilds.watch(tx, GUILD, person, 200)
    await guilds.subscribe(tx, GUILD, CHANNEL, None, ())
    for i in range(n_feeds):
        url = f"http://{host_port}/feed{i}"
        await source_registry.add_source(
            tx,
            source_registry.new_source(f"f{i}", "rss", url, guild_id=str(GUILD), seeded=True),
        )


async def main(
    store_path: str, sink_path: str, host_port: str, n_feeds: int, mode: str, cap: int
) -> None:
    base = Settings()
    settings = dataclasses.replace(
        base,
        store=dataclasses.replace(base.store, path=store_path),
        fetch=dataclasses.replace(base.fetch, allow_hosts=(host_port,), per_host=16),
        poll=dataclasses.replace(base.poll, parse_workers=0),
        sources=dataclasses.replace(base.sources, enabled=()),
        discord=dataclasses.replace(base.discord, flood_cap=cap),
    )
    sink = FileSink(sink_path, die_after_summary=mode == "die-after-summary")
    async with services(settings, sink) as app:
        store = app.store
        async with store.transaction() as tx:
            await configure(tx, host_port, n_feeds)
        while True:
            async with store.transaction() as tx:
                await tx.sources.set_next_check(None)
            await app.pipeline.run_cycle()
            async with store.transaction() as tx:
                pending = (await tx.outbox.depth()).get(RowStatus.PENDING, 0)
            if mode != "loop" and pending == 0:
                return


def run_until(
    store_path: str,
    sink_path: str,
    host_port: str,
    n_feeds: int,
    mode: str,
    failures: Connection,
    cap: int = 100_000,
) -> None:
    try:
        asyncio.run(main(store_path, sink_path, host_port, n_feeds, mode, cap))
    except BaseException:
        failures.send_bytes(traceback.format_exc().encode())
        raise
