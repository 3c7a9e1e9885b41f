"""Famous cases that name a prosecutor's office: "the Duke prosecutor", "Greitens prosecutors".

News about a case that made a prosecutor known often names the case instead of the person
("Judge finds Duke prosecutor in contempt", "Prosecutors drop charge against Greitens"). A
case word with a prosecutor title in the same sentence is an office mention: it means whoever
held the case's office on the item's date, and only within the years the office had the case
(so a later trial run by someone else, or another "Duke", is not the prosecutor's news).

Each entry needs two or more labelled stories in the build folds of ../shared/eval (tools/eval.py)
or a fact of record, and cites its source. A case alone, without a title, is never a mention:
most news about a case is about its defendant, judge or jury.
"""

from __future__ import annotations

from dataclasses import dataclass

from feeds.match.titles import CIRCUIT, DA, SA


@dataclass(frozen=True, slots=True)
class Case:
    """A case the office had: the words news uses for it and where and when it was theirs."""

    keys: tuple[str, ...]  # lowercase ASCII, matched as whole words, capitalised in the text
    state: str
    cls: str  # the office's title class (titles.py)
    place: str  # one of the office's place keys (names.py place_keys)
    first_year: int
    last_year: int
    source: str


CASES: tuple[Case, ...] = (
    # Duke lacrosse case, Durham County DA's office 2006-07 (N.C. State Bar v. Nifong, 2007);
    # build stories: the DA's resignation (2007-06) and his contempt finding (2007-08).
    Case(("duke", "duke lacrosse"), "NC", DA, "durham county", 2006, 2007, "N.C. State Bar 2007"),
    # Freddie Gray case, Baltimore City State's Attorney 2015-16 (charges May 2015, dropped
    # July 2016); build stories: two gag-order rulings (2015-07, 2015-10).
    Case(("freddie gray",), "MD", SA, "baltimore", 2015, 2016, "State v. Goodson et al. 2015-16"),
    # Jussie Smollett case, Cook County State's Attorney 2019-20 (charges dropped March 2019;
    # special prosecutor's review 2020); build stories: 2019-03 charging, 2020-03 election,
    # 2020-08 investigation.
    Case(("smollett",), "IL", SA, "cook county", 2019, 2020, "People v. Smollett 2019"),
    # Eric Greitens case, St. Louis Circuit Attorney 2018 (charged Feb 2018, dropped May 2018)
    # and the investigation of the office's handling (to 2022); build stories: 2018-05
    # charging, 2022-04 investigation.
    Case(("greitens",), "MO", CIRCUIT, "st. louis", 2018, 2022, "State v. Greitens 2018"),
)
