"""Compaction: merge small files per partition and drop duplicate rows, atomically for readers.

Streaming and daily runs leave many small files per partition (one per run). ``compact`` merges the files of
each partition into few large ones and drops duplicate rows (the same article id committed twice, e.g. by
outputs merged by hand), without readers ever seeing a partition half-rewritten: the new contents are made
live by the atomic partition swap (pipeline/swap.py), which compaction shares with enrich and dated retries.

Compaction refuses to rewrite a partition whose files do not hold the rows the catalog says were committed
there (a file deleted or cut short): rewriting it would make the loss look committed. ``newsbeam verify``
names such files.

Everything happens under the output lock, so no run commits into a partition while it is being rewritten.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.catalog import committed_files, load_catalog
from pipeline.commit import MAX_ROWS_PER_FILE, PartitionWriter, recover
from pipeline.layout import DEDUPLICATED_DATASETS, RECORD_ID_COLUMNS, STATE_DIR, is_remote, require_output
from pipeline.locking import OutputLock
from pipeline.objstore import working_copy
from pipeline.swap import PartitionSwap, new_operation_id, recover_swaps
from schemas import DATASETS

LOG = logging.getLogger(__name__)
COMPACTIONS_DIR = "compactions"
# rows that identify one logical row per dataset, for dropping exact duplicates inside a partition
ROW_KEYS = {"articles": ("article_id",), "rejects": ("reject_id",),
            "entities": ("article_id", "entity", "label"), "quotes": ("article_id", "quote_id")}


# -------------------------------------------------------------------------------------------- compaction
@dataclass
class CompactionReport:
    compaction_id: str
    partitions: list[dict[str, Any]] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"compaction_id": self.compaction_id, "dry_run": self.dry_run, "partitions": self.partitions,
                "dropped": dict(self.dropped),
                "files_before": sum(p["files_before"] for p in self.partitions),
                "files_after": sum(p["files_after"] for p in self.partitions)}


def _file_column(paths: list[Path], columns: list[str]) -> pa.Table:
    """The named columns of several files, with the file's index and the row's index in it."""
    tables = []
    for index, path in enumerate(paths):
        table = pq.read_table(path, columns=columns)
        tables.append(table.append_column("_file", pa.array([index] * table.num_rows, pa.int32()))
                      .append_column("_row", pa.array(range(table.num_rows), pa.int64())))
    return pa.concat_tables(tables) if tables else pa.table({c: [] for c in [*columns, "_file", "_row"]})


def _copies_to_drop(paths: list[Path], id_column: str) -> tuple[dict[Path, set[int]], set[tuple[str, str]]]:
    """Rows that repeat an id already committed, and the (id, run_id) copies they belong to.

    The copy committed first (ingested_at, then run id, then input position) stays, as commit would have
    decided had both copies reached it in one run.
    """
    ids = _file_column(paths, [id_column])
    counts = pc.value_counts(ids[id_column])
    repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    if len(repeated) == 0:
        return {}, set()
    order = ["ingested_at", "run_id", "input_uri", "input_offset"]
    candidates = _file_column(paths, [id_column, *order])
    candidates = candidates.filter(pc.is_in(candidates[id_column], value_set=repeated))
    by_id: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in candidates.to_pylist():
        by_id[row[id_column]].append(row)
    drop: dict[Path, set[int]] = defaultdict(set)
    losers: set[tuple[str, str]] = set()
    for key, rows in by_id.items():
        rows.sort(key=lambda r: tuple(r[c] for c in (*order, "_file", "_row")))
        winner = rows[0]
        for row in rows[1:]:
            drop[paths[row["_file"]]].add(row["_row"])
            if row["run_id"] != winner["run_id"]:
                losers.add((key, row["run_id"]))
    return drop, losers


def _row_filter(dataset: str, table: pa.Table, drop_rows: set[int], losers: set[tuple[str, str]],
                seen: set[tuple[Any, ...]]) -> tuple[pa.Table, int]:
    """Rows of one file that stay: not a dropped copy, not a row of a dropped copy, not seen in the partition."""
    keep = [True] * table.num_rows
    for index in drop_rows:
        keep[index] = False
    if losers and dataset in ("entities", "quotes"):
        for index, pair in enumerate(zip(table["article_id"].to_pylist(), table["run_id"].to_pylist(),
                                         strict=True)):
            if pair in losers:
                keep[index] = False
    key_columns = [table[c].to_pylist() for c in ROW_KEYS[dataset]]
    for index, key in enumerate(zip(*key_columns, strict=True)):
        if not keep[index]:
            continue
        if key in seen:
            keep[index] = False
        else:
            seen.add(key)
    dropped = keep.count(False)
    return (table.filter(pa.array(keep, pa.bool_())) if dropped else table), dropped


def _partitions(output: Path, dataset: str) -> dict[Path, list[Path]]:
    grouped: dict[Path, list[Path]] = defaultdict(list)
    for path in committed_files(output, dataset):
        grouped[path.parent].append(path)
    return grouped


def _merge_partition(swap: PartitionSwap, dataset: str, folder: Path, files: list[Path],
                     drop: dict[Path, set[int]], losers: set[tuple[str, str]], max_rows: int) -> dict[str, Any]:
    writer = PartitionWriter(swap.partition(dataset, folder.name), dataset,
                              lambda n: f"part-{swap.swap_id}-{n:05d}.parquet", max_rows)
    seen: set[tuple[Any, ...]] = set()
    rows_before = dropped = 0
    try:
        for path in files:
            table = pq.read_table(path)
            rows_before += table.num_rows
            table, removed = _row_filter(dataset, table, drop.get(path, set()), losers, seen)
            dropped += removed
            writer.write(table)
        writer.finish()
    finally:
        writer.close()
    return {"dataset": dataset, "partition": folder.name, "files_before": len(files),
            "files_after": len(writer.files), "rows_before": rows_before, "rows_after": rows_before - dropped,
            "rows_dropped": dropped}


def _needs_rewrite(dataset: str, files: list[Path], drop: dict[Path, set[int]], losers: set[tuple[str, str]],
                   min_files: int) -> bool:
    if len(files) >= min_files or any(drop.get(p) for p in files):
        return True
    if dataset not in ("entities", "quotes"):
        return False
    # a single file can still hold rows of a dropped copy, or the same key twice
    for path in files:
        table = pq.read_table(path, columns=list(dict.fromkeys(("article_id", "run_id", *ROW_KEYS[dataset]))))
        if losers and any(pair in losers for pair in zip(table["article_id"].to_pylist(),
                                                         table["run_id"].to_pylist(), strict=True)):
            return True
        keys = list(zip(*(table[c].to_pylist() for c in ROW_KEYS[dataset]), strict=True))
        if len(set(keys)) != len(keys):
            return True
    return False


class UnaccountedRowsError(RuntimeError):
    """A partition does not hold the rows its records say were committed: compaction would make it final."""


def _refuse_unaccounted_loss(output: Path, datasets: tuple[str, ...]) -> None:
    """Every committed file the catalog lists is there, readable, with its rows; else nothing is rewritten."""
    catalog = load_catalog(output)
    problems = []
    for partition, entries in sorted(catalog.expected.items()):
        if partition.split("/", 1)[0] not in datasets:
            continue
        for relative, rows in sorted(entries.items()):
            path = output / relative
            if not path.exists():
                problems.append(f"{relative} is missing ({rows} rows committed)")
                continue
            try:
                found = pq.ParquetFile(path).metadata.num_rows
            except (pa.ArrowException, OSError, ValueError) as exc:  # a cut-short file fails in many ways
                problems.append(f"{relative} is unreadable ({type(exc).__name__})")
                continue
            if found != rows:
                problems.append(f"{relative} holds {found} rows, {rows} were committed")
    if problems:
        raise UnaccountedRowsError(
            f"refusing to compact: {len(problems)} committed file(s) do not hold their rows (first: {problems[0]}); "
            f"newsbeam verify --output {output} --repair moves damaged files aside and names the inputs to read "
            f"again")


def compact(output_dir: str | os.PathLike[str], *, datasets: tuple[str, ...] = tuple(DATASETS),
            min_files: int = 2, max_rows_per_file: int = MAX_ROWS_PER_FILE, dry_run: bool = False,
            wait_seconds: float = 0.0) -> CompactionReport:
    """Merge small files per partition and drop duplicate rows, atomically for readers (see the module doc).

    An object-store output is compacted in its local working folder, then published: the new files, the
    compaction record, and only then the deletion of the merged files (pipeline/objstore.py).
    """
    if is_remote(output_dir):
        with working_copy(os.fspath(output_dir), "compaction", wait_seconds, create=False) as local:
            return compact(local, datasets=datasets, min_files=min_files, max_rows_per_file=max_rows_per_file,
                           dry_run=dry_run)
    output = require_output(Path(output_dir).resolve())  # compaction never creates an output (nor its lock)
    report = CompactionReport(new_operation_id("compact"), dry_run=dry_run)
    with OutputLock(output, wait_seconds):
        recover(output)
        recover_swaps(output)
        _refuse_unaccounted_loss(output, tuple(dict.fromkeys((*datasets, *DEDUPLICATED_DATASETS))))
        plans: dict[str, tuple[dict[Path, set[int]], set[tuple[str, str]]]] = {}
        for dataset in DEDUPLICATED_DATASETS:
            plans[dataset] = _copies_to_drop(committed_files(output, dataset), RECORD_ID_COLUMNS[dataset])
        article_losers = plans["articles"][1]
        swap = PartitionSwap(output, report.compaction_id)
        try:
            for dataset in datasets:
                drop, losers = plans.get(dataset, ({}, article_losers))
                for folder, files in sorted(_partitions(output, dataset).items()):
                    if not _needs_rewrite(dataset, files, drop, losers, min_files):
                        continue
                    if dry_run:
                        report.partitions.append({"dataset": dataset, "partition": folder.name,
                                                  "files_before": len(files), "files_after": -1})
                        continue
                    outcome = _merge_partition(swap, dataset, folder, files, drop, losers, max_rows_per_file)
                    report.partitions.append(outcome)
                    report.dropped[dataset] += outcome["rows_dropped"]
            if dry_run or not report.partitions:
                swap.abandon()
                return report
            record = {**report.as_dict(), "committed_at": dt.datetime.now(dt.UTC).isoformat()}
            swap.record(f"{STATE_DIR}/{COMPACTIONS_DIR}/{report.compaction_id}.json", record)
            swap.publish()
        except BaseException:
            swap.abandon()  # nothing is live before publish(); after its journal, recovery finishes it
            raise
    return report


def format_report(report: CompactionReport) -> str:
    summary = report.as_dict()
    verb = "would rewrite" if report.dry_run else "rewrote"
    lines = [f"compaction {report.compaction_id}: {verb} {len(report.partitions)} partition(s), "
             f"{summary['files_before']} file(s) -> "
             f"{summary['files_after'] if not report.dry_run else '?'}"]
    for dataset in DATASETS:
        rows = [p for p in report.partitions if p["dataset"] == dataset]
        if rows:
            lines.append(f"  {dataset:<10}{len(rows):>5} partition(s), {sum(p['files_before'] for p in rows):>6} "
                         f"file(s) before, {report.dropped.get(dataset, 0):>6} duplicate row(s) dropped")
    return "\n".join(lines)
