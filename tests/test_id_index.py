"""The persistent id index: exact answers, rebuilt from the data, safe against kill -9, bounded in segments."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from pipeline import id_index
from pipeline.catalog import committed_files
from pipeline.id_index import MAX_SEGMENTS, IdIndex, id_key, id_keys, index_dir, write_segment
from tests.synthetic import article, run_once

HEX_ID = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(("article_id", "expected"), [
    (HEX_ID, bytes.fromhex(HEX_ID)),                   # newsbeam's ids: the 16 bytes they spell
    ("a1", None),                                       # anything else: a 16-byte hash of it
    ("z" * 32, None),                                   # 32 characters that are not hex
])
def test_id_key(article_id: str, expected: bytes | None) -> None:
    key = id_key(article_id)
    assert len(key) == 16
    if expected is not None:
        assert key == expected
    assert id_keys([article_id]).tolist() == [key]


def test_id_keys_of_mixed_ids_match_one_by_one() -> None:
    ids = [HEX_ID, "a1", "b2", "f" * 32]
    assert id_keys(ids).tolist() == [id_key(i) for i in ids]


def _commit(out: Path, run_id: str, ids: list[str], day: str = "2026-03-03") -> None:
    run_once(out, run_id, articles=[article(i, f"/in/{run_id}.jsonl", n, day=day) for n, i in enumerate(ids)])


def test_every_commit_adds_a_segment_and_lookups_are_exact(tmp_path: Path) -> None:
    _commit(tmp_path, "r1", ["a1", "a2"])
    _commit(tmp_path, "r2", ["a3"], day="2026-03-04")
    assert sorted(p.name for p in index_dir(tmp_path).iterdir()) == ["run-r1.ids", "run-r2.ids"]
    with IdIndex.open(tmp_path) as index:
        assert index.contains(["a1", "a2", "a3", "a4"]) == [True, True, True, False]
        assert len(index) == 3


def test_a_deleted_index_is_rebuilt_from_the_data(tmp_path: Path) -> None:
    _commit(tmp_path, "r1", ["a1", "a2"])
    _commit(tmp_path, "r2", ["a3"], day="2026-03-04")
    shutil.rmtree(tmp_path / "_index")
    with IdIndex.open(tmp_path) as index:
        assert index.contains(["a1"]) == [False]  # nothing until it is refreshed
    with IdIndex.refresh(tmp_path) as index:
        assert index.contains(["a1", "a2", "a3", "a4"]) == [True, True, True, False]
    manifest = run_once(tmp_path, "r3", articles=[article("a1", "/in/r3.jsonl", 0)])
    assert (manifest["counts"]["articles_written"], manifest["counts"]["duplicates_existing"]) == (0, 1)


def test_a_segment_whose_files_left_the_output_is_dropped(tmp_path: Path) -> None:
    _commit(tmp_path, "r1", ["a1"], day="2026-03-01")
    _commit(tmp_path, "r2", ["a2"], day="2026-03-02")
    # a rewrite elsewhere (a retried day, a compaction) took r1's file away
    (gone,) = [p for p in committed_files(tmp_path, "articles") if "r1" in p.name]
    gone.unlink()
    with IdIndex.refresh(tmp_path) as index:
        assert index.contains(["a1", "a2"]) == [False, True]
    assert not (index_dir(tmp_path) / "run-r1.ids").exists()


def test_files_no_segment_covers_are_read_into_one(tmp_path: Path) -> None:
    _commit(tmp_path, "r1", ["a1"])
    (index_dir(tmp_path) / "run-r1.ids").unlink()
    _commit(tmp_path, "r2", ["a2"], day="2026-03-04")  # its commit refreshes first: r1's file gets a segment
    names = sorted(p.name for p in index_dir(tmp_path).iterdir())
    assert len(names) == 2 and "run-r2.ids" in names and names[0].startswith("files-")
    with IdIndex.open(tmp_path) as index:
        assert index.contains(["a1", "a2"]) == [True, True]


def test_segments_beyond_the_limit_are_merged(tmp_path: Path) -> None:
    for n in range(MAX_SEGMENTS + 1):
        _commit(tmp_path, f"r{n}", [f"a{n}"], day=f"2026-03-{n + 1:02d}")
    with IdIndex.refresh(tmp_path) as index:
        assert len(index.segments) == 1
        assert all(index.contains([f"a{n}" for n in range(MAX_SEGMENTS + 1)]))
        assert index.contains(["a99"]) == [False]


def test_a_segment_write_cut_short_leaves_nothing_half_written(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _commit(tmp_path, "r1", ["a1"])
    shutil.rmtree(tmp_path / "_index")

    def crash(source: object, target: object) -> None:
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(id_index.os, "replace", crash)
    with pytest.raises(OSError, match="simulated crash"):
        IdIndex.refresh(tmp_path)
    monkeypatch.undo()
    assert [p.name for p in index_dir(tmp_path).glob("*.ids")] == []  # only a hidden temporary file
    with IdIndex.refresh(tmp_path) as index:
        assert index.contains(["a1"]) == [True]
    assert not list(index_dir(tmp_path).glob(".*.tmp"))


def test_kill_9_while_segments_are_written_leaves_a_whole_segment(tmp_path: Path) -> None:
    """A writer killed at an arbitrary moment: the segment on disk is always one complete version."""
    path = tmp_path / "seg.ids"
    script = textwrap.dedent(f"""
        import numpy as np
        from pipeline.id_index import write_segment
        small = np.array([bytes([1]) * 16], "S16")
        large = np.frombuffer(np.random.default_rng(0).bytes(16 * 200_000), "S16")
        write_segment({str(path)!r}, small, ["small"])
        print("ready", flush=True)
        n = 0
        while True:
            write_segment({str(path)!r}, large if n % 2 else small, ["large" if n % 2 else "small"])
            n += 1
    """).replace(repr(str(path)), f"__import__('pathlib').Path({str(path)!r})")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for delay in (0.05, 0.2, 0.4):
        process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env)
        assert process.stdout is not None and process.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        segment = id_index._Segment(path)
        assert (segment.covers, len(segment.keys)) in ((["small"], 1), (["large"], len(np.unique(
            np.frombuffer(np.random.default_rng(0).bytes(16 * 200_000), "S16")))))
        segment.close()


def test_a_segment_holds_sorted_unique_keys(tmp_path: Path) -> None:
    keys = id_keys(["b2", "a1", "b2", HEX_ID])
    write_segment(tmp_path / "s.ids", keys, ["x"])
    segment = id_index._Segment(tmp_path / "s.ids")
    assert segment.keys.tolist() == sorted(set(keys.tolist()))
    segment.close()
