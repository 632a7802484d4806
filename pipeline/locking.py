"""One writer per output folder: a second run on the same output fails clearly (or waits, when told to).

The lock is ``flock(2)`` on a file inside the output, kept here rather than taken from a library
(docs/architecture.md, *Locks and retries*): the kernel releases it when its holder dies, however it dies, so
it cannot leak; it conflicts between processes and between two takers in one process; and the holder writes
its pid into the file, which a second taker reads to say who holds the output.
"""
from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from types import TracebackType

from pipeline.layout import LOCK_FILE, runs_dir

# how often a taker that waits tries again
WAIT_POLL_SECONDS = 0.5


class OutputLockedError(RuntimeError):
    """Another newsbeam run holds the output folder."""


class ExclusiveLock:
    """An exclusive advisory lock on a file inside an output folder (released by the OS if the holder dies).

    ``holder`` names what holds it in the error a second taker gets ("run", "stream"). ``wait_seconds``: how
    long a taker waits for a holder to finish before it fails (0: it fails at once).
    """

    def __init__(self, path: Path, holder: str, wait_seconds: float = 0.0) -> None:
        self.path = path
        self.holder = holder
        self.wait_seconds = wait_seconds
        self.handle: int | None = None

    def __enter__(self) -> ExclusiveLock:
        deadline = time.monotonic() + self.wait_seconds
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by child processes
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() < deadline:
                    time.sleep(min(WAIT_POLL_SECONDS, max(deadline - time.monotonic(), 0.01)))
                    continue
                holder = os.pread(handle, 64, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(handle)
                raise OutputLockedError(f"another newsbeam {self.holder} (pid {holder}) is writing to "
                                        f"{self.path.parent.parent}") from exc
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        self.handle = handle
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            os.close(self.handle)
            self.handle = None


class OutputLock(ExclusiveLock):
    """One run at a time per output folder: ``OUT/_runs/.lock``."""

    def __init__(self, output: str | os.PathLike[str], wait_seconds: float = 0.0) -> None:
        super().__init__(runs_dir(Path(output)) / LOCK_FILE, "run", wait_seconds)
