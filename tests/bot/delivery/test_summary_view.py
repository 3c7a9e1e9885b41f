from bot.delivery import summary_view
from bot.delivery.alert_view import DESCRIPTION_MAX, TITLE_MAX
from tests.bot.delivery.test_alert_view import alert


def many(n: int, link: str | None = None) -> list:
    return [
        alert(alert_key=f"k{i}", title=f"Headline {i} " + "x" * 140, link=link and f"{link}/{i}")
        for i in range(n)
    ]


def test_plan_splits_a_flood_into_messages_that_each_fit():
    """500 alerts with long links are split into parts whose descriptions fit 4096 chars."""
    alerts = many(500, "https://news.example/" + "p" * 200)
    sizes = summary_view.plan(alerts)
    assert sum(sizes) == 500 and len(sizes) > 1
    start = 0
    for size, text in zip(sizes, summary_view.titles(sizes, "500 more alerts"), strict=True):
        title, _, note = text.partition("\n")
        view = summary_view.summary_view(alerts[start : start + size], title, note)
        start += size
        [embed] = view.embeds
        assert len(embed.description) <= DESCRIPTION_MAX and len(embed.title) <= TITLE_MAX
        assert embed.description.count("• ") == size


def test_every_alert_is_listed_once_across_parts():
    """Each headline appears in exactly one part; none is summarized away."""
    alerts = many(300)
    sizes = summary_view.plan(alerts)
    texts = []
    start = 0
    for size in sizes:
        texts.append(summary_view.summary_view(alerts[start : start + size], "t").embeds[0])
        start += size
    for i in range(300):
        assert sum(f"Headline {i} " in e.description for e in texts) == 1


def test_parts_say_what_the_next_message_holds():
    """Part titles count the parts; each but the last says how many follow."""
    texts = summary_view.titles([30, 25, 5], "60 more alerts")
    assert texts[0] == "60 more alerts (part 1 of 3)\n…and 30 more in the next message"
    assert texts[1] == "60 more alerts (part 2 of 3)\n…and 5 more in the next message"
    assert texts[2] == "60 more alerts (part 3 of 3)"
    assert summary_view.titles([7], "7 more alerts") == ["7 more alerts"]


def test_an_unplanned_summary_shortens_lines_but_drops_none():
    """Given more than fits, the view drops links and shortens lines, never alerts."""
    alerts = many(120, "https://news.example/long")
    [embed] = summary_view.summary_view(alerts, "120", "note").embeds
    assert len(embed.description) <= DESCRIPTION_MAX
    assert embed.description.count("• ") == 120 and embed.description.endswith("note")


def test_summary_ping_names_the_role_once():
    """A summary with a role pings it once in the content, and says why."""
    view = summary_view.summary_view(many(3), "3 more alerts", mention_role_id="502")
    assert view.content.count("<@&502>") == 1 and view.mention_role_id == "502"
