"""Headlines that name a prosecutor only by a surname acting as the office, by a place where a
conviction fell, or by a surname two watched people share."""

from __future__ import annotations

from tests.feeds.match.watch import found as _found
from tests.feeds.match.watch import matcher_of

_RECORDS = [
    ("Kim Foxx", "State's Attorney", "Cook County", "IL"),
    ("Fani Willis", "District Attorney", "Fulton County", "GA"),
    ("Andrew Warren", "State Attorney", "Thirteenth Judicial Circuit (Hillsborough)", "FL"),
    ("Larry Krasner", "District Attorney", "Philadelphia", "PA"),
    ("Eric Gonzalez", "District Attorney", "Kings County (Brooklyn)", "NY"),
    ("Mark Gonzalez", "District Attorney", "Nueces County", "TX"),
    ("Gary King", "District Attorney", "Santa Fe County", "NM"),
    ("Kim Gardner", "Circuit Attorney", "City of St. Louis", "MO"),
    ("Brooke Jenkins", "District Attorney", "San Francisco", "CA"),
    ("George Gascón", "District Attorney", "Los Angeles County", "CA"),
    ("Nathan Hochman", "District Attorney", "Los Angeles County", "CA"),
]
MATCHER = matcher_of(_RECORDS)


def found(title: str, when: object = "2023-06-01") -> list[tuple[str, str]]:
    return _found(MATCHER, title, "", when)


def test_namesake_surname_stopping_a_practice_is_the_prosecutor() -> None:
    """No actor or congresswoman stops charging a crime: "Foxx will stop charging" is the
    office's policy."""
    assert found("Foxx will stop charging shoplifting under $1,000 as a felony") == [
        ("kim-foxx", "policy_directive")
    ]


def test_frequent_surname_bringing_a_case_is_the_prosecutor() -> None:
    """ "Willis files ... case against" is the office charging someone."""
    assert found("Willis files racketeering case against the former governor") == [
        ("fani-willis", "charging_decision")
    ]


def test_officeholder_namesake_planning_prosecutions_needs_the_place() -> None:
    """A senator may unveil a plan to prosecute bankers; with the person's state named, the
    same words are the state attorney's."""
    assert found("Warren unveils plan to prosecute bank executives") == []
    assert found("Warren unveils plan to prosecute bank executives in Florida") == [
        ("andrew-warren", "charging_decision")
    ]


def test_legislator_verbs_are_not_the_office_acting() -> None:
    """Introducing a bill about prosecutions is a legislator's act, not the office's."""
    assert found("Warren introduces bill to end prosecutions of sex workers") == []


def test_surname_charged_with_a_crime_is_a_defendant() -> None:
    """ "King charged with assault" is someone charged, not Gary King charging."""
    assert found("King charged with assault after bar fight") == []


def test_dropping_out_of_a_race_is_not_dropping_charges() -> None:
    """ "Gardner drops out of Senate race" is a senator leaving a race."""
    assert found("Gardner drops out of Senate race") == []


def test_removed_from_a_case_names_the_target() -> None:
    """Every inflection of removal binds the surname after it ("removes", "removed")."""
    assert found("Judge removes Gardner from gun-waving case") == [
        ("kim-gardner", "case_reassignment")
    ]


def test_shared_surname_alone_names_nobody() -> None:
    """ "Gonzalez" is two watched prosecutors: without a place it says neither."""
    assert found("Gonzalez drops charges against protesters") == []


def test_shared_surname_with_a_place_names_that_one() -> None:
    """The place named beside the shared surname tells who it is."""
    assert found("Brooklyn's Gonzalez drops charges against protesters") == [
        ("eric-gonzalez", "charging_decision")
    ]
    assert found("Gonzalez drops charges against protesters in Nueces County") == [
        ("mark-gonzalez", "charging_decision")
    ]


def test_exoneration_in_a_place_is_its_prosecutors() -> None:
    """A conviction undone in Philadelphia was the Philadelphia DA's office's to answer for."""
    assert found("Philadelphia judge exonerates man who spent decades in prison") == [
        ("larry-krasner", "exoneration")
    ]


def test_exonerations_counted_for_a_place_are_its_prosecutors() -> None:
    """A headline's abbreviation ("No. 2") does not cut the place off from its exonerations."""
    assert found("Philadelphia is No. 2 in exonerations nationwide") == [
        ("larry-krasner", "exoneration")
    ]


def test_exonerated_person_describes_not_the_event() -> None:
    """ "Exonerated Philadelphia man sues city" is his lawsuit against the city."""
    assert found("Exonerated Philadelphia man sues city for damages") == []


def test_appointed_to_the_named_office_is_the_election_type() -> None:
    """Appointment to a vacant office is an election event (DESIGN.md), also when the post
    follows the verb without "as"."""
    assert found("Jenkins appointed San Francisco DA by the mayor", "2022-07-08") == [
        ("brooke-jenkins", "election")
    ]


def test_union_throwing_its_weight_behind_a_candidate_is_an_endorsement() -> None:
    """A police union backing one side of a race is the union_endorsement type for both."""
    assert found(
        "Police union throws its weight behind Hochman in race against Gascón", "2024-02-01"
    ) == [("george-gascon", "union_endorsement"), ("nathan-hochman", "union_endorsement")]


def test_a_penalty_declined_for_one_described_defendant_is_a_charging_decision() -> None:
    """ "won't seek death penalty against <described suspect>" is one case, not a practice."""
    assert found("Gascón won't seek death penalty against alleged cop killer", "2023-10-01") == [
        ("george-gascon", "charging_decision")
    ]


def test_a_feud_with_a_police_union_is_the_union_type() -> None:
    """The prosecutor answering a police union is the union's opposition seen from her side."""
    assert found("Kim Foxx says police union chief is fearmongering", "2019-04-01") == [
        ("kim-foxx", "union_endorsement")
    ]


def test_a_union_wanting_the_prosecutor_gone_is_the_union_type() -> None:
    """ "FOP wants X gone" is a union calling for removal, not a removal."""
    assert found("Chicago FOP wants Kim Foxx gone", "2019-04-01") == [
        ("kim-foxx", "union_endorsement")
    ]


def test_law_enforcement_groups_lining_up_against_a_candidate_is_the_union_type() -> None:
    """Unions uniting against the prosecutor in a race is their opposition, not the race."""
    assert found("Law enforcement groups line up against Gascón in DA race", "2020-10-01") == [
        ("george-gascon", "union_endorsement")
    ]


def test_a_common_full_name_beside_a_police_union_is_the_prosecutor() -> None:
    """A police union is prosecution's context: a full name made of common words counts."""
    assert found("Gary King rejects endorsement from officers association", "2020-10-01") == [
        ("gary-king", "union_endorsement")
    ]


def test_an_event_types_own_noun_is_office_context_for_a_common_full_name() -> None:
    """ "ouster petition" speaks of a removal: "Gary King" beside it is the prosecutor."""
    assert found("Judge sets hearing on ouster petition against Gary King") == [
        ("gary-king", "removal_or_suspension")
    ]


def test_a_law_that_lets_the_state_remove_a_prosecutor_is_legislation() -> None:
    """ "law lets the state remove X" is a law aimed at prosecutors' powers (§D6)."""
    assert found("State law lets governor remove Kim Foxx") == [("kim-foxx", "legislation")]


def test_a_practice_restored_is_a_policy() -> None:
    """Restoring the prosecution of a category is a policy change, like resuming it."""
    assert found("Larry Krasner restores prosecution of retail theft cases") == [
        ("larry-krasner", "policy_directive")
    ]


def test_the_office_banning_its_own_staff_a_practice_is_a_policy() -> None:
    """ "bans prosecutors from seeking" is the office's rule for its own prosecutors."""
    assert found("George Gascón bans prosecutors from seeking death penalty", "2020-12-08") == [
        ("george-gascon", "policy_directive")
    ]


def test_changing_how_a_category_is_charged_is_a_policy() -> None:
    """ "changes how juveniles are charged" changes a practice, not one case."""
    assert found("Kim Foxx's office changes how juveniles are charged") == [
        ("kim-foxx", "policy_directive")
    ]


def test_charging_is_office_context_for_a_common_full_name() -> None:
    """ "charging policy" speaks of prosecution: "Gary King" beside it is the prosecutor."""
    assert found("Gary King's charging policy angers victims' families") == [
        ("gary-king", "policy_directive")
    ]


def test_voters_choosing_is_an_election() -> None:
    """ "voters back", "voters to decide between" are the electorate choosing (§B1)."""
    assert found("Voters to decide between Gascón and Hochman", "2024-10-01") == [
        ("george-gascon", "election"),
        ("nathan-hochman", "election"),
    ]


def test_renomination_and_a_comeback_bid_are_elections() -> None:
    """A party's renomination and a bid to return are electoral milestones."""
    assert found("Larry Krasner coasts to renomination") == [("larry-krasner", "election")]
    assert found("Fani Willis mounts comeback bid") == [("fani-willis", "election")]


def test_nominating_petitions_are_not_a_lawsuit() -> None:
    """Filing petitions for a reelection bid puts a candidate on the ballot."""
    assert found("Kim Foxx files petitions for reelection bid") == [("kim-foxx", "election")]


def test_charges_over_an_act_are_a_charging_decision() -> None:
    """ "charges X over Y" is the office bringing charges, like "charges X with"."""
    assert found("Kim Gardner charges McCloskeys over gun-waving") == [
        ("kim-gardner", "charging_decision")
    ]


def test_a_summary_starting_with_a_capital_does_not_end_a_case_word() -> None:
    """A case word ending the headline is the case, whatever word the summary starts with."""
    matcher = matcher_of([("Kim Foxx", "State's Attorney", "Cook County", "IL")])
    assert _found(
        matcher,
        "All charges dropped against actor Jussie Smollett",
        "Television star relieved as the case ends",
        "2019-03-26",
    ) == [("kim-foxx", "charging_decision")]


def test_cases_taken_from_the_prosecutor_are_a_reassignment() -> None:
    """ "takes N cases from X" takes them away from the office (§C7)."""
    assert found("Governor takes 21 murder cases from Kim Foxx") == [
        ("kim-foxx", "case_reassignment")
    ]


def test_the_office_refusing_cases_from_officers_is_not_a_reassignment() -> None:
    """Cases the office will not take from police are its own rule, not cases taken away."""
    assert found("Kim Foxx refuses to take criminal cases from two dozen officers") == [
        ("kim-foxx", "policy_directive")
    ]


def test_leaving_the_das_office_for_another_post_is_a_resignation() -> None:
    """The office's title between "leaves" and "office" is the prosecutor's own office."""
    assert found("Kim Foxx leaves state's attorney's office for federal post") == [
        ("kim-foxx", "resignation")
    ]


def _with_summary(title: str, summary: str, when: str) -> list[tuple[str, str]]:
    return _found(MATCHER, title, summary, when)


def test_the_office_once_led_by_someone_is_background() -> None:
    """ "the office once led by X, who resigned" places the office's news, not X's."""
    assert (
        _with_summary(
            "Audit finds backlog at city prosecutor's office",
            "The office once led by Kim Gardner, who resigned in May, has 1,000 cases waiting.",
            "2023-09-01",
        )
        == []
    )


def test_a_post_taken_is_not_its_holder_that_day() -> None:
    """ "sworn in as LA district attorney" is the post the subject takes; the holder that
    day, named only as the one the new DA beat, is not the news."""
    assert _with_summary(
        "Hochman sworn in as Los Angeles County district attorney",
        "Nathan Hochman, who beat George Gascón in November, took the oath on Tuesday.",
        "2024-11-30",
    ) == [("nathan-hochman", "election")]


def test_a_suit_over_the_offices_policies_is_a_lawsuit() -> None:
    """ "suit over DA policies" is litigation about the office, whoever brought it."""
    assert _with_summary(
        "Judge rules against deputies' union in suit over DA Gascón's policies",
        "",
        "2022-11-01",
    ) == [("george-gascon", "lawsuit")]


def test_an_office_title_before_another_persons_name_is_theirs() -> None:
    """ "Philadelphia DA Jane Roe" is Roe's title: the watched predecessor named in a
    background clause gets nothing from it."""
    assert (
        _with_summary(
            "New Philadelphia DA Jane Roe faces first test",
            "Roe, who replaced Larry Krasner after he left office, is weighing charges.",
            "2026-05-01",
        )
        == []
    )


def test_an_earlier_target_of_the_same_group_is_background() -> None:
    """ "the group that ousted X now targets Y" is news about Y alone."""
    got = _with_summary(
        "Group that ousted Krasner now targets Gascón",
        "Organizers who led the recall of Larry Krasner turned to George Gascón.",
        "2022-06-20",
    )
    assert [who for who, _ in got] == ["george-gascon"]


def test_a_conviction_named_before_it_is_thrown_out_is_an_exoneration() -> None:
    """ "Conviction of man in 1999 killing thrown out" names the conviction first (§E5)."""
    assert found("Conviction of man in 1999 killing thrown out at Kim Foxx's request") == [
        ("kim-foxx", "exoneration")
    ]


def test_someone_convicted_walking_free_is_an_exoneration() -> None:
    """Freeing a person convicted, or after decades in prison, is a conviction undone."""
    assert found("Larry Krasner's unit helps free man convicted as teen") == [
        ("larry-krasner", "exoneration")
    ]
    assert found("Man walks free after 30 years in prison as Larry Krasner's office agrees") == [
        ("larry-krasner", "exoneration")
    ]


def test_the_office_saying_someone_is_innocent_is_an_exoneration() -> None:
    """An office's finding of innocence is the exoneration, and speaks of prosecution enough
    for a common full name."""
    assert found("Kim Foxx says man jailed since 1990 is innocent") == [("kim-foxx", "exoneration")]
    assert found("Gary King backs man's innocence claim") == [("gary-king", "exoneration")]


def test_a_court_punishing_the_prosecutor_is_an_investigation_type() -> None:
    """Discipline and fines for the prosecutor are §D7's sanctions, not a lawsuit."""
    assert found("Missouri Supreme Court disciplines Kim Gardner") == [
        ("kim-gardner", "indictment_or_investigation")
    ]
    assert found("Judge fines Kim Gardner for missing hearings") == [
        ("kim-gardner", "indictment_or_investigation")
    ]


def test_an_oversight_body_reviewing_the_prosecutor_is_an_investigation() -> None:
    """An inspector general or ethics board looking at the prosecutor probes them (§D8)."""
    assert found("Inspector general reviews Kim Foxx's handling of case") == [
        ("kim-foxx", "indictment_or_investigation")
    ]


def test_charging_a_fee_is_not_charging_a_crime() -> None:
    """The office's charging is of crimes or people; "charging fees" is a shop's."""
    assert found("Foxx announces end to charging fees at her restaurant") == []
    assert found("Foxx announces end to charging shoplifting as a felony") == [
        ("kim-foxx", "policy_directive")
    ]


def test_a_name_a_generation_apart_is_someone_else() -> None:
    """ "Larry Krasner Sr." is not the watched Larry Krasner."""
    assert found("Larry Krasner Sr. celebrates 90th birthday") == []


def test_an_exoneration_outside_criminal_courts_names_no_prosecutor() -> None:
    """A star cleared by a league, or a federal case, is not the place's prosecutor's."""
    assert found("Philadelphia Eagles star exonerated by league investigation") == []
    assert found("Philadelphia man exonerated in federal case after FBI error") == []


def test_speaking_for_an_office_that_prosecutes_is_the_prosecutor() -> None:
    """ "X says her office will not prosecute ..." is the office's head speaking for it."""
    assert found("Foxx says her office will not prosecute peaceful protesters") == [
        ("kim-foxx", "policy_directive")
    ]


def test_a_surnames_memo_is_the_offices() -> None:
    """ "Bragg memo" is a prosecutor's document, like "Bragg directive"."""
    matcher = matcher_of([("Alvin Bragg", "District Attorney", "New York County", "NY")])
    assert _found(matcher, "Police union president slams Bragg memo", "", "2022-01-10") == [
        ("alvin-bragg", "union_endorsement")
    ]


def test_investigating_a_frequent_surname_with_the_state_named_is_the_prosecutor() -> None:
    """ "investigate Willis" is done to a prosecutor; Georgia named says which Willis."""
    assert found("Georgia senators vote to create panel to investigate Willis", "2024-01-20") == [
        ("fani-willis", "indictment_or_investigation")
    ]


def test_deputy_sheriffs_endorsing_are_a_law_enforcement_union() -> None:
    """Deputy sheriffs endorsing a candidate act as their association (§B2)."""
    assert found("Hochman gets endorsement of deputy sheriffs", "2024-03-01") == [
        ("nathan-hochman", "union_endorsement")
    ]


def test_da_after_a_county_name_is_not_a_state_attorney_elsewhere() -> None:
    """ "Orange County DA" is California's unless Florida is named: Florida's office is the
    state attorney's."""
    matcher = matcher_of(
        [("Monique Worrell", "State Attorney", "Ninth Judicial Circuit (Orange and Osceola)", "FL")]
    )
    assert _found(matcher, "Orange County DA files charges in crash", "", "2023-01-10") == []
    assert _found(
        matcher, "Florida's Orange County DA files charges in crash", "", "2023-01-10"
    ) == [("monique-worrell", "charging_decision")]


def test_recusing_from_a_case_is_the_prosecutor() -> None:
    """Prosecutors recuse their office from cases: "Foxx recuses herself" is the office's."""
    assert found("Foxx recuses herself from high-profile case") == [
        ("kim-foxx", "case_reassignment")
    ]


def test_saying_he_will_not_prosecute_is_the_prosecutor() -> None:
    """ "X says he will not prosecute ..." speaks for an office that prosecutes."""
    assert found("Gardner says she will not prosecute marijuana possession") == [
        ("kim-gardner", "policy_directive")
    ]


def test_declining_to_charge_supports_a_frequent_surname() -> None:
    """ "Jenkins won't charge officer": the frame itself speaks of prosecution."""
    assert found("Jenkins won't charge officer in store shooting") == [
        ("brooke-jenkins", "charging_decision")
    ]


def test_a_surnames_grand_jury_is_the_offices() -> None:
    """ "Willis grand jury" is the one the office runs (like "Fulton County grand jury")."""
    matcher = matcher_of([("Alvin Bragg", "District Attorney", "New York County", "NY")])
    assert _found(matcher, "Bragg grand jury hears from key witness", "", "2023-03-10") == [
        ("alvin-bragg", "charging_decision")
    ]


def test_an_office_losing_staff_is_not_losing_a_race() -> None:
    """ "X's office loses more prosecutors" is staffing, not an election."""
    assert found("Kim Gardner's office loses more prosecutors amid staffing crisis") == [
        ("kim-gardner", "other")
    ]


def test_charges_that_could_come_are_a_charging_decision() -> None:
    """ "charges could come" announces the office's charging decision ahead."""
    assert found("Fulton DA Fani Willis says charges could come this summer") == [
        ("fani-willis", "charging_decision")
    ]


def test_removed_from_one_case_is_a_reassignment_not_a_removal() -> None:
    """ "removes X from death penalty case" takes a case, not the office (§C7)."""
    assert found("Governor removes Gardner from death penalty case") == [
        ("kim-gardner", "case_reassignment")
    ]


def test_reviewing_a_counted_number_of_convictions_is_an_exoneration() -> None:
    """ "reviews 1,000 convictions": the count's comma does not break the phrase (§E5)."""
    assert found("Larry Krasner's office reviews 1,000 convictions") == [
        ("larry-krasner", "exoneration")
    ]


def test_announcing_a_run_against_the_prosecutor_is_an_election() -> None:
    """A challenger's run against the prosecutor is an electoral milestone for both."""
    assert found("Hochman announces run against Gascón", "2023-01-20") == [
        ("george-gascon", "election"),
        ("nathan-hochman", "election"),
    ]


def test_accused_of_wrongdoing_is_the_investigation_type() -> None:
    """The prosecutor accused of lying is the prosecutor under suspicion (§D8)."""
    assert found("Kim Foxx accused of lying on disclosure forms") == [
        ("kim-foxx", "indictment_or_investigation")
    ]


def test_the_person_someone_backed_is_background() -> None:
    """ "prosecutors who backed X" identifies them; X is not the news."""
    assert [
        who
        for who, _ in found("Brooke Jenkins fires prosecutors who backed Larry Krasner in office")
    ] == ["brooke-jenkins"]


def test_a_surname_after_a_capitalised_word_is_part_of_a_noun() -> None:
    """ "Gas Price Drops Again": "Gas Price" is one noun, not Price dropping charges."""
    matcher = matcher_of([("Pamela Price", "District Attorney", "Alameda County", "CA")])
    assert _found(matcher, "Gas Price Drops As Recall Vote Nears", "", "2023-06-01") == []


def test_a_surname_after_a_lower_case_word_heads_its_clause() -> None:
    """ "court watchers say Bragg sues ...": a lower-case verb before leaves Bragg the subject."""
    matcher = matcher_of([("Alvin Bragg", "District Attorney", "New York County", "NY")])
    assert _found(matcher, "court watchers say Bragg sues landlord group", "", "2023-06-01") == [
        ("alvin-bragg", "lawsuit")
    ]


def test_a_title_set_off_by_a_comma_before_the_name_is_the_persons_own() -> None:
    """ "Philadelphia DA, Larry Krasner, ..." quotes the title as his: it names him."""
    got = MATCHER.match("Philadelphia DA, Larry Krasner, drops charges against officer", "")
    assert [(m.prosecutor_id, m.evidence[:2]) for m in got] == [
        ("larry-krasner", ("Larry Krasner", "Philadelphia DA"))
    ]


def test_an_exoneration_in_a_county_named_like_a_city_is_not_the_citys() -> None:
    """St. Louis County is not the City of St. Louis: its exonerations are not Gardner's."""
    assert found("St. Louis County judge exonerates man after 20 years", "2022-05-01") == []
    assert found("St. Louis judge exonerates man after 20 years", "2022-05-01") == [
        ("kim-gardner", "exoneration")
    ]


def test_a_conviction_a_court_says_should_be_vacated_is_an_exoneration() -> None:
    """ "ruled that the conviction should be vacated": the modal form of §E5's "vacated",
    not a lawsuit because a court ruled."""
    assert _with_summary(
        "Supreme Court ruling frees man",
        "The court ruled that the conviction should be vacated, as DA Larry Krasner's office "
        "had asked.",
        "2023-03-01",
    ) == [("larry-krasner", "exoneration")]
