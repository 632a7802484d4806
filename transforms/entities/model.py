"""Mentions in, entities out: the records the entity stages pass between them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mention:
    """One NER span in the body: ``body[start:end] == text``."""

    text: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """One distinct entity of an article."""

    name: str                                   # canonical name within the article
    label: str                                  # PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...
    mentions: tuple[str, ...]                   # distinct surface forms, first-seen order
    spans: tuple[tuple[int, int], ...]          # every mention, (start, end) into body, sorted


# Numbers, dates and amounts are not named entities: analysts count people, places and organisations.
# They are dropped unless asked for (``keep_numeric=True``).
NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    label: str
    source: str          # "ner" (the tagger), "rule" (a pattern here), "link" (a known name found again)
    team: bool = False   # in a team position (results line, "X beat Y")
    pinned: bool = False  # label fixed by its position (a dateline place), not by the article-wide vote
