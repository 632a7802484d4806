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


def quotes_and_entities(article: dict[str, Any], entities: Sequence) -> tuple[list, list[Quote]]:
    """(entities including the speakers, quotes with resolved speakers) of one article."""
    body = article["body"]
    quotes = extract_quotes(body, people_spans(entities))
    quotes = resolve_speakers(body, quotes, entities, article.get("authors") or ())
    return with_speakers(entities, quotes), quotes
