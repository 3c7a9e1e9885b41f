"""Office titles, states and a small gazetteer: how news names a prosecutor's office.

News names the city where the office is a county, circuit or parish office ("Chicago" for
Cook County), abbreviates places ("L.A.", "SF", "Philly") and mixes title spellings
("State's Attorney", "States Attorney"). Entries are lowercase ASCII.
"""

from __future__ import annotations

# Title classes. "generic" titles fit any office; spelled-out titles must fit the office.
DA, SA, CIRCUIT, COMMONWEALTH, COUNTY, GENERIC = "da", "sa", "circuit", "cwa", "county", "generic"

# title phrase -> (class, plural)
TITLES: dict[str, tuple[str, bool]] = {
    "district attorney": (DA, False),
    "district attorneys": (DA, True),
    "criminal district attorney": (DA, False),
    "district attorney general": (DA, False),
    "dist. att'y": (DA, False),
    "da": (GENERIC, False),
    "d.a.": (GENERIC, False),
    "das": (GENERIC, True),
    "state attorney": (SA, False),
    "state's attorney": (SA, False),
    "states attorney": (SA, False),
    "state attorneys": (SA, True),
    "state's attorneys": (SA, True),
    "circuit attorney": (CIRCUIT, False),
    "commonwealth's attorney": (COMMONWEALTH, False),
    "commonwealth attorney": (COMMONWEALTH, False),
    "commonwealths attorney": (COMMONWEALTH, False),
    "commonwealth's attorneys": (COMMONWEALTH, True),
    "county attorney": (COUNTY, False),
    "prosecuting attorney": (COUNTY, False),
    "county prosecutor": (GENERIC, False),
    "solicitor": (GENERIC, False),
    "prosecutor": (GENERIC, False),
    "top prosecutor": (GENERIC, False),
    "chief prosecutor": (GENERIC, False),
    "head prosecutor": (GENERIC, False),
    "elected prosecutor": (GENERIC, False),
    "prosecutors": (GENERIC, True),
}

# Short titles that only count in capitals ("DA", not the Spanish or Portuguese "da").
CAPS_ONLY = frozenset({"da", "das", "la", "sf", "dc"})


def office_class(office: str) -> str:
    """The title class of a directory office string."""
    low = office.lower()
    for needle, cls in (
        ("circuit attorney", CIRCUIT),
        ("commonwealth", COMMONWEALTH),
        ("state", SA),
        ("county attorney", COUNTY),
        ("prosecuting attorney", COUNTY),
        ("district attorney", DA),
    ):
        if needle in low:
            return cls
    return GENERIC


STATES: dict[str, str] = {
    "alabama": "AL",
    "alaska": "AK",
    "arizona": "AZ",
    "arkansas": "AR",
    "california": "CA",
    "colorado": "CO",
    "connecticut": "CT",
    "delaware": "DE",
    "florida": "FL",
    "georgia": "GA",
    "hawaii": "HI",
    "idaho": "ID",
    "illinois": "IL",
    "indiana": "IN",
    "iowa": "IA",
    "kansas": "KS",
    "kentucky": "KY",
    "louisiana": "LA",
    "maine": "ME",
    "maryland": "MD",
    "massachusetts": "MA",
    "michigan": "MI",
    "minnesota": "MN",
    "mississippi": "MS",
    "missouri": "MO",
    "montana": "MT",
    "nebraska": "NE",
    "nevada": "NV",
    "new hampshire": "NH",
    "new jersey": "NJ",
    "new mexico": "NM",
    "new york": "NY",
    "north carolina": "NC",
    "north dakota": "ND",
    "ohio": "OH",
    "oklahoma": "OK",
    "oregon": "OR",
    "pennsylvania": "PA",
    "rhode island": "RI",
    "south carolina": "SC",
    "south dakota": "SD",
    "tennessee": "TN",
    "texas": "TX",
    "utah": "UT",
    "vermont": "VT",
    "virginia": "VA",
    "west virginia": "WV",
    "wisconsin": "WI",
    "wyoming": "WY",
    # AP-style abbreviations that are safe to spot.
    "calif.": "CA",
    "fla.": "FL",
    "pa.": "PA",
    "ill.": "IL",
    "mass.": "MA",
    "md.": "MD",
    "mo.": "MO",
    "ga.": "GA",
    "ariz.": "AZ",
    "wis.": "WI",
    "n.c.": "NC",
    "tenn.": "TN",
    "mich.": "MI",
    "minn.": "MN",
    "colo.": "CO",
    "ore.": "OR",
    "nev.": "NV",
    "okla.": "OK",
}
STATE_NAMES = {code: name for name, code in STATES.items() if not name.endswith(".")}

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
PLACE_TITLE_FILLER = frozenset({"county", "co.", "co", "city", "area", "parish", "borough", "the"})

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
