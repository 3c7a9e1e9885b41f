"""`make demo`: the real pipeline on the project's own demo feeds, offline, into the console.

A loopback HTTP server serves config/demo/*.xml (with dates filled in relative to now and real
ETags, so the second cycle gets 304s). A demo server watches a few prosecutors with two
subscribed channels; three poll cycles run through fetch, parse, match, dedupe, store and outbox.
Cycle 3 publishes one more story to show a new event arriving.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import TextIO

from aiohttp import web

from bot import guilds
from bot.app import services
from bot.cycle import source_registry
from bot.cycle.pipeline import Pipeline
from bot.delivery.sinks import ConsoleSink
from bot.settings import Settings
from bot.store import Store, UnitOfWork
from feeds.models import EventType, Prosecutor

DEMO_DIR = Path(__file__).resolve().parent.parent / "config" / "demo"
GUILD = 1001
RAPID_RESPONSE = 2001
ALL_NEWS = 2002
ORGANIZER_ROLE = 3001
WATCHED = ["George Gascón", "Pamela Price", "Larry Krasner", "Chesa Boudin", "Kim Foxx"]

_PLACEHOLDER = re.compile(r"\{\{(hours_ago|iso_hours_ago|minutes_ago):(\d+)\}\}")
_LATER = re.compile(r"<!--LATER-->.*?<!--/LATER-->", re.S)


def render(template: str, now: datetime, include_later: bool) -> bytes:
    if not include_later:
        template = _LATER.sub("", template)

    def fill(m: re.Match[str]) -> str:
        unit, amount = m.group(1), int(m.group(2))
        moment = now - (
            timedelta(minutes=amount) if unit == "minutes_ago" else timedelta(hours=amount)
        )
        return moment.isoformat() if unit == "iso_hours_ago" else format_datetime(moment)

    return _PLACEHOLDER.sub(fill, template).encode()


class DemoFeeds:
    """Serves the demo feeds on 127.0.0.1 with ETag support."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)
        self.published_later = False
        self.runner: web.AppRunner | None = None
        self.port = 0

    def body(self, name: str) -> bytes:
        return render((DEMO_DIR / name).read_text(encoding="utf-8"), self.now, self.published_later)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = DEMO_DIR / request.match_info["name"]
        if path.parent != DEMO_DIR or not path.is_file():
            raise web.HTTPNotFound()
        body = self.body(path.name)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, content_type="application/xml", headers={"ETag": etag})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/{name}", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = self.runner.addresses[0][1]  # the port the OS chose when asked for 0

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"


async def _set_up_server(
    tx: UnitOfWork, directory: list[Prosecutor], feeds: DemoFeeds, settings: Settings
) -> None:
    by_name = {p.name: p for p in directory}
    for name in WATCHED:
        await guilds.watch(tx, GUILD, by_name[name], settings.discord.max_watched)
    urgent = [EventType.RECALL, EventType.INJUNCTION, EventType.UNION_ENDORSEMENT,
              EventType.IMPEACHMENT]  # fmt: skip
    await guilds.subscribe(tx, GUILD, RAPID_RESPONSE, None, urgent)
    await guilds.subscribe(tx, GUILD, ALL_NEWS, None, ())
    await guilds.set_mention(tx, GUILD, ORGANIZER_ROLE, [EventType.RECALL, EventType.IMPEACHMENT])
    for path in sorted(DEMO_DIR.glob("*.xml")):
        # The demo treats what its feeds hold as news, so they start seeded (no history to skip).
        source = source_registry.new_source(
            f"demo:{path.stem}", "rss", feeds.url(path.name), label=path.stem, guild_id=str(GUILD),
            seeded=True,
        )  # fmt: skip
        await source_registry.add_source(tx, source)


async def run_demo(settings: Settings, data_dir: str | None = None) -> int:
    out = sys.stdout
    with tempfile.TemporaryDirectory(prefix="prosecutor-watch-demo-") as tmp:
        folder = Path(data_dir) if data_dir else Path(tmp)
        feeds = DemoFeeds()
        await feeds.start()
        try:
            demo_settings = dataclasses.replace(
                settings,
                store=dataclasses.replace(settings.store, path=str(folder / "demo-store.json")),
                fetch=dataclasses.replace(settings.fetch, allow_hosts=(f"127.0.0.1:{feeds.port}",)),
                # Offline: no automatic news or court sources, only the demo's own feeds.
                sources=dataclasses.replace(settings.sources, enabled=(), pacer_courts=()),
            )
            sink = ConsoleSink(
                stream=out, channel_names={str(RAPID_RESPONSE): "rapid-response",
                                           str(ALL_NEWS): "all-news"},
            )  # fmt: skip
            async with services(demo_settings, sink) as app:
                async with app.store.transaction() as tx:
                    await _set_up_server(tx, app.directory, feeds, demo_settings)
                print(f"prosecutor-watch demo: feeds on 127.0.0.1:{feeds.port}", file=out)
                print(f"store: {demo_settings.store.path}", file=out)
                print(f"watching: {', '.join(WATCHED)}", file=out)
                total = 0
                for cycle in (1, 2, 3):
                    if cycle == 3:
                        feeds.published_later = True
                        print("\n(a new story is published)", file=out)
                    await _make_all_due(app.store)
                    print(f"\n=== poll cycle {cycle} ===", file=out)
                    report = await app.pipeline.run_cycle()
                    s = report.stats
                    total += s.alerts
                    if cycle == 1:
                        _print_not_alerted(feeds, app.pipeline, out)
                    print(
                        f"\n--- cycle {cycle}: {s.sources} feeds polled, {s.unchanged} unchanged, "
                        f"{s.new_items} new items, {s.alerts} new alerts, "
                        f"{s.clustered} joined an existing story, "
                        f"{report.delivery.delivered if report.delivery else 0} messages sent",
                        file=out,
                    )
                print(f"\ndemo finished: {total} alerts, {sink.sent} messages", file=out)
        finally:
            await feeds.stop()
    return 0


def _print_not_alerted(feeds: DemoFeeds, pipeline: Pipeline, out: TextIO) -> None:
    """The demo's traps, shown so a reader sees what the matcher declined and why it matters."""
    from feeds.parse import parse_feed

    matcher = pipeline.matcher
    assert matcher is not None  # a cycle has run
    quiet = []
    for path in sorted(DEMO_DIR.glob("*.xml")):
        for item in parse_feed(feeds.body(path.name), source_id="demo", kind="rss"):
            if not matcher.match_item(item):
                quiet.append(item.title)
    print(f"\nNot alerted ({len(quiet)} items about no watched prosecutor's event):", file=out)
    for title in quiet:
        print(f"  · {title}", file=out)


async def _make_all_due(store: Store) -> None:
    # The demo does not wait out poll intervals: every source is due at once.
    async with store.transaction() as tx:
        await tx.sources.set_next_check(None)
