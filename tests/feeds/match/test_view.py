"""One prosecutor's view of an item: their mentions as @P, background as @B, offsets kept."""

from __future__ import annotations

from feeds.match import titles
from feeds.match.view import build_view, office_titles


def _view(text: str, name: str, title_len: int | None = None) -> str:
    start = text.index(name)
    found = office_titles(text, titles.DA)
    return build_view(text, title_len or len(text), [(start, start + len(name))], found).text


def test_own_title_joins_the_name():
    """'DA Krasner' becomes one mark."""
    assert _view("DA Krasner sued by union", "Krasner") == "@P sued by union"


def test_a_title_before_someone_elses_name_is_theirs():
    """'DA Jane Roe' is Roe's title, not the watched prosecutor's."""
    assert _view("Krasner criticizes DA Jane Roe", "Krasner") == "@P criticizes DA Jane Roe"


def test_the_new_da_is_the_successor():
    """'the new DA' is not the watched former holder."""
    assert _view("New DA reverses policies of Boudin", "Boudin") == "New DA reverses policies of @P"


def test_a_relative_clause_mention_is_background():
    """'Hochman, who beat Gascón, ...' marks Gascón as background."""
    view = _view("Hochman, who beat Gascon last year, hires a deputy", "Gascon")
    assert view == "Hochman, who beat @B last year, hires a deputy"


def test_offsets_map_back_to_the_folded_text():
    """A view span maps to the folded-text span it came from, the mark to its mention."""
    text = "Judge blocks DA Krasner's plan"
    view = build_view(text, len(text), [(16, 23)], office_titles(text, titles.DA))
    start = view.text.index("@P")
    assert text[slice(*view.to_text(start, start + 2))] == "DA Krasner"
    assert text[slice(*view.to_text(0, len(view.text)))] == text


def test_an_office_class_without_a_title_pattern_falls_back_to_da():
    """An unknown office class still finds the generic 'DA' title."""
    assert office_titles("The DA said no", "some-new-class") == [(4, 6)]


def test_a_former_holders_possessive_is_background() -> None:
    """'Former DA Krasner's allies win': the former holder is the setting, marked @B."""
    assert _view("Former DA Krasner's allies win seats", "Krasner") == (
        "Former @B's allies win seats"
    )


def test_the_new_da_named_as_the_prosecutor_is_theirs() -> None:
    """'New DA Krasner': the successor title followed by their own name is their mention."""
    assert _view("New DA Krasner reverses course", "Krasner") == "New @P reverses course"


def test_text_right_after_a_mark_maps_to_the_text_after_the_mention() -> None:
    """The view span just after '@P' maps to the folded text after the whole mention."""
    text = "DA Krasner sued"
    view = build_view(text, len(text), [(3, 10)], office_titles(text, titles.DA))
    assert (view.text, view.to_text(2, 7)) == ("@P sued", (10, 15))


def test_a_view_without_mentions_is_the_text() -> None:
    """With no mention to mark, the view is the text itself, with no mark."""
    view = build_view("No one here", 11, [], [])
    assert (view.text, view.has_mark, view.title_end) == ("No one here", False, 11)
