"""Headline acts of the office: the prosecutor (or their office) as the one who charges, drops,
seeks a penalty, frees, or leaves, in the grammar headlines use.

Headlines drop articles and auxiliaries, put past events in the present ("DA charges
officer"), the future in "to" + verb ("DA to seek death penalty"), and use colons and noun
phrases ("Krasner: no charges for officer"). The cues of events_lexicon read the longer forms
of news prose ("charges ... with", "charges against"); these read the short ones. Each cites
the section of ../shared/reference/event_lexicon.md whose wording it follows. `ALL_CUES` is
every cue the classifier runs.
"""

from __future__ import annotations

from feeds.match.actors import LEGISLATURE
from feeds.match.events_lexicon import CATEGORY, CLAUSE, CUES, NEAR, OWN, SLOT, WHEN, Cue, P, W
from feeds.models import EventType as E

# Whom an office charges: people, in the nouns headlines use, a number of them, or a name.
# Capitals count only past the words a title-case headline capitalises too.
_PERSON = (
    r"(?:officers?|cops?|deput(?:y|ies)|troopers?|guards?|man|men|woman|women|teens?|boys?"
    r"|girls?|juveniles?|suspects?|drivers?|mothers?|fathers?|parents?|couple|pastor|priest"
    r"|coach|doctor|nurse|landlord|rapper|actor|star|mayor|governor|president|senator"
    r"|executives?|ex-\w+|protesters?|gunman|shooter|killer|students?|employees?|people"
    r"|defendants?)\b"
)
_NOT_NAME = rf"(?:that|with|in|on|by|for|over|as|after|amid|this|his|her|its|their)\b|{WHEN}"
_WHOM = (
    rf"(?:(?:an? |the |two |three |four |five |six |seven |eight |\d+ |former |off-duty"
    rf"|[\w-]+ ){{0,3}}?{_PERSON}|(?!{_NOT_NAME})(?-i:[A-Z][a-z]+)\b)"
)
# A penalty the office asks for in one case (§E4 "will not seek death in").
_PENALTY = (
    r"(?:the )?death(?: penalty| sentence)?|(?:a )?(?:life|prison|jail|maximum|harsher|lighter"
    r"|lenient)\w*(?: (?:sentence|term|time))?|\d+ years|(?:a )?(?:new )?trial"
)
# Declining to charge or punish a whole class of people ("won't prosecute protesters", "no
# longer seek prison for shoplifters") is a policy (§E1 "decline to prosecute"); a case decision
# names whom, where or what for ("won't charge officers in shooting"). In a Title Case headline
# only the plural endings of nouns for people count, so "Won't Charge Jones" stays a case.
_CLASS_DECLINED = (
    r"(?:won'?t|will not|not to|no longer|never|stop\w*|declin\w* to|refus\w* to) (?:charg|prosecut"
    r"|seek|retry|pursu|jail|incarcerat)\w* (?:[\w-]+ ){0,3}?(?:(?-i:[a-z-]+[^s\W]s)"
    r"|[a-z-]+(?:ers|ors|ants|ents|ists|ies|les|ees))\b(?! (?:in|at"
    r"|after|over|who|accused|involved|charged|from|against|linked|tied)\b)"
)
# The prosecutor as the subject, past a comma-set aside ("Krasner, who was re-elected, charges").
ACTOR = rf"{OWN}(?:,[^,;:\n]{{1,60}},)?"
# Before the act: headline future and negation ("to seek", "won't seek", "will not charge").
_WILL = (
    r"(?:to |will |won'?t |will not |would |plans? to |moves? to |seeks? to "
    r"|decides? (?:not )?to )?"
)

# fmt: off
ACT_CUES: list[Cue] = [
    # the office charges, indicts or drops a case against someone (§E4 "charged the officer
    # with", "dropped charges", "declined to charge the officer")
    Cue(E.CHARGING_DECISION, 0.86, SLOT, 0, "§E4",
        rf"{ACTOR} (?:{W})?{_WILL}(?:charges?|charged|indicts?|indicted|(?:re-?)?charging"
        rf"|prosecutes?|prosecuted|retr(?:y|ies|ied)) {_WHOM}"
        rf"|{ACTOR} (?:{W})?{_WILL}(?:drops?|dropped|dropping|dismiss\w*|upgrad\w*|downgrad\w*"
        rf"|reduc\w*|amends?|amended|adds?|added|files?|filed|brings?|brought)"
        r" (?:the |all |new |more )?"
        r"(?:[\w-]+ ){0,2}?(?:charges?|counts?|case|indictment)\b",
        unless=r"\b(?:no longer|stops?|stopped|stopping)\b|\b(?:won'?t|will not|not to) (?:charge"
        rf"|prosecute)\w* (?:[\w-]+ ){{0,2}}?(?:{CATEGORY})\b|{_CLASS_DECLINED}"
        rf"|(?:drop|dismiss)\w* (?:[\w-]+ ){{0,4}}?(?:{CATEGORY})\b"
        r"|\b(?:hundreds|thousands|pending)\b"
        r"|as (?:an? )?adults?\b"),
    # the office seeks, or will not seek, a penalty in one case (§E4 "will not seek death in")
    Cue(E.CHARGING_DECISION, 0.84, SLOT, 0, "§E4",
        rf"{ACTOR} (?:{W})?{_WILL}(?:seek|seeks|sought|seeking|pursue\w*|ask\w* for|drops?|dropped"
        rf"|rules? out) (?:{_PENALTY}) (?:for|against|in|on)\b",
        unless=rf"\b(?:any|all|most|every)\b (?:[\w-]+ )?(?:cases?|{CATEGORY})"
        rf"|(?:for|in|on) (?:[\w-]+ )?(?:{CATEGORY})\b|{_CLASS_DECLINED}"),
    # the office seeks charges, or charges someone in the passive voice (§E4)
    Cue(E.CHARGING_DECISION, 0.84, SLOT, 0, "§E4",
        rf"{ACTOR} (?:{W})?{_WILL}(?:seek|seeks|sought|seeking|pursue\w*) (?:{W}){{0,2}}?"
        rf"(?:charges?|indictments?|counts?)\b"
        rf"|(?:charged|indicted|prosecuted) by (?:{W}){{0,3}}?{OWN}",
        unless=r"dismiss\w*|against (?:her|him|them)sel\w*|against (?:her|him)\b"),
    # headline noun phrases and participles: "Krasner: no charges for officer", "death penalty
    # sought for", "charges upgraded" (§E4)
    Cue(E.CHARGING_DECISION, 0.8, CLAUSE, 0, "§E4",
        r"\bno charges (?:for|against|in)\b|\bwon'?t face charges|charges? (?:upgraded|reduced"
        r"|downgraded|amended|refiled|reinstated)|(?:upgrad|downgrad|reduc|amend)\w* (?:the )?"
        r"charges?",
        unless=rf"(?:{CATEGORY})\b|\b(?:any|all|anyone|anybody)\b|{_CLASS_DECLINED}"
        r"|(?-i:[a-z-]+[^s\W]s) (?:won'?t|will not) face"),
    Cue(E.CHARGING_DECISION, 0.8, CLAUSE, 0, "§E4",
        r"death penalty (?:sought|off the table|dropped|ruled out) (?:for|against|in)\b",
        unless=r"\b(?:any|all|every|future)\b|\bcases\b"),

    # the office frees a person it convicted (§E5 "exonerated", "vacated"; definition:
    # exonerations and the office undoing convictions)
    Cue(E.EXONERATION, 0.88, CLAUSE, 0, "§E5",
        r"(?:freed|frees?|released|walks? free|cleared|exonerated) (?:[@\w'-]+ ){0,5}?after"
        r" (?:\d+|\w+(?:-\w+)?) (?:years|decades)|(?:years|decades) (?:in prison|behind bars"
        r"|on death row)[^.;:\n]{0,40}?(?:freed|released|free|cleared|vacat\w*|overturn\w*)"),
    Cue(E.EXONERATION, 0.86, SLOT, 0, "§E5",
        rf"{ACTOR} (?:{W})?(?:moves?|asks?|seeks?|joins?|backs?|supports?)(?: \w+)? (?:to|motion to"
        rf"|bid to|effort to) (?:free|exonerate|release|clear (?:{W}){{0,3}}?convicted)\b"
        rf"|{ACTOR} (?:{W})?{_WILL}(?:frees?|freed|freeing|exonerates?|exonerated)\b"),
    # the office conceding a conviction was wrong, or winning a release (§E5 "joint motion to
    # vacate"; definition: convictions the office concedes)
    Cue(E.EXONERATION, 0.88, NEAR, 8, "§E5",
        rf"(?:concede\w*|(?:won'?t|will not|not to|declin\w* to) oppose|agree\w*(?: to)?|joins?)"
        rf" (?:{W}){{0,2}}?(?:new trial|release|vacat\w*|exonerat\w*)"
        rf"|(?:backs?|backed|supports?|supported) (?:{W}){{0,2}}?(?:new trial|vacat\w*|exonerat\w*)"
        rf"|(?:wins?|won|secur\w*|obtain\w*) (?:the )?(?:{W})?release of|walks? free|set free"),

    # policy: what the office now lets or tells its prosecutors do (§E1, §E2 "will now seek",
    # "carve-outs", "exceptions")
    Cue(E.POLICY_DIRECTIVE, 0.84, CLAUSE, 0, "§E2",
        r"(?:allow\w*|let\w*|permit\w*|tell\w*|order\w*|instruct\w*|direct\w*) (?:his |her |its"
        r" |the )?(?:line |deputy )?(?:prosecutors|deputies|staff|attorneys) (?:to|not to)\b"
        r"|carve-?outs?|exceptions? to (?:the |his |her |its )?(?:\w+ )?(?:polic\w+|rules?"
        r"|directives?|memo)"),
    # a change of stance or a review of sentences: policy, not a single case (§E2 "walks back",
    # "clarifies policy"; §E1 "resentencing")
    Cue(E.POLICY_DIRECTIVE, 0.8, NEAR, 8, "§E2",
        rf"(?:soften|toughen|shift|chang|eas|revis|tighten|loosen)\w* (?:{W})?(?:stance|approach"
        rf"|position|rules?)\b|review\w* (?:{W}){{0,3}}?sentences\b"),
    # a whole class of people or pending cases declined or dropped (§E1 "decline to prosecute",
    # "will no longer prosecute")
    Cue(E.POLICY_DIRECTIVE, 0.86, CLAUSE, 0, "§E1",
        rf"{_CLASS_DECLINED}|(?:drops?|dropped|dropping|dismiss\w*) (?:all |pending |hundreds of "
        rf"|thousands of )+(?:[\w-]+ ){{0,3}}?(?:{CATEGORY})\b"
        rf"|(?:drops?|dropped|dropping|withdraw\w*|withdrew) (?:[\w-]+ ){{0,2}}?enhancements\b"),
    # the office reorganized (§E1 "reorganizations", "downsize/rename unit")
    Cue(E.POLICY_DIRECTIVE, 0.82, NEAR, 8, "§E1",
        r"overhaul\w*|reorganiz\w*|restructur\w*"
        rf"|(?:renam|disband|dissolv|eliminat|scrap|creat|form|launch)\w* (?:{W}){{0,3}}?(?:units?"
        r"|divisions?|bureaus?)\b"),
    # the office ends or bans a practice for a whole category (§E1 "will no longer prosecute",
    # "will not seek cash bail", E10 "will never seek death")
    Cue(E.POLICY_DIRECTIVE, 0.86, SLOT, 0, "§E1",
        rf"{ACTOR} (?:{W})?{_WILL}(?:bans?|banned|ends?|ended|ending|scraps?|scrapped|abolish\w*"
        rf"|eliminat\w*|lifts?|halts?|halted|suspends?|suspended) (?:the |all |its |his |her )?"
        rf"(?:prosecutions? (?:of|for) |charging (?:of |for )?)?(?:[\w-]+ ){{0,2}}?"
        rf"(?:{CATEGORY})\b"),
    # young people sent to adult court as a practice (§E2 "will be tried as adults")
    Cue(E.POLICY_DIRECTIVE, 0.84, NEAR, 8, "§E2",
        r"(?:tr(?:y|ies|ied|ying)|charg\w*|prosecut\w*) (?:[\w-]+ ){0,3}?as adults\b"),

    # someone removing or suspending the prosecutor, said with a subject ("Governor suspends
    # @P"; a bare "Suspended @P" only describes them) (§A3 "suspended from office")
    Cue(E.REMOVAL_OR_SUSPENSION, 0.9, SLOT, 0, "§A3",
        rf"[\w.']+ (?:removes|removed|removing|suspends|suspended|suspending) (?:{W}){{0,3}}?@P",
        unless=r"voters|ballot|recall|(?:from|off) (?:the |a )?(?:[\w'-]+ ){0,3}?case"),

    # an executive firing or replacing the prosecutor, and the fight to get the job back (§A3
    # "appointed a replacement", "interim state attorney"; definition: "removes, suspends")
    Cue(E.REMOVAL_OR_SUSPENSION, 0.9, SLOT, 0, "§A3",
        rf"[\w.']+ (?:fires|fired|boots|booted|sacks|sacked|replaces|replaced) (?:{W}){{0,3}}?@P"
        rf"|{P}'?s? (?:firing|ouster|suspension|removal)\b|(?:firing|ouster|suspension|removal)"
        rf" of (?:{W}){{0,2}}?@P",
        unless=r"voters|ballot|recall|election|(?:from|off) (?:the |a )?(?:[\w'-]+ )?case"),
    Cue(E.REMOVAL_OR_SUSPENSION, 0.9, NEAR, 8, "§A3",
        r"(?:his|her|(?:the|a) prosecutor's) job back|challeng\w* (?:to )?(?:his |her )?"
        r"(?:ouster|suspension|removal)|interim (?:state attorney|da|district attorney)"),
    # cases handed to another prosecutor (§C7 "transferred the prosecution to", "appointed
    # [another] state attorney", "special prosecutor", "reclaim cases")
    Cue(E.CASE_REASSIGNMENT, 0.88, NEAR, 10, "§C7",
        r"(?:appoint\w*|nam(?:es|ed|ing)|tap\w*|picks?|assign\w*) (?:an? |another )?(?:special"
        r"|independent|outside|new) (?:prosecutor|state attorney|district attorney|da)\b"
        rf"|(?:transfer|hand|shift|mov|send)\w* (?:{W}){{0,3}}?(?:cases?|prosecutions?)"
        rf" (?:{W}){{0,3}}?(?:to|from)\b|reclaim\w* (?:{W}){{0,2}}?cases"
        # §C7 definition: "cases ... are taken from the prosecutor"
        rf"|(?:yank|pull|strip|remov|wrest)\w* (?:{W}){{0,3}}?cases (?:away )?from\b"
        # taking is the office's own verb too ("refuses to take cases from officers"), so
        # it counts only with the prosecutor right after "from"
        rf"|(?:tak|took|mov|transfer)\w* (?:{W}){{0,3}}?cases? (?:away )?from (?:the )?@P"
        r"|cases (?:taken|stripped|pulled|yanked|removed) (?:away )?from\b"),
    # lawmakers passing or advancing a measure (§D6 "signed into law", "would strip prosecutors
    # of", "oversight commission")
    Cue(E.LEGISLATION, 0.84, NEAR, 10, "§D6",
        rf"(?:{LEGISLATURE})\W+(?:[\w'-]+\W+){{0,3}}?(?:pass|approv|advanc)\w*"
        rf"|oversight (?:commission|board)|would strip (?:{W})?(?:prosecutors|@P)"),
    # a race's milestones besides wins and losses (§B1: "any electoral milestone")
    Cue(E.ELECTION, 0.84, NEAR, 8, "§B1",
        r"\bdebat(?:e|es|ed|ing)\b|\bpolls?\b|\bpolling\b|candidate forum|fund-?rais\w*"
        r"|war chest|rais(?:es|ed) \$"),
    # elected or taking office, in headline participles (§B1 "sworn in", "took office"; the
    # definition's results): "re-elected" is the news, "first elected in 2017" is background
    Cue(E.ELECTION, 0.86, SLOT, 0, "§B1",
        rf"{OWN},? (?:is |was |gets )?(?:re-?elected|inaugurated|takes? (?:the )?oath"
        # elected to the office, not "elected in 2017" or "elected president of a group"
        r"|elected(?= as\b| (?:the )?(?:[\w.'-]+ ){0,3}?(?:@P|d\.?a\.?|district attorney"
        r"|state'?s? attorney|prosecutor|county attorney|circuit attorney)\b|\s*$|\s*[,;:|]"
        r"| over\b| in (?:a )?(?:landslide|runoff|upset)\b))\b"
        rf"|(?:voters|city|county) (?:re-?elect|return)\w* (?:{W})?{P}"),
    # leaving office, in headline words (§A4 "stepping down", "leaving office early")
    Cue(E.RESIGNATION, 0.88, SLOT, 0, "§A4",
        rf"{ACTOR} (?:{W})?{_WILL}(?:steps?|stepped|stepping) aside"
        rf"|{OWN},? (?:is |to be |now )?out as (?:the )?(?:[\w'.-]+ ){{0,3}}?(?:da|d\.a\.|attorney"
        rf"|prosecutor|@P)\b"
        rf"|{ACTOR} (?:{W})?{_WILL}(?:exits?|departs?) (?:the )?(?:office|post|job)"),
]
# fmt: on

ALL_CUES: list[Cue] = [*CUES, *ACT_CUES]
