"""Tokens of an attribution window, the masks that stand for other quotations in it, and token predicates."""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from transforms.quotes.lexicon import _ABBREVIATIONS, _DETERMINERS, _POSSESSIVE_PRONOUNS

TOKEN = re.compile(r"\d+(?::\d+)+(?:-\d+)?|\w+(?:[’'\-.&]\w+)*\.?|[^\w\s]")
WORD = re.compile(r"\w+")


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
