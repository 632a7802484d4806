"""The entry point: quote types and filters (titles, scare quotes, subheads), and ``extract_quotes``."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from transforms.quotes.attribution import (
    _attribute,
    _inherit,
    _introduced_chains,
    _link_chains,
    _second_part,
    _share_within_chains,
    _window_start,
)
from transforms.quotes.cues import _COMPLEMENT_CUES, _CUE_FORM
from transforms.quotes.lexicon import _TITLE_STOPWORDS
from transforms.quotes.marks import QUOTE_MARK, _last_word, _Segment, _segments, paragraph_spans
from transforms.quotes.phrases import _People
from transforms.quotes.tokens import WORD, _Masks

QUOTED_NAME_WORDS = 4


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
_SCARE_PREFIX = re.compile(r"(?:so[- ]called|self[- ](?:described|styled|proclaimed)|quote[- ]unquote|air quotes)"
                           r"\W*$", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"(?:titled|entitled|headlined|the (?:book|film|movie|song|show|album|"
                           r"word|words|term|phrase|slogan|hashtag|label|headline|column|op-ed))\W*$",
                           re.IGNORECASE)
TITLE_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
# a quoted phrase that is the subject of its own sentence is mentioned, not quoted
USED_AS_NOUN = re.compile(r"\s+(?:is|was|are|were|has|had|means|meant|remains|became|becomes)\b")


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
def _quoted_name(body: str, sg) -> bool:
    """A closed quote of at most four capitalised words: a name or a title ('“Ted Cruz”', '“Scandal”')."""
    words = body[sg.start: sg.end].split()
    return sg.closed and 0 < len(words) <= QUOTED_NAME_WORDS and all(w[:1].isupper() for w in words)


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
            # a name in quote marks inside the attribution ('…,” delegate Bill Eastland, wearing “Ted Cruz”
            # pins, said') is part of its words, not the next quote
            j = k + 1
            while j < len(segs) and _quoted_name(body, segs[j]):
                j += 1
            next_start = segs[j].open_pos if j < len(segs) else pe
            next_quote = j < len(segs)
            if k and _second_part(body, segs[k - 1], sg, next_start, next_quote, people_index, masks):
                continue
            _attribute(body, sg, _window_start(segs, k, ps), next_start, next_quote, people_index, masks)
            if sg.mention and sg.mention_start >= sg.close_end:
                for inner in segs[k + 1: j]:
                    inner.in_attribution = True
    introduced = _introduced_chains(body, paras, per_para)
    _share_within_chains(per_para, defer=introduced)
    _inherit(body, paras, per_para, people_index)
    if introduced:
        _share_within_chains(per_para)
    out: list[Quote] = []
    for pi, segs in enumerate(per_para):
        ps = paras[pi][0]
        for k, sg in enumerate(segs):
            _classify_segment(body, sg, paras[pi], segs[k - 1].close_end if k else ps)
            if not sg.keep or sg.in_attribution or (sg.scare and not keep_scare):
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
