"""The batch job: build the pipeline from a JobConfig and run it to a committed output.

    sources -> decode -> normalize -> dedupe -> extract -> partitioned sink -> commit
                 \\________ rejects ___\\___ skipped ______/

Deduplication is decided in the commit step (pipeline/commit.py), where every staged row of the run is known;
the dedupe stage before extraction (pipeline/dedupe.py) only keeps NLP off the copies certain to lose there.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import platform
import shutil
import sys
import uuid
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, SetupOptions

from pipeline.catalog import runs_with_lost_rows
from pipeline.commit import recover
from pipeline.config import JobConfig
from pipeline.dedupe import DedupeArticles
from pipeline.id_index import IdIndex
from pipeline.layout import is_remote, runs_dir, staging_dir
from pipeline.ledger import committed_manifest, manifest_path, manifests
from pipeline.locking import OutputLock
from pipeline.objstore import working_copy
from pipeline.progress import ProgressReporter
from pipeline.runners import resolve_runner, uses_worker_processes, worker_chatter_dropped
from pipeline.sink import WritePartitioned
from pipeline.sources import ReadArticles, list_inputs
from pipeline.swap import recover_swaps
from schemas.version import SCHEMA_VERSION
from transforms.stages import (
    ExtractEntitiesAndQuotes,
    NlpOptions,
    NormalizeArticles,
    RunContext,
)
from transforms.versions import extractor_versions

LOG = logging.getLogger(__name__)
SAMPLE_DIR = Path(__file__).resolve().parent / "sample"
SAMPLE_PATTERNS = ("**/*.jsonl", "**/*.jsonl.gz", "**/*.txt", "**/*.html", "**/*.warc.gz")


def input_fingerprints(paths: list[str]) -> dict[str, dict[str, int]]:
    """Size and modification time of each input as read: what incremental runs compare to skip a file."""
    found: dict[str, dict[str, int]] = {}
    remote = []
    for path in paths:
        if "://" in path and not path.startswith("file://"):
            remote.append(path)
            continue
        try:
            stat = os.stat(path.removeprefix("file://"))
        except OSError:
            continue  # unreadable inputs become rejects; they have nothing to compare
        found[path] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    if remote:
        from apache_beam.io.filesystems import FileSystems

        for result in FileSystems.match(remote):
            for meta in result.metadata_list:
                found[meta.path] = {"size": meta.size_in_bytes,
                                    "mtime_ns": int((meta.last_updated_in_seconds or 0) * 1e9)}
    return found


def committed_inputs(output: str | Path, exclude_runs: frozenset[str] = frozenset()
                     ) -> dict[str, set[tuple[int, int] | None]]:
    """Inputs committed by the runs of an output: path -> fingerprints (size, mtime_ns) it was read with.

    ``None`` stands for a run older than fingerprints: the path counts as committed whatever its state.
    Runs named in ``exclude_runs`` (those a retry is about to replace) and replaced runs do not count, nor
    runs some of whose committed rows are gone (a file deleted, or moved aside by ``newsbeam verify --repair``):
    their inputs are read again and the commit writes back only what is missing. A manifest whose seal fails
    (pipeline/catalog.py) is not trusted.
    """
    lost = runs_with_lost_rows(output)
    for run_id in sorted(lost):
        LOG.info("run %s lost committed rows: its inputs are read again", run_id)
    seen: dict[str, set[tuple[int, int] | None]] = {}
    for manifest in manifests(Path(output), check_seal=True):
        if not manifest.is_committed or manifest.run_id in exclude_runs | lost:
            continue
        prints = manifest.input_fingerprints
        for entry in manifest.inputs:
            if prints is None:
                seen.setdefault(entry.path, set()).add(None)
            elif entry.path in prints:  # a file that could not be opened has none: it is tried again
                fingerprint = prints[entry.path]
                seen.setdefault(entry.path, set()).add((fingerprint.size, fingerprint.mtime_ns))
    return seen


def pending_inputs(paths: list[str], fingerprints: dict[str, dict[str, int]],
                   committed: dict[str, set[tuple[int, int] | None]]) -> tuple[list[str], list[str]]:
    """(inputs to read, inputs skipped because a run committed them as they are now)."""
    todo, skipped = [], []
    for path in paths:
        done = committed.get(path, set())
        now = fingerprints.get(path)
        if None in done or (now is not None and (now["size"], now["mtime_ns"]) in done):
            skipped.append(path)
        else:
            todo.append(path)  # new, or changed since it was read: commit dedups what it already holds
    return todo, skipped


def sample_inputs() -> list[str]:
    return [str(SAMPLE_DIR / pattern) for pattern in SAMPLE_PATTERNS]


def new_run_id(now: dt.datetime) -> str:
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def nlp_options(job: JobConfig) -> NlpOptions:
    return NlpOptions(enabled=job.nlp.enabled, model=job.nlp.model, languages=tuple(job.nlp.languages),
                      batch_size=job.nlp.batch_size)


def build_pipeline(pipeline: beam.Pipeline, paths: list[str], job: JobConfig, context: RunContext,
                   output: str, manifest: dict[str, Any]) -> beam.PCollection:
    read = pipeline | "ReadArticles" >> ReadArticles(paths, context, job.format)
    normalized = read.records | "Normalize" >> NormalizeArticles(context)
    # no Flatten of row branches: the sink stages each branch on its own (see WritePartitioned)
    branches = {"inputs": read.input_stats,
                "read_rejects": read.rejects | "TagReadRejects" >> beam.Map(lambda row: ("rejects", row)),
                "normalize_rejects": normalized.rejects | "TagNormalizeRejects" >> beam.Map(
                    lambda row: ("rejects", row))}
    articles = normalized.articles
    if job.nlp.enabled:  # without NLP there is nothing to save: every article goes the same cheap way
        deduped = articles | "Dedupe" >> DedupeArticles(output)
        articles, branches["skipped"] = deduped.articles, deduped.skipped
    branches["rows"] = articles | "ExtractEntitiesAndQuotes" >> ExtractEntitiesAndQuotes(nlp_options(job))
    return branches | "WritePartitioned" >> WritePartitioned(output, context.run_id, manifest)


def _versions(job: JobConfig) -> dict[str, str]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {"newsbeam": version("newsbeam"), "apache-beam": beam.__version__, "python": platform.python_version(),
            "pyarrow": version("pyarrow"), "dateparser": version("dateparser"), "spacy": version("spacy"),
            "nlp_model": job.nlp.model if job.nlp.enabled else "disabled", "schema_version": SCHEMA_VERSION}


def run_job(job: JobConfig, beam_argv: list[str] | None = None, *,
            emit: Callable[[str], None] = print, progress_every: float = 10.0,
            manifest_extra: dict[str, Any] | None = None, live_progress: bool = False) -> dict[str, Any]:
    """Run one batch job to a committed output; returns the run's manifest.

    ``manifest_extra`` adds keys to the manifest (scheduled and streaming runs name their job, logical date
    or window there). ``live_progress``: one progress line redrawn on stderr when it is a terminal, instead
    of a line through ``emit`` every ``progress_every`` seconds.
    """
    if is_remote(job.output):
        # an object store: the run commits into the output's local working folder, which is then published
        # object by object, its manifest last (pipeline/objstore.py)
        with working_copy(job.output, "run") as local:
            return run_job(job.model_copy(update={"output": str(local)}), beam_argv, emit=emit,
                           progress_every=progress_every, live_progress=live_progress,
                           manifest_extra={**(manifest_extra or {}), "output": job.output.rstrip("/")})
    inputs = job.inputs or sample_inputs()
    listing = list_inputs(inputs)
    paths = listing.paths
    output = os.path.abspath(job.output)
    started = dt.datetime.now(dt.UTC)
    run_id = new_run_id(started)
    options = PipelineOptions(beam_argv or [])
    # workers import our packages from the installed distribution; main-session pickling is not needed
    options.view_as(SetupOptions).save_main_session = False
    runner, runner_description = resolve_runner(options)
    context = RunContext(run_id=run_id, ingested_at=started, max_record_bytes=job.max_record_bytes,
                         max_rejects_per_file=job.max_rejects_per_file)
    manifest = {
        "started_at": started.isoformat(),
        "runner": runner_description,
        "input_patterns": inputs,
        "output": output,
        "options": {"format": job.format, "max_record_bytes": job.max_record_bytes,
                    "max_rejects_per_file": job.max_rejects_per_file,
                    "nlp": job.nlp.model_dump(), "beam": beam_argv or []},
        "versions": _versions(job),
        # what made this run's entities and quotes (None: no NLP); ``newsbeam enrich`` redoes older ones
        "extractors": extractor_versions() if job.nlp.enabled else None,
        "input_fingerprints": input_fingerprints(paths),
        # what the patterns matched beside the files read (a dated run passes its own, in manifest_extra)
        "unmatched_inputs": listing.unmatched,
        "inputs_not_read": listing.not_read,
        **(manifest_extra or {}),
    }
    emit(f"newsbeam run {run_id}: {len(paths)} input file(s) -> {manifest['output']}")
    emit(f"runner: {runner_description}")
    with OutputLock(output):
        recover(output)
        recover_swaps(output)  # a compaction or dated publish cut short must finish before anything commits
        IdIndex.refresh(output).close()  # the dedupe stage's workers open it as it is now
        sizes = {path: fingerprint["size"] for path, fingerprint in manifest["input_fingerprints"].items()}
        live = live_progress and sys.stderr.isatty()
        try:
            with ProgressReporter(output, run_id, emit, progress_every, sizes, live):
                pipeline = beam.Pipeline(runner=runner, options=options)
                build_pipeline(pipeline, paths, job, context, output, manifest)
                with worker_chatter_dropped(uses_worker_processes(options)):
                    result = pipeline.run()
                    result.wait_until_finish()
        except BaseException:
            discard_failed_staging(output, run_id)
            raise
    written = committed_manifest(Path(output), run_id)
    if written is None:
        raise RuntimeError(f"run {run_id} finished without committing (no {manifest_path(Path(output), run_id)})")
    committed = written.payload()
    committed["elapsed_seconds"] = round((dt.datetime.now(dt.UTC) - started).total_seconds(), 3)
    if job.nlp.enabled and committed["counts"].get("nlp_skipped_existing"):
        _say_what_enrich_would_do(output, emit)
    return committed


def discard_failed_staging(output: str, run_id: str) -> None:
    """Remove the staging files of a run that failed, unless its commit journal still needs them.

    Staged rows can be as large as the input: left until the next run, they keep a full disk full. A journal
    (``_runs/<run_id>.pending.json``) means the commit had begun to move files, and the next run finishes it
    from the staging folder (``recover``). A run killed outright leaves its staging to that recovery too.
    """
    if (runs_dir(Path(output)) / f"{run_id}.pending.json").exists():
        return
    staging = staging_dir(Path(output), run_id)
    if staging.exists():
        LOG.info("removing the staging files of failed run %s", run_id)
        shutil.rmtree(staging, ignore_errors=True)


def _say_what_enrich_would_do(output: str, emit: Callable[[str], None]) -> None:
    """Articles already committed skip NLP; when theirs is missing or stale, only ``enrich`` adds it."""
    from pipeline.enrich import stale_partitions

    stale = stale_partitions(output)
    if stale:
        emit(f"note: {len(stale)} partition(s) of articles in {output} have no entities or quotes of the current "
             f"extractors (committed without NLP, or by an older version); this run did not redo them: "
             f"newsbeam enrich --output {output}")
