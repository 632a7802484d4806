"""The local engine's worker processes: chosen from the options, and quiet about themselves."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline.runners import uses_worker_processes, worker_chatter_dropped
from tests.conftest import SAMPLE_DIR, run_cli


@pytest.mark.parametrize(("flags", "expected"), [
    ([], False),
    (["--direct_num_workers=2"], False),
    (["--direct_num_workers=2", "--direct_running_mode=multi_processing"], True),
    (["--runner=DirectRunner", "--direct_running_mode=multi_processing"], True),
    (["--direct_running_mode=multi_threading"], False),
    (["--runner=DaskRunner", "--direct_running_mode=multi_processing"], False),
])
def test_worker_processes_are_those_of_the_local_engine_in_multi_processing_mode(flags: list[str],
                                                                               expected: bool) -> None:
    assert uses_worker_processes(PipelineOptions(flags)) is expected


# what a worker process says about itself, and what must still reach the user
CHATTER = [
    "INFO:apache_beam.runners.worker.sdk_worker:Control channel established.",
    "INFO:__main__:Python sdk harness starting.",
    "WARNING:root:apitools not found, and bigquery client libraries are not available",
    "WARNING:__main__:No semi_persistent_directory found:  User registered objects may not be effective",
]
KEPT = ["WARNING newsbeam: normalize failed for /in/a.jsonl@10", "Traceback (most recent call last):"]


def _child_writes(lines: list[str]) -> None:
    """A process that inherits stderr, as the engine's workers do."""
    subprocess.run([sys.executable, "-c", "import sys; sys.stderr.write(sys.argv[1])", "\n".join(lines) + "\n"],
                   check=True)


def test_worker_chatter_is_dropped_and_everything_else_kept_in_order(capfd: pytest.CaptureFixture[str]) -> None:
    with worker_chatter_dropped(True):
        _child_writes([CHATTER[0], KEPT[0], CHATTER[1]])
        os.write(2, f"{CHATTER[2]}\n{KEPT[1]}\n{CHATTER[3]}\n".encode())
    assert capfd.readouterr().err.splitlines() == KEPT


def test_without_worker_processes_stderr_is_untouched(capfd: pytest.CaptureFixture[str]) -> None:
    with worker_chatter_dropped(False):
        _child_writes(CHATTER[:2])
    assert capfd.readouterr().err.splitlines() == CHATTER[:2]


def test_stderr_is_restored_when_the_run_fails(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(RuntimeError, match="worker lost"), worker_chatter_dropped(True):
        os.write(2, f"{CHATTER[0]}\n{KEPT[0]}\n".encode())
        raise RuntimeError("worker lost")
    os.write(2, b"after the run\n")
    assert capfd.readouterr().err.splitlines() == [KEPT[0], "after the run"]


@pytest.mark.slow
def test_a_two_worker_run_prints_its_summary_and_no_worker_chatter(tmp_path: Path) -> None:
    done = run_cli("run", "--no-nlp", "--input", str(SAMPLE_DIR / "feeds" / "*.jsonl*"), "--output",
                   str(tmp_path / "out"), "--direct_num_workers=2", "--direct_running_mode=multi_processing")
    assert done.returncode == 0, done.stderr
    assert "2 worker(s), multi_processing" in done.stdout and "committed to" in done.stdout
    assert done.stderr.strip() == ""
