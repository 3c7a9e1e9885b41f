"""States and a small gazetteer: how news names a prosecutor's office.

News names the city where the office is a county, circuit or parish office ("Chicago" for
Cook County) and abbreviates places ("L.A.", "SF", "Philly"). Entries are lowercase ASCII.
Office titles live in feeds/match/titles.py.
"""

from __future__ import annotations

import us

# Office titles and their classes live in titles.py; these names are re-exported for modules
# that still import them from here (not a second copy of the vocabulary).
from feeds.match.titles import (
    CIRCUIT,
    COMMONWEALTH,
    COUNTY,
    DA,
    GENERIC,
    SA,
    TITLES,
    office_class,
)

__all__ = [
    "AMBIGUOUS_PLACES",
    "CAPS_ONLY",
    "CIRCUIT",
    "CITY_GAZETTEER",
    "COMMONWEALTH",
    "COUNTY",
    "DA",
    "GENERIC",
    "ORDINAL_DIGITS",
    "PLACE_ALIASES",
    "PLACE_TITLE_FILLER",
    "SA",
    "STATES",
    "STATE_AP",
    "STATE_NAMES",
    "TITLES",
    "office_class",
]

# State names and AP-style abbreviations, from the `us` package (Sunlight Labs, BSD): one
# maintained table instead of a hand-typed one. Postal codes are left out on purpose: in
# running text "IN", "OR", "ME", "LA" and "CA" (Commonwealth's Attorney) are words or
# titles far more often than states.
# AP abbreviations that are something else in news: "Del." is a Delegate in Maryland and
# Virginia, "Ind." an independent ("Sen. King, Ind.").
_AP_NOT_A_STATE = frozenset({"del.", "ind."})


def _states() -> dict[str, str]:
    table: dict[str, str] = {}
    for st in [*us.states.STATES, us.states.DC]:
        table[st.name.lower()] = st.abbr
        ap = (st.ap_abbr or "").lower()
        if ap.endswith(".") and ap not in _AP_NOT_A_STATE:
            table[ap] = st.abbr
    table["washington, d.c."] = "DC"
    return table


STATES: dict[str, str] = _states()
STATE_NAMES = {code: name for name, code in STATES.items() if not name.endswith(".")}
STATE_NAMES["DC"] = "district of columbia"
# code -> AP abbreviation ("CA" -> "calif."), for offices that are a whole state.
STATE_AP = {code: name for name, code in STATES.items() if name.endswith(".") and "," not in name}

# Place abbreviations that only count in capitals ("LA", not Spanish "la").
CAPS_ONLY = frozenset({"la", "sf", "dc"})

# Places whose abbreviations or other names news uses.
PLACE_ALIASES: dict[str, tuple[str, ...]] = {
    "los angeles": ("l.a.", "la"),
    "san francisco": ("sf", "s.f."),
    "philadelphia": ("philly", "phila."),
    "new york county": ("manhattan",),
    "kings county": ("brooklyn",),
    "bronx county": ("the bronx", "bronx"),
    "queens county": ("queens",),
    "richmond county": ("staten island",),
    "st. louis": ("st louis", "saint louis"),
    "washington, d.c.": ("d.c.",),
}

# (county or circuit, state) -> cities news uses for the office.
CITY_GAZETTEER: dict[tuple[str, str], tuple[str, ...]] = {
    ("cook", "IL"): ("chicago",),
    ("suffolk", "MA"): ("boston",),
    ("king", "WA"): ("seattle",),
    ("orange", "FL"): ("orlando",),
    ("osceola", "FL"): ("kissimmee",),
    ("hillsborough", "FL"): ("tampa",),
    ("pinellas", "FL"): ("st. petersburg",),
    ("miami-dade", "FL"): ("miami",),
    ("duval", "FL"): ("jacksonville",),
    ("orleans", "LA"): ("new orleans",),
    ("pitt", "NC"): ("greenville",),
    ("durham", "NC"): ("durham",),
    ("mecklenburg", "NC"): ("charlotte",),
    ("fulton", "GA"): ("atlanta",),
    ("dekalb", "GA"): ("decatur",),
    ("travis", "TX"): ("austin",),
    ("bexar", "TX"): ("san antonio",),
    ("nueces", "TX"): ("corpus christi",),
    ("harris", "TX"): ("houston",),
    ("dallas", "TX"): ("dallas",),
    ("tarrant", "TX"): ("fort worth",),
    ("el paso", "TX"): ("el paso",),
    ("alameda", "CA"): ("oakland",),
    ("san joaquin", "CA"): ("stockton",),
    ("sacramento", "CA"): ("sacramento",),
    ("santa clara", "CA"): ("san jose",),
    ("maricopa", "AZ"): ("phoenix",),
    ("pima", "AZ"): ("tucson",),
    ("hennepin", "MN"): ("minneapolis",),
    ("ramsey", "MN"): ("st. paul",),
    ("milwaukee", "WI"): ("milwaukee",),
    ("dane", "WI"): ("madison",),
    ("eau claire", "WI"): ("eau claire",),
    ("wayne", "MI"): ("detroit",),
    ("cuyahoga", "OH"): ("cleveland",),
    ("hamilton", "OH"): ("cincinnati",),
    ("franklin", "OH"): ("columbus",),
    ("allegheny", "PA"): ("pittsburgh",),
    ("multnomah", "OR"): ("portland",),
    ("denver", "CO"): ("denver",),
    ("clark", "NV"): ("las vegas",),
    ("jackson", "MO"): ("kansas city",),
    ("shelby", "TN"): ("memphis",),
    ("davidson", "TN"): ("nashville",),
    ("marion", "IN"): ("indianapolis",),
    ("bernalillo", "NM"): ("albuquerque",),
    ("salt lake", "UT"): ("salt lake city",),
    ("fairfax", "VA"): ("fairfax",),
    ("loudoun", "VA"): ("leesburg",),
    ("portsmouth", "VA"): ("portsmouth",),
    ("norfolk", "VA"): ("norfolk",),
    ("washtenaw", "MI"): ("ann arbor",),
    ("jefferson", "AL"): ("birmingham", "bessemer"),
}

ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
ORDINAL_DIGITS = {
    word: f"{i}{'st' if i % 10 == 1 and i != 11 else 'nd' if i % 10 == 2 and i != 12 else 'rd' if i % 10 == 3 and i != 13 else 'th'}"  # noqa: E501
    for i, word in enumerate(ORDINALS, start=1)
}

# Words that may sit between a place and a title ("Loudoun Co. Commonwealth's Attorney").
# An acting or interim holder is the office's holder ("Brooklyn's acting DA").
PLACE_TITLE_FILLER = frozenset(
    {"county", "co.", "co", "city", "area", "parish", "borough", "the", "acting", "interim"}
)

# A bare county name that is also an ordinary word is only a place with "County" after it.
AMBIGUOUS_PLACES = frozenset(
    [
        "orange",
        "kings",
        "king",
        "cook",
        "travis",
        "jackson",
        "marion",
        "franklin",
        "hamilton",
        "clark",
        "wayne",
        "dallas",
        "fulton",
        "harris",
        "lake",
        "union",
        "madison",
        "washington",
        "jefferson",
        "lincoln",
        "monroe",
        "polk",
        "grant",
    ]
)
