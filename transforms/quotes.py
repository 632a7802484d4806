"""Direct quotations and their speakers, found with rules over plain text.

The core is pure: ``extract_quotes(body, people)`` takes an article body and the PERSON mentions the NER
stage found in it, (canonical name, start, end), and returns ``Quote`` values whose offsets index into the
body. No parser runs here (spaCy NER already takes most of the time budget): quote marks are paired with a
linear scan and speakers are read off the reporting cue next to each quote.

1. Marks. Each quote mark is classified from its glyph and its neighbours: opening, closing, either, or
   an apostrophe. In British text a closing single quote and an apostrophe are the same character, so
   ``’`` between letters or before a year is an apostrophe, and ``s’`` before a space closes a quote only
   when no better closing mark follows. Sites mix up “ and ”, type " for both, or write '' (NYT): context
   wins over the glyph when it is unambiguous.
2. Quotations. Marks are paired per paragraph with a small stack per family (double, single, guillemets);
   only outermost pairs are quotes. An opener left at the end of a paragraph continues into the next
   paragraph when that one is reopened with the same family (the convention for long quotes); otherwise it
   is kept only when it plainly starts a quotation (after a colon or a cue), up to the paragraph end (or,
   in an over-long paragraph, the last sentence end within ``MAX_UNCLOSED_CHARS``), so an unbalanced mark
   never swallows the rest of the article.
3. Speakers. The words right after a quote ('…,” he said', '…,” said Mr. Garin, a pollster') and the
   sentence before it ('Ms. Ruiz told reporters: “…”', 'According to X, “…”', '…, saying “…”') are searched
   for a cue and its subject. ``speaker_mention`` keeps the words as written (a pronoun stays a pronoun);
   ``speaker`` is the canonical PERSON name under the mention, the person a pronoun refers to, or none.
   Quotes without a cue of their own take the speaker of the quote they continue (split quotes, later
   sentences and paragraphs of the same speech), of a paragraph ending in 'she continued:', or of a
   credit line ('- Jane Roe').
4. Filters. Titles, nicknames and scare quotes are not quotations: a short title-cased or partial quote
   is kept only when a reporting cue touches it ('called it “a disgrace”'), and 'so-called …', a quoted
   phrase used as a noun ('“Top secret” is …') or a subhead in single quotes is dropped.

All context windows are bounded (``_WINDOW`` characters, ``_MAX_QUOTES_BACK`` quotes), so the cost grows
linearly with the text, whatever its marks.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Quote", "extract_quotes", "is_reporting_verb", "paragraph_spans", "sentence_starts"]


@dataclass(frozen=True, slots=True)
class Quote:
    text: str  # without the quote marks
    start: int  # offsets of the quoted text in body (body[start:end] == text)
    end: int
    speaker: str | None  # canonical person name, or None when unknown
    speaker_mention: str | None  # words as written near the quote ("he", "the spokesman", "Mr. Ekovich")
    cue: str | None  # reporting verb as written ("said", "told", "according to")
    quote_type: str  # "full" | "partial" | "scare" (a phrase in quote marks that nobody is reported to say)
    paragraph: int  # 0-based paragraph index (paragraphs split on blank lines or newlines)
    confidence: float  # 0..1
    mention_start: int | None = None  # offsets of speaker_mention in body
    mention_end: int | None = None
    # what the mention stands for: itself, or the antecedent of a relative pronoun ('Mike Lee, who said')
    referent_start: int | None = None
    referent_end: int | None = None
    inherited: bool = False  # the attribution was carried over from another quote
    speaker_type: str | None = None  # person | organisation | unnamed (set by transforms.speakers)
    speaker_resolution: str | None = None  # how speaker was found (set by transforms.speakers)


# ----------------------------------------------------------------------------- lexicons
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Reporting verbs by base form; inflections are generated below. "read" covers "the statement read".
_CUE_BASES = (
    "say tell add insist argue warn write tweet ask reply respond explain note continue declare conclude "
    "recall state claim admit acknowledge announce complain joke shout chant yell post remark observe answer "
    "suggest predict promise vow caution concede contend counter retort quip muse boast confirm deny "
    "emphasize emphasise stress assert allege maintain mention report reiterate repeat testify whisper "
    "exclaim scream cry sigh grumble mutter lament agree disagree recount urge plead pledge proclaim advise "
    "opine thunder fume snap scoff marvel wonder speculate estimate describe call dub label brand deem "
    "text email message quote cite read go shoot fire interject interrupt chime recount reason "
    "caution recollect reflect rail blast charge accuse tout praise gush crow hail threaten "
    "demand question query inquire enquire groan scold chide rant tease laugh press remember boom cut "
    "offer volunteer summarize summarise sum testify concur retweet assure exhort react disclose put point sing "
    "mock affirm"
)
_IRREGULAR = {
    "say": ("said",), "tell": ("told",), "write": ("wrote", "written"), "read": ("read",),
    "go": ("went", "gone"), "shoot": ("shot",), "cry": ("cried",), "cut": ("cut", "cuts", "cutting"),
    "sum": ("summed",), "put": ("put", "puts", "putting"), "sing": ("sang", "sung"),
}
# verbs whose bare forms are too ambiguous without a following particle ("went on", "shot back")
_NEEDS_PARTICLE = {"go": "on", "shoot": "back", "fire": "back", "chime": "in", "cut": "in", "sum": "up",
                   "put": "it", "point": "out"}
_NO_INVERSION = {"tell", "call", "dub", "label", "brand", "deem", "describe", "quote", "cite", "accuse",
                 "praise", "blast", "urge"}  # "..., told X" is not an attribution


def _inflect(base: str) -> set[str]:
    forms = {base}
    if base.endswith("y") and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    elif base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing"}
    elif re.fullmatch(r".*[^aeiou][aeiou][ptgbm]", base) and base not in {"counter", "answer", "wonder",
                                                                          "fume", "report", "text"}:
        forms |= {base + "s", base + base[-1] + "ed", base + base[-1] + "ing"}
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {base + "es", base + "ed", base + "ing"}
    else:
        forms |= {base + "s", base + "ed", base + "ing"}
    forms |= set(_IRREGULAR.get(base, ()))
    return forms


_CUE_FORM: dict[str, str] = {}  # inflected form -> base
for _base in sorted(_words(_CUE_BASES)):
    for _form in _inflect(_base):
        _CUE_FORM.setdefault(_form, _base)

# Words that can stand between a subject and its cue ("Trump also said", "she has repeatedly argued").
_BETWEEN_SUBJECT_AND_CUE = _words(
    "also later then once again repeatedly recently previously reportedly simply just flatly quickly has had "
    "have would will did does do later further often frequently publicly privately still even first last "
    "earlier initially subsequently afterward afterwards finally had already never always nonetheless "
    "however though yet now today yesterday tonight on monday tuesday wednesday thursday friday saturday "
    "sunday morning afternoon evening night week this last past may might could should can must not "
    "separately directly bluntly openly")
_PRONOUNS = _words("he she they i we you it")
_POSSESSIVE_PRONOUNS = _words("his her their its our my your")
_AUXILIARIES = _words("is was were are be been being am has have had do does did will would shall should "
                         "can could may might must")
_READ_SUBJECTS = _words("statement release letter post tweet message note sign signs banner memo report "
                        "email text it caption headline placard poster ad advertisement card editorial "
                        "article column ruling opinion document filing complaint lawsuit indictment order "
                        "website site page motion bill resolution petition invitation flyer shirt t-shirt")
_TITLE_WORDS = _words("former then late acting retired current incoming outgoing deputy senior chief "
                      "spokesman spokeswoman spokesperson press secretary adviser advisor aide host "
                      "anchor reporter economist analyst strategist pollster lawyer attorney presidential "
                      "nominee candidate hopeful front-runner frontrunner leader chairman chairwoman director "
                      "president governor senator mayor official founder co-founder executive activist "
                      "organizer delegate commentator columnist editor professor minister congressman "
                      "congresswoman representative justice judge general")
# words that open a clause: the subject of a participle cue follows the nearest of them
_CLAUSE_START = _words("as when while because although though since if but after before where whereas once")
# prepositions and time words that open an introductory phrase ("Alongside the protests, ...")
_INTRO_WORDS = _words(
    "in on at during after before alongside amid amidst despite with without under among following across "
    "throughout for from by of to against about like unlike beyond within since upon outside inside near "
    "behind over until later earlier minutes hours days moments weeks months years ago even then")
# nouns used as verbs far more rarely than as nouns: their bare and -s forms are not cues
_NOUNISH_CUES = _words("report post text email message quote cite estimate charge counter answer state "
                       "question note label brand reply claim comment statement call tweet chant shout cry "
                       "yell joke remark boast promise vow plea read")
_SENTENCE_ADVERBS = _words("but and so then also still now meanwhile however yet")
_PARTICIPLE_PREPOSITIONS = _words("before after by upon while when without in with on of for from through as")
_COMMON_VERBS = _words(
    "is was are were has had have sent made took gave went came got put held kept brought thought felt found won "
    "lost became stood spoke seemed appeared tried began ran met left led paid set sat let hit saw heard knew "
    "says said tells told writes wrote adds asks makes takes gives goes comes gets puts holds keeps brings "
    "read drew grew threw wore fell rose struck sought taught caught bought built meant")
_COMPLEMENT_CUES = _words("call dub label brand deem describe term")  # 'called his rival “…”'
_TAIL_PRONOUNS = _words("he she they i we you it him her them us me his their its that which who")
_INDEFINITES = _words("someone somebody anyone anybody everyone everybody nobody many others few")
_DEMONSTRATIVES = _words("this that these those")
_RELATIVES = _words("who which that")
_OBJECT_PREPOSITIONS = _words("of to with for at in on from about by toward towards against")
_REGION_PREPOSITIONS = _words("in at during on after before while with via through")
_TITLE_STOPWORDS = _words("a an the of and or in on to for at by with from is vs")
_HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "sir": "m", "lord": "m", "mrs": "f", "mrs.": "f", "ms": "f",
                     "ms.": "f", "miss": "f", "dame": "f", "lady": "f", "madam": "f"}
_ABBREVIATIONS = _words(
    "mr mrs ms dr sen rep gov gen lt col sgt capt adm prof rev st jr sr pres no vs etc inc corp co ltd "
    "mt ft u.s u.k d.c u.n e.u a.m p.m ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich "
    "minn miss mo mont neb nev n.h n.j n.m n.y n.c n.d okla ore pa r.i s.c s.d tenn tex va vt wash wis wyo "
    "jan feb aug sept oct nov dec")
_DETERMINERS = _words(
    "the a an his her their its our my your one another some many several two three four both this that "
    "these those each every other most")
_CLAUSE_WORDS = _words(
    "and but or nor that which who whom whose when where while because although though if unless as so "
    "than what how why since until after before whether")
_LEADING_NOISE = _words(
    "in on at during after before earlier later yesterday today tonight meanwhile however but and so "
    "then also still now last this next when while as since for speaking asked writing monday tuesday "
    "wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december morning afternoon evening night week weekend month year here there "
    "interview statement speech")
_FORWARD_STOP = _words(
    "in on at during after before to with from about while when as who which that during said says told "
    "adding saying because but and")
_NAME_PARTICLES = _words("de del della der di du da van von la le bin al el st. st ibn ben dos das")
_SCARE_PREFIX = re.compile(r"(?:so[- ]called|self[- ](?:described|styled|proclaimed)|quote[- ]unquote|air quotes)"
                           r"\W*$", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"(?:titled|entitled|headlined|the (?:book|film|movie|song|show|album|"
                           r"word|words|term|phrase|slogan|hashtag|label|headline|column|op-ed))\W*$",
                           re.IGNORECASE)

# ----------------------------------------------------------------------------- regexes
LINE = re.compile(r"[^\r\n]+")
QUOTE_MARK = re.compile(r"'''|''|``|[\"'“”„‟«»‘’‚‛‹›]")
TOKEN = re.compile(r"\d+(?::\d+)+(?:-\d+)?|\w+(?:[’'\-.&]\w+)*\.?|[^\w\s]")
WORD = re.compile(r"\w+")
TITLE_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
ABBREV_BEFORE = re.compile(r"(\w+)\W*$")
# a sentence ends at . ! ? before a capital; after a closing quote mark only when the quote ended with a
# period ('“…!” Trump said' goes on)
# (matching only from the start of a run of stops keeps a long "......" linear)
SENTENCE_END = re.compile(r"(?<![.!?…])(?:[.!?…]++[)\]]?|[.…]++(?:''|[”’\"'»]))"
                          r"(?=\s+(?:''|``|[\"“‘'(\[])?[A-Z0-9])")
SPACE_RUN = re.compile(r"\s+")
LETTER = re.compile(r"[^\W\d_]")
# an epigraph-style credit on the line after a quote: "- Bernie Sanders", "— President Obama, in a tweet"
DASH_CREDIT = re.compile(r"\s*[-—–]+\s*(?P<name>[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,4})\s*(?:[,.;(]|$)")
# a quoted phrase that is the subject of its own sentence is mentioned, not quoted
USED_AS_NOUN = re.compile(r"\s+(?:is|was|are|were|has|had|means|meant|remains|became|becomes)\b")
ACCORDING_TO = re.compile(r"\baccording\s+to\b", re.IGNORECASE)
_WINDOW = 320  # characters of context examined on each side of a quote: keeps the cost linear
_MAX_QUOTES_BACK = 3  # earlier quotes of the same sentence that a cue search may step over
# Longest run an unclosed quotation may claim. Quoted news paragraphs stay well under it (a long one is
# about a thousand characters); past it the missing closing mark is assumed to be lost (see _unclosed_end).
MAX_UNCLOSED_CHARS = 2000

# mark families and roles
_DOUBLE, _SINGLE, _GUILLEMET, _SGUILLEMET = "d", "s", "g", "h"
_OPEN, _CLOSE, _EITHER, _WEAK, _APOS = 1, 2, 3, 4, 0
_OPEN_GLYPHS = {"“": _DOUBLE, "„": _DOUBLE, "‟": _DOUBLE, "``": _DOUBLE, "‘": _SINGLE, "‚": _SINGLE,
                "‛": _SINGLE, "«": _GUILLEMET, "‹": _SGUILLEMET}
_CLOSE_GLYPHS = {"”": _DOUBLE, "’": _SINGLE, "»": _GUILLEMET, "›": _SGUILLEMET}
_NEUTRAL_GLYPHS = {'"': _DOUBLE, "''": _DOUBLE, "'": _SINGLE}
_OPEN_CONTEXT = set("([{<—–-/") | set(_OPEN_GLYPHS) | {'"', "'"}
_CLOSE_CONTEXT = set(",.;:!?)]}>—–-/…") | set(_CLOSE_GLYPHS) | {'"', "'"}
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff")
_MAX_DEPTH = 6  # nesting deeper than this is noise; bounding the stack keeps pairing linear
_SHORT_APOS = re.compile(r"(?:em|tis|twas|til|cause|n|round|bout)\b", re.IGNORECASE)  # 'em, 'til
_YEAR_APOS = re.compile(r"\d\d(?:s\b|\b)")  # ’80s, '16
LAST_WORD = re.compile(r"(\w+)\W*$")
PARAGRAPH_START_QUOTE = re.compile(r"\s*[\"'“‘«]*[A-Z0-9]")


@dataclass(slots=True)
class _Mark:
    pos: int
    length: int
    family: str
    role: int


@dataclass(slots=True)
class _Segment:
    start: int  # quoted text, marks excluded
    end: int
    open_pos: int  # position of the opening mark (== start when the quote was reopened/unclosed)
    close_end: int  # first offset after the closing mark (== end when unclosed)
    closed: bool
    continues: bool = False  # runs on into the next paragraph
    reopened: bool = False  # continues a quote from the previous paragraph
    speaker: str | None = None
    mention: str | None = None
    cue: str | None = None
    confidence: float = 0.0
    keep: bool = True
    tight: bool = False
    quote_type: str = "full"
    chain: int = -1
    mention_start: int = -1  # where the attribution's subject was found
    mention_end: int = -1
    referent_start: int = -1  # the antecedent of a relative-pronoun mention, else the mention itself
    referent_end: int = -1
    inherited: bool = False
    reported: bool = False  # a reporting verb of the quote's own sentence introduces it
    scare: bool = False  # a short phrase in quote marks that nobody is reported to have said


# ----------------------------------------------------------------------------- paragraphs and marks
def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph, surrounding whitespace excluded: each non-blank line is one
    (news text marks paragraphs with a blank line or a single newline)."""
    spans = []
    for m in LINE.finditer(body):
        line = m.group()
        stripped = line.lstrip()
        if stripped:
            start = m.start() + len(line) - len(stripped)
            spans.append((start, start + len(stripped.rstrip())))
    return spans


def _blank(ch: str) -> bool:
    """Start/end of text, whitespace, or an invisible format character (bidi marks, zero-width space)."""
    return ch == "" or ch.isspace() or ch in _INVISIBLE


def _classify(text: str, pos: int, glyph: str) -> _Mark | None:
    """Role of one quote mark from its glyph and its neighbours; None for an apostrophe. Context wins over
    the glyph when it is unambiguous, since sites mix up “ and ” and type " for both."""
    before = text[pos - 1] if pos > 0 else ""
    after_pos = pos + len(glyph)
    after = text[after_pos] if after_pos < len(text) else ""
    left_open = _blank(before) or before in _OPEN_CONTEXT
    right_close = _blank(after) or after in _CLOSE_CONTEXT
    if glyph in _OPEN_GLYPHS:
        family = _OPEN_GLYPHS[glyph]
        if family == _SINGLE:
            if after.isdigit() and _YEAR_APOS.match(text, after_pos):
                return None  # ‘80s, ‘16 election
            if LETTER.match(before or " ") and LETTER.match(after or " "):
                return None  # a mis-typed apostrophe inside a word
        if glyph == "“" and not left_open and (_blank(after) or after in ",.;:!?)"):
            return _Mark(pos, len(glyph), family, _CLOSE)  # wrong-way closing mark: 'unusual,“ said'
        return _Mark(pos, len(glyph), family, _OPEN)
    if glyph in _CLOSE_GLYPHS:
        family = _CLOSE_GLYPHS[glyph]
        if family == _SINGLE:
            return _single_closer(text, pos, glyph, before, after, left_open, right_close)
        if left_open and not right_close:
            return _Mark(pos, len(glyph), family, _OPEN)  # wrong-way opening mark: 'said ”We'
        return _Mark(pos, len(glyph), family, _CLOSE)
    family = _NEUTRAL_GLYPHS[glyph]
    if family == _SINGLE:
        if LETTER.match(before or " ") and (LETTER.match(after or " ") or after.isdigit()):
            return None  # don't, rock'n'roll
        if left_open and not right_close:
            if after.isdigit() and _YEAR_APOS.match(text, after_pos):
                return None
            if _SHORT_APOS.match(text, after_pos):
                return None  # 'em, 'til, 'cause
            return _Mark(pos, 1, family, _OPEN)
        return _single_closer(text, pos, glyph, before, after, left_open, right_close)
    if left_open and not right_close:
        return _Mark(pos, len(glyph), family, _OPEN)
    if right_close and not left_open:
        return _Mark(pos, len(glyph), family, _CLOSE)
    return _Mark(pos, len(glyph), family, _EITHER)


def _single_closer(text: str, pos: int, glyph: str, before: str, after: str, left_open: bool,
                   right_close: bool) -> _Mark | None:
    """’ or ' that is not an opener: an apostrophe, a closing quote, or (after s) either."""
    if LETTER.match(before or " ") and LETTER.match(after or " "):
        return None  # Russia’s, don’t
    if after.isdigit():
        return None  # ’80s
    if left_open and not right_close:
        # a closing glyph used as an opener (’Tis, or a typographic slip before a word)
        return _Mark(pos, len(glyph), _SINGLE, _EITHER if not _SHORT_APOS.match(text, pos + 1) else _OPEN)
    if before in "sSzZ" and before != "" and _blank(after):
        return _Mark(pos, len(glyph), _SINGLE, _WEAK)  # leaders’ meeting / leaders’ (end of quote)
    return _Mark(pos, len(glyph), _SINGLE, _CLOSE)


def _marks(body: str, start: int, end: int) -> list[_Mark]:
    out = []
    for m in QUOTE_MARK.finditer(body, start, end):
        pos, glyph = m.start(), m.group()
        if glyph == "'''":
            # NYT style nests a single quote in a doubled one: '''Fox ... Friends,''' opens double then single
            # and closes single then double
            opening = pos == 0 or body[pos - 1].isspace() or body[pos - 1] in _OPEN_CONTEXT
            pieces = [(pos, _DOUBLE, 2), (pos + 2, _SINGLE, 1)] if opening else [(pos, _SINGLE, 1),
                                                                                 (pos + 1, _DOUBLE, 2)]
            out += [_Mark(p, n, fam, _OPEN if opening else _CLOSE) for p, fam, n in pieces]
            continue
        mark = _classify(body, pos, glyph)
        if mark is not None:
            out.append(mark)
    return out


def _pair(marks: list[_Mark]) -> tuple[list[tuple[_Mark, _Mark]], list[_Mark]]:
    """Pair opening and closing marks of one paragraph; returns (pairs, unclosed openers bottom-first)."""
    # For a weak single closer (s’ before a space) look at the next decisive single mark: when it closes,
    # this one is a possessive; when it opens (or nothing follows), this one closes the quote.
    next_single_closes = [False] * len(marks)
    decisive = False
    for i in range(len(marks) - 1, -1, -1):
        next_single_closes[i] = decisive
        mk = marks[i]
        if mk.family == _SINGLE and mk.role in (_CLOSE, _EITHER):
            decisive = True
        elif mk.family == _SINGLE and mk.role == _OPEN:
            decisive = False
    stack: list[_Mark] = []
    pairs: list[tuple[_Mark, _Mark]] = []

    def find(family: str) -> int:
        for k in range(len(stack) - 1, max(-1, len(stack) - 1 - _MAX_DEPTH), -1):
            if stack[k].family == family:
                return k
        return -1

    for i, mk in enumerate(marks):
        role = mk.role
        if role == _WEAK:
            role = _CLOSE if find(mk.family) >= 0 and not next_single_closes[i] else _APOS
        elif role == _EITHER:
            role = _CLOSE if find(mk.family) >= 0 else _OPEN
        if role == _OPEN:
            if len(stack) >= 4 * _MAX_DEPTH:
                del stack[: len(stack) - _MAX_DEPTH]  # runaway openers: forget the oldest
            stack.append(mk)
        elif role == _CLOSE:
            k = find(mk.family)
            if k >= 0:
                pairs.append((stack[k], mk))
                del stack[k:]
    return pairs, stack


# ----------------------------------------------------------------------------- segments
def _segments(body: str, paras: list[tuple[int, int]]) -> list[list[_Segment]]:
    """Outermost quoted segments per paragraph, multi-paragraph quotes split at paragraph ends."""
    per_para: list[list[_Segment]] = []
    marks_by_para = [_marks(body, s, e) for s, e in paras]
    carry = False  # the previous paragraph ended inside a quote that this paragraph reopens
    for pi, (ps, pe) in enumerate(paras):
        marks = marks_by_para[pi]
        pairs, unclosed = _pair(marks)
        segs = [_Segment(o.pos + o.length, c.pos, o.pos, c.pos + c.length, True) for o, c in pairs]
        if unclosed:
            bottom = unclosed[0]
            nxt = marks_by_para[pi + 1] if pi + 1 < len(paras) else []
            reopens = (bool(nxt) and nxt[0].pos == paras[pi + 1][0] and nxt[0].family == bottom.family
                       and nxt[0].role in (_OPEN, _EITHER))
            if reopens or _plain_unclosed_start(body, ps, bottom.pos, pe):
                start = bottom.pos + bottom.length
                end = _unclosed_end(body, start, pe)
                if end is not None:
                    segs.append(_Segment(start, end, bottom.pos, end, False, continues=reopens and end == pe))
        segs = _outermost(segs)
        if carry and segs and segs[0].open_pos == ps:
            segs[0].reopened = True
        carry = bool(segs) and segs[-1].continues
        for sg in segs:
            _strip_segment(body, sg)
        per_para.append([sg for sg in segs if sg.end > sg.start])
    return per_para


def _plain_unclosed_start(body: str, ps: int, pos: int, pe: int) -> bool:
    """An opener never closed in its paragraph still starts a quotation when it opens the paragraph or
    follows a colon/reporting cue and is followed by a sentence; otherwise it is a stray mark."""
    rest = body[pos + 1: min(pe, pos + 201)]
    if len(TOKEN.findall(rest)) < 4 or not PARAGRAPH_START_QUOTE.match(rest):
        return False
    lead = body[max(ps, pos - 80): pos].rstrip()
    return pos == ps or lead.endswith((":", ",")) or _last_word(lead) in _CUE_FORM


def _unclosed_end(body: str, start: int, pe: int) -> int | None:
    """Where a quotation that is never closed ends: at its paragraph's end when the paragraph is of a
    plausible length; else at the last sentence end within MAX_UNCLOSED_CHARS, or nowhere (None).

    A paragraph far longer than any quoted paragraph is text whose line breaks were lost (or junk): the
    missing closing mark is then somewhere near, and running on would claim the rest of the article and
    hide the real quotations nested in it. A run of thousands of characters is not a quotation anyone would
    recognise, so a sentence-bounded prefix is the better guess; with no sentence end in reach (one endless
    sentence) no quotation is claimed at all."""
    if pe - start <= MAX_UNCLOSED_CHARS:
        return pe
    limit = start + MAX_UNCLOSED_CHARS
    end = None
    # the look-ahead of SENTENCE_END needs a few characters past the limit to see the next capital
    for m in SENTENCE_END.finditer(body, start, min(pe, limit + 16)):
        if m.end() > limit:
            break
        end = m.end()
    return end


def _last_word(text: str) -> str:
    m = LAST_WORD.search(text[-80:])
    return m.group(1).lower() if m else ""


def _outermost(segs: list[_Segment]) -> list[_Segment]:
    segs.sort(key=lambda s: (s.open_pos, -s.close_end))
    out: list[_Segment] = []
    reach = -1
    for sg in segs:
        if sg.open_pos >= reach:
            out.append(sg)
            reach = sg.close_end
    return out


def _strip_segment(body: str, sg: _Segment) -> None:
    s, e = sg.start, sg.end
    while s < e and body[s].isspace():
        s += 1
    while e > s and body[e - 1].isspace():
        e -= 1
    sg.start, sg.end = s, e


# ----------------------------------------------------------------------------- tokens
_QTOK = "\u201cQ\u201d"  # stands for a quotation inside an attribution window: a barrier for noun phrases


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    low: str = ""

    def __post_init__(self) -> None:
        self.low = self.text.lower()


class _Masks:
    """The quotations of one paragraph (sorted, disjoint (open, close) ranges), looked up by bisection so
    that a paragraph with thousands of quotes stays linear."""

    __slots__ = ("spans", "starts")

    def __init__(self, spans: Sequence[tuple[int, int]] = ()) -> None:
        self.spans = list(spans)
        self.starts = [a for a, _ in self.spans]

    def inside(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.spans[k][0] < pos < self.spans[k][1]

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        k = max(0, bisect.bisect_right(self.starts, start) - 1)
        out = []
        while k < len(self.spans) and self.spans[k][0] < end:
            if self.spans[k][1] > start:
                out.append(self.spans[k])
            k += 1
        return out


_NO_MASKS = _Masks()


def _tokens(body: str, start: int, end: int, masks: _Masks = _NO_MASKS) -> list[_Tok]:
    """Word and punctuation tokens of body[start:end]. A period stays on abbreviations and initials only;
    short parentheticals ("(D-Wash.)", "(R)") are dropped since they never hold a subject or a cue; each
    masked range (another quotation) becomes one placeholder token."""
    out: list[_Tok] = []
    pieces: list[tuple[int, int, bool]] = []  # (start, end, is a quotation)
    pos = start
    for ms, me in masks.within(start, end):
        if ms > pos:
            pieces.append((pos, ms, False))
        pieces.append((max(ms, start), min(me, end), True))
        pos = me
    if pos < end:
        pieces.append((pos, end, False))
    for ps, pe, quoted in pieces:
        if quoted:
            out.append(_Tok(_QTOK, ps, pe))
            continue
        for m in TOKEN.finditer(body, ps, pe):
            t = m.group()
            if len(t) > 1 and t.endswith(".") and "." not in t[:-1] and t[:-1].lower() not in _ABBREVIATIONS \
                    and not (len(t) == 2 and t[0].isupper()):
                out.append(_Tok(t[:-1], m.start(), m.end() - 1))
                out.append(_Tok(".", m.end() - 1, m.end()))
            else:
                out.append(_Tok(t, m.start(), m.end()))
    if not any(t.text == "(" for t in out):
        return out
    kept: list[_Tok] = []
    k = 0
    while k < len(out):
        if out[k].text == "(":
            close = next((j for j in range(k + 1, min(len(out), k + 10)) if out[j].text == ")"), None)
            if close is not None:
                k = close + 1
                continue
        kept.append(out[k])
        k += 1
    return kept


def _is_cap(tok: _Tok) -> bool:
    return tok.text[:1].isupper()


def _is_word(tok: _Tok) -> bool:
    return tok.text[:1].isalnum()


def _is_possessive(tok: _Tok) -> bool:
    return tok.low.endswith(("'s", "’s", "s'", "s’"))


def _is_determiner(tok: _Tok) -> bool:
    return tok.low in _DETERMINERS or tok.low in _POSSESSIVE_PRONOUNS or _is_possessive(tok)


def _cue_at(toks: list[_Tok], i: int, after_quote: bool = False) -> tuple[int, str] | None:
    """(index of the last cue token, base verb) when a reporting cue starts at toks[i]. Right after a quote
    ('…,” the ad states') noun-like forms count as verbs; elsewhere only after a name or a pronoun."""
    tok = toks[i]
    base = _CUE_FORM.get(tok.low)
    if base is None or not tok.text.islower():
        return None
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if prev is not None and _is_determiner(prev) and (
            tok.low in (base, base + "s", base + "es") or prev.low not in _RELATIVES):
        return None  # a noun or an adjective: "a tweet", "his post", "a written statement" (not "that said")
    if base in _NOUNISH_CUES and tok.low in (base, base + "s", base + "es") and not after_quote and not (
            prev is not None and ((_is_cap(prev) and (nxt is None or not _is_word(nxt) or nxt.low in _TAIL_PRONOUNS
                                                      or nxt.text == _QTOK))
                                  or prev.low in _PRONOUNS or prev.low in _BETWEEN_SUBJECT_AND_CUE
                                  or prev.low in {"who", "which", "that"}
                                  or (i >= 2 and toks[i - 2].low in {"the", "a", "an"} and prev.text.isalpha()
                                      and prev.text.islower() and tok.low != base))):
        return None  # "claims", "reports", "chants": nouns unless a subject stands right before them
    if base in _NEEDS_PARTICLE:
        if nxt is None or nxt.low != _NEEDS_PARTICLE[base]:
            return None
        return i + 1, base
    if base == "read" and not after_quote and (prev is None or prev.low not in _READ_SUBJECTS):
        return None
    if base == "call" and nxt is not None and nxt.low in {"for", "on", "off", "up", "in", "back"}:
        return None
    return i, base


# ----------------------------------------------------------------------------- people
class _People:
    """PERSON mentions of one article, looked up by position: noun phrases that hold one are names."""

    def __init__(self, body: str, people: Sequence[tuple[str, int, int]]):
        spans = []
        n = len(body)
        for item in people:
            try:
                name, s, e = item
                s, e = int(s), int(e)
            except (TypeError, ValueError, OverflowError):
                continue
            if isinstance(name, str) and name.strip() and 0 <= s < e <= n:
                spans.append((s, e, name.strip()))
        spans.sort()
        self.spans = spans
        self.starts = [s for s, _, _ in spans]

    def at(self, start: int, end: int) -> tuple[int, int, str] | None:
        """The PERSON span overlapping [start, end) that ends last."""
        k = bisect.bisect_left(self.starts, end)
        best = None
        for j in range(k - 1, max(-1, k - 6), -1):
            s, e, name = self.spans[j]
            if e > start and (best is None or e > best[1]):
                best = (s, e, name)
        return best


# ----------------------------------------------------------------------------- noun phrases
def _skip_back(toks: list[_Tok], i: int) -> int:
    """Step left over adverbs and auxiliaries between a subject and its cue ("Trump also said")."""
    while i >= 0 and (toks[i].low in _BETWEEN_SUBJECT_AND_CUE or (
            toks[i].low.endswith("ly") and toks[i].text.islower() and len(toks[i].text) > 3)):
        i -= 1
    return i


def _np_backward(toks: list[_Tok], i: int, people: _People) -> tuple[int, int] | None:
    """Token range of the subject noun phrase that ends at toks[i]. A phrase governed by a preposition is
    an object: 'the head of the party' joins up, 'a source speaking to Fox News' steps back to 'a source'."""
    rng = _np_back(toks, i, people)
    for _ in range(3):
        if rng is None or rng[0] == 0 or toks[rng[0] - 1].low not in _OBJECT_PREPOSITIONS:
            return rng
        a, b = rng
        k = a - 2
        if toks[a - 1].low == "of":
            before = _np_back(toks, k, people)
            rng = (before[0], b) if before else rng
            if before is None:
                return rng
            continue
        while k >= 0 and toks[k].text.islower() and toks[k].low.endswith(("ing", "ed")) \
                and toks[k].low not in _CUE_FORM:
            k -= 1
        before = _np_back(toks, k, people)
        if before is None:
            return rng
        rng = before
    return rng


def _np_back(toks: list[_Tok], i: int, people: _People) -> tuple[int, int] | None:
    if i < 0 or not _is_word(toks[i]):
        return None
    tok = toks[i]
    if tok.low in _PRONOUNS:
        return i, i + 1
    if tok.text.islower() and (tok.low in _CLAUSE_WORDS or tok.low in _AUXILIARIES or tok.low in _CUE_FORM):
        return None
    hit = people.at(tok.start, tok.end)
    if hit is not None or (_is_cap(tok) and tok.low not in _LEADING_NOISE):
        a = i
        while a - 1 >= 0 and i - a < 7 and _is_word(toks[a - 1]) and (
                _is_cap(toks[a - 1]) or toks[a - 1].low in _NAME_PARTICLES
                or (hit is not None and toks[a - 1].end > hit[0])):
            a -= 1
        while a < i and (toks[a].low in _LEADING_NOISE or toks[a].low in _INTRO_WORDS):
            a += 1
        while a - 1 >= 0 and i - a < 7 and (toks[a - 1].low in _TITLE_WORDS or (
                toks[a - 1].low in _DETERMINERS and toks[a - 1].low not in _DEMONSTRATIVES)):
            a -= 1  # "the White House spokesman", "former Rep. George Miller" (not "that Mr. Trump")
        return a, i + 1
    # a description: "the spokesman", "a senior official", "Obama's first five questioners", "critics"
    a = i
    while a - 1 >= 0 and i - a < 6 and _is_word(toks[a - 1]) and toks[a - 1].low not in _CLAUSE_WORDS \
            and toks[a - 1].low not in _CUE_FORM and toks[a - 1].low not in _PRONOUNS \
            and toks[a - 1].low not in _AUXILIARIES and toks[a - 1].low not in _FORWARD_STOP:
        a -= 1
    det = next((k for k in range(a, i + 1) if _is_determiner(toks[k])), None)
    if det is not None:
        return det, i + 1
    if i - a <= 2 and tok.text.islower() and tok.low.endswith("s") and not tok.low.endswith("ss"):
        return a, i + 1  # a bare plural: "officials said", "critics say"
    if tok.low in _INDEFINITES:
        return i, i + 1  # "someone in the audience shouted"
    return None


def _np_forward(toks: list[_Tok], j: int, people: _People) -> tuple[int, int] | None:
    """Token range of the noun phrase that starts at toks[j] ('said Mr. Garin, a pollster')."""
    if j >= len(toks) or not _is_word(toks[j]):
        return None
    first = toks[j]
    if first.low in _PRONOUNS:
        return (j, j + 1) if first.low != "it" else None
    if first.low in _LEADING_NOISE:
        return None  # 'said Wednesday'
    if first.low in {"one", "another", "others"} and (j + 1 >= len(toks) or not _is_word(toks[j + 1])):
        return j, j + 1  # '“…,” read one'
    if first.text.islower() and not (_is_determiner(first) or first.low in _TITLE_WORDS or first.text[0].isdigit()
                                     or first.low in {"about", "some", "more", "dozens", "hundreds", "thousands"}
                                     or (any(_is_cap(t) for t in toks[j + 1: j + 4]) and first.low not in
                                         _FORWARD_STOP and first.low not in _INTRO_WORDS
                                         and first.low not in _CLAUSE_WORDS)):
        return None  # but "conservative activist Bob Klaus" is a description before a name
    b = j
    while b < len(toks) and b - j < 9 and _is_word(toks[b]) and (b == j or not toks[b].text.islower() or (
            toks[b].low not in _FORWARD_STOP and toks[b].low not in _CLAUSE_WORDS
            and toks[b].low not in _AUXILIARIES and _cue_at(toks, b) is None)):
        b += 1
    if any(_is_cap(t) for t in toks[j:b]) or people.at(first.start, toks[b - 1].end) is not None:
        return j, b
    if _is_determiner(first) and b - j >= 2:
        return j, b
    return None


def _clause_subject(toks: list[_Tok], ci: int, people: _People, strict: bool = False) -> tuple[int, int] | None:
    """Subject of the clause a participle or coordinated cue hangs from: 'Trump hit back, saying',
    'even as he defended the campaign, saying', 'Mrs. Clinton shook her head and said'. The nearest clause
    opener is tried first, then the start of the sentence."""
    j = ci - 1
    while j >= 0 and not _is_word(toks[j]):
        j -= 1
    if j >= 0 and toks[j].low in _PARTICIPLE_PREPOSITIONS:
        j -= 1  # "before saying", "by saying": the clause word governs the participle, not a new clause
    sentence_start = 0
    for k in range(j, max(-1, j - 60), -1):
        if toks[k].text in {";", ":", "—", "–", "-"}:
            sentence_start = k + 1
            break
    starts = []
    for k in range(j, max(sentence_start, j - 45), -1):
        if toks[k].low in _CLAUSE_START and toks[k].text.islower():
            # "at the debate before the primary, he ...": a comma after the opener ends that phrase
            comma = max((c for c in range(k, j + 1) if toks[c].text == ","), default=k)
            starts.append(comma + 1)
            break
    starts.append(sentence_start)
    for start in starts:
        rng = _subject_at(toks, start, j + 1, people, strict)
        if rng is not None:
            return rng
    if strict:
        return None
    for k in range(j, max(sentence_start - 1, j - 12), -1):
        # the nearest person in the clause: 'When he returned he began by saying', 'so subdued that
        # Mr. Trump was prompted to say'
        if toks[k].low in _PRONOUNS and toks[k].low != "it":
            return k, k + 1
        if toks[k].low in _HONORIFIC_GENDER:
            e = k
            while e + 1 <= j and _is_cap(toks[e + 1]):
                e += 1
            return _np_backward(toks, e, people)
        if toks[k].text in {",", _QTOK}:
            break
    return None


def _is_person_start(toks: list[_Tok], k: int, people: _People) -> bool:
    t = toks[k]
    return t.low in _PRONOUNS - {"it"} or people.at(t.start, t.end) is not None or \
        t.low in _HONORIFIC_GENDER or t.low.rstrip(".") in _ABBREVIATIONS - {"no", "vs", "etc"}


def _person_after_comma(toks: list[_Tok], start: int, stop: int, people: _People) -> bool:
    """'Eight years ago, he supported …', 'Back in 1999, Mr. Trump …': a short opening phrase with no person
    in it, then a comma and a person."""
    comma = next((k for k in range(start, min(stop, start + 7)) if toks[k].text == ","), None)
    if comma is None or comma + 1 >= stop or not _is_person_start(toks, comma + 1, people):
        return False
    return not any(_is_person_start(toks, k, people) for k in range(start, comma))


def _subject_at(toks: list[_Tok], start: int, stop: int, people: _People, strict: bool) -> tuple[int, int] | None:
    """The subject that opens toks[start:stop], after any introductory phrase ('On Friday, ...')."""
    # a subordinate or prepositional phrase closed by a comma before the verb is introductory:
    # "As the crowd began to chant, Silverman ... joked", "At the debate before the primary, he ..."
    last_comma = max((k for k in range(start, stop) if toks[k].text == ","), default=-1)
    for _ in range(4):
        while start < stop and (not _is_word(toks[start]) or toks[start].low in _SENTENCE_ADVERBS):
            start += 1
        if start >= stop:
            return None
        low = toks[start].low
        if low in _INTRO_WORDS or low in _LEADING_NOISE or low in _CLAUSE_START or (
                toks[start].text.islower() and not _is_determiner(toks[start]) and low not in _PRONOUNS) or (
                low.endswith(("ing", "ed", "ly")) and people.at(toks[start].start, toks[start].end) is None) or (
                _person_after_comma(toks, start, stop, people)):
            comma = next((k for k in range(start, min(stop, start + 20)) if toks[k].text == ","), None)
            if comma is None:
                if low in _CLAUSE_START and last_comma > start:
                    comma = last_comma
                else:
                    return None
            start = comma + 1
    if start >= stop:
        return None
    tok = toks[start]
    if tok.low in _PRONOUNS:
        return start, start + 1
    rng = _np_forward(toks, start, people)
    if rng is None:
        return None
    a, b = rng
    b = next((k for k in range(a, b) if toks[k].text in {",", "("}), b)
    if _is_determiner(toks[a]):  # "his campaign sent out a text message" -> "his campaign"
        b = next((k for k in range(a + 1, b) if toks[k].text.islower() and (
            toks[k].low in _COMMON_VERBS or (toks[k].low.endswith("ed") and toks[k].low not in _TITLE_WORDS))), b)
    elif _is_cap(toks[a]):
        # a name runs through capitalised words and title words: "Republican presidential nominee Donald
        # Trump issued" -> "Republican presidential nominee Donald Trump", "Trump hit back" -> "Trump"
        end = a + 1
        for k in range(a + 1, b):
            if _is_cap(toks[k]):
                end = k + 1
            elif not (toks[k].low in _TITLE_WORDS or toks[k].low in _NAME_PARTICLES or toks[k].low == "of"):
                break
        b = end
    if strict and people.at(toks[a].start, toks[b - 1].end) is None and not _is_determiner(toks[a]) \
            and toks[a].low not in _HONORIFIC_GENDER and toks[a].low.rstrip(".") not in _ABBREVIATIONS:
        return None
    return (a, b) if b > a else None


# ----------------------------------------------------------------------------- attribution
@dataclass(slots=True)
class _Attribution:
    mention: str
    mention_start: int
    mention_end: int
    cue: str
    confidence: float
    tight: bool  # the cue touches the quote ('…,” he said', 'said: “…')
    antecedent: _Attribution | None = None  # what a relative pronoun mention ("who said") refers to


def _make(body: str, toks: list[_Tok], rng: tuple[int, int], cue: str, conf: float, tight: bool) -> _Attribution:
    a, b = rng
    s, e = toks[a].start, toks[b - 1].end
    text = body[s:e].rstrip(",;:")
    return _Attribution(SPACE_RUN.sub(" ", text), s, s + len(text), cue, conf, tight)


def _boundaries(body: str, start: int, end: int, masks: _Masks = _NO_MASKS) -> list[int]:
    """Sentence starts in body[start:end], outside quotations and not after abbreviations or initials."""
    out = []
    for m in SENTENCE_END.finditer(body, start, min(len(body), end + 4)):  # the lookahead needs a few chars
        if m.end() > end:
            break
        word = ABBREV_BEFORE.search(body, max(start, m.start() - 12), m.start() + 1)
        if word is not None:
            w = word.group(1)
            if w.lower() in _ABBREVIATIONS or (len(w) == 1 and w.isupper()):
                continue
        if not masks.inside(m.end()):
            out.append(m.end())
    return out


def is_reporting_verb(word: str) -> bool:
    """'said', 'tells', 'added', 'wrote': a finite form of a reporting verb (not its -ing form)."""
    low = word.lower()
    return low in _CUE_FORM and not low.endswith("ing") and _CUE_FORM[low] not in _NEEDS_PARTICLE


def sentence_starts(body: str, quoted: Sequence[tuple[int, int]] = ()) -> list[int]:
    """Where each sentence of ``body`` starts, paragraph by paragraph, in order. A sentence does not end
    inside one of the ``quoted`` spans (a quotation belongs to the sentence that reports it), nor after an
    abbreviation or an initial."""
    masks = _Masks(sorted(quoted))
    starts: list[int] = []
    for ps, pe in paragraph_spans(body):
        starts.append(ps)
        starts.extend(b for b in _boundaries(body, ps, pe, masks) if ps < b < pe)
    return starts


def _sentence_tail(body: str, start: int, end: int, masks: _Masks = _NO_MASKS) -> int:
    """Start of the last sentence in body[start:end]."""
    found = _boundaries(body, start, end, masks)
    return found[-1] if found else start


def _after_attribution(body: str, sg: _Segment, end: int, next_quote: bool, people: _People) -> _Attribution | None:
    """A cue right after a quote: '…,” he said', '…,” said Mr. Garin', '…,” according to the report'."""
    content = body[sg.start: sg.end].rstrip().rstrip("'’\"”»")
    ended = content.endswith((".", "…")) and not content.endswith("..")
    exclaimed = content.endswith(("!", "?"))
    start = sg.close_end
    found = _boundaries(body, start, min(end, start + _WINDOW))
    if (ended or exclaimed) and not found and (end - start > _WINDOW or (
            next_quote and body[start:end].rstrip().endswith((",", ":")))):
        return None  # the words after a finished quote lead into the next quote: they are its attribution
    toks = _tokens(body, start, found[0] if found else min(end, start + _WINDOW))
    k = 0
    while k < len(toks) and (toks[k].text in {",", "—", "–", "-", "…", "."} or toks[k].text in _OPEN_GLYPHS
                             or toks[k].text in _CLOSE_GLYPHS or toks[k].text in _NEUTRAL_GLYPHS):
        k += 1
    if k >= len(toks):
        return None
    if ACCORDING_TO.match(body, toks[k].start) and k + 2 < len(toks):
        rng = _np_forward(toks, k + 2, people)
        return _make(body, toks, rng, "according to", 0.85, True) if rng else None
    # after a quote that ended its sentence ('.') only a short 'Trump said.' can follow; after '?' or '!' a
    # name may carry an apposition ('“…?” Will Estrada, the county chairman, said')
    strict = ended or (exclaimed and toks[k].low in _PRONOUNS)
    conf = 0.75 if ended else 0.9
    for ci in range(k, min(len(toks), k + (6 if strict else 30) + 1)):
        t = toks[ci]
        if t.text in {";", ":", "!", "?", _QTOK}:
            break
        cue = _cue_at(toks, ci, after_quote=ci == k or (ci <= k + 14 and content.endswith(",")))
        if cue is None or t.low.endswith("ing"):
            continue
        last, base = cue
        nxt = toks[last + 1] if last + 1 < len(toks) else None
        if nxt is not None and nxt.text == ":":
            return None  # 'Mr. Zahed said: “…”' introduces the next quote
        tail = [x.low for x in toks[last + 1:] if _is_word(x)] + ["", ""]
        if (ended or (exclaimed and _is_cap(toks[k]))) and nxt is not None and _is_word(nxt) and (
                (ended and len(tail) > 6) or tail[0] in _TAIL_PRONOUNS or (
                    tail[0] in _OBJECT_PREPOSITIONS and tail[1] in _TAIL_PRONOUNS)):
            return None  # '“…!” She replied to him that…', '“….” Kasich said he would…': new sentences
        if ended and any(x.text == "," for x in toks[k:ci]):
            return None
        cue_text = body[t.start: toks[last].end]
        inverted = ci == k or (toks[ci - 1].text == "," and not strict)
        if inverted and base not in _NO_INVERSION and not t.low.endswith("ing"):
            rng = _np_forward(toks, last + 1, people)  # '…,” said Mr. Garin' / '…” of it, said Kunin'
            if rng is not None:
                return _make(body, toks, rng, cue_text, conf, ci == k)
        if ci == k:
            return None
        rng = _subject_region(toks, k, ci, strict)
        if rng is None and not strict:
            comma = max((j for j in range(k, ci) if toks[j].text == ","), default=-1)
            if comma >= 0:
                rng = _subject_region(toks, comma + 1, ci, strict)  # '…” of the case, the opinion said'
        if rng is not None:
            return _make(body, toks, rng, cue_text, conf, rng[0] == k)
        if strict:
            return None
    if content.endswith(","):
        return _generic_after(body, toks, k)
    return None


def _subject_region(toks: list[_Tok], k: int, ci: int, strict: bool) -> tuple[int, int] | None:
    """The words between a quote and its cue are the subject: '…,” the economist Jared Bernstein, a former
    adviser, wrote' -> 'the economist Jared Bernstein'. Returns None when they do not look like one."""
    b = _skip_back(toks, ci - 1) + 1
    if b <= k:
        return None
    b = next((j for j in range(k, b) if toks[j].text in {",", "(", "—", "–"}), b)
    b = next((j for j in range(k + 1, b) if toks[j].low in _REGION_PREPOSITIONS), b)  # "Trump in an interview"
    region = toks[k:b]
    if not region or len(region) > (4 if strict else 10):
        return None
    for t in region:
        if t.text in {".", "!", "?", _QTOK} or (t.text.islower() and (
                t.low in _AUXILIARIES or t.low in _CLAUSE_WORDS - {"and"}
                or (strict and t.low.endswith("ed") and t.low not in _TITLE_WORDS))):
            return None
    first = region[0]
    if first.low in _PRONOUNS:
        return (k, k + 1) if len(region) == 1 else None
    if strict and not (all(_is_cap(t) or t.low in _NAME_PARTICLES for t in region) or first.text.islower()):
        return None  # after a finished sentence only a name or 'the crowd' can start the attribution
    if _is_cap(first) or _is_determiner(first) or first.text[0].isdigit():
        return k, b
    if first.low in _FORWARD_STOP or first.low in _INTRO_WORDS:
        return None
    if _is_cap(region[-1]) and len(region) <= 7:
        return k, b  # "spokesman John Kirby", "former Obama adviser David Axelrod", "warm-and-fuzzy Trump"
    if len(region) <= 2 and region[-1].low.endswith("s") and region[-1].text.islower():
        return k, b  # "critics", "many analysts"
    return None


def _generic_after(body: str, toks: list[_Tok], k: int) -> _Attribution | None:
    """'“Your reputation is amazing,” Trump assured Jones' — after a quote ending in a comma, a name or
    pronoun followed by a past-tense verb is the attribution even when the verb is not a known cue."""
    b = k
    while b < len(toks) and b - k < 4 and _is_word(toks[b]) and (
            _is_cap(toks[b]) or toks[b].low in _PRONOUNS or toks[b].low in _NAME_PARTICLES):
        b += 1
    if b == k or b >= len(toks) or (toks[k].low in _PRONOUNS and b - k > 1):
        return None
    verb = toks[b]
    if not (verb.text.islower() and verb.low.endswith("ed") and len(verb.low) > 4):
        return None
    return _make(body, toks, (k, b), verb.text, 0.6, True)


def _before_attribution(body: str, start: int, end: int, people: _People, masks: _Masks) -> _Attribution | None:
    """A cue in the sentence before a quote: 'Mr. Garin said: “…”', 'she told reporters “…”'."""
    toks = _tokens(body, start, end, masks)
    while toks and not _is_word(toks[-1]) and toks[-1].text not in {",", ":", _QTOK}:
        toks.pop()  # the opening mark itself, a dash
    if not toks:
        return None
    acc_start = -1
    for m in ACCORDING_TO.finditer(body, start, end):
        if not masks.inside(m.start()):
            acc_start = m.start()
    lead = toks[-1].text
    for ci in range(len(toks) - 1, max(-1, len(toks) - 45), -1):
        if toks[ci].start < acc_start:
            break
        cue = _cue_at(toks, ci)
        if cue is None:
            continue
        last, base = cue
        cue_text = body[toks[ci].start: toks[last].end]
        tight = _touches(toks, last, base)
        rng = _cue_subject(toks, ci, last, base, people)
        if rng is None:
            continue
        att = _make(body, toks, rng, cue_text, 0.85 if tight else 0.7, tight)
        if rng[1] - rng[0] == 1 and toks[rng[0]].low in _RELATIVES:
            # 'Mike Lee, who declared, “…”': the mention stays as written, the speaker is what it refers to
            ante = _np_backward(toks, _skip_back(toks, rng[0] - 1) - (toks[rng[0] - 1].text == ","), people) \
                if rng[0] > 0 else None
            att.antecedent = _make(body, toks, ante, cue_text, 0.0, tight) if ante else None
        return att
    if acc_start >= 0:
        k = next((j for j, t in enumerate(toks) if t.start >= acc_start), len(toks))
        rng = _np_forward(toks, k + 2, people)
        if rng:
            touches = all(not _is_word(t) for t in toks[rng[1]:])  # 'According to Jan Novak, “…”'
            return _make(body, toks, rng, "according to", 0.8, touches)
    if lead in {":", ","}:
        return _intro_attribution(body, toks[:-1], people, lead)
    return None


def _touches(toks: list[_Tok], last: int, base: str) -> bool:
    """The cue ending at toks[last] leads straight into the quote: 'said “', 'said: “', 'told reporters: “',
    'called it “', 'called his rival “' — not 'said on ABC's “This Week”'."""
    rest = toks[last + 1:]
    if base in _COMPLEMENT_CUES and len(rest) <= 4 and all(_is_word(t) and not _is_cap(t) for t in rest):
        return True
    if not rest or all(not _is_word(t) for t in rest):
        return True
    if rest[-1].text in {":", ","} and len(rest) <= 6:
        return True
    words = [t.low for t in rest]
    return words[-1] in {"that", "as", "it", "them", "him", "her", "this", "these", "those"} and len(words) <= 4


def _cue_subject(toks: list[_Tok], ci: int, last: int, base: str, people: _People) -> tuple[int, int] | None:
    """Subject of the cue at toks[ci] in the text before a quote."""
    i = _skip_back(toks, ci - 1)
    participle = toks[ci].low.endswith("ing")
    if i >= 0 and participle and (toks[i].low in _PRONOUNS or people.at(toks[i].start, toks[i].end)):
        return _np_backward(toks, i, people)  # 'with Trump reportedly yelling: “…”'
    if participle and i >= 1 and toks[i].text == ",":
        # 'Spicer said, adding, “…”': the participle shares the subject of the cue just before it
        for k in range(i - 1, max(-1, i - 4), -1):
            finite = _cue_at(toks, k)
            if finite is not None and not toks[k].low.endswith("ing"):
                return _cue_subject(toks, k, finite[0], finite[1], people)
    if participle or (i >= 0 and toks[i].low in {"and", "but", "then", "or", "to"}):
        return _clause_subject(toks, ci, people)  # 'Trump hit back, saying', 'was prompted to say'
    if i >= 0 and toks[i].text == ",":
        j = i - 1
        while j >= 0 and ci - j < 30 and toks[j].text not in {",", ";", ":"}:
            j -= 1
        rng = None
        between = toks[j + 1: i]
        if between and all(_is_cap(t) or t.low in _NAME_PARTICLES for t in between) and (
                people.at(between[0].start, between[-1].end) is not None or (j > 0 and toks[j - 1].text.islower())):
            # '…, Gov. John Kasich (R-OH), said', 'their leader, Tom Vale, insisted': the name is the subject
            return j + 1, i
        if j >= 0 and toks[j].text == ",":
            rng = _np_backward(toks, _skip_back(toks, j - 1), people)  # 'Garin, a pollster, said'
        return rng or _clause_subject(toks, ci, people)
    if i >= 0 and toks[i].low in _RELATIVES and toks[i].text.islower():
        return i, i + 1
    rng = _np_backward(toks, i, people)
    if rng is None:  # 'a White House official who spoke anonymously to discuss strategy said'
        rel = next((k for k in range(i - 1, max(-1, i - 15), -1) if toks[k].low in {"who", "which"}
                    or toks[k].text in {".", ";", ":", _QTOK}), None)
        if rel is not None and toks[rel].low in {"who", "which"}:
            rng = _np_backward(toks, _skip_back(toks, rel - 1) - (toks[rel - 1].text == ","), people)
    if rng is None and base not in _NO_INVERSION:
        rng = _np_forward(toks, last + 1, people)  # 'Said Mr. Garin: “…”'
    return rng


def _intro_attribution(body: str, toks: list[_Tok], people: _People, lead: str) -> _Attribution | None:
    """No known cue, but the quote is introduced by a colon or a comma: 'Clinton: “Our goal…”',
    'Former secretary of state Hillary Rodham Clinton: “…”', 'Hillary Clinton cracked, “…”',
    'She then addressed the crowd: “…”', 'Trump issued a statement, “…”'."""
    if not toks:
        return None
    cut = max((j for j, t in enumerate(toks) if t.text in {",", "—", "–", "-", ";", _QTOK}), default=-1)
    name = toks[cut + 1:]
    while name and (name[0].low in _LEADING_NOISE or name[0].low in _INTRO_WORDS):
        name = name[1:]
    if lead == ":" and 0 < len(name) <= 8 and _is_cap(name[-1]) and _is_cap(name[0]) \
            and not any(t.text.islower() and (t.low in _AUXILIARIES or _cue_at(name, j) is not None)
                        for j, t in enumerate(name)):
        return _make(body, name, (0, len(name)), ":", 0.6, True)  # a speaker label
    verb = toks[-1]
    if verb.text.islower() and verb.low.endswith("ed") and len(toks) >= 2:
        rng = _np_backward(toks, _skip_back(toks, len(toks) - 2), people)
        if rng is not None and (toks[rng[0]].low in _PRONOUNS or _is_cap(toks[rng[0]])):
            return _make(body, toks, rng, verb.text, 0.55, True)  # 'Hillary Clinton cracked, “…”'
    rng = _clause_subject(toks, len(toks), people, strict=True)
    if rng is None:
        return None
    return _make(body, toks, rng, lead, 0.5 if lead == ":" else 0.4, lead == ":")


# ----------------------------------------------------------------------------- quote type and filters
def _word_count(text: str) -> int:
    return len(WORD.findall(text))


def _looks_like_title(text: str) -> bool:
    words = TITLE_WORD.findall(text)
    content = [w for w in words if w.lower() not in _TITLE_STOPWORDS]
    return bool(content) and all(w[0].isupper() for w in content)


def _classify_segment(body: str, sg: _Segment, para: tuple[int, int], prev_end: int) -> None:
    """Set quote_type and drop what is not a quotation (titles, nicknames, scare quotes, subheads)."""
    para_start, para_end = para
    text = body[sg.start: sg.end]
    words = _word_count(text)
    lead = body[max(prev_end, sg.open_pos - 80): sg.open_pos].rstrip()
    stripped = text.lstrip("\"'“”‘’«»„ .…[(")
    starts_upper = bool(stripped[:1]) and (stripped[0].isupper() or stripped[0].isdigit())
    sentence_start = (not lead or lead.endswith((":", ".", "!", "?", "—", "–", "-", ",", ";", "…"))
                      or sg.open_pos == para_start or _last_word(lead) in _CUE_FORM)
    sg.quote_type = "full" if (starts_upper and sentence_start) or sg.reopened else "partial"
    if sg.reopened or sg.continues:
        return
    ends_punct = text.rstrip()[-1:] in {".", ",", "!", "?", "…", "—", "-", "–"}
    title = words <= 8 and _looks_like_title(text)
    if _SCARE_PREFIX.search(lead) and words <= 8:
        sg.scare = True  # 'the so-called “coalition of the willing”'
    elif _TITLE_PREFIX.search(lead) and words <= 10 and not sg.tight:
        sg.keep = False
    elif title and _CUE_FORM.get((sg.cue or "").lower()) in _COMPLEMENT_CUES:
        sg.keep = False  # a name, not words spoken: 'a play called “Sons of the Desert”'
    elif words <= 6 and not sg.tight and USED_AS_NOUN.match(body, sg.close_end):
        sg.keep = False  # '“Top secret” is the highest level of classification'
    elif words <= 10 and sg.open_pos == para_start and sg.close_end == para_end and body[sg.open_pos] in "‘'":
        sg.keep = False  # a subhead set in single quotes on a line of its own
    elif title:
        sg.keep = sg.tight
    elif words <= 6 and sg.quote_type == "partial":
        # words quoted inside reported speech ('told allies the talks were ‘the only road’') keep the
        # speaker of that speech; a short phrase with no speech around it is a scare quote
        sg.scare = not (sg.tight or sg.reported)
    elif sg.cue is None and (words <= 3 or (not ends_punct and sg.quote_type == "partial")) and not (
            lead.endswith(":") and ends_punct and sg.quote_type == "full"):
        sg.scare = True  # but a sentence quoted after a colon is speech in any language ('sagte: „…“')
    if sg.scare:
        sg.quote_type = "scare"


# ----------------------------------------------------------------------------- main entry point
def extract_quotes(body: str, people: Sequence[tuple[str, int, int]] = (), *, keep_scare: bool = False) -> list[Quote]:
    """Direct quotations in ``body`` with their speakers, in text order, never overlapping.

    ``people`` lists (canonical name, start, end) for every PERSON mention the NER stage found; it may be
    empty, in which case speakers are read from the text alone ("Mr. X said", "said Jane Doe"). Malformed
    entries are ignored. ``confidence`` says how sure the attribution is: about 0.9 for a cue touching the
    quote, 0.5-0.7 for a speaker carried over from a neighbouring quote or sentence, 0.3 with no speaker;
    lower again for a quote whose closing mark is missing. Scare quotes (a short phrase in quote marks that
    no reporting verb introduces: 'the so-called ‘coalition of the willing’') are returned only with
    ``keep_scare``, typed ``scare`` and without a speaker: they are not speech.
    """
    if not isinstance(body, str) or not body:
        return []
    paras = paragraph_spans(body)
    if not paras or not QUOTE_MARK.search(body):
        return []
    people_index = _People(body, people or ())
    per_para = _segments(body, paras)
    _link_chains(per_para)
    for pi, segs in enumerate(per_para):
        ps, pe = paras[pi]
        masks = _Masks([(sg.open_pos, sg.close_end) for sg in segs])
        for k, sg in enumerate(segs):
            next_start = segs[k + 1].open_pos if k + 1 < len(segs) else pe
            next_quote = k + 1 < len(segs)
            if k and _second_part(body, segs[k - 1], sg, next_start, next_quote, people_index, masks):
                continue
            _attribute(body, sg, _window_start(segs, k, ps), next_start, next_quote, people_index, masks)
    _share_within_chains(per_para)
    _inherit(body, paras, per_para, people_index)
    out: list[Quote] = []
    for pi, segs in enumerate(per_para):
        ps = paras[pi][0]
        for k, sg in enumerate(segs):
            _classify_segment(body, sg, paras[pi], segs[k - 1].close_end if k else ps)
            if not sg.keep or (sg.scare and not keep_scare):
                continue
            conf = sg.confidence if sg.mention else 0.3
            if not sg.closed and not sg.continues:
                conf *= 0.8
            attributed = sg.mention is not None and not sg.scare
            out.append(Quote(text=body[sg.start: sg.end], start=sg.start, end=sg.end, speaker=None,
                             speaker_mention=sg.mention if attributed else None,
                             cue=sg.cue if attributed else None, quote_type=sg.quote_type, paragraph=pi,
                             confidence=round(max(0.05, min(1.0, conf)), 3),
                             mention_start=sg.mention_start if attributed else None,
                             mention_end=sg.mention_end if attributed else None,
                             referent_start=sg.referent_start if attributed else None,
                             referent_end=sg.referent_end if attributed else None,
                             inherited=sg.inherited and attributed))
    return out


def _second_part(body: str, prev: _Segment, sg: _Segment, next_start: int, next_quote: bool, people: _People,
                 masks: _Masks) -> bool:
    """'“We will win,” she said, “and then we will govern.”': the second part of a split quote takes the
    attribution standing between the parts, unless it has its own or a new subject comes after it."""
    if not prev.mention or not prev.close_end <= prev.mention_start < sg.open_pos:
        return False
    if _boundaries(body, prev.close_end, sg.open_pos):
        return False
    if sg.closed and _after_attribution(body, sg, next_start, next_quote, people) is not None:
        return False
    gap = _before_attribution(body, prev.close_end, sg.open_pos, people, masks)
    if gap is not None and gap.mention_start > prev.mention_start:
        return False
    _copy(sg, prev, prev.confidence)
    sg.tight = gap is not None and gap.tight
    return True


def _link_chains(per_para: list[list[_Segment]]) -> None:
    """Number the parts of each multi-paragraph quote with one chain id."""
    chain = 0
    prev: _Segment | None = None
    for segs in per_para:
        for sg in segs:
            if sg.reopened and prev is not None and prev.continues:
                sg.chain = prev.chain
            else:
                chain += 1
                sg.chain = chain
        prev = segs[-1] if segs else None


def _set(sg: _Segment, att: _Attribution, people: _People, confidence: float | None = None) -> None:
    sg.mention, sg.cue, sg.tight = att.mention, att.cue, att.tight
    sg.mention_start, sg.mention_end = att.mention_start, att.mention_end
    ref = att.antecedent if att.antecedent is not None else att
    sg.referent_start, sg.referent_end = ref.mention_start, ref.mention_end
    sg.confidence = att.confidence if confidence is None else confidence


def _window_start(segs: list[_Segment], k: int, para_start: int) -> int:
    """Where the text searched for the cue of segs[k] may begin at the earliest: a cue more than two
    quotes back is not this quote's, and the bound keeps a paragraph of many short quotes linear."""
    return max(para_start, segs[k - _MAX_QUOTES_BACK].close_end) if k >= _MAX_QUOTES_BACK else para_start


def _attribute(body: str, sg: _Segment, para_start: int, next_start: int, next_quote: bool, people: _People,
               masks: _Masks) -> None:
    """Speaker of one quote from its own sentence: a cue after it first, else one before it."""
    att = _after_attribution(body, sg, next_start, next_quote, people) if sg.closed else None
    if att is not None and next_quote and body[sg.close_end: next_start].rstrip().endswith((",", ":")) \
            and not _boundaries(body, sg.close_end, next_start):
        # the words after this quote introduce the next one ('When someone shouted, “Cruz,” Beck joked,
        # “…”'): a cue touching this quote from before is its own
        head = _sentence_tail(body, max(para_start, sg.open_pos - _WINDOW), sg.open_pos, masks)
        before = _before_attribution(body, head, sg.open_pos, people, masks) if head < sg.open_pos else None
        if before is not None and before.tight and before.cue.isalpha():
            att = before
    if att is None:
        head = _sentence_tail(body, max(para_start, sg.open_pos - _WINDOW), sg.open_pos, masks)
        if head < sg.open_pos:
            att = _before_attribution(body, head, sg.open_pos, people, masks)
    if att is not None:
        _set(sg, att, people)
        sg.reported = is_reporting_verb(att.cue.split()[0]) if att.cue else False


def _share_within_chains(per_para: list[list[_Segment]]) -> None:
    """All parts of one multi-paragraph quote get the speaker found for any part."""
    best: dict[int, _Segment] = {}
    for segs in per_para:
        for sg in segs:
            if sg.mention and sg.chain not in best:
                best[sg.chain] = sg
    for segs in per_para:
        for sg in segs:
            src = best.get(sg.chain)
            if src is not None and not sg.mention:
                _copy(sg, src, src.confidence - 0.05)


def _copy(sg: _Segment, src: _Segment, confidence: float) -> None:
    sg.mention, sg.cue, sg.mention_start, sg.mention_end = src.mention, src.cue, src.mention_start, src.mention_end
    sg.referent_start, sg.referent_end = src.referent_start, src.referent_end
    sg.inherited = True
    sg.confidence = confidence


def _quote_fills(body: str, sg: _Segment, para: tuple[int, int]) -> bool:
    return len(WORD.findall(body[para[0]: sg.open_pos])) + len(WORD.findall(body[sg.close_end: para[1]])) <= 2


def _inherit(body: str, paras: list[tuple[int, int]], per_para: list[list[_Segment]], people: _People) -> None:
    """Quotes with no cue of their own take the speaker of the sentence before them ('Trump disagreed.
    “It is wrong.”'), of the previous quote in the paragraph ('“A,” he said. “B.”'), of a credit line
    after them ('- Bernie Sanders'), of a paragraph that ends with a cue and a colon, or of the quote in the
    previous paragraph when theirs holds only a quote."""
    for pi, segs in enumerate(per_para):
        masks = _Masks([(s.open_pos, s.close_end) for s in segs])
        earlier: _Segment | None = None  # the last quote of this paragraph that has a speaker
        for k, sg in enumerate(segs):
            if sg.mention is None:
                _inherit_one(body, paras, per_para, pi, k, earlier, masks, people)
            if sg.mention is not None:
                earlier = sg


def _inherit_one(body: str, paras: list[tuple[int, int]], per_para: list[list[_Segment]], pi: int, k: int,
                 earlier: _Segment | None, masks: _Masks, people: _People) -> None:
    segs = per_para[pi]
    sg = segs[k]
    ps = _window_start(segs, k, paras[pi][0])
    head = _sentence_tail(body, max(ps, sg.open_pos - _WINDOW), sg.open_pos, masks)
    if head > ps:
        prev_head = _sentence_tail(body, max(ps, head - _WINDOW), head - 1, masks)
        if earlier is not None and earlier.close_end > prev_head:
            _copy(sg, earlier, min(earlier.confidence, 0.7))  # a quote in the previous sentence
            return
        att = _before_attribution(body, prev_head, head, people, masks)
        if att is not None:
            _set(sg, att, people, min(att.confidence, 0.6))
            sg.tight = False
            return
    if earlier is not None:
        _copy(sg, earlier, min(earlier.confidence, 0.65))
        return
    later = segs[k + 1] if k + 1 < len(segs) else None
    if later is not None and later.mention and sg.close_end <= later.mention_start < later.open_pos \
            and len(WORD.findall(body[sg.close_end: later.open_pos])) <= 12:
        _copy(sg, later, min(later.confidence, 0.6))  # '“I am not hiding it.” After all, he says, “…”'
        return
    if k == len(segs) - 1 and pi + 1 < len(paras) and _quote_fills(body, sg, paras[pi]):
        m = DASH_CREDIT.match(body, *paras[pi + 1])
        if m is not None:
            _set(sg, _Attribution(m.group("name"), m.start("name"), m.end("name"), "—", 0.6, True), people)
            return
    if k == 0 and pi > 0 and len(WORD.findall(body[ps: sg.open_pos])) <= 3:
        prev_ps, prev_pe = paras[pi - 1]
        prev_segs = per_para[pi - 1]
        if body[prev_pe - 1] == ":":
            prev_masks = _Masks([(s.open_pos, s.close_end) for s in prev_segs])
            head = _sentence_tail(body, max(prev_ps, prev_pe - _WINDOW), prev_pe, prev_masks)
            att = _before_attribution(body, head, prev_pe, people, prev_masks)
            if att is not None:
                _set(sg, att, people, min(att.confidence, 0.7))
                return
        if prev_segs and prev_segs[-1].mention:
            _copy(sg, prev_segs[-1], min(prev_segs[-1].confidence, 0.55))
