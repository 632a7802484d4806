"""The partitioned sink: stage rows per bundle, then the commit steps make the whole run visible.

Rows are never grouped by a shuffle (that would hold the corpus in memory on local runners): each bundle
writes its rows to staged Arrow files as it goes, bounded by ``flush_rows``, and only small descriptors of
those files travel to the commit (pipeline/commit.py): a plan, merge tasks that the workers share, and one
publish step. Every element is emitted from ``process``, so runners that drop ``finish_bundle`` outputs
(Beam's DaskRunner) lose none (see ``StageRowsFn``).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipeline.commit import (
    STAGED_SUFFIX,
    ReconciliationError,
    merge_partitions,
    plan_commit,
    publish_commit,
    read_survivors,
    recover,
    stage_rows,
)
from pipeline.layout import partition_column, runs_dir, staged_rows_dir
from pipeline.ledger import committed_manifest
from pipeline.progress import ProgressCounter
from transforms.stages import NAMESPACE

DEFAULT_FLUSH_ROWS = 2000
ANNOUNCED = "announced"


def partition_value(dataset: str, row: dict[str, Any]) -> str:
    value = row[partition_column(dataset)]
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise ValueError(f"{dataset} row has no date in {partition_column(dataset)}: {value!r}")
    return value.isoformat()


class StageRowsFn(beam.DoFn):
    """(dataset, row) pairs -> staged Arrow files; emits one announcement per file, before writing it.

    The first row of a dataset since the last flush makes ``process`` emit the file's announcement: the
    dataset and a fresh ``stem``. The rows are written to ``<stem>-<rows>.arrow`` (one file per dataset per
    flush, rows grouped by partition: see ``commit.write_staged``) when ``flush_rows`` rows of the dataset
    are buffered, or at the end of the bundle. Nothing is emitted from ``finish_bundle`` (Beam's DaskRunner
    drops what it emits), and the commit takes exactly the files the runner accepted: a failed or retried
    bundle's announcements are discarded with its other outputs, so its files, if any, are never
    committed, and an announced file that is missing fails the run.
    """

    def __init__(self, output_dir: str, run_id: str, flush_rows: int = DEFAULT_FLUSH_ROWS) -> None:
        self.output_dir = output_dir
        self.run_id = run_id
        self.flush_rows = flush_rows
        self.staged_files = Metrics.counter(NAMESPACE, "staged_files")

    def start_bundle(self) -> None:
        if getattr(self, "progress", None) is None:  # one counts file per DoFn instance, made where it runs
            self.progress = ProgressCounter(self.output_dir, self.run_id)
        # dataset -> (announced stem, (partition, row) pairs buffered for it)
        self.buffers: dict[str, tuple[str, list[tuple[str, dict[str, Any]]]]] = {}

    def process(self, element: tuple[str, dict[str, Any]]) -> Iterator[dict[str, Any]]:
        dataset, row = element
        partition = partition_value(dataset, row)
        self.progress.count(dataset, row)
        buffered = self.buffers.get(dataset)
        if buffered is None:
            buffered = self.buffers[dataset] = (uuid.uuid4().hex, [])
            yield {"kind": ANNOUNCED, "dataset": dataset, "stem": buffered[0]}
        buffered[1].append((partition, row))
        if len(buffered[1]) >= self.flush_rows:
            self._flush(dataset)

    def finish_bundle(self) -> None:
        for dataset in sorted(self.buffers):
            self._flush(dataset)
        self.progress.flush()

    def _flush(self, dataset: str) -> None:
        stem, rows = self.buffers.pop(dataset)
        stage_rows(Path(self.output_dir), self.run_id, dataset, rows, stem)
        self.staged_files.inc()


def resolve_announced(output_dir: str, run_id: str, announced: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Announcements -> descriptors of the staged files they name (each must exist exactly once).

    Each dataset's staging folder is listed once. A runner that delivers an announcement twice names the
    same file twice: it is counted once.
    """
    wanted: dict[str, set[str]] = defaultdict(set)
    for announcement in announced:
        wanted[announcement["dataset"]].add(announcement["stem"])
    descriptors = []
    for dataset, stems in sorted(wanted.items()):
        found: dict[str, list[tuple[str, int]]] = defaultdict(list)
        folder = staged_rows_dir(Path(output_dir), run_id, dataset)
        with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
            for entry in entries:
                stem, _, rows = entry.name.removesuffix(STAGED_SUFFIX).rpartition("-")
                if stem in stems:
                    found[stem].append((entry.path, int(rows)))
        broken = sorted(stem for stem in stems if len(found.get(stem, ())) != 1)
        if broken:
            raise ReconciliationError(
                f"run {run_id}: {len(broken)} announced staged file(s) of {dataset} are missing or written "
                f"twice (first: {broken[0]}); refusing to commit an incomplete run")
        for stem in sorted(stems):
            ((path, rows),) = found[stem]
            descriptors.append({"kind": "staged", "dataset": dataset, "path": path, "rows": rows})
    return descriptors


def _already_committed(output_dir: str, run_id: str) -> dict[str, Any] | None:
    """The manifest of a run whose commit already published (finishing one a lost worker left half-done)."""
    runs = runs_dir(Path(output_dir))
    if (runs / f"{run_id}.pending.json").is_file():
        recover(output_dir)  # the launcher holds the output lock for this run: no other run stages
    manifest = committed_manifest(Path(output_dir), run_id)
    return manifest.payload() if manifest is not None else None


class PlanCommitFn(beam.DoFn):
    """(run id, every announcement and input descriptor of the run) -> the commit plan and its merge tasks.

    See pipeline/commit.py for the commit itself. Distributed runners run a step again when the worker
    running it is lost (Dask recomputes a lost task elsewhere). Run again after an earlier attempt began
    publishing, a fresh commit would take the rows that attempt already moved into place for rows of an
    earlier run and leave out their entities and quotes; so an attempt first finishes a commit journal of
    this run, and passes on the manifest of a run that is already committed.
    """

    def __init__(self, output_dir: str, run_id: str) -> None:
        self.output_dir = output_dir
        self.run_id = run_id

    def process(self, keyed: tuple[str, Iterable[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
        committed = _already_committed(self.output_dir, self.run_id)
        if committed is not None:
            yield {"kind": "committed", "manifest": committed}
            return
        _, descriptors = keyed
        descriptors = list(descriptors)
        staged = resolve_announced(self.output_dir, self.run_id, (d for d in descriptors if d["kind"] == ANNOUNCED))
        others = [d for d in descriptors if d["kind"] != ANNOUNCED]
        plan, tasks = plan_commit(self.output_dir, self.run_id, [*staged, *others])
        yield plan
        yield from tasks


class MergePartitionsFn(beam.DoFn):
    """A merge task of the plan -> what it merged; every other element passes through to the publish step."""

    def __init__(self, output_dir: str, run_id: str) -> None:
        self.output_dir = output_dir
        self.run_id = run_id
        self.survivors: tuple[Any, set[str]] | None = None

    def process(self, element: dict[str, Any]) -> Iterator[dict[str, Any]]:
        if element["kind"] != "merge":
            yield element
            return
        if self.survivors is None:  # the plan's winners, read once per worker rather than once per task
            self.survivors = read_survivors(Path(self.output_dir), self.run_id)
        yield merge_partitions(self.output_dir, self.run_id, element, self.survivors)


class PublishRunFn(beam.DoFn):
    """(run id, the plan and every merge result) -> the committed manifest (see ``PlanCommitFn``)."""

    def __init__(self, output_dir: str, run_id: str, manifest: dict[str, Any]) -> None:
        self.output_dir = output_dir
        self.run_id = run_id
        self.manifest = manifest

    def process(self, keyed: tuple[str, Iterable[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
        _, elements = keyed
        elements = list(elements)
        # committed before the plan ran (the plan passed the manifest on), or by an earlier attempt of this step
        committed = next((e["manifest"] for e in elements if e["kind"] == "committed"), None) \
            or _already_committed(self.output_dir, self.run_id)
        if committed is not None:
            yield committed
            return
        plan = next(e for e in elements if e["kind"] == "plan")
        merged = [e for e in elements if e["kind"] == "merged"]
        yield publish_commit(self.output_dir, self.run_id, plan, merged, self.manifest)


class WritePartitioned(beam.PTransform):
    """{"inputs": per-file read stats, any other name: (dataset, row) pairs} -> one committed manifest.

    Each branch of rows is staged by its own step and only the small descriptors are flattened: local
    runners materialize every element of a Flatten with several inputs, which would hold the corpus.

    Everything ends in the publish step, the last transform applied, so runners that execute only the
    branch leading to the last transform (Beam's DaskRunner) still run the whole pipeline. The descriptors
    meet in a GroupByKey on the run id rather than ``combiners.ToList``: ToList's empty-input default goes
    through a side input, which the DaskRunner evaluates as a separate computation launched from inside a
    task, not as part of the pipeline's graph. The plan's merge tasks are reshuffled so that the workers
    share them; their results meet the plan again in a second GroupByKey before the publish step.
    """

    def __init__(self, output_dir: str, run_id: str, manifest: dict[str, Any],
                 flush_rows: int = DEFAULT_FLUSH_ROWS) -> None:
        super().__init__()
        self.output_dir = output_dir
        self.run_id = run_id
        self.manifest = manifest
        self.flush_rows = flush_rows

    def expand(self, pcolls):
        staged = [rows | f"StageRows[{name}]" >> beam.ParDo(StageRowsFn(self.output_dir, self.run_id,
                                                                          self.flush_rows))
                  for name, rows in sorted(pcolls.items()) if name != "inputs"]
        return ((*staged, pcolls["inputs"])
                | "CollectDescriptors" >> beam.Flatten()
                | "KeyByRun" >> beam.WithKeys(self.run_id)
                | "GatherDescriptors" >> beam.GroupByKey()
                | "PlanCommit" >> beam.ParDo(PlanCommitFn(self.output_dir, self.run_id))
                | "SpreadMergeTasks" >> beam.Reshuffle()
                | "MergePartitions" >> beam.ParDo(MergePartitionsFn(self.output_dir, self.run_id))
                | "KeyMergedByRun" >> beam.WithKeys(self.run_id)
                | "GatherMerged" >> beam.GroupByKey()
                | "PublishRun" >> beam.ParDo(PublishRunFn(self.output_dir, self.run_id, self.manifest)))
