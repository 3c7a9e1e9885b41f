"""Story identity: the same news told twice is one story; a later stage of it is not."""

from __future__ import annotations

from feeds.story import headline_tokens, same_story


def test_two_wordings_of_one_headline_are_one_story() -> None:
    """Headlines sharing most of their words are the same story."""
    a = headline_tokens("Recall petition against DA Rivera qualifies for ballot")
    b = headline_tokens("Rivera recall qualifies for the ballot, clerk says")
    assert same_story(a, b) is True


def test_different_stages_are_different_stories() -> None:
    """A recall's launch and its signatures are two stories, however alike the words."""
    a = headline_tokens("Recall effort against DA Rivera launched", "filed")
    b = headline_tokens("Recall effort against DA Rivera turns in signatures", "signatures")
    assert same_story(a, b) is False


def test_an_unknown_stage_does_not_split_a_story() -> None:
    """When one report has no stage, the words decide as before."""
    a = headline_tokens("Recall petition against DA Rivera qualifies for ballot", "qualified")
    b = headline_tokens("Rivera recall qualifies for the ballot, clerk says")
    assert same_story(a, b) is True


def test_the_stage_is_kept_among_the_tokens() -> None:
    """The stage travels with the stored tokens (no store field needed)."""
    assert "stage:signatures" in headline_tokens("Rivera recall", "signatures")
