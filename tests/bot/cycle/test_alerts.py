"""What an event becomes when it is stored as an alert."""

from __future__ import annotations

from bot.cycle.alerts import alert_record
from feeds.models import Event, EventType, Match, Prosecutor
from tests.bot.helpers import NOW, item

RIVERA = Prosecutor("alex-rivera", "Alex Rivera", "District Attorney", "Harbor County", "CA")


def test_the_alert_keeps_the_matchers_reading_and_evidence() -> None:
    """The direction note and quoted evidence travel from the match to the stored alert."""
    match = Match(
        RIVERA.id, EventType.LAWSUIT, 0.9, ("Rivera sues",), note="brought by the prosecutor"
    )
    alert = alert_record(Event(item(1), match), RIVERA, NOW)
    assert alert.note == "brought by the prosecutor"
    assert alert.evidence == ["Rivera sues"]
    assert alert.event_type is EventType.LAWSUIT
    assert alert.prosecutor_office == "District Attorney, Harbor County, CA"


def test_a_private_alert_is_keyed_to_its_server() -> None:
    """An alert from a server's own feed carries that server and a key of its own."""
    event = Event(item(1), Match(RIVERA.id, EventType.RECALL, 0.9))
    private = alert_record(event, RIVERA, NOW, guild_id="7")
    assert private.guild_id == "7"
    assert private.alert_key == f"{event.alert_key}|guild:7"
