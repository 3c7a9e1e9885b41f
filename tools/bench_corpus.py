"""The benchmark's synthetic corpus and its loopback feed server (tools/bench.py uses both).

Everything is generated in code from a seed, in made-up words, so the bench process and the
server process build byte-identical feeds without sharing files: feed `i` at version `v` lists
items `v*STEP .. v*STEP+ITEMS-1` of that feed, newest first. Bumping a feed's version publishes
STEP new items and drops as many old ones, the way a news feed moves.

The server runs in its own process so that serving 1,000 feeds does not borrow the measured
event loop; it answers If-None-Match / If-Modified-Since with 304 and sleeps `delay` seconds
before every answer, as a remote host would. Paths under /nd/ skip the delay.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import random
import socket
import urllib.request
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import lru_cache
from xml.sax.saxutils import escape

from feeds.models import Prosecutor

ITEMS = 50  # items per feed
STEP = 5  # new items per update
_SYLL = (
    "ka lo ri ta mo ne su vi da ren bor lin gas kra mer ton wel sha dri fen gul pa zo "
    "mi tek var os un hal bri cor del esk fal gro hin jor kel lum mar nor pel quin rud sel"
).split()
_FIRST = (
    "Ana Ben Carla Dev Elena Frank Grace Hugo Irene Jamal Kira Luis Maya Noor Omar Pia Quentin "
    "Rosa Sami Tara Umar Vera Wes Xena Yusuf Zoe"
).split()
_OFFICES = (
    "District Attorney",
    "State's Attorney",
    "Commonwealth's Attorney",
    "County Attorney",
    "Circuit Attorney",
)
_STATES = ("CA", "PA", "VA", "TX", "IL", "NY", "MD", "MO", "MN", "OR", "WA", "GA", "FL", "AZ")
_OUTLET = ("Times", "Gazette", "Ledger", "Courier", "Post", "Herald", "Tribune", "Dispatch")
_FILLER = (
    "{C} council approves {n} budget after long debate",
    "Storm knocks out power to thousands across {C} on {d}",
    "{C} school board weighs {n} plan as enrollment drops",
    "New {n} market opens downtown, drawing crowds",
    "Company recalls {k} units of {n} heaters over fire risk",
    "{C} police union endorses challenger in mayoral race",
    "Residents push back on {n} project near {C} river",
    "Stocks slip as investors weigh {n} data and earnings",
    "{C} hospital expands {n} clinic with state grant",
    "Highway repairs on {n} road to last through {d}",
    "{C} library marks {k} years with {n} festival",
    "Governor signs bill on {n} permits for {C}",
)
_EVENTS = (
    "Recall petition against {o} {f} {l} clears signature threshold",
    "Judge issues injunction blocking DA {l}'s {n} directive",
    "Police union endorses challenger to {o} {f} {l}",
    "{f} {l} indicted on {n} charges, prosecutors say",
    "{f} {l} wins primary for {J} {o}",
    "Lawmakers move to impeach {o} {f} {l}",
    "{o} {f} {l} announces resignation amid {n} dispute",
    "{f} {l} drops charges against {k} {n} protesters",
    "Cases taken from {o} {l} after {n} conflict ruling",
    "{f} {l} issues new policy on {n} cases",
)
_SENTENCES = (
    "Officials in {C} said more details would follow later this week.",
    "The {n} committee met on {d} and heard from {k} residents.",
    "Critics called the {n} plan rushed, while supporters said it was overdue.",
    "A spokesperson declined to comment on the {n} matter.",
    "The decision follows months of debate over {n} funding in {C}.",
    "Reporters from the {C} {O} contributed to this report.",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _word(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYLL) for _ in range(parts))


def people(n: int, seed: int = 1) -> list[Prosecutor]:
    """`n` watched prosecutors with distinct made-up surnames, offices and places."""
    rng = random.Random(seed)
    out, used = [], set()
    while len(out) < n:
        last = _word(rng, 3).capitalize()
        if last in used:
            continue
        used.add(last)
        office = rng.choice(_OFFICES)
        place = _word(rng, 2).capitalize()
        jurisdiction = f"City of {place}" if office == "Circuit Attorney" else f"{place} County"
        out.append(
            Prosecutor(
                id=f"p{len(out)}",
                name=f"{rng.choice(_FIRST)} {last}",
                office=office,
                jurisdiction=jurisdiction,
                state=rng.choice(_STATES),
            )
        )
    return out


class Corpus:
    """Feeds of the benchmark: deterministic in (seed, feed, version)."""

    def __init__(
        self, n_feeds: int, watched: list[Prosecutor], now: float, seed: int = 1, event_rate=0.03
    ) -> None:
        self.n_feeds = n_feeds
        self.watched = watched
        self.now = datetime.fromtimestamp(now, UTC)
        self.seed = seed
        self.event_rate = event_rate
        self.versions = [0] * n_feeds
        # A pool of stories several outlets tell in other words: exercises story clustering.
        rng = random.Random(seed * 7919)
        self.stories = [(rng.choice(watched), rng.randrange(len(_EVENTS))) for _ in range(400)]

    # -- per feed ------------------------------------------------------------------------
    def is_atom(self, feed: int) -> bool:
        return feed % 3 == 2

    def validators(self, feed: int) -> tuple[str | None, str | None]:
        """ETag and Last-Modified: most feeds send both, some one, some neither."""
        v = self.versions[feed]
        kind = feed % 5
        etag = f'"f{feed}-v{v}"' if kind < 3 else None
        modified = format_datetime(self._stamp(feed, v * STEP + ITEMS - 1), usegmt=True)
        return etag, (modified if kind in (0, 3) else None)

    def _stamp(self, feed: int, j: int) -> datetime:
        # The newest item of version v is a little before `now`; items are ~40 min apart.
        newest = (self.versions[feed] + 1) * STEP + ITEMS
        return self.now - timedelta(minutes=(newest - j) * 40 + feed % 37)

    def outlet(self, feed: int) -> str:
        rng = random.Random(f"{self.seed}:outlet:{feed}")
        return f"The {_word(rng).capitalize()} {rng.choice(_OUTLET)}"

    def _fill(self, rng: random.Random, text: str) -> str:
        return text.format(
            C=_word(rng).capitalize(),
            n=_word(rng),
            d=rng.choice(_DAYS),
            k=rng.randrange(2, 900),
            O=rng.choice(_OUTLET),
        )

    def item(self, feed: int, j: int) -> dict[str, str]:
        rng = random.Random(f"{self.seed}:{feed}:{j}")
        if rng.random() < self.event_rate:
            person, shape = rng.choice(self.stories)
            if rng.random() < 0.5:  # an outlet's own story, not from the shared pool
                person, shape = rng.choice(self.watched), rng.randrange(len(_EVENTS))
            first, last = person.name.split(" ", 1)
            title = _EVENTS[shape].format(
                o=person.office,
                f=first,
                l=last,
                J=person.jurisdiction,
                n=_word(rng),
                k=rng.randrange(2, 40),
            )
        else:
            title = self._fill(rng, rng.choice(_FILLER))
        body = " ".join(self._fill(rng, s) for s in rng.sample(_SENTENCES, rng.randint(2, 4)))
        host = f"news{feed}.example"
        return {
            "title": title,
            "link": f"https://{host}/{_word(rng, 3)}/{j}",
            "guid": f"{host}:{j}",
            "summary": f"<p>{body}</p><p><a href='https://{host}/tags/{j}'>More</a></p>",
            "date": self._stamp(feed, j),
        }

    @lru_cache(maxsize=4096)  # noqa: B019 - the corpus lives as long as the process
    def _body(self, feed: int, version: int) -> bytes:
        first = version * STEP
        items = [self.item(feed, j) for j in range(first + ITEMS - 1, first - 1, -1)]
        title = escape(self.outlet(feed))
        if self.is_atom(feed):
            return _atom(feed, title, items).encode()
        return _rss(feed, title, items).encode()

    def body(self, feed: int) -> bytes:
        return self._body(feed, self.versions[feed])

    def bump(self, feeds: list[int]) -> None:
        for f in feeds:
            self.versions[f] += 1


def _rss(feed: int, title: str, items: list[dict]) -> str:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>{title}</title><link>https://news{feed}.example/</link>",
        "<description>Local news</description><language>en-us</language>",
    ]
    for it in items:
        parts.append(
            f"<item><title>{escape(it['title'])}</title><link>{it['link']}</link>"
            f'<guid isPermaLink="false">{it["guid"]}</guid>'
            f"<pubDate>{format_datetime(it['date'])}</pubDate>"
            f"<description>{escape(it['summary'])}</description></item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts)


def _atom(feed: int, title: str, items: list[dict]) -> str:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{title}</title><id>tag:news{feed}.example,2026:feed</id>",
        f'<link href="https://news{feed}.example/"/>',
        f"<updated>{items[0]['date'].isoformat()}</updated>",
    ]
    for it in items:
        parts.append(
            f"<entry><title>{escape(it['title'])}</title><id>tag:{it['guid']}</id>"
            f'<link href="{it["link"]}"/><updated>{it["date"].isoformat()}</updated>'
            f'<summary type="html">{escape(it["summary"])}</summary></entry>'
        )
    parts.append("</feed>")
    return "\n".join(parts)


# -- the server process ----------------------------------------------------------------------


def _serve(corpus: Corpus, delay: float, ready, stop) -> None:
    from aiohttp import web

    async def feed(request: web.Request) -> web.Response:
        if request.match_info["nd"] != "nd/":
            await asyncio.sleep(delay)
        n = int(request.match_info["n"])
        if not 0 <= n < corpus.n_feeds:
            return web.Response(status=404)
        etag, modified = corpus.validators(n)
        headers = {k: v for k, v in (("ETag", etag), ("Last-Modified", modified)) if v}
        inm, ims = request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since")
        if (etag and inm == etag) or (not inm and modified and ims == modified):
            return web.Response(status=304, headers=headers)
        kind = "atom" if corpus.is_atom(n) else "rss"
        headers["Content-Type"] = f"application/{kind}+xml; charset=utf-8"
        return web.Response(body=corpus.body(n), headers=headers)

    async def bump(request: web.Request) -> web.Response:
        corpus.bump(await request.json())
        return web.Response(text="ok")

    async def main() -> None:
        app = web.Application()
        app.router.add_get(r"/{nd:(nd/)?}f/{n:\d+}.xml", feed)
        app.router.add_post("/_bump", bump)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        ready.send(runner.addresses[0][1])
        await asyncio.get_running_loop().run_in_executor(None, stop.wait)
        await runner.cleanup()

    asyncio.run(main())


# Real feeds live on many hosts, each polled politely (fetch.per_host, 2 by default). The bench
# spreads its feeds over this many host names, all resolving to 127.0.0.1 (see bench_dns).
N_HOSTS = 40
_VIRTUAL_SUFFIX = ".bench.test"


def virtual_host(n: int) -> str:
    return f"outlet{n}{_VIRTUAL_SUFFIX}"


def bench_dns() -> None:
    """Resolve the bench's host names to 127.0.0.1 in this process; nothing else changes."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, str) and host.endswith(_VIRTUAL_SUFFIX):
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo


class ServerProcess:
    """The corpus served from a child process on 127.0.0.1; `bump` changes both copies."""

    def __init__(self, corpus: Corpus, delay: float) -> None:
        self.corpus = corpus
        ctx = multiprocessing.get_context("fork")
        parent, child = ctx.Pipe()
        self._stop = ctx.Event()
        self.process = ctx.Process(target=_serve, args=(corpus, delay, child, self._stop))
        self.process.start()
        self.port = parent.recv()

    @property
    def host_port(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def virtual_hosts(self) -> tuple[str, ...]:
        """Every "host:port" the feeds are spread over (all served by this one process)."""
        return tuple(f"{virtual_host(n)}:{self.port}" for n in range(N_HOSTS))

    def url(self, feed: int, delay: bool = True) -> str:
        host = virtual_host(feed % N_HOSTS)
        return f"http://{host}:{self.port}/{'' if delay else 'nd/'}f/{feed}.xml"

    def bump(self, feeds: list[int]) -> None:
        self.corpus.bump(feeds)
        req = urllib.request.Request(
            f"http://{self.host_port}/_bump", data=json.dumps(feeds).encode(), method="POST"
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            resp.read()

    def close(self) -> None:
        self._stop.set()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
