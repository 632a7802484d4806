"""Streaming: which files are ready, the windowed pipeline under TestStream, and ``newsbeam stream`` end to end."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import apache_beam as beam
import apache_beam.testing.test_stream as beam_test_stream
import pytest
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.runners.direct.direct_runner import BundleBasedDirectRunner
from apache_beam.transforms.window import TimestampedValue
from hypothesis import given
from hypothesis import strategies as st

from pipeline.config import JobConfig, NlpConfig, StreamConfig
from pipeline.locking import OutputLockedError
from pipeline.query import connect
from pipeline.stream import (
    FileTracker,
    LocalStream,
    StreamLock,
    WindowedIngest,
    build_streaming_pipeline,
    is_local_runner,
    pane_run_id,
    scan,
    split_complete,
)
from tests.conftest import cli_command
from transforms.stages import RunContext

SETTLE = 2.0
SECOND = 1_000_000_000
NO_NLP = NlpConfig(enabled=False)
Events = Callable[[beam_test_stream.TestStream], beam_test_stream.TestStream]


# ------------------------------------------------------------------------------------------- invented inputs
def article(topic: str, n: int) -> dict[str, Any]:
    return {"url": f"https://river-town.example/{topic}/{n}", "title": f"Ferry timetable {topic} {n} revised",
            "text": f"The harbour board changed the {topic} timetable for route {n}. "
                    f"Crossings now leave every forty minutes from the north quay, the board said on Monday.",
            "published": f"2026-10-0{1 + n % 9}T08:00:00Z", "source": "River Town Courier"}


def jsonl(topic: str, count: int) -> str:
    return "".join(json.dumps(article(topic, n)) + "\n" for n in range(count))


def text_article(topic: str) -> str:
    return (f"Ines Calloway\nLibrary extends opening hours for {topic}\n\n"
            f"The town library will open until nine in the evening for {topic} readers from next week.\n\n"
            "Volunteers will staff the reading room on Sundays.\n")


def manifests(output: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted((output / "_runs").glob("*.json"))
            if not p.name.endswith(".pending.json")]


def article_ids(output: Path) -> list[str]:
    return [row[0] for row in connect(output).sql("select article_id from articles").fetchall()]


# ------------------------------------------------------------------------------------------------ FileTracker
# (observations as (listing, monotonic now, wall clock ns), then the files ready at the last one)
TRACKER_CASES = [
    ("a file seen once is not ready", [({"a": (10, 100 * SECOND)}, 0.0, 100 * SECOND)], []),
    ("unchanged for the settle time", [({"a": (10, 100 * SECOND)}, 0.0, 100 * SECOND),
                                       ({"a": (10, 100 * SECOND)}, 2.0, 102 * SECOND)], ["a"]),
    ("still growing", [({"a": (10, 100 * SECOND)}, 0.0, 100 * SECOND),
                       ({"a": (20, 101 * SECOND)}, 1.0, 101 * SECOND),
                       ({"a": (30, 102 * SECOND)}, 2.0, 102 * SECOND)], []),
    ("growing, then still", [({"a": (10, 100 * SECOND)}, 0.0, 100 * SECOND),
                             ({"a": (30, 101 * SECOND)}, 1.0, 101 * SECOND),
                             ({"a": (30, 101 * SECOND)}, 3.0, 103 * SECOND)], ["a"]),
    ("renamed in, written long ago: seen twice is enough", [({"a": (10, 50 * SECOND)}, 0.0, 100 * SECOND),
                                                            ({"a": (10, 50 * SECOND)}, 0.5, 100 * SECOND)],
     ["a"]),
    ("fresh mtime seen twice quickly is not enough", [({"a": (10, 100 * SECOND)}, 0.0, 100 * SECOND),
                                                      ({"a": (10, 100 * SECOND)}, 0.5, 100 * SECOND)], []),
    ("vanished files are forgotten", [({"a": (10, 50 * SECOND)}, 0.0, 100 * SECOND),
                                      ({}, 3.0, 103 * SECOND)], []),
    ("several, sorted", [({"b": (1, 1), "a": (1, 1)}, 0.0, 100 * SECOND),
                         ({"b": (1, 1), "a": (1, 1)}, 3.0, 103 * SECOND)], ["a", "b"]),
]


@pytest.mark.parametrize(("observations", "expected"), [c[1:] for c in TRACKER_CASES],
                         ids=[c[0] for c in TRACKER_CASES])
def test_tracker_ready(observations: list[tuple[dict[str, tuple[int, int]], float, int]], expected: list[str]
                       ) -> None:
    tracker = FileTracker(SETTLE)
    for listing, now, _ in observations:
        tracker.observe(listing, now)
    assert tracker.ready(observations[-1][1], observations[-1][2]) == expected


@pytest.mark.parametrize(("done", "fingerprint", "expected"), [
    ({"a": {(10, 5)}}, (10, 5), []),            # committed as it is now
    ({"a": {(10, 5)}}, (20, 9), ["a"]),         # changed since it was committed: read again
    ({"a": {None}}, (20, 9), []),               # committed by a run that recorded no fingerprint
    ({"b": {(10, 5)}}, (10, 5), ["a"]),         # another path with the same fingerprint is another file
])
def test_tracker_skips_committed_files(done: dict[str, set[Any]], fingerprint: tuple[int, int],
                                       expected: list[str]) -> None:
    tracker = FileTracker(SETTLE, done)
    tracker.observe({"a": fingerprint}, 0.0)
    tracker.observe({"a": fingerprint}, 5.0)
    assert tracker.ready(5.0, 10**12) == expected


def test_marking_done_makes_a_file_not_ready() -> None:
    tracker = FileTracker(SETTLE)
    tracker.observe({"a": (1, 1)}, 0.0)
    tracker.observe({"a": (1, 1)}, 3.0)
    tracker.mark_done("a", (1, 1))
    assert tracker.ready(3.0, 10**12) == [] and tracker.pending() == 0


listings = st.dictionaries(st.sampled_from(["a", "b", "c"]),
                           st.tuples(st.integers(0, 3), st.integers(0, 5 * SECOND)), max_size=3)


@given(st.lists(st.tuples(listings, st.floats(0, 1.5)), min_size=1, max_size=8))
def test_tracker_never_offers_a_file_that_changed_within_the_settle_time(steps: list[tuple[dict, float]]) -> None:
    tracker = FileTracker(SETTLE)
    now, changed_at, last = 0.0, {}, {}
    for listing, gap in steps:
        now += gap
        for path, fingerprint in listing.items():
            if last.get(path) != fingerprint:
                changed_at[path] = now
        last = dict(listing)
        tracker.observe(listing, now)
    wall = 5 * SECOND  # every mtime is at most this: "old enough" is decided by the wall clock only
    for path in tracker.ready(now, wall):
        held = now - changed_at[path] >= SETTLE
        old = wall - last[path][1] >= SETTLE * SECOND
        assert path in last and (held or old)


def test_scan_skips_hidden_temporary_and_underscore_entries(tmp_path: Path) -> None:
    for name in ("a.jsonl", "sub/b.txt", ".c.jsonl", "d.jsonl.part", "e.tmp", "_f.jsonl", "_state/g.jsonl",
                 ".cache/h.jsonl", "~i.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert sorted(Path(p).relative_to(tmp_path).as_posix() for p in scan(tmp_path)) == ["a.jsonl", "sub/b.txt"]


def test_scan_leaves_out_an_output_folder_inside_the_watched_one(tmp_path: Path) -> None:
    (tmp_path / "out" / "articles").mkdir(parents=True)
    (tmp_path / "out" / "articles" / "x.parquet").write_text("x")
    (tmp_path / "a.jsonl").write_text("x")
    assert list(scan(tmp_path, skip=(tmp_path / "out").resolve())) == [str(tmp_path / "a.jsonl")]


# -------------------------------------------------------------------------------------- pane bookkeeping
def _row(dataset: str, uri: str) -> tuple[str, Any]:
    key = "_input_uri" if dataset in ("entities", "quotes") else "input_uri"
    return ("row", (dataset, {key: uri}))


def _stats(uri: str, records: int) -> tuple[str, Any]:
    return ("input", {"path": uri, "records": records})


@pytest.mark.parametrize(("items", "complete_files"), [
    ([_stats("a", 2), _row("articles", "a"), _row("rejects", "a"), _row("entities", "a")], {"a"}),
    ([_stats("a", 2), _row("articles", "a")], set()),                       # a row still to come
    ([_row("articles", "a")], set()),                                       # its stats still to come
    ([_stats("a", 0)], {"a"}),                                              # an empty file
    ([_stats("a", 1), _row("articles", "a"), _stats("b", 1)], {"a"}),
])
def test_split_complete(items: list[tuple[str, Any]], complete_files: set[str]) -> None:
    complete, rest = split_complete(items)
    assert len(complete) + len(rest) == len(items)
    names = {v["path"] if k == "input" else v[1].get("input_uri", v[1].get("_input_uri")) for k, v in complete}
    assert names == complete_files


def test_pane_run_ids_are_deterministic_and_distinct() -> None:
    end = dt.datetime(2026, 11, 24, 12, 0, 30, tzinfo=dt.UTC)
    assert pane_run_id(end, 0, "abc") == pane_run_id(end, 0, "abc") == "20261124T120030Z-p0-abc"
    assert len({pane_run_id(end, i, "abc") for i in range(3)}) == 3


@pytest.mark.parametrize(("argv", "local"), [
    ([], True), (["--runner=DirectRunner"], True), (["--runner=FnApiRunner"], True),
    (["--runner=FlinkRunner"], False), (["--runner=DataflowRunner", "--project=p"], False),
])
def test_which_runners_use_the_local_path(argv: list[str], local: bool) -> None:
    assert is_local_runner(argv) is local


def test_the_streaming_pipeline_builds_with_a_folder_watch(tmp_path: Path) -> None:
    pipeline = beam.Pipeline(options=PipelineOptions(streaming=True))
    job = JobConfig(output=str(tmp_path / "out"), nlp=NO_NLP)
    build_streaming_pipeline(pipeline, job, str(tmp_path), StreamConfig(window_seconds=60))
    labels = {t.full_label for t in pipeline.transforms_stack[0].parts}
    assert {"WatchFolder", "Ingest"} <= labels


# ------------------------------------------------------------------------------------------ TestStream
def _windowed_run(tmp_path: Path, events: Events, output: Path) -> None:
    job = JobConfig(output=str(output), nlp=NO_NLP)
    settings = StreamConfig(window_seconds=10, allowed_lateness_seconds=60)
    context = RunContext(run_id="stream-test", ingested_at=dt.datetime(2026, 11, 24, tzinfo=dt.UTC))
    options = PipelineOptions()
    options.view_as(StandardOptions).streaming = True
    with beam.Pipeline(runner=BundleBasedDirectRunner(), options=options) as pipeline:
        _ = (pipeline
             | events(beam_test_stream.TestStream())
             | WindowedIngest(job, context, str(output), settings, {"runner": "test"}, "launch01"))


@pytest.fixture
def landed(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    files = {"a": folder / "a.jsonl", "b": folder / "b.txt", "c": folder / "c.jsonl", "d": folder / "d.jsonl",
             "e": folder / "e.jsonl.gz"}
    files["a"].write_text(jsonl("alpha", 3) + "{not json\n")
    files["b"].write_text(text_article("beta"))
    files["c"].write_text(jsonl("gamma", 2))
    files["d"].write_text(jsonl("delta", 2))
    files["e"].write_bytes(gzip.compress(jsonl("epsilon", 2).encode()))
    return files


def _late_data_events(files: dict[str, Path]) -> Events:
    def events(stream: beam_test_stream.TestStream) -> beam_test_stream.TestStream:
        return (stream.advance_watermark_to(0)
                .add_elements([TimestampedValue(str(files["a"]), 1), TimestampedValue(str(files["b"]), 5)])
                .advance_watermark_to(11)  # closes [0, 10): its on-time pane commits a and b
                .add_elements([TimestampedValue(str(files["c"]), 3)])  # late, within the allowed lateness
                .advance_watermark_to(200)  # [0, 10) is now past its allowed lateness (60 s)
                .add_elements([TimestampedValue(str(files["d"]), 4)])  # too late: dropped by the runner
                .add_elements([TimestampedValue(str(files["e"]), 205)])
                .advance_watermark_to_infinity())
    return events


def test_windows_commit_on_time_and_late_panes_and_drop_what_is_too_late(tmp_path: Path,
                                                                          landed: dict[str, Path]) -> None:
    output = tmp_path / "out"
    _windowed_run(tmp_path, _late_data_events(landed), output)
    runs = sorted(manifests(output), key=lambda m: (m["window"]["end"], m["window"]["pane_index"]))
    summary = [(m["window"]["start"][11:19], m["window"]["timing"], sorted(Path(i["path"]).name for i in m["inputs"]))
               for m in runs]
    assert summary == [("00:00:00", "on_time", ["a.jsonl", "b.txt"]), ("00:00:00", "late", ["c.jsonl"]),
                       ("00:03:20", "on_time", ["e.jsonl.gz"])]
    assert [m["counts"]["articles_written"] for m in runs] == [4, 2, 2]
    assert runs[0]["counts"]["rejected"] == 1
    con = connect(output)
    assert con.sql("select count(*), count(distinct article_id) from articles").fetchall() == [(8, 8)]
    # rows name the pane's run, as rows of a batch run name theirs
    assert {r[0] for r in con.sql("select distinct run_id from articles").fetchall()} == {m["run_id"] for m in runs}
    assert not con.sql("select * from articles where url like '%/delta/%'").fetchall()


def test_a_relaunched_streaming_pipeline_commits_nothing_twice(tmp_path: Path, landed: dict[str, Path]) -> None:
    output = tmp_path / "out"
    _windowed_run(tmp_path, _late_data_events(landed), output)
    before = manifests(output)
    _windowed_run(tmp_path, _late_data_events(landed), output)  # a new launch matches every file again
    assert len(manifests(output)) == len(before)
    assert len(article_ids(output)) == 8


def test_a_window_records_each_file_as_it_was_read_not_as_it_is_at_the_commit(tmp_path: Path) -> None:
    from pipeline.run import committed_inputs, input_fingerprints, pending_inputs
    from pipeline.stream import commit_window

    growing = tmp_path / "landing" / "growing.jsonl"
    growing.parent.mkdir()
    growing.write_text("")
    as_read = {"size": 0, "mtime_ns": growing.stat().st_mtime_ns}
    growing.write_text('{"url": "https://news.example/late", "body": "Written after the read."}\n')
    read = {"kind": "input", "path": str(growing), "format": "jsonl", "records": 0, "skipped": 0,
            "fingerprint": as_read}
    manifest = commit_window(tmp_path / "out", "window-1", [("input", read)], {})
    assert manifest is not None and manifest["input_fingerprints"] == {str(growing): as_read}
    # so the rest of the file is read by the next window, not skipped as committed
    assert pending_inputs([str(growing)], input_fingerprints([str(growing)]),
                          committed_inputs(tmp_path / "out")) == ([str(growing)], [])


# ------------------------------------------------------------------------------------------- local stream
def test_one_stream_per_output(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    job = JobConfig(output=str(tmp_path / "out"), nlp=NO_NLP)
    with StreamLock(tmp_path / "out"), pytest.raises(OutputLockedError, match="another newsbeam stream"):
        LocalStream(job, tmp_path / "in", StreamConfig(), emit=lambda _l: None).run(stop_after=0)


def test_a_missing_watch_folder_is_an_input_error(tmp_path: Path, cli) -> None:
    done = cli("stream", "--watch", str(tmp_path / "nope"), "--output", str(tmp_path / "out"), "--stop-after", "1")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"newsbeam: error: watch folder {tmp_path / 'nope'} does not exist"]


def test_a_stream_in_process_commits_what_is_ready_and_stops(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text(jsonl("local", 3))
    old = time.time() - 60
    os.utime(tmp_path / "in" / "a.jsonl", (old, old))  # landed a minute ago: ready at the second look
    job = JobConfig(output=str(tmp_path / "out"), nlp=NO_NLP)
    lines: list[str] = []
    totals = LocalStream(job, tmp_path / "in", StreamConfig(window_seconds=1, settle_seconds=1, poll_seconds=0.1),
                         emit=lines.append).run(stop_after=3)
    assert (totals.batches, totals.files, totals.counts["articles_written"]) == (1, 1, 3)
    assert json.loads((tmp_path / "out" / "_state" / "stream.json").read_text())["state"] == "stopped"
    assert lines[-1].startswith("stream stopped: 1 commit(s), 1 file(s), 3 article(s) written")


def _landed(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir()
    old = time.time() - 60
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        os.utime(folder / name, (old, old))  # landed a minute ago: ready at the second look


def test_a_stream_commits_a_file_of_lone_surrogates_beside_a_good_one(tmp_path: Path) -> None:
    # valid JSON whose escapes are lone surrogates failed every batch it was in, and stopped the stream
    bad = "".join(json.dumps({**article("odd", n), "title": f"Odd \ud800 {n}"}) + "\n" for n in range(2))
    _landed(tmp_path / "in", {"a.jsonl": jsonl("good", 3), "b.jsonl": bad})
    job = JobConfig(output=str(tmp_path / "out"), nlp=NO_NLP)
    settings = StreamConfig(window_seconds=1, settle_seconds=1, poll_seconds=0.1)
    totals = LocalStream(job, tmp_path / "in", settings, emit=lambda _line: None).run(stop_after=3)
    assert (totals.files, totals.counts["articles_written"]) == (2, 5)


def test_a_file_that_fails_every_batch_becomes_a_reject_and_the_rest_commits(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import sources

    decode = sources.DecodeFileFn._decode

    def fail_on_bad_files(self: Any, path: str, fmt: str, stream: Any) -> Any:
        if Path(path).name.startswith("bad"):
            raise RuntimeError("a reader bug that only this file triggers")
        return decode(self, path, fmt, stream)

    monkeypatch.setattr(sources.DecodeFileFn, "_decode", fail_on_bad_files)
    _landed(tmp_path / "in", {"a.jsonl": jsonl("first", 2), "bad.jsonl": jsonl("bad", 2),
                              "c.jsonl": jsonl("third", 3)})
    job = JobConfig(output=str(tmp_path / "out"), nlp=NO_NLP)
    settings = StreamConfig(window_seconds=0.5, settle_seconds=1, poll_seconds=0.1, max_failures=2)
    lines: list[str] = []
    totals = LocalStream(job, tmp_path / "in", settings, emit=lines.append).run(stop_after=6)
    assert totals.counts["articles_written"] == 5
    assert totals.files == 3, lines
    with connect(tmp_path / "out") as con:
        rejects = con.sql("select input_uri, reason, detail, raw from rejects").fetchall()
    ((uri, reason, detail, raw),) = rejects
    assert (Path(uri).name, reason) == ("bad.jsonl", "unreadable_input")
    assert "a reader bug that only this file triggers" in detail
    assert raw == (tmp_path / "in" / "bad.jsonl").read_bytes()


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


def _count(output: Path) -> int:
    try:
        return len(article_ids(output))
    except Exception:  # noqa: BLE001 - no file committed yet
        return 0


def _write_slowly(path: Path, text: str, pause: float, pieces: int = 5) -> None:
    step = len(text) // pieces + 1
    with open(path, "w", encoding="utf-8") as handle:
        for start in range(0, len(text), step):
            handle.write(text[start:start + step])
            handle.flush()
            time.sleep(pause)


def _start_stream(watch: Path, output: Path) -> subprocess.Popen[str]:
    command = cli_command("stream", "--watch", str(watch), "--output", str(output), "--window", "2",
                          "--settle", "1.5", "--poll", "0.2", "--no-nlp")
    process = subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: (output / "_state" / "stream.json").exists() or process.poll() is not None, 60,
              "the stream to start")
    assert process.poll() is None, process.communicate()
    return process


def _stop(process: subprocess.Popen[str], signum: int) -> str:
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    return stdout


@pytest.mark.slow
def test_stream_end_to_end_with_a_restart(tmp_path: Path) -> None:
    watch, output = tmp_path / "landing", tmp_path / "out"
    watch.mkdir()
    process = _start_stream(watch, output)
    try:
        (watch / "feed.jsonl").write_text(jsonl("north", 3))
        (watch / "library.txt").write_text(text_article("east"))
        (watch / "wire.jsonl.gz").write_bytes(gzip.compress(jsonl("south", 2).encode()))
        # a file written slowly in place (pauses shorter than the settle time) ...
        slow = threading.Thread(target=_write_slowly, args=(watch / "slow.jsonl", jsonl("west", 4), 0.4))
        slow.start()
        # ... and one written slowly under a dot name (pauses longer than the settle time), then renamed in
        _write_slowly(watch / ".incoming.jsonl", jsonl("harbour", 2), 1.8, pieces=3)
        os.rename(watch / ".incoming.jsonl", watch / "harbour.jsonl")
        slow.join()
        _wait_for(lambda: _count(output) == 12, 90, "the landed files to become queryable")
    finally:
        first = _stop(process, signal.SIGINT)
    assert "stream stopped:" in first

    # restart: new files and a file appended to are read; nothing already committed is read again
    before = manifests(output)
    process = _start_stream(watch, output)
    try:
        (watch / "later.jsonl").write_text(jsonl("later", 2))
        with open(watch / "feed.jsonl", "a", encoding="utf-8") as handle:
            handle.write(json.dumps(article("north", 99)) + "\n")
        _wait_for(lambda: _count(output) == 15, 90, "the files landed after the restart")
    finally:
        _stop(process, signal.SIGTERM)

    runs = manifests(output)
    reads = Counter(Path(i["path"]).name for m in runs for i in m["inputs"])
    assert reads == {"feed.jsonl": 2, "library.txt": 1, "wire.jsonl.gz": 1, "slow.jsonl": 1, "harbour.jsonl": 1,
                     "later.jsonl": 1}
    reread = [m for m in runs[len(before):] if any(i["path"].endswith("feed.jsonl") for i in m["inputs"])]
    assert sum(m["counts"]["duplicates_existing"] for m in reread) == 3  # the three lines read before
    ids = article_ids(output)
    assert len(ids) == len(set(ids)) == 15
    # the slowly written file was read whole: no half line became an invalid_json reject
    assert connect(output).sql("select count(*) from rejects").fetchall() == [(0,)]
    assert sum(m["counts"]["records_read"] for m in runs) == 15 + 3
