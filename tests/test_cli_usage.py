"""Usage errors found before a run starts, and what a run says about the paths it matched but did not read.

These call the command line in this interpreter (``pipeline.cli.main``): each case is one line of output.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.config import ConfigError, load_config, spacy_model_installed
from pipeline.exits import KEPT_FAILURE_LOGS, run_guarded
from pipeline.sources import InputError, list_inputs
from pipeline.summary import format_summary
from tests.conftest import REPO, SAMPLE_DIR

ONE_FEED = str(SAMPLE_DIR / "feeds" / "wire.jsonl")


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("newsbeam: error: ")
    return line.removeprefix("newsbeam: error: ")


# ------------------------------------------------------------------------------------ errors found up front
@pytest.mark.parametrize(("flags", "message"), [
    (["--runner=NoSuchRunner"], "unknown runner 'NoSuchRunner'"),
    (["--runner", "NoSuchRunner"], "unknown runner 'NoSuchRunner'"),
    (["--spacy-model", "xx_no_such_model"], "spaCy model 'xx_no_such_model' is not installed"),
])
def test_a_runner_or_model_that_cannot_load_is_a_usage_error_before_the_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: list[str], message: str) -> None:
    assert main(["run", "--input", ONE_FEED, "--output", str(tmp_path / "out"), *flags]) == 2
    assert message in error_line(capsys)
    assert not (tmp_path / "out").exists()


def test_the_installed_model_is_found_also_under_its_repackaged_name() -> None:
    assert spacy_model_installed("en_core_web_sm")
    assert not spacy_model_installed("en_core_web_xx")


@pytest.mark.parametrize(("command", "output", "message"), [
    (["run", "--input", ONE_FEED, "--no-nlp"], "notes.txt", "the output {} is a file, not a folder"),
    (["run", "--input", ONE_FEED, "--no-nlp"], "notes.txt/out", "{}: notes.txt is a file"),
    (["stream", "--watch", str(SAMPLE_DIR), "--no-nlp", "--stop-after", "0"], "notes.txt",
     "the output {} is a file, not a folder"),
])
def test_an_output_that_is_a_file_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str], command: list[str],
                                                   output: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("not a folder")
    assert main([*command, "--output", output]) == 2
    line = error_line(capsys)
    assert message.format(output).split(": ", 1)[-1] in line and "NotADirectoryError" not in line


@pytest.mark.parametrize("command", [
    ["run", "--input", ONE_FEED], ["stream", "--watch", "."], ["compact"], ["enrich"], ["query", "--list"],
    ["verify"], ["report"],
])
@pytest.mark.parametrize("url", ["file:///tmp/out", "ftp://host/out", "hdfs://cluster/out"])
def test_a_url_as_the_output_is_a_usage_error_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str],
        url: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--output", url]) == 2
    assert "a URL is not supported as the output" in error_line(capsys)
    assert list(tmp_path.iterdir()) == []  # no folder named 's3:' (or 'gs:', 'file:') in the working directory


def test_a_url_as_the_output_of_a_config_or_a_reader_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.query import QueryError, connect

    monkeypatch.chdir(tmp_path)
    config = tmp_path / "job.yaml"
    config.write_text(f"inputs: [{ONE_FEED}]\noutput: ftp://host/out\n")
    assert main(["run", "--config", str(config)]) == 2
    assert "a URL is not supported as the output" in error_line(capsys)
    with pytest.raises(QueryError, match="a URL is not supported"):
        connect("ftp://host/out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["job.yaml"]


@pytest.mark.parametrize("command", [["verify"], ["report"]])
def test_an_object_store_output_of_a_command_that_needs_a_folder_is_a_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--output", "s3://bucket/out"]) == 2
    assert f"newsbeam {command[0]} needs a local output folder" in error_line(capsys)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["run", "--input", ONE_FEED], ["compact"], ["query", "--list"]])
@pytest.mark.parametrize(("url", "package", "extra"), [("gs://bucket/out", "gcsfs", "gcs"),
                                                       ("az://container/out", "adlfs", "azure"),
                                                       ("s3://bucket/out", "s3fs", "s3")])
def test_an_object_store_without_its_filesystem_package_is_a_usage_error_naming_the_extra(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str],
        url: str, package: str, extra: str) -> None:
    import importlib.util

    import pipeline.layout

    found = importlib.util.find_spec
    monkeypatch.setattr(pipeline.layout.importlib.util, "find_spec",
                        lambda name, *rest: None if name == package else found(name, *rest))
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--output", url]) == 2
    assert f"need {package}, which is not installed: pip install 'newsbeam[{extra}]'" in error_line(capsys)
    assert list(tmp_path.iterdir()) == []


def test_stream_watching_a_file_says_it_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stream", "--watch", ONE_FEED, "--output", str(tmp_path / "out"), "--no-nlp",
                 "--stop-after", "0"]) == 2
    assert error_line(capsys) == f"--watch {ONE_FEED} is a file: give the folder that files land in"


def test_files_the_shell_expanded_from_an_unquoted_glob_get_the_right_hint(
        capsys: pytest.CaptureFixture[str]) -> None:
    html = sorted(str(p) for p in (SAMPLE_DIR / "html").glob("*.html"))
    assert main(["run", "--input", *html, "--output", "/nonexistent/out"]) == 2
    line = error_line(capsys)
    assert f"unexpected argument {html[1]!r}" in line and "Quote the glob" in line and "repeat --input" in line
    assert main(["run", "--output", "out", "stray"]) == 2
    assert "Beam options are written --name=value" in error_line(capsys)


def test_invalid_yaml_is_one_line_naming_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "job.yaml"
    config.write_text("inputs:\n  - a.jsonl\noutput: [out\nnlp: {enabled: false}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert "\n" not in str(caught.value) and "line " in str(caught.value)
    assert main(["run", "--config", str(config)]) == 2
    assert error_line(capsys).startswith(f"config {config} is not valid YAML: ")


# ---------------------------------------------------------------------------------- a config without inputs
def test_a_streaming_config_given_to_run_is_a_usage_error(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    assert main(["run", "--config", "configs/streaming.yaml"]) == 2
    assert error_line(capsys) == ("configs/streaming.yaml is a streaming job (a stream: section, no inputs): run it "
                                  "with newsbeam stream --config configs/streaming.yaml, or give --input to read "
                                  "files once")


def test_a_config_without_inputs_does_not_read_the_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "job.yaml"
    config.write_text(f"output: {tmp_path / 'out'}\nnlp: {{enabled: false}}\n")
    assert main(["run", "--config", str(config)]) == 2
    assert error_line(capsys) == f"{config} names no inputs: add an inputs: list, or give --input"
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------- paths matched but not read
@pytest.fixture
def landing(tmp_path: Path) -> Path:
    root = tmp_path / "landing"
    (root / "2026").mkdir(parents=True)
    (root / "2026" / "b.jsonl").write_text('{"url": "https://x.example/b", "title": "B", "text": "Bee."}\n')
    (root / "a.jsonl").write_text('{"url": "https://x.example/a", "title": "A", "text": "Ay."}\n')
    (root / "empty").mkdir()
    (root / "gone.jsonl").symlink_to(root / "deleted.jsonl")
    return root


@pytest.mark.parametrize(("patterns", "read", "not_read", "unmatched"), [
    (["*"], ["a.jsonl"], [("2026", "folder"), ("gone.jsonl", "broken_symlink")], []),
    (["**/*"], ["2026/b.jsonl", "a.jsonl"], [("gone.jsonl", "broken_symlink")], []),
    (["."], ["2026/b.jsonl", "a.jsonl"], [], []),  # a folder given itself is read with all under it
    (["*.jsonl", "*.warc.gz"], ["a.jsonl"], [("gone.jsonl", "broken_symlink")], ["*.warc.gz"]),
    (["a.jsonl"], ["a.jsonl"], [], []),
])
def test_list_inputs(landing: Path, monkeypatch: pytest.MonkeyPatch, patterns: list[str], read: list[str],
                     not_read: list[tuple[str, str]], unmatched: list[str]) -> None:
    monkeypatch.chdir(landing)
    listing = list_inputs(patterns)
    assert listing.paths == [str(landing / p) for p in read]
    assert listing.not_read == [{"path": str(landing / p), "reason": r} for p, r in not_read]
    assert listing.unmatched == unmatched


@pytest.mark.parametrize(("patterns", "message"), [
    (["gone.jsonl"], "no input files match 'gone.jsonl' (matched only 1 broken symlink(s), which are not read)"),
    (["*.txt", "*.html"], "no input files match '*.txt' or '*.html'"),
])
def test_patterns_that_name_no_file_at_all_are_an_input_error(landing: Path, monkeypatch: pytest.MonkeyPatch,
                                                               patterns: list[str], message: str) -> None:
    monkeypatch.chdir(landing)
    with pytest.raises(InputError) as caught:
        list_inputs(patterns)
    assert str(caught.value) == message


def test_a_run_counts_what_it_matched_and_did_not_read(landing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a streaming config given --input reads those files once, with its other settings
    out = landing.parent / "out"
    assert main(["run", "--config", str(REPO / "configs" / "streaming.yaml"), "--input", str(landing / "*"),
                 "--input", str(landing / "*.warc.gz"), "--output", str(out), "--no-nlp", "-q"]) == 0
    summary = capsys.readouterr().out
    assert "  articles written  1\n" in summary
    assert f"  matched nothing   {landing / '*.warc.gz'}\n" in summary
    assert "  not read          2 path(s) matched: 1 broken symlink(s), 1 folder(s) (listed in the manifest" in summary
    (manifest,) = [json.loads(p.read_text()) for p in (out / "_runs").glob("*.json")]
    assert manifest["inputs_not_read"] == [{"path": str(landing / "2026"), "reason": "folder"},
                                           {"path": str(landing / "gone.jsonl"), "reason": "broken_symlink"}]
    assert manifest["unmatched_inputs"] == [str(landing / "*.warc.gz")]


# -------------------------------------------------------------------------------------------------- summary
def test_the_summary_keeps_reason_counts_apart_and_in_one_column() -> None:
    counts = {"input_files": 2, "records_read": 9, "articles_written": 5, "duplicates_in_run": 0,
              "duplicates_existing": 0, "rejected": 4, "entities": 0, "quotes": 0,
              "rejected_by_reason": {"empty_body": 1, "unreadable_input": 1, "invalid_json": 2}}
    lines = format_summary({"run_id": "r1", "output": "/o", "runner": "x", "counts": counts}).splitlines()
    reasons = [line for line in lines if line.startswith("    ")]
    assert [line.split() for line in reasons] == [["empty_body", "1"], ["unreadable_input", "1"], ["invalid_json", "2"]]
    assert len({line.rindex(" ") for line in reasons}) == 1


# ----------------------------------------------------------------------------------- failed runs' details
def test_failed_runs_keep_the_newest_details_files_in_the_cache_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    logs = tmp_path / "cache" / "newsbeam" / "logs"

    def crash() -> Any:
        raise RuntimeError("power cut")

    named = []
    for _ in range(KEPT_FAILURE_LOGS + 3):
        assert run_guarded("run", crash, interrupted="") == (None, 1)
        named.append(Path(error_line(capsys).rsplit("(details: ", 1)[1].removesuffix(")")))
    assert all(path.parent == logs for path in named)
    kept = sorted(logs.glob("*.log"))
    assert len(kept) == KEPT_FAILURE_LOGS and named[-1] in kept
    assert "RuntimeError: power cut" in named[-1].read_text(encoding="utf-8")
