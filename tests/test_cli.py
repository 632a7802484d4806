"""End to end through the real command line: run, read the Parquet back with DuckDB, query, fail clearly.

The sample run happens once per module (a Beam pipeline with the spaCy model costs several seconds); the tests
then read its output. Everything that writes again works on a copy.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os
import random
import shutil
import signal
import subprocess
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from pipeline.locking import OutputLock
from pipeline.query import connect
from schemas.version import SCHEMA_VERSION
from tests.conftest import REPO, SAMPLE_DIR, cli_command, run_cli
from tests.synthetic import read_dataset

EXPECTED = json.loads((SAMPLE_DIR / "expected.json").read_text(encoding="utf-8"))
DATASETS = ("articles", "entities", "quotes", "rejects")
PARTITION_KEY = {"articles": "published_date", "entities": "published_date", "quotes": "published_date",
                 "rejects": "ingest_date"}


@dataclass
class SampleRun:
    output: Path
    manifest: dict[str, Any]
    stdout: str
    stderr: str
    articles: list[dict[str, Any]]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, cli: Callable[..., subprocess.CompletedProcess[str]]
           ) -> SampleRun:
    output = tmp_path_factory.mktemp("sample") / "out"
    done = cli("run", "--output", str(output))  # no --input: the bundled sample
    assert done.returncode == 0, done.stderr
    (manifest_path,) = (output / "_runs").glob("*.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return SampleRun(output, manifest, done.stdout, done.stderr, read_dataset(output, "articles"))


# ------------------------------------------------------------------------------------------- sample counts
def test_sample_run_prints_a_summary(sample: SampleRun) -> None:
    totals = EXPECTED["totals"]
    assert f"run {sample.manifest['run_id']} committed to {sample.output}" in sample.stdout
    assert f"records read      {totals['records']}" in sample.stdout
    assert f"articles written  {totals['articles']}" in sample.stdout
    assert f"rejected          {sum(totals['rejects'].values())}" in sample.stdout
    for reason, count in totals["rejects"].items():
        assert f"    {reason:<16}{count}" in sample.stdout
    assert "Traceback" not in sample.stderr


def test_sample_counts_in_the_manifest(sample: SampleRun) -> None:
    totals, counts = EXPECTED["totals"], sample.manifest["counts"]
    assert counts["records_read"] == totals["records"]
    assert counts["articles_written"] == totals["articles"]
    assert counts["duplicates_in_run"] + counts["duplicates_existing"] == totals["duplicates"]
    assert counts["rejected_by_reason"] == totals["rejects"]
    assert counts["records_read"] == (counts["articles_written"] + counts["duplicates_in_run"]
                                      + counts["duplicates_existing"] + counts["rejected"])
    assert counts["input_items_skipped"] == sum(sum(f.get("skipped", {}).values()) for f in EXPECTED["files"].values())
    assert sample.manifest["status"] == "committed"
    for entry in sample.manifest["files"]:
        assert (sample.output / entry["path"]).is_file()
        assert pq.read_metadata(sample.output / entry["path"]).num_rows == entry["rows"]


def test_sample_counts_in_the_data(sample: SampleRun) -> None:
    totals = EXPECTED["totals"]
    assert len(sample.articles) == totals["articles"]
    assert len({a["article_id"] for a in sample.articles}) == totals["articles"]
    rejects = read_dataset(sample.output, "rejects")
    assert Counter(r["reason"] for r in rejects) == Counter(totals["rejects"])
    counts = sample.manifest["counts"]
    assert len(read_dataset(sample.output, "entities")) == counts["entities"] > 0
    assert len(read_dataset(sample.output, "quotes")) == counts["quotes"] > 0


@pytest.mark.parametrize("name", sorted(EXPECTED["files"]))
def test_sample_counts_per_file(sample: SampleRun, name: str) -> None:
    want = EXPECTED["files"][name]
    prefix = str(SAMPLE_DIR / name)
    inputs = [i for i in sample.manifest["inputs"] if i["path"].startswith(prefix)]
    assert sum(i["records"] for i in inputs) == want["records"]
    assert sum(i["skipped"] for i in inputs) == sum(want.get("skipped", {}).values())
    assert sum(a["input_uri"].startswith(prefix) for a in sample.articles) == want["articles"]
    rejects = read_dataset(sample.output, "rejects")
    assert Counter(r["reason"] for r in rejects if r["input_uri"].startswith(prefix)) == Counter(want["rejects"])


# ---------------------------------------------------------------------------------------- per-article values
def _line_offsets(name: str) -> list[int]:
    data = (SAMPLE_DIR / name).read_bytes()
    if name.endswith(".gz"):
        data = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(data)  # tolerates the truncated file
    offsets, position = [], 0
    for line in data.split(b"\n"):
        offsets.append(position)
        position += len(line) + 1
    return offsets


def find_article(sample: SampleRun, want: dict[str, Any]) -> dict[str, Any]:
    path = str(SAMPLE_DIR / want["file"])
    locator: str = want["locator"]
    if locator.startswith("line "):
        offset = _line_offsets(want["file"])[int(locator.split()[1]) - 1]
        matches = [a for a in sample.articles if a["input_uri"] == path and a["input_offset"] == offset]
    elif locator.startswith("response "):
        matches = [a for a in sample.articles if a["input_uri"] == path and a["url"] == locator.split()[1]]
    else:
        matches = [a for a in sample.articles if a["input_uri"] == path]
    assert len(matches) == 1, f"{want['file']} {locator}: {len(matches)} rows"
    return matches[0]


def _instant(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def expected_value(want: dict[str, Any], field: str, row: dict[str, Any]) -> Any:
    if field == "published_date":
        # no publication date known: the day of the run
        return dt.date.fromisoformat(want[field]) if want[field] else row["ingested_at"].astimezone(dt.UTC).date()
    if field in ("published_at", "fetched_at"):
        return _instant(want[field])
    return want[field]


def checked_fields(want: dict[str, Any]) -> list[str]:
    fields = ["url", "title", "authors", "agencies", "published_date", "date_source", "language", "comment_count",
              "fetched_at"]
    if want["published_at"] and want["date_precision"] != "day":
        # day-precision dates may be stored as midnight UTC or as null: only their day is asserted
        fields += ["published_at", "published_offset_minutes"]
    if want["date_precision"] == "day":
        fields.append("date_precision")
    return fields


# (file, locator, field): known defects in the code under test, listed in the test report
KNOWN_WRONG: dict[tuple[str, str, str], str] = {}

ARTICLE_FIELDS = [
    pytest.param(index, field, id=f"{want['file']}:{want['locator'].replace(' ', '')}:{field}",
                 marks=[pytest.mark.xfail(reason=KNOWN_WRONG[key], strict=True)]
                 if (key := (want["file"], want["locator"], field)) in KNOWN_WRONG else [])
    for index, want in enumerate(EXPECTED["articles"]) for field in checked_fields(want)
]


@pytest.mark.parametrize(("index", "field"), ARTICLE_FIELDS)
def test_sample_article_values(sample: SampleRun, index: int, field: str) -> None:
    want = EXPECTED["articles"][index]
    row = find_article(sample, want)
    assert row[field] == expected_value(want, field, row)


def test_authors_are_a_list_in_byline_order(sample: SampleRun) -> None:
    (row,) = [a for a in sample.articles if a["url"] and a["url"].endswith("/harbour-bridge-vote")]
    assert row["authors"] == ["Helen Marsh", "Tomasz Wierzbicki"]
    assert row["byline_raw"] == "By Helen Marsh and Tomasz Wierzbicki"


def test_published_at_is_utc_with_the_source_offset(sample: SampleRun) -> None:
    # RFC 2822 "Tue, 03 Mar 2026 23:30:00 -0500": the UTC day is the 4th, the local day the 3rd
    (row,) = [a for a in sample.articles if a["url"] and a["url"].endswith("/grain-exports-resume-dunmore-sound")]
    assert row["published_at"] == dt.datetime(2026, 3, 4, 4, 30, tzinfo=dt.UTC)
    assert row["published_at"].utcoffset() == dt.timedelta(0)
    assert (row["published_offset_minutes"], row["published_date"], row["date_source"]) == (
        -300, dt.date(2026, 3, 4), "metadata")
    assert row["date_raw"] == "Tue, 03 Mar 2026 23:30:00 -0500"


def test_text_files_keep_their_comment_counter(sample: SampleRun) -> None:
    (row,) = [a for a in sample.articles if a["input_uri"].endswith("ferry-timetable.txt")]
    assert row["comment_count"] == 482
    assert "Comments482" not in row["body"]
    assert (row["authors"], row["date_source"]) == (["Maria Lopez"], "ingest")


def test_published_date_is_the_utc_day_of_published_at(sample: SampleRun) -> None:
    for row in sample.articles:
        if row["published_at"] is not None:
            assert row["published_date"] == row["published_at"].astimezone(dt.UTC).date(), row["url"]
        assert row["date_source"] in ("metadata", "text", "url", "modified", "crawl", "ingest")


@pytest.mark.model
def test_quote_text_and_speaker(sample: SampleRun) -> None:
    (chess,) = [a for a in sample.articles if a["input_uri"].endswith("chess-club.txt")]
    quotes = read_dataset(sample.output, "quotes", f"article_id = '{chess['article_id']}'")
    found = {(q["text"].rstrip(","), q["speaker"]) for q in quotes}
    assert ("I made one mistake and she punished it immediately.", "Viktor Halloway") in found
    for q in quotes:
        assert chess["body"][q["start"]:q["end"]] == q["text"]
        assert q["published_date"] == chess["published_date"]


@pytest.mark.model
def test_entities_and_quotes_point_into_their_articles(sample: SampleRun) -> None:
    bodies = {a["article_id"]: a["body"] for a in sample.articles}
    entities = read_dataset(sample.output, "entities")
    for row in entities:
        assert row["mention_count"] == len(row["spans"]) >= len(row["mentions"]) > 0
        for span in row["spans"]:
            assert bodies[row["article_id"]][span["start"]:span["end"]] in row["mentions"]
    assert Counter((e["article_id"], e["entity"], e["label"]) for e in entities).most_common(1)[0][1] == 1
    for row in read_dataset(sample.output, "quotes"):
        assert bodies[row["article_id"]][row["start"]:row["end"]] == row["text"]


def test_a_rejects_raw_bytes_are_the_broken_line(sample: SampleRun) -> None:
    wire = SAMPLE_DIR / "feeds" / "wire.jsonl"
    broken_line = wire.read_bytes().split(b"\n")[3]  # line 4 is cut-off JSON
    (row,) = read_dataset(sample.output, "rejects", "reason = 'invalid_json'")
    assert (row["input_uri"], row["raw"]) == (str(wire), broken_line)
    assert row["input_offset"] == _line_offsets("feeds/wire.jsonl")[3]
    assert row["ingest_date"] == row["ingested_at"].astimezone(dt.UTC).date()
    (gz,) = read_dataset(sample.output, "rejects", "reason = 'unreadable_gzip'")
    truncated = (SAMPLE_DIR / "broken" / "truncated.jsonl.gz").read_bytes()
    partial = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(truncated)
    assert gz["raw"] and partial[gz["input_offset"]:] == gz["raw"]


def test_every_row_names_its_run_and_schema(sample: SampleRun) -> None:
    run_id = sample.manifest["run_id"]
    for dataset in DATASETS:
        rows = read_dataset(sample.output, dataset)
        assert {(r["run_id"], r["schema_version"]) for r in rows} <= {(run_id, SCHEMA_VERSION)}


def test_sample_outlets_have_one_source_each_and_a_display_name_apart(sample: SampleRun) -> None:
    by_outlet: dict[str, set[str]] = {}
    for row in sample.articles:
        if row["url"]:
            host = row["url"].split("//", 1)[1].split("/", 1)[0].removeprefix("www.").removeprefix("wire.")
            by_outlet.setdefault(host, set()).add(row["source"])
    assert by_outlet and all(sources == {host} for host, sources in by_outlet.items())
    names = {r["source_name"] for r in sample.articles if r["source"] == "aldwick-courier.example"}
    assert names == {"Aldwick Courier", None}


def test_sample_date_raw_is_a_date_string_or_nothing(sample: SampleRun) -> None:
    for row in sample.articles:
        if row["date_source"] in ("crawl", "ingest"):
            assert row["date_raw"] is None, row["url"]
        else:
            assert row["date_raw"] and any(c.isdigit() for c in row["date_raw"]), row["url"]


def test_query_connect_registers_the_datasets(sample: SampleRun) -> None:
    con = connect(sample.output)
    assert con.sql("select count(*) from articles").fetchall() == [(EXPECTED["totals"]["articles"],)]
    by_language = dict(con.sql("select language, count(*) from articles group by 1").fetchall())
    assert by_language == {"en": 26, "de": 2}
    joined = con.sql("select count(*) from quotes q join articles a using (article_id)").fetchall()
    assert joined == [(sample.manifest["counts"]["quotes"],)]
    types = dict(con.sql("select column_name, column_type from (describe articles)").fetchall())
    assert (types["published_date"], types["published_at"], types["published_offset_minutes"]) == (
        "DATE", "TIMESTAMP WITH TIME ZONE", "SMALLINT")


def test_query_connect_on_an_empty_output(tmp_path: Path) -> None:
    (tmp_path / "_runs").mkdir()  # an output whose runs committed no rows
    con = connect(tmp_path)
    assert con.sql("select count(*) from articles").fetchall() == [(0,)]
    assert con.sql("select count(*) from quotes where speaker is not null").fetchall() == [(0,)]


def test_a_second_run_of_the_same_input_adds_no_article(sample: SampleRun, out_dir: Path,
                                                        cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    output = out_dir
    shutil.copytree(sample.output, output)
    done = cli("run", "--output", str(output), "--no-nlp", "--quiet")
    assert done.returncode == 0, done.stderr
    manifests = [json.loads(p.read_text()) for p in (output / "_runs").glob("*.json")]
    (second,) = [m for m in manifests if m["run_id"] != sample.manifest["run_id"]]
    counts = second["counts"]
    assert counts["articles_written"] == 0
    assert counts["duplicates_existing"] == EXPECTED["totals"]["articles"]
    assert (counts["rejects_written"], counts["rejects_already_recorded"]) == (
        0, sum(EXPECTED["totals"]["rejects"].values()))
    assert counts["records_read"] == EXPECTED["totals"]["records"]
    assert second["files"] == []
    assert len(read_dataset(output, "articles")) == EXPECTED["totals"]["articles"]
    assert len(read_dataset(output, "rejects")) == sum(EXPECTED["totals"]["rejects"].values())
    assert "duplicates        29 (1 within this run, 28 already in the output)" in done.stdout


# ------------------------------------------------------------------------------------- query and usage errors
def run_together(commands: dict[str, list[str]], at_once: int = 2) -> dict[str, subprocess.CompletedProcess[str]]:
    """Run short CLI invocations two at a time: each mostly waits on its imports, and the suite must stay fast."""
    pending, running = list(commands.items()), []
    results: dict[str, subprocess.CompletedProcess[str]] = {}
    while pending or running:
        while pending and len(running) < at_once:
            key, command = pending.pop(0)
            running.append((key, subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                  text=True)))
        key, process = running.pop(0)
        stdout, stderr = process.communicate(timeout=600)
        results[key] = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return results


@pytest.fixture(scope="module")
def quick(sample: SampleRun, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The short invocations: queries over the sample output, and runs that must stop at a usage error."""
    folder = tmp_path_factory.mktemp("usage")
    config = folder / "job.yaml"
    config.write_text(f"output: {folder / 'config-out'}\nnlp:\n  enabled: false\n  modle: en_core_web_sm\n")
    locked = folder / "locked-out"
    out = str(sample.output)
    commands = {
        "table": cli_command("query", "select count(*) as articles from articles", "--output", out),
        "csv": cli_command("query", "select title, comment_count from articles where comment_count > 100",
                           "--output", out, "--format", "csv"),
        "json": cli_command("query", "select authors, published_at, published_offset_minutes as off from articles "
                            "where url like '%/harbour-bridge-vote'", "--output", out, "--format", "json"),
        "bad sql": cli_command("query", "select no_such_column from articles", "--output", out),
        "no match": cli_command("run", "--input", str(folder / "nothing" / "*.jsonl"),
                                "--output", str(folder / "glob-out")),
        "bad config": cli_command("run", "--config", str(config)),
        "locked": cli_command("run", "--input", str(SAMPLE_DIR / "text" / "*.txt"), "--output", str(locked),
                              "--no-nlp"),
    }
    with OutputLock(locked):  # the very lock a running newsbeam holds: this is the concurrent run
        results: dict[str, Any] = run_together(commands)
    results["folder"] = folder
    return results


def test_query_table(quick: dict[str, Any]) -> None:
    done = quick["table"]
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["articles", "--------", f"{EXPECTED['totals']['articles']:>8}", "(1 row)"]


def test_query_csv(quick: dict[str, Any]) -> None:
    done = quick["csv"]
    assert done.returncode == 0, done.stderr
    assert list(csv.reader(io.StringIO(done.stdout))) == [
        ["title", "comment_count"], ["Ferry operator cuts winter sailings to Skerry Island", "482"]]


def test_query_json(quick: dict[str, Any]) -> None:
    done = quick["json"]
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {"authors": ["Helen Marsh", "Tomasz Wierzbicki"], "published_at": "2026-03-03 08:15:00+00:00", "off": 60}]


def test_query_error_is_one_line(quick: dict[str, Any]) -> None:
    done = quick["bad sql"]
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("newsbeam: error:") and "no_such_column" in done.stderr


def test_a_glob_that_matches_nothing_is_a_usage_error(quick: dict[str, Any]) -> None:
    done, folder = quick["no match"], quick["folder"]
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"newsbeam: error: no input files match "
                                                f"'{folder / 'nothing' / '*.jsonl'}'"]
    assert not (folder / "glob-out" / "articles").exists()


def test_an_unknown_config_key_is_a_usage_error(quick: dict[str, Any]) -> None:
    done = quick["bad config"]
    assert done.returncode == 2
    (message,) = done.stderr.strip().splitlines()
    assert message.startswith("newsbeam: error: config ") and "nlp.modle" in message
    assert not (quick["folder"] / "config-out").exists()


def test_a_second_concurrent_run_on_the_same_output_exits_75(quick: dict[str, Any]) -> None:
    done = quick["locked"]
    assert done.returncode == 75
    (message,) = done.stderr.strip().splitlines()
    assert message.startswith("newsbeam: error: another newsbeam run") and f"pid {os.getpid()}" in message
    assert not (quick["folder"] / "locked-out" / "articles").exists()


# ------------------------------------------------------------------------------------------------ kill test
WORDS = ("harbour", "council", "ferry", "island", "budget", "school", "river", "bridge", "market", "storm",
         "library", "museum", "club", "station", "volunteers", "repairs", "weekend", "residents", "timetable",
         "funding")
BATCH = 600


def write_batch(folder: Path, batch: int) -> set[str]:
    """One JSONL file of invented articles (and one broken line); returns the urls written."""
    rng = random.Random(batch)
    urls, lines = set(), []
    for i in range(BATCH):
        number = batch * BATCH + i
        url = f"https://kill-test.example/news/{number}"
        urls.add(url)
        day = dt.date(2025, 1, 1) + dt.timedelta(days=number % 90)
        text = " ".join(rng.choice(WORDS) for _ in range(50)).capitalize() + f". Story {number}."
        lines.append(json.dumps({"url": url, "title": f"Story {number}", "byline": "By Ada Quill",
                                 "published": f"{day.isoformat()}T10:00:00Z", "text": text}))
    lines.insert(BATCH // 2, f'{{"title": "broken line of batch {batch}", "text": "cut')
    (folder / f"batch-{batch:02d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return urls


def _first(pattern_root: Path, pattern: str) -> bool:
    return pattern_root.is_dir() and next(pattern_root.glob(pattern), None) is not None


# (description, seconds after start, or a glob under the output folder whose appearance triggers the kill)
KILL_POINTS: list[tuple[str, float | None, str | None]] = [
    ("after 1 s", 1.0, None),
    ("after 2 s", 2.0, None),
    ("rows staged", None, "_staging/*/rows/articles/*.arrow"),
    ("merging", None, "_staging/*/commit/*/*.parquet"),
    ("journal pending", None, "_runs/*.pending.json"),
]


def kill_at(command: list[str], output: Path, seconds: float | None, pattern: str | None) -> bool:
    """Start a run and SIGKILL it at the given point; True when it was killed before finishing."""
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    started = time.monotonic()
    try:
        while process.poll() is None:
            if (seconds is not None and time.monotonic() - started >= seconds) or (
                    pattern is not None and _first(output, pattern)):
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=60)
                return True
            time.sleep(0.0005 if pattern and "pending" in pattern else 0.005)
        return False
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)


def assert_consistent(output: Path) -> dict[str, int]:
    """Whatever is visible is readable, belongs to a known run and holds no row twice."""
    runs = output / "_runs"
    manifests = {p.name.removesuffix(".json") for p in runs.glob("*.json") if not p.name.endswith(".pending.json")}
    pending = {p.name.removesuffix(".pending.json") for p in runs.glob("*.pending.json")}
    known = manifests | pending
    seen: dict[str, Counter] = {"articles": Counter(), "rejects": Counter()}
    for dataset in DATASETS:
        for path in (output / dataset).glob("*/*.parquet") if (output / dataset).is_dir() else []:
            table = pq.read_table(path)  # readable: never a half-written file
            assert path.parent.name.startswith(f"{PARTITION_KEY[dataset]}=")
            run_ids = set(table.column("run_id").to_pylist())
            assert len(run_ids) == 1 and run_ids <= known, f"{path} belongs to no committed or pending run"
            assert path.name.startswith(f"part-{next(iter(run_ids))}-")
            if dataset == "articles":
                seen["articles"].update(table.column("article_id").to_pylist())
            if dataset == "rejects":
                seen["rejects"].update(table.column("reject_id").to_pylist())
    for dataset, counter in seen.items():
        twice = [key for key, n in counter.items() if n > 1]
        assert not twice, f"{dataset} visible more than once: {twice[:3]}"
    return {dataset: sum(counter.values()) for dataset, counter in seen.items()}


@pytest.mark.slow
def test_killed_runs_leave_a_consistent_output_and_a_rerun_completes(tmp_path: Path) -> None:
    inputs, output = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    urls: set[str] = set()
    command = cli_command("run", "--input", str(inputs / "*.jsonl"), "--output", str(output), "--no-nlp", "-q")
    outcomes = []
    for batch, (description, seconds, pattern) in enumerate(KILL_POINTS):
        urls |= write_batch(inputs, batch)  # every attempt has new articles to commit
        killed = kill_at(command, output, seconds, pattern)
        state = assert_consistent(output)
        outcomes.append((description, killed, state["articles"],
                         len(list((output / "_runs").glob("*.pending.json"))) if (output / "_runs").is_dir() else 0))
    print("kill points (where, killed, visible articles, pending journals):", outcomes)  # shown with -rP
    assert any(killed for _, killed, _, _ in outcomes), outcomes

    done = run_cli("run", "--input", str(inputs / "*.jsonl"), "--output", str(output), "--no-nlp", "-q")
    assert done.returncode == 0, done.stderr
    visible = assert_consistent(output)
    assert not list((output / "_runs").glob("*.pending.json"))
    assert not (output / "_staging").is_dir() or not any((output / "_staging").iterdir())
    articles = read_dataset(output, "articles")
    assert Counter(a["url"] for a in articles) == Counter(urls)  # every article exactly once
    assert visible["rejects"] == len(KILL_POINTS)  # one broken line per batch, each recorded once
    manifests = [json.loads(p.read_text()) for p in (output / "_runs").glob("*.json")]
    assert sum(m["counts"]["articles_written"] for m in manifests) == len(urls)
    assert sum(m["counts"]["rejects_written"] for m in manifests) == len(KILL_POINTS)


def test_sample_dir_is_untouched_by_runs(sample: SampleRun, sample_dir: Path) -> None:
    # runs read the bundled sample; nothing may be written next to it
    names = {p.name for p in sample_dir.rglob("*")}
    assert not {n for n in names if n.startswith(("_", ".")) or n.endswith((".tmp", ".parquet", ".arrow"))}
    assert gzip.decompress((sample_dir / "feeds" / "regional.jsonl.gz").read_bytes()).count(b"\n") == 7
