"""The partitioned sink: stage rows per bundle, then one commit step makes the whole run visible.

Rows are never grouped by a shuffle (that would hold the corpus in memory on local runners): each bundle
writes its rows to staged Arrow files as it goes, bounded by ``flush_rows``, and only small descriptors of
those files travel to the commit step (pipeline/commit.py).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import apache_beam as beam
import pyarrow as pa
from apache_beam.metrics import Metrics
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.windowed_value import WindowedValue

from pipeline.commit import commit_run, write_staged
from pipeline.layout import partition_column, staging_schema
from transforms.stages import NAMESPACE

DEFAULT_FLUSH_ROWS = 2000


def partition_value(dataset: str, row: dict[str, Any]) -> str:
    value = row[partition_column(dataset)]
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise ValueError(f"{dataset} row has no date in {partition_column(dataset)}: {value!r}")
    return value.isoformat()


class StageRowsFn(beam.DoFn):
    """(dataset, row) pairs -> staged Arrow files; emits one descriptor per file written."""

    def __init__(self, output_dir: str, run_id: str, flush_rows: int = DEFAULT_FLUSH_ROWS) -> None:
        self.output_dir = output_dir
        self.run_id = run_id
        self.flush_rows = flush_rows
        self.staged_files = Metrics.counter(NAMESPACE, "staged_files")

    def start_bundle(self) -> None:
        self.buffers: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self.buffered = 0

    def process(self, element: tuple[str, dict[str, Any]]):
        dataset, row = element
        self.buffers[(dataset, partition_value(dataset, row))].append(row)
        self.buffered += 1
        if self.buffered >= self.flush_rows:
            yield from self._flush_all()

    def finish_bundle(self):
        for descriptor in self._flush_all():
            yield WindowedValue(descriptor, GlobalWindow().max_timestamp(), [GlobalWindow()])

    def _flush_all(self):
        buffers, self.buffers, self.buffered = self.buffers, defaultdict(list), 0
        for (dataset, partition), rows in sorted(buffers.items()):
            schema = staging_schema(dataset)
            table = pa.Table.from_pylist(rows, schema=schema)
            self.staged_files.inc()
            yield write_staged(Path(self.output_dir), self.run_id, dataset, partition, table)


class CommitRunFn(beam.DoFn):
    """All descriptors of the run -> the committed manifest (see pipeline/commit.py)."""

    def __init__(self, output_dir: str, run_id: str, manifest: dict[str, Any]) -> None:
        self.output_dir = output_dir
        self.run_id = run_id
        self.manifest = manifest

    def process(self, descriptors: list[dict[str, Any]]):
        yield commit_run(self.output_dir, self.run_id, descriptors, self.manifest)


class WritePartitioned(beam.PTransform):
    """{"rows": (dataset, row) pairs, "inputs": per-file read stats} -> one committed manifest.

    Everything ends in the commit step, the last transform applied, so runners that execute only the
    branch leading to the last transform (Beam's DaskRunner) still run the whole pipeline.
    """

    def __init__(self, output_dir: str, run_id: str, manifest: dict[str, Any],
                 flush_rows: int = DEFAULT_FLUSH_ROWS) -> None:
        super().__init__()
        self.output_dir = output_dir
        self.run_id = run_id
        self.manifest = manifest
        self.flush_rows = flush_rows

    def expand(self, pcolls):
        staged = pcolls["rows"] | "StageRows" >> beam.ParDo(
            StageRowsFn(self.output_dir, self.run_id, self.flush_rows))
        return ((staged, pcolls["inputs"])
                | "CollectDescriptors" >> beam.Flatten()
                | "GatherDescriptors" >> beam.combiners.ToList()
                | "CommitRun" >> beam.ParDo(CommitRunFn(self.output_dir, self.run_id, self.manifest)))
