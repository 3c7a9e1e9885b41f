"""Prosecutor-role frames around a bare surname: what makes "Bragg" the DA, not Fort Bragg.

A surname that is also a word or a famous namesake's ("Bragg", "Price", "Gardner") is
someone else unless the sentence casts it in a prosecutor's role: as the subject of what
prosecutors do ("Bragg sues", "Gardner appeals", "Price drops charges"), as the owner of
prosecutor things ("Bragg's office", "Price recall campaign"), or as the target of what is
done to prosecutors ("recall Price", "petition to remove Gardner"). The verbs are the
event definitions' own (DESIGN.md types: lawsuit, charging_decision, recall, impeachment,
removal_or_suspension, case_reassignment); a first name, a courtesy title or a company word
next to the surname still makes it someone else (see people.py).
"""

from __future__ import annotations

import re

from feeds.match.events_lexicon import CATEGORY
from feeds.match.lexicon_names import STOPWORDS

# Right after the surname: the person acts as a prosecutor does (lawsuit, charging, courts).
SUBJECT_AFTER = re.compile(
    r"^(?:(?:,\s+(?:[\w'-]+\s+){1,5}?[\w'-]+,)?\s+(?:"
    # headline future and refusal take the bare verb: "Gardner won't charge", "Bragg to retry"
    r"(?:will\s+|won'?t\s+|will\s+not\s+|to\s+)(?:charge|prosecute|indict|retry|sue|appeal"
    r"|seek\s+(?:charges|indictment|death|life|prison|jail))\b|(?:will\s+|won'?t\s+|will\s+not\s+"
    r"|to\s+)?"
    r"(?:sues|sued|suing|charges|charging|indicts|prosecutes|files|filed|dismisses|dismissed"
    # the past tense names the person who charged, not the one charged ("Bragg charged Trump
    # with", not "King charged with assault"); "drops out" leaves a race, not a case
    r"|(?:charged|indicted|prosecuted)(?!\s+(?:with|in|on|for|over|after|by|as)\b)"
    r"|(?:drops|dropped)(?!\s+out\b)|appeals|appealed|subpoenas|subpoenaed"
    r"|declines\s+to\s+(?:charge|prosecute|seek)|seeks\s+(?:charges|indictment|death|life)"
    r"|moves\s+to\s+(?:dismiss|drop|vacate|block)|asks\s+(?:court|judge|jury|justices)"
    # charges changed or an indictment won against someone (§E4 "charged the officer with"):
    # "Bragg downgrades charges", "Willis secures indictment of"
    r"|(?:downgrades|reduces|upgrades)\s+(?:the\s+)?charges?"
    r"|(?:secures|obtains|wins)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?indictments?\s+(?:of|against)))"
    # the person speaking for the office, headline colon: "Foxx: office won't prosecute ...",
    # or "Rollins says her office will not prosecute ..."
    r"|(?::|\s+(?:says|said))\s+(?:(?:my|our|her|his|the)\s+office|office|she|he)\s+"
    r"(?:will\s+no\s+longer|won'?t|will\s+not|to)\s+(?:stop\s+)?prosecut\w*"
    # stepping aside from one of the office's cases (the case_reassignment definition)
    r"|\s+recus(?:es|ed|ing)\s+(?:herself|himself|(?:her|his|the)\s+office))\b",
    re.IGNORECASE,
)
# Right after the surname: a third-person verb, then a case or charges against someone
# ("Bragg outlines hush money case against Trump"): charges brought by the office, the
# charging_decision definition (DESIGN.md). A namesake speaking ("Gardner says charges
# against ...") is not bringing them.
BRINGS_CASE_AFTER = re.compile(
    r"^\s+(?!(?i:says|tells|wants|asks|calls|urges)\b)[A-Za-z]+s"
    r"(?:\s+[\w'-]+){0,4}?\s+(?i:case|charges?|indictment)\s+(?i:against)\b",
)
# Right after the surname: the office's own decisions, a verb of announcing or setting policy
# and then, in the same clause, what only a prosecutor's office decides ("Foxx unveils plan
# to stop charging ...", "Willis brings racketeering case against ..."): the policy_directive
# and charging_decision definitions (DESIGN.md). A legislator's verbs (introduces, proposes,
# sponsors) are not among them, nor charging that is not a crime's ("charging fees").
ACTS_AFTER = re.compile(
    r"^\s+(?:will\s+|to\s+|won'?t\s+|will\s+not\s+)?"
    r"(?i:unveil|announce|release|issue|order|direct|instruct|end|halt|stop|limit|expand"
    r"|launch|reverse|rescind|bring|reopen|offer|vow|pledge|pursue|ban|adopt|revise|scrap"
    r"|overhaul)(?:s|d|ed)?\b(?:\s+[\w'$,.-]+){0,6}?\s+"
    r"(?i:prosecut\w*|charg(?:es|ing)\b(?=(?:\s+[\w'$,.-]+){0,5}?\s+(?:" + CATEGORY + r"|against"
    r"|felon\w*|(?:her|his|the)\s+office|people|teens?|protesters|officers?|defendants))"
    r"|cases?\s+against|indictments?|death\s+penalty"
    r"|plea\s+(?:deals?|offers?|bargain\w*)|diversion|conviction\s+(?:integrity|review))\b"
)
# A legislator may unveil a plan to prosecute someone; only an office stops charging.
_PROSECUTE_ONLY = re.compile(r"\s+prosecut\w*$", re.IGNORECASE)
# Right after the surname (possessive or not): a prosecutor's office, case or removal drive.
OWNER_AFTER = re.compile(
    r"^(?:'s?)?\s+(?:office|prosecutors|prosecution|case\s+against|indictment|recall"
    r"|impeachment|removal|suspension|lawsuit|disqualification|directives?|memos?"
    r"|grand\s+jury)\b",
    re.IGNORECASE,
)
# Right before a possessive surname: a court ruling on the person's own litigation ("judge
# denies Bragg's request"): the lawsuit type's "ruling in a suit" by definition.
RULING_BEFORE = re.compile(
    r"\b(?:judge|court|justices|panel)\s+(?:\w+\s+)?(?:denies|denied|grants|granted|rejects"
    r"|rejected|tosses|tossed|dismisses|dismissed|blocks|blocked|upholds|upheld)\s+$",
    re.IGNORECASE,
)
# Right before the surname: something done to a prosecutor.
TARGET_BEFORE = re.compile(
    r"\b(?:recall(?:s|ed|ing)?(?:\s+of)?|impeach(?:es|ed|ing|ment\s+of)?|remov(?:e|es|ed|ing)"
    r"|removal\s+of|oust(?:s|ed|ing)?|suspend(?:s|ed|ing)?|disqualif(?:y|ies|ied|ying)"
    r"|reinstat(?:e|es|ed|ing)|indict(?:s|ed)?|investigat(?:e|es|ing)|prob(?:e|es|ing))"
    r"\s+(?:DA\s+|D\.A\.\s+)?$",
    re.IGNORECASE,
)

# --- Officeholder frames: what happens to anyone holding an elected office. They place a
# surname in the office's story ("Rollins resigns", "to succeed Rollins", "Price wins
# primary") but, unlike the prosecutor frames above, fit a senator or a coach as well, so a
# surname that is also a word or a famous namesake's needs one of them AND the person's
# state, place or a prosecution word in the item (people.py). The verbs are the event
# definitions' own (event_lexicon.md §A1-§A4 removal and resignation, §B1-§B3 elections and
# endorsements, §C1 lawsuits against the office).
_HEAD_AFTER = r"^(?:,\s+(?:[\w'-]+\s+){1,5}?[\w'-]+,)?\s+"
_FUTURE = (
    r"(?:will\s+|to\s+|won'?t\s+|will\s+not\s+"
    r"|(?:says|said|announces|announced)\s+(?:she|he)(?:'ll|\s+will|\s+would)\s+)?"
)
# Right after the surname, the officeholder is the subject: they leave, are put out, win,
# lose, or are sued.
OFFICE_SUBJECT_AFTER = re.compile(
    _HEAD_AFTER + _FUTURE + r"(?:"
    r"resign(?:s|ed|ing)?|step(?:s|ped|ping)?\s+down|quits?"  # §A4 resignation
    r"|announces\s+(?:her\s+|his\s+)?(?:resignation|departure)"
    r"|seek\s+(?:re-?election|(?:a\s+|another\s+)?(?:\w+\s+)?term)"  # §B1 "won't seek reelection"
    r"|(?:is\s+|was\s+)?(?:suspended|removed|ousted|recalled|impeached|reinstated"  # §A1-§A3
    r"|disqualified|sued|censured|sanctioned|disbarred|held\s+in\s+contempt)"
    r"|(?:wins?|won|loses|lost|concedes|conceded|defeats|defeated|beats|survives|survived)"
    r"|(?:re-?elected|sworn\s+in|takes\s+office|declares\s+victory)"  # §B1 results
    r"|faces\s+(?:recall|impeachment|ouster|removal|challenger|primary|lawsuit)"
    r")\b",
    re.IGNORECASE,
)
# Right before the surname, the officeholder is the object: succeeded, replaced, sued,
# endorsed or opposed.
OFFICE_TARGET_BEFORE = re.compile(
    r"\b(?:to\s+(?:succeed|replace)|succeeds?|succeeding|replaces|replacing"  # §A4
    r"|successor\s+(?:to|for)|sues|sued|suing|(?:law)?suit\s+against"  # §C1
    r"|endorses?|endorsed|endorsing|backs|backed|backing"  # §B2
    r"|defeats?|defeated|beats|unseats?|ousts|challenges?|challenging|challenger\s+to"
    r")\s+(?:DA\s+|D\.A\.\s+)?$",
    re.IGNORECASE,
)
# Right after a possessive surname: the office's succession or race, or how it is run
# (§E1-§E3 the prosecutor's own policies and decisions).
OFFICE_OWNER_AFTER = re.compile(
    r"^'s?\s+(?:successor|replacement|resignation|ouster|re-?election|campaign|challenger"
    r"|opponent|seat|term|tenure|policies|policy|handling|deputies|critics)\b",
    re.IGNORECASE,
)
# Rule rows in this module, for `make eval`'s count.
FRAMES = (
    SUBJECT_AFTER,
    BRINGS_CASE_AFTER,
    ACTS_AFTER,
    OWNER_AFTER,
    RULING_BEFORE,
    TARGET_BEFORE,
    OFFICE_SUBJECT_AFTER,
    OFFICE_TARGET_BEFORE,
    OFFICE_OWNER_AFTER,
)

# Words of prosecution itself (not of office or elections, which other officeholders share,
# nor another office's title: "county attorney race" is not Foxx's): what supports a surname
# in an officeholder frame, beside the person's own title (people.py own_title).
_PROSECUTION = re.compile(
    r"\b(?i:prosecut\w*|indict\w*|grand jury|charg(?:es|ed|ing)|cases?\s+against"
    r"|(?:won'?t|will\s+not|to|declines?\s+to)\s+charge"
    r"|convictions?|exonerat\w*|plea|sentenc\w*|police unions?)\b|\bD\.?A\.?'?s?\b"
)


def speaks_of_prosecution(text: str) -> bool:
    """Whether the item uses words of prosecution itself."""
    return _PROSECUTION.search(text) is not None


def in_role(text: str, start: int, end: int) -> bool:
    """The surname at text[start:end] fills a prosecutor's frame ("Bragg sues")."""
    after = text[end : end + 60]
    return bool(
        (
            (SUBJECT_AFTER.match(after) or BRINGS_CASE_AFTER.match(after))
            and heads_clause(text, start)
        )
        or OWNER_AFTER.match(after)
        or TARGET_BEFORE.search(text, max(0, start - 40), start)
        or (after.startswith("'s ") and RULING_BEFORE.search(text, max(0, start - 40), start))
    )


def acts_as_prosecutor(text: str, start: int, end: int, holds_office: bool) -> bool:
    """The surname at text[start:end] heads a clause of the office's own decisions.

    `holds_office`: the surname is also another officeholder's, whose plans to prosecute
    someone are not the office's decisions."""
    m = ACTS_AFTER.match(text[end : end + 90])
    if m is None or not heads_clause(text, start):
        return False
    return not (holds_office and _PROSECUTE_ONLY.search(m.group()))


def in_office_role(text: str, start: int, end: int) -> bool:
    """The surname fills an officeholder's frame ("Rollins resigns", "to succeed Rollins")."""
    after = text[end : end + 60]
    return bool(
        (OFFICE_SUBJECT_AFTER.match(after) and heads_clause(text, start))
        or OFFICE_OWNER_AFTER.match(after)
        or OFFICE_TARGET_BEFORE.search(text, max(0, start - 40), start)
    )


def heads_clause(text: str, start: int) -> bool:
    """Whether the word at `start` can be its clause's subject: nothing but punctuation, a
    function word, a possessive or lower-case words before it ("Gas Price Drops": "Gas Price"
    is one noun, not Price acting)."""
    before = text[max(0, start - 40) : start].rstrip()
    if not before or before[-1] in ":,;-|\"'(\n" or before.endswith("'s"):
        return True
    last = before.split()[-1]
    return not last[:1].isupper() or last.lower() in STOPWORDS
