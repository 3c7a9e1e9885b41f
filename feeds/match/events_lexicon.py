"""Event cues: verb classes with the prosecutor's slot, actors, weights and a discard list.

Rules run on one prosecutor's view of the item (view.py): their mentions are `@P`, background
mentions `@B`. A cue binds to the prosecutor in one of four ways, strongest first:
- slot: the pattern names @P ("recall of @P", "@P sues", "@P ... indicted");
- near: the cue is within `words` words of @P, in the same sentence;
- clause: the cue is in a sentence that names @P;
- item: the cue is anywhere in the item (an item about @P whose headline is the event).
Each cue says the weakest binding it accepts. Its weight is scaled down for looser bindings and
for the summary (the headline says what happened; the summary adds context).

Every cue rests on the event definitions (DESIGN.md, and the phrasings of
../shared/reference/event_lexicon.md, cited by section as "§A1") or on at least two different
stories in the build folds of the dev set ("dev"). `make eval` prints how many there are.
"""

from __future__ import annotations

from typing import NamedTuple

from feeds.match.actors import BAR, COURT, LEGISLATURE, OTHER_OFFICIALS, POLICE_UNION
from feeds.models import EventType as E

SLOT, NEAR, CLAUSE, ITEM = "slot", "near", "clause", "item"


class Cue(NamedTuple):
    type: E
    weight: float
    pattern: str
    bind: str = NEAR  # the weakest binding this cue accepts
    words: int = 8  # how near "near" is
    unless: str = ""  # the cue does not count when this matches in its sentence
    source: str = ""


P = "@P"
OWN = r"@P(?:'s?)?(?: office)?"  # the prosecutor or their office as a sentence's subject
W3 = r"(?:[@\w'.,-]+ ){0,3}?"  # up to three words (or the prosecutor) in between
BE = r"(?:is |was |were |has been |have been |had been |will be |would be |could be |to be |be "
BE += r"|being |gets? |got |now |also |not )*"
UNION = f"(?:{POLICE_UNION})"
COURTS = f"(?:{COURT})"

# What an office does as a practice, and the categories a policy names (§E1 wording).
_PRACTICE = r"prosecut\w*|seek\w*|charg\w*|accept\w*|pursu\w*|ask\w* for|request\w*|tak\w* (?:[@\w'-]+ )?cases"
_CATEGORY = (
    r"offenses|crimes|misdemeanors|felonies|cases|possession|low-level|quality-of-life|marijuana"
    r"|prostitution|trespassing|(?:cash )?bail|death penalty|enhancements|juveniles|children"
)

CUES: list[Cue] = [
    # --- recall (§A1): the electoral sense, aimed at the prosecutor, any stage
    Cue(
        E.RECALL,
        0.97,
        rf"recall(?:s|ing)? {W3}{P}|{P}'?s? recall(?!s\b)|{OWN} {BE}recalled",
        SLOT,
        source="§A1",
    ),
    Cue(
        E.RECALL,
        0.95,
        r"recall\w*(?! (?:that|how|when|the mandate|a warrant))",
        NEAR,
        8,
        source="§A1",
    ),
    Cue(
        E.RECALL,
        0.85,
        r"recall (?:effort|campaign|drive|petition|election|organizers|vote)",
        CLAUSE,
        source="§A1",
    ),
    Cue(
        E.RECALL,
        0.93,
        r"voters (?:[\w'-]+ )?(?:oust|remov|boot|kick)\w*",
        NEAR,
        8,
        source="§A1",
    ),
    # --- impeachment (§A2): a legislature moving to remove; contempt of the legislature
    Cue(E.IMPEACHMENT, 0.96, r"impeach\w*", NEAR, 10, source="§A2"),
    Cue(E.IMPEACHMENT, 0.9, r"articles of impeachment", CLAUSE, source="§A2"),
    Cue(
        E.IMPEACHMENT,
        0.93,
        rf"(?:{LEGISLATURE})\W+(?:[\w'.-]+\W+){{0,8}}?(?:in )?contempt",
        NEAR,
        12,
        source="§A2",
    ),
    # --- removal or suspension (§A3): someone with removal power, or a petition to remove
    Cue(
        E.REMOVAL_OR_SUSPENSION,
        0.9,
        r"suspen(?:d|ds|ded|ding|sion)\b|reinstat\w*|restor\w* (?:[@\w.'-]+ ){0,3}to office"
        r"|remov\w* (?:[@\w.'-]+ ){0,4}from office|oust(?:s|ed|er|ing)?\b|quo warranto"
        r"|removal (?:petition|suit|lawsuit|case|trial|attempt|effort|proceedings?)"
        r"|to remove\b|to oust\b",
        NEAR,
        8,
        unless=r"suspend\w* (?:[@\w'-]+ ){0,2}(?:campaign|bid|search|sentence|licen[cs]e|polic\w+)"
        r"|suspended sentence|licen[cs]e"
        r"|removed? (?:[@\w'-]+ )?(?:from|off) (?:the |a )?(?:[@\w'-]+ )?case|to federal court",
        source="§A3",
    ),
    # --- injunction (§C3): a court order that blocks, limits or compels the office
    Cue(
        E.INJUNCTION,
        0.93,
        r"injunction|enjoin\w*|restraining order|gag order|\bTRO\b"
        rf"|(?:bars?|barred|blocks?|blocked|halts?|halted) {OWN} from",
        NEAR,
        8,
        unless=r"gang injunction",
        source="§C3",
    ),
    Cue(
        E.INJUNCTION,
        0.9,
        rf"(?:blocks?|blocked|halts?|halted|strikes? down|struck down) {W3}{P}'s (?:[@\w'-]+ )?(?:directives?|polic\w+|rules?|order)",
        SLOT,
        source="§C3",
    ),
    # --- case reassignment (§C7): cases taken from the office
    Cue(
        E.CASE_REASSIGNMENT,
        0.9,
        r"disqualif\w*|recus\w*|reassign\w*"
        r"|(?:remov|dismiss|kick|pull|bar|tak)\w* (?:[@\w.'-]+ ){0,4}?(?:from|off) (?:the |a )?(?:[\w'-]+ ){0,3}?(?:case|prosecution|trial|investigation)"
        r"|strip\w* (?:[@\w'-]+ ){0,5}?cases?|(?:take|takes|taking|taken|took) over (?:the )?(?:[@\w']+ )?(?:cases?|prosecution)",
        NEAR,
        10,
        unless=r"disqualif\w* (?:the |a )?judge|judge\W+(?:\w+\W+){0,3}?(?:be )?(?:disqualified"
        r"|recus\w*)|case (?:was )?reassigned to judge",
        source="§C7",
    ),
    Cue(E.CASE_REASSIGNMENT, 0.6, r"special prosecutor", CLAUSE, source="§C7"),
    # --- lawsuit (§C1, §C2, §C4): suits against or by the prosecutor, and rulings in them
    Cue(
        E.LAWSUIT,
        0.92,
        rf"(?:sue|sues|sued|suing|lawsuit against|suit against|complaint against|petition against"
        rf"|v\.|vs\.?) (?:the )?{P}|{OWN} {BE}sued\b"
        rf"|{OWN} (?:sues|sued|files suit|filed suit|files? (?:a )?(?:[@\w'-]+ )?(?:lawsuit|suit|appeal))",
        SLOT,
        source="§C1",
    ),
    Cue(
        E.LAWSUIT,
        0.88,
        rf"(?:{COURT})\W+(?:[\w'.-]+\W+){{0,5}}?{P}'s (?:[@\w'-]+ )?(?:request|bid|attempt|motion"
        r"|suit|lawsuit|appeal|petition|challenge|effort)|"
        rf"{OWN} (?:drops?|dropped|loses?|lost|wins?|won|files?|filed|appeals?|appealed)"
        r" (?:an? |the |his |her |its )?(?:[@\w'-]+ )?(?:appeal|motion|suit|lawsuit|petition"
        r"|bid to (?:block|stop|keep|quash|halt|dismiss|overturn|force|throw out))",
        SLOT,
        source="§C4",
    ),
    # a court ruling for or against the prosecutor in litigation (§C4)
    Cue(
        E.LAWSUIT,
        0.85,
        rf"(?:rul(?:es|ed|ing)|sid(?:es|ed|ing)|decid\w*|find(?:s|ing)?|found) (?:against|for|with"
        rf"|in favor of) {W3}{P}|(?:refus|declin|den(?:y|ie))\w* to (?:quash|block|stop|halt|dismiss"
        r"|enjoin|throw out)",
        NEAR,
        10,
        source="§C4",
    ),
    Cue(
        E.LAWSUIT,
        0.85,
        r"\b(?:sue|sues|sued|suing)\b|lawsuits?|legal (?:action|challenge)|files? suit|filed suit"
        r"|court challenge|petition(?:s|ed)? (?:the )?(?:[@\w'-]+ )?court|asks? (?:the )?(?:[@\w'-]+ )?court"
        r"|writ of (?:mandate|mandamus|prohibition)",
        NEAR,
        8,
        source="§C1",
    ),
    Cue(
        E.LAWSUIT,
        0.55,
        r"appeals? court|court of appeals?|appellate|supreme court|\bruled\b|\bruling\b",
        NEAR,
        8,
        source="§C4",
    ),
    # --- indictment or investigation of the prosecutor (§D8, §D7 bar discipline, DESIGN)
    Cue(
        E.INDICTMENT_OR_INVESTIGATION,
        0.92,
        rf"(?:indict\w*|charg(?:es|ed|ing)|arrest\w*|convict\w*|sentenc\w*|investigat\w*|prob(?:e|es|ed|ing)"
        rf"|inquiry|subpoena\w*|contempt) (?:of |into |against |on |targeting )?(?:former )?{P}"
        rf"|{OWN} {BE}(?:under (?:[@\w'-]+ )?investigation|indicted|charged|arrested|convicted"
        r"|sentenced|found guilty|pleads?|pleaded|held in (?:[@\w'-]+ )?contempt|disbarred"
        r"|reprimanded|censured|subpoenaed|facing (?:[@\w'-]+ ){0,2}(?:charges|probe|investigation))"
        rf"|{OWN} (?:faces?|facing) (?:[@\w'-]+ ){{0,3}}(?:charges|indictment|investigation|probe"
        r"|contempt|discipline|disbarment|ethics|grievance|sanction|complaint)"
        rf"|{P}'s (?:[\w-]+ )?(?:perjury|corruption|criminal|federal|fraud|bribery|tax|contempt)"
        rf" (?:trial|case|charges?)|trial of {P}",
        SLOT,
        unless=r"charg(?:es|ed|ing) (?:[@\w'-]+ ){0,2}(?:with|for)\b",
        source="§D8",
    ),
    Cue(
        E.INDICTMENT_OR_INVESTIGATION,
        0.86,
        r"criminal contempt|contempt of court|in contempt",
        NEAR,
        8,
        source="§D8",
    ),
    Cue(E.INDICTMENT_OR_INVESTIGATION, 0.84, BAR, NEAR, 10, source="§D7"),
    Cue(
        E.INDICTMENT_OR_INVESTIGATION,
        0.8,
        r"(?:report|review|investigation|inquiry|audit|special prosecutor) (?:[@\w'-]+ )?"
        r"(?:finds|found|concludes|concluded|faults|faulted|clears|cleared)"
        r"|grand jury (?:subpoena|investigat)\w*",
        NEAR,
        10,
        source="§D8",
    ),
    # --- resignation (§A4): the prosecutor leaves office before the term ends
    Cue(
        E.RESIGNATION,
        0.9,
        r"\bresign(?:s|ed|ing|ation)?\b|step(?:s|ping)? down|stepped down|\bquit(?:s|ting)?\b"
        r"|leav(?:e|es|ing) (?:the |his |her )?(?:[\w']+ )?(?:office|post|job)\b"
        r"|announc\w* (?:his |her )?departure",
        NEAR,
        8,
        unless=r"end of (?:his |her |the |this )?(?:term|year)|term ends|not seek|in protest"
        r"|(?:prosecutors|staff\w*|assistants?|deputy|deputies|employees|aides?|lawyers"
        r"|attorneys) (?:[\w'-]+ )?(?:quit|resign|step|leav)",
        source="§A4",
    ),
    Cue(
        E.RESIGNATION,
        0.88,
        rf"(?:{OWN} {BE}(?:sworn in as|to become|confirmed as|nominated (?:as|to be|for)|named"
        rf"|to be named)|(?:nominat|appoint|nam|tap|pick|confirm)\w* {W3}{P},? (?:as|to be|for|to))"
        r" (?:the )?(?:next |new )?(?:u\.?s\.? attorney|united states attorney|judge|justice"
        r"|congress\w*|senator|attorney general)",
        SLOT,
        source="§A4",
    ),
    Cue(
        E.RESIGNATION,
        0.85,
        rf"(?:appoint\w*|picks?|names?|taps?|nominat\w*|chooses?|selects?) (?:[\w'.-]+ ){{0,8}}?to (?:replace|succeed) {W3}{P}"
        rf"|successor (?:to|for) {W3}{P}",
        SLOT,
        source="§A4",
    ),
    # --- union endorsement (§B2, §B3, §D1): police unions for or against the prosecutor
    Cue(
        E.UNION_ENDORSEMENT,
        0.95,
        rf"(?:{POLICE_UNION})\W+(?:[\w'.$-]+\W+){{0,8}}?(?:endors\w*|contribut\w*|donat\w*|\bpac\b"
        r"|spen[dt]\w*|fund\w*|backs?|backed|support\w*|oppos\w*|attack ads?|ads?|mailers?"
        r"|protest\w*|demand\w*|calls? (?:for|on)|resign\w*|step down|blast\w*|slam\w*|rips?|condemn\w*|no confidence"
        r"|accus\w*|battl\w*|rescind\w*|withdr\w*|pulls?|\$[\d.,]+ (?:million|thousand))",
        ITEM,
        source="§B2",
    ),
    Cue(
        E.UNION_ENDORSEMENT,
        0.88,
        r"(?:reject\w*|refus\w*|return\w*|swear\w* off|swore off|pledg\w*|end) (?:[\w'-]+ ){0,5}"
        r"(?:police|law enforcement) unions?|police union (?:money|contributions|endorsements)",
        NEAR,
        12,
        source="§B3",
    ),
    Cue(
        E.UNION_ENDORSEMENT,
        0.86,
        rf"(?:endors\w*|backs?|backed|support\w*|oppos\w*) (?:[\w'.-]+ ){{0,4}}?(?:{POLICE_UNION})",
        NEAR,
        10,
        source="§B2",
    ),
    # --- legislation (§D6): bills and laws aimed at prosecutors' powers
    Cue(
        E.LEGISLATION,
        0.92,
        r"\blegislation\b|\bbills?\b|signed into law|\b(?:hb|sb|ab|sf|hf|act) ?\d+|\bnew (?:[\w-]+ ){0,3}law\b"
        r"|\blaw (?:that|to|which|would|\w+ing\b|creat\w*|target\w*|aimed|designed)"
        r"|\b(?:sign|veto|pass|approv)\w* (?:a |the )?(?:[\w-]+ )?(?:law|bill|measure)\b"
        r"|ballot measure|measure (?:that |which )?(?:would|to)\b|proposition \d+|\bprop\.? \d+|\bstatute\b",
        CLAUSE,
        source="§D6",
    ),
    # --- election (§B1): campaigns, primaries, results, not seeking re-election
    Cue(
        E.ELECTION,
        0.86,
        rf"{OWN} (?:\w+ly )?(?:wins?|won(?!')|defeats?|defeated|beats?|beat|loses?|lost|concedes?"
        r"|conceded|trails?|trailing|leads?|clinch\w*|declares? victory|holds? off|cruises?"
        r"|trounces?|unseats?|unseated|survives?)\b"
        rf"|(?:defeat(?:s|ed|ing)?|beat(?:s|ing)?|unseat(?:s|ed|ing)?|lead(?:s|ing)?(?: over)?"
        rf"|trail(?:s|ed|ing)?|ousts?) {W3}{P}",
        SLOT,
        unless=COURTS,
        source="§B1",
    ),
    # appointment to a vacancy (§B1 subtypes)
    Cue(
        E.ELECTION,
        0.86,
        rf"(?:appoint\w*|names?|picks?|taps?|chooses?|selects?) {P},? (?:as|to)\b"
        rf"|{OWN} {BE}(?:appointed|named|picked|tapped|chosen|selected) (?:as|to)\b",
        SLOT,
        source="§B1",
    ),
    Cue(
        E.ELECTION,
        0.86,
        r"re-election|reelection|\bprimary\b|\bprimaries\b|runoff|conced\w*|general election"
        r"|\belection\b(?! (?:interference|fraud|case|subversion|probe|investigation|lies|deniers?))"
        r"|nominee|nominat\w*|challenger|running for|(?:not|won'?t|will not) run\b"
        r"|(?:not|won'?t|will not|declin\w* to) seek (?:[@\w'-]+ ){0,2}?(?:re-?election|term|office)"
        r"|\brun for|launch\w* (?:[@\w'-]+ )?(?:bid|campaign)|\bbid for|(?:second|third|fourth) term"
        r"|sworn in|take[sn]? office|took office|\w+-elect\b|transition team|votes? count"
        r"|\bvotes\b|lead over|declares? victory",
        NEAR,
        10,
        source="§B1",
    ),
    Cue(
        E.ELECTION,
        0.8,
        r"\bwins?\b|\bwon\b(?!')|defeat\w*|unseat\w*|\btrail\w*|victory|\bbeat\b",
        NEAR,
        8,
        unless=COURTS,
        source="§B1",
    ),
    Cue(
        E.ELECTION, 0.6, r"\brace\b|campaign\w*|candidates?|ballot|endors\w*", CLAUSE, source="§B1"
    ),
    # --- exoneration (§E5)
    Cue(
        E.EXONERATION,
        0.9,
        r"exonerat\w*|(?:vacat|toss|dismiss|clear|overturn)\w* (?:[@\w'-]+ ){0,4}convictions?"
        r"|convictions? (?:were )?"
        r"(?:vacated|overturned|tossed|thrown out)|overturn\w* (?:[@\w'-]+ ){0,2}convictions?"
        r"|wrongful(?:ly)? convict\w*|conviction (?:integrity|review) unit|actual innocence"
        r"|cleared of|(?:review|reinvestigat|re-examin)\w* (?:[\w'-]+ ){0,3}convictions?",
        CLAUSE,
        source="§E5",
    ),
    # --- charging decision (§E4): the office charging, dropping or declining a case
    Cue(
        E.CHARGING_DECISION,
        0.8,
        r"charges? (?:[@\w'-]+ )?(?:against|dropped|filed|brought)|dropp?(?:ed|s|ing)? (?:the |all )?"
        r"(?:[\w-]+[ -]){0,3}charges?|files? charges|filed charges|announc\w* (?:[@\w'-]+ )?charges"
        r"|charg(?:e|es|ed|ing) (?:[\w-]+ ){1,3}(?:with|for)\b|indict\w*|case against"
        r"|declin\w* to (?:charge|prosecute)|(?:will not|won'?t) (?:charge|prosecute)"
        r"|dismiss\w* (?:the |all )?charges|plea (?:deal|agreement)|\bretr(?:y|ial)\b|refile"
        r"|to face (?:[@\w'-]+ )?charges?|grand jury"
        r"|(?:seek|pursu)\w* (?:the )?death(?: penalty)? (?:against|for|in the case)",
        CLAUSE,
        source="§E4",
    ),
    Cue(
        E.CHARGING_DECISION,
        0.84,
        rf"{OWN} (?:[@\w'-]+ )?(?:charg(?:es|ed)|indicts?|indicted|will (?:now )?charge|to charge"
        r"|drops?|dropped|files?|filed|brings?|brought|declines? to charge) (?:[\w'-]+[ -]){1,4}"
        r"(?:with|for|in|against)\b",
        SLOT,
        source="§E4",
    ),
    # --- policy directive (§E1, §E2): office policy announced, changed or rolled back
    Cue(
        E.POLICY_DIRECTIVE,
        0.82,
        r"directives?|\bmemo(?:randum)?s?\b|polic(?:y|ies)|guidelines|moratorium|\bban on"
        r"|cash bail|bail reform|diversion|restorative justice|resentencing"
        r"|death[- ]penalty (?:ban|policy|decision)|(?:sentencing|gang|gun|firearm|strike) enhancements?"
        r"|(?:unveil|announc|roll\w* out|launch)\w* (?:an? |the |new |his |her )*(?:plan|program"
        r"|initiative|protocol)\b"
        r"|(?:brady|giglio|exclusion|do[- ]not[- ]call|declination) list",
        CLAUSE,
        source="§E1",
    ),
    # A standing practice ended ("will no longer prosecute"), or a whole category declined
    # ("won't prosecute low-level offenses"); one case declined is a charging decision.
    Cue(
        E.POLICY_DIRECTIVE,
        0.86,
        rf"(?:no longer|stop(?:s|ped|ping)?) (?:[@\w'-]+ )?(?:{_PRACTICE})"
        rf"|(?:declin\w*|refus\w*|won'?t|will not|not) (?:to )?(?:{_PRACTICE})"
        rf" (?:[\w'-]+ ){{0,3}}?(?:{_CATEGORY})"
        rf"|(?:{_CATEGORY}) (?:[\w']+ ){{0,5}}?(?:declin\w*|refus\w*|won'?t|will not|no longer)"
        rf" (?:to )?(?:{_PRACTICE})|refus\w* to (?:take|accept) (?:[\w-]+ ){{0,2}}cases",
        CLAUSE,
        unless=r"(?:against|for) (?:a |the )?(?:man|woman|teen|suspect|defendant|accused|gunman"
        r"|killer|[A-Z]\w+)\b",
        source="§E1",
    ),
    # A change of course alone says something changed, not what: weaker than any other cue.
    Cue(
        E.POLICY_DIRECTIVE,
        0.7,
        r"(?:rescind|walk|roll|scale)\w* back|rescinds?|reverses? course|backtrack\w*|amends?",
        NEAR,
        8,
        source="§E2",
    ),
    Cue(E.POLICY_DIRECTIVE, 0.6, r"\breforms?\b", NEAR, 6, source="§E1"),
]

# The discard list: when one of these matches in a cue's sentence, that type's cues do not
# count there, except cues that name the prosecutor in their own words (slot cues).
DISCARD: dict[E, str] = {
    E.RECALL: r"\b(?:fda|usda|nhtsa|cpsc|pounds|products?|vehicles?|syringes?|airbags?"
    r"|recalled (?:about |nearly |more than )?[\d,]+)\b|\bi recall\b|recalls? (?:that|how|when)"
    r"|@P recalls\b"  # the prosecutor remembering
    rf"|\b(?:{OTHER_OFFICIALS})s?'?s?\W+(?:\w+\W+){{0,2}}recall|recall\w* (?:of |against )?(?:the )?(?:[@\w'-]+ )?"
    rf"(?:{OTHER_OFFICIALS})",
    E.IMPEACHMENT: r"impeach\w* (?:the )?(?:witness|testimony|credibility)"
    r"|impeachment (?:evidence|material)|giglio|impeach\w* (?:president|trump|biden)",
    E.INJUNCTION: rf"{OWN} (?:seeks?|sought|obtain\w*|won|wins|files? for) (?:an? )?(?:[@\w'-]+ )?"
    r"injunction",
    E.ELECTION: rf"(?:{OTHER_OFFICIALS}) (?:race|election|primary|candidate)",
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
    (
        "result",
        r"voters (?:recall|oust|remov)\w*|recalled\b|survive[sd]?\b|results?\b|conced\w*"
        r"|convicted|found guilty|acquitted|sentenced",
    ),
    ("ruling", r"judge|court|justices|rul(?:es|ed|ing)\b|uph[oe]ld\w*|overturn\w*"),
    ("vote", r"votes?\b|voted\b|ballot|election (?:day|date|set)|polls?\b"),
    ("qualified", r"qualif\w*|fell short|falls? short|insufficient|certif\w*|verif\w*|validat\w*"),
    ("signatures", r"signatures?|turn(?:s|ed)? in|submit\w*"),
    (
        "filed",
        r"launch\w*|begins?|kicks? off|notice of intent\w*|clear\w* to circulate|files?|filed"
        r"|introduc\w*|opens?\b",
    ),
    ("called", r"calls? (?:for|on)|urg\w*|demand\w*|push\w* (?:for|to)"),
]

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

# Who acts on whom, said in the alert beside the quoted words (never quoted as evidence).
DIRECTION: list[tuple[E, str, str]] = [
    (
        E.LAWSUIT,
        rf"(?:sue[sd]?|suing|suit against|lawsuit against|v\.|vs\.?) (?:[@\w'-]+ )?{P}|{OWN} {BE}sued\b",
        "against the prosecutor",
    ),
    (
        E.LAWSUIT,
        rf"{OWN} (?:[@\w'-]+ )?(?:sues|files|filed|petition\w*|asks|asking|appeals?|appealed)"
        rf"|{P}'s (?:[@\w'-]+ )?(?:request|bid|attempt|motion|suit|lawsuit|appeal|petition)",
        "brought by the prosecutor",
    ),
    (
        E.UNION_ENDORSEMENT,
        r"(?:reject\w*|refus\w*|return\w*|pledg\w*|swore off|end) (?:[\w'-]+ ){0,5}"
        r"(?:police|law enforcement) unions?",
        "prosecutor refusing police-union money",
    ),
    (
        E.UNION_ENDORSEMENT,
        rf"(?:endors\w*|support\w*|backs?|backed) (?:[@\w'-]+ )?{P}(?!(?:'s)?\s+(?:challeng|opponent|rival))",
        "union backing the prosecutor",
    ),
    (
        E.UNION_ENDORSEMENT,
        rf"anti-@P|challeng\w*|oppos\w*|against {P}|accus\w*|protest\w*|demand\w*|blast\w*|slam\w*",
        "union against the prosecutor",
    ),
]
