"""Shared fixtures: output folders, the bundled sample, a runner for the real command line; marker registration."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "pipeline" / "sample"
CLI_TIMEOUT = 600

# pipelines and HTML extraction are slow to warm up: a per-example deadline would only measure the machine
settings.register_profile("newsbeam", deadline=None, max_examples=100)
settings.load_profile("newsbeam")


def pytest_configure(config: pytest.Config) -> None:
    # registered here rather than in pytest.ini so that the markers exist whichever config file is used
    config.addinivalue_line("markers", "model: needs the spaCy model package (entities, quotes)")
    config.addinivalue_line("markers", "slow: takes more than a few seconds (kill tests, large inputs)")
    config.addinivalue_line("markers", "eval: needs the evaluation kit (absent in CI)")


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A fresh, not yet existing output folder."""
    return tmp_path / "out"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    """The expected outcome of a run over the bundled sample (pipeline/sample/expected.json)."""
    return json.loads((SAMPLE_DIR / "expected.json").read_text(encoding="utf-8"))


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def run_cli(*args: str, timeout: float = CLI_TIMEOUT, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run ``newsbeam ARGS`` exactly as a user would (a separate interpreter), capturing its output."""
    return subprocess.run(cli_command(*args), cwd=REPO, capture_output=True, text=True, timeout=timeout,
                          check=False, **kwargs)


@pytest.fixture(scope="session")
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``cli("run", "--output", dir)`` runs the real command line; returns the completed process."""
    return run_cli


# ------------------------------------------------------------------ rows of two runs, compared (Dask, buckets)
# differ between any two runs by design
RUN_COLUMNS = frozenset({"run_id", "ingested_at"})


def canonical_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: canonical_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [canonical_value(item) for item in value]
    if isinstance(value, bytes):
        return value.hex()
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def dataset_rows(output: Path, dataset: str) -> Counter[str]:
    """Every row of a dataset (partition column included) as canonical JSON, without run-specific values.

    Dates a run takes from its own clock (an undated article's ``published_date``, a reject's
    ``ingest_date``) become ``"run day"``, so that two runs either side of midnight still compare.
    """
    import pyarrow.dataset as pads

    rows = pads.dataset(output / dataset, format="parquet", partitioning="hive").to_table().to_pylist()
    undated = ({row["article_id"] for row in pads.dataset(output / "articles", format="parquet", partitioning="hive")
                .to_table(columns=["article_id", "date_source"]).to_pylist() if row["date_source"] == "ingest"}
               if dataset != "rejects" else set())
    found: Counter[str] = Counter()
    for row in rows:
        kept = {key: value for key, value in row.items() if key not in RUN_COLUMNS}
        if dataset == "rejects":
            kept["ingest_date"] = "run day"
        elif row["article_id"] in undated:
            kept["published_date"] = "run day"
        found[json.dumps(canonical_value(kept), sort_keys=True)] += 1
    return found
