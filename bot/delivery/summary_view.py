"""How a summary reads: many alerts in one message, every one of them listed.

A summary (a flood cap's overflow, or a digest) is planned before it is stored: `plan` splits
the alerts into messages that each fit one embed's description, so a summary never has to
leave alerts out to fit Discord's limits. The same lines are rendered again at send time.
"""

from __future__ import annotations

from bot.delivery.alert_view import (
    DESCRIPTION_MAX,
    TITLE_MAX,
    EmbedView,
    MessageView,
    clean,
    label,
    truncate,
)
from bot.store import Alert
from feeds.links import safe_link

HEADLINE_MAX = 150
PERSON_MAX = 60
LINK_MAX = 300  # longer links are left out of the line; the headline still shows
MAX_LINES = 40  # a longer list is hard to read, whatever Discord allows
# Room kept under the description limit for the line saying what the next message holds.
NOTE_ROOM = 100
COLOR = 0x95A5A6


def line(alert: Alert, *, with_link: bool = True) -> str:
    """One alert as a summary line: type, prosecutor, linked headline."""
    link = safe_link(alert.link) if with_link else None
    if link:  # parentheses in a URL would end the markdown link early
        link = link.replace("(", "%28").replace(")", "%29")
    if link and len(link) > LINK_MAX:
        link = None
    headline = clean(alert.title, HEADLINE_MAX)
    who = clean(alert.prosecutor_name, PERSON_MAX)
    text = f"[{headline}]({link})" if link else headline
    return f"• **{label(alert.event_type)}** · {who}: {text}"


def plan(alerts: list[Alert]) -> list[int]:
    """How many of `alerts`, in order, each summary message lists (sizes sum to the total)."""
    budget = DESCRIPTION_MAX - NOTE_ROOM
    sizes: list[int] = []
    count = used = 0
    for alert in alerts:
        size = len(line(alert)) + 1
        if count and (used + size > budget or count >= MAX_LINES):
            sizes.append(count)
            count = used = 0
        count += 1
        used += size
    if count:
        sizes.append(count)
    return sizes


def titles(sizes: list[int], heading: str) -> list[str]:
    """Each part's stored text: its title, then a line saying what the next message holds."""
    texts = []
    for part in range(1, len(sizes) + 1):
        title = heading if len(sizes) == 1 else f"{heading} (part {part} of {len(sizes)})"
        rest = sum(sizes[part:])
        texts.append(f"{title}\n…and {rest} more in the next message" if rest else title)
    return texts


def summary_view(
    alerts: list[Alert], title: str, note: str = "", *, mention_role_id: str | None = None
) -> MessageView:
    """One message listing every one of `alerts` (planned with `plan` to fit), then `note`."""
    room = DESCRIPTION_MAX - (len(note) + 1 if note else 0)
    lines = [line(alert) for alert in alerts]
    if len("\n".join(lines)) > room:  # not planned with `plan`: shorten lines, drop none
        lines = [line(alert, with_link=False) for alert in alerts]
        if len("\n".join(lines)) > room:
            each = max(8, room // max(1, len(lines)) - 1)
            lines = [truncate(text, each) for text in lines]
    description = "\n".join(lines + ([note] if note else []))
    embed = EmbedView(title=truncate(clean(title, TITLE_MAX), TITLE_MAX), description=description)
    embed.color = COLOR
    content = f"<@&{mention_role_id}> urgent alerts in this summary" if mention_role_id else ""
    return MessageView(content=content, embeds=[embed], mention_role_id=mention_role_id)
