"""Speakers are entities: the name a quote is credited to is an entity of its article under that name.

Analysts join ``quotes.speaker`` to ``entities.entity``; a speaker the NER stage missed ('said Mr.
Ekovich') or labelled as something else ('Kasich' as a place) would break that join.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from transforms.entities import Entity
from transforms.speakers.referents import clean_person_name
from transforms.speakers.resolve import ORGANISATION, PERSON

LABEL_OF = {PERSON: "PERSON", ORGANISATION: "ORG"}


def with_speakers(entities: Sequence, quotes: Sequence) -> list:
    """``entities`` plus one entity per named speaker that is not already an entity of that name and
    label; an entity whose name a speaker takes under another label is relabelled (speech says it is a
    person or an organisation, not a place). Mentions are the speaker mentions as written."""
    out = list(entities)
    index = {e.name: k for k, e in enumerate(out)}
    added: dict[str, tuple[str, list[str], list[tuple[int, int]]]] = {}
    for q in quotes:
        label = LABEL_OF.get(q.speaker_type or "")
        if not q.speaker or label is None:
            continue
        k = index.get(q.speaker)
        if k is None:
            k = _renamed(out, q, label)
            if k is not None:  # the entity the mention falls in, under the speaker's cleaner name
                index.pop(out[k].name, None)
                out[k] = dataclasses.replace(out[k], name=q.speaker)
                index[q.speaker] = k
        if k is not None:
            if out[k].label != label and q.speaker_resolution == "explicit":
                out[k] = dataclasses.replace(out[k], label=label)
            continue
        if q.speaker_resolution not in ("explicit", "surname") or q.mention_start is None:
            continue  # a pronoun or role noun is not the name: nothing to add without the name in the text
        entry = added.setdefault(q.speaker, (label, [], []))
        if q.speaker_mention not in entry[1]:
            entry[1].append(q.speaker_mention)
        span = (q.mention_start, q.mention_end)
        if span not in entry[2]:
            entry[2].append(span)
    for name, (label, mentions, spans) in added.items():
        out.append(Entity(name=name, label=label, mentions=tuple(mentions), spans=tuple(sorted(spans))))
    return out


def _renamed(entities: list, q, label: str) -> int | None:
    """The entity of ``label`` whose name, cleaned of titles, is the speaker's and that has a mention under
    the quote's speaker mention ('Sen. Jane Doe' for the speaker 'Jane Doe')."""
    if q.mention_start is None:
        return None
    for k, e in enumerate(entities):
        if e.label == label and clean_person_name(e.name) == q.speaker and any(
                s < q.mention_end and t > q.mention_start for s, t in e.spans):
            return k
    return None
