"""Query the datasets with DuckDB: views ``articles``, ``entities``, ``quotes``, ``rejects`` over the Parquet.

    from pipeline.query import connect
    con = connect("out")
    con.sql("select source, count(*) from articles group by 1").show()
    con.sql("from most_quoted_this_week()").show()     # the named queries are table macros (named_queries.py)

    from pipeline.query import dataset                 # pyarrow, with the partition key typed as a date
    dataset("out", "articles").to_table(filter=pc.field("published_date") == dt.date(2026, 3, 3))
"""
from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path
from typing import Any

from pipeline.catalog import committed_files, committed_run_ids
from pipeline.layout import NotAnOutputError, is_remote, partition_column, require_output, unsupported_scheme
from schemas import DATASETS, arrow_schema

LOG = logging.getLogger("newsbeam.query")


# what DuckDB says of a listed file that a partition swap removed before it was opened (its wording differs
# between a file opened by name and a pattern that no longer matches)
_SWAPPED_AWAY = ("No such file", "No files found that match the pattern")


def swapped_away(exc: BaseException) -> bool:
    """Did this read fail because a swap replaced the files it had listed? Then a new listing succeeds."""
    return any(words in str(exc) for words in _SWAPPED_AWAY)


class QueryError(RuntimeError):
    """A query that could not run; the message is DuckDB's (or says that the folder is not an output)."""


def _output(output: str | Path) -> Path:
    why = unsupported_scheme(output)  # before Path(): 's3://b/out' would resolve to a local './s3:/b/out'
    if why is not None:
        raise QueryError(why)
    try:
        return require_output(Path(output).resolve())
    except NotAnOutputError as exc:
        raise QueryError(str(exc)) from None


def _view_sql(output: Path, dataset: str, files: list[Path]) -> str:
    # the committed files by name, not a glob: a glob also takes the files of a run still moving them in
    listed = ", ".join("'" + str(path).replace("'", "''") + "'" for path in files)
    key = partition_column(dataset)
    return (f"CREATE OR REPLACE VIEW {dataset} AS SELECT * REPLACE (CAST({key} AS DATE) AS {key}) "
            f"FROM read_parquet([{listed}], hive_partitioning = true, union_by_name = true)")


def warn_missing(output: Path) -> list[str]:
    """Committed files that are gone, said once on stderr: a query over what is left would look complete."""
    from pipeline.catalog import missing_files

    missing = missing_files(output)
    if missing:
        LOG.warning("%d committed file(s) of %s are missing (first: %s); answers lack their rows. "
                    "newsbeam verify --output %s says more", len(missing), output, missing[0], output)
    return missing


def _create_empty_view(con: Any, dataset: str) -> None:
    """A view with the dataset's columns and no rows, from the Arrow schema derived from schemas/ (so an
    output with no rows of a dataset yet still answers queries instead of failing on a missing table)."""
    empty = arrow_schema(DATASETS[dataset][0]).empty_table()
    con.register(f"_empty_{dataset}", empty)
    con.execute(f"CREATE OR REPLACE VIEW {dataset} AS SELECT * FROM _empty_{dataset}")


def connect(output: str | Path = "out", database: str = ":memory:"):
    """A DuckDB connection with the four datasets of an output folder registered as views, and the named
    queries (``newsbeam query --list``) as table macros. QueryError for a folder that is not an output."""
    import duckdb

    from pipeline.named_queries import register

    if is_remote(output):
        return _connect_remote(str(output), database)
    output = _output(output)
    con = duckdb.connect(database)
    con.execute("SET TimeZone = 'UTC'")
    warn_missing(output)
    runs = committed_run_ids(output)  # one listing for every dataset: a run shows in all of them or in none
    for dataset in DATASETS:
        files = committed_files(output, dataset, runs)
        if files:
            con.execute(_view_sql(output, dataset, files))
        else:
            _create_empty_view(con, dataset)
    register(con)
    return con


def _remote_files(output: str) -> tuple[Any, dict[str, list[str]]]:
    from pipeline.objstore import committed_urls

    why = unsupported_scheme(output)
    if why is not None:
        raise QueryError(why)
    try:
        return committed_urls(output)
    except NotAnOutputError as exc:
        raise QueryError(str(exc)) from None


def _connect_remote(output: str, database: str):
    """The views of an object-store output: the files its committed records name, read through its fsspec
    filesystem registered with DuckDB (nothing is downloaded at run time: no DuckDB extension is needed)."""
    import duckdb

    from pipeline.named_queries import register

    fs, files = _remote_files(output)
    con = duckdb.connect(database)
    con.execute("SET TimeZone = 'UTC'")
    con.register_filesystem(fs)
    for name in DATASETS:
        if files[name]:
            con.execute(_view_sql(Path(), name, files[name]))
        else:
            _create_empty_view(con, name)
    register(con)
    return con


def dataset(output: str | Path, name: str):
    """One dataset of an output as a ``pyarrow.dataset.Dataset``, its partition key typed ``date32``.

    Read with plain ``partitioning="hive"``, pyarrow infers ``published_date`` as a string (pandas as a
    category), and a filter with a ``datetime.date`` fails; here it compares as a date. The columns are those
    derived from schemas/, also for a dataset that has no files yet.
    """
    import pyarrow as pa
    import pyarrow.dataset as ds

    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r} (one of {', '.join(DATASETS)})")
    if is_remote(output):
        fs, files = _remote_files(str(output))
        schema = arrow_schema(DATASETS[name][0])
        key = partition_column(name)
        if not files[name]:
            return ds.dataset(schema.empty_table())
        root = str(output).rstrip("/").split("://", 1)[1] + f"/{name}"
        return ds.dataset([url.split("://", 1)[1] for url in files[name]], schema=schema, format="parquet",
                          filesystem=fs, partition_base_dir=root,
                          partitioning=ds.partitioning(pa.schema([schema.field(key)]), flavor="hive"))
    root = _output(output) / name
    schema = arrow_schema(DATASETS[name][0])
    key = partition_column(name)
    partitioning = ds.partitioning(pa.schema([schema.field(key)]), flavor="hive")
    if not root.is_dir():
        return ds.dataset(schema.empty_table())
    # the committed files only, as the views read them: not a commit's or compaction's work in progress
    files = [str(path) for path in committed_files(_output(output), name)]
    return ds.dataset(files, schema=schema, format="parquet", partitioning=partitioning,
                      partition_base_dir=str(root))


# a compaction swaps partitions one after another: a query can race more than one swap
SWAP_RETRIES = 5


def run_query(sql: str, output: str | Path = "out", params: dict[str, Any] | None = None
              ) -> tuple[list[str], list[tuple[Any, ...]]]:
    import duckdb

    for attempt in range(1, SWAP_RETRIES + 1):
        con = None
        try:
            # connecting reads the files too (the views and the named queries are bound to them)
            con = connect(output)
            relation = con.execute(sql, params) if params else con.sql(sql)
            if relation is None:
                return [], []
            columns = [d[0] for d in relation.description] if params else list(relation.columns)
            return columns, relation.fetchall()
        except duckdb.IOException as exc:
            # compaction swapped a partition between listing its files and opening one: the next try sees
            # the new files (pipeline/compact.py)
            if attempt == SWAP_RETRIES or not swapped_away(exc):
                raise QueryError(_with_hint(str(exc).splitlines()[0], output)) from exc
        except duckdb.Error as exc:
            raise QueryError(_with_hint(str(exc).splitlines()[0], output)) from exc
        finally:
            if con is not None:
                con.close()
    raise AssertionError("unreachable")


def _with_hint(message: str, output: str | Path) -> str:
    """A damaged data file fails every query: say how to find it and move it aside."""
    if ".parquet" in message and any(word in message.lower() for word in ("magic", "corrupt", "too small",
                                                                         "invalid", "no such file")):
        return f"{message} (newsbeam verify --output {output} [--repair] finds damaged or missing files)"
    return message


def _json_value(value: Any) -> Any:
    return value.hex() if isinstance(value, bytes) else str(value)


def _cell(value: Any, limit: int | None = 60) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):  # lists and structs as JSON, not as Python's repr
        text = json.dumps(value, default=_json_value, ensure_ascii=False)
    else:
        text = value.hex() if isinstance(value, bytes) else str(value)
    text = text.replace("\n", " ")
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def format_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str = "table") -> str:
    """``table`` for people; ``csv`` (lists and structs as JSON); ``json``, one array of objects (``[]`` when
    empty); ``ndjson``, one object a line (nothing when empty). Dates and times as text (``2026-03-03
    08:15:00+00:00``)."""
    objects = (dict(zip(columns, row, strict=True)) for row in rows)
    if fmt == "json":
        return json.dumps(list(objects), default=_json_value, ensure_ascii=False)
    if fmt == "ndjson":
        return "\n".join(json.dumps(obj, default=_json_value, ensure_ascii=False) for obj in objects)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v, None) for v in row] for row in rows])
        return buffer.getvalue().rstrip("\n")
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(row[i], int | float) or row[i] is None for row in rows) and rows
               for i in range(len(columns))]
    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if numeric[i] else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths,
                                                                                                  strict=True))).rstrip()
    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
