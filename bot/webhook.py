"""Receiver for CourtListener webhooks (docket and search alerts).

CourtListener signs nothing, so the URL carries a secret path segment (WEBHOOK_SECRET), and
the server binds to a configured address (put a TLS proxy in front of it). A delivery is
accepted once per `Idempotency-Key`, across restarts: CourtListener retries deliveries it
believes failed, with the same key.
"""

from __future__ import annotations

import hmac
import logging

from aiohttp import web

from bot.cycle.pipeline import Pipeline
from bot.errors import StartupError
from feeds.parse import FeedError
from feeds.sources.courtlistener import items_from_webhook
from feeds.sources.courtlistener_delivery import parse_webhook_body, webhook_idempotency_key

log = logging.getLogger(__name__)

SOURCE_ID = "courtlistener:webhook"
MAX_BODY = 2 * 1024 * 1024


class WebhookReceiver:
    def __init__(self, pipeline: Pipeline, secret: str) -> None:
        if len(secret) < 16:
            raise ValueError("WEBHOOK_SECRET must be at least 16 characters")
        self.pipeline = pipeline
        self.secret = secret
        self.runner: web.AppRunner | None = None
        self.port = 0

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post("/courtlistener/{secret}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.match_info["secret"], self.secret):
            return web.Response(status=404)
        key = webhook_idempotency_key(request.headers)
        if key is None:
            return web.Response(status=400, text="missing Idempotency-Key")
        try:
            items = items_from_webhook(parse_webhook_body(await request.read()), SOURCE_ID)
        except FeedError as exc:
            return web.Response(status=400, text=str(exc))
        # One transaction: the duplicate check, the items and the delivery's seen mark.
        stats = await self.pipeline.ingest_pushed(SOURCE_ID, items, delivery_key=f"webhook:{key}")
        if stats is None:
            return web.Response(status=200, text="already received")
        log.info("webhook delivery accepted: %d items, %d alerts", len(items), stats.alerts)
        return web.Response(status=200, text="ok")

    async def start(self, host: str, port: int) -> None:
        self.runner = web.AppRunner(self.app(), access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, host, port)
        try:
            await site.start()
        except OSError as exc:  # in use, or an address this machine does not have
            await self.runner.cleanup()
            self.runner = None
            raise StartupError(
                f"setting webhook.port: cannot listen on {host}:{port} ({exc.strerror or exc})"
            ) from None
        self.port = self.runner.addresses[0][1]  # the port the OS chose when asked for 0

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
