"""Who acts on a prosecutor: actor dictionaries by role, as regular-expression fragments.

Event coders (PLOVER/PETRARCH) decide an event from a verb whose source and target are known
actors. These are the roles that act on elected prosecutors, from the actor lexicon of
../shared/reference/event_lexicon.md (section 4) and DESIGN.md. An actor alone is never an
event: "lawmakers" in a headline is not legislation, and a judge is not a lawsuit. Rules in
events_lexicon combine a role with a verb class.
"""

from __future__ import annotations

# Police and law-enforcement unions: they call themselves associations, federations,
# leagues and lodges far more often than unions (lexicon section 4, D3 footnote).
POLICE_UNION = (
    r"police (?:officers'? )?(?:union|unions|association|federation|guild|groups?)"
    r"|fraternal order of (?:the )?police|\bfop\b|\bpba\b|\bpoa\b|\bdsa\b|\bporac\b"
    r"|police benevolent|sergeants'? benevolent|benevolent association|protective league"
    r"|(?:peace |police |correctional )?officers'? (?:association|union)"
    r"|deputy sheriffs'?(?: association)?|sheriffs'? (?:union|association)|troopers'? association"
    r"|law enforcement (?:unions?|groups?|associations?|organizations?|pac)|coalition of police"
    r"|(?:law enforcement|police officers|police|cops)(?= (?:supports?|endorses?|backs?"
    r"|opposes?|rall(?:y|ies|ied)|protests?|spends?|funds?|donates?)\b)"
    r"|police-backed|\bcops\b|\blappl\b|\bazcops\b|\balads\b"
    r"|(?:deputies'?|sheriffs'?|cops?'?|officers'?|\w{1,4}pd) unions?|\b\w{1,4}poa\b"
)

# Bodies that legislate or impeach.
LEGISLATURE = (
    r"lawmakers?|legislat(?:ure|ors?|ive)|general assembly|(?:state )?(?:house|senate)\b"
    r"|assembly(?:man|woman|member)?|(?:state )?(?:senator|representative|rep\.|sen\.)"
    r"|(?:judiciary|oversight|select|house|senate) committee|congress\w*|gop"
)

# Courts and judges (they rule; what they rule on decides the event).
COURT = (
    r"judges?|(?<!criminal )justices?(?! (?:reform|system|department))|courts?|panel|appeals"
    r"|appellate|magistrate|ruling|rules|ruled|verdict|jury|subpoena\w*|lawsuit|appeal"
)

# Executives with power to suspend, remove or reassign.
EXECUTIVE = r"governor|gov\.|attorney general|\bag\b|executive order|mayor"

# Professional discipline of the prosecutor (bar discipline is in indictment_or_investigation).
BAR = (
    r"(?:state )?bar (?:complaint|probe|investigation|discipline|charges|association|counsel)"
    r"|disciplinary (?:counsel|hearing|board|charges|case|committee|panel|proceedings?|action)"
    r"|ethics (?:complaint|violations?|charges|probe|trial|investigation|board|panel|case)"
    r"|grievance (?:committee|commission|complaint)|disbar\w*|law license|reprimand\w*"
    r"|\bcensur\w*"
)

# Other officials whose recall, suspension or race is not the prosecutor's.
OTHER_OFFICIALS = (
    r"governor|gov\.|mayor|school board|board members?|council\w*|sheriff|senator|judge"
    r"|commissioners?|trustees?|supervisors?|assembly\w*|president|congress\w*"
)
