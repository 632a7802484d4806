"""Paragraphs, quote marks and sentences: marks are classified, paired into quoted segments per paragraph,
and sentence boundaries are found outside quotations."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from transforms.quotes.cues import _CUE_FORM
from transforms.quotes.lexicon import _ABBREVIATIONS
from transforms.quotes.tokens import _NO_MASKS, TOKEN, _Masks

# ----------------------------------------------------------------------------- regexes
LINE = re.compile(r"[^\r\n]+")
QUOTE_MARK = re.compile(r"'''|''|``|[\"'“”„‟«»‘’‚‛‹›]")
ABBREV_BEFORE = re.compile(r"(\w+)\W*$")
# a sentence ends at . ! ? before a capital; after a closing quote mark only when the quote ended with a
# period ('“…!” Trump said' goes on)
# (matching only from the start of a run of stops keeps a long "......" linear)
SENTENCE_END = re.compile(r"(?<![.!?…])(?:[.!?…]++[)\]]?|[.…]++(?:''|[”’\"'»]))"
                          r"(?=\s+(?:''|``|[\"“‘'(\[])?[A-Z0-9])")
LETTER = re.compile(r"[^\W\d_]")
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
    in_attribution: bool = False  # a quoted name among the words of another quote's attribution


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
