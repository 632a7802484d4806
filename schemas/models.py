"""The data contract as pydantic v2 models: what the decoders produce and what lands on disk.

Field names and meanings follow docs/data-contract.md. Rows travel through the pipeline as plain dicts
(cheap to pickle between workers); these models validate them in tests and at the edges, and the Arrow
schemas the sink writes are derived from them (schemas/arrow.py).
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.arrow import ArrowType
from schemas.version import SCHEMA_VERSION

Int16 = Annotated[int, ArrowType("int16")]
Int32 = Annotated[int, ArrowType("int32")]
InputFormat = Literal["jsonl", "text", "html", "warc"]
DateSource = Literal["metadata", "text", "url", "modified", "crawl", "ingest"]
DatePrecision = Literal["day", "minute", "second"]
QuoteType = Literal["full", "partial", "scare"]
SpeakerType = Literal["person", "organisation", "unnamed"]
SpeakerResolution = Literal["explicit", "surname", "role", "pronoun", "author", "inherited"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DateCandidateRow(_Row):
    """A publication-date string found in the input, and where it was found."""

    raw: str
    origin: str


class RawRecord(_Row):
    """One decoded input record, before normalization. Produced by the readers in transforms/decoders.py."""

    input_uri: str
    input_offset: int
    input_format: InputFormat
    url: str | None = None
    source: str | None = None
    title: str | None = None
    byline_raw: str | None = None
    date_candidates: list[DateCandidateRow] = Field(default_factory=list)
    body: str
    language: str | None = None
    fetched_at: dt.datetime | None = None
    comment_count: int | None = None
    raw: bytes = b""
    # lone surrogates (unencodable) the decoder replaced by U+FFFD in this record's strings
    lone_surrogates_replaced: int = 0


class Article(_Row):
    article_id: str
    url: str | None
    source: str
    source_name: str | None = None
    title: str | None
    authors: list[str]
    agencies: list[str]
    byline_raw: str | None
    published_at: dt.datetime | None
    published_offset_minutes: Int16 | None
    date_precision: DatePrecision | None
    date_raw: str | None
    date_source: DateSource
    published_date: dt.date
    language: str | None
    body: str
    word_count: Int32
    comment_count: Int32 | None
    content_hash: str
    input_uri: str
    input_offset: int
    fetched_at: dt.datetime | None
    ingested_at: dt.datetime
    run_id: str
    schema_version: str = SCHEMA_VERSION


class Span(_Row):
    start: Int32
    end: Int32


class EntityRow(_Row):
    article_id: str
    published_date: dt.date
    entity: str
    label: str
    mention_count: Int32
    mentions: list[str]
    spans: list[Span]
    run_id: str
    schema_version: str = SCHEMA_VERSION


class QuoteRow(_Row):
    article_id: str
    published_date: dt.date
    quote_id: str
    text: str
    start: Int32
    end: Int32
    speaker: str | None
    speaker_mention: str | None
    cue: str | None
    quote_type: QuoteType
    paragraph: Int32
    confidence: float
    speaker_type: SpeakerType | None = None
    speaker_resolution: SpeakerResolution | None = None
    run_id: str
    schema_version: str = SCHEMA_VERSION


class RejectRow(_Row):
    reject_id: str
    ingest_date: dt.date
    input_uri: str
    input_offset: int
    reason: str
    detail: str
    raw: bytes
    run_id: str
    ingested_at: dt.datetime
    schema_version: str = SCHEMA_VERSION


# dataset name -> (row model, partition column)
DATASETS: dict[str, tuple[type[_Row], str]] = {
    "articles": (Article, "published_date"),
    "entities": (EntityRow, "published_date"),
    "quotes": (QuoteRow, "published_date"),
    "rejects": (RejectRow, "ingest_date"),
}


# records larger than this are rejected as too_large unless the job sets max_record_bytes
DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024
# rejects of one input file kept with their raw bytes unless the job sets max_rejects_per_file; the rest are
# counted only (a small file of a million broken lines must not become a million rows of rejects)
DEFAULT_MAX_REJECTS_PER_FILE = 1000


class RejectReason:
    """Stable reject reason codes (the `reason` column). Analysts filter on these: never rename one."""

    INVALID_JSON = "invalid_json"
    NOT_AN_OBJECT = "not_an_object"
    DECODE_ERROR = "decode_error"
    EMPTY_BODY = "empty_body"
    TOO_LARGE = "too_large"
    UNREADABLE_GZIP = "unreadable_gzip"
    TRUNCATED_INPUT = "truncated_input"
    INVALID_WARC = "invalid_warc"
    UNREADABLE_INPUT = "unreadable_input"
    EXTRACTION_ERROR = "extraction_error"
    NORMALIZE_ERROR = "normalize_error"

    ALL = (INVALID_JSON, NOT_AN_OBJECT, DECODE_ERROR, EMPTY_BODY, TOO_LARGE, UNREADABLE_GZIP, TRUNCATED_INPUT,
           INVALID_WARC, UNREADABLE_INPUT, EXTRACTION_ERROR, NORMALIZE_ERROR)
