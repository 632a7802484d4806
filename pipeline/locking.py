"""One writer per output folder: a second run on the same output waits for nothing, it fails clearly."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from pipeline.layout import LOCK_FILE, runs_dir


class OutputLockedError(RuntimeError):
    """Another newsbeam run holds the output folder."""


class ExclusiveLock:
    """An exclusive advisory lock on a file inside an output folder (released by the OS if the holder dies).

    ``holder`` names what holds it in the error a second taker gets ("run", "stream").
    """

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        self.handle: int | None = None

    def __enter__(self) -> ExclusiveLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
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

    def __init__(self, output: str | os.PathLike[str]) -> None:
        super().__init__(runs_dir(Path(output)) / LOCK_FILE, "run")
