"""The persistent index of committed article ids: ``OUT/_index/articles/*.ids``.

A run asks it two things: which of its articles are already committed (they skip NLP, see
pipeline/dedupe.py, and the commit drops them), and nothing else. So it holds ids only, 16 bytes each, in
sorted segments that are memory-mapped and searched, not loaded: a million ids are 16 MB of file, of which a
lookup touches a few pages.

- **A segment** is an Arrow IPC file of one sorted ``fixed_size_binary(16)`` column. Its schema metadata
  names the committed article files whose ids it holds (paths relative to the output). Every commit adds
  the segment of its run through its journal, so the segment appears exactly when the run's files do.
- **The data is the truth.** ``refresh`` (under the output lock) compares the files the segments cover with
  the article files committed now: a segment covering a file that is gone (a compaction rewrote its
  partition, a retried day replaced its run) is dropped, and the ids of files no segment covers (an index
  deleted or never built, files published by another writer) are read from the files into a new segment.
  Deleting ``_index/`` is therefore always safe: the next run rebuilds it from the data.
- **kill -9.** Segments are written whole under a temporary name, synced and renamed; a merge writes the
  merged segment before it removes the ones it merged, and ids held twice are harmless.
- **Flat.** More than ``MAX_SEGMENTS`` segments are merged into one, so a lookup searches a bounded number
  of sorted arrays whatever the number of runs.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from pipeline.catalog import committed_files

LOG = logging.getLogger(__name__)
INDEX_DIR = "_index"
SEGMENT_SUFFIX = ".ids"
KEY_BYTES = 16
KEY_DTYPE = f"S{KEY_BYTES}"
MAX_SEGMENTS = 8
COVERS = b"newsbeam.covers"
SCHEMA = pa.schema([pa.field("id", pa.binary(KEY_BYTES), nullable=False)])


def index_dir(output: Path) -> Path:
    return output / INDEX_DIR / "articles"


def id_key(article_id: str) -> bytes:
    """16 bytes per id: the id itself when it is the 32 hex digits newsbeam makes, else a hash of it."""
    if len(article_id) == 2 * KEY_BYTES:
        with contextlib.suppress(ValueError):
            return bytes.fromhex(article_id)
    return hashlib.blake2b(article_id.encode("utf-8", "surrogatepass"), digest_size=KEY_BYTES).digest()


def id_keys(article_ids: Sequence[str]) -> np.ndarray:
    """Ids -> an array of keys (``id_key`` of each), without a Python object per id when all are hex."""
    if not article_ids:
        return np.empty(0, KEY_DTYPE)
    try:
        if all(len(i) == 2 * KEY_BYTES for i in article_ids):
            return np.frombuffer(bytes.fromhex("".join(article_ids)), KEY_DTYPE)
    except ValueError:
        pass
    return np.array([id_key(i) for i in article_ids], KEY_DTYPE)


def _file_ids(path: Path) -> np.ndarray:
    return id_keys(pq.read_table(path, columns=["article_id"]).column("article_id").to_pylist())


def write_segment(path: Path, keys: np.ndarray, covers: Iterable[str], *, atomic: bool = True) -> None:
    """A segment of these keys (sorted and unique here) covering these files, written whole or not at all.

    ``atomic=False`` for a segment staged for a commit, whose journal moves it into place.
    """
    keys = np.unique(keys.astype(KEY_DTYPE, copy=False))
    array = pa.FixedSizeBinaryArray.from_buffers(pa.binary(KEY_BYTES), len(keys),
                                                 [None, pa.py_buffer(keys.tobytes())])
    schema = SCHEMA.with_metadata({COVERS: json.dumps(sorted(set(covers)))})
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp") if atomic else path
    buffer = pa.BufferOutputStream()
    with ipc.new_file(buffer, schema) as writer:
        writer.write_table(pa.table([array], schema=schema))
    with open(temporary, "wb") as handle:
        handle.write(buffer.getvalue())
        handle.flush()
        os.fsync(handle.fileno())
    if atomic:
        os.replace(temporary, path)


class _Segment:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = pa.memory_map(str(path), "r")
        reader = ipc.open_file(self.source)
        self.covers: list[str] = json.loads((reader.schema.metadata or {})[COVERS])
        column = reader.read_all().column("id")
        chunks = [chunk for chunk in column.chunks if len(chunk)]
        if not chunks:
            self.keys = np.empty(0, KEY_DTYPE)
        else:
            chunk = chunks[0] if len(chunks) == 1 else pa.concat_arrays(chunks)
            # zero copy: the keys are the memory-mapped bytes of the file
            self.keys = np.frombuffer(chunk.buffers()[1], KEY_DTYPE, count=len(chunk),
                                      offset=chunk.offset * KEY_BYTES)

    def contains(self, keys: np.ndarray) -> np.ndarray:
        if not len(self.keys):
            return np.zeros(len(keys), bool)
        positions = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return self.keys[positions] == keys

    def close(self) -> None:
        self.keys = np.empty(0, KEY_DTYPE)
        self.source.close()


class IdIndex:
    """The committed article ids of an output, read-only (``open``) or brought up to date (``refresh``)."""

    def __init__(self, output: Path, segments: list[_Segment]) -> None:
        self.output = output
        self.segments = segments

    @classmethod
    def open(cls, output: str | os.PathLike[str]) -> IdIndex:
        """The segments as they are (workers of a run: the launcher refreshed them under the lock)."""
        folder = index_dir(Path(output))
        paths = sorted(folder.glob(f"*{SEGMENT_SUFFIX}")) if folder.is_dir() else []
        return cls(Path(output), [_Segment(p) for p in paths if not p.name.startswith(".")])

    @classmethod
    def refresh(cls, output: str | os.PathLike[str]) -> IdIndex:
        """The index made to match the committed article files (see the module doc). Hold the output lock."""
        output = Path(output)
        folder = index_dir(output)
        if folder.is_dir():
            for leftover in folder.glob(".*.tmp"):  # a segment write that a crash cut short
                leftover.unlink(missing_ok=True)
        index = cls.open(output)
        current = {str(p.relative_to(output)) for p in committed_files(output, "articles")}
        kept: list[_Segment] = []
        for segment in index.segments:
            if set(segment.covers) <= current:
                kept.append(segment)
            else:
                LOG.info("id index: %s covers files no longer committed; dropped", segment.path.name)
                segment.close()
                segment.path.unlink(missing_ok=True)
        covered = set().union(*(s.covers for s in kept)) if kept else set()
        missing = sorted(current - covered)
        if missing:
            LOG.info("id index: reading the ids of %d committed file(s) it does not cover", len(missing))
            keys = np.concatenate([_file_ids(output / name) for name in missing])
            path = folder / f"files-{uuid.uuid4().hex}{SEGMENT_SUFFIX}"
            write_segment(path, keys, missing)
            kept.append(_Segment(path))
        if len(kept) > MAX_SEGMENTS:
            kept = [_merge(folder, kept)]
        return cls(output, kept)

    def contains(self, article_ids: Sequence[str]) -> list[bool]:
        keys = id_keys(list(article_ids))
        found = np.zeros(len(keys), bool)
        for segment in self.segments:
            found |= segment.contains(keys)
        return found.tolist()

    def __contains__(self, article_id: str) -> bool:
        return self.contains([article_id])[0]

    def __len__(self) -> int:
        return sum(len(s.keys) for s in self.segments)  # ids held twice after a cut-short merge count twice

    def close(self) -> None:
        for segment in self.segments:
            segment.close()
        self.segments = []

    def __enter__(self) -> IdIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _merge(folder: Path, segments: list[_Segment]) -> _Segment:
    path = folder / f"merged-{uuid.uuid4().hex}{SEGMENT_SUFFIX}"
    write_segment(path, np.concatenate([s.keys for s in segments]), [c for s in segments for c in s.covers])
    for segment in segments:  # only once the merged segment is in place: a crash here leaves ids twice
        segment.close()
        segment.path.unlink(missing_ok=True)
    return _Segment(path)


def run_segment_name(run_id: str) -> str:
    return f"run-{run_id}{SEGMENT_SUFFIX}"
