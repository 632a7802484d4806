"""The atomic partition swap: new contents for some partitions made live together, for every reader.

Compaction, enrich and a dated retry (pipeline/compact.py, enrich.py, schedule.py) replace partitions so:

1. every partition to replace is prepared complete in ``OUT/_state/swap/<id>/`` (new files, plus hard links
   of the files that stay as they are), each with a hidden marker file ``.swap-<id>``;
2. a sealed journal ``OUT/_state/swap/<id>.json`` names the partitions and the records to write (the first
   names the new contents of every partition, its entry in the catalog, pipeline/catalog.py): from here on
   the swap finishes, also after a crash (``recover_swaps``, which every writer runs before it commits);
3. the records are written, then each prepared folder trades places with its live partition in one step
   (Linux ``renameat2`` with ``RENAME_EXCHANGE``; elsewhere two renames, a gap of microseconds), so a query
   lists either every old file of a partition or every new one, never a mix, whoever reads the folder.
   Files a running query already opened stay readable; a query that listed a merged-away file a moment
   before the swap fails with "file not found" and can be re-run (``pipeline.query.run_query`` does that
   by itself);
4. markers and the old files (now in the swap folder) are removed.

Hold the output lock (pipeline/locking.py) from preparing to publishing.
"""
from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import logging
import os
import shutil
import uuid
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.atomic import write_json_atomically
from pipeline.catalog import partition_contents, quarantine, read_record, seal
from pipeline.layout import state_dir

LOG = logging.getLogger(__name__)
SWAP_DIR = "swap"
MARKER_PREFIX = ".swap-"
# linux/fs.h; AT_FDCWD makes renameat2 resolve relative to the working directory like rename(2)
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def new_operation_id(kind: str, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{kind}{uuid.uuid4().hex[:8]}"


@cache
def _renameat2() -> Any:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return function


def exchange_dirs(first: Path, second: Path) -> bool:
    """Trade the contents of two existing paths; True when it happened in one atomic step."""
    function = _renameat2()
    if function is not None:
        result = function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
        if result == 0:
            return True
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(first), None, str(second))
    # no atomic exchange here (not Linux, or a file system without it): the live side is away for an instant
    aside = first.with_name(first.name + ".aside")
    os.rename(second, aside)
    os.rename(first, second)
    os.rename(aside, first)
    return False


class PartitionSwap:
    """Prepares new contents for some partitions, then makes them live together (see the module doc)."""

    def __init__(self, output: Path, swap_id: str) -> None:
        self.output = output
        self.swap_id = swap_id
        self.folder = state_dir(output) / SWAP_DIR / swap_id
        self.partitions: dict[str, dict[str, str]] = {}
        self.records: dict[str, dict[str, Any]] = {}

    def partition(self, dataset: str, partition_dirname: str) -> Path:
        """The folder that will become ``OUT/<dataset>/<partition_dirname>`` (created, with its marker)."""
        target = f"{dataset}/{partition_dirname}"
        if target not in self.partitions:
            prepared = self.folder / "new" / dataset / partition_dirname
            prepared.mkdir(parents=True)
            (prepared / f"{MARKER_PREFIX}{self.swap_id}").touch()
            self.partitions[target] = {"target": target, "prepared": str(prepared.relative_to(self.output))}
        return self.output / self.partitions[target]["prepared"]

    def keep(self, dataset: str, path: Path) -> None:
        """A live file that stays as it is: hard-linked into the prepared partition (no copy)."""
        prepared = self.partition(dataset, path.parent.name)
        try:
            os.link(path, prepared / path.name)
        except OSError:
            shutil.copy2(path, prepared / path.name)

    def record(self, relative_path: str, payload: dict[str, Any]) -> None:
        """A JSON file (a manifest, a compaction record) written as part of the swap, sealed (pipeline/catalog.py).

        The first record is the swap's entry in the catalog: it names the whole new contents of every partition
        the swap exchanges (``swapped``).
        """
        self.records[relative_path] = payload

    def abandon(self) -> None:
        """Drop what was prepared, unless the journal exists: then the swap is decided and must finish."""
        if not self.folder.with_suffix(".json").exists():
            shutil.rmtree(self.folder, ignore_errors=True)

    def publish(self) -> None:
        records = dict(self.records)
        if records:
            first = next(iter(records))
            swapped = {entry["target"]: partition_contents(self.output, self.output / entry["prepared"])
                       for entry in self.partitions.values()}
            records[first] = {**records[first], "swapped": swapped}
        journal = self.folder.with_suffix(".json")
        write_json_atomically(journal, seal({"swap_id": self.swap_id, "partitions": list(self.partitions.values()),
                                             "records": {path: seal(r) for path, r in records.items()}}))
        apply_swap(self.output, journal)


def apply_swap(output: Path, journal: Path) -> None:
    """Finish a journalled swap; safe to repeat after a crash at any point.

    The records come first: readers take the files of a swap as they appear (pipeline/catalog.py), and each
    partition appears whole, by one exchange.
    """
    payload, problem = read_record(journal, journal.stem)
    if problem:
        raise UntrustedSwapJournalError(f"swap journal {journal.name}: {problem}")
    assert payload is not None
    for relative, record in payload["records"].items():
        write_json_atomically(output / relative, record)
    marker = f"{MARKER_PREFIX}{payload['swap_id']}"
    atomic = True
    for entry in payload["partitions"]:
        target, prepared = output / entry["target"], output / entry["prepared"]
        if (target / marker).exists():
            continue  # swapped before a crash
        if not prepared.is_dir():
            raise RuntimeError(f"swap {payload['swap_id']}: {prepared} is missing and {target} was never swapped")
        if target.exists():
            atomic &= exchange_dirs(prepared, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(prepared, target)
    if not atomic:
        LOG.info("swap %s: this file system has no atomic directory exchange; used two renames",
                 payload["swap_id"])
    for source, target in payload.get("moves", []):  # journals written before every swap was an exchange
        if (output / source).exists():
            (output / target).parent.mkdir(parents=True, exist_ok=True)
            os.replace(output / source, output / target)
        elif not (output / target).exists():
            raise RuntimeError(f"swap {payload['swap_id']}: {source} is missing and was never moved")
    for entry in payload["partitions"]:
        target = output / entry["target"]
        with contextlib.suppress(FileNotFoundError):
            (target / marker).unlink()
        with contextlib.suppress(OSError):
            target.rmdir()  # only succeeds when the partition ended up empty
    shutil.rmtree(journal.with_suffix(""), ignore_errors=True)
    journal.unlink()


class UntrustedSwapJournalError(RuntimeError):
    """A swap journal whose checksum or id does not hold up: quarantined, never applied."""


def recover_swaps(output: str | os.PathLike[str]) -> list[str]:
    """Finish swaps a crash interrupted, drop ones that never reached their journal. Hold the lock."""
    root = state_dir(Path(output)) / SWAP_DIR
    if not root.is_dir():
        return []
    finished = []
    for journal in sorted(root.glob("*.json")):
        try:
            apply_swap(Path(output), journal)
        except UntrustedSwapJournalError as exc:
            quarantine(Path(output), journal, str(exc))
            continue
        finished.append(journal.stem)
        LOG.warning("finished swap %s, interrupted earlier", journal.stem)
    for leftover in root.iterdir():
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
    return finished
