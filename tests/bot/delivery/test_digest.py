from datetime import timedelta

from bot import guilds
from bot.clock import utcnow
from bot.cycle.ingest import apply_cycle
from bot.delivery import digest, outbox
from bot.settings import PollSettings
from bot.store import RowKind, RowStatus
from tests.bot.helpers import GUILD, PERSON, item, match, open_store, outcome, setup_guild, snapshot
from tests.fakes.sinks import MemorySink


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
