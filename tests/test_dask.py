"""newsbeam on a real distributed engine: Beam's DaskRunner on a dask.distributed cluster.

The cluster test starts a scheduler and two workers on 127.0.0.1, each a separate process of this
installation, runs ``newsbeam run --runner=DaskRunner`` on a fixture corpus (the bundled sample, a copy of
one of its feeds and a small generated corpus with duplicates and broken lines across files) and checks
that the four datasets hold exactly the rows of a DirectRunner run of the same input.

The other tests need no cluster: they pin the shapes that make the pipeline correct on the DaskRunner,
which drops ``finish_bundle`` outputs, hands every output of a multi-output ParDo to every consumer, and
executes only the branch that ends in the last applied transform (docs/distributed.md).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import apache_beam as beam
import pyarrow.dataset as pads
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.pvalue import TaggedOutput
from apache_beam.runners.dask.overrides import (
    _Create,
    _Flatten,
    _GroupAlsoByWindow,
    _GroupByKeyOnly,
    _Reshuffle,
    dask_overrides,
)
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.commit import ReconciliationError
from pipeline.config import JobConfig, beam_flags, load_config
from pipeline.dask_cluster import LocalDaskCluster
from pipeline.run import build_pipeline, sample_inputs
from pipeline.runners import DEFAULT_DASK_PARTITION_SIZE, resolve_runner
from pipeline.sink import (
    ANNOUNCED,
    MergePartitionsFn,
    PlanCommitFn,
    PublishRunFn,
    StageRowsFn,
    resolve_announced,
)
from schemas import SCHEMA_VERSION
from tests.conftest import dataset_rows
from tests.synthetic import write_feeds
from transforms.stages import ParDoWithOutputs, RunContext

STARTUP_TIMEOUT = 120.0  # seconds for the scheduler and both workers to come up on a busy CI machine
RUN_TIMEOUT = 900.0  # seconds for one `newsbeam run` of the fixture corpus
WORKERS = 2
DATASETS = ("articles", "entities", "quotes", "rejects")
NOW = dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC)


# ------------------------------------------------------------------------------- shapes, without a cluster
class _TwoWay(beam.DoFn):
    def process(self, number: int) -> Iterator[Any]:
        yield TaggedOutput("odd", number) if number % 2 else number


class _Undeclared(beam.DoFn):
    def process(self, number: int) -> Iterator[Any]:
        yield TaggedOutput("surprise", number)


def test_par_do_with_outputs_splits_outputs_like_with_outputs() -> None:
    with BeamTestPipeline(runner=FnApiRunner()) as p:
        split = p | beam.Create(range(7)) | ParDoWithOutputs(_TwoWay(), "odd", main="even")
        assert_that(split.even, equal_to([0, 2, 4, 6]), label="Even")
        assert_that(split.odd, equal_to([1, 3, 5]), label="Odd")


def test_par_do_with_outputs_refuses_an_undeclared_tag() -> None:
    with pytest.raises(Exception, match="surprise"), BeamTestPipeline(runner=FnApiRunner()) as p:
        _ = (p | beam.Create([1]) | ParDoWithOutputs(_Undeclared(), "odd", main="even")).even


def _article(number: int, day: int) -> dict[str, Any]:
    return {"article_id": f"a{number}", "published_date": dt.date(2026, 3, day)}


@contextlib.contextmanager
def fake_staging() -> Iterator[list[dict[str, Any]]]:
    """StageRowsFn without Arrow: rows written are kept in the list yielded; each write leaves an empty file
    named like a real staged file."""
    written: list[dict[str, Any]] = []

    def stage_rows(out: Path, run_id: str, dataset: str, rows: list[tuple[str, dict[str, Any]]],
                   stem: str | None = None) -> dict[str, Any]:
        folder = out / "_staging" / run_id / "rows" / dataset
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}-{len(rows)}.arrow"
        path.touch()
        written.extend(row for _, row in rows)
        return {"kind": "staged", "dataset": dataset, "path": str(path), "rows": len(rows)}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pipeline.sink.stage_rows", stage_rows)
        yield written


@pytest.fixture
def staged_rows() -> Iterator[list[dict[str, Any]]]:
    with fake_staging() as written:
        yield written


def _run_bundle(fn: StageRowsFn, elements: list[tuple[str, dict[str, Any]]]) -> tuple[list[Any], Any]:
    """One bundle as a runner drives it: what process() emitted, and what finish_bundle() returned."""
    fn.start_bundle()
    emitted = [out for element in elements for out in fn.process(element)]
    return emitted, fn.finish_bundle()


def _check_bundle(output: Path, elements: list[tuple[str, dict[str, Any]]], flush_rows: int,
                  written: list[dict[str, Any]]) -> None:
    announced, returned = _run_bundle(StageRowsFn(str(output), "run-1", flush_rows=flush_rows), elements)
    assert returned is None  # finish_bundle emits nothing: a runner may drop what it would emit
    assert {a["kind"] for a in announced} == ({ANNOUNCED} if elements else set())
    descriptors = resolve_announced(str(output), "run-1", announced)
    assert len(descriptors) == len(announced) == len(list(output.glob("_staging/**/*.arrow")))
    assert sum(d["rows"] for d in descriptors) == len(elements)
    assert Counter(r["article_id"] for r in written) == Counter(r["article_id"] for _, r in elements)


# (rows in the bundle, flush_rows)
BUNDLES = [(0, 2000), (1, 2000), (7, 2000), (7, 3), (12, 1)]


@pytest.mark.parametrize(("rows", "flush_rows"), BUNDLES)
def test_stage_rows_announces_every_file_from_process(tmp_path: Path, staged_rows: list[dict[str, Any]],
                                                       rows: int, flush_rows: int) -> None:
    elements = [("articles", _article(n, 1 + n % 3)) for n in range(rows)]
    _check_bundle(tmp_path, elements, flush_rows, staged_rows)


@settings(max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(["articles", "entities"]), st.integers(1, 4)), max_size=30),
       st.integers(1, 8))
def test_every_staged_row_is_in_exactly_one_announced_file(rows: list[tuple[str, int]], flush_rows: int) -> None:
    elements = [(dataset, _article(n, day)) for n, (dataset, day) in enumerate(rows)]
    with tempfile.TemporaryDirectory() as folder, fake_staging() as written:
        _check_bundle(Path(folder), elements, flush_rows, written)


@pytest.fixture
def staged_bundle(tmp_path: Path, staged_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The announcements of one bundle of three article and two entity rows over two days (files written)."""
    fn = StageRowsFn(str(tmp_path), "run-1")
    announced, _ = _run_bundle(fn, [("articles" if n < 3 else "entities", _article(n, 1 + n % 2))
                                    for n in range(5)])
    return announced


def test_resolve_counts_a_repeated_announcement_once(tmp_path: Path, staged_bundle: list[dict[str, Any]]) -> None:
    descriptors = resolve_announced(str(tmp_path), "run-1", staged_bundle + staged_bundle[:1])
    assert sorted(d["rows"] for d in descriptors) == [2, 3]


@pytest.mark.parametrize("damage", ["missing", "doubled", "folder gone"])
def test_resolve_refuses_an_announced_file_that_is_not_there_exactly_once(
        tmp_path: Path, staged_bundle: list[dict[str, Any]], damage: str) -> None:
    folder = tmp_path / "_staging" / "run-1" / "rows" / "articles"
    first = sorted(folder.glob("*.arrow"))[0]
    if damage == "missing":
        first.unlink()
    elif damage == "doubled":
        shutil.copy(first, first.with_name(first.name.replace(".arrow", "9.arrow")))
    else:
        shutil.rmtree(folder)
    with pytest.raises(ReconciliationError, match="missing or written twice"):
        resolve_announced(str(tmp_path), "run-1", staged_bundle)


def _full_article(number: int) -> dict[str, Any]:
    day = dt.date(2026, 2, 10 + number)
    return {
        "article_id": f"pier-{number}", "url": f"https://harbour.example/pier-{number}", "source": "harbour.example",
        "title": f"Pier {number} reopens", "authors": ["Ines Tallow"], "agencies": [], "byline_raw": "By Ines Tallow",
        "published_at": dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC), "published_offset_minutes": 0,
        "date_precision": "minute", "date_raw": day.isoformat(), "date_source": "metadata", "published_date": day,
        "language": "en", "body": f"Pier {number} reopened on Monday.", "word_count": 5, "comment_count": None,
        "content_hash": "f" * 32, "input_uri": "/in/harbour.jsonl", "input_offset": 100 * number,
        "fetched_at": None, "ingested_at": NOW, "run_id": "run-1", "schema_version": SCHEMA_VERSION,
    }


def _full_entity(article: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": article["article_id"], "published_date": article["published_date"],
            "entity": "Ines Tallow", "label": "PERSON", "mention_count": 1, "mentions": ["Ines Tallow"],
            "spans": [{"start": 0, "end": 11}], "run_id": "run-1", "schema_version": SCHEMA_VERSION,
            "_input_uri": article["input_uri"], "_input_offset": article["input_offset"]}


def _visible(output: Path, dataset: str) -> list[dict[str, Any]]:
    return pads.dataset(output / dataset, format="parquet", partitioning="hive").to_table().to_pylist()


class _CommitSteps:
    """WritePartitioned's three commit steps, each element handed on as a runner would."""

    def __init__(self, output: Path) -> None:
        self.plan = PlanCommitFn(str(output), "run-1")
        self.merge = MergePartitionsFn(str(output), "run-1")
        self.publish = PublishRunFn(str(output), "run-1", {"output": str(output)})

    def planned_and_merged(self, element: tuple[str, list[dict[str, Any]]]) -> tuple[str, list[dict[str, Any]]]:
        merged = [out for planned in self.plan.process(element) for out in self.merge.process(planned)]
        return "run-1", merged

    def run(self, element: tuple[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
        return list(self.publish.process(self.planned_and_merged(element)))


@pytest.fixture
def staged_run(tmp_path: Path) -> tuple[_CommitSteps, tuple[str, list[dict[str, Any]]]]:
    """Two articles with an entity each, staged by StageRowsFn; the commit steps and their input."""
    articles = [_full_article(n) for n in (1, 2)]
    rows = [pair for a in articles for pair in (("articles", a), ("entities", _full_entity(a)))]
    announced, _ = _run_bundle(StageRowsFn(str(tmp_path), "run-1"), rows)
    inputs = {"kind": "input", "path": "/in/harbour.jsonl", "format": "jsonl", "records": 2, "skipped": 0}
    return _CommitSteps(tmp_path), ("run-1", [*announced, inputs])


@pytest.mark.parametrize("run_again", ["the publish step", "every commit step"])
def test_a_commit_run_again_after_dying_mid_publish_finishes_the_first_attempt(
        tmp_path: Path, staged_run: tuple[_CommitSteps, Any], monkeypatch: pytest.MonkeyPatch, run_again: str) -> None:
    steps, element = staged_run
    real_replace = os.replace
    moved: list[str] = []

    def replace_then_die(source: str, target: str) -> None:
        if str(target).endswith(".parquet"):
            if moved:
                raise OSError("worker lost")  # the first partition file is in place, the rest are not
            moved.append(str(target))
        real_replace(source, target)

    publish_input = steps.planned_and_merged(element)
    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(OSError, match="worker lost"):
        list(steps.publish.process(publish_input))
    monkeypatch.setattr(os, "replace", real_replace)
    assert len(_visible(tmp_path, "articles")) == 1  # half published: what a lost worker leaves
    # the runner runs the lost step again, or recomputes the chain from the plan
    (manifest,) = steps.publish.process(publish_input) if run_again == "the publish step" else steps.run(element)
    assert (manifest["counts"]["articles_written"], manifest["counts"]["entities"]) == (2, 2)
    assert manifest["counts"]["duplicates_existing"] == 0
    assert sorted(r["article_id"] for r in _visible(tmp_path, "entities")) == ["pier-1", "pier-2"]


def test_a_commit_run_again_after_committing_returns_the_same_manifest(
        tmp_path: Path, staged_run: tuple[_CommitSteps, Any]) -> None:
    steps, element = staged_run
    (first,) = steps.run(element)
    (again,) = steps.run(element)
    assert again == json.loads(json.dumps(first, default=str))
    assert len(_visible(tmp_path, "articles")) == 2


def test_a_merge_task_delivered_twice_counts_once_and_a_lost_one_stops_the_publish(
        tmp_path: Path, staged_run: tuple[_CommitSteps, Any]) -> None:
    steps, element = staged_run
    key, merged = steps.planned_and_merged(element)
    tasks = [e for e in merged if e["kind"] == "merged"]
    assert len(tasks) == 4  # two days of articles, two of entities: small partitions get a task each
    with pytest.raises(ReconciliationError, match="1 merge task"):
        list(steps.publish.process((key, [e for e in merged if e is not tasks[0]])))
    (manifest,) = steps.publish.process((key, [*merged, tasks[0]]))
    assert (manifest["counts"]["articles_written"], manifest["counts"]["entities"]) == (2, 2)


# (flags, runner description contains)
DASK_FLAGS = [
    (["--runner=DaskRunner"], f"{DEFAULT_DASK_PARTITION_SIZE} input file(s) per partition"),
    (["--runner=apache_beam.runners.dask.dask_runner.DaskRunner", "--dask_client_address=tcp://10.0.0.5:8786"],
     "tcp://10.0.0.5:8786"),
    (["--runner=DaskRunner", "--dask_npartitions=6"], "6 partitions"),
    (["--runner=DaskRunner", "--dask_partition_size=4"], "4 input file(s) per partition"),
]


@pytest.mark.parametrize(("flags", "described"), DASK_FLAGS)
def test_dask_runner_is_resolved_by_its_short_name(flags: list[str], described: str) -> None:
    pytest.importorskip("distributed")
    from apache_beam.runners.dask.dask_runner import DaskOptions, DaskRunner

    options = PipelineOptions(flags)
    runner, description = resolve_runner(options)
    assert isinstance(runner, DaskRunner)
    assert description.startswith("DaskRunner on dask.distributed") and described in description
    chosen = options.view_as(DaskOptions).get_all_options(drop_default=True, current_only=True)
    assert ("npartitions" in chosen) != ("partition_size" in chosen)  # Beam refuses both at once


def test_the_shipped_distributed_config_runs_on_dask() -> None:
    pytest.importorskip("distributed")
    job = load_config(Path(__file__).resolve().parent.parent / "configs" / "distributed.yaml")
    runner, description = resolve_runner(PipelineOptions(beam_flags(job.beam_options)))
    assert type(runner).__name__ == "DaskRunner"
    assert "tcp://dask-scheduler:8786" in description


def _applied_leaves(pipeline: beam.Pipeline) -> list[Any]:
    leaves: list[Any] = []

    class Collect(beam.pipeline.PipelineVisitor):
        def visit_transform(self, node: Any) -> None:
            leaves.append(node)

    pipeline.visit(Collect())
    return leaves


# what Beam 2.77's DaskRunner translates after its overrides; any other leaf transform (an io.Read, a ParDo
# subclass) it would silently treat as doing nothing
DASK_EXECUTES = frozenset({_Create, _Reshuffle, beam.ParDo, _Flatten, _GroupByKeyOnly, _GroupAlsoByWindow})


@pytest.mark.parametrize("nlp", [True, False])
def test_the_pipeline_uses_only_what_the_dask_runner_executes(tmp_path: Path, nlp: bool) -> None:
    job = JobConfig(output=str(tmp_path / "out"), nlp={"enabled": nlp})
    pipeline = beam.Pipeline(runner=FnApiRunner())
    build_pipeline(pipeline, ["/in/a.jsonl"], job, RunContext(run_id="run-1", ingested_at=NOW), job.output, {})
    pipeline.replace_all(dask_overrides())
    leaves = _applied_leaves(pipeline)
    # every transform feeds the commit, the last one applied: the DaskRunner computes only that branch
    assert leaves[-1].full_label.endswith("PublishRun")
    upstream = {leaves[-1]}
    for node in reversed(leaves):
        if node in upstream:
            upstream.update(value.producer for value in node.inputs if value.producer is not None)
    assert [n.full_label for n in leaves if n not in upstream] == []
    for node in leaves:
        assert type(node.transform) in DASK_EXECUTES, node.full_label
        assert not node.side_inputs, node.full_label  # evaluated as separate computations inside a task
        assert len(node.outputs) == 1, node.full_label  # tagged outputs would reach every consumer
        if isinstance(node.transform, beam.ParDo):
            # a finish_bundle that yields (BatchElements' does: each bundle's last batch) emits into nothing
            assert not inspect.isgeneratorfunction(type(node.transform.fn).finish_bundle), node.full_label


# ------------------------------------------------------------------------------------ the loopback cluster
@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalDaskCluster]:
    """A scheduler and two single-threaded workers on 127.0.0.1, each its own process of this installation
    (pipeline/dask_cluster.py, as benchmarks/bench_dask.py does); stopped whatever the tests do."""
    pytest.importorskip("distributed")
    with LocalDaskCluster(WORKERS, tmp_path_factory.mktemp("dask"), startup_timeout=STARTUP_TIMEOUT) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def fixture_inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Input patterns: the bundled sample (every format, rejects, a duplicate), a copy of one of its feeds
    (duplicates in another file, so in another Dask partition) and a generated corpus over three files."""
    folder = tmp_path_factory.mktemp("corpus")
    write_feeds(folder / "generated", 24, files=3, duplicates=3, broken=2)
    copy = folder / "copies" / "wire-again.jsonl"
    copy.parent.mkdir()
    shutil.copy(Path(__file__).resolve().parent.parent / "pipeline" / "sample" / "feeds" / "wire.jsonl", copy)
    return [*sample_inputs(), str(folder / "generated" / "*.jsonl.gz"), str(copy)]


def _newsbeam_run(inputs: list[str], output: Path, *flags: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "pipeline", "run", "-q", "--output", str(output), *flags]
    for pattern in inputs:
        command += ["--input", pattern]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False,
                          cwd=Path(__file__).resolve().parent.parent)
    assert proc.returncode == 0, f"{' '.join(flags) or 'DirectRunner'} failed:\n{proc.stdout}\n{proc.stderr}"
    (manifest,) = [path for path in (output / "_runs").glob("*.json") if not path.name.startswith(".")]
    return json.loads(manifest.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.model
def test_dask_cluster_run_matches_the_direct_runner(dask_cluster: LocalDaskCluster, fixture_inputs: list[str],
                                                     tmp_path: Path) -> None:
    from distributed import Client

    direct = _newsbeam_run(fixture_inputs, tmp_path / "direct")
    on_dask = _newsbeam_run(fixture_inputs, tmp_path / "dask", "--runner=DaskRunner",
                            f"--dask_client_address={dask_cluster.address}")

    assert on_dask["runner"].startswith("DaskRunner on dask.distributed")
    assert dask_cluster.address in on_dask["runner"]
    assert direct["runner"].startswith("DirectRunner")
    # how many later copies skip NLP depends on how the runner splits the work (each Dask partition is one
    # file with its own dedupe stage): work avoided, not what is committed
    avoided = ("nlp_skipped_in_run",)
    assert {k: v for k, v in on_dask["counts"].items() if k not in avoided} == \
        {k: v for k, v in direct["counts"].items() if k not in avoided}
    assert on_dask["counts"]["nlp_skipped_in_run"] <= on_dask["counts"]["duplicates_in_run"]
    assert on_dask["inputs"] == direct["inputs"]
    counts = direct["counts"]
    assert counts["input_files"] == 13 + 3 + 1
    assert counts["duplicates_in_run"] >= 1 + 8  # the sample's own duplicate, and every record of its copy
    assert counts["entities"] > 0 and counts["quotes"] > 0
    for dataset in DATASETS:
        expected = dataset_rows(tmp_path / "direct", dataset)
        actual = dataset_rows(tmp_path / "dask", dataset)
        assert sum(expected.values()) > 0, dataset
        assert actual == expected, f"{dataset}: {sum((actual - expected).values())} rows only on Dask, " \
                                   f"{sum((expected - actual).values())} only on the DirectRunner"
    # both workers executed pipeline code: the run was split between them
    with Client(dask_cluster.address, timeout=STARTUP_TIMEOUT) as client:
        # a lambda travels by value: this test module is not importable on the workers
        ran = client.run(lambda: "transforms.stages" in sys.modules)
    assert list(ran.values()) == [True] * WORKERS, dask_cluster.logs()
