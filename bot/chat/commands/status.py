"""/status: is the bot healthy for this server? Sources, delivery, last cycle."""

from __future__ import annotations

from collections import Counter

import discord
from discord import app_commands
from tinydb import Query

from bot import guilds, source_registry
from bot.chat.commands import app_of, fit, gid, reply, safe
from bot.chat.commands.feeds import describe
from bot.store import Store

Q = Query()


def _status(store: Store, guild_id: int) -> dict:
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


@app_commands.command(name="status", description="Source health, delivery queue and last cycle")
async def status(interaction: discord.Interaction) -> None:
    app = app_of(interaction)
    info = await app.store.call(_status, app.store, gid(interaction))
    auto = info["auto"]
    failing = [d for d in auto if d["consecutive_errors"] or not d["enabled"]]
    lines = ["**Sources**"]
    lines.append(f"Automatic searches: {len(auto)} ({len(auto) - len(failing)} healthy)")
    for doc in failing[:8]:
        backoff = f", next try {_when(doc.get('next_check_at'))}" if doc["enabled"] else ""
        lines.append(
            safe(
                f"• {doc['label']}: {doc.get('last_error') or doc.get('disabled_reason')}{backoff}",
                300,
            )
        )
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
    await reply(interaction, fit(lines))


def setup(client: discord.Client) -> None:
    client.tree.add_command(status)  # type: ignore[attr-defined]
