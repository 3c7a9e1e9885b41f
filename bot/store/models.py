"""What the store holds, as the rest of the bot sees it: dataclasses and enums, never records.

Every engine (TinyDB on one machine, PostgreSQL past it) takes and returns these. Times are
timezone-aware UTC datetimes; guild, channel and role ids are strings (Discord snowflakes
exceed what some engines hold as numbers, and the JSON store has always kept them as text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from feeds.models import EventType

# A subscription to every prosecutor the guild watches.
ALL_PROSECUTORS = "*"


class RowStatus(StrEnum):
    PENDING = "pending"  # waiting to be sent (now or after a backoff)
    DIGEST = "digest"  # held for the channel's next digest
    DELIVERED = "delivered"
    REJECTED = "rejected"  # refused by Discord (400): retrying cannot help
    UNDELIVERABLE = "undeliverable"  # the channel is paused or disabled
    # Listed in a summary row (see RowKind.SUMMARY) that is not delivered yet: the summary
    # carries it, and marks it delivered (or rejected, or undeliverable) with itself.
    IN_SUMMARY = "in_summary"


class RowKind(StrEnum):
    ALERT = "alert"
    # A message to organizers (a feed of theirs keeps failing, a channel the bot can no longer
    # post in). Its channel is where it is meant to go; when that channel cannot take it, the
    # notice moves to another channel of the same guild (same row, same nonce).
    NOTICE = "notice"
    # One message listing alert rows (`covers`) that overflowed a channel's flood cap.
    SUMMARY = "summary"
    # One message listing alert rows (`covers`) held for a channel's daily or weekly digest.
    DIGEST = "digest"
    # More outlets report an alert: posted into the alert's thread (`thread_id`).
    UPDATE = "update"


class ChannelStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"  # 403: the bot may not post there
    DISABLED = "disabled"  # 404: the channel is gone


class DigestMode(StrEnum):
    OFF = "off"
    DAILY = "daily"
    WEEKLY = "weekly"


class FeedbackKind(StrEnum):
    WRONG_PERSON = "wrong_person"
    NOT_RELEVANT = "not_relevant"


@dataclass
class Source:
    """A feed the bot polls, and its health: validators, errors, backoff, seeding.

    Automatic sources (`auto`) come from query templates for watched prosecutors; the others
    were added by organizers of the guilds in `guild_ids`. `push` sources are filled by a
    webhook, never polled.
    """

    id: str
    kind: str  # a feeds.models.SourceKind value
    url: str
    label: str = ""
    prosecutor_id: str | None = None
    guild_ids: list[str] = field(default_factory=list)
    auto: bool = True
    enabled: bool = True
    seeded: bool = False
    interval: int = 300
    headers_env: str | None = None
    push: bool = False
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    error_reason: str | None = None
    consecutive_errors: int = 0
    next_check_at: datetime | None = None
    disabled_reason: str | None = None
    items_last: int = 0


@dataclass
class Alert:
    """One real-world event about one prosecutor: what a channel is told about, once.

    `guild_id` None: a shared alert, from automatic sources; every server watching the person
    may see it. Otherwise it came only from feeds that server added and is that server's alone.
    """

    alert_key: str
    prosecutor_id: str
    prosecutor_name: str
    prosecutor_office: str
    event_type: EventType
    first_seen: datetime
    title: str
    second_type: EventType | None = None
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)
    summary: str = ""
    link: str | None = None
    outlet: str | None = None
    origin: str | None = None  # the outlet, or the link's host: what feedback rules key on
    published: datetime | None = None
    source_id: str = ""
    item_key: str = ""
    court: str | None = None
    docket_number: str | None = None
    case_name: str | None = None
    entry: str | None = None
    document_number: str | None = None
    tokens: list[str] = field(default_factory=list)  # headline words, for story clustering
    also_reported_by: list[str] = field(default_factory=list)
    guild_id: str | None = None  # the one server a private alert belongs to
    # The matcher's reading of who acts on whom ("brought by the prosecutor"), in its own
    # words: shown apart from the evidence, which only quotes the item. "" when not said.
    note: str = ""


@dataclass
class OutboxRow:
    """A message owed to a channel: persisted before anything is sent, marked after.

    Summary and digest rows list other rows (`covers`, alert row ids in the order shown) and
    are written, with their nonce, before their message is sent: a restart sends the same
    summary again (Discord answers the repeated nonce with the first message) instead of
    posting its alerts a second time.
    """

    id: str
    kind: RowKind
    guild_id: str
    channel_id: str
    status: RowStatus
    nonce: str
    created_at: datetime
    next_attempt_at: datetime
    alert_key: str | None = None
    # Notices: the message. Summaries and digests: the title, then after a newline, if any,
    # what the next message holds ("…and 29 more in the next message").
    text: str | None = None
    # The role routing chose when the row was queued; the send reads the guild's rule again.
    mention_role_id: str | None = None
    attempts: int = 0
    delivered_at: datetime | None = None
    message_id: str | None = None
    last_error: str | None = None
    covers: list[str] = field(default_factory=list)  # summary and digest rows only
    # The thread the delivered alert opened (a channel with threads on); updates go there.
    thread_id: str | None = None


@dataclass
class Subscription:
    """Alerts about one prosecutor (or ALL_PROSECUTORS), of some types (none: all) to a channel."""

    id: str
    guild_id: str
    channel_id: str
    prosecutor_id: str
    types: list[EventType] = field(default_factory=list)


@dataclass
class ChannelSettings:
    """A channel's digest mode and delivery health; a channel never configured has defaults."""

    guild_id: str
    channel_id: str
    digest: DigestMode = DigestMode.OFF
    digest_time: str = "08:00"  # HH:MM, UTC
    last_digest_at: datetime | None = None
    status: ChannelStatus = ChannelStatus.ACTIVE
    reason: str | None = None
    changed_at: datetime | None = None
    # Each alert opens a thread (a post in a forum channel) where later outlets are noted.
    threads: bool = False


@dataclass
class Backfill:
    """An organizer's request for the last `days` days of matching items, posted once to that
    guild's channels when the sources it concerns are first polled: for one prosecutor
    (/watch add) or for one feed (/feeds add)."""

    id: str
    guild_id: str
    days: int
    requested_at: datetime
    prosecutor_id: str | None = None
    source_id: str | None = None


@dataclass
class MentionRule:
    """The one role a guild's alerts may ping, and for which event types."""

    role_id: str
    types: list[EventType] = field(default_factory=list)


@dataclass
class Feedback:
    """An organizer's verdict on an alert; it suppresses the same pattern in that guild, and
    with the item's text it is a labelled example (`run_bot.py export-feedback`, which outlives
    the alert itself: alerts are pruned, feedback is not)."""

    guild_id: str
    kind: FeedbackKind
    alert_key: str
    prosecutor_id: str
    event_type: EventType
    origin: str | None
    evidence: list[str]
    at: datetime
    prosecutor_name: str = ""
    title: str = ""  # the item as alerted: empty on feedback recorded before this was kept
    summary: str = ""
    outlet: str | None = None
    link: str | None = None
    item_date: datetime | None = None  # published, or first seen when the item had no date


@dataclass
class CycleSummary:
    """What the last poll cycle did, for /status."""

    at: datetime
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PruneReport:
    seen: int
    alerts: int
    outbox: int
