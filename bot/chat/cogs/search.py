"""/search: this server's past alerts by words in headline, outlet and summary, paged.

Long results get Previous / Next buttons. Their custom_id carries a short token for the search
(kept in memory by this cog, per server) and the page, so the buttons need no message state;
after a restart they say the search expired.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import guilds
from bot.chat.client import ours
from bot.chat.cogs.history import line
from bot.chat.options import TYPE_NAMES, gid, read, resolve_watched, watched_autocomplete
from bot.chat.replies import plural, reply, safe
from bot.clock import utcnow
from bot.organizer.periods import parse_period
from bot.organizer.reads import watched_alerts, zone_of
from bot.organizer.records import Alert
from bot.organizer.search import PAGE_SIZE, Query, SearchSessions, page, parse_terms, search
from bot.store import UnitOfWork

if TYPE_CHECKING:
    from bot.chat.client import Interaction, WatchBot

COG_NAME = "Search"


async def _results(tx: UnitOfWork, guild_id: int, query: Query) -> tuple[list[Alert], str]:
    alerts = await watched_alerts(tx, guild_id, query.prosecutor_id, query.event_type)
    # Matching 10,000 alerts takes a fifth of a second: not on the event loop.
    return await asyncio.to_thread(search, alerts, query), await zone_of(tx, guild_id)


def render_page(results: list[Alert], number: int, zone: str, label: str) -> tuple[str, int, int]:
    """The reply text for one page, and the page number and count it shows."""
    shown = page(results, number, PAGE_SIZE)
    if not results:
        return f"No alerts match {label}.", 1, 1
    head = f"{plural(shown.total, 'alert')} match {label}"
    if shown.pages > 1:
        head += f" (page {shown.number} of {shown.pages})"
    body = "\n".join(line(a, zone) for a in shown.items)
    return f"{head}:\n{body}"[:2000], shown.number, shown.pages


def _label(query: Query) -> str:
    words = " ".join(
        " ".join(term) if len(term) == 1 else f'"{" ".join(term)}"' for term in query.terms
    )
    return f"“{safe(words, 150)}”"


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"pw:sr:(?P<token>[0-9a-f]{12}):(?P<page>[0-9]{1,4})",
):
    def __init__(self, token: str, number: int, text: str, *, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label=text,
                style=discord.ButtonStyle.secondary,
                custom_id=f"pw:sr:{token}:{number}",
                disabled=disabled,
            )
        )
        self.token = token
        self.number = number

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> PageButton:
        return cls(match["token"], int(match["page"]), "")

    async def callback(self, any_interaction: discord.Interaction[Any]) -> None:
        interaction = ours(any_interaction)
        if interaction.guild_id is None:
            return
        cog = interaction.client.get_cog(COG_NAME)
        query = (
            cog.sessions.get(str(interaction.guild_id), self.token)
            if isinstance(cog, SearchCog)
            else None
        )
        if query is None:
            await reply(interaction, "This search has expired; run /search again.")
            return
        results, zone = await read(interaction, _results, interaction.guild_id, query)
        text, number, pages = render_page(results, self.number, zone, _label(query))
        await interaction.response.edit_message(
            content=text,
            view=pager(self.token, number, pages),
            allowed_mentions=discord.AllowedMentions.none(),
        )


def pager(token: str, number: int, pages: int) -> discord.ui.View | None:
    if pages <= 1:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(PageButton(token, max(1, number - 1), "Previous", disabled=number <= 1))
    view.add_item(PageButton(token, min(pages, number + 1), "Next", disabled=number >= pages))
    return view


class SearchCog(commands.Cog, name=COG_NAME):
    def __init__(self, bot: WatchBot) -> None:
        self.bot = bot
        self.sessions = SearchSessions()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(PageButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(PageButton)

    @app_commands.command(name="search", description="Search this server's past alerts by words")
    @app_commands.describe(
        text='Words in the headline, outlet or summary; "quotes" for a phrase',
        prosecutor="Only this watched prosecutor (default: everyone watched)",
        type="Only this event type (default: all types)",
        since="A date (2026-03-01) or a span back from now (7d, 2w, 3m)",
    )
    @app_commands.autocomplete(prosecutor=watched_autocomplete)
    @app_commands.choices(type=[app_commands.Choice(name=t, value=t) for t in TYPE_NAMES])
    async def search_command(
        self,
        interaction: Interaction,
        text: app_commands.Range[str, 1, 200],
        prosecutor: str | None = None,
        type: str | None = None,
        since: app_commands.Range[str, 1, 40] | None = None,
    ) -> None:
        terms = parse_terms(text)
        if type is not None and type not in TYPE_NAMES:
            raise guilds.ConfigError("Unknown event type.")
        pid = (await resolve_watched(interaction, prosecutor)).id if prosecutor else None
        zone = await read(interaction, zone_of, gid(interaction))
        period = parse_period(since, None, zone, utcnow())
        query = Query(terms=terms, prosecutor_id=pid, event_type=type, period=period)
        results, zone = await read(interaction, _results, gid(interaction), query)
        token = self.sessions.put(str(gid(interaction)), query)
        content, number, pages = render_page(results, 1, zone, _label(query))
        await reply(interaction, content, view=pager(token, number, pages))


async def setup(bot: WatchBot) -> None:
    await bot.add_cog(SearchCog(bot))
