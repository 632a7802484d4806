"""The commit protocol: staged rows become visible files all at once, deduplicated, with a manifest.

Workers stage rows as Arrow IPC files under ``OUT/_staging/<run_id>/``. When every worker is done:

1. ``plan_commit`` (one step) decides which article rows survive: per ``article_id`` the record with the
   smallest (input_uri, input_offset) wins; ids already committed by an earlier run (the output's id index,
   pipeline/id_index.py) are skipped (re-runs add nothing). It checks that every record read reached the
   sink, writes the survivors to the staging folder and shares the partitions out into merge tasks of about
   equal size;
2. ``merge_partitions`` (one step per task, in parallel) merges each partition's surviving rows into
   Parquet files (zstd) inside the staging folder;
3. ``publish_commit`` (one step) checks that every task reported, writes a journal
   ``_runs/<run_id>.pending.json`` naming every file move, moves the files into the partitions with
   ``os.replace`` (atomic per file) and the run's id index segment last, writes the manifest
   ``_runs/<run_id>.json`` and removes the journal and the staging folder.

A run killed before step 3 leaves only hidden staging files (removed by the next run). A run killed during
step 3 leaves a journal; the next run (or ``recover``) finishes the moves, so a run is either entirely
visible or not at all once recovery has run. ``commit_run`` runs the three steps in one process.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import uuid
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from pipeline.atomic import write_json_atomically
from pipeline.catalog import (
    PENDING_SUFFIX,
    committed_files,
    is_legacy,
    manifest_stem,
    quarantine,
    quarantine_bad_manifests,
    read_record,
    seal,
    seal_problem,
)
from pipeline.id_index import IdIndex, id_keys, run_segment_name, write_segment
from pipeline.id_index import index_dir as id_index_dir
from pipeline.layout import (
    LINEAGE_COLUMNS,
    NLP_SKIPPED,
    STAGING_DIR,
    file_schema,
    partition_dir,
    runs_dir,
    staged_rows_dir,
    staging_dir,
    staging_schema,
)
from schemas import DATASETS

LOG = logging.getLogger(__name__)
MAX_ROWS_PER_FILE = 1_000_000
# rows of a partition gathered before they are written as one Parquet row group
ROW_GROUP_BYTES = 64 * 1024 * 1024
PARQUET_COMPRESSION = "zstd"
# between the partition and the committed file name of a merged file in the staging folder
MERGED_SEPARATOR = "--"
STAGED_SUFFIX = ".arrow"
# merge tasks a commit is shared into (run in parallel by the batch pipeline's workers)
MERGE_TASKS = 16
# staged files a commit keeps open while it merges partitions (a run of a million articles stages ~500)
MAX_OPEN_STAGED_FILES = 512
# schema metadata of a staged file: (partition, rows, bytes) of each record batch, in order
STAGED_PARTITIONS = "newsbeam.partitions"
# article id -> (input uri, offset) of the record that wins deduplication
Winners = dict[str, tuple[str, int]]


class ReconciliationError(RuntimeError):
    """Counts disagree: records were lost somewhere. The run is not committed."""


def write_staged(output: Path, run_id: str, dataset: str, table: pa.Table, partitions: list[tuple[str, int]],
                 stem: str | None = None) -> dict[str, Any]:
    """Write one staged file of a dataset; returns its descriptor (small: it travels to the commit step).

    ``table`` holds the rows sorted by partition and ``partitions`` names the runs of rows, in order, as
    (partition, row count). Each run becomes its own record batches, and the schema metadata names the
    partition, rows and bytes of every batch, so the commit reads one partition's rows of a file without
    the others and can share the partitions out by size before reading any row. One
    file per flush, whatever the number of partitions: a file per partition per flush cost thousands of
    tiny files per run on corpora spread over many days, most of a run without NLP.
    """
    batches: list[pa.RecordBatch] = []
    described: list[tuple[str, int, int]] = []  # (partition, rows, bytes) of each batch
    start = 0
    for partition, rows in partitions:
        for batch in table.slice(start, rows).to_batches():
            batches.append(batch)
            described.append((partition, batch.num_rows, batch.nbytes))
        start += rows
    if start != table.num_rows:
        raise ValueError(f"partitions name {start} rows of a staged table of {table.num_rows}")
    folder = staged_rows_dir(output, run_id, dataset)
    # the row count in the name lets a progress reporter count staged rows without opening files
    path = folder / f"{stem or uuid.uuid4().hex}-{table.num_rows}{STAGED_SUFFIX}"
    try:
        sink = pa.OSFile(str(path), "wb")
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        sink = pa.OSFile(str(path), "wb")
    schema = table.schema.with_metadata({STAGED_PARTITIONS: json.dumps(described)})
    with sink, ipc.new_file(sink, schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
    return {"kind": "staged", "dataset": dataset, "path": str(path), "rows": table.num_rows}


def stage_rows(output: Path, run_id: str, dataset: str, rows: list[tuple[str, dict[str, Any]]],
               stem: str | None = None) -> dict[str, Any]:
    """(partition, row) pairs -> one staged file (see ``write_staged``); returns its descriptor."""
    ordered = sorted(rows, key=lambda pair: pair[0])  # stable: rows keep their order within a partition
    table = pa.Table.from_pylist([row for _, row in ordered], schema=staging_schema(dataset))
    counts = Counter(partition for partition, _ in ordered)
    return write_staged(output, run_id, dataset, table, sorted(counts.items()), stem)


def committed_name(run_id: str, index: int) -> str:
    """File name of a run's ``index``-th file in a partition."""
    return f"part-{run_id}-{index:05d}.parquet"


def _read_staged(path: str, columns: list[str] | None = None) -> pa.Table:
    with pa.memory_map(path, "r") as source:
        table = ipc.open_file(source).read_all()
    return table.select(columns) if columns else table


class _StagedFiles:
    """The staged files of one dataset, their record batches indexed by partition.

    A partition's rows are spread over every staged file, so the files are read batch by batch, partition
    after partition. Readers stay open between partitions (opening a file per partition per file was the
    cost the one-file-per-flush layout removes), at most ``max_open`` at a time; they read through plain file
    handles rather than memory maps, so only the batches being merged are in memory.
    """

    def __init__(self, paths: Iterable[str], max_open: int) -> None:
        self.paths = sorted(paths)
        self.max_open = max_open
        self.open: OrderedDict[int, tuple[pa.NativeFile, ipc.RecordBatchFileReader]] = OrderedDict()
        self.batches: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.bytes: Counter = Counter()  # partition -> bytes staged for it
        for index in range(len(self.paths)):
            reader = self._reader(index)
            metadata = reader.schema.metadata or {}
            described = json.loads(metadata[STAGED_PARTITIONS.encode()])
            if len(described) != reader.num_record_batches:
                raise ReconciliationError(f"staged file {self.paths[index]} names {len(described)} partitions "
                                          f"for {reader.num_record_batches} record batches")
            for batch, (partition, _, size) in enumerate(described):
                self.batches[partition].append((index, batch))
                self.bytes[partition] += size

    def _reader(self, index: int) -> ipc.RecordBatchFileReader:
        if index in self.open:
            self.open.move_to_end(index)
            return self.open[index][1]
        while len(self.open) >= self.max_open:
            self.open.popitem(last=False)[1][0].close()
        handle = pa.OSFile(self.paths[index], "rb")
        reader = ipc.open_file(handle)
        self.open[index] = (handle, reader)
        return reader

    def partitions(self) -> list[str]:
        return sorted(self.batches)

    def tables(self, partition: str, max_bytes: int) -> Iterator[pa.Table]:
        """A partition's rows, in tables of about ``max_bytes``: filtering and casting cost per table, and a
        partition holds a few rows from each of hundreds of files when a corpus spans hundreds of days."""
        gathered: list[pa.RecordBatch] = []
        size = 0
        for index, batch in self.batches[partition]:
            gathered.append(self._reader(index).get_batch(batch))
            size += gathered[-1].nbytes
            if size >= max_bytes:
                yield pa.Table.from_batches(gathered)
                gathered, size = [], 0
        if gathered:
            yield pa.Table.from_batches(gathered)

    def close(self) -> None:
        while self.open:
            self.open.popitem()[1][0].close()


def committed_values(output: Path, dataset: str, column: str) -> Iterator[list[str]]:
    """The values of one column in the committed files of a dataset (ids for deduplication), file by file.

    Read file by file and checked against the run's own ids, so a commit holds the ids of its run, not of
    every run before it: an output that grows for years must not grow each commit's memory with it.
    """
    for path in committed_files(output, dataset):
        yield pq.read_table(path, columns=[column]).column(column).to_pylist()


def _choose_articles(output: Path, staged: list[str]) -> tuple[Winners, Counter]:
    """The winning record (input uri, offset) of every article id to commit, and the duplicate counts.

    Ids already committed are looked up in the output's id index (pipeline/id_index.py), brought up to date
    with the committed files first. The counts also say how many staged articles skipped NLP and why (the
    dedupe stage marks them, pipeline/dedupe.py). Held for every article of the run until the commit ends,
    so kept small: ids map to (uri, offset) pairs whose uri strings are shared (a run reads few files),
    rather than to joined key strings.
    """
    winners: Winners = {}
    uris: dict[str, str] = {}
    rows = 0
    skipped: Counter = Counter()
    for path in staged:
        table = _read_staged(path, ["article_id", "input_uri", "input_offset", NLP_SKIPPED])
        skipped.update(f"nlp_skipped_{reason}" for reason in table[NLP_SKIPPED].drop_null().to_pylist())
        for article_id, uri, offset in zip(*(table[c].to_pylist() for c in table.column_names[:3]), strict=True):
            rows += 1
            current = winners.get(article_id)
            if current is None or (uri, offset) < current:
                winners[article_id] = (uris.setdefault(uri, uri), offset)
    distinct = len(winners)
    with IdIndex.refresh(output) as index:
        ids = list(winners)
        for article_id, committed in zip(ids, index.contains(ids), strict=True):
            if committed:
                del winners[article_id]
    counts = Counter(staged_articles=rows, duplicates_in_run=rows - distinct,
                     duplicates_existing=distinct - len(winners), **skipped)
    return winners, counts


def with_added_columns(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Rows of a file written under an older data contract, with the nullable columns added since then as
    nulls: compacting or rewriting a partition that holds both keeps every row."""
    for field in schema:
        if field.name not in table.column_names:
            if not field.nullable:
                raise ValueError(f"column {field.name!r} is missing and cannot be null")
            table = table.append_column(field, pa.nulls(table.num_rows, field.type))
    return table.select(schema.names).cast(schema)


class PartitionWriter:
    """Writes one partition's rows into Parquet files of a folder, rolling over at a row limit.

    Pieces arrive small (a few rows of a partition from each staged file, or each small file compaction
    merges), so rows are gathered up to ``ROW_GROUP_BYTES`` and written as one row group: a row group per
    piece made files of thousands of three-row groups, slow to write and to read. ``file_name`` names the
    n-th file; ``max_rows`` defaults to ``MAX_ROWS_PER_FILE``.
    """

    def __init__(self, folder: Path, dataset: str, file_name: Callable[[int], str],
                 max_rows: int | None = None) -> None:
        self.folder = folder
        self.file_name = file_name
        self.max_rows = max_rows or MAX_ROWS_PER_FILE
        self.schema = file_schema(dataset)
        self.writer: pq.ParquetWriter | None = None
        self.files: list[tuple[Path, int]] = []
        self.rows_in_file = 0
        self.pending: list[pa.Table] = []
        self.pending_bytes = 0

    def write(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        if len(table.column_names) < len(self.schema.names):
            table = with_added_columns(table, self.schema)
        self.pending.append(table)
        self.pending_bytes += table.nbytes
        if self.pending_bytes >= ROW_GROUP_BYTES:
            self._write_pending()

    def _write_pending(self) -> None:
        if not self.pending:
            return
        table = pa.concat_tables(self.pending).select(self.schema.names).cast(self.schema)
        self.pending, self.pending_bytes = [], 0
        start = 0
        while start < table.num_rows:
            if self.writer is None or self.rows_in_file >= self.max_rows:
                self._roll()
            assert self.writer is not None
            take = min(table.num_rows - start, self.max_rows - self.rows_in_file)
            self.writer.write_table(table.slice(start, take))
            self.rows_in_file += take
            self.files[-1] = (self.files[-1][0], self.rows_in_file)
            start += take

    def _roll(self) -> None:
        self.close()
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / self.file_name(len(self.files))
        self.writer = pq.ParquetWriter(str(path), self.schema, compression=PARQUET_COMPRESSION)
        self.files.append((path, 0))
        self.rows_in_file = 0

    def finish(self) -> None:
        """Write what is still gathered and close the last file."""
        self._write_pending()
        self.close()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def _kept_rows(table: pa.Table, winners: Winners, uri_column: str, offset_column: str) -> list[bool]:
    """Which rows belong to a winning record: a dictionary lookup per row.

    (``pc.is_in(keys, value_set=...)`` hashes its whole value set on every call, once per staged table,
    which made the commit quadratic in the size of the run.)
    """
    columns = (table[c].to_pylist() for c in ("article_id", uri_column, offset_column))
    return [winners.get(aid) == (uri, offset) for aid, uri, offset in zip(*columns, strict=True)]


def _filter(dataset: str, table: pa.Table, winners: Winners, keep_rejects: set[str]) -> pa.Table:
    if dataset == "articles":
        kept = _kept_rows(table, winners, "input_uri", "input_offset")
    elif dataset in ("entities", "quotes"):
        kept = _kept_rows(table, winners, *LINEAGE_COLUMNS)
    else:
        kept = [reject_id in keep_rejects for reject_id in table["reject_id"].to_pylist()]
    # filtering copies every column (the bodies too): most tables lose nothing
    return table if all(kept) else table.filter(pa.array(kept, pa.bool_()))


def _choose_rejects(output: Path, staged: list[str]) -> tuple[set[str], Counter, Counter]:
    ids: set[str] = set()
    by_reason: Counter = Counter()
    for path in staged:
        table = _read_staged(path, ["reject_id", "reason"])
        ids.update(table["reject_id"].to_pylist())
        by_reason.update(table["reason"].to_pylist())
    keep = set(ids)
    for reject_ids in committed_values(output, "rejects", "reject_id"):
        keep.difference_update(reject_ids)
    return keep, by_reason, Counter(rejects_already_recorded=len(ids) - len(keep))


def plan_commit(output_dir: str | os.PathLike[str], run_id: str, descriptors: Iterable[dict[str, Any]],
                tasks: int = MERGE_TASKS) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Step 1 of a commit: decide what survives and share the partitions out into merge tasks.

    Chooses the winning record of every article id and the rejects not yet recorded (written to the run's
    staging folder for the merge tasks), checks that every record read reached the sink, and returns the
    plan (counts, inputs and the ids of the merge tasks) and up to ``tasks`` merge tasks of about equal
    staged bytes. Raises ReconciliationError when records were lost.
    """
    output = Path(output_dir)
    descriptors = list(descriptors)
    staged = [d for d in descriptors if d.get("kind") == "staged"]
    inputs = sorted((d for d in descriptors if d.get("kind") == "input"), key=lambda d: d["path"])
    by_dataset: dict[str, list[str]] = defaultdict(list)
    for descriptor in staged:
        by_dataset[descriptor["dataset"]].append(descriptor["path"])

    winners, counts = _choose_articles(output, by_dataset["articles"])
    keep_rejects, rejects_by_reason, reject_counts = _choose_rejects(output, by_dataset["rejects"])
    counts.update(reject_counts)
    # rejects over a file's cap reached no sink: its reader counted them, by reason, in the input stats
    for descriptor in inputs:
        not_kept = descriptor.get("rejects_not_kept") or {}
        rejects_by_reason.update(not_kept)
        counts["rejects_not_kept"] += sum(not_kept.values())
    records_read = sum(d["records"] for d in inputs)
    rejected = sum(rejects_by_reason.values())
    if records_read != counts["staged_articles"] + rejected:
        raise ReconciliationError(
            f"run {run_id}: {records_read} records read but {counts['staged_articles']} articles and "
            f"{rejected - counts['rejects_not_kept']} rejects reached the sink (and {counts['rejects_not_kept']} "
            f"were counted over the per-file cap); refusing to commit an incomplete run")
    _write_survivors(output, run_id, winners, keep_rejects)
    merge_tasks = _merge_tasks(by_dataset, tasks)
    plan = {"kind": "plan", "run_id": run_id, "inputs": inputs, "records_read": records_read,
            "rejected": rejected, "rejected_by_reason": dict(sorted(rejects_by_reason.items())),
            "counts": dict(counts), "tasks": [task["task"] for task in merge_tasks]}
    return plan, merge_tasks


def _merge_tasks(by_dataset: dict[str, list[str]], tasks: int) -> list[dict[str, Any]]:
    """Every (dataset, partition) to merge, in consecutive groups of about equal staged bytes.

    A task names only the staged files that hold rows of its partitions: a corpus read in date order
    leaves each file a few days, and a task need not open the rest.
    """
    parts: list[tuple[str, str, int, set[str]]] = []
    for dataset in DATASETS:
        staged_files = _StagedFiles(by_dataset.get(dataset, []), MAX_OPEN_STAGED_FILES)
        try:
            parts += [(dataset, partition, staged_files.bytes[partition],
                       {staged_files.paths[index] for index, _ in staged_files.batches[partition]})
                      for partition in staged_files.partitions()]
        finally:
            staged_files.close()
    share = max(1, sum(size for _, _, size, _ in parts) // max(1, tasks))
    groups: list[dict[str, Any]] = []
    filled = share  # start a new group at the first partition
    for dataset, partition, size, paths in parts:
        if filled >= share or groups[-1]["dataset"] != dataset:
            groups.append({"kind": "merge", "task": len(groups), "dataset": dataset, "partitions": [],
                           "paths": []})
            filled = 0
        groups[-1]["partitions"].append(partition)
        groups[-1]["paths"] = sorted(set(groups[-1]["paths"]) | paths)
        filled += size
    return groups


def _write_survivors(output: Path, run_id: str, winners: Winners, keep_rejects: set[str]) -> None:
    folder = staging_dir(output, run_id) / "plan"
    folder.mkdir(parents=True, exist_ok=True)
    ids = list(winners)
    positions = list(winners.values())
    tables = {
        "winners": pa.table({"article_id": pa.array(ids, pa.string()),
                             "input_uri": pa.array([uri for uri, _ in positions], pa.string()),
                             "input_offset": pa.array([offset for _, offset in positions], pa.int64())}),
        "rejects": pa.table({"reject_id": pa.array(sorted(keep_rejects), pa.string())}),
    }
    for name, table in tables.items():
        with pa.OSFile(str(folder / f"{name}{STAGED_SUFFIX}"), "wb") as sink, \
                ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)


def read_survivors(output: Path, run_id: str) -> tuple[Winners, set[str]]:
    """The plan's winning record of every article id and the rejects to keep (see ``plan_commit``)."""
    folder = staging_dir(output, run_id) / "plan"
    winners_table = _read_staged(str(folder / f"winners{STAGED_SUFFIX}"))
    uris: dict[str, str] = {}
    winners = {article_id: (uris.setdefault(uri, uri), offset) for article_id, uri, offset in zip(
        *(winners_table[c].to_pylist() for c in ("article_id", "input_uri", "input_offset")), strict=True)}
    rejects = set(_read_staged(str(folder / f"rejects{STAGED_SUFFIX}"))["reject_id"].to_pylist())
    return winners, rejects


def merge_partitions(output_dir: str | os.PathLike[str], run_id: str, task: dict[str, Any],
                     survivors: tuple[Winners, set[str]] | None = None) -> dict[str, Any]:
    """Step 2, one task of the plan: the surviving rows of its partitions into Parquet in the staging folder.

    Tasks share nothing but the plan's files, so they run in parallel. File names are fixed by the run,
    dataset, partition and file number: a task run again overwrites what an earlier attempt left.
    Returns the manifest entries, the file moves and the rows written.
    """
    output = Path(output_dir)
    winners, keep_rejects = survivors or read_survivors(output, run_id)
    dataset = task["dataset"]
    merged = staging_dir(output, run_id) / "commit"
    files: list[dict[str, Any]] = []
    moves: list[tuple[str, str]] = []
    written = 0
    staged_files = _StagedFiles(task["paths"], MAX_OPEN_STAGED_FILES)
    try:
        for partition in task["partitions"]:
            # the merged files of every partition of a dataset share one folder, the partition in their names:
            # a folder per partition cost a mkdir and an rmdir each, thousands per run over many days
            writer = PartitionWriter(merged / dataset, dataset, lambda n, partition=partition:
                                      f"{partition}{MERGED_SEPARATOR}{committed_name(run_id, n)}")
            try:
                for table in staged_files.tables(partition, ROW_GROUP_BYTES):
                    kept = _filter(dataset, table, winners, keep_rejects)
                    writer.write(kept)
                    written += kept.num_rows
                writer.finish()
            finally:
                writer.close()
            files.extend(_merged_files(output, dataset, partition, writer, moves))
    finally:
        staged_files.close()
    return {"kind": "merged", "task": task["task"], "dataset": dataset, "files": files, "moves": moves,
            "written": written}


def _not_kept_of(descriptor: dict[str, Any]) -> dict[str, int]:
    """``{"rejects_not_kept": n}`` for an input with rejects over the per-file cap, else nothing."""
    not_kept = sum((descriptor.get("rejects_not_kept") or {}).values())
    return {"rejects_not_kept": not_kept} if not_kept else {}


def publish_commit(output_dir: str | os.PathLike[str], run_id: str, plan: dict[str, Any],
                   merged: Iterable[dict[str, Any]], manifest: dict[str, Any]) -> dict[str, Any]:
    """Step 3: check that every task of the plan merged once and the counts reconcile, then publish.

    A task delivered twice (a runner that ran it again) counts once: both attempts wrote the same files.
    """
    results = {result["task"]: result for result in merged}
    missing = sorted(set(plan["tasks"]) - set(results))
    if missing:
        raise ReconciliationError(f"run {run_id}: {len(missing)} merge task(s) of the commit never reported "
                                  f"(first: {missing[0]}); refusing to publish an incomplete run")
    written: Counter = Counter()
    files: list[dict[str, Any]] = []
    moves: list[tuple[str, str]] = []
    for task in sorted(results):
        result = results[task]
        written[result["dataset"]] += result["written"]
        files += result["files"]
        moves += [(source, target) for source, target in result["moves"]]
    counts, inputs = plan["counts"], plan["inputs"]
    manifest = {
        **manifest,
        "run_id": run_id,
        "status": "committed",
        "committed_at": dt.datetime.now(dt.UTC).isoformat(),
        "inputs": [{**{k: d[k] for k in ("path", "format", "records", "skipped")}, **_not_kept_of(d)} for d in inputs],
        "counts": {
            "records_read": plan["records_read"],
            "articles_written": written["articles"],
            "duplicates_in_run": counts.get("duplicates_in_run", 0),
            "duplicates_existing": counts.get("duplicates_existing", 0),
            "rejected": plan["rejected"],
            "rejected_by_reason": plan["rejected_by_reason"],
            "rejects_written": written["rejects"],
            "rejects_already_recorded": counts.get("rejects_already_recorded", 0),
            "rejects_not_kept": counts.get("rejects_not_kept", 0),
            "entities": written["entities"],
            "quotes": written["quotes"],
            "nlp_skipped_existing": counts.get("nlp_skipped_existing", 0),
            "nlp_skipped_in_run": counts.get("nlp_skipped_in_run", 0),
            "input_files": len(inputs),
            "input_items_skipped": sum(d["skipped"] for d in inputs),
            "lone_surrogates_replaced": sum(d.get("lone_surrogates_replaced", 0) for d in inputs),
        },
        "files": files,
    }
    summary = manifest["counts"]
    if summary["records_read"] != (summary["articles_written"] + summary["duplicates_in_run"]
                                   + summary["duplicates_existing"] + summary["rejected"]):
        raise ReconciliationError(f"run {run_id}: counts do not reconcile: {summary}")
    moves += _index_segment(Path(output_dir), run_id, files)
    manifest = seal(manifest)
    _publish(Path(output_dir), run_id, moves, manifest)
    return manifest


def _index_segment(output: Path, run_id: str, files: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The id index segment of the run's articles, staged; its move is the journal's last (see id_index.py)."""
    covers = [entry["path"] for entry in files if entry["dataset"] == "articles"]
    if not covers:
        return []
    winners, _ = read_survivors(output, run_id)
    staged = staging_dir(output, run_id) / "index" / run_segment_name(run_id)
    write_segment(staged, id_keys(list(winners)), covers, atomic=False)
    return [(str(staged), str(id_index_dir(output) / staged.name))]


def commit_run(output_dir: str | os.PathLike[str], run_id: str, descriptors: Iterable[dict[str, Any]],
               manifest: dict[str, Any]) -> dict[str, Any]:
    """Commit every staged file of a run in this process (see the module doc); returns the manifest written.

    The three steps in order; the batch pipeline runs the merge tasks in parallel instead (pipeline/sink.py).
    """
    plan, tasks = plan_commit(output_dir, run_id, descriptors)
    survivors = read_survivors(Path(output_dir), run_id)
    merged = [merge_partitions(output_dir, run_id, task, survivors) for task in tasks]
    return publish_commit(output_dir, run_id, plan, merged, manifest)


def _merged_files(output: Path, dataset: str, partition: str, writer: PartitionWriter,
                  moves: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The manifest entries of a partition's merged files; appends their moves into the partition."""
    entries = []
    for path, rows in writer.files:
        target = partition_dir(output, dataset, partition) / path.name.split(MERGED_SEPARATOR, 1)[1]
        moves.append((str(path), str(target)))
        entries.append({"dataset": dataset, "path": str(target.relative_to(output)), "rows": rows})
    return entries


def _publish(output: Path, run_id: str, moves: list[tuple[str, str]], manifest: dict[str, Any]) -> None:
    journal = runs_dir(output) / f"{run_id}{PENDING_SUFFIX}"
    write_json_atomically(journal, seal({"run_id": run_id, "moves": moves, "manifest": manifest}))
    try:
        _apply_journal(output, journal)
    except OSError:
        # the disk filled (or failed) before the manifest: the run is not committed, so none of it may stay in
        # place for plain Parquet readers either; the files go back to the staging folder (a rename each)
        if not (runs_dir(output) / f"{run_id}.json").exists():
            _undo_moves(output, journal, moves)
        raise


def _undo_moves(output: Path, journal: Path, moves: list[tuple[str, str]]) -> None:
    try:
        for source, target in reversed(moves):
            if os.path.exists(target) and not os.path.exists(source):
                os.replace(target, source)
        journal.unlink()
    except OSError:  # the journal stays; the next writer finishes the commit instead
        LOG.exception("could not undo the moves of %s; the next run finishes the commit", journal.name)


def journal_problem(output: Path, journal: Path, payload: dict[str, Any] | None, problem: str | None) -> str | None:
    """Why a commit journal must not be adopted (None: it may): its seal, or moves that are not a commit's.

    A journal is trusted only when every move goes from its run's staging folder into a partition of the
    output (or the id index), each one either still to do or done, and its manifest lists exactly the data
    files it moves: a journal that names no real moves would otherwise mark its inputs as committed. A journal
    without a checksum (written by an older version) must move at least one file.
    """
    if problem:
        return problem
    assert payload is not None
    run_id = payload["run_id"]
    manifest = payload.get("manifest")
    if not isinstance(manifest, dict) or not isinstance(payload.get("moves"), list):
        return "it has no manifest or no moves"
    if seal_problem(manifest, run_id):
        return f"its manifest: {seal_problem(manifest, run_id)}"
    staging = staging_dir(output, run_id).resolve()
    targets = set()
    for move in payload["moves"]:
        source, target = Path(move[0]).resolve(), Path(move[1]).resolve()
        if staging not in source.parents or output.resolve() not in target.parents:
            return f"a move {move[0]} -> {move[1]} is not from the run's staging folder into the output"
        if not source.exists() and not target.exists():
            return f"{move[0]} was never staged and {move[1]} does not exist"
        targets.add(str(target.relative_to(output.resolve())))
    listed = {entry["path"] for entry in manifest.get("files", [])}
    if not listed <= targets:
        return f"its manifest lists {len(listed - targets)} file(s) it does not move"
    if is_legacy(payload) and not payload["moves"]:
        # written before journals were sealed, and nothing on disk vouches for it
        return "it has no checksum and moves no file"
    return None


def _apply_journal(output: Path, journal: Path) -> dict[str, Any]:
    payload, problem = read_record(journal, manifest_stem(journal))
    problem = journal_problem(output, journal, payload, problem)
    if problem:
        raise UntrustedJournalError(f"commit journal {journal.name}: {problem}")
    assert payload is not None
    for source, target in payload["moves"]:
        if os.path.exists(source):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(source, target)
        elif not os.path.exists(target):
            raise RuntimeError(f"commit journal {journal.name}: {source} is missing and was never moved")
    # the commit point: readers take a run's files once its manifest is there (pipeline/catalog.py)
    write_json_atomically(runs_dir(output) / f"{payload['run_id']}.json", seal(payload["manifest"]))
    journal.unlink()
    shutil.rmtree(staging_dir(output, payload["run_id"]), ignore_errors=True)
    return payload["manifest"]


class UntrustedJournalError(RuntimeError):
    """A commit journal whose checksum, run id or moves do not hold up: quarantined, never adopted."""


def recover(output_dir: str | os.PathLike[str]) -> list[str]:
    """Finish the commits that a killed run left half-done; drop staging left by runs that never committed.

    Call only while holding the output lock (no other run is staging). Returns the ids of recovered runs.
    """
    output = Path(output_dir)
    recovered = []
    for journal in sorted(runs_dir(output).glob(f"*{PENDING_SUFFIX}")):
        try:
            manifest = _apply_journal(output, journal)
        except UntrustedJournalError as exc:
            quarantine(output, journal, str(exc))
            continue
        recovered.append(manifest["run_id"])
        LOG.warning("finished the commit of run %s, interrupted earlier", manifest["run_id"])
    quarantine_bad_manifests(output)
    staging_root = output / STAGING_DIR
    if staging_root.is_dir():
        for leftover in staging_root.iterdir():
            LOG.info("removing staging files of run %s, which never committed", leftover.name)
            shutil.rmtree(leftover, ignore_errors=True)
    return recovered
