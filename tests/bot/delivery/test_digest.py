"""Digests: due-ness on the server's clock, and due digests folded into stored digest rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import guilds
from bot.clock import utcnow
from bot.cycle.ingest import apply_cycle
from bot.delivery import digest, outbox
from bot.delivery.digest import is_due
from bot.settings import PollSettings
from bot.store import ChannelSettings, DigestMode, RowKind, RowStatus
from tests.bot.helpers import (
    CHANNEL,
    GUILD,
    PERSON,
    item,
    match,
    open_store,
    outcome,
    setup_guild,
    snapshot,
)
from tests.fakes.sinks import MemorySink


def _channel(last: datetime | None) -> ChannelSettings:
    return ChannelSettings(
        "111", "1", digest=DigestMode.DAILY, digest_time="08:00", last_digest_at=last
    )


def test_daily_digest_waits_for_local_time():
    """A digest at 08:00 in Los Angeles is due once 08:00 PDT (15:00 UTC) has passed."""
    last = datetime(2026, 7, 1, 15, 0, tzinfo=UTC)
    before = datetime(2026, 7, 2, 14, 59, tzinfo=UTC)
    after = datetime(2026, 7, 2, 15, 1, tzinfo=UTC)
    assert not is_due(_channel(last), before, "America/Los_Angeles")
    assert is_due(_channel(last), after, "America/Los_Angeles")


def test_no_zone_is_utc():
    """Without a zone the digest follows UTC, as before."""
    last = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert is_due(_channel(last), datetime(2026, 7, 2, 8, 1, tzinfo=UTC), None)
    assert not is_due(_channel(last), datetime(2026, 7, 2, 7, 59, tzinfo=UTC), None)


async def test_a_due_digest_lists_every_held_alert_once_and_pings_nobody(tmp_path):
    """Held alerts become one stored digest row; the outbox sends it, listing each alert, with
    no ping even when the guild pings for their type; the held rows end delivered."""
    store = open_store(tmp_path / "s.json")
    await setup_guild(store, digest=True)
    now = utcnow()
    pairs = [(item(i, f"w{i}a w{i}b w{i}c"), [match()]) for i in range(3)]
    async with store.transaction() as tx:
        await guilds.set_mention(tx, GUILD, 555)
        await apply_cycle(tx, [outcome(*pairs)], {PERSON.id: PERSON}, PollSettings(), now)
    assert await digest.fold_due(store, now + timedelta(days=1)) == 3
    assert await digest.fold_due(store, now + timedelta(days=1)) == 0  # not due again today
    sink = MemorySink()
    report = await outbox.drain(store, sink)
    rows = (await snapshot(store)).outbox
    await store.close()
    [(_, view, _)] = sink.sent
    [embed] = view.embeds
    assert embed.title == "This day: 3 alerts" and not view.mention_role_id
    assert [f"w{i}a w{i}b" in embed.description for i in range(3)] == [True] * 3
    assert report.summarized == 3
    assert {r.kind for r in rows} == {RowKind.ALERT, RowKind.DIGEST}
    assert {r.status for r in rows} == {RowStatus.DELIVERED}


async def test_due_digests_fold_on_the_servers_clock(tmp_path):
    """A daily 08:00 digest in Los Angeles (PST, UTC-8) folds nothing at 15:59 UTC, though
    08:00 UTC has passed, and folds every held alert at 16:01 UTC."""
    store = open_store(tmp_path / "s.json")
    await setup_guild(store, digest=True)
    pairs = [(item(i, f"w{i}a w{i}b w{i}c"), [match()]) for i in range(3)]
    async with store.transaction() as tx:
        await tx.guilds.set_timezone(str(GUILD), "America/Los_Angeles")
        channel = await tx.guilds.channel(str(GUILD), str(CHANNEL))
        channel.last_digest_at = datetime(2026, 11, 19, 16, 0, tzinfo=UTC)
        await tx.guilds.save_channel(channel)
        await apply_cycle(tx, [outcome(*pairs)], {PERSON.id: PERSON}, PollSettings(), utcnow())
    early = await digest.fold_due(store, datetime(2026, 11, 20, 15, 59, tzinfo=UTC))
    late = await digest.fold_due(store, datetime(2026, 11, 20, 16, 1, tzinfo=UTC))
    await store.close()
    assert (early, late) == (0, 3)
