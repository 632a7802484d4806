"""Scheduled batch jobs: one run per logical date, incremental, safe to retry; and the embedded scheduler.

``newsbeam run --config configs/daily.yaml --date 2026-11-24`` (``run_scheduled``):

- the job's ``{date:...}`` placeholders are filled in (pipeline/config.py);
- inputs a run that stays already committed, unchanged since (same size and modification time), are skipped;
- an earlier run of the same job for the same date is *replaced*: the new run is first committed into a
  scratch output (``OUT/_state/runs/``, the ordinary commit protocol), then its files, and the removal of the
  earlier run's rows, go live together through one partition swap (pipeline/compact.py), with the earlier
  manifest marked ``"status": "replaced"``. Readers see the old day or the new one, never both or neither;
- articles and rejects that a run which stays already holds are dropped from the new run, as commit would;
- the whole run holds the output lock (exit 75 when another run has it).

``newsbeam schedule --config ...`` (``Scheduler``) fires ``run_scheduled`` on the config's cron expression.

Airflow's BeamRunPythonPipelineOperator starts ``python [-m] FILE --flag=value ...`` without a subcommand:
``python -m pipeline.schedule --config=... --date=...`` is ``newsbeam run --config=... --date=...``.
"""
from __future__ import annotations

import datetime as dt
import logging
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.catalog import committed_files
from pipeline.commit import PARQUET_COMPRESSION, recover
from pipeline.config import JobConfig, ScheduleConfig, for_date
from pipeline.exits import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, run_guarded
from pipeline.layout import DEDUPLICATED_DATASETS, RECORD_ID_COLUMNS, RUNS_DIR, is_remote, state_dir
from pipeline.ledger import manifests
from pipeline.locking import OutputLock
from pipeline.objstore import working_copy
from pipeline.run import (
    committed_inputs,
    input_fingerprints,
    new_run_id,
    pending_inputs,
    run_job,
    sample_inputs,
)
from pipeline.signals import GracefulStop
from pipeline.sources import InputError, list_inputs
from pipeline.summary import format_summary
from pipeline.swap import PartitionSwap, new_operation_id, recover_swaps

LOG = logging.getLogger(__name__)
SCRATCH_DIR = "runs"
DEFAULT_JOB_NAME = "default"
# the exit statuses a scheduler tries again: a failed run, and an output another run holds
RETRIED_EXITS = (EXIT_FAILED, EXIT_LOCKED)


# --------------------------------------------------------------------------------------- dated runs
@dataclass
class ScheduledOutcome:
    logical_date: dt.date | None
    status: Literal["committed", "nothing_to_do", "no_input"]
    manifest: dict[str, Any] | None = None
    skipped_inputs: list[str] = field(default_factory=list)
    replaced_runs: list[str] = field(default_factory=list)
    message: str = ""


def job_name(job: JobConfig) -> str:
    return job.name or DEFAULT_JOB_NAME


def runs_of_date(output: Path, name: str, logical_date: dt.date) -> list[dict[str, Any]]:
    """Committed manifests of a job's runs for one logical date (what a retry replaces)."""
    return [m.payload() for m in manifests(output) if m.is_committed
            and m.job_name == name and m.logical_date == logical_date.isoformat()]


def _ids_kept(output: Path, dataset: str, wanted: pa.Array, replaced: set[str]) -> set[str]:
    """Of the ``wanted`` ids, those committed in ``dataset`` by a run that is not being replaced."""
    column = RECORD_ID_COLUMNS[dataset]
    found: set[str] = set()
    if len(wanted) == 0:
        return found
    replaced_array = pa.array(sorted(replaced), pa.string())
    for path in committed_files(output, dataset):
        table = pq.read_table(path, columns=[column, "run_id"])
        mask = pc.and_(pc.is_in(table[column], value_set=wanted),
                       pc.invert(pc.is_in(table["run_id"], value_set=replaced_array)))
        found.update(table.filter(mask)[column].to_pylist())
    return found


def _without(table: pa.Table, column: str, ids: set[str]) -> pa.Table:
    if not ids:
        return table
    return table.filter(pc.invert(pc.is_in(table[column], value_set=pa.array(sorted(ids), pa.string()))))


def _place_new_files(swap: PartitionSwap, output: Path, scratch: Path, dropped: dict[str, set[str]],
                     exchanged: set[tuple[str, str]]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The scratch run's files, less the rows a run that stays already holds, into the swap.

    Every partition the run writes to is exchanged whole (the files that stay are hard-linked into the
    prepared folder), so it shows its old files or its new ones to any reader, never part of a run.
    """
    files, removed = [], {}
    for dataset, column in RECORD_ID_COLUMNS.items():
        removed[dataset] = 0
        ids = dropped["rejects" if dataset == "rejects" else "articles"]
        id_array = pa.array(sorted(ids), pa.string())
        for path in committed_files(scratch, dataset):
            partition = path.parent.name
            if (dataset, partition) not in exchanged:
                exchanged.add((dataset, partition))
                swap.partition(dataset, partition)
                for live in committed_files_of(output / dataset / partition):
                    swap.keep(dataset, live)
            folder = swap.partition(dataset, partition)
            rows = pq.ParquetFile(path).metadata.num_rows
            if ids and pc.any(pc.is_in(pq.read_table(path, columns=[column])[column], value_set=id_array)).as_py():
                full = pq.read_table(path)
                kept = _without(full, column, ids)
                removed[dataset] += full.num_rows - kept.num_rows
                rows = kept.num_rows
                if rows == 0:
                    continue
                pq.write_table(kept, folder / path.name, compression=PARQUET_COMPRESSION)
            else:
                path.rename(folder / path.name)
            files.append({"dataset": dataset, "path": f"{dataset}/{partition}/{path.name}", "rows": rows})
    return files, removed


def committed_files_of(folder: Path) -> list[Path]:
    """The data files of one live partition folder."""
    return [p for p in sorted(folder.glob("*.parquet")) if not p.name.startswith(("_", "."))] \
        if folder.is_dir() else []


def _retire_rows(swap: PartitionSwap, output: Path, partitions: set[tuple[str, str]], replaced: set[str]
                 ) -> set[tuple[str, str]]:
    """Partitions holding rows of the replaced runs are prepared again without them; returns those partitions."""
    exchanged: set[tuple[str, str]] = set()
    replaced_array = pa.array(sorted(replaced), pa.string())
    for dataset, partition in sorted(partitions):
        folder = output / dataset / partition
        live = committed_files_of(folder)
        runs = {p: pq.read_table(p, columns=["run_id"])["run_id"] for p in live}
        hit = {p: pc.sum(pc.is_in(r, value_set=replaced_array)).as_py() or 0 for p, r in runs.items()}
        if not any(hit.values()):
            continue
        exchanged.add((dataset, partition))
        swap.partition(dataset, partition)
        for path in live:
            if not hit[path]:
                swap.keep(dataset, path)
            elif hit[path] < len(runs[path]):  # a compacted file: the other runs' rows stay
                table = pq.read_table(path)
                kept = table.filter(pc.invert(pc.is_in(table["run_id"], value_set=replaced_array)))
                pq.write_table(kept, swap.partition(dataset, partition) / path.name,
                               compression=PARQUET_COMPRESSION)
    return exchanged


def publish_run(output: Path, scratch: Path, manifest: dict[str, Any], replaced: list[dict[str, Any]],
                published_as: str | None = None) -> dict[str, Any]:
    """Make a run committed in ``scratch`` live in ``output``, replacing earlier runs, in one swap.

    ``published_as``: the URL of the object store ``output`` is the working folder of, named by the manifest.
    """
    replaced_ids = {m["run_id"] for m in replaced}
    new_ids = {dataset: pa.array(sorted({i for p in committed_files(scratch, dataset)
                                         for i in pq.read_table(p, columns=[column])[column].to_pylist()}),
                                 pa.string())
               for dataset, column in ((d, RECORD_ID_COLUMNS[d]) for d in DEDUPLICATED_DATASETS)}
    dropped = {dataset: _ids_kept(output, dataset, new_ids[dataset], replaced_ids) for dataset in new_ids}
    # compaction keeps rows in their partitions: the replaced runs' manifests still say where their rows are
    holding = {(f["dataset"], Path(f["path"]).parent.name) for m in replaced for f in m.get("files", [])}
    swap = PartitionSwap(output, new_operation_id("publish"))
    try:
        exchanged = _retire_rows(swap, output, holding, replaced_ids)
        files, removed = _place_new_files(swap, output, scratch, dropped, exchanged)
        counts = dict(manifest["counts"])
        counts["articles_written"] -= removed["articles"]
        counts["duplicates_existing"] += removed["articles"]
        counts["rejects_written"] -= removed["rejects"]
        counts["rejects_already_recorded"] += removed["rejects"]
        counts["entities"] -= removed["entities"]
        counts["quotes"] -= removed["quotes"]
        now = dt.datetime.now(dt.UTC).isoformat()
        published = {**manifest, "output": published_as or str(output), "counts": counts, "files": files,
                     "committed_at": now}
        swap.record(f"{RUNS_DIR}/{manifest['run_id']}.json", published)
        for old in replaced:
            swap.record(f"{RUNS_DIR}/{old['run_id']}.json",
                        {**old, "status": "replaced", "replaced_by": manifest["run_id"], "replaced_at": now})
        swap.publish()
    except BaseException:
        swap.abandon()
        raise
    return published


def _empty_manifest(job: JobConfig, output: Path, extra: dict[str, Any]) -> dict[str, Any]:
    """The manifest of a run with nothing left to read (it still replaces the date's earlier run)."""
    now = dt.datetime.now(dt.UTC)
    return {"run_id": new_run_id(now), "status": "committed", "started_at": now.isoformat(),
            "runner": "none (no input left to read)", "output": str(output), "input_patterns": job.inputs,
            "inputs": [], "input_fingerprints": {}, "files": [],
            "counts": {"records_read": 0, "articles_written": 0, "duplicates_in_run": 0, "duplicates_existing": 0,
                       "rejected": 0, "rejected_by_reason": {}, "rejects_written": 0, "rejects_already_recorded": 0,
                       "entities": 0, "quotes": 0, "input_files": 0, "input_items_skipped": 0},
            **extra}


def clean_scratch(output: Path) -> None:
    """Scratch outputs of scheduled runs that died before publishing (hold the lock)."""
    shutil.rmtree(state_dir(output) / SCRATCH_DIR, ignore_errors=True)


def run_scheduled(job: JobConfig, logical_date: dt.date | None, beam_argv: list[str] | None = None, *,
                  emit: Callable[[str], None] = print, incremental: bool | None = None,
                  lock_wait: float = 0.0, published_as: str | None = None) -> ScheduledOutcome:
    """One incremental run of a job, for a logical date or none (see the module doc).

    An object-store output is run in its local working folder, then published (pipeline/objstore.py);
    ``published_as`` is then the output's URL, which its manifests name.
    """
    rendered = for_date(job, logical_date)
    if is_remote(rendered.output):
        with working_copy(rendered.output, "run", lock_wait) as local:
            return run_scheduled(job.model_copy(update={"output": str(local)}), logical_date, beam_argv,
                                 emit=emit, incremental=incremental, published_as=rendered.output.rstrip("/"))
    incremental = (job.incremental if job.incremental is not None else True) if incremental is None else incremental
    output = Path(rendered.output).resolve()
    name = job_name(job)
    day = logical_date.isoformat() if logical_date else None
    try:  # before the lock: a day without input leaves no output folder behind
        listing = list_inputs(rendered.inputs or sample_inputs())
    except InputError as exc:
        if logical_date is not None and job.missing_inputs == "skip":
            return ScheduledOutcome(logical_date, "no_input", message=f"{day}: {exc}; nothing to do")
        raise
    with OutputLock(output, lock_wait):
        recover(output)
        recover_swaps(output)
        clean_scratch(output)
        paths = listing.paths
        replaced = runs_of_date(output, name, logical_date) if logical_date else []
        replaced_ids = [m["run_id"] for m in replaced]
        todo, skipped = paths, []
        if incremental:
            todo, skipped = pending_inputs(paths, input_fingerprints(paths),
                                           committed_inputs(output, frozenset(replaced_ids)))
        if not todo and not replaced:
            return ScheduledOutcome(logical_date, "nothing_to_do", skipped_inputs=skipped,
                                    message=f"{name}{f' {day}' if day else ''}: nothing to do, all "
                                            f"{len(skipped)} input file(s) already committed")
        extra = {"job": {"name": name, "logical_date": day,
                         "incremental": incremental, "skipped_inputs": skipped, "replaces": replaced_ids},
                 "input_patterns": rendered.inputs, "unmatched_inputs": listing.unmatched,
                 "inputs_not_read": listing.not_read}
        label = f"{name} {day}" if day else name
        if replaced_ids:
            emit(f"{label}: replacing run(s) {', '.join(replaced_ids)}")
        if skipped:
            emit(f"{label}: {len(skipped)} input file(s) already committed, skipped; reading {len(todo)} new or "
                 "changed")
        scratch = state_dir(output) / SCRATCH_DIR / new_operation_id("run")
        try:
            if todo:
                staged = rendered.model_copy(update={"inputs": todo, "output": str(scratch)})
                manifest = run_job(staged, beam_argv, manifest_extra=extra,
                                   emit=lambda line: emit(line.replace(str(scratch), f"{output} (staged)")))
            else:
                manifest = _empty_manifest(rendered, output, extra)
            elapsed = manifest.pop("elapsed_seconds", None)
            published = publish_run(output, scratch, manifest, replaced, published_as)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    if elapsed is not None:
        published["elapsed_seconds"] = elapsed
    return ScheduledOutcome(logical_date, "committed", published, skipped, replaced_ids)


def date_range(since: dt.date, until: dt.date) -> list[dt.date]:
    if until < since:
        raise ValueError(f"--until {until} is before --since {since}")
    return [since + dt.timedelta(days=n) for n in range((until - since).days + 1)]


def describe(outcome: ScheduledOutcome) -> str:
    """What a dated run did, for people: the run summary, or why there was nothing to do."""
    if outcome.manifest is None:
        return outcome.message
    lines = [format_summary(outcome.manifest)]
    if outcome.skipped_inputs:
        lines.append(f"  skipped           {len(outcome.skipped_inputs):,} input file(s) already committed")
    if outcome.replaced_runs:
        lines.append(f"  replaced          {', '.join(outcome.replaced_runs)}")
    return "\n".join(lines)


def run_dates(job: JobConfig, dates: list[dt.date | None], beam_argv: list[str] | None = None, *,
              emit: Callable[[str], None] = print, incremental: bool | None = None,
              lock_wait: float = 0.0) -> int:
    """Run a job for each date in order, stopping at the first failure; returns an exit status.

    0 done (also: nothing to do), 1 a run failed, 2 inputs missing or unusable, 75 the output is locked.
    """
    for date in dates:
        label = date.isoformat() if date else "run"
        outcome, failed = run_guarded(
            "run", lambda date=date: run_scheduled(job, date, beam_argv, emit=emit, incremental=incremental,
                                                   lock_wait=lock_wait),
            interrupted="interrupted; nothing of this run was committed", label=label)
        if failed is not None:
            return failed
        print(describe(outcome), flush=True)
    return EXIT_OK


# -------------------------------------------------------------------------------------- the scheduler
def _zone(schedule: ScheduleConfig) -> ZoneInfo:
    return ZoneInfo(schedule.timezone)


def next_fire(schedule: ScheduleConfig, after: dt.datetime) -> dt.datetime:
    """The first fire time strictly after ``after`` (an aware datetime), in the schedule's zone."""
    from croniter import croniter

    return croniter(schedule.cron, after.astimezone(_zone(schedule))).get_next(dt.datetime)


def previous_fires(schedule: ScheduleConfig, now: dt.datetime, count: int) -> list[dt.datetime]:
    """The last ``count`` fire times at or before ``now``, oldest first."""
    from croniter import croniter

    itr = croniter(schedule.cron, (now + dt.timedelta(microseconds=1)).astimezone(_zone(schedule)))
    return sorted(itr.get_prev(dt.datetime) for _ in range(count))


def logical_date(schedule: ScheduleConfig, fire: dt.datetime) -> dt.date:
    """The date a run fired at ``fire`` processes: the fire's day in the schedule's zone, plus the offset."""
    return fire.astimezone(_zone(schedule)).date() + dt.timedelta(days=schedule.date_offset_days)


class Scheduler:
    """Runs a job on its cron expression until stopped; a run in progress commits before it stops."""

    def __init__(self, job: JobConfig, beam_argv: list[str] | None = None, *,
                 emit: Callable[[str], None] = print, clock: Callable[[], dt.datetime] | None = None) -> None:
        if job.schedule is None:
            raise ValueError(f"job {job_name(job)!r} has no schedule: add a 'schedule:' section with a cron key")
        self.job, self.schedule = job, job.schedule
        self.beam_argv = beam_argv or []
        self.emit = emit
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    def done(self, date: dt.date) -> bool:
        output = Path(for_date(self.job, date).output).resolve()
        return bool(runs_of_date(output, job_name(self.job), date))

    def run_date(self, date: dt.date, stop: GracefulStop) -> int:
        """One date with the configured retries; returns its exit status.

        Only a failed run (1) and a locked output (75) are tried again: a usage or input error (2: no input for
        the date, a bad config) fails the same way on every attempt.
        """
        attempts = self.schedule.retries + 1
        for attempt in range(1, attempts + 1):
            code = run_dates(self.job, [date], self.beam_argv, emit=self.emit)
            if code == 0 or stop.stopped:
                return code
            if code not in RETRIED_EXITS:
                if attempts > 1:
                    self.emit(f"{date}: exit {code} (a usage or input error) is not retried")
                return code
            if attempt == attempts:
                return code
            delay = self.schedule.retry_delay_seconds
            at = self.clock() + dt.timedelta(seconds=delay)
            self.emit(f"{date}: attempt {attempt} of {attempts} failed (exit {code}); waiting {delay:.0f} s to retry "
                      f"at {at.astimezone(_zone(self.schedule)):%H:%M:%S %Z} (Ctrl-C stops)")
            if stop.wait(delay):
                return code
        return 1

    def catch_up(self, stop: GracefulStop) -> int:
        worst = 0
        for fire in previous_fires(self.schedule, self.clock(), self.schedule.max_catchup):
            date = logical_date(self.schedule, fire)
            if stop.stopped:
                break
            if not self.done(date):
                self.emit(f"catching up: {date} (due {fire.isoformat()})")
                worst = max(worst, self.run_date(date, stop))
        return worst

    def run(self, *, once: bool = False, stop_after: float | None = None) -> int:
        """``once``: run the latest due date now and return its status. Otherwise run on schedule until a
        signal (exit 0) or until ``stop_after`` seconds have passed (the worst status of the runs made)."""
        with GracefulStop(self.emit) as stop:
            if once:
                (fire,) = previous_fires(self.schedule, self.clock(), 1)
                date = logical_date(self.schedule, fire)
                self.emit(f"running {date} now: the latest due date (fired {fire.isoformat()}), then exiting")
                return self.run_date(date, stop)
            deadline = None if stop_after is None else self.clock() + dt.timedelta(seconds=stop_after)
            worst = self.catch_up(stop) if self.schedule.catchup else 0
            while not stop.stopped:
                fire = next_fire(self.schedule, self.clock())
                if deadline is not None and fire > deadline:
                    stop.wait((deadline - self.clock()).total_seconds())
                    return worst
                self.emit(f"next run {fire.isoformat()} for {logical_date(self.schedule, fire)}")
                if stop.wait((fire - self.clock()).total_seconds()):
                    break
                worst = max(worst, self.run_date(logical_date(self.schedule, fire), stop))
            return 0


if __name__ == "__main__":
    from pipeline.cli import main

    sys.exit(main(["run", *sys.argv[1:]]))
