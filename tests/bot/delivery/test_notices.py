from bot import guilds
from bot.clock import utcnow
from bot.delivery import outbox
from bot.delivery.sinks import Outcome, Result
from bot.store import ChannelStatus, RowKind, RowStatus, Store
from tests.bot.helpers import CHANNEL, GUILD, PERSON, open_store, snapshot
from tests.fakes.sinks import MemorySink

OTHER_GUILD, OTHER_CHANNEL = "77", "770"


async def guild_without_subscriptions(store: Store) -> None:
    async with store.transaction() as tx:
        await guilds.watch(tx, GUILD, PERSON, 10)
        await guilds.watch(tx, OTHER_GUILD, PERSON, 10)
        await guilds.subscribe(tx, OTHER_GUILD, OTHER_CHANNEL, None, ())


async def queue_notice(store: Store, channel: str = "") -> None:
    notice = outbox.new_notice("feed|3", str(GUILD), channel, "feed X failing", now=utcnow())
    async with store.transaction() as tx:
        await tx.outbox.enqueue([notice])


async def test_a_notice_without_a_channel_goes_where_the_sink_may_post(tmp_path):
    """A guild with no subscribed channel still hears of its failing feed, in a channel the
    sink knows for that guild; another guild's channel is never used."""
    store = open_store(tmp_path / "s.json")
    await guild_without_subscriptions(store)
    await queue_notice(store)
    sink = MemorySink(channels={str(GUILD): ["30", "31"], OTHER_GUILD: [OTHER_CHANNEL]})
    await outbox.drain(store, sink)
    await store.close()
    assert [(channel, view.content) for channel, view, _ in sink.sent] == [("30", "feed X failing")]


async def test_a_refused_notice_moves_to_the_next_channel_with_its_nonce(tmp_path):
    """403 in the first channel: that channel is marked paused (no notice about it, nobody
    subscribed there) and the same notice row, same nonce, goes to the next one."""
    store = open_store(tmp_path / "s.json")
    await guild_without_subscriptions(store)
    await queue_notice(store)
    refused = [Outcome(Result.FORBIDDEN, detail="403")]
    sink = MemorySink(refused, channels={str(GUILD): ["30", "31"]})
    await outbox.drain(store, sink)
    async with store.transaction() as tx:
        first = await tx.guilds.channel(str(GUILD), "30")
    rows = (await snapshot(store)).outbox
    await store.close()
    [row] = rows
    assert row.kind is RowKind.NOTICE and row.status is RowStatus.DELIVERED
    assert row.channel_id == "31" and [c for c, _, _ in sink.sent] == ["31"]
    assert sink.sent[0][2] == row.nonce and first.status is ChannelStatus.PAUSED


async def test_a_notice_keeps_a_channel_that_did_not_refuse_it(tmp_path):
    """A notice that timed out in its channel is retried there, not moved (it may be posted)."""
    store = open_store(tmp_path / "s.json")
    await guild_without_subscriptions(store)
    await queue_notice(store, str(CHANNEL))
    sink = MemorySink([Outcome(Result.RETRY, detail="no answer")], channels={str(GUILD): ["30"]})
    await outbox.drain(store, sink)
    async with store.transaction() as tx:
        await tx.outbox.set_next_attempt(utcnow())
    await outbox.drain(store, sink)
    await store.close()
    assert [c for c, _, _ in sink.sent] == [str(CHANNEL)]
