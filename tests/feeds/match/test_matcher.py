"""The matcher's own steps: what it reads of an item, case captions, others' titles, threshold."""

from __future__ import annotations

from feeds.match import Matcher
from feeds.models import EventType, Item
from tests.feeds.match.watch import MATCHER, PEOPLE


def _item(title: str, **fields: str) -> Item:
    return Item(key="k", source_id="test", title=title, **fields)


def test_match_item_reads_the_summary() -> None:
    """An event told only in an item's summary decides its type."""
    item = _item(
        "DA Larry Krasner speaks at a town hall",
        summary="Krasner was later sued by a police union.",
    )
    [m] = MATCHER.match_item(item)
    assert (m.event_type, m.evidence) == (EventType.LAWSUIT, ("Larry Krasner", "Krasner", "sued"))


def test_match_item_reads_a_docket_entry_without_a_case_name() -> None:
    """A court item's docket entry text is read even when the item has no case name."""
    item = _item(
        "Docket entry",
        docket_number="2:23-cv-00001",
        entry="Motion to dismiss filed by District Attorney Larry Krasner",
    )
    [m] = MATCHER.match_item(item)
    assert (m.prosecutor_id, m.evidence) == ("larry-krasner", ("Larry Krasner",))


def test_a_caption_naming_the_prosecutor_as_defendant_is_a_lawsuit_against_them() -> None:
    """'Union v. Krasner' on a court item: a lawsuit against the prosecutor, the caption quoted."""
    item = _item(
        "Order in a civil case", court="paed", case_name="Fraternal Order of Police v. Krasner"
    )
    [m] = MATCHER.match_item(item)
    assert (m.event_type, m.note, m.second_type) == (
        EventType.LAWSUIT,
        "against the prosecutor",
        None,
    )
    assert m.evidence == ("Krasner", "Fraternal Order of Police v. Krasner")


def test_a_caption_naming_the_prosecutor_as_plaintiff_is_brought_by_them() -> None:
    """'Krasner v. House': a lawsuit brought by the prosecutor."""
    caption = "Krasner v. Pennsylvania House of Representatives"
    [m] = MATCHER.match_item(_item(caption, court="pacommwct", case_name=caption))
    assert (m.event_type, m.note) == (EventType.LAWSUIT, "brought by the prosecutor")


def test_a_caption_keeps_the_storys_own_event_as_the_second_type() -> None:
    """A caption on a charging story: lawsuit first, the charging decision shown as 'Also'."""
    item = _item(
        "DA Larry Krasner charges officer in shooting",
        court="paed",
        case_name="Fraternal Order of Police v. Krasner",
    )
    [m] = MATCHER.match_item(item)
    assert (m.event_type, m.second_type) == (EventType.LAWSUIT, EventType.CHARGING_DECISION)


def test_a_caption_does_not_override_an_impeachment() -> None:
    """An impeachment story stays an impeachment whatever case caption it carries."""
    item = _item(
        "House votes to impeach DA Larry Krasner", court="paed", case_name="Citizens v. Krasner"
    )
    [m] = MATCHER.match_item(item)
    assert m.event_type is EventType.IMPEACHMENT


def test_a_caption_naming_someone_else_changes_nothing() -> None:
    """'People v. Marlow' on a story about the DA: not a lawsuit, and the caption is not quoted."""
    item = _item(
        "DA Larry Krasner speaks at a town hall", court="paed", case_name="People v. Marlow"
    )
    [m] = MATCHER.match_item(item)
    assert (m.event_type, m.evidence) == (EventType.OTHER, ("Larry Krasner",))


def test_a_case_name_without_two_sides_is_no_caption() -> None:
    """'In re Krasner' names no opposing parties, so it makes no lawsuit."""
    item = _item("DA Larry Krasner speaks at a town hall", court="paed", case_name="In re Krasner")
    [m] = MATCHER.match_item(item)
    assert m.event_type is EventType.OTHER


def test_another_prosecutors_title_is_not_this_prosecutors_mention() -> None:
    """'state attorney Aramis Ayala was indicted' is Ayala's news, not a bare title of
    Warren's (another state attorney, named elsewhere)."""
    matches = MATCHER.match(
        "Warren hires an aide",
        "Separately, state attorney Aramis Ayala was indicted on bribery charges.",
    )
    assert [(m.prosecutor_id, m.event_type) for m in matches] == [
        ("aramis-ayala", EventType.INDICTMENT_OR_INVESTIGATION),
        ("andrew-warren", EventType.OTHER),
    ]


def test_a_score_equal_to_the_threshold_is_an_alert() -> None:
    """The threshold is the lowest score kept: an office-only mention at 0.6 passes 0.6."""
    strict = Matcher(PEOPLE, threshold=0.6)
    [m] = strict.match("Philadelphia DA speaks at a town hall", when="2022-05-01")
    assert (m.prosecutor_id, m.score) == ("larry-krasner", 0.6)
