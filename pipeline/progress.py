"""The progress line of a run: articles done as they happen, their rate, and an ETA from input bytes.

Workers count what reaches the sink (pipeline/sink.py ``StageRowsFn``) and every couple of seconds write
their counts to ``OUT/_staging/<run_id>/progress/<worker>.json`` (a small file replaced whole). The launcher
sums those files: a file per worker, not per row, so counting costs nothing measurable, and it works on any
runner whose workers share the output folder (which every runner must, docs/distributed.md). An article is
counted when its row reaches the sink, right after its entities and quotes are made. Counts of a bundle that
a runner retries can be counted twice; the summary's counts come from the commit, never from here.

**Bytes.** Each article's ``input_offset`` says how far into its file reading has got. Offsets of plain
files and of WARC files (gzipped or not) are positions in the file itself, so the bytes read so far are known
against the inputs' total size, and the ETA follows from the byte rate; offsets inside other gzipped inputs
are positions in the uncompressed stream, and a run with such inputs shows no ETA rather than a wrong one.
"""
from __future__ import annotations

import json
import os
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.layout import staging_dir

FLUSH_SECONDS = 2.0
COUNTED = ("articles", "rejects", "entities", "quotes")


def progress_dir(output: Path, run_id: str) -> Path:
    return staging_dir(output, run_id) / "progress"


class ProgressCounter:
    """A worker's counts (rows per dataset, furthest offset per input), written to its file now and then."""

    def __init__(self, output: str, run_id: str, flush_seconds: float = FLUSH_SECONDS) -> None:
        self.path = progress_dir(Path(output), run_id) / f"{uuid.uuid4().hex}.json"
        self.flush_seconds = flush_seconds
        self.rows: Counter = Counter()
        self.offsets: dict[str, int] = {}
        self.flushed = time.monotonic()

    def count(self, dataset: str, row: dict[str, Any]) -> None:
        self.rows[dataset] += 1
        uri, offset = row.get("input_uri"), row.get("input_offset")
        if dataset == "articles" and uri is not None and offset is not None \
                and offset >= self.offsets.get(uri, -1):
            self.offsets[uri] = offset
        if time.monotonic() - self.flushed >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        self.flushed = time.monotonic()
        if not self.rows:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        temporary.write_text(json.dumps({"rows": self.rows, "offsets": self.offsets}), encoding="utf-8")
        os.replace(temporary, self.path)  # a reader sees the previous counts or these, never half a file


def offsets_are_file_positions(path: str) -> bool:
    """Whether an input's record offsets are positions in the file (see the module doc)."""
    name = path.lower()
    return not name.endswith(".gz") or ".warc" in name


def gather(folder: Path) -> tuple[Counter, dict[str, int]]:
    """Every worker's counts summed, and the furthest offset reached in each input."""
    rows: Counter = Counter()
    offsets: dict[str, int] = {}
    if not folder.is_dir():
        return rows, offsets
    for path in folder.glob("*.json"):
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # the commit removed the folder while it was read: the next tick says more
        rows.update(payload["rows"])
        for uri, offset in payload["offsets"].items():
            offsets[uri] = max(offset, offsets.get(uri, -1))
    return rows, offsets


def bytes_read(offsets: dict[str, int], sizes: dict[str, int]) -> int | None:
    """Input bytes read so far, or None when some input's offsets are not file positions.

    A file whose only record is at offset 0 (a text or HTML page) counts whole once its article is seen.
    """
    if not sizes or not all(offsets_are_file_positions(path) for path in sizes):
        return None
    done = 0
    for path, size in sizes.items():
        offset = offsets.get(path)
        if offset is not None:
            done += size if offset == 0 else min(offset, size)
    return done


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def describe(elapsed: float, rows: Counter, rate: float, done_bytes: int | None, total_bytes: int,
             bytes_rate: float) -> str:
    """One progress line: what is done, how fast it goes now, and when it should end if that is known."""
    line = f"progress {elapsed:7.0f}s: {rows['articles']:,} articles ({rate:,.1f}/s)"
    if done_bytes is not None and total_bytes:
        share = min(done_bytes / total_bytes, 1.0)
        line += f", {share:.0%} of {total_bytes / 1e6:,.1f} MB read"
        if bytes_rate > 0 and done_bytes < total_bytes:
            line += f", ETA {_duration((total_bytes - done_bytes) / bytes_rate)}"
    return (f"{line}; {rows['rejects']:,} rejects, {rows['entities']:,} entities, {rows['quotes']:,} quotes")


class ProgressReporter:
    """Emits a progress line every ``every`` seconds while a run goes (``every`` <= 0: never).

    With ``live`` (an interactive run whose stderr is a terminal) it draws one line that it updates every
    second instead, with tqdm: input bytes against their total (tqdm's rate and ETA) when they are known,
    else articles; the articles, their rate and the entities and quotes follow it.
    """

    def __init__(self, output: str, run_id: str, emit: Callable[[str], None], every: float = 10.0,
                 sizes: dict[str, int] | None = None, live: bool = False) -> None:
        self.folder = progress_dir(Path(output), run_id)
        self.emit, self.every = emit, every
        self.live = live and every > 0
        self.sizes = sizes or {}
        self.started = time.monotonic()
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="newsbeam-progress", daemon=True)
        self.last: tuple[float, int] = (self.started, 0)  # (when, articles) at the last line
        self.first_bytes: tuple[float, int] | None = None

    def line(self) -> str:
        now = time.monotonic()
        rows, offsets = gather(self.folder)
        done = bytes_read(offsets, self.sizes)
        when, articles = self.last
        rate = (rows["articles"] - articles) / max(now - when, 1e-9)  # as it goes now, not since the start
        self.last = (now, rows["articles"])
        if done and self.first_bytes is None:
            self.first_bytes = (now, done)
        bytes_rate = 0.0
        if done and self.first_bytes is not None and now > self.first_bytes[0]:
            # from the first bytes seen on: the seconds before them were start-up (imports, the model)
            bytes_rate = (done - self.first_bytes[1]) / (now - self.first_bytes[0])
        return describe(now - self.started, rows, rate, done, sum(self.sizes.values()), bytes_rate)

    def _loop(self) -> None:
        if self.live:
            self._draw()
            return
        while not self.stop_event.wait(self.every):
            self.emit(self.line())

    def _draw(self) -> None:
        from tqdm import tqdm

        total = sum(self.sizes.values())
        by_bytes = bool(total) and bytes_read({}, self.sizes) is not None
        with tqdm(total=total if by_bytes else None, unit="B" if by_bytes else " articles", unit_scale=by_bytes,
                  file=sys.stderr, dynamic_ncols=True, leave=False, desc="newsbeam") as bar:
            while not self.stop_event.wait(1.0):
                rows, offsets = gather(self.folder)
                now = time.monotonic()
                when, articles = self.last
                rate = (rows["articles"] - articles) / max(now - when, 1e-9)
                self.last = (now, rows["articles"])
                bar.n = (bytes_read(offsets, self.sizes) or 0) if by_bytes else rows["articles"]
                bar.set_postfix_str(f"{rows['articles']:,} articles ({rate:,.1f}/s), {rows['entities']:,} "
                                    f"entities, {rows['quotes']:,} quotes", refresh=False)
                bar.refresh()

    def __enter__(self) -> ProgressReporter:
        if self.every > 0:
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_event.set()
        if self.thread.is_alive():
            self.thread.join(timeout=1)
