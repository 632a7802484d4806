"""What an output has committed: which data files readers may see, what the records promise, what is lost.

**Visibility.** A data file a run commits is named ``part-<run_id>-NNNNN.parquet`` and is moved into its
partition before the run's manifest ``_runs/<run_id>.json`` is written. newsbeam's readers (``query``,
``connect()``, ``dataset()``, compaction, enrich, the id index, incremental runs, streaming) list the manifest
names first and the data files second, and take a run's file only when its manifest is there: a manifest is
written after the last move of its run, so whatever a reader lists, it holds all of a run or none of it, also
while a commit is moving files, after a kill -9 between two moves, or after a commit that failed at its
manifest. Files written by a partition swap (compaction, enrich, a dated retry; pipeline/compact.py) become
live by a directory exchange, atomic per partition, and their record is written before the exchange, so
they are taken as they appear. Files with other names (placed by hand) are taken as they are.

**Sealed records.** Journals and manifests carry ``checksum``: ``sha256:`` of their canonical JSON without
that field, which includes the id they belong to (``run_id``, ``swap_id``, ``compaction_id``), and that id
must be the file's name. A record whose checksum or id does not match is moved into ``OUT/_quarantine/``
and reported, never trusted. Records written before checksums existed (no ``checksum``) are read as
*legacy*: trusted as before, counted by ``newsbeam verify``.

**The catalog.** Replaying the committed records in commit order gives the files the output should hold and
their row counts: a run adds its ``files``; a swap record names the whole ``swapped`` contents of every
partition it exchanged; a quarantine record removes the files it moved aside and marks their rows lost.
``verify`` compares that with the disk; compaction refuses to rewrite a partition whose rows it cannot
account for; incremental runs read again the inputs of runs whose rows are gone. Partitions rewritten by a
legacy swap record (no ``swapped``) are *unchecked*: their files are taken as they are on disk.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.atomic import write_json_atomically
from pipeline.layout import RUNS_DIR, STATE_DIR, runs_dir

LOG = logging.getLogger(__name__)
QUARANTINE_DIR = "_quarantine"
COMPACTIONS_DIR = "compactions"
QUARANTINE_RECORDS_DIR = "quarantine"
PENDING_SUFFIX = ".pending.json"
CHECKSUM = "checksum"
# the id a record belongs to, by kind of record
ID_FIELDS = ("run_id", "swap_id", "compaction_id", "quarantine_id")
# a data file a run commits: part-<run id>-<number>.parquet (run ids: pipeline/run.py ``new_run_id``); the
# files of a partition swap carry its operation id instead, which has a word after the dash
RUN_FILE = re.compile(r"^part-(\d{8}T\d{6}Z-[0-9a-f]{8})-\d{5}\.parquet$")


def run_of(name: str) -> str | None:
    """The run a data file belongs to, from its name; None for a swap's file or a name no run makes."""
    match = RUN_FILE.match(name)
    return match.group(1) if match else None


# ------------------------------------------------------------------------------------------ sealed records
def _canonical(payload: dict[str, Any]) -> bytes:
    body = {key: value for key, value in payload.items() if key != CHECKSUM}
    # through JSON once, so that tuples, dates and paths hash as they will read back
    body = json.loads(json.dumps(body, default=str))
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def checksum_of(payload: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(_canonical(payload)).hexdigest()


def seal(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload with its checksum (an older checksum is replaced)."""
    body = {key: value for key, value in payload.items() if key != CHECKSUM}
    return {**body, CHECKSUM: checksum_of(body)}


def record_id(payload: dict[str, Any]) -> str | None:
    for name in ID_FIELDS:
        if isinstance(payload.get(name), str):
            return payload[name]
    return None


def seal_problem(payload: Any, expected_id: str) -> str | None:
    """Why a record cannot be trusted (None: it can). ``expected_id``: the id its file name gives it."""
    if not isinstance(payload, dict):
        return "not a JSON object"
    found = record_id(payload)
    if found != expected_id:
        return f"it belongs to {found!r}, not to {expected_id!r} (its file name)"
    if CHECKSUM in payload and payload[CHECKSUM] != checksum_of(payload):
        return "its checksum does not match its content"
    return None


def is_legacy(payload: dict[str, Any]) -> bool:
    return CHECKSUM not in payload


def read_record(path: Path, expected_id: str) -> tuple[dict[str, Any] | None, str | None]:
    """(payload, None) for a record that can be trusted, (None, why) for one that cannot."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, f"unreadable ({type(exc).__name__}: {exc})"
    problem = seal_problem(payload, expected_id)
    return (None, problem) if problem else (payload, None)


def quarantine(output: Path, path: Path, reason: str) -> Path:
    """Move a file out of the way into ``OUT/_quarantine/`` (never deleted), next to a note of why."""
    relative = path.resolve().relative_to(output.resolve())
    target = output / QUARANTINE_DIR / relative
    if target.exists():
        target = target.with_name(f"{target.name}.{uuid.uuid4().hex[:8]}")
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, target)
    note = {"path": str(relative), "reason": reason, "quarantined_at": dt.datetime.now(dt.UTC).isoformat()}
    target.with_name(target.name + ".why.json").write_text(json.dumps(note, indent=2), encoding="utf-8")
    LOG.warning("quarantined %s (%s): now %s", relative, reason, target.relative_to(output))
    return target


def manifest_stem(path: Path) -> str:
    return path.name[: -len(PENDING_SUFFIX)] if path.name.endswith(PENDING_SUFFIX) else path.stem


def quarantine_bad_manifests(output: Path) -> list[str]:
    """Writers, under the output lock: manifests whose seal fails go to the quarantine. Returns messages."""
    messages = []
    folder = runs_dir(output)
    if not folder.is_dir():
        return messages
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith(".") or path.name.endswith(PENDING_SUFFIX):
            continue
        _, problem = read_record(path, path.stem)
        if problem:
            moved = quarantine(output, path, f"manifest not trusted: {problem}")
            messages.append(f"{path.name}: {problem}; moved to {moved.relative_to(output)}")
    return messages


# ------------------------------------------------------------------------------------------- visibility
def committed_run_ids(output: Path) -> set[str]:
    """Ids of the runs that have a manifest (list them before the data files, see the module doc)."""
    folder = runs_dir(output)
    if not folder.is_dir():
        return set()
    return {name[:-5] for name in os.listdir(folder)
            if name.endswith(".json") and not name.startswith(".") and not name.endswith(PENDING_SUFFIX)}


def is_visible(name: str, runs: set[str]) -> bool:
    run = run_of(name)
    return run is None or run in runs


def committed_files(output: Path, dataset: str, runs: set[str] | None = None) -> list[Path]:
    """The data files of a dataset that readers may see: every committed file, nothing of an unfinished run.

    Hidden and underscore files are never part of it, nor the files of a run whose manifest is not written.
    A reader of several datasets passes one ``runs`` (``committed_run_ids``, listed before any data file) to
    all of them, so that a run committed between two listings shows in none rather than in some.
    """
    root = output / dataset
    if not root.is_dir():
        return []
    if runs is None:
        runs = committed_run_ids(output)  # first: a manifest written after the listing would half-show a run
    return sorted(p for p in root.glob("*=*/*.parquet")
                  if not p.name.startswith(("_", ".")) and not p.parent.name.startswith(("_", "."))
                  and is_visible(p.name, runs))


# ---------------------------------------------------------------------------------------------- catalog
@dataclass
class Catalog:
    """The files the committed records promise (see the module doc)."""

    expected: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))  # partition -> path -> rows
    unchecked: set[str] = field(default_factory=set)  # partitions a legacy swap rewrote
    contributors: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # partition -> run ids
    lost: dict[str, set[str]] = field(default_factory=dict)  # quarantined path -> runs whose rows it held
    manifests: dict[str, dict[str, Any]] = field(default_factory=dict)  # run id -> manifest
    legacy: list[str] = field(default_factory=list)
    untrusted: list[tuple[str, str]] = field(default_factory=list)  # (record, why)

    def files(self) -> dict[str, int]:
        return {path: rows for entries in self.expected.values() for path, rows in entries.items()}

    def runs_of(self, path: str) -> set[str]:
        """Runs whose rows a file holds: its own run, or every run that ever added to its partition."""
        run = run_of(Path(path).name)
        if run:
            return {run}
        return set(self.contributors.get(str(Path(path).parent), set()))


def _records(output: Path, catalog: Catalog) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    sources = [(runs_dir(output), "manifest"), (output / STATE_DIR / COMPACTIONS_DIR, "compaction"),
               (output / STATE_DIR / QUARANTINE_RECORDS_DIR, "quarantine")]
    for folder, kind in sources:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            if path.name.startswith(".") or path.name.endswith(PENDING_SUFFIX) or path.name.endswith(".why.json"):
                continue
            payload, problem = read_record(path, path.stem)
            name = str(path.relative_to(output))
            if problem:
                catalog.untrusted.append((name, problem))
                continue
            assert payload is not None
            if is_legacy(payload):
                catalog.legacy.append(name)
            found.append((payload.get("committed_at") or payload.get("quarantined_at") or "", kind, payload))
    return sorted(found, key=lambda item: (item[0], record_id(item[2]) or ""))


def load_catalog(output: str | os.PathLike[str]) -> Catalog:
    output = Path(output)
    catalog = Catalog()
    for _, kind, payload in _records(output, catalog):
        if kind == "quarantine":
            for entry in payload.get("files", []):
                partition = str(Path(entry["path"]).parent)
                catalog.expected[partition].pop(entry["path"], None)
                catalog.lost[entry["path"]] = set(entry.get("runs", []))
            continue
        if kind == "manifest" and payload.get("status") in ("committed", "replaced") and \
                payload.get("kind") != "enrich":
            catalog.manifests[payload["run_id"]] = payload
        swapped = payload.get("swapped")
        if swapped is not None:
            for partition, entries in swapped.items():
                catalog.expected[partition] = {entry["path"]: entry["rows"] for entry in entries}
                catalog.unchecked.discard(partition)
        elif kind == "compaction" or (payload.get("status") == "replaced" and is_legacy(payload)):
            # a legacy swap: it rewrote these partitions without saying into what
            partitions = ({f"{p['dataset']}/{p['partition']}" for p in payload.get("partitions", [])}
                          if kind == "compaction" else
                          {str(Path(f["path"]).parent) for f in payload.get("files", [])})
            catalog.unchecked.update(partitions)
            for partition in partitions:
                catalog.expected.pop(partition, None)
            continue
        elif payload.get("kind") == "enrich":
            # a legacy enrich record: its files are the whole new contents of the partitions it names
            for entry in payload.get("files", []):
                catalog.expected.pop(str(Path(entry["path"]).parent), None)
        run_id = payload.get("run_id")
        for entry in payload.get("files", []):
            partition = str(Path(entry["path"]).parent)
            if swapped is None or partition not in swapped:
                catalog.expected[partition][entry["path"]] = entry["rows"]
            if isinstance(run_id, str) and run_of(Path(entry["path"]).name) == run_id:
                catalog.contributors[partition].add(run_id)
    return catalog


def partition_contents(output: Path, folder: Path) -> list[dict[str, Any]]:
    """Catalog entries of the data files of a (prepared) partition folder: path as it will be live, rows."""
    import pyarrow.parquet as pq

    dataset, partition = folder.parent.name, folder.name
    return [{"path": f"{dataset}/{partition}/{path.name}", "rows": pq.ParquetFile(path).metadata.num_rows}
            for path in sorted(folder.glob("*.parquet")) if not path.name.startswith(("_", "."))]


# ---------------------------------------------------------------------------------------------- verify
@dataclass
class Problem:
    kind: str  # missing, unreadable, rows, unlisted, untrusted_record
    path: str
    detail: str
    runs: set[str] = field(default_factory=set)


@dataclass
class VerifyReport:
    checked_files: int = 0
    problems: list[Problem] = field(default_factory=list)
    legacy_records: int = 0
    unchecked_partitions: int = 0
    lost: dict[str, set[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _read_rows(path: Path) -> tuple[int | None, str | None]:
    """Row count of a Parquet file read through (footer and every page), or why it cannot be read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
        rows = sum(batch.num_rows for batch in handle.iter_batches(batch_size=65536))
        return rows, None
    except (pa.ArrowException, OSError, ValueError) as exc:  # a cut-short file fails in many ways
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def verify(output_dir: str | os.PathLike[str], *, read_data: bool = True) -> VerifyReport:
    """Check the data files against the catalog: present, readable, row counts; files no record lists."""
    from schemas import DATASETS

    output = Path(output_dir)
    catalog = load_catalog(output)
    report = VerifyReport(legacy_records=len(catalog.legacy), unchecked_partitions=len(catalog.unchecked),
                          lost=dict(catalog.lost))
    for name, why in catalog.untrusted:
        report.problems.append(Problem("untrusted_record", name, why))
    for journal in sorted(runs_dir(output).glob(f"*{PENDING_SUFFIX}")) if runs_dir(output).is_dir() else []:
        report.problems.append(Problem("pending_journal", str(journal.relative_to(output)),
                                       "a commit not finished: the next run, stream, compact or enrich finishes it"))
    expected = catalog.files()
    runs = committed_run_ids(output)
    on_disk: set[str] = set()
    for dataset in DATASETS:
        root = output / dataset
        for path in sorted(root.glob("*=*/*.parquet")) if root.is_dir() else []:
            if path.name.startswith(("_", ".")):
                continue
            relative = str(path.relative_to(output))
            on_disk.add(relative)
            partition = str(Path(relative).parent)
            if relative not in expected:
                if partition in catalog.unchecked and is_visible(path.name, runs):
                    continue
                detail = ("no manifest lists it (readers do not see it)" if not is_visible(path.name, runs)
                          else "no record lists it")
                report.problems.append(Problem("unlisted", relative, detail))
                continue
            report.checked_files += 1
            if not read_data:
                continue
            rows, why = _read_rows(path)
            if why:
                report.problems.append(Problem("unreadable", relative, why, catalog.runs_of(relative)))
            elif rows != expected[relative]:
                report.problems.append(Problem("rows", relative, f"{rows} rows, the records say {expected[relative]}",
                                               catalog.runs_of(relative)))
    for relative in sorted(set(expected) - on_disk):
        report.problems.append(Problem("missing", relative, f"gone ({expected[relative]} rows committed)",
                                       catalog.runs_of(relative)))
    return report


def runs_with_lost_rows(output: str | os.PathLike[str], catalog: Catalog | None = None) -> set[str]:
    """Runs some of whose committed rows are gone: a file missing, or moved aside by ``verify --repair``."""
    output = Path(output)
    catalog = catalog or load_catalog(output)
    runs: set[str] = set()
    for relative in catalog.files():
        if not (output / relative).exists():
            runs |= catalog.runs_of(relative)
    for lost_runs in catalog.lost.values():
        runs |= lost_runs
    return runs


def inputs_of_runs(catalog: Catalog, runs: set[str]) -> list[str]:
    return sorted({entry["path"] for run in runs for entry in catalog.manifests.get(run, {}).get("inputs", [])})


def repair(output_dir: str | os.PathLike[str], report: VerifyReport) -> dict[str, Any]:
    """Move unreadable and wrong-sized files aside (never deleted) and record their rows as lost.

    Call under the output lock. Returns the quarantine record (``files``: what moved, with the runs whose
    rows they held; ``inputs``: what to read again).
    """
    output = Path(output_dir)
    catalog = load_catalog(output)
    now = dt.datetime.now(dt.UTC)
    quarantine_id = f"{now:%Y%m%dT%H%M%SZ}-repair{uuid.uuid4().hex[:8]}"
    moved: list[dict[str, Any]] = []
    for problem in report.problems:
        if problem.kind in ("unreadable", "rows"):
            target = quarantine(output, output / problem.path, problem.detail)
            moved.append({"path": problem.path, "reason": problem.detail, "runs": sorted(problem.runs),
                          "quarantined_as": str(target.relative_to(output))})
        elif problem.kind == "missing":
            moved.append({"path": problem.path, "reason": "missing", "runs": sorted(problem.runs),
                          "quarantined_as": None})
    lost_runs = set().union(*(set(entry["runs"]) for entry in moved)) if moved else set()
    record = seal({"quarantine_id": quarantine_id, "quarantined_at": now.isoformat(), "files": moved,
                   "inputs": inputs_of_runs(catalog, lost_runs)})
    if moved:
        write_json_atomically(output / STATE_DIR / QUARANTINE_RECORDS_DIR / f"{quarantine_id}.json", record)
    return record


def missing_files(output: Path) -> list[str]:
    """Files the records promise that are not on disk (what readers warn about)."""
    catalog = load_catalog(output)
    return sorted(relative for relative in catalog.files() if not (output / relative).exists())


__all__ = ["RUNS_DIR", "Catalog", "VerifyReport", "committed_files", "load_catalog", "repair", "seal", "verify"]
