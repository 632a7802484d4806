"""Loss that must not go unnoticed: files gone or cut short are named by ``verify``, warned about by readers,
refused by compaction, and read again by incremental runs."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from pipeline.catalog import QUARANTINE_DIR, committed_files, load_catalog, verify
from pipeline.cli import EXIT_FAILED, EXIT_OK, main
from pipeline.compact import UnaccountedRowsError, compact
from pipeline.layout import runs_dir
from pipeline.query import connect
from pipeline.run import committed_inputs
from tests.synthetic import article, run_once

FIRST, SECOND = "20260305T090000Z-0000000a", "20260305T100000Z-0000000b"


def two_runs(output: Path) -> list[Path]:
    """Two runs, each with articles on two days; returns the article files of the first."""
    run_once(output, FIRST, articles=[article(f"a{i}", "/in/a.jsonl", i, day=f"2026-03-0{1 + i % 2}",
                                              run_id=FIRST) for i in range(6)])
    run_once(output, SECOND, articles=[article(f"b{i}", "/in/b.jsonl", i, day=f"2026-03-0{1 + i % 2}",
                                               run_id=SECOND) for i in range(4)])
    return [p for p in committed_files(output, "articles") if FIRST in p.name]


def count(output: Path) -> int:
    return connect(output).execute("select count(*) from articles").fetchall()[0][0]


def test_a_clean_output_verifies(out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    two_runs(out_dir)
    report = verify(out_dir)
    assert report.ok and report.checked_files == 4
    assert main(["verify", "--output", str(out_dir)]) == EXIT_OK
    assert "0 problem(s)" in capsys.readouterr().out


def test_a_deleted_file_is_named_warned_refused_and_read_again(out_dir: Path, capsys: pytest.CaptureFixture[str],
                                                               caplog: pytest.LogCaptureFixture) -> None:
    deleted = two_runs(out_dir)[0]
    deleted.unlink()
    assert main(["verify", "--output", str(out_dir)]) == EXIT_FAILED
    out = capsys.readouterr().out
    assert f"missing          {deleted.relative_to(out_dir)}" in out and FIRST in out
    with caplog.at_level(logging.WARNING, logger="newsbeam.query"):
        assert count(out_dir) == 7
    assert "1 committed file(s)" in caplog.text and "missing" in caplog.text
    with pytest.raises(UnaccountedRowsError, match="missing"):
        compact(out_dir)
    assert "/in/a.jsonl" not in committed_inputs(out_dir)  # its run lost rows: read again
    assert "/in/b.jsonl" in committed_inputs(out_dir)


def test_a_truncated_file_is_named_and_repair_moves_it_aside(out_dir: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    damaged = two_runs(out_dir)[0]
    damaged.write_bytes(damaged.read_bytes()[: damaged.stat().st_size // 2])
    relative = str(damaged.relative_to(out_dir))
    report = verify(out_dir)
    assert [(p.kind, p.path) for p in report.problems] == [("unreadable", relative)]
    with pytest.raises(UnaccountedRowsError, match="unreadable"):
        compact(out_dir)
    assert main(["verify", "--output", str(out_dir), "--repair"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "/in/a.jsonl" in out  # the inputs to read again are named
    assert not damaged.exists()
    assert (out_dir / QUARANTINE_DIR / relative).is_file()  # moved aside, never deleted
    assert verify(out_dir).ok  # the loss is recorded now, not a surprise
    assert "/in/a.jsonl" not in committed_inputs(out_dir)
    assert count(out_dir) == 10 - 3
    compact(out_dir)  # the rows it cannot account for are recorded as lost: it may go on
    assert count(out_dir) == 7


def test_a_file_with_fewer_rows_than_committed_is_named(out_dir: Path) -> None:
    import pyarrow.parquet as pq

    damaged = two_runs(out_dir)[0]
    pq.write_table(pq.read_table(damaged).slice(0, 1), damaged)
    (problem,) = verify(out_dir).problems
    assert problem.kind == "rows" and "1 rows, the records say 3" in problem.detail


def test_compaction_records_the_new_contents_and_verify_follows_them(out_dir: Path) -> None:
    two_runs(out_dir)
    compact(out_dir)
    catalog = load_catalog(out_dir)
    assert sum(catalog.files().values()) == 10
    assert len(catalog.files()) == 2
    assert verify(out_dir).ok
    # a compacted file lost: the rows of every run in its partition are read again
    next(iter(committed_files(out_dir, "articles"))).unlink()
    assert {"/in/a.jsonl", "/in/b.jsonl"}.isdisjoint(committed_inputs(out_dir))


def test_a_legacy_manifest_without_checksum_stays_readable(out_dir: Path) -> None:
    two_runs(out_dir)
    path = runs_dir(out_dir) / f"{FIRST}.json"
    payload = json.loads(path.read_text())
    del payload["checksum"]
    path.write_text(json.dumps(payload))
    report = verify(out_dir)
    assert report.ok and report.legacy_records == 1
    assert count(out_dir) == 10
