"""Event cues: verb classes with the prosecutor's slot, weights and the binding they need.

Rules run on one prosecutor's view of the item (view.py): their mentions are `@P`, background
mentions `@B`. A cue binds to the prosecutor in one of four ways, strongest first:
- SLOT: the pattern names @P ("recall of @P", "@P sues", "@P ... indicted");
- NEAR: the cue is within `words` words of @P, in the same sentence;
- CLAUSE: the cue is in a sentence that names @P (or in a headline whose summary names them);
- ITEM: the cue is anywhere in the item.
Each cue says the weakest binding it accepts; looser bindings and the summary weigh less.

Every cue rests on the event definitions: DESIGN.md and the phrasings of
../shared/reference/event_lexicon.md, cited by section ("§A1"). `tools/rule_audit.py` shows
which build-fold stories each alternative decides; `make eval` prints how many cues there are.
"""

from __future__ import annotations

from typing import NamedTuple

from feeds.match.actors import BAR, COURT, LEGISLATURE, POLICE_UNION
from feeds.match.titles import DA_ABBREV_RX, LOCAL_TITLES_RX
from feeds.models import EventType as E

SLOT, NEAR, CLAUSE, ITEM = "slot", "near", "clause", "item"


class Cue(NamedTuple):
    type: E
    weight: float
    bind: str  # the weakest binding this cue accepts
    words: int  # how many words away still counts as near (0: the usual 8)
    source: str  # the event definition it rests on
    pattern: str
    unless: str = ""  # the cue does not count when this matches in its sentence


P = "@P"
OWN = r"@P(?:'s?)?(?: office)?"  # the prosecutor or their office as a sentence's subject
W = r"[@\w'.,-]+ "  # one word, or the prosecutor
W3 = rf"(?:{W}){{0,3}}?"  # up to three of them in between
BE = (
    r"(?:is |was |were |has been |have been |had been |will be |would be |could be |to be |be "
    r"|being |gets? |got |now |also |not )*"
)
COURTS = f"(?:{COURT})"
# A court stopping a rule of the office (§C3): the verbs, the rules, and the passive forms.
HALT = r"blocks?|blocked|halts?|halted|strikes? down|struck down|stays|stayed|freez(?:es|ing)|froze"
RULE = r"directives?|polic(?:y|ies)|rules?|orders?|memos?"
HALTED = (
    r"blocked|halted|struck down|stayed|frozen|(?:put )?on hold|enjoined"
    r"|suspended by (?:a |the )?(?:[\w'.-]+ )?(?:judge|court)"
)
UNION = f"(?:{POLICE_UNION})"
# A local prosecutor's title ("district attorney", "state's attorney", "DA").
LOCAL_TITLES = f"{LOCAL_TITLES_RX}|{DA_ABBREV_RX}"
# Words of time or manner after a verb, never its object: "charged Thursday with", "charges
# ahead with".
WHEN = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|again|ahead|forward"
    r"|federally|formally|officially)\b"
)
# What an office does as a practice, and the categories a policy names (§E1).
PRACTICE = (
    rf"prosecut\w*|seek\w*|charg\w*|accept\w*|pursu\w*|ask\w* for|request\w*|tak\w* (?:{W})?cases"
)
CATEGORY = (
    r"offenses|crimes|misdemeanors|felonies|cases|possession|low-level|quality-of-life|marijuana"
    r"|prostitution|trespassing|(?:cash )?bail|death penalty|enhancements|juveniles|children"
    r"|kids|minors"
    r"|(?:retail |petty )?thefts?|shoplifting|drug use|traffic (?:stops|offenses)|loitering"
    r"|fare (?:evasion|beating)|jaywalking|panhandling|resisting arrest|sex work|abortions?"
    r"|abortion-related|immigration\w*"
)
# A criminal case the office brings: its motions and appeals are not lawsuits (§C2, §C4 traps).
CRIMINAL_CASE = (
    r"\b(?:convictions?|sentenc\w*|defendants?|murder|manslaughter|verdict|jury|plea"
    r"|acquit\w*|retrial|bail)\b"
)
# A suit over the prosecutor's suspension or removal is that removal's next stage, not a
# lawsuit of its own (§A3; the Warren and Worrell suits, dev004-dev007, are labelled so).
OVER_REMOVAL = r"\bsuspen(?:d|ded|sion)\b|\breinstat\w*|\bouster\b|\bremoval from office\b"
# What an office concedes in a case (an error, a person's innocence) is not a race conceded.
CONCEDED_NOT = r" (?:that|errors?|mistakes?|(?:a |the )?(?:man|woman|defendant)\b|[\w-]+'s)"
# Another post a prosecutor leaves office for (§A4).
OTHER_POST = (
    r"(?:the )?(?:next |new )?(?:u\.?s\.? attorney|united states attorney|judge|justice"
    r"|congress\w*|senator|attorney general)"
)
# The union's act: endorsing, paying, opposing, protesting, demanding (§B2, §B3, §D1).
UNION_ACT = (
    r"endors\w*|contribut\w*|donat\w*|\bpac\b|spen[dt]\w*|fund\w*|backs?|backed|support\w*"
    r"|oppos\w*|attack ads?|ads?|mailers?|protest\w*|demand\w*|calls? (?:for|on)|resign\w*"
    r"|step down|blast\w*|slam\w*|rips?|condemn\w*|no confidence|accus\w*|battl\w*|rescind\w*"
    r"|withdr\w*|pulls?|\$[\d.,]+ (?:million|thousand)|(?:pour|pump)\w* (?:\$|money|cash)"
    r"|target\w*|fight\w*|bankroll\w*|picks?|picked|recruit\w*|money\b|cash\b|wallets?"
    r"|(?:must|has to|needs to) go\b|(?:lin(?:e|es|ed|ing) up|throw\w*|threw|stand\w*|stood)"
    r" (?:firmly |squarely |(?:its|their) (?:full )?weight )?behind"
    r"|denounc\w*|lobb(?:y|ies|ied|ying)\b|billboards?|ad campaign|attack\w*|criticiz\w*"
    r"|lash\w* out|soft on crime|cop hater|pro-criminal|calls @P|rall(?:y|ies|ied)\b"
    r"|complaints?|(?:lin(?:e|es|ed|ing) up|unit\w*|rall\w*|mobiliz\w*|campaign\w*) against"
    # a removal wanted, not yet done: "FOP wants the DA gone" (§D1 calls to resign)
    r"|wants? (?:[\w@'.-]+ ){0,3}?(?:gone|out|removed|ousted|fired)\b"
)

# fmt: off
CUES: list[Cue] = [
    # --- recall (§A1): the electoral sense, aimed at the prosecutor, at any stage
    Cue(E.RECALL, 0.97, SLOT, 0, "§A1",
        rf"recall(?:s|ing)? {W3}{P}|{P}'?s? recall(?!s\b)|{OWN} {BE}recalled"),
    Cue(E.RECALL, 0.95, NEAR, 8, "§A1", r"recall\w*(?! (?:that|how|when|the mandate|a warrant))"),
    Cue(E.RECALL, 0.93, NEAR, 8, "§A1", rf"voters (?:{W})?(?:oust|remov|boot|kick)\w*"),
    Cue(E.RECALL, 0.93, NEAR, 8, "§A1",  # an ouster put to the voters is a recall
        r"(?:oust|remov)\w* [^.;\n]*?(?:ballot|signatures|special election)"
        r"|(?:ballot|signatures|special election)[^.;\n]*?(?:oust|remov)\w*"),
    Cue(E.RECALL, 0.85, CLAUSE, 0, "§A1",
        r"recall (?:effort|campaign|drive|petition|election|organizers|vote)"),

    # --- impeachment (§A2): a legislature moving to remove; contempt of the legislature
    Cue(E.IMPEACHMENT, 0.96, NEAR, 10, "§A2", r"impeach\w*"),
    Cue(E.IMPEACHMENT, 0.93, NEAR, 12, "§A2",
        rf"(?:{LEGISLATURE})\W+(?:[\w'.-]+\W+){{0,8}}?(?:in )?contempt"),
    Cue(E.IMPEACHMENT, 0.9, CLAUSE, 0, "§A2", r"articles of impeachment"),
    # lawmakers subpoenaing the office: §A2 "subpoena to the DA's office (a common precursor)"
    Cue(E.IMPEACHMENT, 0.93, SLOT, 0, "§A2",
        rf"(?:{LEGISLATURE})\W+(?:[\w'.-]+\W+){{0,3}}?subpoena\w* {W3}{P}"),

    # --- removal or suspension (§A3): someone with removal power, or a petition to remove
    Cue(E.REMOVAL_OR_SUSPENSION, 0.9, NEAR, 8, "§A3",
        rf"suspen(?:d|ds|ded|ding|sion)\b|reinstat\w*|restor\w* (?:{W}){{0,3}}to office"
        rf"|remov\w* (?:{W}){{0,4}}from office\b|oust(?:s|ed|er|ing)?\b|quo warranto"
        r"|removal (?:petition|suit|lawsuit|case|trial|attempt|effort|proceedings?)"
        r"|to remove\b|to oust\b",
        unless=rf"suspend\w* (?:{W}){{0,2}}(?:campaign|bid|search|sentence|licen[cs]e|polic\w+)"
        rf"|suspended sentence|licen[cs]e|remov\w* (?:{W})?(?:from|off) (?:the |a )?(?:{W})?case"
        r"|to federal court"),

    # --- injunction (§C3): a court order that blocks, limits or compels the office
    Cue(E.INJUNCTION, 0.93, NEAR, 8, "§C3",
        r"injunction|enjoin\w*|restraining order|gag order|\bTRO\b"
        rf"|(?:bars?|barred|blocks?|blocked|halts?|halted) {OWN} from",
        unless=r"gang injunction"),
    # the office's rule stopped, active or passive ("judge blocks Gascón policy", "court stays
    # Krasner's directive", "Gascón's policy blocked by judge"): §C3 "judge blocks", "court
    # halts", "struck down the directive", "stayed"
    Cue(E.INJUNCTION, 0.9, SLOT, 0, "§C3",
        rf"(?:{HALT}) {W3}{P}(?:'s)? (?:{W})?(?:{RULE})"
        rf"|(?:puts?|putting|placed?) {W3}{P}(?:'s)? (?:{W})?(?:{RULE}) on hold"
        rf"|{P}'s (?:{W}){{0,3}}?(?:{RULE}) (?:[\w'-]+ ){{0,4}}?{BE}(?:{HALTED})"
        # passive, not the rule acting ("policy blocked prosecutors from ...")
        r"(?= by\b|\s*$|\s*[,;:|]| (?:again|in court|on appeal|for now|temporarily|after|amid"
        r"|pending)\b)"),
    Cue(E.INJUNCTION, 0.88, SLOT, 0, "§C3",  # a court compelling the office (§C3, §C6)
        rf"(?:judges?|courts?|justices|panel)\W+(?:\w+\W+){{0,3}}?(?:orders?|ordered|requires?"
        rf"|required|compels?|compelled|tells?|told|directs?|directed) {W3}{OWN} to"
        rf"|{OWN} {BE}(?:ordered|required|compelled) by"
        rf" (?:a |the )?(?:{W})?(?:judge|court)|{OWN} must (?:follow|plead|prove|comply|obey)"
        # the office stopped or ordered, headline passive (§C3 "enjoined from", "compels"):
        # "Gascón blocked from dropping ...", "Krasner ordered to turn over ..."; barred from a
        # case is a reassignment (§C7)
        rf"|{OWN} {BE}(?:blocked|barred|prohibited|restrained) from (?!(?:prosecuting|handling"
        r"|trying|pursuing|the|a|this)\b)\w+ing\b"
        rf"|{OWN} {BE}(?:ordered|compelled) to\b"
        # a court saying what the office must or cannot do (§C3 "must plead and prove", §C6
        # "cannot decline to prosecute"): "Appeals court: Gascón must seek enhancements"
        rf"|{COURTS}\W+(?:[\w'.-]+\W+){{0,4}}?{OWN},? (?:(?:he|she|it|they) )?(?:must|can'?t"
        r"|cannot|may not|has to|have to)\b(?! be\b)"
        rf"|{COURTS}\W+(?:[\w'.-]+\W+){{0,3}}?(?:limits?|limited|curbs?|curbed|restricts?"
        rf"|restricted) {W3}{P}'s (?:{W})?(?:powers?|authority|ability|discretion)"),
    Cue(E.INJUNCTION, 0.88, CLAUSE, 0, "§C3",  # "judge blocks", "court halts"
        r"(?:judges?|courts?|justices|panel)\W+(?:[\w'-]+,?\s+){0,5}?(?:blocks?|blocked|halts?|halted"
        r"|bars?|barred|strikes? down|struck down)\b"),

    # --- case reassignment (§C7): cases taken from the office
    Cue(E.CASE_REASSIGNMENT, 0.9, NEAR, 10, "§C7",
        r"disqualif\w*|recus\w*|reassign\w*"
        rf"|(?:remov|dismiss|kick|pull|bar|tak)\w* (?:{W}){{0,4}}?(?:from|off) (?:the |a )?"
        rf"(?:{W}){{0,3}}?(?:case|prosecution|trial|investigation)"
        rf"|strip\w* (?:{W}){{0,5}}?cases?|(?:take|takes|taking|taken|took) over (?:the )?"
        rf"(?:{W})?(?:cases?|prosecution)|assum\w* (?:{W})?jurisdiction|concurrent jurisdiction",
        unless=r"disqualif\w* (?:the |a )?judge|judge\W+(?:\w+\W+){0,3}?(?:be )?"
        r"(?:disqualified|recus\w*)|case (?:was )?reassigned to judge"),
    Cue(E.CASE_REASSIGNMENT, 0.6, CLAUSE, 0, "§C7", r"special prosecutor"),

    # --- lawsuit (§C1, §C2, §C4): suits against or by the prosecutor, and rulings in them
    Cue(E.LAWSUIT, 0.92, SLOT, 0, "§C1",
        r"(?:sue|sues|sued|suing|lawsuit against|suit against|complaint against|petition against"
        rf"|v\.|vs\.?) (?:the )?{P}|{OWN} {BE}sued\b"
        rf"|{OWN} (?:sues|sued|files suit|filed suit|files? (?:a )?(?:{W})?"
        r"(?:lawsuit|suit|appeal))",
        # "X vs. Y" between candidates is a race, not a case caption (§B1)
        unless=r"\bvs?\.? [^.;\n]*\b(?:race|debate|election|primary|runoff|polls?|candidates?)\b"
        rf"|{OVER_REMOVAL}|(?:ethics|bar|grievance|disciplinary|misconduct) complaint"),
    Cue(E.LAWSUIT, 0.88, SLOT, 0, "§C4",
        rf"{COURTS}\W+(?:[\w'.-]+\W+){{0,5}}?{P}'s (?:{W})?(?:request|bid|attempt|motion|suit"
        r"|lawsuit|appeal|petition|challenge|effort)"
        rf"|{OWN} (?:drops?|dropped|loses?|lost|wins?|won|files?|filed|appeals?|appealed)"
        rf" (?:an? |the |his |her |its )?(?:{W})?(?:appeal|motion|suit|lawsuit|petition"
        r"|bid to (?:block|stop|keep|quash|halt|dismiss|overturn|force|throw out))",
        # nominating petitions put a candidate on the ballot (§B1), they sue no one
        unless=rf"{CRIMINAL_CASE}|{OVER_REMOVAL}|\bballot\b|re-?election|candidacy|nominating"),
    # the office's rule upheld, affirmed or revived in a suit (§C4 "upholds", "affirmed")
    Cue(E.LAWSUIT, 0.88, SLOT, 0, "§C4",
        rf"{P}'s (?:{W}){{0,3}}?(?:{RULE}) (?:[\w'-]+ ){{0,3}}?{BE}(?:upheld|affirmed|revived)\b"
        rf"|(?:upholds?|upheld|affirms?|affirmed|revives?|revived) {W3}{P}(?:'s)? (?:{W})?"
        rf"(?:{RULE})"),
    # a court on the limits of the office's power (§C4 "overstepped his authority", "lacks the
    # power/authority"), whatever case it came up in
    Cue(E.LAWSUIT, 0.88, SLOT, 0, "§C4",
        rf"{COURTS}\W+(?:[\w'.-]+\W+){{0,4}}?{OWN},? (?:(?:he|she|it) )?(?:overst\w+|exceed\w*"
        r"|lacks?|lacked|has no|had no)\b"),
    Cue(E.LAWSUIT, 0.85, NEAR, 10, "§C4",
        r"(?:rul(?:es|ed|ing)|sid(?:es|ed|ing)|decid\w*|find(?:s|ing)?|found) (?:against|for"
        rf"|with|in favor of) {W3}{P}|(?:refus|declin|den(?:y|ie))\w* to (?:quash|block|stop"
        r"|halt|dismiss|enjoin|throw out)"),
    Cue(E.LAWSUIT, 0.85, NEAR, 8, "§C1",
        r"\b(?:sue|sues|sued|suing)\b|lawsuits?|legal (?:action|challenge)|files? suit|filed suit"
        r"|\bsuits? (?:over|against|by|challenging|seeking|filed)\b"
        rf"|court challenge|petition(?:s|ed)? (?:the )?(?:{W})?court|asks? (?:the )?(?:{W})?court"
        r"|writ of (?:mandate|mandamus|prohibition)"),
    Cue(E.LAWSUIT, 0.55, NEAR, 8, "§C4",
        r"appeals? court|court of appeals?|appellate|supreme court|\bruled\b|\bruling\b"),

    # --- indictment or investigation of the prosecutor (§D8, §D7 bar discipline, DESIGN)
    Cue(E.INDICTMENT_OR_INVESTIGATION, 0.92, SLOT, 0, "§D8",
        r"(?:indict\w*|charg(?:es|ed|ing)|arrest\w*|convict\w*|sentenc\w*|investigat\w*"
        r"|prob(?:e|es|ed|ing)|inquiry|subpoena\w*|contempt"
        # a court or the bar punishing the prosecutor (§D7 bar discipline, sanctions)
        r"|disciplin(?:es|ed|ing)|sanction(?:s|ed|ing)|fines|fined|reprimand(?:s|ed|ing)"
        r"|censur(?:es|ed|ing)|admonish(?:es|ed|ing)) (?:of |into |against |on "
        rf"|targeting )?(?:former )?{P}"
        rf"|{OWN} {BE}(?:under (?:{W})?investigation|indicted|charged|arrested|convicted|accused of"
        r"|sentenced|found guilty|pleads?|pleaded|held in (?:\w+ )?contempt|disbarred"
        r"|reprimanded|censured|subpoenaed)"
        rf"|{OWN} (?:faces?|facing) (?:{W}){{0,3}}(?:charges|indictment|investigation|probe"
        r"|contempt|discipline|disbarment|ethics|grievance|sanction|complaint)"
        rf"|{P}'s (?:[\w-]+ )?(?:perjury|corruption|criminal|federal|fraud|bribery|tax|contempt)"
        rf" (?:trial|case|charges?)|trial of {P}"
        rf"|(?:search\w*|raid\w*) (?:the )?(?:{W}){{0,2}}?(?:offices?|homes?) (?:of )?{P}"
        rf"|(?:search\w*|raid\w*) {P}'s (?:office|home)"
        rf"|{OWN} {BE}(?:cleared|faulted|exonerated) by (?:a |the )?(?:{W}){{0,2}}?(?:special"
        r" prosecutor|investigat\w*|inquiry|probe|report|review|grand jury|bar|panel)",
        unless=rf"charg(?:es|ed|ing) (?!{WHEN})(?:{W}){{0,2}}(?:with|for)\b"),
    Cue(E.INDICTMENT_OR_INVESTIGATION, 0.86, NEAR, 8, "§D8",
        r"criminal contempt|contempt of court|in contempt"),
    Cue(E.INDICTMENT_OR_INVESTIGATION, 0.84, NEAR, 10, "§D7", BAR),
    Cue(E.INDICTMENT_OR_INVESTIGATION, 0.8, NEAR, 10, "§D8",
        rf"(?:report|review|investigation|inquiry|audit|special prosecutor) (?:{W})?"
        r"(?:finds|found|concludes|concluded|faults|faulted|clears|cleared)"
        # an oversight body looking at the prosecutor's conduct (§D8 probes)
        r"|(?:inspector general|watchdog|ethics (?:office|commission|board|committee)|oversight"
        r" (?:board|commission|committee|panel)) (?:[\w'-]+ ){0,2}?(?:reviews?|reviewing"
        r"|probes?|probing|investigat\w*|examin\w*|looks? into|faults?|report\w*)"
        r"|grand jury (?:subpoena|investigat)\w*"),

    # --- resignation (§A4): the prosecutor leaves office before the term ends
    Cue(E.RESIGNATION, 0.9, NEAR, 8, "§A4",
        r"\bresign(?:s|ed|ing|ation)?\b|step(?:s|ping)? down|stepped down|\bquit(?:s|ting)?\b"
        # the office's own title in between is marked @P: "leaves the DA's office"
        r"|leav(?:e|es|ing) (?:the |his |her )?(?:@P'?s? )?(?:[\w']+ )?(?:office|post|job)\b"
        r"|announc\w* (?:his |her )?departure",
        unless=r"end of (?:his |her |the |this )?(?:term|year)|term ends|not seek|in protest"
        r"|(?:prosecutors|staff\w*|assistants?|deputy|deputies|employees|aides?|lawyers"
        r"|attorneys) (?:[\w'-]+ )?(?:quit|resign|step|leav)"),
    Cue(E.RESIGNATION, 0.88, SLOT, 0, "§A4",
        rf"(?:{OWN} {BE}(?:sworn in as|to become|confirmed as|nominated (?:as|to be|for)|named"
        rf"|to be named)|(?:nominat|appoint|nam|tap|pick|confirm)\w* {W3}{P},? (?:as|to be|for"
        rf"|to)) {OTHER_POST}"),
    Cue(E.RESIGNATION, 0.85, SLOT, 0, "§A4",
        r"(?:appoint\w*|picks?|names?|taps?|nominat\w*|chooses?|selects?) (?:[\w'.-]+ ){0,8}?"
        rf"to (?:replace|succeed) {W3}{P}|successor (?:to|for) {W3}{P}"),

    # --- union endorsement (§B2, §B3, §D1): police unions for or against the prosecutor
    Cue(E.UNION_ENDORSEMENT, 0.95, ITEM, 0, "§B2",
        rf"{UNION}\W+(?:[\w'.$-]+\W+){{0,8}}?(?:{UNION_ACT})"),
    Cue(E.UNION_ENDORSEMENT, 0.88, NEAR, 12, "§B3",
        r"(?:reject\w*|refus\w*|return\w*|swear\w* off|swore off|pledg\w*|end) (?:[\w'-]+ ){0,5}"
        r"(?:police|law enforcement) (?:unions?|money|cash|donations|contributions|endorsements)"
        r"|police union (?:money|cash|donations|contributions|endorsements)"
        r"|(?:won'?t|will not|not|no longer|refus\w* to) (?:take|accept)\w* "
        r"(?:[\w'-]+ ){0,4}(?:police|law enforcement)"),
    Cue(E.UNION_ENDORSEMENT, 0.86, NEAR, 10, "§B2",
        rf"(?:endors\w*|backs?|backed|support\w*|oppos\w*) (?:[\w'.-]+ ){{0,4}}?{UNION}"),
    # the union's public attacks seen from the prosecutor's side: a feud with it, or the
    # prosecutor answering it (§D1 public attacks, "most vocal opponents")
    Cue(E.UNION_ENDORSEMENT, 0.8, NEAR, 10, "§D1",
        r"(?:dispute|feud|clash\w*|spar\w*|battl\w*|war of words|fight\w*|rift|tensions?"
        rf"|standoff) (?:with|between) (?:[\w'.@-]+ ){{0,4}}?{UNION}"
        r"|(?:says|said|blast\w*|slam\w*|rips?|ripped|criticiz\w*|accus\w*|denounc\w*"
        rf"|condemn\w*|(?:fires?|fired|hits?|strikes?|struck) back at|responds? to) "
        rf"(?:[\w'.-]+ ){{0,3}}?{UNION}"),

    # --- legislation (§D6): bills, measures and laws on prosecutors' powers
    Cue(E.LEGISLATION, 0.92, CLAUSE, 0, "§D6",
        r"\blegislation\b|\bbills?\b|signed into law|\b(?:hb|sb|ab|sf|hf|act) ?\d+"
        r"|\bnew (?:[\w-]+ ){0,3}law\b|\blaw (?:that|to|which|would|\w+ing\b|creat\w*|target\w*"
        r"|lets|allows|gives|empowers|requires|bars|forces|strips"
        r"|aimed|designed)|\b(?:sign|veto|pass|approv)\w* (?:a |the )?(?:[\w-]+ )?"
        r"(?:law|bill|measure)\b|ballot measure|measure (?:that |which )?(?:would|to)\b"
        r"|proposition \d+|\bprop\.? \d+|\bstatute\b"),

    # --- election (§B1): campaigns, results, appointments to a vacancy, not running again
    Cue(E.ELECTION, 0.86, SLOT, 0, "§B1",
        rf"{OWN} (?:\w+ly )?(?:wins?|won(?!')|defeats?|defeated|beats?|beat"
        # losing staff, money or a motion is not losing a race
        r"|(?:loses?|lost)(?! (?:more |\d+ |its |her |his |the |an? |top |key )?(?:prosecutors"
        r"|staff\w*|attorneys|lawyers|cases?|fund\w*|budget|members|employees|deputies|appeal"
        r"|motion|bid to|challenge|lawsuit|suit)\b)"
        rf"|conce(?:des?|ded)\b(?!{CONCEDED_NOT})|trails?|trailing"
        r"|leads?(?! to\b| (?:the )?(?:way|charge|efforts?|push|fight)\b)"
        r"|clinch\w*|declares? victory"
        r"|holds? off"
        r"|cruises?|trounces?|unseats?|unseated|survives?|edges?|edged|routs?|routed|bests?"
        r"|bested|fends? off|fended off|falls? to|fell to)\b"
        # the passive of a defeat: "Gascón trounced by Hochman"
        rf"|{OWN} (?:\w+ly )?(?:defeated|trounced|routed|beaten|crushed|bested|edged out) by\b"
        r"|(?:defeat(?:s|ed|ing)?|beat(?:s|ing)?|unseat(?:s|ed|ing)?|lead(?:s|ing)?(?: over)?"
        rf"|trail(?:s|ed|ing)?|ousts?) {W3}{P}",
        unless=COURTS),
    Cue(E.ELECTION, 0.86, SLOT, 0, "§B1",
        rf"(?:appoint\w*|names?|picks?|taps?|chooses?|selects?) {P},? (?:as|to)\b"
        rf"|{OWN} {BE}(?:appointed|named|picked|tapped|chosen|selected) (?:as|to)\b"
        # the post named right after the verb, which is the prosecutor's own office (then
        # marked @P itself): "X appointed San Francisco DA by the mayor"
        rf"|{OWN} {BE}(?:appointed|named|picked|tapped|chosen|selected) (?:[\w.'-]+ ){{0,3}}?"
        rf"(?:@P|{LOCAL_TITLES})\b"),
    Cue(E.ELECTION, 0.86, NEAR, 10, "§B1",
        rf"re-election|reelection|\bprimary\b|\bprimaries\b|runoff|conced(?:es|ed|ing|e)\b(?!{CONCEDED_NOT})"
        r"|general election|renominat\w*|comeback bid|\bmounts? (?:a |her |his )?(?:\w+ )?bid"
        # the electorate choosing: "voters back X", "voters to decide between X and Y"
        r"|\bvoters (?:to )?(?:back|backed|choose|chose|pick|picked|decide|decided|elect|elected"
        r"|reject|rejected|weigh|head to the polls)\b"
        r"|\belection\b(?! (?:interference|fraud|case|subversion|probe|investigation|lies"
        r"|deniers?))|nominee|nominat\w*|challenger|running for|(?:not|won'?t|will not) run\b"
        rf"|(?:not|won'?t|will not|declin\w* to) seek (?:{W}){{0,2}}?(?:re-?election|term|office)"
        rf"|\brun for|launch\w* (?:{W})?(?:bid|campaign)|\bbid for|(?:second|third|fourth) term"
        r"|\brun against|announc\w* (?:a |her |his )?(?:run|bid|candidacy)\b"
        r"|sworn in|take[sn]? office|took office|\w+-elect\b|transition team|\bvotes\b"
        r"|lead over|declares? victory"),
    Cue(E.ELECTION, 0.8, NEAR, 8, "§B1",
        r"\bwins?\b|\bwon\b(?!')|defeat\w*|unseat\w*|\btrail\w*|victory|\bbeat\b",
        unless=COURTS),
    Cue(E.ELECTION, 0.6, CLAUSE, 0, "§B1", r"\brace\b|campaign\w*|candidates?|ballot|endors\w*"),

    # --- exoneration (§E5): convictions the office reviews, vacates or concedes
    Cue(E.EXONERATION, 0.9, CLAUSE, 0, "§E5",
        rf"exonerat\w*|(?:vacat|toss|dismiss|clear|overturn|throw\w* out|threw out)\w*"
        rf" (?:{W}){{0,4}}convictions?|clear\w* (?:{W}){{0,3}}?convicted\b"
        r"|wrong(?:ful)?(?:ly)? (?:convict|imprison|jail|incarcerat)\w*"
        r"|conviction (?:integrity|review) unit|conviction reviews?\b|actual innocence"
        r"|cleared of|(?:review|reinvestigat|re-examin)\w* (?:[\w'.,-]+ ){0,3}convictions?"
        # the conviction named before what was done to it: "conviction of man in 1999
        # killing thrown out"; "joint motion to vacate", "set aside" (§E5 news wording)
        rf"|convictions? (?:(?:of|for|in) (?:[\w'-]+ ){{0,5}}?)?(?:should |must |could |would "
        rf"|will |may )?{BE}(?:vacated|overturned|tossed|thrown out|set aside)|motion to vacate"),
    # someone convicted walking free, or the office saying they are innocent (§E5)
    Cue(E.EXONERATION, 0.85, CLAUSE, 0, "§E5",
        r"(?:fre(?:e|es|ed|eing)|releas\w*) (?:a |the )?(?:[\w'-]+ )?(?:man|woman|men|women"
        r"|inmates?|prisoners?)(?: who was)? (?:convicted|imprisoned|sentenced|jailed)"
        r"|(?:fre(?:e|es|ed|eing)|releas\w*|walks? free)\b[^.;\n]{0,30}? after (?:\d+|decades"
        r"|[a-z]+) (?:years|decades) (?:in prison|behind bars|on death row)"
        r"|(?:is|was|are|were|be) innocent\b|innocence claim"),

    # --- charging decision (§E4): the office charging, dropping or declining a case
    Cue(E.CHARGING_DECISION, 0.84, SLOT, 0, "§E4",
        rf"{OWN} (?:{W})?(?:charg(?:es|ed)|indicts?|indicted|will (?:now )?charge|to charge"
        rf"|drops?|dropped|files?|filed|brings?|brought|declines? to charge) (?!{WHEN})"
        r"(?:[\w'-]+[ -]){1,4}"
        r"(?:with|for|in|against|over)\b",
        unless=r"enhancements|\b(?:pending|all) cases\b"),
    Cue(E.CHARGING_DECISION, 0.8, CLAUSE, 0, "§E4",
        rf"charges? (?:{W})?(?:against|dropped|filed|brought)|dropp?(?:ed|s|ing)? (?:the |all )?"
        rf"(?:[\w-]+[ -]){{0,3}}charges?|files? charges|filed charges|announc\w* (?:{W})?charges"
        rf"|charg(?:e|es|ed|ing) (?!{WHEN})(?:[\w-]+ ){{1,3}}(?:with|for)\b|indict\w*|case against"
        r"|declin\w* to (?:charge|prosecute)|(?:will not|won'?t) (?:charge|prosecute)"
        r"|dismiss\w* (?:the |all )?charges|plea (?:deal|agreement)|\bretr(?:y|ial)\b|refile"
        rf"|(?:to|will|would|could|may|won'?t) face (?:{W})?charges?"
        r"|charges? (?:could|may|will|would|might) (?:come|be filed|be brought)"
        rf"|offer\w* (?:{W})?(?:plea )?deal|grand jury"
        r"|(?:seek|pursu)\w* (?:the )?death(?: penalty)? (?:against|for|in the case)"),

    # --- policy directive (§E1, §E2): an office policy announced, changed or rolled back
    Cue(E.POLICY_DIRECTIVE, 0.87, CLAUSE, 0, "§E1",  # a practice ended, a category declined
        rf"(?:no longer|stop(?:s|ped|ping)?) (?:{W})?(?:{PRACTICE})"
        rf"|(?:declin\w*|refus\w*|won'?t|will not|not) (?:to )?(?:{PRACTICE})"
        rf" (?:[\w'-]+ ){{0,3}}?(?:{CATEGORY})"
        rf"|(?:{CATEGORY}) (?:[\w']+ ){{0,5}}?(?:declin\w*|refus\w*|won'?t|will not|no longer)"
        rf" (?:to )?(?:{PRACTICE})|refus\w* to (?:take|accept) (?:[\w-]+ ){{0,2}}cases"
        rf"|no (?:more )?prosecutions? (?:for|of) (?:[\w'-]+ ){{0,3}}?(?:{CATEGORY})"
        rf"|(?:resum\w*|restor\w*|will now|now to) (?:{PRACTICE})"
        rf" (?:[\w'-]+ ){{0,3}}?(?:{CATEGORY})"
        # the office forbidding its own staff a practice; a practice's manner changed
        rf"|\bbans? (?:his |her |the |its )?(?:office's )?(?:prosecutors|staff|deputies"
        rf"|attorneys) from (?:{PRACTICE})"
        r"|chang\w* (?:how|the way) (?:[\w'-]+ ){0,4}?(?:are |is )?(?:charged|prosecuted"
        r"|sentenced|handled)",
        # one case's defendant, however described ("against cop killer suspect"), is a
        # charging decision, not a practice
        unless=r"(?:against|for) (?:a |the )?(?:[\w'-]+ ){0,2}?(?:man|woman|teen|suspect"
        r"|defendant|accused|gunman|killer|shooter|(?-i:[A-Z]\w+))\b"),
    Cue(E.POLICY_DIRECTIVE, 0.82, CLAUSE, 0, "§E1",
        r"directives?|\bmemo(?:randum)?s?\b|polic(?:y|ies)|guidelines|moratorium|\bban on"
        r"|cash bail|bail reform|diversion|restorative justice|resentenc\w*"
        r"|death[- ]penalty (?:ban|policy|decision)"
        r"|(?:sentencing|gang|gun|firearm|strike) enhancements?"
        r"|(?:unveil|announc|roll\w* out|launch|creat|form|issu)\w* (?:an? |the |new |his |her"
        r" |sweeping |major )*(?:plan|program|initiative|protocol|changes|rules|unit|division"
        r"|task force)\b|\bnew rules\b"
        r"|(?:brady|giglio|exclusion|do[- ]not[- ]call|declination) list"),
    # a change of course alone says something changed, not what: weaker than any other cue
    Cue(E.POLICY_DIRECTIVE, 0.7, NEAR, 8, "§E2",
        r"(?:rescind|walk|roll|scale)\w* back|rescinds?|reverses? course|backtrack\w*|amends?"),
    Cue(E.POLICY_DIRECTIVE, 0.6, NEAR, 6, "§E1", r"\breforms?\b"),
]
# fmt: on
