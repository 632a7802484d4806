"""The grammatical subject of each quote's reporting verb, from spaCy's dependency parser.

The rules in ``transforms.quotes`` find the words next to a quote's cue; in a long reporting clause they
can take the last name before the verb for its subject ('… the timing of Sanders’ surge, Republican
pollster Daron Shaw said'). The parser reads the clause. It runs only on the sentences that hold a quote's
attribution, so its cost grows with the quotes, not with the article.

``SubjectParser.correct(body, quotes, entities)`` returns the quotes with the mention replaced where the
parse and the rules disagree and the parse is the better witness: its subject names an entity or is a
pronoun, and the rules' mention names none. It also gives the subject of each parsed sentence, and of
the two sentences before a quote credited to a pronoun, which is what pronoun resolution weighs.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence

from transforms.quotes import is_reporting_verb, sentence_starts
from transforms.rows import PERSON_LABELS

SUBJECT_DEPS = frozenset({"nsubj"})
PRONOUN_SUBJECTS = frozenset({"he", "she", "they", "i", "we"})
NAME_LABELS = PERSON_LABELS | {"ORG"}
CONTEXT_SENTENCES = 2     # sentences before a pronoun-attributed quote whose subjects are parsed
MAX_SENTENCE_CHARS = 600  # a 'sentence' longer than this is a list or a table: the rules' answer stands
# Penn Treebank tags, read straight from the tagger: the attribute ruler that maps them to coarse parts of
# speech is not loaded (it ran a Matcher over every parsed sentence for two checks)
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
PROPER_NOUN_TAGS = frozenset({"NNP", "NNPS"})
OF_PHRASE = re.compile(r"\b(?:of|for|about|against|with|to|from)\s")


class SubjectParser:
    """spaCy's tagger and dependency parser (no NER), loaded once per worker."""

    def __init__(self, model: str = "en_core_web_sm") -> None:
        from transforms.entities import load_spacy_model, use_numpy_blas

        self.nlp = use_numpy_blas(load_spacy_model(model, exclude=["ner", "lemmatizer", "senter", "attribute_ruler"]))
        self.parsed_sentences = 0
        self.parsed_chars = 0

    def correct(self, body: str, quotes: Sequence, entities: Sequence = ()) -> tuple[list, dict[int, tuple[int, int]]]:
        """(``quotes`` with speaker mentions taken from the parse where it knows better, the subject span of
        every parsed sentence by the sentence's start); see the module docstring."""
        todo = [k for k, q in enumerate(quotes) if q.mention_start is not None and q.cue and q.cue.isalpha()
                and is_reporting_verb(q.cue.split()[0]) and not q.inherited]
        if not todo:
            return list(quotes), {}
        quoted = [(q.start - 1, q.end + 1) for q in quotes]
        starts = sentence_starts(body, quoted)
        spans: dict[tuple[int, int], list[int]] = {}
        for k in todo:
            q = quotes[k]
            span = _clause_around(starts, len(body), q)
            if span[1] - span[0] <= MAX_SENTENCE_CHARS:
                spans.setdefault(span, []).append(k)
        if not spans:
            return list(quotes), {}
        # a pronoun's antecedent is read off the subjects of the sentences before it: parse those too
        context: set[tuple[int, int]] = set()
        for k in todo:
            q = quotes[k]
            if q.speaker_mention and q.speaker_mention.lower() in PRONOUN_SUBJECTS:
                i = max(0, bisect.bisect_right(starts, q.mention_start) - 1)
                for j in range(max(0, i - CONTEXT_SENTENCES), i):
                    span = (starts[j], starts[j + 1])
                    if span[1] - span[0] <= MAX_SENTENCE_CHARS and span not in spans:
                        context.add(span)
        names = sorted((s, e) for ent in entities if ent.label in NAME_LABELS for s, e in ent.spans)
        order = list(spans) + sorted(context)
        out = list(quotes)
        subjects: dict[int, tuple[int, int]] = {}
        for span, doc in zip(order, self.nlp.pipe(body[s:e] for s, e in order), strict=True):
            self.parsed_sentences += 1
            self.parsed_chars += span[1] - span[0]
            main = _main_subject(doc, span[0])
            if main is not None:
                subjects[span[0]] = main
            for k in spans.get(span, ()):
                found = _cue_subject(doc, span[0], quotes[k])
                if found is None or found[0] is None:
                    continue
                subject, passive = found
                if (passive and _overlaps(names, *subject)) or _better(body, quotes[k], subject, names):
                    s, e = subject
                    out[k] = dataclasses.replace(quotes[k], speaker_mention=body[s:e], mention_start=s,
                                                 mention_end=e, referent_start=s, referent_end=e)
        return out, subjects


def _sentence_around(starts: Sequence[int], n: int, pos: int) -> tuple[int, int]:
    k = max(0, bisect.bisect_right(starts, pos) - 1)
    return starts[k], starts[k + 1] if k + 1 < len(starts) else n


def _clause_around(starts: Sequence[int], n: int, q) -> tuple[int, int]:
    """The words of the quote's sentence on the side of its attribution, without the quotation itself:
    the parse needs the reporting clause, and a long quotation would only cost time."""
    s, e = _sentence_around(starts, n, q.mention_start)
    if q.mention_start >= q.end:
        return max(s, q.end + 1), e
    if q.mention_end <= q.start:
        return s, min(e, q.start - 1)
    return s, e


def _main_subject(doc, offset: int) -> tuple[int, int] | None:
    """(start, end) in body of the subject of the sentence's main verb (or of a reporting verb in it:
    'Obama's remark, Biden said' -> Biden), outside quotations."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    # a reporting verb of an adverbial clause ('After he blasted the film, Swanson …') is not the main one
    verbs = [t for t in doc if t.tag_ in VERB_TAGS and is_reporting_verb(t.text) and t.dep_ != "advcl"] + roots
    for verb in verbs:
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return _phrase(doc, offset, subjects[0])
    return None


def _phrase(doc, offset: int, head) -> tuple[int, int] | None:
    left = head.left_edge
    while left.i < head.i and (left.is_punct or (left.dep_ in ("det", "poss", "case") and left.i + 1 < head.i
                               and not left.text[:1].isupper())):
        left = doc[left.i + 1]
    last = head
    named = [c for c in head.rights if c.dep_ == "appos" and c.tag_ in PROPER_NOUN_TAGS]
    if named and named[0].i - head.i <= 4:
        last = named[0]  # 'the pollster Daron Shaw': the name in apposition is who the subject is
    start = offset + left.idx
    end = offset + last.idx + len(last.text)
    return (start, end) if end > start else None


def _cue_subject(doc, offset: int, q) -> tuple[tuple[int, int] | None, bool] | None:
    """((start, end) in body, passive) of who the reporting verb nearest the rules' mention has speaking:
    its subject's head with the words before it in its phrase ('Republican pollster Daron Shaw'), or the
    agent of a passive ('was asked by Bill Maher')."""
    verb_word = q.cue.split()[0].lower()
    verbs = [t for t in doc if t.text.lower() == verb_word]
    if not verbs:
        return None
    here = q.mention_start - offset
    verb = min(verbs, key=lambda t: abs(t.idx - here))
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents:
        return _phrase(doc, offset, agents[0]), True  # 'X was asked by host Bill Maher, “…”'
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subjects:
        return None
    return _phrase(doc, offset, subjects[0]), False


def _overlaps(names: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and e > start for s, e in names)


def _better(body: str, q, subject: tuple[int, int], names: Sequence[tuple[int, int]]) -> bool:
    s, e = subject
    ms, me = q.mention_start, q.mention_end
    if s < me and e > ms:
        return False  # the same words: nothing to correct
    text = body[s:e]
    subject_names = _overlaps(names, s, e)
    if not (subject_names or text.lower() in PRONOUN_SUBJECTS):
        return False
    if q.speaker_mention and q.speaker_mention.lower() in PRONOUN_SUBJECTS:
        return False  # a pronoun next to the cue is what the parse would have found too
    # a name next to the cue outweighs the parse, unless it only qualifies another noun ('the rise of Vidal')
    return not any(s2 < me and e2 > ms and OF_PHRASE.search(body, ms, max(ms, s2)) is None for s2, e2 in names)
