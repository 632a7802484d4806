"""Batch sources: expand the input globs, then decode each file with the reader of its format.

Work is split per file (a Reshuffle of the file list) so that several worker processes share a run. The
file list is expanded on the machine that starts the run and enters the pipeline with ``beam.Create``, not
through ``io.Read``/``ReadFromText``: Beam's DaskRunner cannot execute ``io.Read``, and a file is the unit
every reader here needs whole (a WARC or gzip stream is read from its start).
"""
from __future__ import annotations

import glob
import io
import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.pvalue import TaggedOutput

from pipeline.errors import InputError
from schemas.models import RejectReason
from transforms.decoders import (
    Rejected,
    html_page,
    iter_jsonl,
    iter_warc,
    read_all,
    text_article,
)
from transforms.stages import NAMESPACE, REJECTS, ParDoWithOutputs, RunContext, as_reject

LOG = logging.getLogger(__name__)
FORMATS = ("auto", "jsonl", "text", "html", "warc")
INPUT_STATS = "input_stats"
GZIP_MAGIC = b"\x1f\x8b"
EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".warc": "warc", ".arc": "warc",
}


def _is_remote(pattern: str) -> bool:
    return "://" in pattern and not pattern.startswith("file://")


@dataclass
class InputListing:
    """What a job's input patterns name: the files to read, and what they matched that is not read."""

    paths: list[str]
    # patterns that matched no file while the others did (a day with JSONL but no WARC files)
    unmatched: list[str] = field(default_factory=list)
    # paths a pattern matched that are not files to read: {"path": ..., "reason": "broken_symlink" | "folder"}
    not_read: list[dict[str, str]] = field(default_factory=list)


def list_inputs(patterns: list[str]) -> InputListing:
    """Every file the globs name, sorted and de-duplicated; hidden and temporary files are skipped.

    The patterns are judged together: when none of them names a file, that is an error (a typo must not become
    a successful empty run); one that matches nothing beside others that do is listed in ``unmatched``. A
    broken symlink, or a folder a glob matches when none of the files under it is read, is listed in
    ``not_read``; a folder given itself (not through a glob) is read with everything under it.
    """
    found: set[str] = set()
    unmatched: list[str] = []
    odd: dict[str, str] = {}
    for pattern in patterns:
        if _is_remote(pattern):
            matches = [m.path for r in FileSystems.match([pattern]) for m in r.metadata_list]
        else:
            pattern = os.path.expanduser(pattern.removeprefix("file://"))
            if os.path.isdir(pattern):
                matches = [m for m in glob.glob(os.path.join(pattern, "**", "*"), recursive=True)
                           if os.path.isfile(m)]
            else:
                named = [pattern] if os.path.lexists(pattern) else glob.glob(pattern, recursive=True)
                for match in named:
                    if os.path.isdir(match):
                        odd.setdefault(os.path.abspath(match), "folder")
                    elif not os.path.exists(match):
                        odd.setdefault(os.path.abspath(match), "broken_symlink")
                matches = [m for m in named if os.path.isfile(m)]
            matches = [os.path.abspath(m) for m in matches]
        matches = [m for m in matches if not is_hidden_or_temp(m)]
        if not matches:
            unmatched.append(pattern)
        found.update(matches)
    if not found:
        named = " or ".join(repr(p) for p in unmatched)
        seen = f" (matched only {_describe(odd)}, which are not read)" if odd else ""
        raise InputError(f"no input files match {named}{seen}")
    # a folder matched by `landing/**/*` has its files read through the same pattern, and an empty one holds
    # nothing: neither is "not read"
    covered: set[str] = set()
    for path in found:
        folder = os.path.dirname(path)
        while folder not in covered and folder != os.path.dirname(folder):
            covered.add(folder)
            folder = os.path.dirname(folder)
    not_read = [{"path": path, "reason": reason} for path, reason in sorted(odd.items())
                if reason != "folder" or (path not in covered and _has_entries(path))]
    return InputListing(sorted(found), unmatched, not_read)


def _has_entries(folder: str) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError:
        return False


def _describe(odd: dict[str, str]) -> str:
    folders = sum(1 for reason in odd.values() if reason == "folder")
    links = len(odd) - folders
    parts = [f"{folders} folder(s)"] * bool(folders) + [f"{links} broken symlink(s)"] * bool(links)
    return " and ".join(parts)


def expand_inputs(patterns: list[str]) -> list[str]:
    """The files to read (``list_inputs``); InputError when the patterns name none."""
    return list_inputs(patterns).paths


def is_hidden_or_temp(path: str) -> bool:
    name = os.path.basename(path)
    return name.startswith((".", "_", "~")) or name.endswith((".tmp", ".part", ".partial", ".crdownload"))


def detect_format(path: str, head: bytes, requested: str = "auto") -> str:
    """The reader for a file: as requested, else by extension (".gz" looked through), else by sniffing."""
    if requested != "auto":
        return requested
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for extension, fmt in EXTENSIONS.items():
        if name.endswith(extension):
            return fmt
    sample = head.lstrip()[:64].lower()
    if sample.startswith(b"warc/"):
        return "warc"
    if sample.startswith((b"{", b"[")):
        return "jsonl"
    if sample.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<")):
        return "html"
    return "text"


def _open(path: str) -> IO[bytes]:
    if _is_remote(path):
        return FileSystems.open(path, compression_type="uncompressed")
    return open(path.removeprefix("file://"), "rb")


class GzipStream(io.RawIOBase):
    """Decompresses gzip (several members too) and hands out every byte it could decompress before failing.

    ``gzip.GzipFile`` discards the data of a read that hits a truncated member; this reader returns it
    first and raises ``EOFError`` on the next read, so the records before the break are kept.

    Each read inflates at most as many bytes as the caller asked for (``max_length``, the compressed rest
    waits in ``unconsumed_tail``): memory stays bounded whatever a member inflates to, and no byte is copied
    more than once, so reading costs what zlib costs.
    """

    def __init__(self, raw: IO[bytes], chunk_size: int = 1 << 16) -> None:
        super().__init__()
        self.raw, self.chunk_size = raw, chunk_size
        self.decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self.compressed = b""  # read from ``raw`` but not yet inflated
        self.finished = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self.finished or not len(buffer):
            return 0
        try:
            data = self._inflate(len(buffer))
        except (EOFError, zlib.error):
            self.finished = True
            raise
        count = len(data)
        buffer[:count] = data
        return count

    def _inflate(self, limit: int) -> bytes:
        """Up to ``limit`` decompressed bytes; b"" at the end of the last member."""
        while True:
            if self.decompressor.eof:
                # what follows a member: the next member, or zero padding as some tools write, or nothing
                self.compressed = self.compressed.lstrip(b"\x00")
                if not self.compressed:
                    self.compressed = self.raw.read(self.chunk_size)
                    if not self.compressed:
                        self.finished = True
                        return b""
                    continue
                self.decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
            if not self.compressed:
                self.compressed = self.raw.read(self.chunk_size)
                if not self.compressed:
                    raise EOFError("compressed stream ends before its end-of-stream marker (truncated gzip)")
            data = self.decompressor.decompress(self.compressed, limit)
            self.compressed = (self.decompressor.unused_data if self.decompressor.eof
                               else self.decompressor.unconsumed_tail)
            if data:
                return data


def _sniff(buffered: io.BufferedReader) -> tuple[bytes, bool]:
    """(first bytes of the content, whether it is gzip), without consuming the stream."""
    head = buffered.peek(8192)
    if head[:2] != GZIP_MAGIC:
        return head[:4096], False
    try:  # bounded: a few compressed bytes may inflate to gigabytes
        return zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 4096), True
    except zlib.error:
        return b"", True


class DecodeFileFn(beam.DoFn):
    """A file path -> raw records (main), rejects, and one input-stats element per file."""

    def __init__(self, context: RunContext, input_format: str = "auto") -> None:
        self.context = context
        self.input_format = input_format
        self.records = Metrics.counter(NAMESPACE, "records_read")
        self.files = Metrics.counter(NAMESPACE, "files_read")
        self.surrogates = Metrics.counter(NAMESPACE, "lone_surrogates_replaced")
        self.not_kept = Metrics.counter(NAMESPACE, "rejects_not_kept")

    def process(self, path: str) -> Iterator[Any]:
        stats = {"kind": "input", "path": path, "records": 0, "skipped": 0, "format": None,
                 "lone_surrogates_replaced": 0, "rejects_not_kept": {}}
        rejects_kept = 0
        try:
            raw = _open(path)
        except OSError as exc:
            stats["records"] = 1
            yield as_reject(Rejected(path, 0, RejectReason.UNREADABLE_INPUT,
                                     f"cannot open input: {exc}", b""), self.context)
            yield TaggedOutput(INPUT_STATS, stats)
            return
        with raw:
            stats["fingerprint"] = _fingerprint(raw)
            buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)
            head, gzipped = _sniff(buffered)
            fmt = detect_format(path, head, self.input_format)
            stats["format"] = fmt
            # warcio reads gzip per record itself, and its offsets must be those of the file
            stream = io.BufferedReader(GzipStream(buffered)) if gzipped and fmt != "warc" else buffered
            for item in self._decode(path, fmt, stream):
                if item is None:
                    stats["skipped"] += 1
                    continue
                stats["records"] += 1
                self.records.inc()
                if isinstance(item, Rejected):
                    if rejects_kept >= self.context.max_rejects_per_file:
                        # counted by reason, not kept: the cap bounds a file's rejects, not its records
                        not_kept = stats["rejects_not_kept"]
                        not_kept[item.reason] = not_kept.get(item.reason, 0) + 1
                        self.not_kept.inc()
                        continue
                    rejects_kept += 1
                    if item.reason == RejectReason.UNREADABLE_GZIP and not item.raw:
                        # broken before any line was read: keep the compressed bytes themselves
                        item = replace(item, raw=_tail(path, 0, self.context.max_record_bytes))
                    yield as_reject(item, self.context)
                else:
                    if item["lone_surrogates_replaced"]:
                        stats["lone_surrogates_replaced"] += item["lone_surrogates_replaced"]
                        self.surrogates.inc(item["lone_surrogates_replaced"])
                    yield item
        self.files.inc()
        yield TaggedOutput(INPUT_STATS, stats)

    def _decode(self, path: str, fmt: str, stream: IO[bytes]) -> Iterator[Any]:
        limit = self.context.max_record_bytes
        if fmt == "jsonl":
            yield from iter_jsonl(stream, path, max_bytes=limit)
            return
        if fmt == "warc":
            yield from iter_warc(stream, path, max_bytes=limit, raw_tail=lambda offset: _tail(path, offset, limit))
            return
        try:
            data = read_all(stream, limit)
        except (EOFError, OSError, zlib.error) as exc:
            yield Rejected(path, 0, RejectReason.UNREADABLE_GZIP, f"cannot decompress input: {exc}",
                           _tail(path, 0, limit))
            return
        if fmt == "html":
            yield html_page(data, path, max_bytes=limit)
        else:
            yield text_article(data, path, max_bytes=limit)


def _fingerprint(handle: IO[bytes]) -> dict[str, int] | None:
    """Size and modification time of a local file as it was opened: what its reading can be recorded as.

    Taken from the open handle, not from the path later, so that a file still being written when it was read
    is not recorded with the size it reached afterwards (an incremental run would then skip the rest).
    """
    try:
        stat = os.fstat(handle.fileno())
    except (OSError, AttributeError, io.UnsupportedOperation):
        return None  # remote file systems: the commit fingerprints them by path
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _tail(path: str, offset: int, limit: int) -> bytes:
    """Raw bytes of a file from an offset on (at most limit + 1), for a reject that must keep them."""
    try:
        with _open(path) as handle:
            handle.seek(offset)
            return handle.read(limit + 1)
    except OSError:
        return b""


class ReadArticles(beam.PTransform):
    """File paths -> raw records (``records``), ``rejects`` and ``input_stats``, as a named tuple."""

    def __init__(self, paths: list[str], context: RunContext, input_format: str = "auto") -> None:
        super().__init__()
        self.paths = paths
        self.context = context
        self.input_format = input_format

    def expand(self, pbegin):
        return (pbegin
                | "ListFiles" >> beam.Create(self.paths)
                | "SpreadFiles" >> beam.Reshuffle()
                | "DecodeFile" >> ParDoWithOutputs(DecodeFileFn(self.context, self.input_format),
                                                   REJECTS, INPUT_STATS, main="records"))
