"""Which Beam runner executes a run, decided up front and reported, never left to chance.

Beam 2.77's DirectRunner first tries to download the Prism runner and, offline, falls back to its
in-process FnApiRunner (or, for features that one lacks, the BundleBasedDirectRunner). newsbeam makes that
choice itself: "DirectRunner" (the default) means the FnApiRunner, which honours ``--direct_num_workers``
and ``--direct_running_mode``.

"DaskRunner" means Beam's runner on a dask.distributed cluster (``--dask_client_address tcp://HOST:8786``;
without it Dask starts a local cluster for the run). Beam 2.77 does not know that short name (only the
dotted path), so it is resolved here. Beam splits the work among Dask workers by the partitions of the
``beam.Create`` at the start of the pipeline, and by default packs up to 128 elements (here: input files)
into one partition, that is onto one worker; newsbeam makes each input file its own partition unless
``--dask_npartitions`` or ``--dask_partition_size`` says otherwise (docs/distributed.md).

Any other runner name is passed to Beam unchanged.
"""
from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator

from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions

from pipeline.errors import InputError

LOCAL_ENGINE = "FnApiRunner"
DASK_RUNNER = "DaskRunner"
DASK_RUNNER_PATH = "apache_beam.runners.dask.dask_runner.DaskRunner"
# input files per Dask partition when the run does not say: one, so that every worker gets files to read
DEFAULT_DASK_PARTITION_SIZE = 1
# what the local engine's worker processes print about themselves: start-up and shutdown at INFO level,
# Beam's import-time note about Google Cloud clients, and a warning about a directory only Dataflow has
WORKER_CHATTER = re.compile(r"^(?:INFO|DEBUG):|apitools not found|semi_persistent_directory")


class RunnerUnavailableError(InputError):
    """A runner that cannot run on this installation (its extra is missing): a usage error, not a failed run."""


def is_local(options: PipelineOptions) -> bool:
    """Whether the run goes to the local engine: no runner named, or a name of the DirectRunner."""
    return (options.view_as(StandardOptions).runner or "DirectRunner") in ("DirectRunner", "direct", LOCAL_ENGINE)


def resolve_runner(options: PipelineOptions) -> tuple[object | str, str]:
    """(runner to hand to beam.Pipeline, a sentence saying what runs)."""
    requested = options.view_as(StandardOptions).runner or "DirectRunner"
    direct = options.view_as(DirectOptions)
    if is_local(options):
        from apache_beam.runners.portability.fn_api_runner import FnApiRunner

        workers = direct.direct_num_workers or 1
        mode = direct.direct_running_mode or "in_memory"
        return FnApiRunner(), f"DirectRunner's local engine ({LOCAL_ENGINE}; {workers} worker(s), {mode})"
    if requested in (DASK_RUNNER, DASK_RUNNER_PATH):
        return dask_runner(options)
    return requested, requested


def check_runner(beam_argv: list[str]) -> None:
    """RunnerUnavailableError, before anything runs, for a ``--runner`` Beam does not know or cannot load here.

    Without this a misspelt runner fails when the pipeline is built, as a failed run (exit 1).
    """
    options = PipelineOptions(beam_argv)
    if is_local(options):
        return
    requested = options.view_as(StandardOptions).runner
    if requested in (DASK_RUNNER, DASK_RUNNER_PATH):
        dask_runner(options)
        return
    from apache_beam.runners.runner import create_runner

    try:
        create_runner(requested)
    except ValueError:
        raise RunnerUnavailableError(
            f"unknown runner {requested!r} (DirectRunner, {DASK_RUNNER}, DataflowRunner, FlinkRunner, SparkRunner, "
            "PortableRunner, PrismRunner, ... or the dotted path of a PipelineRunner class)") from None
    except (ImportError, AttributeError) as exc:
        raise RunnerUnavailableError(f"the runner {requested!r} cannot be loaded here: {exc}") from None


def uses_worker_processes(options: PipelineOptions) -> bool:
    return is_local(options) and options.view_as(DirectOptions).direct_running_mode == "multi_processing"


@contextlib.contextmanager
def worker_chatter_dropped(enabled: bool) -> Iterator[None]:
    """Drops what the local engine's worker processes print about themselves; everything else is kept.

    With ``--direct_running_mode=multi_processing`` the FnApiRunner starts worker processes that inherit
    stderr and log their start-up and shutdown at INFO level (a dozen lines each): they receive no pipeline
    options, so ``--default_sdk_harness_log_level`` does not reach them. While the pipeline runs, stderr (the
    file descriptor, which the workers inherit) goes to a temporary file; afterwards every line that is not
    such chatter is written to stderr, in order. Lines written to stderr during the run appear at its end.
    """
    if not enabled:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            for line in captured.read().decode("utf-8", "replace").splitlines():
                if not WORKER_CHATTER.search(line):
                    print(line, file=sys.stderr)


def dask_runner(options: PipelineOptions) -> tuple[object, str]:
    """Beam's DaskRunner with newsbeam's partitioning default, and its description."""
    try:
        import distributed  # noqa: F401 - the runner imports it lazily; fail here, before anything runs
        from apache_beam.runners.dask.dask_runner import DaskOptions, DaskRunner
    except ImportError as exc:
        raise RunnerUnavailableError(
            "the DaskRunner needs dask and distributed: pip install 'newsbeam[dask]'") from exc
    dask = options.view_as(DaskOptions)
    if not dask.npartitions and not dask.partition_size:
        dask.partition_size = DEFAULT_DASK_PARTITION_SIZE
    where = dask.address or (f"scheduler file {dask.scheduler_file}" if dask.scheduler_file
                             else "a local cluster started for this run")
    split = (f"{dask.npartitions} partitions" if dask.npartitions
             else f"{dask.partition_size} input file(s) per partition")
    return DaskRunner(), f"{DASK_RUNNER} on dask.distributed ({where}; {split})"
