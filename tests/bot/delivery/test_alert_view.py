from datetime import UTC, datetime

from bot.delivery.alert_view import EMBED_TOTAL_MAX, alert_view, clean, render_text
from bot.store import Alert
from feeds.models import EventType


def alert(**kw) -> Alert:
    fields = {
        "alert_key": "k", "prosecutor_id": "alex-rivera", "event_type": EventType.RECALL,
        "title": "Recall petition filed", "summary": "", "link": None,
        "prosecutor_name": "Alex Rivera", "prosecutor_office": "District Attorney, Harbor County",
        "outlet": "Harbor Times", "published": datetime(2026, 11, 20, 10, tzinfo=UTC),
        "first_seen": datetime(2026, 11, 20, 11, tzinfo=UTC),
        "evidence": ["Rivera", "recall"], "score": 0.9, **kw,
    }  # fmt: skip
    return Alert(**fields)


def test_mass_mentions_are_broken():
    """@everyone and @here get a zero-width space so they never ping (A14)."""
    assert clean("@everyone and @HERE", 100) == "@\u200beveryone and @\u200bHERE"


def test_role_and_user_mentions_are_broken():
    """<@&123> and <@123> are escaped so Discord shows them as text."""
    assert "<@&" not in clean("<@&123> <@456>", 100)


def test_markdown_is_escaped():
    """Links, headings, spoilers and emphasis in feed text are shown literally."""
    text = clean("[DOJ](https://evil) # big ||x|| *bold*", 200)
    assert "\\[DOJ\\]" in text and "\\#" in text
    assert "\\|\\|x\\|\\|" in text and "\\*bold\\*" in text


def test_bidi_controls_are_removed():
    """Right-to-left overrides cannot reorder what organizers read."""
    assert "\u202e" not in clean("abc\u202edef", 100)


def test_non_http_links_are_not_used():
    """A javascript: link gives an embed without a URL."""
    assert alert_view(alert(link="javascript:alert(1)")).embeds[0].url is None


def test_everything_fits_discord_limits():
    """A 10,000-character title and summary stay within 256 / 4096 / 6000."""
    view = alert_view(alert(title="t" * 10_000, summary="s" * 10_000, evidence=["e" * 500] * 30))
    embed = view.embeds[0]
    assert len(embed.title) <= 256 and len(embed.description) <= 4096
    assert embed.size() <= EMBED_TOTAL_MAX
    assert all(len(value) <= 1024 for _, value, _ in embed.fields)


def test_role_is_pinged_only_when_given():
    """Without a role the content is empty; with one, only that role is mentioned."""
    assert alert_view(alert()).content == ""
    view = alert_view(alert(), mention_role_id="42")
    assert view.content.startswith("<@&42>") and view.mention_role_id == "42"


def test_court_items_show_court_docket_and_entry():
    """Court alerts list the court, case, docket number and entry."""
    view = alert_view(alert(court="cand", case_name="Doe v. Rivera", docket_number="3:26-cv-1",
                            entry="Complaint"))  # fmt: skip
    court = dict((n, v) for n, v, _ in view.embeds[0].fields)["Court"]
    assert "3:26-cv-1" in court and "Complaint" in court and "Doe v. Rivera" in court


def test_clustered_alert_says_who_else_reported_it():
    """'Also reported by N outlets' lists the other outlets."""
    view = alert_view(alert(also_reported_by=["Coast Daily", "Bay Post"]))
    names = [n for n, _, _ in view.embeds[0].fields]
    assert "Also reported by 2 outlets" in names


def test_the_matchers_reading_is_shown_apart_from_the_quoted_words():
    """Who acts on whom is its own field; the evidence field still quotes only the item."""
    fields = {
        n: v for n, v, _ in alert_view(alert(note="brought by the prosecutor")).embeds[0].fields
    }
    assert fields["Direction"] == "brought by the prosecutor"
    assert fields["Matched"] == '"Rivera", "recall"'


def test_no_reading_no_direction_field():
    """An alert without a reading shows no empty Direction field."""
    names = [n for n, _, _ in alert_view(alert()).embeds[0].fields]
    assert "Direction" not in names


def test_console_rendering_reads_like_the_embed():
    """The console sink shows the text without escape characters."""
    text = render_text(alert_view(alert(title="Rivera's *big* day")))
    assert "Recall: Rivera's *big* day" in text


def test_format_and_filler_characters_are_removed():
    """Issue 14: marks, the tag block, soft hyphen and Hangul fillers never reach an alert."""
    hidden = "\u200e\u200f\u061c\U000e0041\U000e007f\u00ad\u3164\u2062"
    assert clean(f"Re{hidden}call of DA{hidden} Rivera", 100) == "Recall of DA Rivera"
