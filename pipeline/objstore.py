"""Outputs on object storage (``s3://``, ``gs://``, ``az://``): the same commit, published without a rename.

Object stores write single objects atomically and list them, but cannot rename a file or exchange two
folders, which the local commit (pipeline/commit.py) and partition swaps (pipeline/swap.py) rely on. A writer
on an object store therefore works in three steps, all under the output's lock object:

1. **Fetch.** It lists the output, deletes what a writer that died left behind (see *Leftovers*), and copies
   the committed records (``_runs/*.json``, ``_state/``) and the data files they name into a local working
   folder, a cache kept between runs so that only files not yet there are downloaded (data files never
   change under a name: every name carries the run or operation that wrote it).
2. **Work.** The run, compaction or enrichment runs on that folder exactly as on a local output, with its
   staging, deduplication, recovery and checks.
3. **Publish.** Every new or changed file is put under its final name, data files first, then the state
   (the id index), then the records (compaction records, then run manifests) last: the commit point is the
   put of the record, one atomic single-object write. Objects the work removed (files a compaction merged)
   are deleted only after that.

**Visibility.** Readers of an object store (``query``, ``connect()``, ``dataset()``) take the data files the
committed records name (``load_catalog``), never a listing, so the files of a run still uploading, or of a
compaction between its new files and the deletion of the old ones, are not seen.

**Leftovers.** A writer killed during its publish leaves data objects no record names. The next writer,
holding the lock, deletes every ``part-*.parquet`` object that no committed record names (no other writer
can be running, so they belong to dead ones); the next run's id index refresh drops a segment over files
no manifest commits, and its publish deletes that object. What a writer killed before its publish did stays
in its working folder, where the next run on that machine recovers or removes it as on a local output.

**The lock** is the object ``_runs/.lock``, created with a conditional put (S3 ``If-None-Match: *``): of two
writers one gets it, the other is refused as by the local lock. The holder rewrites it every
``LEASE_SECONDS / 3``; a lock not renewed for ``LEASE_SECONDS`` is expired, and so is one whose holder ran on
this host under a process id that no longer exists (a writer killed with -9). A writer that finds an
expired lock deletes it and takes it with a conditional put in turn; the holder checks before each record
put that the lock is still its own, so a writer whose lease was taken over publishes no record. A stream
(pipeline/stream.py) holds a lease of its own, ``_state/stream.lock``, for its whole life, and each of its
windows takes ``_runs/.lock`` as a run does.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.layout import LOCK_FILE, RUNS_DIR, STAGING_DIR, STATE_DIR
from pipeline.locking import OutputLockedError
from schemas import DATASETS

LOG = logging.getLogger(__name__)

# a lock not renewed for this long belongs to a writer that is gone
LEASE_SECONDS = 60.0
WAIT_POLL_SECONDS = 1.0
# the local working folders of object-store outputs (one per output URL), kept between runs
CACHE_ENV = "XDG_CACHE_HOME"
# records are put last, in this order: the commit points of compactions and enrichments, then of runs
# the lock objects: the writers' and a stream's (pipeline/stream.py)
LOCKS = (f"{RUNS_DIR}/{LOCK_FILE}", f"{STATE_DIR}/stream.lock")
# a scheduled run's scratch files (pipeline/schedule.py), removed before its lock is released
SCRATCH = f"{STATE_DIR}/runs/"
RECORD_FOLDERS = (f"{STATE_DIR}/compactions/", f"{STATE_DIR}/quarantine/", f"{RUNS_DIR}/")


def filesystem(url: str) -> tuple[Any, str]:
    """(the fsspec filesystem of an object-store URL, the output's root path in it, without the scheme).

    Credentials and endpoints come the standard way of each store (for S3 the ``AWS_*`` variables, including
    ``AWS_ENDPOINT_URL``, and ``~/.aws``; for GCS and Azure their own): nothing here is newsbeam's.
    """
    import fsspec

    # an instance of its own: fsspec's shared instances would tie a DuckDB connection that reads through one
    # (pipeline/query.py) to every other user of the same store in the process
    fs, root = fsspec.core.url_to_fs(url.rstrip("/"), skip_instance_cache=True)
    return fs, root.rstrip("/")


def _put_if_absent(fs: Any, path: str, data: bytes) -> bool:
    """Create an object only if none is there (a conditional put); False when one is."""
    try:
        fs.pipe_file(path, data, mode="create")
    except FileExistsError:
        return False
    return True


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RemoteLock:
    """One writer per object-store output: the lease object ``_runs/.lock`` (see the module doc)."""

    def __init__(self, url: str, holder: str, wait_seconds: float = 0.0,
                 lease_seconds: float = LEASE_SECONDS, name: str = f"{RUNS_DIR}/{LOCK_FILE}") -> None:
        self.url = url.rstrip("/")
        self.fs, root = filesystem(url)
        self.path = f"{root}/{name}"
        self.holder = holder
        self.wait_seconds = wait_seconds
        self.lease_seconds = lease_seconds
        self.token = uuid.uuid4().hex
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def _body(self) -> bytes:
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.lease_seconds)
        return json.dumps({"token": self.token, "holder": self.holder, "host": socket.gethostname(),
                           "pid": os.getpid(), "expires_at": expires.isoformat()}).encode()

    def _current(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.fs.cat_file(self.path))
        except FileNotFoundError:
            return None
        except ValueError:
            return {}

    def _expired(self, lock: dict[str, Any]) -> bool:
        try:
            if dt.datetime.fromisoformat(lock["expires_at"]) < dt.datetime.now(dt.UTC):
                return True
            return lock["host"] == socket.gethostname() and not _process_alive(int(lock["pid"]))
        except (KeyError, TypeError, ValueError):
            return True  # not a lock a writer wrote whole

    def __enter__(self) -> RemoteLock:
        deadline = time.monotonic() + self.wait_seconds
        while not _put_if_absent(self.fs, self.path, self._body()):
            current = self._current()
            if current is not None and self._expired(current):
                LOG.warning("lock of %s held by %s (pid %s on %s) expired; taking it over", self.url,
                            current.get("holder"), current.get("pid"), current.get("host"))
                with contextlib.suppress(FileNotFoundError):
                    self.fs.rm_file(self.path)
                continue
            if current is not None and time.monotonic() >= deadline:
                raise OutputLockedError(f"another newsbeam {current.get('holder', 'writer')} (pid "
                                        f"{current.get('pid', 'unknown')} on {current.get('host', 'unknown')}) is "
                                        f"writing to {self.url}")
            time.sleep(WAIT_POLL_SECONDS)
        self._renewer = threading.Thread(target=self._renew, name="newsbeam-lock-lease", daemon=True)
        self._renewer.start()
        return self

    def _renew(self) -> None:
        while not self._stop.wait(self.lease_seconds / 3):
            if not self.held():
                LOG.error("the lock of %s was taken over: this writer publishes no record", self.url)
                self.lost.set()
                return
            self.fs.pipe_file(self.path, self._body())

    def held(self) -> bool:
        """Is the lock object still this writer's? (Checked before every record is put.)"""
        current = self._current()
        return bool(current) and current.get("token") == self.token and not self.lost.is_set()

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
        if self.held():
            with contextlib.suppress(FileNotFoundError):
                self.fs.rm_file(self.path)


def cache_dir(url: str) -> Path:
    """The local working folder of an object-store output (``~/.cache/newsbeam/outputs/<hash of the URL>``)."""
    base = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache")
    digest = hashlib.sha256(url.rstrip("/").encode()).hexdigest()[:16]
    return base / "newsbeam" / "outputs" / digest


def _is_data(relative: str) -> bool:
    return relative.split("/", 1)[0] in DATASETS


def _is_record(relative: str) -> bool:
    return relative.endswith(".json") and relative.startswith(RECORD_FOLDERS)


def _publish_rank(relative: str) -> tuple[int, str]:
    """Data files first, then the state, then records; run manifests last of all."""
    if _is_data(relative):
        return 0, relative
    if not _is_record(relative):
        return 1, relative
    return 2 + next(i for i, folder in enumerate(RECORD_FOLDERS) if relative.startswith(folder)), relative


def _local_only(relative: str) -> bool:
    """Files of the working folder that are never published (the local lock, staging, temporary files)."""
    parts = relative.split("/")
    return (parts[0] == STAGING_DIR or relative in LOCKS or relative.startswith(SCRATCH)
            or any(part.startswith(".") for part in parts) or relative.endswith(".pending.json"))


class RemoteOutput:
    """An object-store output and its local working folder (see the module doc)."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.fs, self.root = filesystem(self.url)
        self.local = cache_dir(self.url)
        self.fetched: dict[str, tuple[int, int]] = {}  # relative path -> (size, mtime_ns) after the fetch
        self.remote: dict[str, int] = {}  # relative path -> size, as listed at the fetch

    def _listing(self) -> dict[str, int]:
        prefix = self.root + "/"
        try:
            found = self.fs.find(self.root, detail=True)
        except FileNotFoundError:
            return {}
        return {name[len(prefix):]: int(info.get("size") or 0) for name, info in found.items()
                if name.startswith(prefix) and info.get("type") != "directory"}

    def exists(self) -> bool:
        """Does the URL hold a newsbeam output (records or dataset folders)?"""
        return any(name.split("/", 1)[0] in (RUNS_DIR, STATE_DIR, *DATASETS) for name in self._listing())

    def _download(self, relative: str) -> None:
        target = self.local / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        self.fs.get_file(f"{self.root}/{relative}", str(temporary))
        os.replace(temporary, target)

    def fetch_records(self, into: Path) -> dict[str, int]:
        """Copy the records and state of the output into ``into``; returns the listing they were taken from."""
        listing = self._listing()
        for relative in sorted(listing):
            if not _is_data(relative) and not _local_only(relative):
                target = into / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                self.fs.get_file(f"{self.root}/{relative}", str(target))
        return listing

    def fetch(self) -> Path:
        """Step 1 (hold the lock): delete leftovers, bring the working folder to the committed output."""
        from pipeline.catalog import load_catalog

        self.local.mkdir(parents=True, exist_ok=True)
        listing = self._listing()
        # the records and state first (small; always taken again), then what they name
        for relative in list(self._walk_local()):
            if not _is_data(relative) and not _local_only(relative) and relative not in listing:
                (self.local / relative).unlink()  # a record or segment the output no longer has
        for relative in sorted(listing):
            if not _is_data(relative) and not _local_only(relative):
                self._download(relative)
        committed = set(load_catalog(self.local).files())
        leftovers = sorted(relative for relative in listing if _is_data(relative)
                           and relative.rsplit("/", 1)[-1].startswith("part-") and relative not in committed)
        for relative in leftovers:
            LOG.warning("removing %s/%s, written by a writer that never committed it", self.url, relative)
            self.fs.rm_file(f"{self.root}/{relative}")
            del listing[relative]
        for relative in sorted(listing):
            if _is_data(relative):
                local = self.local / relative
                if not local.is_file() or local.stat().st_size != listing[relative]:
                    self._download(relative)
        for relative in list(self._walk_local()):
            if _is_data(relative) and relative not in listing:
                (self.local / relative).unlink()  # deleted from the output since the last fetch
        self.remote = listing
        self.fetched = self._stats()
        return self.local

    def _walk_local(self) -> Iterator[str]:
        for folder, _, names in os.walk(self.local):
            for name in names:
                relative = os.path.relpath(os.path.join(folder, name), self.local).replace(os.sep, "/")
                if not _local_only(relative):
                    yield relative

    def _stats(self) -> dict[str, tuple[int, int]]:
        found = {}
        for relative in self._walk_local():
            stat = (self.local / relative).stat()
            found[relative] = (stat.st_size, stat.st_mtime_ns)
        return found

    def publish(self, lock: RemoteLock | None = None) -> dict[str, int]:
        """Step 3: put what the work added or changed (records last), then delete what it removed."""
        now = self._stats()
        changed = sorted((relative for relative, stat in now.items() if self.fetched.get(relative) != stat),
                         key=_publish_rank)
        # the data files and the state go up in two batches of concurrent puts; the records one by one, in order
        batches = [[r for r in changed if _publish_rank(r)[0] == 0], [r for r in changed if _publish_rank(r)[0] == 1],
                   *([r] for r in changed if _is_record(r))]
        for batch in batches:
            if not batch:
                continue
            if _is_record(batch[0]) and lock is not None and not lock.held():
                raise OutputLockedError(f"the lock of {self.url} was taken over by another writer before this "
                                        f"one published {batch[0]}; nothing of it is committed")
            put_files(self.fs, [str(self.local / r) for r in batch], [f"{self.root}/{r}" for r in batch])
        removed = sorted(relative for relative in self.remote if relative not in now and not _local_only(relative))
        for relative in removed:
            with contextlib.suppress(FileNotFoundError):
                self.fs.rm_file(f"{self.root}/{relative}")
        self.fetched = now
        self.remote = {relative: size for relative, (size, _) in now.items()}
        return {"put": len(changed), "deleted": len(removed)}


def put_files(fs: Any, local: list[str], remote: list[str]) -> None:
    """Objects written whole under their final names (each a single put: readers never see part of one)."""
    if len(local) == 1:
        fs.put_file(local[0], remote[0])
    else:
        fs.put(local, remote)


@contextlib.contextmanager
def working_copy(url: str, holder: str, wait_seconds: float = 0.0, *, create: bool = True) -> Iterator[Path]:
    """The local working folder of an object-store output, fetched under its lock and published after the
    body returns (nothing is published when it raises). ``create=False``: the URL must hold an output."""
    from pipeline.layout import NotAnOutputError

    output = RemoteOutput(url)
    with RemoteLock(url, holder, wait_seconds) as lock:
        if not create and not output.exists():
            raise NotAnOutputError(f"no newsbeam output at {url} (newsbeam run --output {url} creates one)")
        local = output.fetch()
        yield local
        output.publish(lock)


def committed_urls(url: str, datasets: tuple[str, ...] = tuple(DATASETS)) -> tuple[Any, dict[str, list[str]]]:
    """(the filesystem, dataset -> URLs of its committed files): the files the committed records name.

    Read from the records, not from a listing: a run still uploading, or a compaction between its new files
    and the deletion of the old ones, shows nothing of itself (see the module doc).
    """
    import tempfile

    from pipeline.catalog import load_catalog
    from pipeline.layout import NotAnOutputError

    output = RemoteOutput(url)
    with tempfile.TemporaryDirectory(prefix="newsbeam-records-") as folder:
        listing = output.fetch_records(Path(folder))
        if not any(name.split("/", 1)[0] in (RUNS_DIR, STATE_DIR, *DATASETS) for name in listing):
            raise NotAnOutputError(f"no newsbeam output at {url}: it holds no {RUNS_DIR}/ and no dataset folders")
        files = load_catalog(folder).files()
    scheme = url.split("://", 1)[0]
    by_dataset: dict[str, list[str]] = {dataset: [] for dataset in datasets}
    for relative in sorted(files):
        dataset = relative.split("/", 1)[0]
        if dataset in by_dataset and relative in listing:
            by_dataset[dataset].append(f"{scheme}://{output.root}/{relative}")
        elif dataset in by_dataset:
            LOG.warning("committed file %s/%s is missing; answers lack its rows", url, relative)
    return output.fs, by_dataset
