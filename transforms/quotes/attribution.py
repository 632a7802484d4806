"""The speaker mention next to a quote: a cue after or before it, split quotes, multi-paragraph chains, and
attributions inherited from neighbouring quotes and sentences."""
from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.quotes.cues import _COMPLEMENT_CUES, _NO_INVERSION, _cue_at, is_reporting_verb
from transforms.quotes.lexicon import (
    _AUXILIARIES,
    _CLAUSE_WORDS,
    _CONTROL_VERBS,
    _EXPERIENCER_VERBS,
    _FORWARD_STOP,
    _INTRO_WORDS,
    _LEADING_NOISE,
    _NAME_PARTICLES,
    _OBJECT_PREPOSITIONS,
    _PASSIVE_AUXILIARIES,
    _PRONOUNS,
    _REGION_PREPOSITIONS,
    _RELATIVES,
    _TAIL_PRONOUNS,
    _TITLE_WORDS,
)
from transforms.quotes.marks import _CLOSE_GLYPHS, _NEUTRAL_GLYPHS, _OPEN_GLYPHS, _boundaries, _Segment, _sentence_tail
from transforms.quotes.phrases import _clause_subject, _np_back, _np_backward, _np_forward, _People, _skip_back
from transforms.quotes.tokens import _QTOK, WORD, _is_cap, _is_determiner, _is_word, _Masks, _Tok, _tokens

SPACE_RUN = re.compile(r"\s+")
# an epigraph-style credit on the line after a quote: "- Bernie Sanders", "— President Obama, in a tweet"
DASH_CREDIT = re.compile(r"\s*[-—–]+\s*(?P<name>[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,4})\s*(?:[,.;(]|$)")
ACCORDING_TO = re.compile(r"\baccording\s+to\b", re.IGNORECASE)
# '…” from diplomacy to the budget, in Bolton’s view.': whose view, words or account the quote gives
IN_VIEW = re.compile(r"\b[Ii]n\s+(?:(?P<name>(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)[’']s?\s+(?:own\s+)?"
                     r"(?:view|words|opinion|estimation|telling|account|assessment)\b|the\s+(?:words|view)\s+of\s+"
                     r"(?P<of>(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*))")
# 'As the Ledger reported,' opening a lead-in: the report is what the quote below it cites
AS_REPORTED = re.compile(r"\b[Aa]s\s+(?P<name>(?:the\s+)?[A-Z][\w.’'&\-]*(?:\s+(?:of\s+)?[A-Z][\w.’'&\-]*){0,5})"
                         r"\s+(?:has\s+|had\s+|first\s+)?(?P<verb>[a-z]+)(?:\s+[\w’']+){0,4}?\s*,")
_LABEL_WORDS = 4  # a speaker label's name: 'Carl Bialik:', 'Sen. Mary Ann Lind:'
_LEAD_IN_WORDS = 6  # 'Transcript as follows:', 'He went on:'
_WINDOW = 320  # characters of context examined on each side of a quote: keeps the cost linear
_MAX_QUOTES_BACK = 3  # earlier quotes of the same sentence that a cue search may step over


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


class _Passive:
    """The cue is passive with no agent ('Trump was asked, “…”'): its subject was spoken to, not speaking."""


PASSIVE = _Passive()


def _make(body: str, toks: list[_Tok], rng: tuple[int, int], cue: str, conf: float, tight: bool) -> _Attribution:
    a, b = rng
    s, e = toks[a].start, toks[b - 1].end
    text = body[s:e].rstrip(",;:")
    return _Attribution(SPACE_RUN.sub(" ", text), s, s + len(text), cue, conf, tight)


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
    view = None if ended or exclaimed else IN_VIEW.search(body, start, toks[-1].end)
    if view is not None and not any(t.text in {".", "!", "?", _QTOK} for t in toks if t.start < view.start()):
        group = "name" if view.group("name") else "of"
        s, e = view.span(group)
        name = view.group(group)
        if name.endswith(".") and len(name.split()[-1]) > 3:
            name, e = name[:-1], e - 1  # the sentence's full stop, not an initial's
        return _Attribution(name, s, e, "in view", 0.6, False)  # '…” in Bolton’s view'
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
    label = _dash_label(toks, people) if lead == ":" else None
    if label is not None:
        return _make(body, toks, label, ":", 0.7, True)  # 'Pollsters agree – Carl Bialik: “…”'
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
        if rng is PASSIVE:
            asker = _interviewer(body, toks, ci, people)
            return _make(body, toks, asker, cue_text, 0.6, tight) if asker else None
        if rng is None:
            continue
        if lead == ":" and not tight:
            cited = _as_reported(body, toks, start, toks[ci].start)
            if cited is not None:
                return cited
        att = _make(body, toks, rng, cue_text, 0.85 if tight else 0.7, tight)
        if rng[1] - rng[0] == 1 and toks[rng[0]].low in _RELATIVES:
            # 'Mike Lee, who declared, “…”': the mention stays as written, the speaker is what it refers to
            # ('the Ledger report, which notes': a thing's phrase may be a preposition's object, a person's not)
            back = _np_back if toks[rng[0]].low == "which" else _np_backward
            ante = back(toks, _skip_back(toks, rng[0] - 1) - (toks[rng[0] - 1].text == ","), people) \
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


def _as_reported(body: str, toks: list[_Tok], start: int, end: int) -> _Attribution | None:
    """'As the Ledger reported, the council refused to call it a crisis:' -> 'the Ledger'."""
    m = AS_REPORTED.search(body, start, end)
    if m is None or not is_reporting_verb(m.group("verb")):
        return None
    s, e = m.span("name")
    return _Attribution(SPACE_RUN.sub(" ", m.group("name")), s, e, m.group("verb"), 0.6, False)


def _dash_label(toks: list[_Tok], people: _People) -> tuple[int, int] | None:
    """A person's name set off by a dash right before the colon that opens the quote ('… – Carl Bialik:'):
    a speaker label, whatever cue the words before the dash hold."""
    k = len(toks) - 1  # the colon
    j = k - 1
    while j >= 0 and _is_cap(toks[j]) and k - j <= _LABEL_WORDS:
        j -= 1
    if j < 0 or j == k - 1 or toks[j].text not in {"-", "–", "—"}:
        return None
    named = people.at(toks[j + 1].start, toks[k - 1].end)
    return (j + 1, k) if named is not None and named[0] >= toks[j + 1].start else None


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


def _cue_subject(toks: list[_Tok], ci: int, last: int, base: str,
                people: _People) -> tuple[int, int] | _Passive | None:
    """Subject of the cue at toks[ci] in the text before a quote."""
    i = _skip_back(toks, ci - 1)
    participle = toks[ci].low.endswith("ing")
    if i >= 0 and toks[i].low in _PASSIVE_AUXILIARIES and not participle and toks[ci].low != base:
        # 'Sanders was asked by host Bill Maher, “…”': the agent speaks; with no agent nobody named here does
        if last + 2 < len(toks) and toks[last + 1].low == "by":
            return _np_forward(toks, last + 2, people)
        return PASSIVE
    if i >= 0 and participle and (toks[i].low in _PRONOUNS or people.at(toks[i].start, toks[i].end)):
        return _np_backward(toks, i, people)  # 'with Trump reportedly yelling: “…”'
    if participle and i >= 1 and toks[i].text == ",":
        # 'Spicer said, adding, “…”': the participle shares the subject of the cue just before it
        for k in range(i - 1, max(-1, i - 4), -1):
            finite = _cue_at(toks, k)
            if finite is not None and not toks[k].low.endswith("ing"):
                return _cue_subject(toks, k, finite[0], finite[1], people)
    if i >= 1 and toks[i].low == "to":
        end = i - 1
        if toks[end].text == ",":  # 'prompted the atlas, which examines counties, to state': skip the clause
            end = next((k - 1 for k in range(end - 1, max(0, end - 30), -1)
                        if toks[k].text == "," and toks[k + 1].low in _RELATIVES), end)
        controlled = _np_backward(toks, end, people)
        if controlled is not None and controlled[0] > 0 and toks[controlled[0] - 1].low in _CONTROL_VERBS:
            return controlled  # 'That record prompted the atlas to state', 'asked Ann Li to say': the object speaks
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


def _interviewer(body: str, toks: list[_Tok], ci: int, people: _People) -> tuple[int, int] | None:
    """Who asks in 'In an interview with The Ledger, Trump was asked, “…”': the interviewer, named in the
    clause before the passive cue."""
    for j in range(ci - 1, 0, -1):
        if toks[j].text in {".", ";", _QTOK}:
            return None
        if toks[j].low in {"with", "by"} and toks[j - 1].low in {"interview", "interviewed"}:
            rng = _np_forward(toks, j + 1, people)
            if rng is None:
                return None
            end = rng[0] + 1
            while end < rng[1] and (_is_cap(toks[end]) or toks[end].low in {"of", "for", "and"}):
                end += 1
            while end - 1 > rng[0] and not _is_cap(toks[end - 1]):
                end -= 1
            return rng[0], end  # 'The Ledger published online Wednesday' -> 'The Ledger'
    return None


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
            and not any(t.text.islower() and (t.low in _AUXILIARIES or _cue_at(name, j) is not None or (
                t.low.endswith("ed") and t.low not in _TITLE_WORDS)) for j, t in enumerate(name)):
        return _make(body, name, (0, len(name)), ":", 0.6, True)  # a speaker label
    if lead == ":":
        felt = next((j for j in range(len(toks) - 2, max(-1, len(toks) - 12), -1)
                     if toks[j].low in _EXPERIENCER_VERBS and toks[j].text.islower()), None)
        if felt is not None:
            rng = _np_forward(toks, felt + 1, people)
            if rng is not None and rng[1] == len(toks) and _is_cap(toks[rng[1] - 1]):
                return _make(body, toks, rng, ":", 0.5, True)  # '… doesn’t surprise pollster Daron Shaw: “…”'
    verb = toks[-1]
    if verb.text.islower() and verb.low.endswith("ed") and len(toks) >= 2:
        rng = _np_backward(toks, _skip_back(toks, len(toks) - 2), people)
        if rng is not None and (toks[rng[0]].low in _PRONOUNS or _is_cap(toks[rng[0]])):
            return _make(body, toks, rng, verb.text, 0.55, True)  # 'Hillary Clinton cracked, “…”'
    rng = _clause_subject(toks, len(toks), people, strict=True)
    if rng is None:
        return None
    return _make(body, toks, rng, lead, 0.5 if lead == ":" else 0.4, lead == ":")


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


def _introduced_chains(body: str, paras: list[tuple[int, int]], per_para: list[list[_Segment]]) -> set[int]:
    """Chains whose first part opens a paragraph right after one that ends with a colon ('As the Ledger
    reported on Friday:'): that lead-in, not a name inside a later part of the quote, says whose words they are."""
    out: set[int] = set()
    seen: set[int] = set()
    for pi, segs in enumerate(per_para):
        for k, sg in enumerate(segs):
            if sg.chain in seen:
                continue
            seen.add(sg.chain)
            if k == 0 and pi > 0 and not sg.mention and body[paras[pi - 1][1] - 1] == ":" \
                    and len(WORD.findall(body[paras[pi][0]: sg.open_pos])) <= 3:
                out.add(sg.chain)
    return out


def _share_within_chains(per_para: list[list[_Segment]], defer: set[int] = frozenset()) -> None:
    """All parts of one multi-paragraph quote get the speaker found for any part (those of a chain in
    ``defer`` wait until its first part has inherited the lead-in's)."""
    best: dict[int, _Segment] = {}
    for segs in per_para:
        for sg in segs:
            if sg.mention and sg.chain not in best and sg.chain not in defer:
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


def _bare_lead_in(body: str, para: tuple[int, int], people: _People) -> bool:
    """A short paragraph that introduces what follows and names nobody ('Transcript as follows:')."""
    words = WORD.findall(body[para[0]: para[1]])
    return 0 < len(words) <= _LEAD_IN_WORDS and people.at(*para) is None


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
        elif not prev_segs and pi > 1 and body[prev_pe - 1] == ":" and per_para[pi - 2] \
                and per_para[pi - 2][-1].mention and _bare_lead_in(body, paras[pi - 1], people):
            # 'Transcript as follows:' between a quote and the rest of the speech: the speech goes on
            _copy(sg, per_para[pi - 2][-1], min(per_para[pi - 2][-1].confidence, 0.5))
