"""Event cues: phrases that decide the event type, with weights.

Rules run on a per-prosecutor view of the item where every mention of that prosecutor
(name, surname, office) is replaced by the token `@P`, so a cue can say who acts on whom:
"sued @P" is a suit against the prosecutor, "@P sues" one brought by them. `NEAR(x)` means
x within a few words of @P. Weights are 0-1; the strongest cue wins, ties go to the type
listed first in PRIORITY.
"""

from __future__ import annotations

from typing import NamedTuple

from feeds.models import EventType as E

P = r"@P"


class Near(NamedTuple):
    """`cue` within `words` words of `anchor` (default: the prosecutor), either side."""

    cue: str
    words: int = 6
    anchor: str = P


def near(pattern: str, words: int = 6) -> Near:
    return Near(pattern, words)


# Police and law-enforcement unions, associations, federations (they rarely say "union").
UNION = (
    r"police (?:officers'? )?(?:union|unions|association|federation|guild)|fraternal order of"
    r" police|\bfop\b|\bpba\b|\bpoa\b|\bppl\b|police benevolent|officers'? association"
    r"|protective league|patrolmen'?s'? association|deputy sheriffs'? association"
    r"|law enforcement (?:unions?|groups?|associations?|organizations?)|sheriffs'? union"
    r"|coalition of police|azcops|cops\b|\bbppa\b|\blappl\b|\bpbpa\b|police groups?"
)
UNION_ACTION = (
    r"endors\w*|contribut\w*|donat\w*|\bpac\b|spen[dt]\w*|fund\w*|backs?|backed|support\w*"
    r"|oppos\w*|attack ad|protest\w*|accus\w*|disput\w*|battl\w*|respond\w*|condemn\w*"
    r"|blast\w*|slam\w*|reject\w*|refus\w*|pledg\w*|money|haymakers|war of words"
)

# (type, weight, regex). Regexes are case-insensitive and run on the @P view.
RULES: list[tuple[E, float, str | Near]] = [
    # recall: electoral sense only, aimed at the prosecutor
    (E.RECALL, 0.97, rf"recall(?:s|ed|ing)?\s+(?:of\s+|against\s+)?{P}|{P}(?:'s)?\s+recall"),
    (
        E.RECALL,
        0.95,
        near(r"recall(?:s|ed|ing)?\b(?!\s+(?:that|how|when|the mandate|a warrant))", 8),
    ),
    (E.IMPEACHMENT, 0.96, near(r"impeach\w*", 10)),
    (E.IMPEACHMENT, 0.9, r"articles of impeachment"),
    (
        E.REMOVAL_OR_SUSPENSION,
        0.9,
        near(
            r"suspen(?:d|ds|ded|ding|sion)\b(?!\s+(?:\w+\s+)?(?:presidential\s+)?campaign)"
            r"|reinstat\w*|restor\w*\s+(?:\w+\s+)?to\s+office|remov(?:e|ed|al)\s+(?:\w+\s+)?from\s+office"
            r"|oust(?:ed|er|ing)?\b|quo warranto|removed",
            6,
        ),
    ),
    (E.REMOVAL_OR_SUSPENSION, 0.85, r"remov\w+ from office|suspended (?:state|district) attorney"),
    # Texas and others remove prosecutors by a citizen's petition in court.
    (
        E.REMOVAL_OR_SUSPENSION,
        0.88,
        near(r"removal (?:petition|suit|lawsuit|case)|petition (?:\w+ )?to (?:remove|oust)", 8),
    ),
    (
        E.INJUNCTION,
        0.93,
        near(r"injunction|enjoin\w*|restraining order|blocks? @P'?s? (?:directives?|polic\w+)", 8),
    ),
    # A court stopping the office from enforcing something is an injunction in all but name.
    (
        E.INJUNCTION,
        0.9,
        rf"(?:bars?|barred|blocks?|blocked|halts?|halted)\s+{P}(?:'s?)?(?:\s+office)?\s+from"
        r"\s+(?:enforcing|implementing|applying|carrying out)",
    ),
    (
        E.CASE_REASSIGNMENT,
        0.9,
        near(
            r"disqualif\w*|recus\w*|reassign\w*|removed from (?:the )?case|taken off (?:the )?case"
            r"|strip\w* (?:\w+ )?(?:of )?(?:the )?cases?",
            10,
        ),
    ),
    (E.CASE_REASSIGNMENT, 0.6, r"special prosecutor"),
    (
        E.LAWSUIT,
        0.85,
        near(
            r"\b(?:sue|sues|sued|suing)\b|lawsuits?|legal actions?|files? suit|filed suit"
            r"|court challenge|petition(?:s|ed)? (?:the )?(?:\w+ )?court"
            r"|asks? (?:the )?(?:\w+ )?court"
            r"|asking the court|motion challenging",
            8,
        ),
    ),
    (
        E.LAWSUIT,
        0.92,
        rf"{P}(?:'s office)? (?:is |was |has been |being )?sued\b"
        rf"|(?:sues|sued|suing|lawsuit against|suit against|complaint against|petition against"
        rf"|v\.|vs\.?)"
        rf" (?:the )?{P}"
        rf"|{P}(?:'s office)? (?:sues|sued|files suit|filed suit|files? (?:a )?(?:\w+ )?lawsuit)",
    ),
    (E.LAWSUIT, 0.55, r"appeals? court|court of appeals?|appellate|supreme court|\bruled\b"),
    (
        E.INDICTMENT_OR_INVESTIGATION,
        0.9,
        rf"(?:indict\w*|sentenc\w*|convict\w*|charg\w*"
        rf"|investigat\w*|probe\w*|arrest\w*) (?:of |into |against )?(?:former )?{P}"
        rf"|{P}(?:'s office)? (?:is |was |has been |remains |will be )?(?:under (?:\w+ )?"
        rf"investigation|indicted|sentenced|convicted|found guilty|pleads?|pleaded|receives?"
        rf" (?:\w+[ -]){{0,3}}(?:detention|prison|probation|sentence))",
    ),
    (
        E.INDICTMENT_OR_INVESTIGATION,
        0.82,
        r"\breprimand\w*|disciplinary (?:counsel|hearing|board)"
        r"|bar complaint|ethics (?:complaint|violations?|charges|probe)|abuses? of discretion"
        r"|criminal wrongdoing|perjury|mortgage fraud|home detention|federal (?:charges|probe)"
        r"|special prosecutor (?:finds|found|report)|grand jury (?:subpoena|investigat)\w*"
        r"|\bmisled\b|disbar\w*|law license",
    ),
    (
        E.RESIGNATION,
        0.9,
        r"\bresign(?:s|ed|ing|ation)?\b|step(?:s|ping)? down|stepped down"
        r"|\bquit(?:s|ting)?\b|leaving office|will leave office|\bretir(?:e|es|ing)\b",
    ),
    (E.UNION_ENDORSEMENT, 0.9, Near(UNION_ACTION, 8, UNION)),
    (E.UNION_ENDORSEMENT, 0.86, r"law enforcement (?:supports?|endorses?|backs?)"),
    (E.UNION_ENDORSEMENT, 0.86, Near(r"endors\w*|contribut\w*", 4, r"\bunions?\b")),
    (E.UNION_ENDORSEMENT, 0.75, UNION),
    (
        E.LEGISLATION,
        0.92,
        r"\blegislation\b|\bbills?\b|lawmakers|legislat(?:ure|ors?|ive)"
        r"|signed into law|\b(?:hb|sb|ab|act) ?\d+|\bnew law\b"
        r"|law\b(?= (?:that|to|would|creat))"
        r"|prosecutor law|ballot measure|proposition \d+",
    ),
    (
        E.ELECTION,
        0.86,
        r"re-?election|\bprimary\b|\bprimaries\b|runoff|conced\w*|defeat\w*"
        r"|unseat\w*|\bwins?\b|\bwon\b|lead over|\btrail\w*|nominat\w*|third term|second term"
        r"|election results?|\belection\b|\bvotes\b|challenger|holds? off|\bbid\b",
    ),
    (E.ELECTION, 0.6, r"\brace\b|campaign\w*|candidates?|ballot|victory|endors\w*"),
    (
        E.EXONERATION,
        0.9,
        r"exonerat\w*|vacat\w* (?:\w+ ){0,4}convictions?|convictions? (?:were )?"
        r"(?:vacated|overturned|tossed|thrown out)|overturn\w* (?:\w+ ){0,2}convictions?"
        r"|wrongful(?:ly)? convict\w*|conviction (?:integrity|review) unit|actual innocence",
    ),
    (
        E.CHARGING_DECISION,
        0.8,
        r"charges? (?:\w+ )?(?:against|dropped|filed|brought)"
        r"|dropp?(?:ed|s|ing)? (?:the |all )?(?:\w+[ -]){0,3}charges?|files? charges"
        r"|filed charges|announc\w* (?:\w+ )?charges|charg(?:es|ed|ing) (?:\w+ ){0,2}(?:officers?"
        r"|cops|him|her|men|women|people|defendants?)|indict\w*|case against|declin\w* to"
        r" (?:charge|prosecute)|dismiss\w* (?:the |all )?charges|plea (?:deal|agreement)"
        r"|\bretr(?:y|ial)\b|refile|hush money|handling of",
    ),
    # The prosecutor acting on someone else: "@P charges landlord with fraud".
    (
        E.CHARGING_DECISION,
        0.8,
        rf"{P}(?:'s?)?(?: office)? (?:charg(?:es|ed)|indicts?|indicted) (?:\w+[ -]){{1,4}}"
        r"(?:with|for|in)\b",
    ),
    (
        E.POLICY_DIRECTIVE,
        0.78,
        r"directives?|\bmemo(?:randum)?s?\b|polic(?:y|ies)|\breforms?\b"
        r"|will (?:no longer|not) (?:prosecute|seek|charge)|no longer prosecute|cash bail"
        r"|diversion|day one|guidelines|seek (?:jail|prison|incarceration)"
        r"|sentencing enhancements?",
    ),
]

_OFFICIALS = (
    r"(?:governor|gov\.|mayor|school board|board members?|council\w*|sheriff|senator|judge"
    r"|commissioners?|trustees?|supervisors?|assembly\w*)"
)

# Vetoes: when one of these matches, the named type's cues do not count, except cues that
# name the prosecutor in the same phrase ("recall @P", "@P recall").
VETOES: dict[E, str] = {
    E.RECALL: r"\b(?:fda|usda|nhtsa|cpsc|pounds|products?|vehicles?|syringes?|recalled (?:about |"
    r"nearly |more than )?[\d,]+)\b|\bi recall\b"
    # a recall aimed at another office holder
    rf"|\b{_OFFICIALS}s?'?s? recall|recall\w* (?:of |against )?(?:the )?(?:\w+ )?{_OFFICIALS}",
    E.IMPEACHMENT: r"impeach\w* (?:the )?(?:witness|testimony|credibility)|impeachment (?:evidence|"
    r"material)|giglio",
    E.RESIGNATION: r"(?:call(?:s|ed|ing)? for|demand\w*|urg\w*|pressur\w*)\W+(?:\w+\W+){0,3}?"
    r"(?:resign\w*|step down)|(?:refus\w*|won'?t|will not|declin\w*) to (?:resign|step down)",
    E.INJUNCTION: rf"{P}(?:'s office)? (?:seeks?|sought|obtain\w*|won|wins|files? for) (?:an? )?"
    r"(?:\w+ )?injunction|gang injunction",
}

# Ties (equal weight) go to the type listed first.
PRIORITY: list[E] = [
    E.RECALL,
    E.IMPEACHMENT,
    E.REMOVAL_OR_SUSPENSION,
    E.INJUNCTION,
    E.INDICTMENT_OR_INVESTIGATION,
    E.RESIGNATION,
    E.CASE_REASSIGNMENT,
    E.LEGISLATION,
    E.UNION_ENDORSEMENT,
    E.LAWSUIT,
    E.EXONERATION,
    E.ELECTION,
    E.CHARGING_DECISION,
    E.POLICY_DIRECTIVE,
    E.OTHER,
]

# Direction notes added to the evidence (who acts on whom).
DIRECTION: list[tuple[E, str, str]] = [
    (
        E.LAWSUIT,
        rf"(?:sue[sd]?|suing|suit against|lawsuit against|v\.|vs\.?) (?:\w+ )?{P}"
        rf"|{P}(?:'s office)? (?:is |was |has been |being )?sued\b",
        "against the prosecutor",
    ),
    (
        E.LAWSUIT,
        rf"{P}(?:'s office)? (?:\w+ )?(?:sues|files|filed|petition\w*|asks|asking)",
        "brought by the prosecutor",
    ),
    (
        E.UNION_ENDORSEMENT,
        r"(?:reject\w*|refus\w*|pledg\w*|end) (?:\w+ ){0,4}(?:police|law enforcement)"
        r" unions?",
        "prosecutor refusing police-union money",
    ),
    (
        E.UNION_ENDORSEMENT,
        rf"(?:endors\w*|support\w*|backs?|backed) (?:\w+ )?{P}"
        r"(?!(?:'s)?\s+(?:challeng|opponent|rival))",
        "union backing the prosecutor",
    ),
    (
        E.UNION_ENDORSEMENT,
        r"anti-@P|challeng\w*|oppos\w*|against @P|accus\w*|protest\w*",
        "union against the prosecutor",
    ),
]
