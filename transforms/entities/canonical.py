"""``canonicalize``: NER mentions to entities with canonical names (the steps are in the package docstring)."""
from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Sequence

from transforms.entities.cleaning import employer_mention, span_pieces
from transforms.entities.labels import decide_labels, looks_like_person
from transforms.entities.linking import group_entities, refind_known_names
from transforms.entities.model import NUMERIC_LABELS, PLACE_LABELS, Candidate, Entity, Mention
from transforms.entities.people import NOT_AN_ENTITY
from transforms.entities.rules import (
    competitor_candidates,
    dateline_candidates,
    initial_name_candidates,
    list_candidates,
    match_candidates,
    table_candidates,
)
from transforms.entities.text import caps_lines, in_ranges, name_key, name_words
from transforms.entities.words import CALENDAR_WORDS, GENERIC_WORDS


def resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: rule mentions first (already merged with the tagger's spans they
    overlap), then the tagger's, then re-found names; longer before shorter within each."""
    rank = {"rule": 0, "ner": 1, "link": 2}
    ordered = sorted(cands, key=lambda c: (rank[c.source], -(c.end - c.start), c.start))
    taken: list[tuple[int, int]] = []
    kept: list[Candidate] = []
    for c in ordered:
        i = bisect.bisect_left(taken, (c.start, c.end))
        if i > 0 and taken[i - 1][1] > c.start:
            continue
        if i < len(taken) and taken[i][0] < c.end:
            continue
        taken.insert(i, (c.start, c.end))
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def merge_rules(ner: list[Candidate], rules: list[Candidate]) -> list[Candidate]:
    """Rule mentions replace tagger mentions they overlap when the rule is more specific."""
    ner = sorted(ner, key=lambda c: (c.start, c.end))
    starts = [c.start for c in ner]
    max_end = list(itertools.accumulate((c.end for c in ner), max))
    dropped: set[int] = set()
    added: list[Candidate] = []
    for r in rules:
        lo = bisect.bisect_right(max_end, r.start)            # first tagger span that may reach r
        hi = bisect.bisect_left(starts, r.end)
        overl = [i for i in range(lo, hi) if i not in dropped and ner[i].end > r.start]
        if not overl:
            added.append(r)
            continue
        exact = [ner[i] for i in overl if ner[i].start == r.start and ner[i].end == r.end]
        if exact:
            for c in exact:
                c.team = c.team or r.team
                c.pinned = c.pinned or r.pinned
                if r.label == "PERSON" and c.label != "PERSON":
                    c.label = "PERSON"
                elif r.label == "GPE" and c.label not in PLACE_LABELS:
                    c.label = "GPE"
            continue
        inside = all(ner[i].start >= r.start and ner[i].end <= r.end for i in overl)
        weak = all(ner[i].label in NUMERIC_LABELS or ner[i].label == "NORP" or
                   (ner[i].label == "PERSON" and ner[i].start == r.start) for i in overl)
        if (r.label == "PERSON" and (inside or weak)) or (r.team and inside):
            dropped.update(overl)
            added.append(r)
    return [c for i, c in enumerate(ner) if i not in dropped] + added


def canonicalize(body: str, mentions: Sequence[Mention], *, keep_numeric: bool = False) -> list[Entity]:
    """Group NER mentions into entities with canonical names (see the package docstring). Never raises."""
    try:
        return _canonicalize(body or "", mentions, keep_numeric)
    except Exception:  # noqa: BLE001 - a bad article must not stop the pipeline: plain grouping instead
        return _fallback(body or "", mentions, keep_numeric)


def _fallback(body: str, mentions: Sequence[Mention], keep_numeric: bool) -> list[Entity]:
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        try:
            if (keep_numeric or m.label not in NUMERIC_LABELS) and 0 <= m.start < m.end <= len(body):
                groups[(name_key(body[m.start:m.end]), m.label)].append(m)
        except Exception:  # noqa: BLE001 - a malformed mention is skipped
            continue
    return [Entity(k[0], k[1], tuple(dict.fromkeys(body[m.start:m.end] for m in ms)),
                   tuple(sorted({(m.start, m.end) for m in ms}))) for k, ms in groups.items() if k[0]]


def _canonicalize(body: str, mentions: Sequence[Mention], keep_numeric: bool) -> list[Entity]:
    n = len(body)
    caps = caps_lines(body)
    # 1. clean the tagger's mentions
    ner: list[Candidate] = []
    for m in mentions:
        if not (0 <= m.start < m.end <= n):
            continue
        if caps and in_ranges(m.start, caps):
            continue
        if m.label in NUMERIC_LABELS:
            if keep_numeric:
                ner.append(Candidate(m.start, m.end, m.label, "ner"))
            if " " not in body[m.start:m.end]:
                continue
            # "11 - Glen Osborne" read as a number: the name left after trimming is kept if it is one
            for s, e in span_pieces(body, m.start, m.end, True):
                if not any(ch.isdigit() for ch in body[s:e]) and looks_like_person(name_words(body[s:e])):
                    ner.append(Candidate(s, e, "PERSON", "ner"))
            continue
        for s, e in span_pieces(body, m.start, m.end, m.label == "PERSON"):
            if any(c.isupper() for c in body[s:e]) and body[s:e].lower() not in GENERIC_WORDS \
                    and body[s:e].lower().rstrip(".") not in CALENDAR_WORDS:
                ner.append(Candidate(s, e, m.label, "ner"))
        if m.label == "PERSON":                            # "Ericsson spokesman Per Lund": Ericsson is an ORG
            employer = employer_mention(body, m.start, m.end)
            if employer is not None:
                ner.append(Candidate(*employer, "ner"))
    # 2. rule-based mentions
    rules = table_candidates(body) + initial_name_candidates(body) + dateline_candidates(body) \
        + competitor_candidates(body)
    rules = [r for r in rules if not (caps and in_ranges(r.start, caps)) or r.label == "GPE" or r.team]
    cands = resolve_overlaps(merge_rules(ner, rules))
    match_candidates(body, cands)
    # 3. relabel with article-wide evidence
    labels = decide_labels(body, cands)
    for c in cands:
        if not c.pinned:
            c.label = labels.get(name_key(body[c.start:c.end]), c.label)
    cands = [c for c in cands if c.label != NOT_AN_ENTITY]
    cands = resolve_overlaps(cands + list_candidates(body, cands))
    # 4. find known names again (also in capitals lines) and link surnames
    cands = resolve_overlaps(cands + refind_known_names(body, cands, caps))
    return group_entities(body, cands)
