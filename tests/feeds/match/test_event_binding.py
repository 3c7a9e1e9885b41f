"""How an event cue binds to the prosecutor and which cue wins (events.py's scoring steps)."""

from __future__ import annotations

from feeds.models import EventType
from tests.feeds.match.watch import MATCHER, what


def test_a_cue_ending_the_headline_counts() -> None:
    """'DA Krasner impeached': a cue that ends exactly where the headline ends still binds."""
    assert what("DA Krasner impeached") == ["impeachment"]


def test_a_cue_in_another_headline_clause_binds_to_the_headline() -> None:
    """'Officer indicted; DA vows to appeal': the headline's other clause is the DA's news,
    weighed below the DA's own clause."""
    [m] = MATCHER.match("Police officer indicted in shooting; DA Krasner vows to appeal")
    assert (m.event_type, m.evidence, m.score) == (
        EventType.CHARGING_DECISION,
        ("DA Krasner", "indicted"),
        0.785,
    )


def test_a_headline_saying_the_prosecutor_has_no_role_keeps_the_other_clause_away() -> None:
    """'Officer indicted; DA says he has no role': the indictment is not the DA's decision."""
    assert what("Police officer indicted in shooting; DA Krasner says he has no role") == ["other"]


def test_a_headline_cue_with_the_prosecutor_named_only_in_the_summary() -> None:
    """The headline is the event and the summary says who: a clause-level binding."""
    [m] = MATCHER.match("Police union endorses challenger", "DA Gascón faces a tough race.")
    assert (m.event_type, m.score) == (EventType.UNION_ENDORSEMENT, 0.855)


def test_a_cue_elsewhere_in_the_item_binds_to_the_item() -> None:
    """A union endorsement in a summary sentence that does not name the DA still counts."""
    [m] = MATCHER.match("DA Gascón hires an aide", "Separately, police union endorses his rival.")
    assert (m.event_type, m.evidence) == (
        EventType.UNION_ENDORSEMENT,
        ("DA Gascón", "police union endorses"),
    )


def test_a_near_cue_eight_words_away_is_near() -> None:
    """A resignation eight words after the name is near enough."""
    assert what("Krasner one two three four five six seven resigns") == ["resignation"]


def test_a_near_cue_nine_words_away_is_not() -> None:
    """Nine words away, a cue that needs nearness does not bind."""
    assert what("Krasner one two three four five six seven eight resigns") == ["other"]


def test_the_headline_event_outranks_a_stronger_one_in_the_summary() -> None:
    """A clear headline cue (charges) wins over a higher-weight cue told in the summary."""
    [m] = MATCHER.match(
        "DA Krasner charges officer in shooting", "Krasner was impeached by the House."
    )
    assert (m.event_type, m.second_type) == (EventType.CHARGING_DECISION, None)


def test_a_strong_second_event_in_other_words_is_the_second_type() -> None:
    """'charges officer, is sued by union': a charging decision, and also a lawsuit."""
    [m] = MATCHER.match("DA Krasner charges officer in shooting, is sued by police union")
    assert (m.event_type, m.second_type) == (EventType.CHARGING_DECISION, EventType.LAWSUIT)


def test_an_aside_gives_way_to_the_main_clause() -> None:
    """'X, who was impeached last year, rescinds order': the news is the policy change."""
    assert what("DA Krasner, who was impeached last year, rescinds order") == ["policy_directive"]


def test_an_aside_counts_when_its_sentence_has_no_other_event() -> None:
    """An aside is kept when only another sentence has a main-clause event."""
    [m] = MATCHER.match(
        "Weekly roundup",
        "DA Krasner, who faces impeachment, visited a school. Krasner later rescinded an order.",
    )
    assert (m.event_type, m.evidence) == (
        EventType.IMPEACHMENT,
        ("DA Krasner", "Krasner", "impeachment"),
    )


def test_the_best_bound_occurrence_of_a_type_decides() -> None:
    """Of two union endorsements, the one naming the DA's race is quoted, not the unbound one."""
    [m] = MATCHER.match(
        "Weekly roundup",
        "Another police union backed a rival. The police union endorsed DA Gascón's challenger.",
    )
    assert (m.evidence, m.score) == (("DA Gascón", "police union endorsed"), 0.855)


def test_a_stage_needs_its_pattern_not_only_its_words() -> None:
    """'uphill' holds the letters of 'upheld' but is no ruling: the stage is the signatures."""
    [m] = MATCHER.match("Recall organizers face uphill fight, submit signatures to oust DA Gascón")
    assert (m.event_type, m.stage) == (EventType.RECALL, "signatures")


def test_a_first_name_bill_is_not_a_bill() -> None:
    """'endorses Bill Marlow': Bill is a person, so this is election news, not legislation."""
    assert what("DA Krasner endorses Bill Marlow for city council") == ["election"]


def test_of_equally_strong_cues_the_first_is_quoted() -> None:
    """Two lawsuits brought by the DA with the same weight: the first one read is the evidence."""
    [m] = MATCHER.match(
        "Weekly roundup", "DA Krasner sues the city. Krasner files suit against the state."
    )
    assert (m.event_type, m.evidence) == (
        EventType.LAWSUIT,
        ("DA Krasner", "Krasner", "DA Krasner sues"),
    )
