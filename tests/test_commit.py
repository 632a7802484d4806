"""The commit protocol: staged rows become visible all at once, deduplicated, reconciled, recoverable."""
from __future__ import annotations

import datetime as dt
import errno
import json
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from pipeline import commit
from pipeline.catalog import QUARANTINE_DIR, committed_files
from pipeline.commit import ReconciliationError, commit_run, recover
from pipeline.layout import STAGING_DIR, file_schema, runs_dir, staging_dir
from pipeline.query import connect
from schemas import RejectReason
from tests.synthetic import NOW, article, entity, inputs, quote, reject, run_once, stage

DATASETS = ("articles", "entities", "quotes", "rejects")


def visible(output: Path, dataset: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in committed_files(output, dataset):
        rows += pq.read_table(path).to_pylist()
    return rows


def assert_reconciles(manifest: dict[str, Any]) -> None:
    counts = manifest["counts"]
    assert counts["records_read"] == (counts["articles_written"] + counts["duplicates_in_run"]
                                      + counts["duplicates_existing"] + counts["rejected"])
    assert counts["rejected"] == sum(counts["rejected_by_reason"].values())


# ------------------------------------------------------------------------------------------------ commit
def test_commit_makes_every_dataset_visible(out_dir: Path) -> None:
    first, second = article("a1", "/in/a.jsonl", 0), article("a2", "/in/a.jsonl", 100, day="2026-03-04")
    manifest = run_once(out_dir, "run-1", articles=[first, second], entities=[entity(first, "Ada Quill")],
                        quotes=[quote(second, "We are back")], rejects=[reject("/in/a.jsonl", 50)])
    assert {r["article_id"] for r in visible(out_dir, "articles")} == {"a1", "a2"}
    assert [r["entity"] for r in visible(out_dir, "entities")] == ["Ada Quill"]
    assert [r["text"] for r in visible(out_dir, "quotes")] == ["We are back"]
    assert [r["raw"] for r in visible(out_dir, "rejects")] == [b"{broken"]
    assert sorted(p.parent.name for p in committed_files(out_dir, "articles")) == [
        "published_date=2026-03-03", "published_date=2026-03-04"]
    assert [p.parent.name for p in committed_files(out_dir, "rejects")] == ["ingest_date=2026-03-05"]
    # files hold the file schema: no partition key (it is the folder), no staging lineage
    for dataset in DATASETS:
        for path in committed_files(out_dir, dataset):
            assert pq.read_schema(path).names == file_schema(dataset).names
            assert path.name.startswith("part-run-1-")
    # the manifest is on disk, the journal and the staging folder are gone
    on_disk = json.loads((runs_dir(out_dir) / "run-1.json").read_text())
    assert on_disk == json.loads(json.dumps(manifest, default=str))
    assert (manifest["status"], manifest["run_id"]) == ("committed", "run-1")
    assert sorted(f["path"] for f in manifest["files"]) == sorted(
        str(p.relative_to(out_dir)) for d in DATASETS for p in committed_files(out_dir, d))
    assert not list(runs_dir(out_dir).glob("*.pending.json"))
    assert not staging_dir(out_dir, "run-1").exists()
    assert (manifest["counts"]["articles_written"], manifest["counts"]["entities"], manifest["counts"]["quotes"],
            manifest["counts"]["rejects_written"]) == (2, 1, 1, 1)
    assert_reconciles(manifest)


def test_committed_output_reads_back_with_duckdb(out_dir: Path) -> None:
    rows = [article(f"a{i}", "/in/a.jsonl", i * 10, day=f"2026-03-0{1 + i % 3}") for i in range(6)]
    run_once(out_dir, "run-1", articles=rows, rejects=[reject("/in/b.jsonl", 0)])
    con = connect(out_dir)
    by_day = con.sql("select published_date, count(*) from articles group by 1 order by 1").fetchall()
    assert by_day == [(dt.date(2026, 3, 1), 2), (dt.date(2026, 3, 2), 2), (dt.date(2026, 3, 3), 2)]
    assert con.sql("select ingest_date, reason from rejects").fetchall() == [(NOW.date(), "invalid_json")]
    assert con.sql("select count(*) from entities").fetchall() == [(0,)]


def test_within_run_duplicates_keep_the_smallest_input_position(out_dir: Path) -> None:
    # the same article read three times, staged by different bundles and even into different partitions
    late = article("dup", "/in/b.jsonl", 0, day="2026-03-04")
    middle = article("dup", "/in/a.jsonl", 500)
    winner = article("dup", "/in/a.jsonl", 20)
    other = article("solo", "/in/b.jsonl", 90)
    descriptors = (stage(out_dir, "run-1", "articles", [late, other]) + stage(out_dir, "run-1", "articles", [middle])
                   + stage(out_dir, "run-1", "articles", [winner])
                   + stage(out_dir, "run-1", "entities", [entity(late, "Late Person"), entity(winner, "Winner Person"),
                                                         entity(middle, "Middle Person"), entity(other, "Solo")])
                   + stage(out_dir, "run-1", "quotes", [quote(late, "late words"), quote(winner, "winning words")])
                   + inputs(**{"/in/a.jsonl": 2, "/in/b.jsonl": 2}))
    manifest = commit_run(out_dir, "run-1", descriptors, {})
    articles = visible(out_dir, "articles")
    assert sorted((r["article_id"], r["input_uri"], r["input_offset"]) for r in articles) == [
        ("dup", "/in/a.jsonl", 20), ("solo", "/in/b.jsonl", 90)]
    assert sorted(r["entity"] for r in visible(out_dir, "entities")) == ["Solo", "Winner Person"]
    assert [r["text"] for r in visible(out_dir, "quotes")] == ["winning words"]
    assert [p.parent.name for p in committed_files(out_dir, "articles")] == ["published_date=2026-03-03"]
    counts = manifest["counts"]
    assert (counts["articles_written"], counts["duplicates_in_run"], counts["duplicates_existing"]) == (2, 2, 0)
    assert_reconciles(manifest)


def test_ids_already_committed_are_skipped(out_dir: Path) -> None:
    old = article("a1", "/in/day1.jsonl", 0)
    run_once(out_dir, "run-1", articles=[old], entities=[entity(old, "Ada Quill")])
    again = article("a1", "/in/day2.jsonl", 0)  # same article, fetched again (even from an earlier position)
    new = article("a2", "/in/day2.jsonl", 300)
    manifest = run_once(out_dir, "run-2", articles=[again, new],
                        entities=[entity(again, "Ada Quill"), entity(new, "Tomas Reyes")])
    rows = visible(out_dir, "articles")
    assert sorted((r["article_id"], r["run_id"]) for r in rows) == [("a1", "run"), ("a2", "run")]
    assert sorted((r["article_id"], r["input_uri"]) for r in rows) == [("a1", "/in/day1.jsonl"),
                                                                        ("a2", "/in/day2.jsonl")]
    assert sorted(r["entity"] for r in visible(out_dir, "entities")) == ["Ada Quill", "Tomas Reyes"]
    counts = manifest["counts"]
    assert (counts["articles_written"], counts["duplicates_existing"], counts["entities"]) == (1, 1, 1)
    assert_reconciles(manifest)


def test_rerun_of_the_same_input_adds_nothing(out_dir: Path) -> None:
    rows = [article("a1", "/in/a.jsonl", 0), article("a2", "/in/a.jsonl", 80)]
    bad = [reject("/in/a.jsonl", 40)]
    run_once(out_dir, "run-1", articles=rows, rejects=bad)
    manifest = run_once(out_dir, "run-2", articles=rows, rejects=bad)
    assert len(visible(out_dir, "articles")) == 2
    assert len(visible(out_dir, "rejects")) == 1
    counts = manifest["counts"]
    assert (counts["records_read"], counts["articles_written"], counts["duplicates_existing"]) == (3, 0, 2)
    assert (counts["rejected"], counts["rejects_written"], counts["rejects_already_recorded"]) == (1, 0, 1)
    assert manifest["files"] == []
    assert_reconciles(manifest)


def test_rejects_are_deduplicated_by_position_and_reason(out_dir: Path) -> None:
    run_once(out_dir, "run-1", rejects=[reject("/in/a.jsonl", 40), reject("/in/a.jsonl", 90, RejectReason.EMPTY_BODY)])
    manifest = run_once(out_dir, "run-2", rejects=[
        reject("/in/a.jsonl", 40),  # already recorded
        reject("/in/a.jsonl", 40, RejectReason.TOO_LARGE),  # same place, another reason: a new reject
        reject("/in/b.jsonl", 40),  # same offset in another file: a new reject
    ])
    assert Counter((r["input_uri"], r["input_offset"], r["reason"]) for r in visible(out_dir, "rejects")) == Counter({
        ("/in/a.jsonl", 40, "invalid_json"): 1, ("/in/a.jsonl", 90, "empty_body"): 1,
        ("/in/a.jsonl", 40, "too_large"): 1, ("/in/b.jsonl", 40, "invalid_json"): 1})
    counts = manifest["counts"]
    assert (counts["rejected"], counts["rejects_written"], counts["rejects_already_recorded"]) == (3, 2, 1)
    assert counts["rejected_by_reason"] == {"invalid_json": 2, "too_large": 1}
    assert_reconciles(manifest)


def test_an_empty_run_commits_a_manifest(out_dir: Path) -> None:
    manifest = commit_run(out_dir, "run-empty", inputs(**{"/in/empty.jsonl": 0}), {})
    assert manifest["counts"]["records_read"] == 0
    assert (runs_dir(out_dir) / "run-empty.json").is_file()
    assert all(committed_files(out_dir, d) == [] for d in DATASETS)


def test_manifest_lists_inputs_and_keeps_caller_fields(out_dir: Path) -> None:
    descriptors = [*stage(out_dir, "run-1", "articles", [article("a1", "/in/b.jsonl", 0)]),
                   {"kind": "input", "path": "/in/b.jsonl", "format": "jsonl", "records": 1, "skipped": 0},
                   {"kind": "input", "path": "/in/a.warc.gz", "format": "warc", "records": 0, "skipped": 3}]
    manifest = commit_run(out_dir, "run-1", descriptors, {"runner": "test", "options": {"nlp": False}})
    assert manifest["inputs"] == [
        {"path": "/in/a.warc.gz", "format": "warc", "records": 0, "skipped": 3},
        {"path": "/in/b.jsonl", "format": "jsonl", "records": 1, "skipped": 0}]
    assert (manifest["runner"], manifest["options"]) == ("test", {"nlp": False})
    assert (manifest["counts"]["input_files"], manifest["counts"]["input_items_skipped"]) == (2, 3)


def test_partitions_roll_over_to_several_files(out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(commit, "MAX_ROWS_PER_FILE", 2)
    descriptors = [d for i in range(3) for d in stage(out_dir, "run-1", "articles",
                                                      [article(f"a{i}{j}", "/in/a.jsonl", i * 10 + j)
                                                       for j in range(2)])]
    manifest = commit_run(out_dir, "run-1", descriptors + inputs(**{"/in/a.jsonl": 6}), {})
    files = committed_files(out_dir, "articles")
    assert [p.name for p in files] == [f"part-run-1-{i:05d}.parquet" for i in range(3)]
    assert [f["rows"] for f in manifest["files"]] == [2, 2, 2]
    assert len(visible(out_dir, "articles")) == 6


# -------------------------------------------------------------------------------------------- staged files
def test_a_staged_file_holds_every_partition_of_a_flush_readable_one_by_one(out_dir: Path) -> None:
    days = ["2026-03-04", "2026-03-02", "2026-03-04", "2026-03-03", "2026-03-02"]
    rows = [article(f"a{n}", "/in/a.jsonl", n, day) for n, day in enumerate(days)]
    (descriptor,) = stage(out_dir, "run-1", "articles", rows)
    assert descriptor["rows"] == 5 and Path(descriptor["path"]).name.endswith("-5.arrow")
    staged = commit._StagedFiles([descriptor["path"]], max_open=4)
    try:
        assert staged.partitions() == ["2026-03-02", "2026-03-03", "2026-03-04"]
        # rows keep their order within a partition
        by_day = [[row["article_id"] for table in staged.tables(day, 1) for row in table.to_pylist()]
                  for day in staged.partitions()]
        assert by_day == [["a1", "a4"], ["a3"], ["a0", "a2"]]
    finally:
        staged.close()


@pytest.mark.parametrize("max_open", [1, 2, 512])
def test_merging_reads_the_same_rows_whatever_the_number_of_open_staged_files(
        out_dir: Path, monkeypatch: pytest.MonkeyPatch, max_open: int) -> None:
    monkeypatch.setattr(commit, "MAX_OPEN_STAGED_FILES", max_open)
    days = [f"2026-03-0{1 + n % 4}" for n in range(12)]
    descriptors = [d for flush in range(3) for d in stage(out_dir, "run-1", "articles", [
        article(f"a{flush}{n}", "/in/a.jsonl", flush * 100 + n, days[flush * 4 + n]) for n in range(4)])]
    manifest = commit_run(out_dir, "run-1", descriptors + inputs(**{"/in/a.jsonl": 12}), {})
    assert manifest["counts"]["articles_written"] == 12
    by_day = Counter(path.parent.name.split("=")[1] for path in committed_files(out_dir, "articles")
                     for _ in range(pq.read_metadata(path).num_rows))
    assert by_day == Counter(days)


@pytest.mark.parametrize("tasks", [1, 3, 16])
def test_the_plan_shares_every_partition_out_to_exactly_one_merge_task(out_dir: Path, tasks: int) -> None:
    rows = [article(f"a{n}", "/in/a.jsonl", n, f"2026-03-{1 + n % 9:02d}") for n in range(30)]
    descriptors = [*stage(out_dir, "run-1", "articles", rows[:15]), *stage(out_dir, "run-1", "articles", rows[15:]),
                   *stage(out_dir, "run-1", "entities", [entity(r, "Ada Quill") for r in rows[:4]]),
                   *inputs(**{"/in/a.jsonl": 30})]
    plan, merge_tasks = commit.plan_commit(out_dir, "run-1", descriptors, tasks=tasks)
    assert plan["tasks"] == [task["task"] for task in merge_tasks] == list(range(len(merge_tasks)))
    shared = [(task["dataset"], partition) for task in merge_tasks for partition in task["partitions"]]
    assert sorted(shared) == sorted({(d, f"2026-03-{1 + n % 9:02d}") for d, k in (("articles", 30), ("entities", 4))
                                     for n in range(k)})
    assert len(merge_tasks) <= tasks + 1  # a dataset starts its own task
    merged = [commit.merge_partitions(out_dir, "run-1", task) for task in merge_tasks]
    manifest = commit.publish_commit(out_dir, "run-1", plan, merged, {})
    assert (manifest["counts"]["articles_written"], manifest["counts"]["entities"]) == (30, 4)
    assert len(visible(out_dir, "articles")) == 30


def test_a_merge_task_names_only_the_staged_files_that_hold_its_partitions(out_dir: Path) -> None:
    early = [article(f"e{n}", "/in/a.jsonl", n, f"2026-03-0{1 + n % 3}") for n in range(6)]
    late = [article(f"l{n}", "/in/a.jsonl", 100 + n, f"2026-03-0{4 + n % 3}") for n in range(6)]
    (first,), (second,) = stage(out_dir, "run-1", "articles", early), stage(out_dir, "run-1", "articles", late)
    _, merge_tasks = commit.plan_commit(out_dir, "run-1", [first, second, *inputs(**{"/in/a.jsonl": 12})], tasks=2)
    holder = {f"2026-03-0{d}": first["path"] if d <= 3 else second["path"] for d in range(1, 7)}
    assert len(merge_tasks) == 2
    assert [t["paths"] for t in merge_tasks] == [sorted({holder[p] for p in t["partitions"]}) for t in merge_tasks]
    assert merge_tasks[-1]["paths"] == [second["path"]]  # the last days are all in the second file


def test_a_staged_file_whose_partition_list_disagrees_with_its_batches_is_refused(out_dir: Path) -> None:
    import pyarrow as pa
    import pyarrow.ipc as ipc

    (descriptor,) = stage(out_dir, "run-1", "articles", [article("a1", "/in/a.jsonl", 0)])
    table = ipc.open_file(descriptor["path"]).read_all()
    described = [["2026-03-03", 1, 8], ["2026-03-04", 1, 8]]
    damaged = table.schema.with_metadata({commit.STAGED_PARTITIONS: json.dumps(described)})
    with pa.OSFile(descriptor["path"], "wb") as sink, ipc.new_file(sink, damaged) as writer:
        writer.write_table(table.cast(damaged))
    with pytest.raises(ReconciliationError, match="2 partitions for 1 record batches"):
        commit_run(out_dir, "run-1", [descriptor, *inputs(**{"/in/a.jsonl": 1})], {})


def test_staging_refuses_partition_counts_that_do_not_cover_the_table(out_dir: Path) -> None:
    import pyarrow as pa

    table = pa.table({"article_id": ["a1", "a2"]})
    with pytest.raises(ValueError, match="partitions name 1 rows of a staged table of 2"):
        commit.write_staged(out_dir, "run-1", "articles", table, [("2026-03-03", 1)])


# -------------------------------------------------------------------------------------------- reconciliation
@pytest.mark.parametrize("records", [2, 4])
def test_counts_that_disagree_commit_nothing(out_dir: Path, records: int) -> None:
    rows = [article("a1", "/in/a.jsonl", 0), article("a2", "/in/a.jsonl", 10)]
    descriptors = (stage(out_dir, "run-1", "articles", rows) + stage(out_dir, "run-1", "rejects",
                                                                     [reject("/in/a.jsonl", 20)])
                   + inputs(**{"/in/a.jsonl": records}))
    with pytest.raises(ReconciliationError, match="run-1"):
        commit_run(out_dir, "run-1", descriptors, {})
    assert all(committed_files(out_dir, d) == [] for d in DATASETS)
    assert not runs_dir(out_dir).is_dir() or not list(runs_dir(out_dir).glob("*.json"))
    # what was staged stays hidden until the next run's recovery removes it
    recover(out_dir)
    assert not (out_dir / STAGING_DIR / "run-1").exists()
    assert all(committed_files(out_dir, d) == [] for d in DATASETS)


# ---------------------------------------------------------------------------------------- crash and recovery
# the shape of a run id newsbeam makes (pipeline/run.py new_run_id): readers know its files by it
RUN_ID = "20260305T090000Z-0000c0de"


def _stage_crash_run(output: Path, run_id: str = "run-c") -> tuple[list[dict[str, Any]], int]:
    """A run with files in several partitions of every dataset; returns descriptors and the number of moves."""
    rows = [article(f"a{i}", "/in/a.jsonl", i * 100, day=f"2026-03-0{1 + i}", run_id=run_id) for i in range(3)]
    descriptors = (stage(output, run_id, "articles", rows)
                   + stage(output, run_id, "entities", [entity(r, "Ada Quill") for r in rows])
                   + stage(output, run_id, "quotes", [quote(rows[0], "We are back")])
                   + stage(output, run_id, "rejects", [reject("/in/a.jsonl", 50, run_id=run_id)])
                   + inputs(**{"/in/a.jsonl": 4}))
    return descriptors, 3 + 3 + 1 + 1


class SimulatedKill(BaseException):
    """A process killed at this point: no handler of the commit runs (an OSError would be a failure it undoes)."""


def _failing_replace(monkeypatch: pytest.MonkeyPatch, fail_at: int,
                     error: Callable[[str], BaseException] = SimulatedKill) -> list[tuple[str, str]]:
    real = os.replace
    calls: list[tuple[str, str]] = []

    def replace(source: Any, target: Any) -> None:
        calls.append((str(source), str(target)))
        if len(calls) == fail_at:
            raise error(f"simulated crash at os.replace call {fail_at}")
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    return calls


def _visible_files(output: Path) -> list[Path]:
    return [p for d in DATASETS for p in committed_files(output, d)]


def test_crash_in_the_middle_of_the_moves_is_finished_by_recover(out_dir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    descriptors, moves = _stage_crash_run(out_dir, RUN_ID)
    # os.replace calls: 1 writes the journal, 2..moves+1 move the files, moves+2 the id index segment,
    # moves+3 writes the manifest
    _failing_replace(monkeypatch, fail_at=4)
    with pytest.raises(SimulatedKill, match="simulated crash"):
        commit_run(out_dir, RUN_ID, descriptors, {})
    monkeypatch.undo()
    journal = runs_dir(out_dir) / f"{RUN_ID}.pending.json"
    assert journal.is_file()
    assert not (runs_dir(out_dir) / f"{RUN_ID}.json").exists()
    assert _visible_files(out_dir) == []  # two files are in place, but no reader takes a run before its manifest
    assert visible(out_dir, "articles") == []
    assert recover(out_dir) == [RUN_ID]
    assert len(_visible_files(out_dir)) == moves
    manifest = json.loads((runs_dir(out_dir) / f"{RUN_ID}.json").read_text())
    assert manifest["counts"]["articles_written"] == 3
    assert_reconciles(manifest)
    assert not journal.exists()
    assert not staging_dir(out_dir, RUN_ID).exists()
    assert recover(out_dir) == []  # idempotent


@pytest.mark.parametrize("fail_at", range(1, 12))
def test_a_crash_at_any_move_leaves_all_or_nothing_after_recover(out_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 fail_at: int) -> None:
    descriptors, moves = _stage_crash_run(out_dir)
    assert moves + 3 == 11  # every os.replace of the publication step is covered by the parameters
    _failing_replace(monkeypatch, fail_at)
    with pytest.raises(SimulatedKill, match="simulated crash"):
        commit_run(out_dir, "run-c", descriptors, {})
    monkeypatch.undo()
    recovered = recover(out_dir)
    if fail_at == 1:  # the journal itself was never written: the run did not happen
        assert recovered == []
        assert _visible_files(out_dir) == []
        assert not (runs_dir(out_dir) / "run-c.json").exists()
    else:
        assert recovered == ["run-c"]
        assert len(_visible_files(out_dir)) == moves
        assert (runs_dir(out_dir) / "run-c.json").is_file()
    assert not list(runs_dir(out_dir).glob("*.pending.json"))
    assert not any((out_dir / STAGING_DIR).iterdir())
    ids = [r["article_id"] for r in visible(out_dir, "articles")]
    assert len(ids) == len(set(ids))


def test_a_recovered_run_then_a_rerun_adds_nothing(out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    descriptors, _ = _stage_crash_run(out_dir)
    _failing_replace(monkeypatch, fail_at=3)
    with pytest.raises(SimulatedKill):
        commit_run(out_dir, "run-c", descriptors, {})
    monkeypatch.undo()
    recover(out_dir)
    rows = [article(f"a{i}", "/in/a.jsonl", i * 100, day=f"2026-03-0{1 + i}") for i in range(3)]
    manifest = run_once(out_dir, "run-d", articles=rows, rejects=[reject("/in/a.jsonl", 50)])
    assert (manifest["counts"]["articles_written"], manifest["counts"]["duplicates_existing"]) == (0, 3)
    assert len(visible(out_dir, "articles")) == 3


def test_leftover_staging_of_a_run_that_never_committed_is_removed(out_dir: Path) -> None:
    stage(out_dir, "run-ghost", "articles", [article("ghost", "/in/a.jsonl", 0)])
    (staging_dir(out_dir, "run-ghost") / "commit" / "articles").mkdir(parents=True)
    assert recover(out_dir) == []
    assert not staging_dir(out_dir, "run-ghost").exists()
    assert _visible_files(out_dir) == []
    assert not runs_dir(out_dir).exists() or not list(runs_dir(out_dir).glob("*.json"))


def test_recover_on_an_empty_or_missing_output_does_nothing(tmp_path: Path) -> None:
    assert recover(tmp_path / "missing") == []
    assert recover(tmp_path) == []


def test_a_journal_naming_lost_files_is_quarantined_not_adopted(out_dir: Path) -> None:
    runs_dir(out_dir).mkdir(parents=True)
    lost = {"run_id": "run-x", "moves": [[str(out_dir / "_staging/run-x/commit/x.parquet"),
                                         str(out_dir / "articles/published_date=2026-03-01/x.parquet")]],
            "manifest": {"run_id": "run-x"}}
    (runs_dir(out_dir) / "run-x.pending.json").write_text(json.dumps(lost))
    assert recover(out_dir) == []
    assert not (runs_dir(out_dir) / "run-x.json").exists()
    assert (out_dir / QUARANTINE_DIR / "_runs" / "run-x.pending.json").is_file()


def test_a_fabricated_journal_naming_no_moves_marks_nothing_committed(out_dir: Path) -> None:
    """A journal whose manifest claims an input as read, but which moves nothing: never adopted."""
    runs_dir(out_dir).mkdir(parents=True)
    fake_manifest = {"run_id": "20260305T090000Z-0badf00d", "status": "committed",
                     "inputs": [{"path": "/in/a.jsonl", "format": "jsonl", "records": 500, "skipped": 0}],
                     "input_fingerprints": {"/in/a.jsonl": {"size": 1, "mtime_ns": 1}},
                     "counts": {"records_read": 500, "articles_written": 500}, "files": []}
    journal = {"run_id": "20260305T090000Z-0badf00d", "moves": [], "manifest": fake_manifest}
    (runs_dir(out_dir) / "20260305T090000Z-0badf00d.pending.json").write_text(json.dumps(journal))
    assert recover(out_dir) == []
    assert not list(runs_dir(out_dir).glob("*.json"))
    from pipeline.run import committed_inputs

    assert committed_inputs(out_dir) == {}


def test_a_journal_whose_checksum_fails_is_quarantined(out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    descriptors, _ = _stage_crash_run(out_dir)
    _failing_replace(monkeypatch, fail_at=3)
    with pytest.raises(SimulatedKill):
        commit_run(out_dir, "run-c", descriptors, {})
    monkeypatch.undo()
    journal = runs_dir(out_dir) / "run-c.pending.json"
    payload = json.loads(journal.read_text())
    payload["manifest"]["counts"]["articles_written"] += 1  # one flipped field
    journal.write_text(json.dumps(payload))
    assert recover(out_dir) == []
    assert (out_dir / QUARANTINE_DIR / "_runs" / "run-c.pending.json").is_file()
    assert not (runs_dir(out_dir) / "run-c.json").exists()


def test_a_manifest_whose_checksum_fails_is_quarantined(out_dir: Path) -> None:
    run_once(out_dir, "run-1", articles=[article("a1", "/in/a.jsonl", 0)])
    path = runs_dir(out_dir) / "run-1.json"
    payload = json.loads(path.read_text())
    payload["inputs"].append({"path": "/in/never-read.jsonl", "format": "jsonl", "records": 500, "skipped": 0})
    path.write_text(json.dumps(payload))
    recover(out_dir)
    assert not path.exists()
    assert (out_dir / QUARANTINE_DIR / "_runs" / "run-1.json").is_file()


def test_a_manifest_of_another_run_is_not_trusted(out_dir: Path) -> None:
    run_once(out_dir, "run-1", articles=[article("a1", "/in/a.jsonl", 0)])
    (runs_dir(out_dir) / "run-1.json").rename(runs_dir(out_dir) / "run-2.json")
    recover(out_dir)
    assert (out_dir / QUARANTINE_DIR / "_runs" / "run-2.json").is_file()


@pytest.mark.parametrize("fail_at", range(1, 12))
def test_readers_see_all_of_a_run_or_nothing_at_every_move(out_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                           fail_at: int) -> None:
    """A kill at any os.replace of the publication: the files in place are not taken until the manifest is."""
    descriptors, _ = _stage_crash_run(out_dir, RUN_ID)
    _failing_replace(monkeypatch, fail_at)
    with pytest.raises(SimulatedKill):
        commit_run(out_dir, RUN_ID, descriptors, {})
    monkeypatch.undo()
    committed = (runs_dir(out_dir) / f"{RUN_ID}.json").exists()
    count = connect(out_dir).execute("select count(*) from articles").fetchall()[0][0]
    assert count == (3 if committed else 0)
    assert len(visible(out_dir, "articles")) == (3 if committed else 0)
    recover(out_dir)
    assert connect(out_dir).execute("select count(*) from articles").fetchall()[0][0] == (0 if fail_at == 1 else 3)


def test_a_full_disk_at_the_manifest_leaves_nothing_in_place(out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run fails, and not one of its files stays in a partition, for any reader of the folder."""
    descriptors, moves = _stage_crash_run(out_dir)
    # os.replace calls: the journal, the moves, the id index segment, then the manifest
    _failing_replace(monkeypatch, fail_at=moves + 3,
                     error=lambda message: OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OSError, match="No space left"):
        commit_run(out_dir, "run-c", descriptors, {})
    monkeypatch.undo()
    assert not (runs_dir(out_dir) / "run-c.json").exists()
    assert not (runs_dir(out_dir) / "run-c.pending.json").exists()
    assert list(out_dir.glob("*/*=*/*.parquet")) == []  # also what read_parquet('out/**') would find
    assert recover(out_dir) == []
    assert not staging_dir(out_dir, "run-c").exists()
