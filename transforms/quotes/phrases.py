"""Noun phrases around a cue: the PERSON mentions of an article and the subject or object phrase next to a verb."""
from __future__ import annotations

import bisect
from collections.abc import Sequence

from transforms.quotes.cues import _CUE_FORM, _NOUNISH_CUES, _cue_at
from transforms.quotes.lexicon import (
    _ABBREVIATIONS,
    _AUXILIARIES,
    _BETWEEN_SUBJECT_AND_CUE,
    _CLAUSE_START,
    _CLAUSE_WORDS,
    _COMMON_VERBS,
    _DEMONSTRATIVES,
    _DETERMINERS,
    _FORWARD_STOP,
    _INDEFINITES,
    _INTRO_WORDS,
    _LEADING_NOISE,
    _NAME_PARTICLES,
    _OBJECT_PREPOSITIONS,
    _PARTICIPLE_PREPOSITIONS,
    _PRONOUNS,
    _SENTENCE_ADVERBS,
    _TITLE_WORDS,
)
from transforms.quotes.tokens import _QTOK, _is_cap, _is_determiner, _is_word, _Tok
from transforms.wordlists.names import INITIAL_LIKE_HONORIFICS, is_honorific


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


def _modified_noun(toks: list[_Tok], i: int) -> bool:
    """A cue word used as a noun after a determiner or a name: 'the Associated Press report', 'a tweet'."""
    tok = toks[i]
    base = _CUE_FORM[tok.low]
    return base in _NOUNISH_CUES and tok.low in (base, base + "s") and i > 0 and (
        _is_determiner(toks[i - 1]) or _is_cap(toks[i - 1]))


def _np_back(toks: list[_Tok], i: int, people: _People) -> tuple[int, int] | None:
    if i < 0 or not _is_word(toks[i]):
        return None
    tok = toks[i]
    if tok.low in _PRONOUNS:
        return i, i + 1
    if tok.text.islower() and (tok.low in _CLAUSE_WORDS or tok.low in _AUXILIARIES or (
            tok.low in _CUE_FORM and not _modified_noun(toks, i))):
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
            and (toks[a - 1].low not in _CUE_FORM or _is_cap(toks[a - 1])) and toks[a - 1].low not in _PRONOUNS \
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
        if _is_honorific(toks[k]):
            e = k
            while e + 1 <= j and _is_cap(toks[e + 1]):
                e += 1
            return _np_backward(toks, e, people)
        if toks[k].text in {",", _QTOK}:
            break
    return None


def _is_honorific(tok: _Tok) -> bool:
    """'Mr.', 'Mrs', 'Dame', 'Dr' before a name: capitalised, and not a one-letter form that reads like an
    initial ('M.')."""
    return _is_cap(tok) and is_honorific(tok.text) and tok.low.rstrip(".") not in INITIAL_LIKE_HONORIFICS


def _is_person_start(toks: list[_Tok], k: int, people: _People) -> bool:
    t = toks[k]
    return t.low in _PRONOUNS - {"it"} or people.at(t.start, t.end) is not None or \
        _is_honorific(t) or t.low.rstrip(".") in _ABBREVIATIONS - {"no", "vs", "etc"}


def _person_after_comma(toks: list[_Tok], start: int, stop: int, people: _People) -> bool:
    """'Eight years ago, he supported …', 'Back in 1999, Mr. Trump …': a short opening phrase with no person
    in it, then a comma and a person."""
    comma = next((k for k in range(start, min(stop, start + 7)) if toks[k].text == ","), None)
    if comma is None or comma + 1 >= stop or not _is_person_start(toks, comma + 1, people):
        return False
    return not any(_is_person_start(toks, k, people) for k in range(start, comma))


def _describes_next_name(toks: list[_Tok], k: int, stop: int, people: _People) -> bool:
    """A lowercase noun between a capitalised word and a person's name describes that person: 'Band member
    Flea', 'Labour candidate Ann Li'; not a verb ('Trump told Ann Li')."""
    tok = toks[k]
    if not tok.text.isalpha() or tok.low in _COMMON_VERBS or tok.low.endswith(("ed", "ing", "ly")) \
            or tok.low in _AUXILIARIES or _cue_at(toks, k) is not None:
        return False
    return k + 1 < stop and _is_cap(toks[k + 1]) and people.at(toks[k + 1].start, toks[k + 1].end) is not None


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
            elif not (toks[k].low in _TITLE_WORDS or toks[k].low in _NAME_PARTICLES or toks[k].low == "of"
                      or _describes_next_name(toks, k, b, people)):
                break
        b = end
    if strict and people.at(toks[a].start, toks[b - 1].end) is None and not _is_determiner(toks[a]) \
            and not _is_honorific(toks[a]) and toks[a].low.rstrip(".") not in _ABBREVIATIONS:
        return None
    return (a, b) if b > a else None
