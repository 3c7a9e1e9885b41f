"""Mutants that change nothing a user could see (equivalent mutants), each with the reason.

`make mutate` leaves these out of the kill rate and lists them apart, so a survivor is always a
behaviour no test checks. A mutant is named by its module, the code of the line it changes
(stripped, without an inline comment) and its description as tools/mutants.py prints it, so an
entry outlives edits elsewhere in the module. Identical lines (`return 0.0, False` six times)
are all named by one entry; "name(): code" names only those in function `name`, and where one
line has two mutants with the same description, "#2" after the description names the second.
An entry that no mutant matches any more is reported as stale: remove it, or rewrite it for the
code as it is now.

Only add a mutant here after reading it and finding no input that tells it apart; a mutant that
is merely hard to reach deserves a test.
"""

from __future__ import annotations

import ast
from collections import Counter

from tools.mutants import Mutant

_EVENTS = "feeds/match/events.py"
_MATCHER = "feeds/match/matcher.py"
_PEOPLE = "feeds/match/people.py"
_STEMS = "feeds/match/stems.py"
_OFFICES = "feeds/match/offices.py"
_VIEW = "feeds/match/view.py"
_REFS = "feeds/match/office_refs.py"
# Only compiled patterns reach anchors() (events.py compiles each part first), and a pattern
# that ends in a lone backslash, '[' or '[^' does not compile.
_INVALID = "differs only on a pattern ending in a lone backslash, '[' or '[^', which is no regex"
# Where the headline ends (view.title_end, or the quoter's title length) stands the newline
# between headline and summary, or the end of the text: no cue, mark or span starts there.
_SEPARATOR = (
    "position title_end is the headline/summary newline (or the text's end): nothing starts there"
)

EQUIVALENT: dict[tuple[str, str, str], str] = {
    (
        _EVENTS,
        "_ALWAYS = frozenset(i for i, p in enumerate(PARTS) if p.stems is None)",
        "is -> is not (negated)",
    ): "every cue alternative has a literal stem, so _ALWAYS is empty; trying all parts "
    "everywhere finds the same matches, since a part only matches where one of its stems is",
    (
        _EVENTS,
        "aside: bool = False",
        "False -> True",
    ): "the default is never used: classify always passes aside to _Found",
    (_EVENTS, "in_title = m.start() < view.title_end", "< -> <= (boundary)"): _SEPARATOR,
    (
        _EVENTS,
        "prev = (headline if in_title else best).get(etype)",
        "condition negated",
    ): "a pruning shortcut: a summary cue is only pruned less; a headline cue is pruned more only "
    "when a summary cue of its type already outscores its weight, and with the lexicon's "
    "weights that cue then wins or loses the same way",
    (
        _EVENTS,
        "if prev is not None and prev.score >= rule.cue.weight:",
        ">= -> > (boundary)",
    ): "a cue whose weight equals the best score so far cannot beat it (a score never exceeds "
    "its weight), so scoring it anyway changes nothing",
    (
        _EVENTS,
        "if headline and max(f.score for f in headline.values()) >= HEADLINE_FIRST:",
        ">= -> > (boundary)",
    ): "no headline score equals HEADLINE_FIRST (0.78): no cue weight times a binding and aside "
    "factor gives exactly 0.78",
    (
        _EVENTS,
        "for (name, rx), need in zip(_STAGES, _STAGE_NEEDS_BY, strict=True)",
        "True -> False",
    ): "both lists are built from STAGES, so they always have the same length",
    (
        _EVENTS,
        "if (need is None or not need.isdisjoint(words)) and rx.search(text, lo, hi)",
        "is -> is not (negated)",
    ): "every stage pattern has anchor words (need is never None); the mutant only skips the "
    "word prefilter, which never rules out a stage whose pattern matches",
    (
        _EVENTS,
        "return 0.0, False",
        "False -> True",
    ): "the aside flag of a zero score is never read: classify skips cues that score 0",
    (_EVENTS, "where = 1.0 if start < title_end else SUMMARY_FACTOR", "< -> <= (boundary)"): (
        _SEPARATOR
    ),
    (
        _EVENTS,
        'text.count(" ", end, p) if p >= end else text.count(" ", p + len(MARK), start)',
        ">= -> > (boundary)",
    ): "when the mark starts where the cue ends, both branches count zero spaces",
    (_EVENTS, "if start < title_end:", "< -> <= (boundary)"): _SEPARATOR,
    (_EVENTS, "in_title = [p for p in marks if p < title_end]", "< -> <= (boundary)"): _SEPARATOR,
    (
        _MATCHER,
        "self._exact = True",
        "True -> False",
    ): "_load() sets _exact before _quote() reads it",
    (
        _MATCHER,
        "if e <= s:",
        "<= -> < (boundary)",
    ): "no span is empty (people spans and cue matches have length), so e == s never comes",
    (_MATCHER, "if s < self._title_len:", "< -> <= (boundary)"): _SEPARATOR,
    (
        _PEOPLE,
        "and not ((places or before_title) and titles)",
        "and -> or",
    ): "a shortcut: with no name, misspelt name or case citation, hits come only from office "
    "mentions, which need both a place and a title, or from a place beside an exoneration "
    "(checked on the next line), so going on without them finds nothing",
    (_PEOPLE, "and all(o.start >= title_len for o in good)", ">= -> > (boundary)"): _SEPARATOR,
    (
        _PEOPLE,
        'and not (places and "exonerat" in low)',
        "and -> or",
    ): "a shortcut: with places but no exoneration word, exoneration_refs finds nothing, and "
    "without places nothing else on this path can be found, so going on changes no result",
    (
        _PEOPLE,
        "if names_other and not any(e < o.start <= e + 2 for o in by_person.get(i, ())):",
        "< -> <= (boundary)",
    ): "a name never starts where the title ends: both are whole words, a space stands between",
    (
        _REFS,
        "lo, hi = (0, title_len) if ps < title_len else sentence_of(text, ps)",
        "< -> <= (boundary)",
    ): _SEPARATOR,
    (_STEMS, 'if j < len(p) and p[j] == "^":', "< -> <= (boundary)"): _INVALID,
    (_STEMS, 'if j < len(p) and p[j] == "]":', "< -> <= (boundary)"): _INVALID,
    (_STEMS, r'if c == "\\" and i + 1 < len(alt) and alt[i + 1] in "bB":', "< -> <= (boundary)"): (
        _INVALID
    ),
    (
        _STEMS,
        r'if c == "\\" and i + 1 < len(alt) and alt[i + 1] in _CLASS_ESCAPES:',
        "< -> <= (boundary)",
    ): _INVALID,
    (
        _STEMS,
        r'if c == "\\" and i + 1 < len(alt) and alt[i + 1] not in _CLASS_ESCAPES:',
        "< -> <= (boundary)",
    ): _INVALID,
    (
        _OFFICES,
        "default_factory=dict, init=False, compare=False, repr=False",
        "False -> True",
    ): "OfficeHistory's lookup tables are derived from its offices: no caller passes them, equal "
    "offices give equal tables, and no output shows an OfficeHistory's repr",
    (_VIEW, "if s > pos:", "> -> >= (boundary)"): "the empty plain segment it adds starts where "
    "the next segment starts, and lookups take the last segment starting at a position",
    (_VIEW, "origin.append((0, 0, False))", "False -> True"): "only an empty text has this one "
    "segment, and a replaced or plain segment of length 0 maps position 0 to 0 alike",
    (
        _VIEW,
        'if merged and (s < merged[-1][1] or not gap.strip()) and "\\n" not in gap:',
        "< -> <= (boundary)",
    ): "a mention starting where the last ends leaves an empty gap, which merges them anyway",
    (_REFS, 'gap = low[pe:ts] if pe < ts else ""', "< -> <= (boundary)"): "when the place ends "
    "where the title starts, the slice low[pe:ts] is empty too",
    (_REFS, "elif ps >= te:", ">= -> > (boundary)"): "a place never starts where a title ends: "
    "both are whole words, so a space or mark stands between them",
    (
        _REFS,
        "lo, hi = (0, title_len) if cs < title_len else sentence_of(text, cs)",
        "< -> <= (boundary)",
    ): _SEPARATOR,
    (
        _REFS,
        "if not (lo <= ts < hi) or cls not in (GENERIC, case.cls):",
        "< -> <= (boundary)",
    ): "hi is where a sentence ends (the headline's newline or the '.', ';', '!' or '?' of "
    "the summary sentence): no title starts there",
    (
        _REFS,
        "if (not out or out[-1][4] != c or out[-1][2] != cs) and _CHARGE_ACT.search(",
        "!= -> == (negated)",
    ): "it only adds a second reference to a case mention already referred to, or drops one to "
    "a mention of the same case as the last: either resolves to the holder find() already has",
    (_STEMS, "_required(): return None, False", "False -> True"): "anchors() reads no start "
    "flag when an alternative has no stems: it returns (None, False) itself",
}


def code_of(line: str) -> str:
    """A source line as EQUIVALENT names it: stripped, without an inline comment."""
    return line.split("  #", 1)[0].strip()


def _functions(source: str) -> dict[int, str]:
    """Line number -> the name of the innermost function holding it."""
    spans = sorted(
        ((n.lineno, n.end_lineno or n.lineno, n.name) for n in ast.walk(ast.parse(source))
         if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)),
        key=lambda span: span[1] - span[0],
        reverse=True,
    )  # fmt: skip
    inner: dict[int, str] = {}
    for first, last, name in spans:  # widest first: inner functions overwrite
        for line in range(first, last + 1):
            inner[line] = name
    return inner


def _keys(module: str, source: str, found: list[Mutant]) -> list[list[tuple[str, str, str]]]:
    """For each mutant, the keys that can name it: plain or in its function, and numbered."""
    lines = source.splitlines()
    functions = _functions(source)
    seen: Counter[tuple[int, str]] = Counter()
    out = []
    for m in found:
        seen[m.line, m.description] += 1
        code = code_of(lines[m.line - 1]) if 0 < m.line <= len(lines) else ""
        nth = f"{m.description} #{seen[m.line, m.description]}"
        codes = [code]
        if m.line in functions:
            codes.append(f"{functions[m.line]}(): {code}")
        out.append([(module, c, d) for c in codes for d in (m.description, nth)])
    return out


def equivalents(module: str, source: str, found: list[Mutant]) -> dict[int, str]:
    """Mutant index -> why it is equivalent, for the mutants of `module` EQUIVALENT names."""
    out = {}
    for m, keys in zip(found, _keys(module, source, found), strict=True):
        reason = next((EQUIVALENT[k] for k in keys if k in EQUIVALENT), None)
        if reason is not None:
            out[m.index] = reason
    return out


def stale(module: str, source: str, found: list[Mutant]) -> list[tuple[str, str, str]]:
    """The entries for `module` that name none of its mutants."""
    named = {k for keys in _keys(module, source, found) for k in keys}
    return [k for k in EQUIVALENT if k[0] == module and k not in named]
