"""The I/O floor: the same JSONL files into Parquet with no processing at all.

    python -m benchmarks.io_floor --input 'bench-data/*.jsonl.gz' --output floor-out/

pyarrow opens and decompresses each input, every line is parsed as JSON, and the article's fields are written
as they come (the first present alias of each contract field, non-strings as their JSON text) into one
zstd-compressed Parquet file per input, in batches, so memory stays flat. No dates, bylines, language, ids,
deduplication, partitioning or commit protocol: whatever newsbeam costs beyond this is its own overhead.

Why not ``pyarrow.json.read_json``: it infers one type per column and stops at the first record that
disagrees (a feed whose ``published`` is epoch seconds in one record and a string in the next, as real
multi-source crawls are) or at the first broken line; ``json.loads`` per line is the fastest reader that
takes every record of such files. Lines that are not JSON objects are counted and skipped.
"""
from __future__ import annotations

import argparse
import glob
import io
import json
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.decoders import (
    BODY_KEYS,
    BYLINE_KEYS,
    DATE_KEYS,
    FETCHED_KEYS,
    SOURCE_KEYS,
    TITLE_KEYS,
    URL_KEYS,
)

FIELDS: dict[str, tuple[str, ...]] = {
    "url": URL_KEYS, "title": TITLE_KEYS, "byline": BYLINE_KEYS, "published": DATE_KEYS, "body": BODY_KEYS,
    "source": SOURCE_KEYS, "fetched_at": FETCHED_KEYS,
}
SCHEMA = pa.schema([(name, pa.string()) for name in FIELDS])
BATCH_ROWS = 2000


def _value(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is not None:
            return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return None


def copy_file(path: str | Path, target: Path, batch_rows: int = BATCH_ROWS) -> dict[str, int]:
    """One JSONL(.gz) file -> one Parquet file; returns counts (records written, lines skipped, bytes)."""
    counts = {"records": 0, "skipped": 0, "bytes": 0}
    columns: dict[str, list[str | None]] = {name: [] for name in FIELDS}
    with pa.input_stream(str(path), compression="detect") as raw, \
            pq.ParquetWriter(str(target), SCHEMA, compression="zstd") as writer:
        for line in io.BufferedReader(raw, 1 << 20):
            counts["bytes"] += len(line)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                counts["skipped"] += 1
                continue
            if not isinstance(record, dict):
                counts["skipped"] += 1
                continue
            for name, keys in FIELDS.items():
                columns[name].append(_value(record, keys))
            counts["records"] += 1
            if len(columns["url"]) >= batch_rows:
                writer.write_table(pa.table(columns, schema=SCHEMA))
                columns = {name: [] for name in FIELDS}
        if columns["url"]:
            writer.write_table(pa.table(columns, schema=SCHEMA))
    return counts


def copy_to_parquet(inputs: list[str], output: str | Path) -> dict[str, Any]:
    """Every input file into ``output/floor-NNNNN.parquet``; returns totals and the elapsed time."""
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    totals = {"files": 0, "records": 0, "skipped": 0, "bytes": 0}
    for index, path in enumerate(inputs):
        counts = copy_file(path, out / f"floor-{index:05d}.parquet")
        totals["files"] += 1
        for key, value in counts.items():
            totals[key] += value
    return {**totals, "seconds": round(time.perf_counter() - started, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", action="append", required=True, help="JSONL(.gz) glob (repeatable)")
    parser.add_argument("--output", required=True, help="folder for the Parquet files")
    args = parser.parse_args(argv)
    inputs = sorted({path for pattern in args.input for path in glob.glob(pattern, recursive=True)})
    if not inputs:
        print(f"no input files match {args.input}", file=sys.stderr)
        return 2
    print(json.dumps(copy_to_parquet(inputs, args.output)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
