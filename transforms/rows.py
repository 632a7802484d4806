"""Rows of the entities, quotes and rejects datasets, built from an article and the extractors' results."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from schemas.version import SCHEMA_VERSION
from transforms.decoders import Rejected
from transforms.entities import Entity
from transforms.ids import row_id
from transforms.quotes import Quote

PERSON_LABELS = frozenset({"PERSON", "PER"})


def entity_rows(article: dict[str, Any], entities: Iterable[Entity]) -> list[dict[str, Any]]:
    return [{
        "article_id": article["article_id"],
        "published_date": article["published_date"],
        "entity": entity.name,
        "label": entity.label,
        "mention_count": len(entity.spans),
        "mentions": list(entity.mentions),
        "spans": [{"start": start, "end": end} for start, end in entity.spans],
        "run_id": article["run_id"],
        "schema_version": SCHEMA_VERSION,
    } for entity in entities]


def people_spans(entities: Iterable[Entity]) -> list[tuple[str, int, int]]:
    """(canonical name, start, end) of every PERSON mention: what the quote attributor resolves against."""
    return sorted(((e.name, start, end) for e in entities if e.label in PERSON_LABELS
                   for start, end in e.spans), key=lambda p: p[1])


def quote_rows(article: dict[str, Any], quotes: Sequence[Quote]) -> list[dict[str, Any]]:
    return [{
        "article_id": article["article_id"],
        "published_date": article["published_date"],
        "quote_id": row_id("quote", article["article_id"], q.start, q.end),
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "speaker": q.speaker,
        "speaker_mention": q.speaker_mention,
        "cue": q.cue,
        "quote_type": q.quote_type,
        "paragraph": q.paragraph,
        "confidence": float(q.confidence),
        "speaker_type": q.speaker_type,
        "speaker_resolution": q.speaker_resolution,
        "run_id": article["run_id"],
        "schema_version": SCHEMA_VERSION,
    } for q in quotes]


def reject_row(rejected: Rejected, *, ingested_at: dt.datetime, run_id: str) -> dict[str, Any]:
    return {
        "reject_id": row_id("reject", rejected.input_uri, rejected.input_offset, rejected.reason),
        "ingest_date": ingested_at.astimezone(dt.UTC).date(),
        "input_uri": rejected.input_uri,
        "input_offset": rejected.input_offset,
        "reason": rejected.reason,
        "detail": rejected.detail,
        "raw": rejected.raw,
        "run_id": run_id,
        "ingested_at": ingested_at,
        "schema_version": SCHEMA_VERSION,
    }
