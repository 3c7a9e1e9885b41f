"""Thread names and the update posted into an alert's thread."""

from __future__ import annotations

from bot.organizer.threads import THREAD_NAME_MAX, thread_name, update_view
from tests.bot.organizer.helpers import facts


def test_thread_name_reads_type_person_headline():
    """'Recall: Alex Rivera — headline'."""
    alert = facts(1, title="Petition drive begins")
    assert thread_name(alert) == "Recall: Alex Rivera — Petition drive begins"


def test_thread_name_within_limit_and_one_line():
    """Long headlines are cut to 100 characters; newlines and bidi controls are gone."""
    alert = facts(1, title="Line one\nline two \u202e" + "x" * 300)
    name = thread_name(alert)
    assert len(name) <= THREAD_NAME_MAX and name.endswith("…")
    assert "\n" not in name and "\u202e" not in name


def test_thread_name_without_headline():
    """No headline: the type and the person."""
    assert thread_name(facts(1, title="")) == "Recall: Alex Rivera"


def test_update_view_names_outlets_and_link():
    """The update lists the new outlets, the headline and the link, escaped."""
    view = update_view(facts(1), ["Bay Ledger", "@everyone"], "Vote *set*", "https://bay.example/a")
    assert view.content.startswith("Also reported by Bay Ledger, @\u200beveryone: Vote \\*set\\*")
    assert view.content.endswith("<https://bay.example/a>")


def test_update_view_drops_unsafe_link():
    """A javascript: link is not shown."""
    view = update_view(facts(1), ["Bay Ledger"], "Vote", "javascript:alert(1)")
    assert "javascript" not in view.content
