"""Office-only mentions resolve to whoever held the office on the item's date, if watched."""

from __future__ import annotations

from datetime import UTC, date, datetime

from feeds.directory import prosecutors_from_records
from feeds.match import Matcher
from feeds.match.offices import Holder, Office, OfficeHistory
from feeds.models import Item
from tests.feeds.match.watch import who as watch_who

HARBOR = {"office": "District Attorney", "jurisdiction": "Harbor County", "state": "CA"}
HISTORY = OfficeHistory(
    (
        Office(
            **HARBOR,
            holders=(
                Holder("Ada Stone", date(2012, 1, 2), date(2020, 1, 6)),
                Holder("Ben Okafor", date(2020, 1, 6), date(2023, 3, 1)),
                Holder("Cleo Park", date(2023, 3, 1)),
            ),
        ),
    )
)
BOTH = prosecutors_from_records([{"name": "Ada Stone", **HARBOR}, {"name": "Cleo Park", **HARBOR}])


def who(title: str, when: object, people=BOTH, history=HISTORY) -> list[str]:
    return [m.prosecutor_id for m in Matcher(people, history=history).match(title, "", when)]


def test_office_mention_before_the_change_is_the_old_holder():
    """ "Harbor County DA" in 2018 is the holder then."""
    assert who("Harbor County DA opens review of jail deaths", "2018-04-02") == ["ada-stone"]


def test_office_mention_after_the_change_is_the_new_holder():
    """The same words in 2024 are the holder then."""
    assert who("Harbor County DA opens review of jail deaths", "2024-04-02") == ["cleo-park"]


def test_office_held_by_someone_unwatched_alerts_nobody():
    """In 2021 the office was held by someone nobody watches: no alert."""
    assert who("Harbor County district attorney sued over bail policy", "2021-09-09") == []


def test_month_precision_date_resolves():
    """A date known only to the month still picks the holder of that month."""
    assert who("Harbor County DA drops charges against protesters", "2019-07") == ["ada-stone"]


def test_undated_item_means_todays_holder():
    """Without a date, the office means its holder today."""
    assert who("Harbor County DA announces new diversion program", None) == ["cleo-park"]


def test_named_holder_of_the_office_wins_over_the_date():
    """A former holder named with the office is the one meant, not today's holder."""
    got = who("Former Harbor County DA Ada Stone joins law firm", "2025-01-10")
    assert got == ["ada-stone"]


def test_item_published_date_is_used_for_feed_items():
    """A feed item's published date decides the holder."""
    item = Item(
        key="k",
        source_id="s",
        title="Harbor County DA will not seek death penalty",
        published=datetime(2015, 6, 1, 12, tzinfo=UTC),
    )
    assert [m.prosecutor_id for m in Matcher(BOTH, history=HISTORY).match_item(item)] == [
        "ada-stone"
    ]


def test_without_terms_a_shared_office_picks_nobody():
    """With no terms known and two watched holders, an office mention picks nobody."""
    assert who("Harbor County DA speaks", "2018-04-02", history=OfficeHistory()) == []


def test_without_terms_a_single_watched_holder_is_picked():
    """With no terms known, the only watched person of the office is meant (as before)."""
    got = who("Harbor County DA speaks", "2018-04-02", people=BOTH[:1], history=OfficeHistory())
    assert got == ["ada-stone"]


def test_bundled_terms_resolve_a_real_office_change():
    """With the bundled directory, "Brooklyn DA" is Thompson in 2015 and Gonzalez in 2019."""
    people = prosecutors_from_records(
        [
            {
                "name": "Kenneth Thompson",
                "office": "District Attorney",
                "jurisdiction": "Brooklyn (Kings County)",
                "state": "NY",
            },
            {
                "name": "Eric Gonzalez",
                "office": "District Attorney",
                "jurisdiction": "Brooklyn (Kings County)",
                "state": "NY",
            },
        ]
    )
    matcher = Matcher(people)
    title = "Brooklyn DA sets up unit to review old murder convictions"
    assert [m.prosecutor_id for m in matcher.match(title, "", "2015-02-10")] == ["kenneth-thompson"]
    assert [m.prosecutor_id for m in matcher.match(title, "", "2019-02-10")] == ["eric-gonzalez"]


def test_watchlist_terms_override_the_directory(tmp_path):
    """Terms a watchlist carries are used for that person."""
    from bot.cli import load_watchlist

    path = tmp_path / "w.json"
    path.write_text(
        '[{"name": "Ada Stone", "office": "District Attorney", "jurisdiction": "Harbor County",'
        ' "state": "CA", "term_start": "2012-01-02", "term_end": "2016-01-04"}]',
        encoding="utf-8",
    )
    people, history = load_watchlist(str(path))
    matcher = Matcher(people, history=history)
    assert [m.prosecutor_id for m in matcher.match("Harbor County DA speaks", "", "2014")] == [
        "ada-stone"
    ]
    assert matcher.match("Harbor County DA speaks", "", "2017") == []


def test_classify_passes_the_date_field():
    """classify's optional "date" decides the holder; an unreadable one is flagged."""
    import json

    from feeds.match.classify import classify_lines

    matcher = Matcher(BOTH, history=HISTORY)
    names = {p.id: p.name for p in BOTH}
    lines = [
        json.dumps({"id": 1, "title": "Harbor County DA speaks", "date": "2018-04-02"}),
        json.dumps({"id": 2, "title": "Harbor County DA speaks", "date": "2024"}),
        json.dumps({"id": 3, "title": "Harbor County DA speaks", "date": "someday"}),
    ]
    outs = [json.loads(o) for o in classify_lines(lines, matcher, names)]
    assert [[a["prosecutor"] for a in o["alerts"]] for o in outs] == [
        ["Ada Stone"],
        ["Cleo Park"],
        ["Cleo Park"],
    ]
    assert "warning" not in outs[0] and "unreadable 'date'" in outs[2]["warning"]


def test_attorney_general_office_mention_resolves_to_the_watched_ag():
    """ "Texas attorney general" names the watched AG in office on the date (directory terms)."""
    from feeds.directory import bundled

    paxton = bundled().get("ken-paxton")
    matcher = Matcher([paxton])
    title = "Texas attorney general asks court to remove county prosecutor"
    assert [m.prosecutor_id for m in matcher.match(title, "", "2024-03-05")] == ["ken-paxton"]
    assert matcher.match(title, "", "2012-03-05") == []
    assert [m.prosecutor_id for m in matcher.match("AG Paxton sues city", "", "2024")] == [
        "ken-paxton"
    ]


def test_a_fully_listed_office_before_its_first_term_names_no_unlisted_watcher() -> None:
    """Every holder dated and none in office then: nobody, not a watched person the list lacks."""
    dee = prosecutors_from_records([{"name": "Dee Ruiz", **HARBOR}])
    assert who("Harbor County DA announces a policy", "2005-01-01", people=dee) == []


def test_a_county_office_is_not_the_citys() -> None:
    """'Baltimore County State's Attorney' is not Baltimore City's state's attorney."""
    assert watch_who("Baltimore County State's Attorney speaks at a forum", when="2021-05-01") == []


def test_a_county_word_after_a_county_offices_place_still_names_it() -> None:
    """'district attorney of Philadelphia County': the place followed by 'County' is the office
    (only a city office refuses a county after its name)."""
    title = "The district attorney of Philadelphia County speaks"
    assert watch_who(title, when="2022-05-01") == ["larry-krasner"]


OREGON_COUNTY = prosecutors_from_records(
    [
        {
            "name": "Dana Reyes",
            "office": "District Attorney",
            "jurisdiction": "Washington County",
            "state": "OR",
        }
    ]
)


def test_county_named_after_a_state_is_not_that_state():
    """ "Washington County DA" in Oregon is that county's DA, not a Washington state office."""
    assert who(
        "Washington County DA drops charges against deputy", "2022-01-10", OREGON_COUNTY, None
    ) == ["dana-reyes"]


def test_the_state_itself_still_rules_out_another_states_office():
    """ "Washington state" names the state, which is not the Oregon county's."""
    assert who("Washington state DA drops charges", "2022-01-10", OREGON_COUNTY, None) == []
