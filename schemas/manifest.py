"""The run ledger: a run's manifest (``OUT/_runs/<run_id>.json``) and its counts, as docs/data-contract.md
describes them (*run manifests*).

Manifests are written as plain JSON by the commit (pipeline/commit.py) and sealed with a checksum over that
JSON (pipeline/catalog.py); these models read them. Keys the models do not name are kept (``extra="allow"``):
a newer writer's keys survive a read, and ``payload()`` gives back exactly the keys the file had. Every field
has a default, so that manifests of older versions (no checksum, no ``extractors``, fewer counts) read too.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Record(BaseModel):
    model_config = ConfigDict(extra="allow")

    def payload(self) -> dict[str, Any]:
        """The record as its JSON holds it: only the keys it had, unknown ones included."""
        return self.model_dump(exclude_unset=True)


class RunCounts(_Record):
    """``counts``: ``records_read = articles_written + duplicates_in_run + duplicates_existing + rejected``."""

    records_read: int = 0
    articles_written: int = 0
    duplicates_in_run: int = 0
    duplicates_existing: int = 0
    rejected: int = 0
    rejected_by_reason: dict[str, int] = Field(default_factory=dict)
    rejects_written: int = 0
    rejects_already_recorded: int = 0
    rejects_not_kept: int = 0
    entities: int = 0
    quotes: int = 0
    nlp_skipped_existing: int = 0
    nlp_skipped_in_run: int = 0
    input_files: int = 0
    input_items_skipped: int = 0
    lone_surrogates_replaced: int = 0


class InputRead(_Record):
    """An entry of ``inputs``: one input file as the run read it."""

    path: str
    format: str | None = None
    records: int = 0
    skipped: int = 0
    rejects_not_kept: int = 0


class CommittedFile(_Record):
    """An entry of ``files``: a data file the run committed, relative to the output, and its rows."""

    dataset: str
    path: str
    rows: int | None = None  # None only in records written by hand


class Fingerprint(_Record):
    """An input's size and modification time as read (what incremental runs compare)."""

    size: int
    mtime_ns: int


class RunManifest(_Record):
    """``OUT/_runs/<run_id>.json``."""

    run_id: str
    status: str = "committed"  # committed, replaced (by a dated retry)
    kind: str | None = None  # "enrich" for an enrich run
    started_at: str | None = None
    committed_at: str | None = None
    runner: str | None = None
    output: str | None = None
    input_patterns: list[str] = Field(default_factory=list)
    inputs: list[InputRead] = Field(default_factory=list)
    input_fingerprints: dict[str, Fingerprint] | None = None  # None: written before fingerprints
    unmatched_inputs: list[str] = Field(default_factory=list)
    inputs_not_read: list[dict[str, Any]] = Field(default_factory=list)
    options: dict[str, Any] = Field(default_factory=dict)
    versions: dict[str, Any] = Field(default_factory=dict)
    extractors: dict[str, Any] | None = None
    counts: RunCounts = Field(default_factory=RunCounts)
    files: list[CommittedFile] = Field(default_factory=list)
    job: dict[str, Any] | None = None  # a dated run: name, logical_date, incremental, skipped_inputs, replaces
    stream: dict[str, Any] | None = None  # a streaming run: watch folder, window
    enriched: dict[str, list[str]] | None = None
    swapped: dict[str, list[dict[str, Any]]] | None = None  # partition -> its whole contents, path and rows
    replaced_by: str | None = None
    replaced_at: str | None = None
    elapsed_seconds: float | None = None
    checksum: str | None = None

    @property
    def is_committed(self) -> bool:
        return self.status == "committed"

    @property
    def job_name(self) -> str | None:
        return (self.job or {}).get("name")

    @property
    def logical_date(self) -> str | None:
        return (self.job or {}).get("logical_date")
