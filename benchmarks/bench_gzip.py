"""Gzip reading throughput: the pipeline's GzipStream beside Python's gzip module and the previous reader.

    python -m benchmarks.bench_gzip [--mib 64 256] [--previous-max-mib 64] [--json bench-out/gzip.json]

Each input is JSONL (a generated news-like line repeated with a counter, so that it compresses about as well
as feeds do) gzip-compressed once, in memory; every reader then reads the same bytes through
``io.BufferedReader`` in 64 KiB ``read1`` calls, as ``iter_jsonl`` does. Reported: decompressed MB/s (best of
``--repeat``) and the peak of Python's allocations (tracemalloc, a separate pass). ``zlib`` is the floor: one
``decompressobj`` over the whole input with bounded output, no stream wrapper. The previous reader is slow
enough to be run only up to ``--previous-max-mib``.
"""
from __future__ import annotations

import argparse
import gzip
import io
import sys
import time
import tracemalloc
import zlib
from collections.abc import Callable
from typing import IO, Any

from benchmarks.report import Column, print_table, save_json
from pipeline.sources import GzipStream

MIB = 1 << 20
READ_SIZE = 1 << 16


class PreviousGzipStream(io.RawIOBase):
    """The reader before 1.1's ingest hardening, kept here only to be measured beside the current one.

    It inflated a whole 64 KiB read of the file at once and handed the result out by slicing off the front,
    copying the rest again on every read: quadratic in what one read inflates to.
    """

    def __init__(self, raw: IO[bytes], chunk_size: int = 1 << 16) -> None:
        super().__init__()
        self.raw, self.chunk_size = raw, chunk_size
        self.decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self.pending = b""
        self.finished = False
        self.error: zlib.error | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while not self.pending and not self.finished:
            if self.error is not None:
                self.finished = True
                raise self.error
            chunk = self.raw.read(self.chunk_size)
            if not chunk:
                self.finished = True
                if not self.decompressor.eof:
                    raise EOFError("compressed stream ends before its end-of-stream marker (truncated gzip)")
                break
            self.pending = self._decompress(chunk)
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        return count

    def _decompress(self, chunk: bytes) -> bytes:
        """Everything the chunk decompresses to; an error is held back until that data has been read."""
        out: list[bytes] = []
        try:
            if self.decompressor.eof:  # the previous member ended exactly at a chunk boundary
                self._next_member(chunk, out)
            else:
                out.append(self.decompressor.decompress(chunk))
            while self.decompressor.eof and self.decompressor.unused_data:
                rest = self.decompressor.unused_data
                if not rest.strip(b"\x00"):  # zero padding after the last member, as some tools write
                    break
                self._next_member(rest, out)
        except zlib.error as exc:
            self.error = exc
        return b"".join(out)

    def _next_member(self, data: bytes, out: list[bytes]) -> None:
        if not data.strip(b"\x00"):
            return
        self.decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        out.append(self.decompressor.decompress(data))


def sample_jsonl(size: int) -> bytes:
    """About ``size`` bytes of JSONL lines that differ from one another (compression about 5-10x)."""
    lines, total, index = [], 0, 0
    while total < size:
        line = (b'{"url": "https://gazette.example/%d", "title": "Harbour story %d", "text": "The board met on '
                b'day %d to decide on the sea wall; %d residents wrote in, and the engineers reported %d cm."}\n'
                % (index, index * 7, index % 365, index * 13 % 1000, index % 97))
        lines.append(line)
        total += len(line)
        index += 1
    return b"".join(lines)


def _drain(stream: IO[bytes]) -> int:
    total = 0
    read = stream.read1
    while chunk := read(READ_SIZE):
        total += len(chunk)
    return total


def read_current(data: bytes) -> int:
    return _drain(io.BufferedReader(GzipStream(io.BytesIO(data))))


def read_previous(data: bytes) -> int:
    return _drain(io.BufferedReader(PreviousGzipStream(io.BytesIO(data))))


def read_gzip_module(data: bytes) -> int:
    return _drain(gzip.GzipFile(fileobj=io.BytesIO(data)))  # type: ignore[arg-type]


def read_zlib(data: bytes) -> int:
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    total = 0
    view = memoryview(data)
    for start in range(0, len(data), READ_SIZE):
        pending = view[start:start + READ_SIZE]
        while pending:
            total += len(inflater.decompress(pending, READ_SIZE))
            pending = inflater.unconsumed_tail
    return total


READERS: dict[str, Callable[[bytes], int]] = {
    "zlib": read_zlib, "gzip-module": read_gzip_module, "GzipStream": read_current, "previous": read_previous}


def measure(reader: Callable[[bytes], int], data: bytes, expected: int, repeat: int) -> dict[str, Any]:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        size = reader(data)
        best = min(best, time.perf_counter() - started)
        if size != expected:
            raise AssertionError(f"{reader.__name__} read {size:,} bytes of {expected:,}")
    tracemalloc.start()
    try:
        reader(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return {"seconds": round(best, 4), "mb_per_s": round(expected / 1e6 / best, 1), "peak_mib": round(peak / MIB, 2)}


COLUMNS = [Column("input", 12, lambda r: r["input"], left=True),
           Column("reader", 12, lambda r: r["reader"], left=True),
           Column("seconds", 9, lambda r: f"{r['seconds']:.3f}"),
           Column("MB/s", 8, lambda r: f"{r['mb_per_s']:.1f}"),
           Column("x zlib", 7, lambda r: f"{r['over_zlib']:.2f}"),
           Column("peak MiB", 9, lambda r: f"{r['peak_mib']:.2f}")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, nargs="+", default=[64, 256], help="decompressed sizes to read")
    parser.add_argument("--previous-max-mib", type=int, default=64, help="largest size the previous reader reads")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", default="bench-out/gzip.json")
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    for mib in args.mib:
        inputs = {"jsonl": gzip.compress(sample_jsonl(mib * MIB), mtime=0),
                  "zeros": gzip.compress(bytes(mib * MIB), mtime=0)}  # one member that inflates ~1000x
        for kind, data in inputs.items():
            expected = read_zlib(data)
            floor = None
            for name, reader in READERS.items():
                if name == "previous" and mib > args.previous_max_mib:
                    continue
                row = {"input": f"{kind}-{mib}MiB", "reader": name, "compressed_bytes": len(data),
                       **measure(reader, data, expected, args.repeat)}
                floor = floor or row["seconds"]
                row["over_zlib"] = round(row["seconds"] / floor, 2)
                rows.append(row)
                print(f"{row['input']} {name}: {row['mb_per_s']} MB/s", file=sys.stderr)
    print_table(COLUMNS, rows)
    save_json(args.json, {"benchmark": "gzip", "arguments": vars(args), "results": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
