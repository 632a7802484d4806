"""Where things live in an output folder, and the file schemas of each dataset (derived from schemas/)."""
from __future__ import annotations

import importlib.util
import os
import re
from functools import cache
from pathlib import Path

import pyarrow as pa

from schemas import DATASETS, arrow_schema

RUNS_DIR = "_runs"
STATE_DIR = "_state"
STAGING_DIR = "_staging"
LOCK_FILE = ".lock"
# staged entity and quote rows remember which input record they came from, so that the rows of a duplicate
# article that loses deduplication are dropped with it
LINEAGE_COLUMNS = ("_input_uri", "_input_offset")
# staged article rows that skipped NLP say why ("existing": the id is committed, "in_run": an earlier copy of
# this run wins), so that the commit counts them (pipeline/dedupe.py); null for the others
NLP_SKIPPED = "_nlp_skipped"
# the id of the record each row belongs to: its article, or the reject itself
RECORD_ID_COLUMNS = {"articles": "article_id", "entities": "article_id", "quotes": "article_id",
                     "rejects": "reject_id"}
# the datasets whose records are deduplicated by that id (entity and quote rows go with their article)
DEDUPLICATED_DATASETS = ("articles", "rejects")


def partition_column(dataset: str) -> str:
    return DATASETS[dataset][1]


@cache
def file_schema(dataset: str) -> pa.Schema:
    """Columns stored in the Parquet files: the model's, less the partition key (it is in the folder name)."""
    schema = arrow_schema(DATASETS[dataset][0])
    return schema.remove(schema.get_field_index(partition_column(dataset)))


@cache
def staging_schema(dataset: str) -> pa.Schema:
    schema = file_schema(dataset)
    if dataset in ("entities", "quotes"):
        schema = schema.append(pa.field(LINEAGE_COLUMNS[0], pa.string(), nullable=False))
        schema = schema.append(pa.field(LINEAGE_COLUMNS[1], pa.int64(), nullable=False))
    if dataset == "articles":
        schema = schema.append(pa.field(NLP_SKIPPED, pa.string()))
    return schema


def partition_dir(output: Path, dataset: str, value: str) -> Path:
    return output / dataset / f"{partition_column(dataset)}={value}"


def runs_dir(output: Path) -> Path:
    return output / RUNS_DIR


def state_dir(output: Path) -> Path:
    """``OUT/_state/``: what writers keep between runs (swaps, compaction records, the stream's files)."""
    return output / STATE_DIR


def staging_dir(output: Path, run_id: str) -> Path:
    return output / STAGING_DIR / run_id


def staged_rows_dir(output: Path, run_id: str, dataset: str) -> Path:
    """Where the workers of a run stage a dataset's rows (pipeline/commit.py ``write_staged``)."""
    return staging_dir(output, run_id) / "rows" / dataset


class NotAnOutputError(ValueError):
    """A folder given as an existing output that is not one: a one-line usage error, never an empty answer."""


# 's3://bucket/out', 'gs://…', 'az://…', 'file://…': a URL. Without this check a URL newsbeam does not write
# to would become a local folder named 's3:' and read back as if it were the bucket.
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
# object-store URL scheme -> (its fsspec filesystem package, the newsbeam extra that installs it)
OBJECT_STORE_SCHEMES = {"s3": ("s3fs", "s3"), "s3a": ("s3fs", "s3"), "gs": ("gcsfs", "gcs"),
                        "gcs": ("gcsfs", "gcs"), "az": ("adlfs", "azure"), "abfs": ("adlfs", "azure"),
                        "abfss": ("adlfs", "azure")}


def scheme_of(output: str | os.PathLike[str]) -> str | None:
    text = os.fspath(output)
    return text.split("://", 1)[0].lower() if URL_SCHEME.match(text) else None


def is_remote(output: str | os.PathLike[str]) -> bool:
    """Is ``output`` an object-store URL (s3://, gs://, az:// and their aliases; pipeline/objstore.py)?"""
    return scheme_of(output) in OBJECT_STORE_SCHEMES


def missing_extra(output: str | os.PathLike[str]) -> str | None:
    """Why an object-store output cannot be used here (its filesystem package is not installed), else None."""
    scheme = scheme_of(output)
    if scheme not in OBJECT_STORE_SCHEMES:
        return None
    module, extra = OBJECT_STORE_SCHEMES[scheme]
    if importlib.util.find_spec(module) is None:
        return (f"--output {os.fspath(output)}: {scheme}:// outputs need {module}, which is not installed: "
                f"pip install 'newsbeam[{extra}]'")
    return None


def unsupported_scheme(output: str | os.PathLike[str]) -> str | None:
    """Why ``output`` cannot be an output when it is a URL (a scheme other than the object stores', or an
    object store whose filesystem package is missing), else None."""
    text = os.fspath(output)
    if not URL_SCHEME.match(text):
        return None
    if is_remote(text):
        return missing_extra(text)
    return (f"--output {text}: a URL is not supported as the output (give a local folder, a shared POSIX "
            "mount, or an object store: s3://, gs://, az://; docs/distributed.md)")


def require_output(output: Path) -> Path:
    """``output`` if it is a newsbeam output folder (it holds ``_runs/``, ``_state/`` or a dataset folder).

    Only ``run`` and ``stream`` create an output; reading or compacting a folder that is not one (a typo, the
    wrong working directory) must not look like an output with no rows.
    """
    why = unsupported_scheme(output)
    if why is not None:
        raise NotAnOutputError(why)
    if not output.exists():
        raise NotAnOutputError(f"no newsbeam output at {output}: the folder does not exist "
                               f"(newsbeam run --output {output} creates one)")
    if not output.is_dir():
        raise NotAnOutputError(f"no newsbeam output at {output}: it is a file, not a folder")
    if not any((output / name).is_dir() for name in (RUNS_DIR, STATE_DIR, *DATASETS)):
        raise NotAnOutputError(f"no newsbeam output at {output}: the folder has no {RUNS_DIR}/ and no dataset "
                               f"folders ({', '.join(DATASETS)})")
    return output
