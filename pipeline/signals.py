"""Stopping a long-running command (stream, schedule) cleanly on SIGINT/SIGTERM."""
from __future__ import annotations

import signal
import threading
import types
from collections.abc import Callable
from typing import Any


class GracefulStop:
    """SIGINT/SIGTERM once: let the running batch commit, then stop. Twice: abort now (nothing half-visible)."""

    def __init__(self, emit: Callable[[str], None] = print) -> None:
        self.event = threading.Event()
        self.emit = emit
        self.signals = 0
        self.previous: dict[int, Any] = {}

    def __enter__(self) -> GracefulStop:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, frame: types.FrameType | None) -> None:
        self.signals += 1
        if self.signals > 1:
            raise KeyboardInterrupt
        self.emit(f"{signal.Signals(signum).name}: stopping after the current commit (again to abort it)")
        self.event.set()

    @property
    def stopped(self) -> bool:
        return self.event.is_set()

    @property
    def aborted(self) -> bool:
        """A second signal came: whatever failed after it failed because of it, not on its own."""
        return self.signals > 1

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when a stop was asked for."""
        return self.event.wait(max(seconds, 0.0))
