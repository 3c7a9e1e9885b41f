"""Office titles: the one place that says how news names a prosecutor's (or AG's) office.

Everything that needs the title vocabulary derives it from the tables here: the people
index (titles as automaton keys), the surname-after-title patterns, the per-prosecutor
event view (a title stands for the prosecutor), and the event matcher. Title classes keep
offices apart ("Circuit Attorney" is only St. Louis; a generic "prosecutor" fits any office).
Entries are lowercase ASCII; apostrophes may be missing in news ("States Attorney").
"""

from __future__ import annotations

import re

# Title classes. A spelled-out title must fit the office's class; GENERIC fits any office.
DA, SA, CIRCUIT, COMMONWEALTH, COUNTY, AG, GENERIC = (
    "da",
    "sa",
    "circuit",
    "cwa",
    "county",
    "ag",
    "generic",
)

# Every specific class (all but GENERIC).
CLASSES = (DA, SA, CIRCUIT, COMMONWEALTH, COUNTY, AG)

PROSECUTOR_ROLE = "prosecutor"
AG_ROLE = "attorney_general"
ROLES = (PROSECUTOR_ROLE, AG_ROLE)

# title phrase -> (class, plural). Folded text is matched literally against these.
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
    "attorney general": (AG, False),
    "attorneys general": (AG, True),
    "ag": (AG, False),
    "county prosecutor": (GENERIC, False),
    "solicitor": (GENERIC, False),
    "prosecutor": (GENERIC, False),
    "top prosecutor": (GENERIC, False),
    "chief prosecutor": (GENERIC, False),
    "head prosecutor": (GENERIC, False),
    "elected prosecutor": (GENERIC, False),
    "prosecutors": (GENERIC, True),
    # A county grand jury is the office's (the labelling rule of ../shared/eval/README.md)
    "grand jury": (GENERIC, False),
}

# Short titles that only count in capitals ("DA", not Spanish "da"; "AG", not "ag" policy).
CAPS_ONLY = frozenset({"da", "das", "ag"})

# Office strings in a directory -> title class (first needle found wins).
_OFFICE_NEEDLES = (
    ("attorney general", AG),
    ("circuit attorney", CIRCUIT),
    ("commonwealth", COMMONWEALTH),
    ("state", SA),
    ("county attorney", COUNTY),
    ("prosecuting attorney", COUNTY),
    ("district attorney", DA),
)


def office_class(office: str) -> str:
    """The title class of a directory office string ("State's Attorney" -> SA)."""
    low = office.lower()
    for needle, cls in _OFFICE_NEEDLES:
        if needle in low:
            return cls
    return GENERIC


def role_of(office: str) -> str:
    """attorney_general for an attorney general's office, else prosecutor."""
    return AG_ROLE if office_class(office) == AG else PROSECUTOR_ROLE


# -- regular-expression fragments built from the same vocabulary ------------------------
# Each class as it is written in running text (apostrophe optional, any case).
_CLASS_RX = {
    DA: r"(?:criminal )?district attorney",
    SA: r"state'?s? attorney",
    CIRCUIT: r"circuit attorney",
    COMMONWEALTH: r"commonwealth'?s? attorney",
    COUNTY: r"county attorney|prosecuting attorney",
    AG: r"attorney general",
}
# The abbreviation in capitals only: "DA", "D.A." (not "da" in other languages).
DA_ABBREV_RX = r"\bD\.?A\.?(?!\w)"
# Spelled-out singular titles of local prosecutors, for "<title> <Surname>" patterns.
LOCAL_TITLES_RX = "|".join(rx for cls, rx in _CLASS_RX.items() if cls != AG)
# Title words (plural too) that show an item is about prosecution at all.
VOCAB_TITLES_RX = (
    r"district attorneys?|state'?s? attorneys?|commonwealth'?s? attorneys?"
    r"|circuit attorney|county attorney|d\.a\."
)


def class_view_rx(cls: str) -> str:
    """The pattern for the titles that name an office of class `cls` in an item's text."""
    if cls == GENERIC:
        return DA_ABBREV_RX
    if cls == DA:
        return f"{_CLASS_RX[DA]}|{DA_ABBREV_RX}"
    return _CLASS_RX[cls]


def title_pattern(cls: str) -> re.Pattern[str]:
    """A compiled title-of-class pattern that skips deputies and races ("DA race")."""
    return re.compile(
        rf"(?<!deputy )(?<!assistant )(?<!\w)(?:{class_view_rx(cls)})(?!s\b|\w)"
        r"(?!\s+(?:candidate|race|'s race))",
        re.IGNORECASE if cls != GENERIC else 0,
    )
