"""Reporting verbs: the lexicon of cue verbs, their inflections, and whether a token starts a cue."""
from __future__ import annotations

import re

from transforms.quotes.lexicon import _BETWEEN_SUBJECT_AND_CUE, _PRONOUNS, _RELATIVES, _TAIL_PRONOUNS, _words
from transforms.quotes.tokens import _QTOK, _is_cap, _is_determiner, _is_word, _Tok

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
    "mock affirm thank"
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
                 "praise", "blast", "urge", "thank"}  # "..., told X" is not an attribution


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
_READ_SUBJECTS = _words("statement release letter post tweet message note sign signs banner memo report "
                        "email text it caption headline placard poster ad advertisement card editorial "
                        "article column ruling opinion document filing complaint lawsuit indictment order "
                        "website site page motion bill resolution petition invitation flyer shirt t-shirt")
# nouns used as verbs far more rarely than as nouns: their bare and -s forms are not cues
_NOUNISH_CUES = _words("report post text email message quote cite estimate charge counter answer state "
                       "question note label brand reply claim comment statement call tweet chant shout cry "
                       "yell joke remark boast promise vow plea read")
_COMPLEMENT_CUES = _words("call dub label brand deem describe term")  # 'called his rival “…”'


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
                                  or prev.low in {"who", "which", "that", "to"}
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


def reporting_verb_base(word: str) -> str | None:
    """'stating' -> 'state', 'told' -> 'tell': the base of any inflected reporting verb, participles
    included; None for other words and for nouns that are rarely verbs ('report', 'statement')."""
    low = word.lower()
    if low in _NOUNISH_CUES or not word.islower():
        return None
    return _CUE_FORM.get(low)


def is_reporting_verb(word: str) -> bool:
    """'said', 'tells', 'added', 'wrote': a finite form of a reporting verb (not its -ing form)."""
    low = word.lower()
    return low in _CUE_FORM and not low.endswith("ing") and _CUE_FORM[low] not in _NEEDS_PARTICLE
