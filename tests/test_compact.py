"""Compaction and the atomic partition swap, over small outputs written directly with pyarrow."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.swap as swap_module
from pipeline.compact import compact
from pipeline.layout import file_schema, partition_dir
from pipeline.locking import OutputLock, OutputLockedError
from pipeline.query import connect, run_query
from pipeline.swap import PartitionSwap, exchange_dirs, recover_swaps
from tests.synthetic import article_row, entity_row, quote_row, reject_row, write

# ------------------------------------------------------------------------------------- a synthetic output


def write_run(output: Path, run_id: str, day: str, ids: list[str], ingested: int = 0) -> None:
    """One small run: its articles, one entity and one quote each, in the partition of ``day``."""
    write(output, "articles", day, run_id, [article_row(i, run_id, ingested, n) for n, i in enumerate(ids)])
    write(output, "entities", day, run_id, [entity_row(i, run_id, "Ola Brandt") for i in ids])
    write(output, "quotes", day, run_id, [quote_row(i, run_id, f"q-{i}") for i in ids])


def files(output: Path, dataset: str) -> list[Path]:
    return sorted((output / dataset).glob("*=*/*.parquet"))


def rows(output: Path, sql: str) -> list[tuple[Any, ...]]:
    return connect(output).sql(sql).fetchall()


# ------------------------------------------------------------------------------------------------ compaction
def test_small_files_are_merged_per_partition(tmp_path: Path) -> None:
    for n in range(4):
        write_run(tmp_path, f"run{n}", "2026-11-20" if n % 2 else "2026-11-21", [f"a{n}x", f"a{n}y"], ingested=n)
    before = {d: rows(tmp_path, f"select count(*) from {d}") for d in ("articles", "entities", "quotes")}
    report = compact(tmp_path)
    assert {d: len(files(tmp_path, d)) for d in ("articles", "entities", "quotes")} == {
        "articles": 2, "entities": 2, "quotes": 2}
    assert {d: rows(tmp_path, f"select count(*) from {d}") for d in before} == before
    assert report.as_dict()["files_before"] == 12 and report.as_dict()["files_after"] == 6
    record = json.loads((tmp_path / "_state" / "compactions" / f"{report.compaction_id}.json").read_text())
    assert record["files_after"] == 6
    # lineage survives: every row still names the run that committed it
    assert rows(tmp_path, "select count(distinct run_id) from articles") == [(4,)]
    # the small files' rows are gathered into one row group per merged file, not one group per file merged
    assert {pq.read_metadata(path).num_row_groups for d in before for path in files(tmp_path, d)} == {1}


def test_files_of_an_older_contract_are_compacted_with_the_new_columns_null(tmp_path: Path) -> None:
    write_run(tmp_path, "run1", "2026-11-20", ["a"])
    old = pa.Table.from_pylist([quote_row("b", "run0", "q-b")], schema=file_schema("quotes")).drop_columns(
        ["speaker_type", "speaker_resolution"])  # a file written before those columns existed
    pq.write_table(old, partition_dir(tmp_path, "quotes", "2026-11-20") / "part-run0-00000.parquet")
    compact(tmp_path)
    assert len(files(tmp_path, "quotes")) == 1
    assert sorted(rows(tmp_path, "select quote_id, speaker_type from quotes")) == [("q-a", None), ("q-b", None)]


def test_compaction_is_idempotent_and_leaves_single_files_alone(tmp_path: Path) -> None:
    write_run(tmp_path, "run1", "2026-11-20", ["a"])
    write_run(tmp_path, "run2", "2026-11-20", ["b"])
    write_run(tmp_path, "run3", "2026-11-21", ["c"])
    untouched = files(tmp_path, "articles")[-1]
    inode = untouched.stat().st_ino
    compact(tmp_path)
    assert untouched.exists() and untouched.stat().st_ino == inode
    assert compact(tmp_path).partitions == []


def test_a_dry_run_changes_nothing(tmp_path: Path) -> None:
    write_run(tmp_path, "run1", "2026-11-20", ["a"])
    write_run(tmp_path, "run2", "2026-11-20", ["b"])
    listing = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    report = compact(tmp_path, dry_run=True)
    assert len(report.partitions) == 3
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()
                  and "_runs" not in p.parts) == [p for p in listing if "_runs" not in p.parts]


@pytest.mark.parametrize(("first_hours", "second_hours", "survivor"), [
    (0, 5, "run1"),   # the copy committed first stays
    (5, 0, "run2"),
    (3, 3, "run1"),   # same instant: the smaller run id
])
def test_duplicate_articles_keep_the_first_committed_copy_and_its_rows(
        tmp_path: Path, first_hours: int, second_hours: int, survivor: str) -> None:
    # the same article crawled twice, dated differently: two partitions, one id
    write_run(tmp_path, "run1", "2026-11-20", ["dup", "only1"], ingested=first_hours)
    write_run(tmp_path, "run2", "2026-11-22", ["dup", "only2"], ingested=second_hours)
    report = compact(tmp_path, min_files=99)  # merging aside: duplicates are always dropped
    assert report.dropped["articles"] == 1 and report.dropped["entities"] == 1 and report.dropped["quotes"] == 1
    for dataset in ("articles", "entities", "quotes"):
        assert rows(tmp_path, f"select run_id from {dataset} where article_id = 'dup'") == [(survivor,)]
        assert rows(tmp_path, f"select count(*) from {dataset}") == [(3,)]


def test_a_file_copied_twice_is_counted_once(tmp_path: Path) -> None:
    write_run(tmp_path, "run1", "2026-11-20", ["a", "b"])
    for dataset in ("articles", "entities", "quotes"):
        original = files(tmp_path, dataset)[0]
        (original.parent / "part-copy-00000.parquet").write_bytes(original.read_bytes())
    assert rows(tmp_path, "select count(*) from entities") == [(4,)]
    compact(tmp_path)
    assert [rows(tmp_path, f"select count(*) from {d}") for d in ("articles", "entities", "quotes")] == [[(2,)]] * 3


def test_duplicate_rejects_are_dropped(tmp_path: Path) -> None:
    write(tmp_path, "rejects", "2026-11-24", "run1", [reject_row("r1", "run1", 0), reject_row("r2", "run1", 0)])
    write(tmp_path, "rejects", "2026-11-25", "run2", [reject_row("r1", "run2", 9)])
    compact(tmp_path)
    assert rows(tmp_path, "select reject_id, run_id from rejects order by 1") == [("r1", "run1"), ("r2", "run1")]


@settings(max_examples=25)
@given(st.lists(st.tuples(st.sampled_from(["2026-11-20", "2026-11-21"]),
                          st.lists(st.sampled_from("abcdef"), min_size=1, max_size=4, unique=True),
                          st.integers(0, 3)), min_size=1, max_size=5))
def test_every_id_survives_once_as_its_first_committed_copy(runs: list[tuple[str, list[str], int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder)
        first: dict[str, tuple[int, str]] = {}
        for n, (day, ids, hours) in enumerate(runs):
            run_id = f"run{n}"
            write_run(output, run_id, day, ids, ingested=hours)
            for article_id in ids:
                first[article_id] = min(first.get(article_id, (hours, run_id)), (hours, run_id))
        compact(output)
        survivors = dict(rows(output, "select article_id, run_id from articles"))
        assert survivors == {i: run for i, (_, run) in first.items()}
        assert sorted(rows(output, "select article_id, run_id from entities")) == sorted(survivors.items())


# ------------------------------------------------------------------------------------------ safety for readers
def test_readers_see_the_old_or_the_new_state_never_a_mix(tmp_path: Path) -> None:
    for n in range(12):
        write_run(tmp_path, f"run{n:02d}", f"2026-11-{10 + n % 6:02d}", [f"a{n}", "shared"], ingested=n)
    before = rows(tmp_path, "select count(*) from articles")[0][0]
    seen: set[int] = set()
    failures: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                seen.add(run_query("select count(*) from articles", tmp_path)[1][0][0])
            except Exception as exc:  # noqa: BLE001 - a reader that fails is a finding, reported below
                failures.append(exc)
                return

    reader = threading.Thread(target=read)
    reader.start()
    try:
        compact(tmp_path)
    finally:
        done.set()
        reader.join()
    after = rows(tmp_path, "select count(*) from articles")[0][0]
    assert (before, after) == (24, 13)
    assert not failures, failures
    assert seen and seen <= {before, after}


def test_a_swap_cut_short_is_finished_by_recovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(3):
        write_run(tmp_path, f"run{n}", f"2026-11-2{n % 2}", [f"a{n}", "dup"], ingested=n)
    calls = {"n": 0}
    real = swap_module.exchange_dirs

    def failing(first: Path, second: Path) -> bool:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk pulled")
        return real(first, second)

    monkeypatch.setattr(swap_module, "exchange_dirs", failing)
    with pytest.raises(OSError, match="disk pulled"):
        compact(tmp_path)
    monkeypatch.undo()
    assert list((tmp_path / "_state" / "swap").glob("*.json")), "the journal stays for recovery"
    assert recover_swaps(tmp_path)
    assert rows(tmp_path, "select count(*), count(distinct article_id) from articles") == [(4, 4)]
    assert not [p for p in tmp_path.rglob(".swap-*")]
    assert not any((tmp_path / "_state" / "swap").iterdir())


def test_a_swap_that_never_reached_its_journal_is_dropped(tmp_path: Path) -> None:
    write_run(tmp_path, "run1", "2026-11-20", ["a"])
    swap = PartitionSwap(tmp_path, "20261124T000000Z-test")
    prepared = swap.partition("articles", "published_date=2026-11-20")
    (prepared / "part-x-00000.parquet").write_bytes(files(tmp_path, "articles")[0].read_bytes())
    assert recover_swaps(tmp_path) == []
    assert not prepared.exists() and rows(tmp_path, "select count(*) from articles") == [(1,)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux only")
def test_directories_are_exchanged_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "from-a").touch()
    assert exchange_dirs(tmp_path / "a", tmp_path / "b") is True
    assert os.listdir(tmp_path / "b") == ["from-a"] and os.listdir(tmp_path / "a") == []


def test_the_exchange_falls_back_to_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(swap_module, "_renameat2", lambda: None)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "from-b").touch()
    assert exchange_dirs(tmp_path / "a", tmp_path / "b") is False
    assert os.listdir(tmp_path / "a") == ["from-b"] and os.listdir(tmp_path / "b") == []


# --------------------------------------------------------------------------------------------- lock and CLI
def test_compaction_waits_for_nobody_when_told_not_to(tmp_path: Path) -> None:
    write_run(tmp_path, "run1", "2026-11-20", ["a"])
    with OutputLock(tmp_path), pytest.raises(OutputLockedError):
        compact(tmp_path, wait_seconds=0)


def test_compact_command(tmp_path: Path, cli) -> None:
    write_run(tmp_path, "run1", "2026-11-20", ["a", "b"])
    write_run(tmp_path, "run2", "2026-11-20", ["b", "c"], ingested=1)
    done = cli("compact", "--output", str(tmp_path), "--dataset", "articles")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].split() == ["articles", "1", "partition(s),", "2", "file(s)", "before,", "1",
                                                   "duplicate", "row(s)", "dropped"]
    assert len(files(tmp_path, "articles")) == 1 and len(files(tmp_path, "entities")) == 2
    with OutputLock(tmp_path):
        locked = cli("compact", "--output", str(tmp_path), "--wait", "0")
    assert locked.returncode == 75 and locked.stderr.startswith("newsbeam: error: another newsbeam run")


def test_a_batch_run_finishes_an_interrupted_swap_before_it_commits(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.config import JobConfig
    from pipeline.run import run_job

    for n in range(3):
        write_run(tmp_path, f"run{n}", "2026-11-20", [f"a{n}"], ingested=n)
    monkeypatch.setattr(swap_module, "exchange_dirs", lambda *_: (_ for _ in ()).throw(OSError("disk pulled")))
    with pytest.raises(OSError):
        compact(tmp_path)
    monkeypatch.undo()
    landing = tmp_path.parent / "landing.jsonl"
    landing.write_text(json.dumps({"url": "https://tideway.example/new", "title": "Weir reopens",
                                   "text": "The weir reopened after repairs, the river trust said.",
                                   "published": "2026-11-20T10:00:00Z"}) + "\n")
    run_job(JobConfig(inputs=[str(landing)], output=str(tmp_path), nlp={"enabled": False}), emit=lambda _l: None)
    assert rows(tmp_path, "select count(*) from articles") == [(4,)]
    assert len(files(tmp_path, "articles")) == 2  # the merged file and the new run's
    assert not list((tmp_path / "_state" / "swap").glob("*.json"))


@pytest.mark.parametrize("where", ["missing", "a file", "not an output"])
def test_compact_on_a_folder_that_is_no_output_is_a_usage_error_and_creates_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    from pipeline.cli import main

    (tmp_path / "notes.txt").write_text("not an output")
    target = {"missing": tmp_path / "nowhere", "a file": tmp_path / "notes.txt", "not an output": tmp_path}[where]
    assert main(["compact", "--output", str(target)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"newsbeam: error: no newsbeam output at {target}")
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]  # no folder, no lock
