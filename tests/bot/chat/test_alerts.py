"""Alert messages as the fake Discord received them: embeds, mentions, buttons, feedback."""

from __future__ import annotations

from bot import guilds
from bot.chat.embeds import alert_id
from tests.bot.chat.conftest import (
    ALERTS,
    GUILD,
    MEMBER,
    MEMBER_PERMS,
    PING_ROLE,
    add_alert,
    watch_rivera,
)
from tests.fakes.fake_discord import RoleRef


async def _deliver_one(bot, n=1, event_type="recall", **item_kw) -> tuple[dict, dict]:
    record = await bot.call(add_alert, n, event_type, **item_kw)
    await bot.app.pipeline.deliver()
    [post] = bot.fake.posts(ALERTS)
    return record, post.json


async def test_embed_fields(bot):
    """One embed: type label and colour, linked headline, prosecutor, outlet, date, words."""
    await watch_rivera(bot)
    record, body = await _deliver_one(bot)
    [embed] = body["embeds"]
    assert embed["title"].startswith("Recall: Recall petition against Rivera")
    assert embed["url"] == "https://news.example/1"
    assert embed["color"] == 0xE74C3C
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Prosecutor"] == "Alex Rivera — District Attorney, Harbor County, CA"
    assert fields["Outlet"] == "Harbor Times"
    assert '"Rivera"' in fields["Matched"]
    assert f"alert {alert_id(record.alert_key)}" in embed["footer"]["text"]
    assert body["allowed_mentions"] == {"parse": []}
    assert body["enforce_nonce"] is True and 0 < len(body["nonce"]) <= 25
    assert "content" not in body or not body["content"]


async def test_court_item_and_cluster(bot):
    """Court items show court, docket and entry; clusters say who else reported it."""
    await watch_rivera(bot)

    async def add(tx):
        record = await add_alert(
            tx, 1, "lawsuit", court="C.D. Cal.", docket_number="2:24-cv-1", entry="Complaint"
        )
        await tx.alerts.set_also_reported({record.alert_key: ["LA Daily", "Courier"]})

    await bot.call(add)
    await bot.app.pipeline.deliver()
    [embed] = bot.fake.posts(ALERTS)[0].json["embeds"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "C.D. Cal." in fields["Court"] and "Docket 2:24-cv-1" in fields["Court"]
    assert "Entry: Complaint" in fields["Court"]
    assert fields["Also reported by 2 outlets"] == "LA Daily, Courier"


async def test_hostile_feed_text_is_inert(bot):
    """Feed text with @everyone, role mentions, markdown links and bidi is escaped (A14-A16)."""
    await watch_rivera(bot)
    title = "@everyone <@&502> [DOJ](https://evil) # big ||x|| \u202eRivera" + "x" * 10000
    _, body = await _deliver_one(bot, title=title, link="javascript:alert(1)")
    [embed] = body["embeds"]
    assert len(embed["title"]) <= 256
    assert "@everyone" not in embed["title"] and "<@&" not in embed["title"]
    assert "\\[DOJ\\]" in embed["title"] and "\u202e" not in embed["title"]
    assert "url" not in embed
    assert body["allowed_mentions"] == {"parse": []}
    size = sum(len(embed.get(k, "")) for k in ("title", "description"))
    size += sum(len(f["name"]) + len(f["value"]) for f in embed["fields"])
    assert size + len(embed["footer"]["text"]) <= 6000


async def test_configured_role_pinged_for_urgent_type(bot):
    """/mention pings only that role, only for its types."""
    await watch_rivera(bot)
    answer = await bot.command("mention", role=RoleRef(PING_ROLE))
    assert "will be pinged" in answer["content"]
    _, body = await _deliver_one(bot, 1, "recall")
    assert body["content"].startswith(f"<@&{PING_ROLE}>")
    assert body["allowed_mentions"] == {"parse": [], "roles": [PING_ROLE]}


async def test_non_urgent_type_pings_nobody(bot):
    """An election alert does not ping the urgent role."""
    await watch_rivera(bot)
    await bot.command("mention", role=RoleRef(PING_ROLE))
    _, body = await _deliver_one(bot, 1, "election")
    assert not body.get("content")
    assert body["allowed_mentions"] == {"parse": []}


async def test_mention_refuses_everyone_and_foreign_roles(bot):
    """@everyone and another server's role cannot be the ping role."""
    answer = await bot.command("mention", role=RoleRef(GUILD))
    assert "never ping" in answer["content"]
    answer = await bot.command("mention", role=RoleRef(601))
    assert "this server" in answer["content"]
    assert await bot.call(guilds.get_mention, GUILD) is None


async def test_mention_removed_before_send_pings_nobody(bot):
    """A row queued while pings were on does not ping after /mention is turned off."""
    await watch_rivera(bot)
    await bot.command("mention", role=RoleRef(PING_ROLE))
    await bot.call(add_alert, 1, "recall")
    await bot.command("mention")
    await bot.app.pipeline.deliver()
    body = bot.fake.posts(ALERTS)[0].json
    assert body["allowed_mentions"] == {"parse": []}


async def test_mention_removed_before_send_names_no_role(bot):
    """The text of an alert queued while pings were on names no role once /mention is off."""
    await watch_rivera(bot)
    await bot.command("mention", role=RoleRef(PING_ROLE))
    await bot.call(add_alert, 1, "recall")
    await bot.command("mention")
    await bot.app.pipeline.deliver()
    body = bot.fake.posts(ALERTS)[0].json
    assert "<@&" not in (body.get("content") or "")


async def test_mention_set_before_send_pings(bot):
    """An alert queued before /mention was set pings the role it names at send time."""
    await watch_rivera(bot)
    await bot.call(add_alert, 1, "recall")
    await bot.command("mention", role=RoleRef(PING_ROLE))
    await bot.app.pipeline.deliver()
    body = bot.fake.posts(ALERTS)[0].json
    assert body["content"].startswith(f"<@&{PING_ROLE}>")
    assert body["allowed_mentions"] == {"parse": [], "roles": [PING_ROLE]}


async def test_feedback_buttons_suppress_pattern(bot):
    """Pressing "Wrong person" records feedback; the same pattern is not alerted again."""
    await watch_rivera(bot)
    record, _ = await _deliver_one(bot)
    message = bot.fake.messages[ALERTS][0]
    buttons = message["components"][0]["components"]
    assert [b["label"] for b in buttons] == ["Wrong person", "Not relevant"]
    handle = await bot.fake.click(GUILD, 1, message, buttons[0]["custom_id"], permissions=1 << 5)
    answer = await bot.fake.reply(handle)
    assert "will not be alerted here again" in answer["content"]
    assert await bot.call(guilds.suppressed, str(GUILD), record)


async def test_feedback_button_needs_organizer(bot):
    """A member without Manage Server cannot mark alerts."""
    await watch_rivera(bot)
    record, _ = await _deliver_one(bot)
    message = bot.fake.messages[ALERTS][0]
    custom_id = message["components"][0]["components"][1]["custom_id"]
    handle = await bot.fake.click(GUILD, MEMBER, message, custom_id, permissions=MEMBER_PERMS)
    answer = await bot.fake.reply(handle)
    assert "Only organizers" in answer["content"]
    assert not await bot.call(guilds.suppressed, str(GUILD), record)


async def test_feedback_command(bot):
    """/feedback <id> not_relevant records it; an unknown id is refused."""
    await watch_rivera(bot)
    record = await bot.call(add_alert, 1, "recall")
    answer = await bot.command("feedback", alert="0123456789", verdict="not_relevant")
    assert "No alert with that id" in answer["content"]
    answer = await bot.command("feedback", alert=alert_id(record.alert_key), verdict="not_relevant")
    assert "recall alerts about this prosecutor" in answer["content"]
    assert await bot.call(guilds.suppressed, str(GUILD), record)
