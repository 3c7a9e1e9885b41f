"""Who an item is new for: the audiences of a source and their seen marks.

An automatic source's items are for everyone watching; a server's own feed's items are for
that server alone, and marked seen for it alone (see `seen_key`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.store import Source

if TYPE_CHECKING:
    from bot.cycle.ingest import SourceOutcome


def audiences(source: Source) -> list[str | None]:
    """Who a source's items are for: everyone watching (None, automatic sources), or each
    server that added the feed, alone."""
    return [None] if source.auto else list(source.guild_ids)


def seen_key(item_key: str, guild_id: str | None) -> str:
    """The seen mark of an item for an audience. Items of a server's own feed are marked for
    that server only, so another server's feed or a shared source carrying the same item
    still alerts its own audience."""
    return item_key if guild_id is None else f"guild:{guild_id}|{item_key}"


def wanted_keys(outcomes: list[SourceOutcome], sources: dict[str, Source]) -> list[str]:
    keys: dict[str, None] = {}
    for result in outcomes:
        source = sources.get(result.source_id)
        if source is None or not result.ok or result.unchanged:
            continue
        for item, _ in result.matched:
            keys[item.key] = None
            for audience in audiences(source):
                keys[seen_key(item.key, audience)] = None
    return list(keys)


class Fresh:
    """Which items are new for an audience, across one cycle's sources."""

    def __init__(self, unseen: set[str]) -> None:
        self.unseen = unseen
        self.marked: dict[str, None] = {}  # seen keys first recorded in this cycle, in order

    def take(self, item_key: str, audience: str | None) -> bool:
        """Whether the item is new for the audience; records it as seen if so. An item a
        shared source already brought is not new for a server's own feed: the server had it."""
        key = seen_key(item_key, audience)
        if key not in self.unseen or key in self.marked:
            return False
        if audience is not None and (item_key not in self.unseen or item_key in self.marked):
            return False
        self.marked[key] = None
        return True
