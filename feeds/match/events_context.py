"""What around a cue changes its meaning: discards, modality, stage, direction and ties.

PETRARCH-style coders keep a discard list beside their verb dictionary: phrases that, when
present, mean a cue's word is used in another sense ("FDA recall", "impeach the witness").
The other tables here read the cue's sentence for how far the event has gone and who acts on
whom, and break ties between types of equal score.
"""

from __future__ import annotations

from feeds.match.actors import OTHER_OFFICIALS
from feeds.match.events_lexicon import BE, CRIMINAL_CASE, OVER_REMOVAL, OWN, P, W
from feeds.models import EventType as E

# fmt: off
# The discard list: when one of these matches in a cue's sentence, that type's cues do not
# count there, except cues that name the prosecutor in their own words (slot cues).
DISCARD: dict[E, str] = {
    E.RECALL:  # product recalls, memory, recalls of other officials (§A1, §8 traps)
        r"\b(?:fda|usda|nhtsa|cpsc|pounds|products?|vehicles?|syringes?|airbags?"
        r"|recalled (?:about |nearly |more than )?[\d,]+)\b|\bi recall\b|recalls? (?:that|how"
        rf"|when)|@P recalls\b|\b(?:{OTHER_OFFICIALS})s?'?s?\W+(?:\w+\W+){{0,2}}recall"
        rf"|recall\w* (?:of |against )?(?:the )?(?:{W})?(?:{OTHER_OFFICIALS})",
    E.IMPEACHMENT:  # trial practice and other officials' impeachments (§A2 traps)
        r"impeach\w* (?:the )?(?:witness|testimony|credibility)|impeachment (?:evidence"
        r"|material)|giglio|impeach\w* (?:president|trump|biden)",
    E.INJUNCTION:  # the office obtaining an injunction against others (§C3 traps)
        rf"{OWN} (?:seeks?|sought|obtain\w*|won|wins|files? for) (?:an? )?(?:{W})?injunction",
    E.ELECTION: rf"(?:{OTHER_OFFICIALS}) (?:race|election|primary|candidate)",
    E.REMOVAL_OR_SUSPENSION:  # ousted by voters or a rival: a recall or an election (§A1, §B1)
        r"\b(?:voters|ballot|election|primary|race|runoff|polls|re-?election|challenger"
        r"|signatures)\b",
    # rulings and appeals in the office's criminal cases (§C4 traps), suits over a removal (§A3)
    E.LAWSUIT: rf"{CRIMINAL_CASE}|{OVER_REMOVAL}",
}

# Before a resignation cue, these make it a call, an opinion, a threat or a refusal: pressure
# on the prosecutor (§A4 traps), not their leaving.
NOT_DONE = (
    r"(?:call\w*|demand\w*|urg\w*|pressur\w*|push\w*|press\w*|ask\w*|want\w*|must|should"
    r"|ought|needs?|time for|refus\w*|won'?t|will not|declin\w*|rul\w* out|no plans|threat\w*"
    r"|resist\w*)\W+(?:[\w'-]+\W+){0,4}$"
)
MODAL_TYPES = frozenset({E.RESIGNATION})

# How far an event has gone, read in the sentence that decided it, furthest first (the
# stages of §1 and §A1). Two reports of one recall at different stages are two alerts.
STAGES: list[tuple[str, str]] = [
    ("result", r"voters (?:recall|oust|remov)\w*|recalled\b|survive[sd]?\b|results?\b"
               r"|conced\w*|convicted|found guilty|acquitted|sentenced"),
    ("ruling", r"judges?\b|courts?\b|justices\b|rul(?:es|ed|ing)\b|uph[oe]ld\w*|overturn\w*"),
    ("vote", r"votes?\b|voted\b|ballot|election (?:day|date|set)|polls?\b"),
    ("qualified", r"qualif\w*|fell short|falls? short|insufficient|certif\w*|verif\w*"
                  r"|validat\w*"),
    ("signatures", r"signatures?|turn(?:s|ed)? in|submit\w*"),
    ("filed", r"launch\w*|begins?|kicks? off|notice of intent\w*|clear\w* to circulate|files?"
              r"|filed|introduc\w*|opens?\b"),
    ("called", r"calls? (?:for|on)|urg\w*|demand\w*|push\w* (?:for|to)"),
]

# fmt: on
# Sagas whose steps are news of their own; other types are one event, told once.
STAGED_TYPES = frozenset(
    {
        E.RECALL,
        E.IMPEACHMENT,
        E.REMOVAL_OR_SUSPENSION,
        E.INJUNCTION,
        E.LAWSUIT,
        E.INDICTMENT_OR_INVESTIGATION,
    }
)
# fmt: off

# Who acts on whom, said in the alert beside the quoted words (never quoted as evidence).
DIRECTION: list[tuple[E, str, str]] = [
    (E.LAWSUIT, "against the prosecutor",
     rf"(?:sue[sd]?|suing|suit against|lawsuit against|v\.|vs\.?) (?:{W})?{P}|{OWN} {BE}sued\b"),
    (E.LAWSUIT, "brought by the prosecutor",
     rf"{OWN} (?:{W})?(?:sues|files|filed|petition\w*|asks|asking|appeals?|appealed)"
     rf"|{P}'s (?:{W})?(?:request|bid|attempt|motion|suit|lawsuit|appeal|petition)"),
    (E.UNION_ENDORSEMENT, "prosecutor refusing police-union money",
     r"(?:reject\w*|refus\w*|return\w*|pledg\w*|swore off|end) (?:[\w'-]+ ){0,5}"
     r"(?:police|law enforcement) unions?"),
    (E.UNION_ENDORSEMENT, "union backing the prosecutor",
     rf"(?:endors\w*|support\w*|backs?|backed) (?:{W})?{P}"
     r"(?!(?:'s)?\s+(?:challeng|opponent|rival))"),
    (E.UNION_ENDORSEMENT, "union against the prosecutor",
     rf"anti-@P|challeng\w*|oppos\w*|against {P}|accus\w*|protest\w*|demand\w*|blast\w*"
     r"|slam\w*"),
]
# fmt: on

# Ties (equal scores) go to the type listed first.
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
