"""/status: is the bot healthy for this server? Sources, delivery, last cycle."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from discord import app_commands
from discord.ext import commands
from tinydb import Query

from bot import guilds, source_registry
from bot.chat.cogs.feeds import describe
from bot.chat.options import gid, read
from bot.chat.replies import fit, reply, safe
from bot.store import Store

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot

Q = Query()


def _status(store: Store, guild_id: int) -> dict[str, Any]:
    watched = {p.id for p in guilds.watched(store, guild_id)}
    auto = [d for d in store.sources.search(Q.auto == True) if d.get("prosecutor_id") in watched]  # noqa: E712
    own = [d for d in source_registry.guild_sources(store, str(guild_id)) if not d["auto"]]
    rows = store.outbox.search(Q.guild_id == str(guild_id))
    return {
        "auto": [dict(d) for d in auto],
        "own": own,
        "depth": Counter(r["status"] for r in rows),
        "channels": [c for c in guilds.channels(store, guild_id) if c["status"] != "active"],
        "cycle": store.get_meta("last_cycle"),
        "paused_until": store.get_meta("delivery_paused_until"),
    }


def _when(stamp: str | None) -> str:
    return (stamp or "never")[:16].replace("T", " ")


def status_lines(info: dict[str, Any]) -> list[str]:
    auto = info["auto"]
    failing = [d for d in auto if d["consecutive_errors"] or not d["enabled"]]
    lines = ["**Sources**"]
    lines.append(f"Automatic searches: {len(auto)} ({len(auto) - len(failing)} healthy)")
    for doc in failing[:8]:
        backoff = f", next try {_when(doc.get('next_check_at'))}" if doc["enabled"] else ""
        why = doc.get("last_error") or doc.get("disabled_reason")
        lines.append(safe(f"• {doc['label']}: {why}{backoff}", 300))
    lines.append(f"Feeds added here: {len(info['own'])}")
    for doc in info["own"][:10]:
        lines.append(safe(describe(doc) + f" · next {_when(doc.get('next_check_at'))}", 400))
    depth = info["depth"]
    lines.append("**Delivery**")
    lines.append(
        f"Pending {depth.get('pending', 0)} · in digests {depth.get('digest', 0)} · "
        f"delivered {depth.get('delivered', 0)} · undeliverable {depth.get('undeliverable', 0)} · "
        f"rejected {depth.get('rejected', 0)}"
    )
    if info["paused_until"]:
        lines.append(
            f"Discord asked us to slow down; sending resumes after "
            f"{_when(info['paused_until'])} UTC"
        )
    for channel in info["channels"]:
        reason = safe(channel.get("reason") or "", 200)
        lines.append(
            f"⚠ <#{channel['channel_id']}> is {channel['status']}: {reason}. "
            "Fix the bot's permissions there, then run /subscribe in it again."
        )
    cycle = info["cycle"]
    if cycle:
        lines.append(
            f"**Last cycle** {_when(cycle.get('at'))} UTC: {cycle.get('sources', 0)} sources, "
            f"{cycle.get('errors', 0)} errors, {cycle.get('alerts', 0)} new alerts"
        )
    else:
        lines.append("**Last cycle**: none yet")
    return lines


class StatusCog(commands.Cog):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot

    @app_commands.command(name="status", description="Source health, delivery queue and last cycle")
    async def status(self, interaction: Interaction) -> None:
        info = await read(interaction, _status, gid(interaction))
        await reply(interaction, fit(status_lines(info)))


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(StatusCog(bot))
