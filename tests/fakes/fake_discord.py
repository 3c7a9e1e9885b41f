"""A protocol-level fake Discord on 127.0.0.1: REST (aiohttp) and a websocket gateway.

The real discord.py client talks to it once `Route.BASE` and `DEFAULT_GATEWAY` point here:

    async with FakeDiscord() as fake:
        fake.add_guild(GUILD, channels={CHANNEL: "alerts"})
        ...  # start the bot with discord.api_base=fake.api_base, gateway_url=fake.gateway_url
        handle = await fake.slash(GUILD, ADMIN, "watch add", prosecutor="Alex Rivera")
        reply = await fake.reply(handle)

Faults are queued per route (`fake.fail("POST", "/channels/20/messages", Fault(502))`): the
next matching requests get them in order. Messages honour `nonce` + `enforce_nonce` as Discord
does: a repeated nonce in the same channel returns the original message and posts nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.parser
import email.policy
import itertools
import json
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

_BODY = web.RequestKey("json", object)
_FILES = web.RequestKey("files", list)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Discord sends exactly "application/json"; discord.py parses bodies only for that type.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={**(headers or {}), "Content-Type": "application/json"},
    )


def _within_limits(body: dict[str, Any]) -> bool:
    """Discord's message limits: content 2,000; 10 embeds; title 256, description 4,096,
    25 fields, footer 2,048, and 6,000 characters over all embeds of a message."""
    embeds = body.get("embeds") or []
    if len(body.get("content") or "") > 2000 or len(embeds) > 10:
        return False
    total = 0
    for embed in embeds:
        title, text = embed.get("title") or "", embed.get("description") or ""
        footer = (embed.get("footer") or {}).get("text") or ""
        fields = embed.get("fields") or []
        if len(title) > 256 or len(text) > 4096 or len(footer) > 2048 or len(fields) > 25:
            return False
        total += len(title) + len(text) + len(footer)
        total += sum(len(f.get("name", "")) + len(f.get("value", "")) for f in fields)
    return total <= 6000


API = "/api/v10"
DISCORD_EPOCH_MS = 1420070400000
# View Channel, Send Messages, Embed Links, Read Message History, Mention Everyone off.
DEFAULT_PERMS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16)
MANAGE_GUILD = 1 << 5
APP_ID = 900000000000000001
BOT_ID = 900000000000000002
TEXT, FORUM, PUBLIC_THREAD = 0, 15, 11
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
THREAD_PERMS = CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS


@dataclass
class Fault:
    """One canned answer: a status with headers and body, or a request that never answers."""

    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False
    # Process the request normally, then never answer: the "response lost" case.
    hang_after: bool = False

    @classmethod
    def rate_limited(cls, retry_after: float, *, cloudflare: bool = False) -> Fault:
        # Discord's own 429s come through its proxy (a Via header); Cloudflare's bans do not.
        headers = {} if cloudflare else {"Via": "1.1 google"}
        if cloudflare:
            return cls(429, "error code: 1015", headers)
        body = {"message": "You are being rate limited.", "retry_after": retry_after}
        headers["Retry-After"] = str(math.ceil(retry_after))
        return cls(429, {**body, "global": False}, headers)


@dataclass(frozen=True)
class ChannelRef:
    """A channel option value (type 7)."""

    id: int


@dataclass(frozen=True)
class RoleRef:
    """A role option value (type 8)."""

    id: int


@dataclass
class Handle:
    id: int
    token: str


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    headers: dict[str, str]
    status: int = 0
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (filename, content)


def _multipart(content_type: str, raw: bytes) -> tuple[Any, list[tuple[str, bytes]]]:
    """discord.py sends attachments as multipart/form-data: payload_json plus files[n]."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    payload: Any = None
    files: list[tuple[str, bytes]] = []
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        content = part.get_payload(decode=True) or b""
        if name == "payload_json":
            payload = json.loads(content)
        elif part.get_filename():
            files.append((part.get_filename(), content))
    return payload, files


def user(uid: int, name: str | None = None, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(uid),
        "username": name or f"user{uid}",
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
    }


class FakeDiscord:
    def __init__(self, *, heartbeat_ms: int = 30000) -> None:
        self.heartbeat_ms = heartbeat_ms
        self.bot_user = user(BOT_ID, "prosecutor-watch", bot=True)
        self.guilds: dict[int, dict[str, Any]] = {}
        self.channel_guild: dict[int, int] = {}
        self.messages: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.requests: list[Recorded] = []
        self.callbacks: dict[int, dict[str, Any]] = {}
        self.followups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._interaction_channel: dict[int, int] = {}
        self.command_puts = 0
        self.identifies = 0
        self.resumes = 0
        self.rate_limited = 0
        self.gateway_down = False
        self.forbidden: set[int] = set()
        self.threads: dict[int, dict[str, Any]] = {}  # thread id -> channel document
        self.files: dict[str, bytes] = {}  # attachment id -> content
        self.deleted: set[int] = set()
        self.rate_limit: tuple[int, float] | None = None  # (messages, seconds) per channel
        self._buckets: dict[int, list[float]] = defaultdict(list)
        self._faults: dict[tuple[str, str], list[Fault]] = defaultdict(list)
        self._forever: dict[tuple[str, str], Fault] = {}
        self._lose_next: dict[tuple[str, str], int] = {}
        self._nonces: dict[tuple[int, str], dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._changed = asyncio.Condition()
        self._release = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle -----------------------------------------------------------------------------

    async def __aenter__(self) -> FakeDiscord:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/gateway-ws", self._gateway)
        r = app.router
        r.add_get(API + "/gateway", self._get_gateway)
        r.add_get(API + "/gateway/bot", self._get_gateway)
        r.add_get(API + "/users/@me", self._me)
        r.add_get(API + "/oauth2/applications/@me", self._app_info)
        r.add_get(API + "/applications/@me", self._app_info)
        r.add_post(API + "/channels/{cid}/messages", self._post_message)
        r.add_post(API + "/channels/{cid}/messages/{mid}/threads", self._thread_from_message)
        r.add_post(API + "/channels/{cid}/threads", self._forum_post)
        r.add_get(API + "/channels/{cid}", self._get_channel)
        r.add_get(API + "/guilds/{gid}/roles", self._roles)
        r.add_put(API + "/applications/{app}/commands", self._put_commands)
        r.add_put(API + "/applications/{app}/guilds/{gid}/commands", self._put_commands)
        r.add_get(API + "/applications/{app}/commands", self._commands)
        r.add_post(API + "/interactions/{iid}/{token}/callback", self._callback)
        r.add_patch(API + "/webhooks/{app}/{token}/messages/@original", self._edit_original)
        r.add_post(API + "/webhooks/{app}/{token}", self._followup)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._release.set()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway-ws"

    # -- world ---------------------------------------------------------------------------------

    def add_guild(
        self,
        guild_id: int,
        *,
        channels: dict[int, str],
        roles: dict[int, str] | None = None,
        name: str = "Organizers",
        types: dict[int, int] | None = None,
    ) -> None:
        """`types` gives a channel another type than text (FORUM, say)."""
        everyone = {"id": str(guild_id), "name": "@everyone", "permissions": str(DEFAULT_PERMS)}
        role_docs = [everyone] + [
            {"id": str(rid), "name": rname, "permissions": "0"}
            for rid, rname in (roles or {}).items()
        ]
        for pos, role in enumerate(role_docs):
            role.update(position=pos, color=0, hoist=False, managed=False, mentionable=True)
            role["flags"] = 0
        self.guilds[guild_id] = {
            "id": str(guild_id),
            "name": name,
            "icon": None,
            "owner_id": "1",
            "roles": role_docs,
            "emojis": [],
            "stickers": [],
            "features": [],
            "member_count": 2,
            "large": False,
            "unavailable": False,
            "threads": [],
            "voice_states": [],
            "presences": [],
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "channels": [
                {
                    "id": str(cid),
                    "type": (types or {}).get(cid, TEXT),
                    "name": cname,
                    "position": pos,
                    "guild_id": str(guild_id),
                    "permission_overwrites": [],
                    "nsfw": False,
                    "topic": None,
                    "parent_id": None,
                }
                for pos, (cid, cname) in enumerate(channels.items())
            ],
            "members": [
                {
                    "user": self.bot_user,
                    "roles": [],
                    "joined_at": "2026-01-01T00:00:00+00:00",
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                }
            ],
        }
        for cid in channels:
            self.channel_guild[cid] = guild_id

    def channel_doc(self, channel_id: int) -> dict[str, Any] | None:
        if channel_id in self.threads:
            return self.threads[channel_id]
        guild = self.guilds.get(self.channel_guild.get(channel_id, 0))
        if guild is None:
            return None
        return next(c for c in guild["channels"] if c["id"] == str(channel_id))

    async def deny_bot(self, channel_id: int, permissions: int) -> None:
        """Deny the bot `permissions` in one channel (a member overwrite), as an admin would;
        the bot hears of it through CHANNEL_UPDATE when connected."""
        await self.overwrite_bot(channel_id, deny=permissions)

    async def overwrite_bot(self, channel_id: int, *, allow: int = 0, deny: int = 0) -> None:
        """Allow and deny the bot permissions in one channel (a member overwrite)."""
        doc = self.channel_doc(channel_id)
        assert doc is not None
        doc["permission_overwrites"] = [
            {"id": str(BOT_ID), "type": 1, "allow": str(allow), "deny": str(deny)}
        ]
        if self.connected:
            await self.dispatch("CHANNEL_UPDATE", doc)

    def fail(self, method: str, path: str, *faults: Fault) -> None:
        """Queue faults for the next requests to `path` (without the /api/v10 prefix)."""
        self._faults[(method, path)].extend(faults)

    def fail_forever(self, method: str, path: str, fault: Fault | None) -> None:
        if fault is None:
            self._forever.pop((method, path), None)
        else:
            self._forever[(method, path)] = fault

    def heal(self) -> None:
        self._faults.clear()
        self._lose_next.clear()
        self._forever.clear()
        self._release.set()
        self._release = asyncio.Event()

    def posts(self, channel_id: int | None = None) -> list[Recorded]:
        """Message POSTs received (answered or not), optionally for one channel."""
        return [
            r
            for r in self.requests
            if r.method == "POST"
            and r.path.endswith("/messages")
            and r.path.startswith("/channels/")
            and (channel_id is None or r.path == f"/channels/{channel_id}/messages")
        ]

    # -- plumbing ------------------------------------------------------------------------------

    def snowflake(self) -> int:
        return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) + next(self._ids)

    @web.middleware
    async def _middleware(self, request: web.Request, handler):
        path = request.path.removeprefix(API)
        body = None
        files: list[tuple[str, bytes]] = []
        if request.can_read_body:
            raw = await request.read()
            if request.content_type == "multipart/form-data":
                body, files = _multipart(request.headers["Content-Type"], raw)
            else:
                with contextlib.suppress(ValueError):
                    body = json.loads(raw) if raw else None
        rec = Recorded(
            request.method, path, dict(request.query), body, dict(request.headers), files=files
        )
        if path != "/gateway-ws":
            self.requests.append(rec)
        request[_BODY] = body
        request[_FILES] = files
        key = (request.method, path)
        fault = self._faults[key].pop(0) if self._faults.get(key) else self._forever.get(key)
        if fault is not None and fault.hang_after:
            self._lose_next[key] = self._lose_next.get(key, 0) + 1
            fault = None
        if fault is not None:
            rec.status = fault.status
            if fault.hang:
                await self._release.wait()
                raise web.HTTPServiceUnavailable()
            if fault.status == 429:
                self.rate_limited += 1
            if isinstance(fault.body, str):
                return web.Response(status=fault.status, text=fault.body, headers=fault.headers)
            body = fault.body if fault.body is not None else {"message": "fault", "code": 0}
            return _json(body, status=fault.status, headers=fault.headers)
        response = await handler(request)
        rec.status = response.status
        if fault is None and self._lose_next.get(key):
            self._lose_next[key] -= 1
            await self._release.wait()
            raise web.HTTPServiceUnavailable()
        async with self._changed:
            self._changed.notify_all()
        return response

    async def _me(self, _: web.Request) -> web.Response:
        return _json(self.bot_user)

    async def _commands(self, _: web.Request) -> web.Response:
        return _json([])

    async def _get_gateway(self, _: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return _json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _app_info(self, _: web.Request) -> web.Response:
        return _json(
            {
                "id": str(APP_ID),
                "name": "prosecutor-watch",
                "icon": None,
                "description": "",
                "rpc_origins": [],
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": user(1, "owner"),
                "summary": "",
                "verify_key": "00",
                "flags": 0,
                "team": None,
            }
        )

    async def _roles(self, request: web.Request) -> web.Response:
        guild = self.guilds.get(int(request.match_info["gid"]))
        if guild is None:
            return _json({"message": "Unknown Guild", "code": 10004}, status=404)
        return _json(guild["roles"])

    async def _get_channel(self, request: web.Request) -> web.Response:
        doc = self.channel_doc(int(request.match_info["cid"]))
        if doc is None:
            return _json({"message": "Unknown Channel", "code": 10003}, status=404)
        return _json(doc)

    async def _put_commands(self, request: web.Request) -> web.Response:
        self.command_puts += 1
        commands = request[_BODY] or []
        return _json(
            [{**c, "id": str(self.snowflake()), "application_id": str(APP_ID)} for c in commands]
        )

    # -- messages ------------------------------------------------------------------------------

    def _limit(self, channel_id: int) -> tuple[dict[str, str], float | None]:
        """Discord-style per-channel bucket headers; a retry_after when the bucket is empty."""
        if self.rate_limit is None:
            return {}, None
        limit, window = self.rate_limit
        now = time.monotonic()
        hits = [t for t in self._buckets[channel_id] if now - t < window]
        self._buckets[channel_id] = hits
        if len(hits) >= limit:
            return {}, window - (now - hits[0])
        hits.append(now)
        reset_after = window - (now - hits[0])
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(limit - len(hits)),
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Bucket": "channel-messages",
        }
        return headers, None

    async def _post_message(self, request: web.Request) -> web.Response:
        cid = int(request.match_info["cid"])
        body = request[_BODY] or {}
        if cid in self.deleted or self.channel_doc(cid) is None:
            return _json({"message": "Unknown Channel", "code": 10003}, status=404)
        if cid in self.forbidden:
            return _json({"message": "Missing Access", "code": 50001}, status=403)
        headers, wait = self._limit(cid)
        if wait is not None:
            self.rate_limited += 1
            limited = {"message": "You are being rate limited.", "retry_after": round(wait, 3)}
            return _json({**limited, "global": False}, status=429, headers={"Via": "1.1 google"})
        nonce = body.get("nonce")
        if (nonce is not None and len(str(nonce)) > 25) or not _within_limits(body):
            return _json({"message": "Invalid Form Body", "code": 50035}, status=400)
        if nonce and body.get("enforce_nonce") and (cid, str(nonce)) in self._nonces:
            return _json(self._nonces[(cid, str(nonce))], headers=headers)
        message = self._message(cid, body, request[_FILES])
        self.messages[cid].append(message)
        if nonce:
            self._nonces[(cid, str(nonce))] = message
        return _json(message, headers=headers)

    def _attachments(self, files: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
        docs = []
        for filename, content in files:
            aid = str(self.snowflake())
            self.files[aid] = content
            docs.append(
                {
                    "id": aid,
                    "filename": filename,
                    "size": len(content),
                    "url": f"{self.api_base}/attachments/{aid}/{filename}",
                    "proxy_url": f"{self.api_base}/attachments/{aid}/{filename}",
                }
            )
        return docs

    def attachment(self, doc: dict[str, Any]) -> bytes:
        """The bytes of an attachment as a message or reply lists it."""
        return self.files[doc["id"]]

    def _message(
        self,
        channel_id: int,
        body: dict[str, Any],
        files: list[tuple[str, bytes]] | None = None,
    ) -> dict[str, Any]:
        guild_id = self.channel_guild.get(channel_id)
        return {
            "id": str(self.snowflake()),
            "channel_id": str(channel_id),
            **({"guild_id": str(guild_id)} if guild_id else {}),
            "author": self.bot_user,
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "allowed_mentions": body.get("allowed_mentions"),
            "nonce": body.get("nonce"),
            "type": 0,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._attachments(files or []),
            "pinned": False,
            "timestamp": "2026-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "flags": body.get("flags", 0),
        }

    # -- threads and forum posts ---------------------------------------------------------------

    def _new_thread(self, parent: dict[str, Any], thread_id: int, name: str, archive: int):
        doc: dict[str, Any] = {
            "id": str(thread_id),
            "type": PUBLIC_THREAD,
            "name": name,
            "guild_id": parent["guild_id"],
            "parent_id": parent["id"],
            "owner_id": str(BOT_ID),
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": archive,
                "archive_timestamp": "2026-01-01T00:00:00+00:00",
                "locked": False,
            },
            "member_count": 1,
            "message_count": 0,
            "total_message_sent": 0,
            "rate_limit_per_user": 0,
            "flags": 0,
        }
        self.threads[thread_id] = doc
        self.channel_guild[thread_id] = int(parent["guild_id"])
        return doc

    def _thread_refusal(self, cid: int, body: dict[str, Any], kind: int) -> web.Response | None:
        parent = self.channel_doc(cid)
        if cid in self.deleted or parent is None:
            return _json({"message": "Unknown Channel", "code": 10003}, status=404)
        if cid in self.forbidden:
            return _json({"message": "Missing Access", "code": 50001}, status=403)
        if parent["type"] != kind:
            wrong = {"message": "Cannot execute action on this channel type", "code": 50024}
            return _json(wrong, status=400)
        name = body.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            return _json({"message": "Invalid Form Body", "code": 50035}, status=400)
        return None

    async def _thread_from_message(self, request: web.Request) -> web.Response:
        """A public thread on a message; its id is the message's, as on Discord."""
        cid, mid = int(request.match_info["cid"]), int(request.match_info["mid"])
        body = request[_BODY] or {}
        refused = self._thread_refusal(cid, body, TEXT)
        if refused is not None:
            return refused
        if not any(m["id"] == str(mid) for m in self.messages[cid]):
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        if mid in self.threads:
            exists = {"message": "A thread has already been created for this message"}
            return _json({**exists, "code": 160004}, status=400)
        parent = self.channel_doc(cid)
        assert parent is not None
        archive = int(body.get("auto_archive_duration") or 4320)
        return _json(self._new_thread(parent, mid, body["name"], archive))

    async def _forum_post(self, request: web.Request) -> web.Response:
        """A forum post: a thread and its first message at once (no nonce on Discord)."""
        cid = int(request.match_info["cid"])
        body = request[_BODY] or {}
        refused = self._thread_refusal(cid, body, FORUM)
        if refused is not None:
            return refused
        parent = self.channel_doc(cid)
        assert parent is not None
        tid = self.snowflake()
        archive = int(body.get("auto_archive_duration") or 4320)
        doc = self._new_thread(parent, tid, body["name"], archive)
        message = self._message(tid, body.get("message") or {}, request[_FILES])
        message["id"] = str(tid)  # a forum post's first message has the thread's id
        self.messages[tid].append(message)
        return _json({**doc, "message": message})

    # -- interactions --------------------------------------------------------------------------

    async def _callback(self, request: web.Request) -> web.Response:
        iid = int(request.match_info["iid"])
        callback = request[_BODY] or {}
        if request[_FILES] and isinstance(callback.get("data"), dict):
            callback["data"]["attachments"] = self._attachments(request[_FILES])
        self.callbacks[iid] = callback
        answer = {"interaction": {"id": str(iid), "type": 2}}
        return _json(answer)

    async def _edit_original(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        body = request[_BODY] or {}
        message = self._message(0, body, request[_FILES])
        if request[_FILES]:
            body["attachments"] = message["attachments"]
        self.followups[token].append(body)
        return _json(message)

    async def _followup(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        body = request[_BODY] or {}
        message = self._message(0, body, request[_FILES])
        body["attachments"] = message["attachments"]
        self.followups[token].append(body)
        return _json(message)

    def _option(self, name: str, value: Any, resolved: dict, guild_id: int | None) -> dict:
        if isinstance(value, ChannelRef):
            doc = self.channel_doc(value.id) or {
                "id": str(value.id),
                "type": 0,
                "name": "elsewhere",
                "guild_id": str(guild_id),
                "permissions": "0",
            }
            resolved.setdefault("channels", {})[str(value.id)] = {**doc, "permissions": "0"}
            return {"name": name, "type": 7, "value": str(value.id)}
        if isinstance(value, RoleRef):
            roles = [
                r for g in self.guilds.values() for r in g["roles"] if r["id"] == str(value.id)
            ]
            role = roles[0] if roles else {"id": str(value.id), "name": "ghost", "permissions": "0"}
            resolved.setdefault("roles", {})[str(value.id)] = {
                "position": 0, "color": 0, "hoist": False, "managed": False,
                "mentionable": True, "flags": 0, **role,
            }  # fmt: skip
            return {"name": name, "type": 8, "value": str(value.id)}
        kind = 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 3
        return {"name": name, "type": kind, "value": value}

    def _interaction(
        self,
        kind: int,
        data: dict[str, Any],
        guild_id: int | None,
        user_id: int,
        channel_id: int | None,
        permissions: int,
        roles: tuple[int, ...],
        message: dict[str, Any] | None = None,
        app_permissions: int = DEFAULT_PERMS,
    ) -> tuple[Handle, dict[str, Any]]:
        iid = self.snowflake()
        handle = Handle(iid, f"token-{iid}")
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "token": handle.token,
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {},
            "attachment_size_limit": 8388608,
            "app_permissions": str(app_permissions),
        }
        who = user(user_id)
        if guild_id is not None:
            cid = channel_id or int(self.guilds[guild_id]["channels"][0]["id"])
            self._interaction_channel[iid] = cid
            payload.update(guild_id=str(guild_id), guild_locale="en-US", context=0)
            payload["channel"] = self.channel_doc(cid) or {"id": str(cid), "type": 0}
            payload["channel_id"] = str(cid)
            payload["member"] = {
                "user": who,
                "roles": [str(r) for r in roles],
                "joined_at": "2026-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": str(permissions),
            }
        else:
            payload.update(user=who, context=1)
            payload["channel"] = {"id": str(self.snowflake()), "type": 1, "recipients": [who]}
        if message is not None:
            payload["message"] = message
        return handle, payload

    async def slash(
        self,
        guild_id: int | None,
        user_id: int,
        command: str,
        *,
        channel_id: int | None = None,
        permissions: int = DEFAULT_PERMS | MANAGE_GUILD,
        roles: tuple[int, ...] = (),
        focused: str | None = None,
        app_permissions: int = DEFAULT_PERMS,
        **options: Any,
    ) -> Handle:
        """Dispatch INTERACTION_CREATE for `/command sub` (autocomplete when `focused`).

        `app_permissions` are the bot's own permissions in the channel the command runs in."""
        resolved: dict[str, Any] = {}
        opts = [self._option(k, v, resolved, guild_id) for k, v in options.items() if v is not None]
        for opt in opts:
            if opt["name"] == focused:
                opt["focused"] = True
                opt["type"] = 3
        names = command.split()
        for sub in reversed(names[1:]):
            opts = [{"name": sub, "type": 1, "options": opts}]
        data = {"id": str(self.snowflake()), "name": names[0], "type": 1, "options": opts}
        if resolved:
            data["resolved"] = resolved
        kind = 4 if focused else 2
        handle, payload = self._interaction(
            kind, data, guild_id, user_id, channel_id, permissions, roles, None, app_permissions
        )
        await self.dispatch("INTERACTION_CREATE", payload)
        return handle

    async def click(
        self,
        guild_id: int,
        user_id: int,
        message: dict[str, Any],
        custom_id: str,
        *,
        permissions: int = DEFAULT_PERMS,
    ) -> Handle:
        """A button press on a message the bot posted."""
        data = {"custom_id": custom_id, "component_type": 2}
        channel_id = int(message["channel_id"])
        handle, payload = self._interaction(
            3, data, guild_id, user_id, channel_id, permissions, (), message
        )
        await self.dispatch("INTERACTION_CREATE", payload)
        return handle

    def as_message(self, channel_id: int, body: dict[str, Any]) -> dict[str, Any]:
        """An interaction reply as the message Discord would show (for clicking its buttons)."""
        return self._message(channel_id, body)

    async def wait_for(self, predicate, timeout: float = 5.0) -> None:
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(predicate)

    async def reply(self, handle: Handle, timeout: float = 5.0) -> dict[str, Any]:
        """What the user finally sees: the callback's message, or the deferred follow-up."""
        await self.wait_for(lambda: handle.id in self.callbacks, timeout)
        callback = self.callbacks[handle.id]
        if callback.get("type") in (5, 6):  # deferred: the answer comes as a webhook call
            # Discord keeps a deferred interaction open for 15 minutes; work behind it (a PNG,
            # a parse in a fresh worker process) may take longer than the first answer's 3 s.
            await self.wait_for(lambda: bool(self.followups.get(handle.token)), 6 * timeout)
            return self.followups[handle.token][-1]
        return callback.get("data") or {}

    async def reply_message(self, handle: Handle, timeout: float = 5.0) -> dict[str, Any]:
        """The reply as a message object, for clicking its buttons (`click`)."""
        shown = await self.reply(handle, timeout)
        channel_id = self._interaction_channel.get(handle.id, 0)
        message = self._message(channel_id, shown)
        message["attachments"] = shown.get("attachments") or []
        return message

    # -- gateway -------------------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        if self._ws is None or self._ws.closed:
            raise RuntimeError("no gateway connection")
        self._seq += 1
        await self._ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def drop_gateway(self, code: int = 4000) -> None:
        """Close the bot's websocket as an outage would."""
        if self._ws is not None:
            await self._ws.close(code=code)

    @property
    def connected(self) -> bool:
        return self._ws is not None and not self._ws.closed

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if self.gateway_down:
            return web.Response(status=503)
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._ws = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": self.heartbeat_ms}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            op = frame.get("op")
            if op == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:
                self.identifies += 1
                await self._ready()
            elif op == 6:
                self.resumes += 1
                self._seq += 1
                await ws.send_str(json.dumps({"op": 0, "t": "RESUMED", "s": self._seq, "d": {}}))
            async with self._changed:
                self._changed.notify_all()
        return ws

    async def _ready(self) -> None:
        ready = {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": str(gid), "unavailable": True} for gid in self.guilds],
            "session_id": f"session-{self.identifies}",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        await self.dispatch("READY", ready)
        for guild in self.guilds.values():
            await self.dispatch("GUILD_CREATE", guild)
