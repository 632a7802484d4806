"""The decoders' fuzz target (tests/fuzz_decoders.py) run for a bounded time; skipped without atheris.

libFuzzer runs in its own process (it takes over the process it runs in). A crash, an exception from a reader,
a broken record or an input slower than the per-input timeout makes it exit non-zero and save the input as
``crash-*`` / ``timeout-*``, which the failure message shows.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

FUZZ_SECONDS = 25
# a fixed seed and input count make the CI run reproducible: a finding fails every run, not one in ten
FUZZ_SEED = 1
FUZZ_RUNS = 12_000
PER_INPUT_TIMEOUT = 20
needs_atheris = pytest.mark.skipif(importlib.util.find_spec("atheris") is None,
                                   reason="atheris is not installed")


@needs_atheris
def test_every_reader_accepts_its_seed_inputs(tmp_path: Path) -> None:
    from tests.fuzz_decoders import one_input, seed_corpus

    seeds = seed_corpus(tmp_path / "corpus")
    assert len(seeds) == 12
    for seed in seeds:
        one_input(seed.read_bytes())  # the target itself checks each result


@needs_atheris
@pytest.mark.slow
def test_fuzz_the_decoders_for_a_bounded_time(tmp_path: Path) -> None:
    from tests.fuzz_decoders import seed_corpus

    corpus = tmp_path / "corpus"
    seed_corpus(corpus)
    artifacts = tmp_path / "findings"
    artifacts.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "tests.fuzz_decoders", f"-max_total_time={FUZZ_SECONDS}", f"-seed={FUZZ_SEED}",
         f"-runs={FUZZ_RUNS}",
         f"-timeout={PER_INPUT_TIMEOUT}", "-rss_limit_mb=2048", "-max_len=16384",
         f"-artifact_prefix={artifacts}/", str(corpus)],
        cwd=REPO, capture_output=True, text=True, timeout=FUZZ_SECONDS * 4 + 60, check=False)
    findings = sorted(p.name for p in artifacts.iterdir())
    assert proc.returncode == 0 and not findings, (findings, proc.stderr[-3000:])
    assert "Done" in proc.stderr  # libFuzzer's summary line: it ran to its time limit


FINDINGS = sorted((REPO / "tests" / "data" / "fuzz").glob("*.bin"))


@needs_atheris
@pytest.mark.parametrize("finding", FINDINGS, ids=[p.stem for p in FINDINGS])
def test_earlier_fuzz_findings_stay_fixed(finding: Path) -> None:
    from tests.fuzz_decoders import one_input

    one_input(finding.read_bytes())  # raises on any broken invariant
