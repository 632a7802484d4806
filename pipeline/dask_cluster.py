"""A dask.distributed cluster on this machine's loopback, for the DaskRunner on one machine: its tests, its
benchmark, and trying it out (docs/distributed.md).

    with LocalDaskCluster(workers=2, folder=Path("dask-work")) as cluster:
        ... newsbeam run --runner=DaskRunner --dask_client_address=cluster.address ...
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

STARTUP_TIMEOUT = 120.0
STOP_TIMEOUT = 15.0


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process and its waited-for children (Linux /proc; 0.0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime, stime, cutime, cstime: fields 14-17 of proc(5), counted after the ")" that ends the name
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


class LocalDaskCluster:
    """A dask.distributed scheduler and ``workers`` single-threaded workers on 127.0.0.1, as processes.

    Every process is this interpreter (so the workers' environment is this one, with newsbeam installed),
    runs from ``folder`` (so nothing is imported from a working tree by accident) and logs there. Ports come
    from the operating system (port 0) and are read back from the scheduler file. The scheduler's idle
    timeout and the workers' death timeout end them even if the process that started them dies first.
    """

    def __init__(self, workers: int, folder: Path, *, threads: int = 1,
                 startup_timeout: float = STARTUP_TIMEOUT) -> None:
        self.workers, self.threads = workers, threads
        self.folder = folder
        self.startup_timeout = startup_timeout
        self.address = ""
        self.processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> LocalDaskCluster:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def _start(self) -> None:
        from distributed import Client

        self.folder.mkdir(parents=True, exist_ok=True)
        scheduler_file = self.folder / "scheduler.json"
        dask = [sys.executable, "-m", "dask"]
        scheduler = self._spawn([*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                 "--scheduler-file", str(scheduler_file), "--idle-timeout", "1800"], "scheduler")
        deadline = time.monotonic() + self.startup_timeout
        while not scheduler_file.is_file():
            if scheduler.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the dask scheduler did not start\n{self.logs()}")
            time.sleep(0.2)
        self.address = json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
        for number in range(self.workers):
            self._spawn([*dask, "worker", "--scheduler-file", str(scheduler_file), "--host", "127.0.0.1",
                         "--nthreads", str(self.threads), "--no-nanny", "--no-dashboard",
                         "--name", f"worker-{number}", "--local-directory", str(self.folder / f"worker-{number}"),
                         "--death-timeout", "120"], f"worker-{number}")
        with Client(self.address, timeout=self.startup_timeout) as client:
            try:
                client.wait_for_workers(self.workers, timeout=self.startup_timeout)
            except TimeoutError as exc:
                raise RuntimeError(f"{self.workers} dask worker(s) did not register\n{self.logs()}") from exc

    def _spawn(self, command: list[str], name: str) -> subprocess.Popen[bytes]:
        # a session of its own: stopping it ends this process and whatever it started, nothing else
        with (self.folder / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder,
                                       start_new_session=True)
        self.processes.append(process)
        return process

    def stop(self) -> None:
        """Workers first, then the scheduler: SIGTERM, then SIGKILL for whatever has not exited in time."""
        processes, self.processes = list(reversed(self.processes)), []
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT)

    def cpu_seconds(self) -> float:
        """CPU time used so far by the scheduler and workers (and anything they started), from /proc."""
        return sum(process_cpu_seconds(process.pid) for process in self.processes)

    def logs(self, tail: int = 3000) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-tail:]}"
                         for log in sorted(self.folder.glob("*.log")))
