"""Shared fixtures: output folders, the bundled sample, a runner for the real command line; marker registration."""
from __future__ import annotations

import json
import subprocess
import sys
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
