"""Exit statuses, and the one mapping of a job's failures to them (shared by every command that runs a job).

0 success (also with rejected records), 1 failed run, 2 usage or input error, 75 output locked. A failed job
says one line on stderr; its traceback and Beam's logs go to a details file that line names.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sys
import tempfile
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"


def fail(message: str, code: int) -> int:
    print(f"newsbeam: error: {message}", file=sys.stderr)
    return code


def quiet_libraries() -> None:
    logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT)
    # the extractor reports every page it finds hard; the rejects dataset is where that belongs
    for noisy in ("trafilatura", "htmldate", "readability", "justext"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


class _HeldBeamLogs(logging.Handler):
    """What Beam logs while a job runs, held back from the terminal.

    A failing step makes Beam log the worker's whole traceback at ERROR level and then raise, so newsbeam's
    one-line error came after a screenful of it. The records are held instead: a failure writes them with the
    traceback to a details file named in the error line; a job that succeeds shows its Beam warnings after
    its summary.
    """

    def __init__(self, limit: int = 500) -> None:
        super().__init__(logging.WARNING)
        self.records: deque[logging.LogRecord] = deque(maxlen=limit)
        self.setFormatter(logging.Formatter(LOG_FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self) -> list[str]:
        return [self.format(record) for record in self.records]

    def show(self) -> None:
        from pipeline.runners import WORKER_CHATTER

        for line in self.lines():
            if not WORKER_CHATTER.search(line):  # a worker's note about itself, forwarded by the local engine
                print(line, file=sys.stderr)


@contextlib.contextmanager
def _beam_logs_held() -> Iterator[_HeldBeamLogs]:
    beam_logger = logging.getLogger("apache_beam")
    held = _HeldBeamLogs()
    beam_logger.addHandler(held)
    propagate, beam_logger.propagate = beam_logger.propagate, False
    try:
        yield held
    finally:
        beam_logger.removeHandler(held)
        beam_logger.propagate = propagate


# a failed job's details file: in the user's cache folder, the newest few kept
KEPT_FAILURE_LOGS = 10


def failure_log_dir() -> Path:
    """``$XDG_CACHE_HOME/newsbeam/logs`` (``~/.cache/newsbeam/logs`` without it)."""
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "newsbeam" / "logs"


def _failure_log(what: str) -> tuple[int, str]:
    """A new details file (handle, path); older ones beyond the newest KEPT_FAILURE_LOGS are removed."""
    folder = failure_log_dir()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, path = tempfile.mkstemp(dir=folder, prefix=f"{stamp}-{what}-", suffix=".log")
    except OSError:  # no usable cache folder (a read-only home): the temporary folder will do
        return tempfile.mkstemp(prefix=f"newsbeam-{what}-", suffix=".log")
    older = sorted(p for p in folder.glob("*.log") if p.name != os.path.basename(path))  # names start with the time
    for old in older[:max(len(older) - (KEPT_FAILURE_LOGS - 1), 0)]:
        with contextlib.suppress(OSError):
            old.unlink()
    return handle, path


def _job_failed(what: str, exc: BaseException, held: _HeldBeamLogs) -> int:
    """The one-line error of a failed job; its traceback and Beam's logs go to a details file it names."""
    first = str(exc).strip().splitlines()
    message = f"{what} failed: {type(exc).__name__}: {first[-1] if first else ''}"
    try:
        handle, path = _failure_log(what.split(":")[-1].strip())
        with os.fdopen(handle, "w", encoding="utf-8") as details:
            details.write("\n".join([*held.lines(), "", *traceback.format_exception(exc)]))
    except OSError:  # nowhere to write (a full disk is a common reason to fail): the line must still be said
        return fail(message, EXIT_FAILED)
    return fail(f"{message} (details: {path})", EXIT_FAILED)


def run_guarded(what: str, job: Callable[[], Any], *, interrupted: str,
                label: str = "") -> tuple[Any, int | None]:
    """Runs a job with Beam's logs held: (its result, None), or (None, the exit status of its one-line error).

    The one mapping of a job's failures to exit statuses, for plain, dated, incremental and streaming runs:
    bad input or configuration 2, a locked output 75, anything else 1 (with a details file).
    """
    from pipeline.commit import ReconciliationError
    from pipeline.config import ConfigError
    from pipeline.errors import InputError
    from pipeline.locking import OutputLockedError

    prefix = f"{label}: " if label else ""
    with _beam_logs_held() as held:
        try:
            result = job()
        except (InputError, ConfigError) as exc:
            return None, fail(f"{prefix}{exc}", EXIT_USAGE)
        except OutputLockedError as exc:
            return None, fail(f"{prefix}{exc}", EXIT_LOCKED)
        except ReconciliationError as exc:
            return None, fail(f"{prefix}{exc}", EXIT_FAILED)
        except KeyboardInterrupt:
            return None, fail(f"{prefix}{interrupted}", EXIT_FAILED)
        except Exception as exc:
            logging.getLogger("newsbeam").debug("%s failed", what, exc_info=True)
            return None, _job_failed(f"{prefix}{what}", exc, held)
    held.show()
    return result, None
