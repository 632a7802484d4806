"""Streaming ingestion: files landing in a folder reach the datasets window by window, each exactly once.

Two executions of one design, both over the batch pipeline's transforms (DecodeFileFn, NormalizeArticles,
ExtractEntitiesAndQuotes) and its staging + commit protocol (pipeline/commit.py):

- **Local** (``newsbeam stream`` with the default runner). Beam's local runners cannot fire windowed writes
  after an unbounded file watch, so the watch happens here: the folder is polled, a file is *ready* once its
  size and modification time have held still for ``settle_seconds`` (dot, underscore and temporary names such
  as ``x.jsonl.part`` are never read; writing elsewhere and renaming in is the safest), and at most once per
  window the ready files go through one batch run of the pipeline (``run_job``), which commits them before
  the next window starts.
- **Streaming runners** (``--runner=DataflowRunner``, ``FlinkRunner``, ...): ``build_streaming_pipeline``
  watches with ``MatchContinuously``, assigns fixed windows on arrival time with a watermark trigger, one late
  firing per late arrival and an allowed lateness, and commits each pane with ``commit_window``. Windowing and
  late data are tested with TestStream on the BundleBasedDirectRunner (tests/test_stream.py).

Exactly once, across restarts: a commit's manifest (``OUT/_runs/<run_id>.json``) lists the files it read
with their size and modification time, and is written by the commit itself, so "committed" and "recorded as
read" cannot disagree. A restarted stream skips every file a manifest records unchanged; a file that changed
after it was read (appended to) is read again, and the commit drops the articles the output already holds.

Duplicates across files (the same article crawled twice) are dropped at commit: an article id already in the
output is not written again (pipeline/commit.py), so the committed articles are the seen-id index.
``newsbeam compact`` also drops any duplicate ids it finds, as a safety net for outputs merged by hand.
"""
from __future__ import annotations

import datetime as dt
import logging
import math
import os
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.metrics import Metrics
from apache_beam.transforms import trigger, window
from apache_beam.transforms.userstate import BagStateSpec

from pipeline.atomic import write_json_atomically
from pipeline.commit import commit_run, recover, stage_rows
from pipeline.config import JobConfig, StreamConfig
from pipeline.layout import STATE_DIR, is_remote, state_dir
from pipeline.ledger import committed_manifest
from pipeline.locking import ExclusiveLock, OutputLock, OutputLockedError
from pipeline.objstore import RemoteLock, working_copy
from pipeline.run import committed_inputs, input_fingerprints, nlp_options, pending_inputs, run_job
from pipeline.signals import GracefulStop
from pipeline.sink import partition_value
from pipeline.sources import INPUT_STATS, DecodeFileFn, InputError, is_hidden_or_temp
from pipeline.swap import recover_swaps
from schemas.models import RejectReason
from transforms.decoders import Rejected
from transforms.rows import reject_row
from transforms.stages import (
    NAMESPACE,
    REJECTS,
    ExtractEntitiesAndQuotes,
    NormalizeArticles,
    ParDoWithOutputs,
    RunContext,
)

LOG = logging.getLogger(__name__)
STREAM_LOCK = "stream.lock"
STREAM_STATUS = "stream.json"
Fingerprint = tuple[int, int]  # (size, mtime_ns)


# ------------------------------------------------------------------------------------- which files are ready
@dataclass
class _Sighting:
    fingerprint: Fingerprint
    since: float  # monotonic time this fingerprint was first seen
    looks: int = 1  # polls that saw this fingerprint


@dataclass
class FileTracker:
    """Decides which files of a landing folder are ready to read: no file I/O, times are passed in.

    A file is ready when its (size, mtime) fingerprint is not one already committed and either has held still
    for ``settle`` seconds of watching, or was seen unchanged twice with an mtime at least ``settle`` seconds
    old (a finished file renamed in needs no full settle wait).
    """

    settle: float
    done: dict[str, set[Fingerprint | None]] = field(default_factory=dict)
    sightings: dict[str, _Sighting] = field(default_factory=dict)

    def observe(self, listing: dict[str, Fingerprint], now: float) -> None:
        for path in list(self.sightings):
            if path not in listing:
                del self.sightings[path]  # gone (moved away or renamed): forget it
        for path, fingerprint in listing.items():
            seen = self.sightings.get(path)
            if seen is None or seen.fingerprint != fingerprint:
                self.sightings[path] = _Sighting(fingerprint, now)
            else:
                seen.looks += 1

    def is_done(self, path: str, fingerprint: Fingerprint) -> bool:
        done = self.done.get(path, set())
        return fingerprint in done or None in done

    def ready(self, now: float, wall_ns: int) -> list[str]:
        found = []
        for path, seen in sorted(self.sightings.items()):
            if self.is_done(path, seen.fingerprint):
                continue
            held = now - seen.since >= self.settle
            old_enough = seen.looks >= 2 and wall_ns - seen.fingerprint[1] >= self.settle * 1e9
            if held or old_enough:
                found.append(path)
        return found

    def pending(self) -> int:
        return sum(1 for path, seen in self.sightings.items() if not self.is_done(path, seen.fingerprint))

    def mark_done(self, path: str, fingerprint: Fingerprint) -> None:
        self.done.setdefault(path, set()).add(fingerprint)


def scan(folder: Path, skip: Path | None = None) -> dict[str, Fingerprint]:
    """Every candidate file under ``folder``: (size, mtime_ns) by absolute path, hidden and temporary ones left out."""
    found: dict[str, Fingerprint] = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_"))
                         and (skip is None or Path(root, d).resolve() != skip))
        for name in files:
            path = os.path.join(root, name)
            if is_hidden_or_temp(path):
                continue
            try:
                stat = os.stat(path)
            except OSError:
                continue  # vanished between listing and stat
            found[os.path.abspath(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


# ------------------------------------------------------------------------------------------ the local stream
class StreamLock(ExclusiveLock):
    """One stream per output folder (``OUT/_state/stream.lock``); batch runs and compaction still interleave."""

    def __init__(self, output: Path) -> None:
        super().__init__(state_dir(output) / STREAM_LOCK, "stream")


@dataclass
class StreamTotals:
    batches: int = 0
    files: int = 0
    counts: Counter = field(default_factory=Counter)

    def add(self, manifest: dict[str, Any]) -> None:
        self.batches += 1
        self.files += manifest["counts"]["input_files"]
        for key in ("records_read", "articles_written", "duplicates_in_run", "duplicates_existing", "rejected",
                    "entities", "quotes"):
            self.counts[key] += manifest["counts"][key]


class LocalStream:
    """``newsbeam stream`` on the local runner: poll, batch the ready files once per window, commit."""

    def __init__(self, job: JobConfig, watch: str | Path, settings: StreamConfig,
                 beam_argv: list[str] | None = None, *, emit: Callable[[str], None] = print) -> None:
        self.job = job
        self.watch = Path(watch).resolve()
        # an object store: every window is a run into it (pipeline/objstore.py), the stream's lock an object
        self.remote = is_remote(job.output)
        self.output: Path | str = job.output.rstrip("/") if self.remote else Path(job.output).resolve()
        self.settings = settings
        self.beam_argv = beam_argv or []
        self.emit = emit
        self.totals = StreamTotals()
        self.started = dt.datetime.now(dt.UTC)
        # failed batches per file, while the file has not committed: at max_failures it becomes a reject
        self.file_failures: Counter = Counter()
        self.stop: GracefulStop | None = None

    def _status(self, state: str) -> None:
        if isinstance(self.output, str):
            return  # the status file is a local folder's: a bucket has its manifests, window by window
        write_json_atomically(state_dir(self.output) / STREAM_STATUS, {
            "state": state, "pid": os.getpid(), "watch": str(self.watch), "output": str(self.output),
            "started_at": self.started.isoformat(), "updated_at": dt.datetime.now(dt.UTC).isoformat(),
            "window_seconds": self.settings.window_seconds, "batches": self.totals.batches,
            "files": self.totals.files, "counts": dict(self.totals.counts)})

    def batch(self, paths: list[str], tracker: FileTracker) -> bool:
        """One micro-batch through the batch pipeline; True when it committed (or had nothing left)."""
        job = self.job.model_copy(update={"inputs": paths, "output": str(self.output)})
        extra = {"stream": {"watch": str(self.watch), "window_seconds": self.settings.window_seconds,
                            "stream_started_at": self.started.isoformat()}}
        try:
            manifest = run_job(job, self.beam_argv, emit=lambda _line: None, manifest_extra=extra)
        except OutputLockedError as exc:
            self.emit(f"output busy ({exc}); the files wait for the next window")
            return False
        except InputError:
            # a file went away between the listing and the run: the next poll forgets it
            LOG.info("an input vanished before its batch started; retrying with the next window")
            return False
        except Exception as exc:
            if self.stop is not None and self.stop.aborted:
                # Beam re-raises the interrupt of the second signal wrapped in its own error: still an abort
                raise KeyboardInterrupt from exc
            why = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
            if len(paths) > 1:
                # one bad file must not hold back the others: each half is tried on its own, down to the file
                self.emit(f"batch of {len(paths)} file(s) failed ({why}); trying its files apart")
                middle = len(paths) // 2
                first = self.batch(paths[:middle], tracker)
                return self.batch(paths[middle:], tracker) and first
            path = paths[0]
            self.file_failures[path] += 1
            self.emit(f"{path} failed its batch ({self.file_failures[path]}/{self.settings.max_failures}): {why}")
            if self.file_failures[path] < self.settings.max_failures:
                return False
            try:
                # a failure here too means the output itself is broken: that ends the stream
                committed = self._reject_file(path, why)
            except OutputLockedError as locked:
                self.emit(f"output busy ({locked}); {path} is recorded as a reject with the next window")
                return False
            if committed is None:  # committed meanwhile, as it is now
                del self.file_failures[path]
                return True
            manifest = committed
        for path in paths:
            self.file_failures.pop(path, None)
        for path, fingerprint in manifest.get("input_fingerprints", {}).items():
            tracker.mark_done(path, (fingerprint["size"], fingerprint["mtime_ns"]))
        self.totals.add(manifest)
        counts = manifest["counts"]
        self.emit(f"{dt.datetime.now(dt.UTC):%H:%M:%S} committed {counts['input_files']} file(s): "
                  f"{counts['articles_written']} article(s), "
                  f"{counts['duplicates_in_run'] + counts['duplicates_existing']} duplicate(s), "
                  f"{counts['rejected']} reject(s), {counts['entities']} entities, {counts['quotes']} quotes "
                  f"[run {manifest['run_id']}]")
        self._status("running")
        return True

    def _reject_file(self, path: str, why: str) -> dict[str, Any] | None:
        """Commit a file that failed every batch it was in as one ``unreadable_input`` reject of its bytes.

        The file is then done like any committed one (its manifest records it), so the stream goes on; a file
        replaced by a fixed version (another size or time) is read again.
        """
        now = dt.datetime.now(dt.UTC)
        run_id = f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        limit = self.job.max_record_bytes
        try:
            with open(path, "rb") as handle:
                fingerprint = {"size": os.fstat(handle.fileno()).st_size,
                               "mtime_ns": os.fstat(handle.fileno()).st_mtime_ns}
                raw = handle.read(limit + 1)
        except OSError as exc:
            fingerprint, raw, why = None, b"", f"{why}; cannot open it either: {exc}"
        detail = (f"the pipeline failed on this file {self.settings.max_failures} time(s), so it is recorded as one "
                  f"reject (its first {len(raw):,} bytes): {why}")
        row = reject_row(Rejected(path, 0, RejectReason.UNREADABLE_INPUT, detail, raw), ingested_at=now,
                         run_id=run_id)
        stats = {"kind": "input", "path": path, "records": 1, "skipped": 0, "format": None,
                 **({"fingerprint": fingerprint} if fingerprint else {})}
        extra = {"runner": "newsbeam stream (file failed)", "input_patterns": [path],
                 "stream": {"watch": str(self.watch), "window_seconds": self.settings.window_seconds,
                            "stream_started_at": self.started.isoformat()}}
        items: list[tuple[str, Any]] = [("input", stats), ("row", ("rejects", row))]
        if isinstance(self.output, str):
            with working_copy(self.output, "stream", self.settings.window_seconds) as local:
                return commit_window(local, run_id, items, {**extra, "output": self.output})
        return commit_window(self.output, run_id, items, extra, lock_wait=self.settings.window_seconds)

    def run(self, stop_after: float | None = None) -> StreamTotals:
        settings = self.settings
        if self.watch.exists() and not self.watch.is_dir():
            raise InputError(f"--watch {self.watch} is a file: give the folder that files land in")
        if not self.watch.is_dir():
            raise InputError(f"watch folder {self.watch} does not exist")
        if isinstance(self.output, str):
            stream_lock: ExclusiveLock | RemoteLock = RemoteLock(self.output, "stream",
                                                                 name=f"{STATE_DIR}/{STREAM_LOCK}")
        else:
            stream_lock = StreamLock(self.output)
        with stream_lock, GracefulStop(self.emit) as stop:
            self.stop = stop
            if isinstance(self.output, str):
                with working_copy(self.output, "stream", settings.window_seconds) as local:
                    committed = committed_inputs(local)
                skip = None
            else:
                with OutputLock(self.output, wait_seconds=settings.window_seconds):
                    recover(self.output)  # a commit a crash cut short finishes before anything new is read
                    recover_swaps(self.output)
                committed = committed_inputs(self.output)
                skip = self.output if self.output.is_relative_to(self.watch) else None
            tracker = FileTracker(settings.settle_seconds, committed)
            start = time.monotonic()
            deadline = math.inf if stop_after is None else start + stop_after
            last_batch = -math.inf
            backlog = False
            self.emit(f"watching {self.watch} -> {self.output} (window {settings.window_seconds:g} s, "
                      f"settle {settings.settle_seconds:g} s); Ctrl-C stops after the current commit")
            self._status("running")
            while True:
                now = time.monotonic()
                final = stop.stopped or now >= deadline
                tracker.observe(scan(self.watch, skip), now)
                ready = tracker.ready(now, time.time_ns())
                if ready and (final or backlog or now - last_batch >= settings.window_seconds):
                    last_batch = now
                    committed = self.batch(ready[:settings.max_files_per_batch], tracker)
                    # more ready files than one batch takes: the next batch starts at once
                    backlog = committed and len(ready) > settings.max_files_per_batch
                    if backlog and not final:
                        continue
                if final:
                    break
                stop.wait(min(settings.poll_seconds, deadline - time.monotonic()))
            self._status("stopped")
        left = tracker.pending()
        self.emit(f"stream stopped: {self.totals.batches} commit(s), {self.totals.files} file(s), "
                  f"{self.totals.counts['articles_written']} article(s) written"
                  + (f"; {left} file(s) not committed yet are read at the next start" if left else ""))
        return self.totals


# ----------------------------------------------------------------------------- the streaming runner pipeline
def split_complete(items: Iterable[tuple[str, Any]]) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    """Elements of a pane -> (those of files complete in it, the rest).

    A file is complete when its input stats arrived and as many article and reject rows as it had records.
    Runners deliver a file's rows together in practice; the rest waits for the next pane of its window.
    """
    stats: dict[str, dict[str, Any]] = {}
    outcomes: Counter = Counter()
    by_file: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for item in items:
        kind, value = item
        if kind == "input":
            path = value["path"]
            stats[path] = value
        else:
            dataset, row = value
            path = row["_input_uri"] if dataset in ("entities", "quotes") else row["input_uri"]
            if dataset in ("articles", "rejects"):
                outcomes[path] += 1
        by_file[path].append(item)
    complete, rest = [], []
    for path, file_items in by_file.items():
        # rejects over the per-file cap are counted in the stats and never arrive as rows
        done = path in stats and outcomes[path] == stats[path]["records"] - sum(
            stats[path].get("rejects_not_kept", {}).values())
        (complete if done else rest).extend(file_items)
    return complete, rest


def pane_run_id(window_end: dt.datetime, pane_index: int, launch_id: str) -> str:
    """Deterministic per window and pane: a runner's retry of a pane finds its own commit and does nothing."""
    return f"{window_end:%Y%m%dT%H%M%SZ}-p{pane_index}-{launch_id}"


def commit_window(output_dir: str | Path, run_id: str, items: list[tuple[str, Any]], manifest: dict[str, Any],
                  lock_wait: float = 600.0) -> dict[str, Any] | None:
    """Stage and commit the elements of complete files as one run; None when there was nothing new.

    Idempotent: a run id already committed is not committed again, and files a committed run recorded
    unchanged are dropped (a relaunched pipeline re-matches every file of the folder).
    """
    output = Path(output_dir)
    with OutputLock(output, lock_wait):
        existing = committed_manifest(output, run_id)
        if existing is not None:
            return existing.payload()
        recover(output)
        recover_swaps(output)
        read = {value["path"]: value for kind, value in items if kind == "input"}
        paths = sorted(read)
        # as each file was when it was opened for reading; by path only where the reader could not tell
        fingerprints = {path: stats["fingerprint"] for path, stats in read.items() if stats.get("fingerprint")}
        fingerprints |= input_fingerprints([path for path in paths if path not in fingerprints])
        todo, _ = pending_inputs(paths, fingerprints, committed_inputs(output))
        fresh = set(todo)
        buffers: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        descriptors: list[dict[str, Any]] = []
        for kind, value in items:
            if kind == "input":
                if value["path"] in fresh:
                    descriptors.append(value)
                continue
            dataset, row = value
            source = row["_input_uri"] if dataset in ("entities", "quotes") else row["input_uri"]
            if source in fresh:
                row = {**row, "run_id": run_id}  # rows name the run that committed them, as in batch runs
                buffers[dataset].append((partition_value(dataset, row), row))
        if not descriptors:
            return None
        for dataset, rows in sorted(buffers.items()):
            descriptors.append(stage_rows(output, run_id, dataset, rows))
        # an object store's window is committed in its working folder: its manifest names the bucket
        manifest = {**manifest, "output": manifest.get("output") or str(output),
                    "input_fingerprints": {p: f for p, f in fingerprints.items() if p in fresh}}
        return commit_run(output, run_id, descriptors, manifest)


# Beam finds a DoFn's state by its default argument; a module-level singleton keeps that explicit
CARRY_STATE = BagStateSpec("carry", PickleCoder())
CARRY_PARAM = beam.DoFn.StateParam(CARRY_STATE)


class CommitPaneFn(beam.DoFn):
    """(key, elements of one pane) -> the committed manifest; incomplete files wait in state for the next pane."""

    def __init__(self, output_dir: str, launch_id: str, manifest: dict[str, Any]) -> None:
        self.output_dir = output_dir
        self.launch_id = launch_id
        self.manifest = manifest
        self.carried = Metrics.counter(NAMESPACE, "pane_rows_carried")

    def process(self, element: tuple[Any, Iterable[tuple[str, Any]]], win=beam.DoFn.WindowParam,
                pane=beam.DoFn.PaneInfoParam, carry=CARRY_PARAM) -> Iterator[dict[str, Any]]:
        items = [*carry.read(), *element[1]]
        carry.clear()
        complete, rest = split_complete(items)
        for item in rest:
            carry.add(item)
        self.carried.inc(len(rest))
        if not complete:
            return
        end = win.end.to_utc_datetime(has_tz=True) if hasattr(win, "end") else dt.datetime.now(dt.UTC)
        run_id = pane_run_id(end, pane.index, self.launch_id)
        extra = {"window": {"start": win.start.to_utc_datetime(has_tz=True).isoformat(), "end": end.isoformat(),
                            "pane_index": pane.index, "timing": _TIMING.get(pane.timing, str(pane.timing))}}
        committed = commit_window(self.output_dir, run_id, complete, {**self.manifest, **extra})
        if committed is not None:
            yield committed


_TIMING = {0: "early", 1: "on_time", 2: "late", 3: "unknown"}


class WindowedIngest(beam.PTransform):
    """Timestamped file paths -> one committed manifest per window pane (fixed windows on arrival time)."""

    def __init__(self, job: JobConfig, context: RunContext, output: str, settings: StreamConfig,
                 manifest: dict[str, Any], launch_id: str) -> None:
        super().__init__()
        self.job, self.context, self.output = job, context, output
        self.settings, self.manifest, self.launch_id = settings, manifest, launch_id

    def expand(self, paths):
        windowed = paths | "Window" >> beam.WindowInto(
            window.FixedWindows(self.settings.window_seconds),
            trigger=trigger.AfterWatermark(late=trigger.AfterCount(1)),
            allowed_lateness=self.settings.allowed_lateness_seconds,
            accumulation_mode=trigger.AccumulationMode.DISCARDING)
        read = windowed | "DecodeFile" >> ParDoWithOutputs(DecodeFileFn(self.context, self.job.format),
                                                           REJECTS, INPUT_STATS, main="records")
        normalized = read.records | "Normalize" >> NormalizeArticles(self.context)
        rows = normalized.articles | "ExtractEntitiesAndQuotes" >> ExtractEntitiesAndQuotes(nlp_options(self.job))
        rejects = ((read.rejects, normalized.rejects)
                   | "CollectRejects" >> beam.Flatten()
                   | "TagRejects" >> beam.Map(lambda row: ("rejects", row)))
        tagged_rows = (rows, rejects) | "CollectRows" >> beam.Flatten() | "TagRows" >> beam.Map(lambda r: ("row", r))
        tagged_inputs = read.input_stats | "TagInputs" >> beam.Map(lambda s: ("input", s))
        return ((tagged_rows, tagged_inputs)
                | "CollectPane" >> beam.Flatten()
                | "OneCommitPerPane" >> beam.Map(lambda item: ("pane", item))
                | "GroupPane" >> beam.GroupByKey()
                | "CommitPane" >> beam.ParDo(CommitPaneFn(self.output, self.launch_id, self.manifest)))


class WatchFolder(beam.PTransform):
    """A folder or glob watched with MatchContinuously -> paths of new files, hidden and temporary ones left out."""

    def __init__(self, watch: str, poll_seconds: float, stop_after: float | None = None) -> None:
        super().__init__()
        self.pattern = watch if any(c in watch for c in "*?[") else watch.rstrip("/") + "/**"
        self.poll_seconds = poll_seconds
        self.stop_after = stop_after

    def expand(self, pbegin):
        from apache_beam.io.fileio import MatchContinuously
        from apache_beam.utils.timestamp import MAX_TIMESTAMP, Timestamp

        stop = MAX_TIMESTAMP if self.stop_after is None else Timestamp.now() + self.stop_after
        return (pbegin
                | "Match" >> MatchContinuously(self.pattern, interval=self.poll_seconds, stop_timestamp=stop)
                | "Paths" >> beam.Map(lambda meta: meta.path)
                | "SkipTemporary" >> beam.Filter(lambda path: not is_hidden_or_temp(path)))


def streaming_manifest(job: JobConfig, watch: str, settings: StreamConfig, runner: str) -> dict[str, Any]:
    return {"started_at": dt.datetime.now(dt.UTC).isoformat(), "runner": runner, "input_patterns": [watch],
            "options": {"format": job.format, "max_record_bytes": job.max_record_bytes,
                        "max_rejects_per_file": job.max_rejects_per_file, "nlp": job.nlp.model_dump(),
                        "stream": settings.model_dump()}}


def build_streaming_pipeline(pipeline: beam.Pipeline, job: JobConfig, watch: str, settings: StreamConfig,
                             stop_after: float | None = None, runner: str = "") -> beam.PCollection:
    launch_id = uuid.uuid4().hex[:8]
    context = RunContext(run_id=f"stream-{launch_id}", ingested_at=dt.datetime.now(dt.UTC),
                         max_record_bytes=job.max_record_bytes, max_rejects_per_file=job.max_rejects_per_file)
    output = str(Path(job.output).resolve())
    return (pipeline
            | "WatchFolder" >> WatchFolder(watch, settings.poll_seconds, stop_after)
            | "Ingest" >> WindowedIngest(job, context, output, settings,
                                         streaming_manifest(job, watch, settings, runner), launch_id))


def is_local_runner(beam_argv: list[str]) -> bool:
    from apache_beam.options.pipeline_options import PipelineOptions

    from pipeline.runners import is_local

    return is_local(PipelineOptions(beam_argv))


def run_streaming_runner(job: JobConfig, watch: str, settings: StreamConfig, beam_argv: list[str],
                         stop_after: float | None, emit: Callable[[str], None] = print) -> None:
    """Submit the windowed pipeline to a streaming runner and wait for it (until it is cancelled)."""
    from apache_beam.options.pipeline_options import PipelineOptions, SetupOptions, StandardOptions

    options = PipelineOptions(beam_argv)
    options.view_as(StandardOptions).streaming = True
    options.view_as(SetupOptions).save_main_session = False
    runner = options.view_as(StandardOptions).runner
    emit(f"streaming pipeline on {runner}: watching {watch} -> {Path(job.output).resolve()}")
    pipeline = beam.Pipeline(options=options)
    build_streaming_pipeline(pipeline, job, watch, settings, stop_after, runner)
    pipeline.run().wait_until_finish()


def stream_settings(job: JobConfig, overrides: dict[str, Any]) -> StreamConfig:
    base = job.stream or StreamConfig()
    return base.model_copy(update={k: v for k, v in overrides.items() if v is not None})
