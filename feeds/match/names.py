"""From a directory entry to the strings news uses for the person and the office.

Only name, office, jurisdiction and state are needed; aliases add to them. Everything is
used literally (no user text ever becomes a regular expression) and length-limited.
"""

from __future__ import annotations

import re

import jellyfish

from feeds.match.lexicon_names import (
    COMMON_SURNAMES,
    GIVEN_NAMES,
    NAMESAKE_SURNAMES,
    NICKNAME_GROUPS,
)
from feeds.match.lexicon_places import (
    AMBIGUOUS_PLACES,
    CITY_GAZETTEER,
    ORDINAL_DIGITS,
    PLACE_ALIASES,
    STATE_AP,
    STATE_NAMES,
    STATES,
)
from feeds.match.text import fold

MAX_NAME = 200
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "esq", "esq."})
# Generational suffixes: "Sr." after a watched name is the father, not the prosecutor.
GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PARENS = re.compile(r"\(([^)]*)\)")
_SPLIT_PLACES = re.compile(r",|\band\b|/|&")
_PLACE_WORDS = re.compile(r"\b(counties|county|parish|borough)\b")


def clean(text: str) -> str:
    """Folded, lowercase, length-limited."""
    return fold(text)[:MAX_NAME].lower().strip(" ,.")


def first_variants(name: str) -> frozenset[str]:
    """The given name with its usual nicknames ("kim" -> kim, kimberly, kimberley)."""
    toks = clean(name).split()
    if len(toks) < 2:
        return frozenset()
    first = toks[0].rstrip(".")
    out = {first}
    for group in NICKNAME_GROUPS:
        if first in group:
            out |= group
    return frozenset(out)


def is_near_first_name(token: str, variants: frozenset[str]) -> bool:
    """A first name one letter off the person's ("diane" for diana): same initial, at least
    four letters, one edit (a transposition counts as one)."""
    if len(token) < 4 or token in variants:
        return False
    return any(
        len(v) >= 4 and v[0] == token[0] and jellyfish.damerau_levenshtein_distance(token, v) == 1
        for v in variants
    )


def is_one_letter_off(token: str, surname: str) -> bool:
    """A surname misspelt by one letter ("garner" for gardner, "krassner" for krasner): same
    initial, at least four letters, one edit (a transposition counts as one)."""
    return (
        len(token) >= 4
        and token[0] == surname[0]
        and abs(len(token) - len(surname)) <= 1
        and jellyfish.damerau_levenshtein_distance(token, surname) == 1
    )


def generation_of(name: str) -> str:
    """The generational suffix a name carries ("jr" for "Ed Roe Jr."), or ""."""
    toks = [t.rstrip(".,") for t in clean(name).split()]
    return next((t for t in toks[1:] if t in GENERATIONS), "")


def surname_keys(name: str) -> list[str]:
    """Surname forms: last word, multi-word surname, hyphen parts ("dehghani-tafti" -> tafti)."""
    toks = [t for t in clean(name).split() if t not in _SUFFIXES]
    if not toks:
        return []
    if len(toks) == 1:
        return [toks[0]]
    keys = [toks[-1]]
    if len(toks) >= 3 and toks[-2] not in GIVEN_NAMES and len(toks[-2]) > 2:
        keys.append(f"{toks[-2]} {toks[-1]}")  # "verber salazar"
    last = toks[-1]
    if "-" in last:
        parts = [p for p in last.split("-") if len(p) > 2]
        keys.append(last.replace("-", " "))
        keys.extend(parts)
    return list(dict.fromkeys(keys))


def is_weak_surname(key: str) -> bool:
    """A surname that is common, a word, a given name or a famous namesake."""
    return (
        key in COMMON_SURNAMES
        or key in NAMESAKE_SURNAMES
        or key in GIVEN_NAMES
        or len(key) <= 3
        or key in STATES
    )


def place_keys(jurisdiction: str, state: str) -> tuple[list[str], bool]:
    """Place strings for an office, and whether the office is a city (not a county) office.

    "Ninth Judicial Circuit (Orange and Osceola counties)" -> ninth judicial circuit,
    9th judicial circuit, orange county, osceola county, orange-osceola, orlando, ...
    """
    raw = clean(jurisdiction)
    code = state.strip().upper()
    whole = STATE_NAMES.get(code)
    if whole and raw in ("statewide", whole, f"state of {whole}"):
        # A statewide office (attorney general): news names the state ("Missouri AG").
        return [k for k in (whole, STATE_AP.get(code)) if k], False
    is_city = raw.startswith("city of") or raw.endswith(" city")
    inner = _PARENS.findall(raw)
    outer = _PARENS.sub(" ", raw).strip()
    keys: list[str] = []
    counties: list[str] = []
    for chunk in [outer, *inner]:
        parts = [p.strip() for p in _SPLIT_PLACES.split(chunk) if p.strip()]
        plural = "counties" in chunk
        for part in parts:
            keys.extend(_forms(part, counties, plural))
    if len(counties) == 2:
        keys.append(f"{counties[0]}-{counties[1]}")
        keys.append(f"{counties[0]} and {counties[1]}")
    for county in counties:
        keys.extend(CITY_GAZETTEER.get((county, state.upper()), ()))
    out = []
    for key in keys:
        out.append(key)
        out.extend(PLACE_ALIASES.get(key, ()))
    return [k for k in dict.fromkeys(out) if k and len(k) > 1], is_city


def _forms(part: str, counties: list[str], plural_counties: bool) -> list[str]:
    part = part.removeprefix("city of ").removesuffix(" city").strip()
    bare = _PLACE_WORDS.sub("", part).strip()
    forms = []
    if bare != part or plural_counties:  # a county: "x county", and "x" if unambiguous
        counties.append(bare)
        forms.append(f"{bare} county")
        if bare not in AMBIGUOUS_PLACES and bare not in STATES:
            forms.append(bare)
    else:
        forms.append(part)
    words = part.split()
    if words and words[0] in ORDINAL_DIGITS:
        digits = [ORDINAL_DIGITS[words[0]], *words[1:]]
        forms.append(" ".join(digits))
        if "judicial" in words:
            forms.append(" ".join(w for w in words if w != "judicial"))
            forms.append(" ".join(w for w in digits if w != "judicial"))
    return forms
