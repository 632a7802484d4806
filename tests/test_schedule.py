"""Scheduled batch jobs: date templating, config errors, fire times, dated runs that replace on retry."""
from __future__ import annotations

import ast
import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from croniter import croniter
from hypothesis import given
from hypothesis import strategies as st

from pipeline.config import (
    ConfigError,
    JobConfig,
    ScheduleConfig,
    check_placeholders,
    for_date,
    load_config,
    render_date,
)
from pipeline.locking import OutputLock
from pipeline.query import connect
from pipeline.schedule import (
    Scheduler,
    date_range,
    logical_date,
    next_fire,
    previous_fires,
    run_dates,
    run_scheduled,
)
from pipeline.signals import GracefulStop
from pipeline.sources import InputError
from tests.conftest import REPO

D24, D25, D26 = dt.date(2026, 11, 24), dt.date(2026, 11, 25), dt.date(2026, 11, 26)
QUIET = {"emit": lambda _line: None}


# ------------------------------------------------------------------------------------------- templating
@pytest.mark.parametrize(("template", "expected"), [
    ("landing/{date:%Y/%m/%d}/*.jsonl.gz", "landing/2026/11/24/*.jsonl.gz"),
    ("out/{date}", "out/2026-11-24"),
    ("crawl-{date:%Y%m%d}-*.warc.gz", "crawl-20261124-*.warc.gz"),
    ("weekly/{date:%G-W%V}/*", "weekly/2026-W48/*"),
    ("{date:%Y}/{date:%j}/[0-9]*.txt", "2026/328/[0-9]*.txt"),
    ("plain/**/*.jsonl", "plain/**/*.jsonl"),
])
def test_render_date(template: str, expected: str) -> None:
    check_placeholders(template)
    assert render_date(template, D24) == expected


@pytest.mark.parametrize("template", ["landing/{day}/*", "{date:%Y}/{hour}", "{ date }", "{}", "{DATE}"])
def test_unknown_placeholders_are_refused(template: str) -> None:
    with pytest.raises(ValueError, match="unknown placeholder"):
        check_placeholders(template)


@given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=40), st.dates())
def test_paths_without_placeholders_render_unchanged(text: str, date: dt.date) -> None:
    check_placeholders(text)
    assert render_date(text, date) == text


@given(st.sampled_from(["%Y", "%m", "%d", "%Y/%m/%d", "%G-W%V", ""]), st.dates(min_value=dt.date(1900, 1, 1)))
def test_rendering_is_idempotent(fmt: str, date: dt.date) -> None:
    template = f"in/{{date:{fmt}}}/*.jsonl" if fmt else "in/{date}/*.jsonl"
    once = render_date(template, date)
    assert render_date(once, date) == once and "{" not in once


def test_a_templated_job_needs_a_date() -> None:
    job = JobConfig(inputs=["landing/{date:%Y/%m/%d}/*"], output="out/{date}")
    assert for_date(job, D24).inputs == ["landing/2026/11/24/*"] and for_date(job, D24).output == "out/2026-11-24"
    with pytest.raises(ConfigError, match="give the logical date with --date"):
        for_date(job, None)


# --------------------------------------------------------------------------------------------- config errors
CONFIG_ERRORS = [
    ("inputs: [x]\nschedule:\n  crn: '0 2 * * *'\n", "schedule.crn: Extra inputs are not permitted"),
    ("inputs: [x]\nschedule:\n  cron: '61 2 * * *'\n", "schedule.cron: '61 2 * * *' is not a cron expression"),
    ("inputs: [x]\nschedule:\n  cron: '0 2 * * *'\n  timezone: Mars/Olympus\n",
     "schedule.timezone: unknown time zone 'Mars/Olympus'"),
    ("schedule:\n  cron: '0 2 * * *'\n", "a scheduled job needs inputs"),
    ("inputs: ['landing/{day}/*']\n", "inputs: unknown placeholder {day}"),
    ("inputs: [x]\nstream:\n  window_seconds: 0\n", "stream.window_seconds: Input should be greater than 0"),
    ("inputs: [x]\nmissing_inputs: ignore\n", "missing_inputs: Input should be 'error' or 'skip'"),
]


@pytest.mark.parametrize(("text", "message"), CONFIG_ERRORS)
def test_config_errors_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "job.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message in str(error.value)


def test_the_config_file_name_is_the_default_job_name(tmp_path: Path) -> None:
    (tmp_path / "nightly.yaml").write_text("inputs: [x]\n")
    (tmp_path / "named.yaml").write_text("name: crawl\ninputs: [x]\n")
    assert load_config(tmp_path / "nightly.yaml").name == "nightly"
    assert load_config(tmp_path / "named.yaml").name == "crawl"


@pytest.mark.parametrize("name", ["daily.yaml", "streaming.yaml", "local.yaml"])
def test_shipped_configs_load(name: str) -> None:
    load_config(REPO / "configs" / name)


# ------------------------------------------------------------------------------------------------ fire times
def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.mark.parametrize(("cron", "zone", "offset", "now", "fire", "date"), [
    ("30 2 * * *", "UTC", -1, "2026-11-25T03:00:00+00:00", "2026-11-25T02:30:00+00:00", "2026-11-24"),
    ("30 2 * * *", "UTC", -1, "2026-11-25T02:30:00+00:00", "2026-11-25T02:30:00+00:00", "2026-11-24"),
    ("30 2 * * *", "UTC", 0, "2026-11-25T02:29:59+00:00", "2026-11-24T02:30:00+00:00", "2026-11-24"),
    # 01:00 UTC is 02:00 in Berlin: the Berlin 02:30 of that day has not come yet
    ("30 2 * * *", "Europe/Berlin", -1, "2026-11-25T01:00:00+00:00", "2026-11-24T02:30:00+01:00", "2026-11-23"),
    ("0 6 * * 1", "UTC", -7, "2026-11-26T12:00:00+00:00", "2026-11-23T06:00:00+00:00", "2026-11-16"),
])
def test_latest_fire_and_its_logical_date(cron: str, zone: str, offset: int, now: str, fire: str, date: str) -> None:
    schedule = ScheduleConfig(cron=cron, timezone=zone, date_offset_days=offset)
    (latest,) = previous_fires(schedule, _at(now), 1)
    assert latest == _at(fire)
    assert logical_date(schedule, latest) == dt.date.fromisoformat(date)


def test_next_fire_is_strictly_later() -> None:
    schedule = ScheduleConfig(cron="30 2 * * *")
    assert next_fire(schedule, _at("2026-11-25T02:30:00+00:00")) == _at("2026-11-26T02:30:00+00:00")
    assert [f.day for f in previous_fires(schedule, _at("2026-11-25T12:00:00+00:00"), 3)] == [23, 24, 25]


@pytest.mark.parametrize(("since", "until", "days"), [(D24, D24, 1), (D24, D26, 3), (dt.date(2026, 2, 27),
                                                                                    dt.date(2026, 3, 1), 3)])
def test_date_range(since: dt.date, until: dt.date, days: int) -> None:
    dates = date_range(since, until)
    assert len(dates) == days and dates[0] == since and dates[-1] == until


def test_date_range_backwards_is_an_error() -> None:
    with pytest.raises(ValueError, match="before"):
        date_range(D26, D24)


# ------------------------------------------------------------------------------------------------ dated runs
def _line(topic: str, n: int) -> str:
    return json.dumps({"url": f"https://valley-post.example/{topic}/{n}", "title": f"Orchard fair {topic} {n}",
                       "text": f"The orchard fair in {topic} drew a record crowd on day {n}, organisers said. "
                               "Cider presses ran until dusk and the brass band played twice.",
                       "published": "2026-11-20T09:00:00Z", "source": "Valley Post"}) + "\n"


def land(root: Path, date: dt.date, name: str, topic: str, count: int, broken: int = 0) -> Path:
    folder = root / "landing" / f"{date:%Y/%m/%d}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(_line(topic, n) for n in range(count)) + "{broken\n" * broken)
    return path


def daily_job(root: Path, **changes: Any) -> JobConfig:
    values = {"name": "daily", "inputs": [str(root / "landing" / "{date:%Y/%m/%d}" / "*.jsonl")],
              "output": str(root / "out"), "nlp": {"enabled": False}, **changes}
    return JobConfig.model_validate(values)


def runs(output: Path) -> list[dict[str, Any]]:
    """Manifests in the order the runs started."""
    found = [json.loads(p.read_text()) for p in (output / "_runs").glob("*.json")]
    return sorted(found, key=lambda m: m["started_at"])


def visible(output: Path) -> tuple[int, int, int]:
    con = connect(output)
    ((articles, distinct),) = con.sql("select count(*), count(distinct article_id) from articles").fetchall()
    ((rejects,),) = con.sql("select count(*) from rejects").fetchall()
    return articles, distinct, rejects


@pytest.mark.slow
def test_daily_config_twice_for_a_date_and_once_for_the_next_gives_exact_counts(tmp_path: Path, cli) -> None:
    land(tmp_path, D24, "a.jsonl", "north", 3, broken=1)
    land(tmp_path, D24, "b.jsonl", "south", 2)
    land(tmp_path, D25, "c.jsonl", "east", 4)
    config = tmp_path / "daily.yaml"
    config.write_text(f"inputs: '{tmp_path}/landing/{{date:%Y/%m/%d}}/*.jsonl'\noutput: {tmp_path / 'out'}\n"
                      "nlp: {enabled: false}\n")
    first = cli("run", "--config", str(config), "--date", "2026-11-24", "-q")
    assert first.returncode == 0, first.stderr
    again = cli("run", "--config", str(config), "--date", "2026-11-24", "-q")
    assert again.returncode == 0, again.stderr
    assert "replaced" in again.stdout and "articles written  5" in again.stdout
    assert visible(tmp_path / "out") == (5, 5, 1)
    following = cli("run", "--config", str(config), "--date", "2026-11-25", "-q")
    assert following.returncode == 0, following.stderr
    assert visible(tmp_path / "out") == (9, 9, 1)
    statuses = [(m["job"]["logical_date"], m["status"], m["counts"]["articles_written"])
                for m in runs(tmp_path / "out")]
    assert statuses == [("2026-11-24", "replaced", 5), ("2026-11-24", "committed", 5), ("2026-11-25", "committed", 4)]


def test_a_retry_replaces_the_date_also_when_its_input_changed(tmp_path: Path) -> None:
    land(tmp_path, D24, "a.jsonl", "north", 3)
    gone = land(tmp_path, D24, "b.jsonl", "south", 2)
    job = daily_job(tmp_path)
    run_scheduled(job, D24, **QUIET)
    assert visible(tmp_path / "out")[:2] == (5, 5)
    gone.unlink()  # the day's input was corrected: the retry's output is the day's new truth
    outcome = run_scheduled(job, D24, **QUIET)
    assert outcome.replaced_runs and visible(tmp_path / "out")[:2] == (3, 3)
    run_ids = connect(tmp_path / "out").sql("select distinct run_id from articles").fetchall()
    assert run_ids == [(outcome.manifest["run_id"],)]


def test_inputs_committed_by_another_date_are_skipped(tmp_path: Path) -> None:
    land(tmp_path, D24, "a.jsonl", "north", 3)
    shared = land(tmp_path, D25, "b.jsonl", "south", 2)
    everything = daily_job(tmp_path, inputs=[str(tmp_path / "landing" / "**" / "*.jsonl")], name="all")
    run_scheduled(everything, None, **QUIET)  # an ad-hoc incremental run commits both days
    outcome = run_scheduled(daily_job(tmp_path), D25, **QUIET)
    assert outcome.status == "nothing_to_do" and outcome.skipped_inputs == [str(shared)]
    land(tmp_path, D25, "c.jsonl", "east", 1)
    outcome = run_scheduled(daily_job(tmp_path), D25, **QUIET)
    assert outcome.skipped_inputs == [str(shared)] and outcome.manifest["counts"]["articles_written"] == 1
    assert visible(tmp_path / "out")[:2] == (6, 6)


def test_without_incremental_a_retry_reads_everything_and_drops_what_others_hold(tmp_path: Path) -> None:
    land(tmp_path, D24, "a.jsonl", "north", 3)
    run_scheduled(daily_job(tmp_path, name="other"), D24, **QUIET)
    outcome = run_scheduled(daily_job(tmp_path), D24, incremental=False, **QUIET)
    counts = outcome.manifest["counts"]
    assert (counts["articles_written"], counts["duplicates_existing"]) == (0, 3)
    assert visible(tmp_path / "out")[:2] == (3, 3)


def test_a_date_without_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no input files match"):
        run_scheduled(daily_job(tmp_path), D24, **QUIET)
    assert not (tmp_path / "out").exists()  # a day without input makes no output folder (nor its lock)
    outcome = run_scheduled(daily_job(tmp_path, missing_inputs="skip"), D24, **QUIET)
    assert outcome.status == "no_input" and not (tmp_path / "out").exists()


def test_exit_status_for_a_scheduler(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    land(tmp_path, D24, "a.jsonl", "north", 1)
    job = daily_job(tmp_path)
    assert run_dates(job, [D25], **QUIET) == 2
    with OutputLock(tmp_path / "out"):
        assert run_dates(job, [D24], **QUIET) == 75
    assert run_dates(job, [D24], **QUIET) == 0
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors[0].startswith("newsbeam: error: 2026-11-25: no input files match")
    assert errors[1].startswith("newsbeam: error: 2026-11-24: another newsbeam run")


def test_an_incremental_job_whose_paths_need_a_date_and_get_none_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_dates(daily_job(tmp_path), [None], **QUIET) == 2
    (error,) = capsys.readouterr().err.strip().splitlines()
    assert error.startswith("newsbeam: error: run: ") and "{date" in error


def test_a_failed_dated_run_says_one_line_and_names_its_details(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    land(tmp_path, D24, "a.jsonl", "north", 1)

    def crash(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr("pipeline.schedule.publish_run", crash)
    assert run_dates(daily_job(tmp_path), [D24], **QUIET) == 1
    (error,) = capsys.readouterr().err.strip().splitlines()
    assert error.startswith("newsbeam: error: 2026-11-24: run failed: RuntimeError: power cut (details: ")
    details = Path(error.rsplit("(details: ", 1)[1].removesuffix(")"))
    assert "power cut" in details.read_text(encoding="utf-8")
    details.unlink()


def test_a_run_that_dies_before_publishing_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    land(tmp_path, D24, "a.jsonl", "north", 2)
    job = daily_job(tmp_path)

    def crash(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr("pipeline.schedule.publish_run", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        run_scheduled(job, D24, **QUIET)
    assert visible(tmp_path / "out") == (0, 0, 0) and runs(tmp_path / "out") == []
    monkeypatch.undo()
    run_scheduled(job, D24, **QUIET)
    assert visible(tmp_path / "out")[:2] == (2, 2)
    assert not any((tmp_path / "out" / "_state" / "runs").iterdir())


def test_scheduler_once_runs_the_latest_due_date(tmp_path: Path) -> None:
    land(tmp_path, D24, "a.jsonl", "north", 2)
    job = daily_job(tmp_path, schedule={"cron": "30 2 * * *"})
    clock = lambda: _at("2026-11-25T06:00:00+00:00")  # noqa: E731
    assert Scheduler(job, clock=clock, **QUIET).run(once=True) == 0
    assert [m["job"]["logical_date"] for m in runs(tmp_path / "out")] == ["2026-11-24"]


def test_catch_up_runs_only_the_missing_dates(tmp_path: Path) -> None:
    for date, topic in ((D24, "a"), (D25, "b"), (D26, "c")):
        land(tmp_path, date, "x.jsonl", topic, 1)
    job = daily_job(tmp_path, schedule={"cron": "0 1 * * *", "max_catchup": 3})
    run_scheduled(job, D25, **QUIET)
    scheduler = Scheduler(job, clock=lambda: _at("2026-11-27T02:00:00+00:00"), **QUIET)
    assert scheduler.catch_up(GracefulStop()) == 0
    dates = sorted(m["job"]["logical_date"] for m in runs(tmp_path / "out"))
    assert dates == ["2026-11-24", "2026-11-25", "2026-11-26"]


def test_a_job_without_schedule_cannot_be_scheduled(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="has no schedule"):
        Scheduler(daily_job(tmp_path))


@pytest.mark.slow
def test_the_module_airflow_runs_is_newsbeam_run(tmp_path: Path) -> None:
    import subprocess
    import sys

    land(tmp_path, D24, "a.jsonl", "north", 2)
    config = tmp_path / "daily.yaml"
    config.write_text(f"inputs: '{tmp_path}/landing/{{date:%Y/%m/%d}}/*.jsonl'\noutput: {tmp_path / 'out'}\n"
                      "nlp: {enabled: false}\n")
    # exactly the shape BeamRunPythonPipelineOperator gives the command: python -m FILE --runner=... --k=v
    done = subprocess.run([sys.executable, "-m", "pipeline.schedule", "--runner=DirectRunner", f"--config={config}",
                           "--date=2026-11-24", "--quiet"], cwd=REPO, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "articles written  2" in done.stdout


def test_the_airflow_dag_uses_the_beam_operator() -> None:
    tree = ast.parse((REPO / "deploy" / "airflow" / "newsbeam_daily_dag.py").read_text())
    calls = {node.func.id: node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Name)}
    operator = calls["BeamRunPythonPipelineOperator"]
    keywords = {k.arg: k.value for k in operator.keywords}
    assert ast.literal_eval(keywords["py_file"]) == "pipeline.schedule"
    assert ast.literal_eval(keywords["py_options"]) == ["-m"]
    options = {ast.literal_eval(k): v for k, v in zip(keywords["pipeline_options"].keys,
                                                       keywords["pipeline_options"].values, strict=True)}
    assert ast.literal_eval(options["date"]) == "{{ ds }}"


def test_the_crontab_example_is_valid_cron() -> None:
    lines = [line for line in (REPO / "deploy" / "crontab.example").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines
    for line in lines:
        fields = line.split()
        assert croniter.is_valid(" ".join(fields[:5])), line
        assert "%" not in line.replace("\\%", ""), "an unescaped % ends a cron command"
        assert "newsbeam" in line


def test_shipped_daily_config_renders_for_a_date() -> None:
    job = load_config(REPO / "configs" / "daily.yaml")
    assert for_date(job, D24).inputs[0] == "landing/2026/11/24/*.jsonl.gz"
    assert job.schedule is not None and croniter.is_valid(job.schedule.cron)


# ------------------------------------------------------------------------------------ retries and --once
@pytest.mark.parametrize(("codes", "calls", "status"), [
    ([2], 1, 2),            # no input for the day, a bad config: the same on every attempt
    ([1, 1, 0], 3, 0),      # a failed run is tried again
    ([75, 0], 2, 0),        # so is a locked output
    ([1, 2], 2, 2),         # an input error on a retry ends the retries
    ([1, 1, 1], 3, 1),
])
def test_the_scheduler_retries_failures_and_a_locked_output_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codes: list[int], calls: int, status: int) -> None:
    made: list[dt.date | None] = []

    def fake_run_dates(_job: JobConfig, dates: list[dt.date | None], *_args: Any, **_kwargs: Any) -> int:
        made.extend(dates)
        return codes[len(made) - 1]

    monkeypatch.setattr("pipeline.schedule.run_dates", fake_run_dates)
    job = daily_job(tmp_path, schedule={"cron": "30 2 * * *", "retries": 2, "retry_delay_seconds": 0})
    assert Scheduler(job, **QUIET).run_date(D24, GracefulStop()) == status
    assert made == [D24] * calls


def test_once_on_a_day_without_input_exits_2_at_once_and_says_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import pipeline.schedule as schedule_module

    attempts: list[Any] = []
    real_run_dates = schedule_module.run_dates
    monkeypatch.setattr(schedule_module, "run_dates", lambda *a, **k: attempts.append(a) or real_run_dates(*a, **k))
    lines: list[str] = []
    job = daily_job(tmp_path, schedule={"cron": "30 2 * * *", "retries": 2, "retry_delay_seconds": 0})
    scheduler = Scheduler(job, emit=lines.append, clock=lambda: _at("2026-11-25T06:00:00+00:00"))
    assert scheduler.run(once=True) == 2
    assert len(attempts) == 1
    assert lines[0].startswith("running 2026-11-24 now: the latest due date")
    assert lines[-1] == "2026-11-24: exit 2 (a usage or input error) is not retried"
    assert "no input files match" in capsys.readouterr().err


def test_a_retry_says_how_long_it_waits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipeline.schedule.run_dates", lambda *_a, **_k: 1)
    lines: list[str] = []
    job = daily_job(tmp_path, schedule={"cron": "30 2 * * *", "retries": 1, "retry_delay_seconds": 0})
    Scheduler(job, emit=lines.append, clock=lambda: _at("2026-11-25T06:00:00+00:00")).run_date(D24, GracefulStop())
    assert lines == ["2026-11-24: attempt 1 of 2 failed (exit 1); waiting 0 s to retry at 06:00:00 UTC (Ctrl-C stops)"]


# -------------------------------------------------------------------------- a day is judged by all its inputs
def test_a_day_with_one_kind_of_file_runs_and_records_the_pattern_that_matched_nothing(tmp_path: Path) -> None:
    land(tmp_path, D24, "a.jsonl", "north", 2)
    warc = str(tmp_path / "landing" / "{date:%Y/%m/%d}" / "*.warc.gz")
    job = daily_job(tmp_path, inputs=[str(tmp_path / "landing" / "{date:%Y/%m/%d}" / "*.jsonl"), warc])
    outcome = run_scheduled(job, D24, **QUIET)
    assert outcome.manifest["counts"]["articles_written"] == 2
    assert outcome.manifest["unmatched_inputs"] == [str(tmp_path / "landing" / "2026/11/24" / "*.warc.gz")]
    with pytest.raises(InputError, match=r"no input files match '.*\*\.jsonl' or '.*\*\.warc\.gz'"):
        run_scheduled(job, D25, **QUIET)  # no input at all: that day is missing


def test_the_shipped_daily_config_backfills_a_jsonl_only_landing_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for date, topic in ((D24, "north"), (D25, "south")):
        path = land(tmp_path, date, "feed.jsonl", topic, 2)
        path.with_suffix(".jsonl.gz").write_bytes(gzip.compress(path.read_bytes()))
        path.unlink()
    shipped = load_config(REPO / "configs" / "daily.yaml")
    job = shipped.model_copy(update={"nlp": shipped.nlp.model_copy(update={"enabled": False}), "beam_options": {}})
    assert run_dates(job, [D24, D25], **QUIET) == 0
    assert visible(tmp_path / "out")[:2] == (4, 4)


def test_an_incremental_run_without_a_date_says_what_it_skips_and_what_it_reads(tmp_path: Path) -> None:
    land(tmp_path, D24, "a.jsonl", "north", 1)
    job = daily_job(tmp_path, inputs=[str(tmp_path / "landing" / "**" / "*.jsonl")])
    run_scheduled(job, None, **QUIET)
    land(tmp_path, D25, "b.jsonl", "south", 1)
    lines: list[str] = []
    run_scheduled(job, None, emit=lines.append)
    assert "daily: 1 input file(s) already committed, skipped; reading 1 new or changed" in lines
    assert not any("nothing to do" in line for line in lines)
    assert run_scheduled(job, None, **QUIET).message == "daily: nothing to do, all 2 input file(s) already committed"


# ------------------------------------------------------------------------------------------------- Airflow
AIRFLOW_DIR = REPO / "deploy" / "airflow"


def _floors() -> dict[str, str]:
    lines = (AIRFLOW_DIR / "requirements.txt").read_text().splitlines()
    return dict(line.split(">=") for line in lines if line.strip() and not line.startswith("#"))


def test_the_airflow_versions_named_agree_with_the_requirements_file() -> None:
    floors = _floors()
    assert set(floors) == {"apache-airflow", "apache-airflow-providers-apache-beam"}
    docstring = " ".join(ast.get_docstring(ast.parse((AIRFLOW_DIR / "newsbeam_daily_dag.py").read_text())).split())
    for package, version in floors.items():
        assert f"``{package}`` {version} or later" in docstring
    modes = " ".join((REPO / "docs" / "modes.md").read_text().split())
    assert f"Airflow {floors['apache-airflow']} or later" in modes
    assert f"apache-airflow-providers-apache-beam>={floors['apache-airflow-providers-apache-beam']}" in modes


def test_the_airflow_dag_imports_where_airflow_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    pytest.importorskip("airflow.providers.apache.beam.operators.beam",
                        reason="Airflow and its Beam provider are not installed here (deploy/airflow/requirements.txt)")
    monkeypatch.setenv("NEWSBEAM_CONFIG", "/srv/newsbeam/daily.yaml")
    spec = importlib.util.spec_from_file_location("newsbeam_daily_dag", AIRFLOW_DIR / "newsbeam_daily_dag.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (task,) = module.dag.tasks
    assert module.dag.dag_id == "newsbeam_daily" and task.task_id == "newsbeam_run"
    assert task.pipeline_options["config"] == "/srv/newsbeam/daily.yaml"
