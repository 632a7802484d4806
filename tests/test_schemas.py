"""The data contract: pydantic models and the Arrow schemas derived from them (docs/data-contract.md)."""
from __future__ import annotations

import datetime as dt
import typing
from typing import Any

import pyarrow as pa
import pytest
from pydantic import BaseModel, ValidationError

from pipeline.layout import LINEAGE_COLUMNS, file_schema, partition_column, staging_schema
from schemas import (
    DATASETS,
    SCHEMA_VERSION,
    Article,
    DateCandidateRow,
    EntityRow,
    QuoteRow,
    RawRecord,
    RejectReason,
    RejectRow,
    Span,
    arrow_schema,
)
from schemas.arrow import arrow_type
from tests.conftest import REPO

UTC_MICROS = pa.timestamp("us", tz="UTC")
SPAN = pa.struct([pa.field("start", pa.int32(), nullable=False), pa.field("end", pa.int32(), nullable=False)])

# (model, column, Arrow type, nullable): the types the contract names, column by column
COLUMN_TYPES = [
    (Article, "article_id", pa.string(), False),
    (Article, "url", pa.string(), True),
    (Article, "source", pa.string(), False),
    (Article, "title", pa.string(), True),
    (Article, "authors", pa.list_(pa.string()), False),
    (Article, "agencies", pa.list_(pa.string()), False),
    (Article, "byline_raw", pa.string(), True),
    (Article, "published_at", UTC_MICROS, True),
    (Article, "published_offset_minutes", pa.int16(), True),
    (Article, "date_precision", pa.string(), True),
    (Article, "date_raw", pa.string(), True),
    (Article, "date_source", pa.string(), False),
    (Article, "published_date", pa.date32(), False),
    (Article, "language", pa.string(), True),
    (Article, "body", pa.string(), False),
    (Article, "word_count", pa.int32(), False),
    (Article, "comment_count", pa.int32(), True),
    (Article, "content_hash", pa.string(), False),
    (Article, "input_uri", pa.string(), False),
    (Article, "input_offset", pa.int64(), False),
    (Article, "fetched_at", UTC_MICROS, True),
    (Article, "ingested_at", UTC_MICROS, False),
    (Article, "run_id", pa.string(), False),
    (EntityRow, "published_date", pa.date32(), False),
    (EntityRow, "entity", pa.string(), False),
    (EntityRow, "label", pa.string(), False),
    (EntityRow, "mention_count", pa.int32(), False),
    (EntityRow, "mentions", pa.list_(pa.string()), False),
    (EntityRow, "spans", pa.list_(SPAN), False),
    (QuoteRow, "quote_id", pa.string(), False),
    (QuoteRow, "text", pa.string(), False),
    (QuoteRow, "start", pa.int32(), False),
    (QuoteRow, "end", pa.int32(), False),
    (QuoteRow, "speaker", pa.string(), True),
    (QuoteRow, "speaker_mention", pa.string(), True),
    (QuoteRow, "cue", pa.string(), True),
    (QuoteRow, "quote_type", pa.string(), False),
    (QuoteRow, "paragraph", pa.int32(), False),
    (QuoteRow, "confidence", pa.float64(), False),
    (RejectRow, "ingest_date", pa.date32(), False),
    (RejectRow, "input_uri", pa.string(), False),
    (RejectRow, "input_offset", pa.int64(), False),
    (RejectRow, "reason", pa.string(), False),
    (RejectRow, "detail", pa.string(), False),
    (RejectRow, "ingested_at", UTC_MICROS, False),
    (Span, "start", pa.int32(), False),
]

NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 3, 4)


def article_row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "article_id": "a" * 32, "url": "https://news.example/a", "source": "news.example", "title": "A title",
        "authors": ["Ada Quill"], "agencies": [], "byline_raw": "By Ada Quill", "published_at": NOW,
        "published_offset_minutes": -300, "date_precision": "minute", "date_raw": "4 March 2026 7:00 EST",
        "date_source": "metadata", "published_date": DAY, "language": "en", "body": "Body text.",
        "word_count": 2, "comment_count": None, "content_hash": "c" * 32, "input_uri": "/in/a.jsonl",
        "input_offset": 0, "fetched_at": None, "ingested_at": NOW, "run_id": "run-1",
    }
    row.update(changes)
    return row


def entity_row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"article_id": "a" * 32, "published_date": DAY, "entity": "Ada Quill", "label": "PERSON",
                           "mention_count": 2, "mentions": ["Ada Quill", "Quill"],
                           "spans": [{"start": 0, "end": 9}, {"start": 20, "end": 25}], "run_id": "run-1"}
    row.update(changes)
    return row


def quote_row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"article_id": "a" * 32, "published_date": DAY, "quote_id": "q" * 32, "text": "We are back",
                           "start": 3, "end": 14, "speaker": "Ada Quill", "speaker_mention": "she", "cue": "said",
                           "quote_type": "full", "paragraph": 0, "confidence": 0.9, "run_id": "run-1"}
    row.update(changes)
    return row


def reject_row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"reject_id": "r" * 32, "ingest_date": DAY, "input_uri": "/in/a.jsonl", "input_offset": 7,
                           "reason": RejectReason.INVALID_JSON, "detail": "invalid JSON", "raw": b'{"broken',
                           "run_id": "run-1", "ingested_at": NOW}
    row.update(changes)
    return row


def raw_record(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"input_uri": "/in/a.jsonl", "input_offset": 0, "input_format": "jsonl", "body": "Text."}
    row.update(changes)
    return row


ROWS = {"articles": article_row, "entities": entity_row, "quotes": quote_row, "rejects": reject_row}
MODELS = [(Article, article_row), (EntityRow, entity_row), (QuoteRow, quote_row), (RejectRow, reject_row),
          (RawRecord, raw_record), (DateCandidateRow, lambda: {"raw": "2026-03-04", "origin": "metadata"}),
          (Span, lambda: {"start": 0, "end": 1})]


@pytest.mark.parametrize(("model", "column", "arrow", "nullable"), COLUMN_TYPES,
                         ids=[f"{m.__name__}.{c}" for m, c, _, _ in COLUMN_TYPES])
def test_arrow_column_types(model: type[BaseModel], column: str, arrow: pa.DataType, nullable: bool) -> None:
    field = arrow_schema(model).field(column)
    assert field.type == arrow
    assert field.nullable is nullable


def test_article_columns_are_the_contracts_in_order() -> None:
    contract = ["article_id", "url", "source", "source_name", "title", "authors", "agencies", "byline_raw",
                "published_at", "published_offset_minutes", "date_precision", "date_raw", "date_source",
                "published_date", "language", "body", "word_count", "comment_count", "content_hash", "input_uri",
                "input_offset", "fetched_at", "ingested_at", "run_id", "schema_version"]
    assert arrow_schema(Article).names == contract


def test_reject_raw_keeps_bytes() -> None:
    assert pa.types.is_binary(arrow_schema(RejectRow).field("raw").type) or pa.types.is_large_binary(
        arrow_schema(RejectRow).field("raw").type)


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_every_dataset_has_schema_version(dataset: str) -> None:
    model, _ = DATASETS[dataset]
    assert arrow_schema(model).field("schema_version").type == pa.string()
    assert "schema_version" in file_schema(dataset).names
    assert model.model_validate(ROWS[dataset]()).schema_version == SCHEMA_VERSION


def test_datasets_and_partition_columns() -> None:
    assert {name: partition_column(name) for name in DATASETS} == {
        "articles": "published_date", "entities": "published_date", "quotes": "published_date",
        "rejects": "ingest_date"}


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_file_schema_leaves_the_partition_key_to_the_folder_name(dataset: str) -> None:
    model, key = DATASETS[dataset]
    assert key not in file_schema(dataset).names
    assert file_schema(dataset).names == [n for n in arrow_schema(model).names if n != key]


@pytest.mark.parametrize(("dataset", "lineage"), [("articles", False), ("entities", True), ("quotes", True),
                                                  ("rejects", False)])
def test_staging_schema_adds_lineage_to_derived_rows(dataset: str, lineage: bool) -> None:
    names = staging_schema(dataset).names
    assert all(column in names for column in LINEAGE_COLUMNS) is lineage
    assert names[: len(file_schema(dataset).names)] == file_schema(dataset).names


@pytest.mark.parametrize(("model", "make"), MODELS, ids=[m.__name__ for m, _ in MODELS])
def test_models_reject_unknown_fields(model: type[BaseModel], make: Any) -> None:
    model.model_validate(make())
    with pytest.raises(ValidationError, match="extra"):
        model.model_validate({**make(), "unexpected_column": 1})


@pytest.mark.parametrize(("model", "make"), MODELS, ids=[m.__name__ for m, _ in MODELS])
def test_models_are_frozen(model: type[BaseModel], make: Any) -> None:
    instance = model.model_validate(make())
    name = next(iter(model.model_fields))
    with pytest.raises(ValidationError):
        setattr(instance, name, getattr(instance, name))


@pytest.mark.parametrize(("model", "make", "changes"), [
    (Article, article_row, {"date_source": "guess"}),
    (Article, article_row, {"date_precision": "hour"}),
    (Article, article_row, {"authors": None}),
    (Article, article_row, {"published_date": "not a date"}),
    (QuoteRow, quote_row, {"quote_type": "indirect"}),
    (RawRecord, raw_record, {"input_format": "pdf"}),
    (RawRecord, raw_record, {"body": None}),
    (EntityRow, entity_row, {"spans": [{"start": 0}]}),
])
def test_models_reject_values_outside_the_contract(model: type[BaseModel], make: Any, changes: dict) -> None:
    with pytest.raises(ValidationError):
        model.model_validate(make(**changes))


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_a_valid_row_fits_the_file_schema(dataset: str) -> None:
    model, _ = DATASETS[dataset]
    row = model.model_validate(ROWS[dataset]()).model_dump()
    table = pa.Table.from_pylist([row], schema=arrow_schema(model))
    assert table.to_pylist() == [row]


def test_timestamps_are_utc_microseconds_after_a_round_trip() -> None:
    local = dt.datetime(2026, 3, 4, 7, 0, 0, 123456, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    row = Article.model_validate(article_row(published_at=local)).model_dump()
    stored = pa.Table.from_pylist([row], schema=arrow_schema(Article)).column("published_at")[0].as_py()
    assert stored == local
    assert stored.utcoffset() == dt.timedelta(0)


def test_offset_out_of_int16_range_does_not_fit() -> None:
    row = Article.model_validate(article_row(published_offset_minutes=40_000)).model_dump()
    with pytest.raises((pa.ArrowInvalid, OverflowError)):
        pa.Table.from_pylist([row], schema=arrow_schema(Article))


def test_reject_reasons_are_stable_codes() -> None:
    assert set(RejectReason.ALL) >= {"invalid_json", "not_an_object", "decode_error", "empty_body", "too_large",
                                     "unreadable_gzip", "invalid_warc", "normalize_error"}
    assert len(set(RejectReason.ALL)) == len(RejectReason.ALL)
    assert all(code == code.lower() and " " not in code for code in RejectReason.ALL)


@pytest.mark.parametrize(("annotation", "expected"), [
    (str, pa.string()), (int, pa.int64()), (float, pa.float64()), (bool, pa.bool_()),
    (dt.datetime, UTC_MICROS), (dt.date, pa.date32()), (list[str], pa.list_(pa.string())),
    (str | None, pa.string()), (typing.Optional[int], pa.int64()),  # noqa: UP045 - both spellings occur
    (typing.Literal["a", "b"], pa.string()),
])
def test_arrow_type_of_annotations(annotation: object, expected: pa.DataType) -> None:
    assert arrow_type(annotation) == expected


@pytest.mark.parametrize("annotation", [dict[str, int], set[str], object])
def test_arrow_type_refuses_what_it_cannot_store(annotation: object) -> None:
    with pytest.raises(TypeError):
        arrow_type(annotation)


# ------------------------------------------------------------------------------------------ the run ledger
MANIFEST_KEYS = ("run_id", "status", "inputs", "options", "versions", "files", "extractors", "counts", "kind",
                 "enriched", "checksum", "swapped", "unmatched_inputs", "inputs_not_read")
COUNT_KEYS = ("nlp_skipped_existing", "nlp_skipped_in_run", "rejects_not_kept", "lone_surrogates_replaced",
              "rejected", "rejects_written", "rejects_already_recorded", "rejected_by_reason", "duplicates_in_run",
              "duplicates_existing")


def test_the_manifest_models_name_every_documented_key() -> None:
    from schemas.manifest import RunCounts, RunManifest

    contract = (REPO / "docs" / "data-contract.md").read_text(encoding="utf-8") + \
        (REPO / "README.md").read_text(encoding="utf-8")
    for key in MANIFEST_KEYS:
        assert key in contract, key
        assert key in RunManifest.model_fields, key
    for key in COUNT_KEYS:
        assert key in contract, key
        assert key in RunCounts.model_fields, key


def test_a_manifest_reads_back_as_written_unknown_and_legacy_keys_included() -> None:
    from schemas.manifest import RunManifest

    legacy = {"run_id": "20260101T000000Z-0000abcd", "status": "committed", "inputs": [{"path": "/a", "format":
              "jsonl", "records": 2, "skipped": 0}], "files": [{"dataset": "articles", "path": "articles/x/p",
              "rows": 2}], "counts": {"records_read": 2, "articles_written": 2, "a_newer_count": 1},
              "a_newer_key": {"kept": True}}
    manifest = RunManifest.model_validate(legacy)
    assert manifest.payload() == legacy
    assert manifest.checksum is None and manifest.input_fingerprints is None
    assert manifest.counts.rejects_not_kept == 0 and manifest.inputs[0].path == "/a"
