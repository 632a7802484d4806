"""The extract stage's pure core: an article and its named entities -> entities and quotes with speakers.

Quotations are found (``transforms.quotes``), their speakers resolved (``transforms.speakers``), and every
named speaker made an entity of the article, so that ``quotes.speaker`` joins ``entities.entity``.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from transforms.quotes import Quote, extract_quotes
from transforms.rows import people_spans
from transforms.speakers import resolve_speakers
from transforms.speakers.entities import with_speakers


def quotes_and_entities(article: dict[str, Any], entities: Sequence, parser: Any = None) -> tuple[list, list[Quote]]:
    """(entities including the speakers, quotes with resolved speakers) of one article. ``parser`` (a
    ``transforms.speakers.syntax.SubjectParser``) corrects speaker mentions from a dependency parse of the
    sentences that hold them."""
    body = article["body"]
    quotes = extract_quotes(body, people_spans(entities))
    subjects = None
    if parser is not None:
        quotes, subjects = parser.correct(body, quotes, entities)
    quotes = resolve_speakers(body, quotes, entities, article.get("authors") or (), subjects)
    return with_speakers(entities, quotes), quotes
