"""Synthetic rows and outputs that several test modules build on.

Two kinds of rows: ``article_row`` and its siblings are rows as a committed Parquet file stores them (no
partition key: it is in the folder name), written into partitions with ``write``; ``article`` and its siblings
are rows as a worker stages them (with the partition key and, for entities and quotes, the lineage columns),
committed with ``run_once``.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.commit import commit_run, stage_rows
from pipeline.layout import file_schema, partition_dir
from schemas import SCHEMA_VERSION, RejectReason
from transforms.ids import row_id

# ------------------------------------------------------------------------------ rows of committed files
T0 = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)


def article_row(article_id: str, run_id: str, ingested: int = 0, offset: int = 0) -> dict[str, Any]:
    return {"article_id": article_id, "url": f"https://tideway.example/{article_id}", "source": "Tideway Times",
            "title": f"Lock gates {article_id} repaired", "authors": ["Ola Brandt"], "agencies": [],
            "byline_raw": "Ola Brandt", "published_at": T0, "published_offset_minutes": 0, "date_precision": "minute",
            "date_raw": "24 Nov 2026 08:00", "date_source": "metadata", "language": "en",
            "body": f"Engineers repaired lock gate {article_id}, Ola Brandt said.", "word_count": 7,
            "comment_count": None, "content_hash": f"h-{article_id}", "input_uri": f"/landing/{run_id}.jsonl",
            "input_offset": offset, "fetched_at": None, "ingested_at": T0 + dt.timedelta(hours=ingested),
            "run_id": run_id, "schema_version": "1.0"}


def entity_row(article_id: str, run_id: str, entity: str, label: str = "PERSON") -> dict[str, Any]:
    return {"article_id": article_id, "entity": entity, "label": label, "mention_count": 1, "mentions": [entity],
            "spans": [{"start": 0, "end": len(entity)}], "run_id": run_id, "schema_version": "1.0"}


def quote_row(article_id: str, run_id: str, quote_id: str, speaker: str | None = "Ola Brandt") -> dict[str, Any]:
    return {"article_id": article_id, "quote_id": quote_id, "text": "The gates hold", "start": 1, "end": 15,
            "speaker": speaker, "speaker_mention": speaker, "cue": "said", "quote_type": "full", "paragraph": 0,
            "confidence": 0.9, "run_id": run_id, "schema_version": "1.0"}


def reject_row(reject_id: str, run_id: str, ingested: int = 0, reason: str = "invalid_json") -> dict[str, Any]:
    return {"reject_id": reject_id, "input_uri": f"/landing/{run_id}.jsonl", "input_offset": 0, "reason": reason,
            "detail": "invalid JSON", "raw": b"{", "run_id": run_id,
            "ingested_at": T0 + dt.timedelta(hours=ingested), "schema_version": "1.0"}


def write(output: Path, dataset: str, day: str, name: str, rows: list[dict[str, Any]]) -> Path:
    folder = partition_dir(output, dataset, day)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"part-{name}-00000.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=file_schema(dataset)), path)
    return path


# ---------------------------------------------------------------------------------------- staged rows

NOW = dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC)


def article(article_id: str, uri: str, offset: int, day: str = "2026-03-03", run_id: str = "run") -> dict[str, Any]:
    return {
        "article_id": article_id, "url": f"https://news.example/{article_id}", "source": "news.example",
        "title": f"Title of {article_id} from {uri}@{offset}", "authors": ["Ada Quill"], "agencies": [],
        "byline_raw": "By Ada Quill", "published_at": dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC),
        "published_offset_minutes": 0, "date_precision": "day", "date_raw": day, "date_source": "metadata",
        "published_date": dt.date.fromisoformat(day), "language": "en", "body": f"Body of {article_id}.",
        "word_count": 3, "comment_count": None, "content_hash": "0" * 32, "input_uri": uri, "input_offset": offset,
        "fetched_at": None, "ingested_at": NOW, "run_id": run_id, "schema_version": SCHEMA_VERSION,
    }


def entity(parent: dict[str, Any], name: str) -> dict[str, Any]:
    return {"article_id": parent["article_id"], "published_date": parent["published_date"], "entity": name,
            "label": "PERSON", "mention_count": 1, "mentions": [name], "spans": [{"start": 0, "end": len(name)}],
            "run_id": parent["run_id"], "schema_version": SCHEMA_VERSION,
            "_input_uri": parent["input_uri"], "_input_offset": parent["input_offset"]}


def quote(parent: dict[str, Any], text: str) -> dict[str, Any]:
    return {"article_id": parent["article_id"], "published_date": parent["published_date"],
            "quote_id": row_id("quote", parent["article_id"], parent["input_uri"], parent["input_offset"]),
            "text": text, "start": 1, "end": 1 + len(text), "speaker": "Ada Quill", "speaker_mention": "she",
            "cue": "said", "quote_type": "full", "paragraph": 0, "confidence": 0.8, "run_id": parent["run_id"],
            "schema_version": SCHEMA_VERSION, "_input_uri": parent["input_uri"],
            "_input_offset": parent["input_offset"]}


def reject(uri: str, offset: int, reason: str = RejectReason.INVALID_JSON, raw: bytes = b"{broken",
           run_id: str = "run") -> dict[str, Any]:
    return {"reject_id": row_id("reject", uri, offset, reason), "ingest_date": NOW.date(), "input_uri": uri,
            "input_offset": offset, "reason": reason, "detail": "test reject", "raw": raw, "run_id": run_id,
            "ingested_at": NOW, "schema_version": SCHEMA_VERSION}


PARTITION_KEY = {"articles": "published_date", "entities": "published_date", "quotes": "published_date",
                 "rejects": "ingest_date"}


def stage(output: Path, run_id: str, dataset: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stage rows as a worker's flush does: one staged file for every partition; returns its descriptor."""
    return [stage_rows(output, run_id, dataset, [(row[PARTITION_KEY[dataset]].isoformat(), row) for row in rows])]


def inputs(**records_by_path: int) -> list[dict[str, Any]]:
    return [{"kind": "input", "path": path, "format": "jsonl", "records": n, "skipped": 0}
            for path, n in records_by_path.items()]


def run_once(output: Path, run_id: str, *, articles: list[dict] = (), entities: list[dict] = (),
             quotes: list[dict] = (), rejects: list[dict] = (), records: dict[str, int] | None = None
             ) -> dict[str, Any]:
    descriptors: list[dict[str, Any]] = []
    for dataset, rows in (("articles", articles), ("entities", entities), ("quotes", quotes), ("rejects", rejects)):
        if rows:
            descriptors += stage(output, run_id, dataset, list(rows))
    if records is None:
        counted = Counter(r["input_uri"] for r in [*articles, *rejects])
        records = dict(counted)
    descriptors += inputs(**records)
    return commit_run(output, run_id, descriptors, {"output": str(output)})


# ------------------------------------------------------------------------------------------ reading back

def read_dataset(output: Path, dataset: str, where: str = "true") -> list[dict[str, Any]]:
    """Rows of a dataset read the way an analyst would: DuckDB over the hive-partitioned Parquet."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    pattern = str(output / dataset / "*" / "*.parquet")
    relation = con.sql(f"SELECT * FROM read_parquet('{pattern}', hive_partitioning = true) WHERE {where}")
    columns = relation.columns
    return [dict(zip(columns, row, strict=True)) for row in relation.fetchall()]


# ------------------------------------------------------------------------------------------ input feeds
def write_feeds(folder: Path, articles: int, *, files: int = 3, duplicates: int = 3, broken: int = 2) -> list[Path]:
    """``files`` gzip JSONL feeds holding ``articles`` invented articles over several days, round robin, plus
    ``duplicates`` copies of earlier articles in another file and ``broken`` lines that are no JSON."""
    import gzip
    import json

    folder.mkdir(parents=True, exist_ok=True)
    lines: list[list[str]] = [[] for _ in range(files)]
    records = []
    for k in range(articles):
        day = dt.date(2026, 3, 1 + k % 5)
        records.append({
            "url": f"https://harbour-gazette.example/{day:%Y/%m/%d}/story-{k}",
            "title": f"Harbour board story {k}",
            "byline": ["By Ola Brandt", "By Ines Calloway and Tom Reyes", "Staff"][k % 3],
            "published": f"{day.isoformat()}T0{k % 10}:15:00Z",
            "text": (f"The harbour board met on day {k} to decide how the sea wall should be repaired. "
                     f"“We cannot wait another winter,” said chair Ola Brandt. Story {k} ends here."),
        })
    for k, record in enumerate(records):
        lines[k % files].append(json.dumps(record))
    for k in range(duplicates):
        lines[(k + 1) % files].append(json.dumps(records[k * files % len(records)]))  # same url, another file
    for k in range(broken):
        lines[k % files].append('{"url": "https://harbour-gazette.example/broken", "title": ')
    paths = []
    for number, content in enumerate(lines):
        path = folder / f"feed-{number:02d}.jsonl.gz"
        path.write_bytes(gzip.compress(("\n".join(content) + "\n").encode("utf-8"), mtime=0))
        paths.append(path)
    return paths
