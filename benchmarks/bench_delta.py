"""The articles of an output written as a Delta table (delta-rs) beside newsbeam's own partition files.

    pip install 'newsbeam[delta]'
    python -m benchmarks.bench_delta --output out [--repeat 3] [--work bench-out/delta]

The evidence behind *Object stores* in docs/architecture.md. On the rows of ``OUT/articles`` (committed files
only), in one invocation:

- **write**: ``deltalake.write_deltalake(partition_by=["published_date"])`` against newsbeam's
  ``PartitionWriter`` (the writer of the commit's merge step) over the same rows sorted by partition, plus
  its manifest; wall seconds, ``--repeat`` times each, taking turns;
- **what plain readers see**: a DuckDB glob ``read_parquet('T/**/*.parquet', hive_partitioning=true)`` over
  the Delta table against the Delta reader, after one write, after an overwrite of the same rows (what a
  retry or a rewrite does), and after an append and ``optimize.compact()`` (what compaction does).

Local folders only: it compares the two formats, not the stores.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.report import save_json


def _articles(output: Path) -> Any:
    import pyarrow as pa
    import pyarrow.dataset as ds

    from pipeline.catalog import committed_files

    files = [str(path) for path in committed_files(output, "articles")]
    table = ds.dataset(files, format="parquet", partitioning="hive",
                       partition_base_dir=str(output / "articles")).to_table()
    index = table.schema.get_field_index("published_date")
    return table.set_column(index, "published_date", table["published_date"].cast(pa.string()))


def _write_ours(table: Any, folder: Path) -> None:
    from pipeline.commit import PartitionWriter, committed_name
    from pipeline.layout import file_schema

    run_id = "20260101T000000Z-0000beef"
    ordered = table.sort_by("published_date")
    values = ordered["published_date"].to_pylist()
    files: list[dict[str, Any]] = []
    start = 0
    for end in range(1, len(values) + 1):
        if end < len(values) and values[end] == values[start]:
            continue
        writer = PartitionWriter(folder / "articles" / f"published_date={values[start]}", "articles",
                                 lambda n: committed_name(run_id, n))
        writer.write(ordered.slice(start, end - start).select(file_schema("articles").names))
        writer.finish()
        files += [{"path": str(path.relative_to(folder)), "rows": rows} for path, rows in writer.files]
        start = end
    (folder / "_runs").mkdir(parents=True)
    (folder / "_runs" / f"{run_id}.json").write_text(json.dumps({"run_id": run_id, "files": files}))


def _glob_rows(folder: Path) -> int:
    import duckdb

    return duckdb.sql(f"select count(*) from read_parquet('{folder}/**/*.parquet', "
                      "hive_partitioning = true)").fetchall()[0][0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", required=True, help="a newsbeam output whose articles are written")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", default="bench-out/delta")
    parser.add_argument("--json", default="bench-out/delta.json")
    args = parser.parse_args(argv)
    try:
        from deltalake import DeltaTable, write_deltalake
    except ImportError:
        print("bench_delta needs deltalake: pip install 'newsbeam[delta]'", file=sys.stderr)
        return 2
    table = _articles(Path(args.output))
    partitions = len(set(table["published_date"].to_pylist()))
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    times: dict[str, list[float]] = {"delta": [], "newsbeam": []}
    for repeat in range(args.repeat):
        started = time.perf_counter()
        write_deltalake(str(work / f"delta-{repeat}"), table, partition_by=["published_date"])
        times["delta"].append(time.perf_counter() - started)
        started = time.perf_counter()
        _write_ours(table, work / f"newsbeam-{repeat}")
        times["newsbeam"].append(time.perf_counter() - started)
    delta = work / "delta-0"
    seen = [("one write", DeltaTable(str(delta)).to_pyarrow_table().num_rows, _glob_rows(delta))]
    write_deltalake(str(delta), table, partition_by=["published_date"], mode="overwrite")
    seen.append(("overwrite of the same rows", DeltaTable(str(delta)).to_pyarrow_table().num_rows, _glob_rows(delta)))
    write_deltalake(str(delta), table.slice(0, 10), partition_by=["published_date"], mode="append")
    DeltaTable(str(delta)).optimize.compact()
    seen.append(("append of 10, optimize.compact()", DeltaTable(str(delta)).to_pyarrow_table().num_rows,
                 _glob_rows(delta)))
    print(f"{table.num_rows:,} articles in {partitions:,} partitions")
    for name, values in times.items():
        print(f"  write {name:<10} {min(values):.3f} s best of {len(values)} ({', '.join(f'{v:.3f}' for v in values)})")
    print(f"  newsbeam over delta (best): {min(times['newsbeam']) / min(times['delta']):.2f}x")
    print(f"  newsbeam's files, plain glob: {_glob_rows(work / 'newsbeam-0'):,} rows")
    for step, reader, glob in seen:
        print(f"  delta after {step}: Delta reader {reader:,} rows, plain glob {glob:,} rows")
    save_json(args.json, {"rows": table.num_rows, "partitions": partitions, "times": times,
                          "delta_seen": [{"after": s, "delta_reader": r, "plain_glob": g} for s, r, g in seen]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
