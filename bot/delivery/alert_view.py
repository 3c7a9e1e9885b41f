"""How an alert reads: one message view shared by the Discord and console sinks.

Feed text is untrusted. Everything shown is plain text with markdown and mentions escaped,
bidi controls removed, links only http(s), and every field within Discord's limits.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from bot.organizer.timezones import format_date
from bot.store import Alert
from feeds.links import safe_link
from feeds.models import EventType
from feeds.text import INVISIBLE

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
CONTENT_MAX = 2000
SUMMARY_SHOWN = 700
# Room kept in the footer for " · alert <id>" so organizers can quote it in /feedback.
ALERT_ID_LEN = 10

LABELS: dict[str, tuple[str, int]] = {
    EventType.RECALL: ("Recall", 0xE74C3C),
    EventType.INJUNCTION: ("Injunction", 0xC0392B),
    EventType.UNION_ENDORSEMENT: ("Police union", 0x2980B9),
    EventType.IMPEACHMENT: ("Impeachment", 0x8E44AD),
    EventType.REMOVAL_OR_SUSPENSION: ("Removal or suspension", 0xD35400),
    EventType.CASE_REASSIGNMENT: ("Cases taken away", 0xE67E22),
    EventType.LAWSUIT: ("Lawsuit", 0x16A085),
    EventType.INDICTMENT_OR_INVESTIGATION: ("Charges or investigation", 0x922B21),
    EventType.RESIGNATION: ("Resignation", 0x7F8C8D),
    EventType.ELECTION: ("Election", 0x27AE60),
    EventType.POLICY_DIRECTIVE: ("Policy directive", 0x3498DB),
    EventType.CHARGING_DECISION: ("Charging decision", 0x34495E),
    EventType.EXONERATION: ("Exoneration", 0xF1C40F),
    EventType.LEGISLATION: ("Legislation", 0x1ABC9C),
    EventType.OTHER: ("News", 0x95A5A6),
}

# Characters that start markdown; "-" and "+" only at the start of a line (lists).
_MARKDOWN = re.compile(r"([\\*_~`|>#\[\]<])|^([-+])")
_UNESCAPE = re.compile(r"\\(.)")
_MASS_MENTION = re.compile(r"@(everyone|here)", re.I)
_SPACE = re.compile(r"\s+")
_CHANNEL_LINK = re.compile(r"\\<\\#(\d{1,20})\\>")


def alert_id(alert_key: str) -> str:
    """A short, stable id for an alert: fits a custom_id and can be typed in /feedback."""
    return hashlib.sha256(alert_key.encode()).hexdigest()[:ALERT_ID_LEN]


def label(event_type: str) -> str:
    return LABELS.get(event_type, (event_type, 0))[0]


def clean(text: str | None, limit: int) -> str:
    """Untrusted text made inert for Discord: one line, escaped, within `limit` characters."""
    if not text:
        return ""
    text = _SPACE.sub(" ", str(text).translate(INVISIBLE)).strip()
    text = _MARKDOWN.sub(lambda m: "\\" + (m.group(1) or m.group(2)), text)
    # A zero-width space after @ stops @everyone/@here even where markdown is not parsed.
    text = _MASS_MENTION.sub("@\u200b\\1", text).replace("<@", "<\u200b@")
    return truncate(text, limit)


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if cut.endswith("\\"):  # never leave a dangling escape
        cut = cut[:-1]
    return cut.rstrip() + "…"


@dataclass
class EmbedView:
    title: str
    description: str = ""
    url: str | None = None
    color: int = 0
    fields: list[tuple[str, str, bool]] = field(default_factory=list)
    footer: str = ""
    timestamp: datetime | None = None

    def size(self) -> int:
        return (
            len(self.title)
            + len(self.description)
            + len(self.footer)
            + sum(len(n) + len(v) for n, v, _ in self.fields)
        )


@dataclass
class MessageView:
    content: str = ""
    embeds: list[EmbedView] = field(default_factory=list)
    mention_role_id: str | None = None
    # The alert this message is about: its short id goes in the footer and feedback buttons.
    alert_key: str | None = None
    # Open a thread on the message with this name (in a forum channel: a post with this title).
    thread_name: str | None = None


def alert_view(
    alert: Alert, mention_role_id: str | None = None, zone: str | None = None
) -> MessageView:
    """The message for one stored alert; its date in the server's time zone."""
    kind, color = LABELS.get(alert.event_type, (alert.event_type, 0))
    headline = clean(alert.title, TITLE_MAX - len(kind) - 2)
    embed = EmbedView(
        title=truncate(f"{kind}: {headline}", TITLE_MAX),
        url=safe_link(alert.link),
        color=color,
        description=clean(alert.summary, SUMMARY_SHOWN),
    )
    person = clean(alert.prosecutor_name, 200)
    office = clean(alert.prosecutor_office, 600)
    embed.fields.append(("Prosecutor", truncate(f"{person} — {office}", FIELD_VALUE_MAX), False))
    if alert.court or alert.docket_number:
        court_lines = [
            clean(alert.court, 200),
            clean(alert.case_name, 300),
            f"Docket {clean(alert.docket_number, 100)}" if alert.docket_number else "",
            f"Entry: {clean(alert.entry, 300)}" if alert.entry else "",
        ]
        court = "\n".join(line for line in court_lines if line)
        embed.fields.append(("Court", truncate(court, FIELD_VALUE_MAX), False))
    else:
        embed.fields.append(("Outlet", clean(alert.outlet, 200) or "unknown", True))
    embed.fields.append(("Date", format_date(alert.published, zone), True))
    evidence = ", ".join(f'"{clean(word, 80)}"' for word in alert.evidence[:8])
    if evidence:
        embed.fields.append(("Matched", truncate(evidence, FIELD_VALUE_MAX), False))
    if alert.note:
        embed.fields.append(("Direction", clean(alert.note, 200), True))
    if alert.second_type:
        embed.fields.append(("Also", label(alert.second_type), True))
    others = alert.also_reported_by
    if others:
        names = ", ".join(clean(name, 80) for name in others[:10])
        noun = "outlet" if len(others) == 1 else "outlets"
        embed.fields.append(
            (f"Also reported by {len(others)} {noun}", truncate(names, FIELD_VALUE_MAX), False)
        )
    embed.footer = truncate(f"{alert.event_type} · score {alert.score:.2f}", 200)
    content = f"<@&{mention_role_id}> {kind}: {person}" if mention_role_id else ""
    return MessageView(
        content=content,
        embeds=[embed],
        mention_role_id=mention_role_id,
        alert_key=alert.alert_key,
    )


def notice_view(text: str) -> MessageView:
    """A plain message to organizers. Its text may quote feed errors, so it is cleaned like
    feed text; channel links (<#id>) are kept, since they ping nobody and say where."""
    content = _CHANNEL_LINK.sub(r"<#\1>", clean(text, CONTENT_MAX))
    return MessageView(content=content)


def render_text(view: MessageView) -> str:
    """The view as a person would read it in a terminal (the console sink)."""
    out = []
    if view.content:
        out.append(view.content)
    for embed in view.embeds:
        out.append(f"┃ {embed.title}")
        if embed.url:
            out.append(f"┃ {embed.url}")
        if embed.description:
            out.extend(f"┃ {line}" for line in embed.description.splitlines())
        for name, value, _ in embed.fields:
            out.append(f"┃ {name}: {value}")
        if embed.footer:
            out.append(f"┃ {embed.footer}")
    return _UNESCAPE.sub(r"\1", "\n".join(out)).replace("\u200b", "")
