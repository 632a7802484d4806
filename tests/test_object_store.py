"""Outputs on object storage, against a real S3 API on loopback (moto's server on 127.0.0.1).

Every command runs as a user runs it (a separate interpreter); the endpoint and credentials reach it the
standard way, through the ``AWS_*`` environment variables.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.conftest import REPO, SAMPLE_DIR, cli_command, dataset_rows, run_cli

EXPECTED = json.loads((SAMPLE_DIR / "expected.json").read_text(encoding="utf-8"))
BUCKET = "newsbeam-test"
OUTPUT = f"s3://{BUCKET}/out"
EXIT_LOCKED = 75


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """A moto S3 server on a free loopback port; yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """An empty bucket, with the environment pointing every client (this process, CLI children) at it."""
    import s3fs

    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_server)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the working folders of this test only
    fs = s3fs.S3FileSystem(skip_instance_cache=True)
    if fs.exists(BUCKET):
        fs.rm(BUCKET, recursive=True)
    fs.mkdir(BUCKET)
    fs.invalidate_cache()
    return fs


def objects(fs: Any, prefix: str = f"{BUCKET}/out") -> list[str]:
    fs.invalidate_cache()
    try:
        return sorted(name[len(prefix) + 1:] for name in fs.find(prefix))
    except FileNotFoundError:
        return []


def manifests(fs: Any) -> list[dict[str, Any]]:
    return [json.loads(fs.cat_file(f"{BUCKET}/out/{name}")) for name in objects(fs)
            if name.startswith("_runs/") and name.endswith(".json")]


def data_rows(fs: Any, dataset: str, id_column: str) -> Counter:
    """Ids of every row of a dataset's data objects (all of them: what a plain listing reader would see)."""
    seen: Counter = Counter()
    for name in objects(fs):
        if name.startswith(f"{dataset}/") and name.endswith(".parquet"):
            with fs.open(f"{BUCKET}/out/{name}", "rb") as handle:
                seen.update(pq.read_table(handle, columns=[id_column]).column(id_column).to_pylist())
    return seen


def query(sql: str) -> list[list[Any]]:
    done = run_cli("query", "--output", OUTPUT, "--format", "json", sql)
    assert done.returncode == 0, done.stderr
    return [list(row.values()) for row in json.loads(done.stdout)]


def run_sample(*extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli("run", "--output", OUTPUT, "--no-nlp", *extra)


def test_a_batch_run_commits_to_the_bucket_and_a_rerun_adds_nothing(bucket: Any) -> None:
    done = run_sample()
    assert done.returncode == 0, done.stderr
    totals = EXPECTED["totals"]
    (manifest,) = manifests(bucket)
    assert manifest["output"] == OUTPUT
    assert manifest["counts"]["articles_written"] == totals["articles"]
    names = objects(bucket)
    assert not any(name.startswith(("_staging/", "s3:")) for name in names)
    assert "_runs/.lock" not in names  # released
    assert {entry["path"] for entry in manifest["files"]} <= set(names)
    assert sum(data_rows(bucket, "articles", "article_id").values()) == totals["articles"]
    assert not (REPO / "s3:").exists()

    again = run_sample()
    assert again.returncode == 0, again.stderr
    second = [m for m in manifests(bucket) if m["run_id"] != manifest["run_id"]]
    assert len(second) == 1 and second[0]["counts"]["articles_written"] == 0
    assert second[0]["counts"]["duplicates_existing"] == totals["articles"]
    assert max(data_rows(bucket, "articles", "article_id").values()) == 1

    assert query("select count(*) from articles") == [[totals["articles"]]]
    assert query("select count(distinct article_id) from articles") == [[totals["articles"]]]


def test_query_of_the_bucket_sees_only_committed_files(bucket: Any) -> None:
    assert run_sample().returncode == 0
    # a data object no manifest names, as a writer killed during its publish leaves it
    (name,) = [n for n in objects(bucket) if n.startswith("articles/")][:1]
    orphan = name.rsplit("/", 1)[0] + "/part-20990101T000000Z-0badc0de-00000.parquet"
    bucket.copy(f"{BUCKET}/out/{name}", f"{BUCKET}/out/{orphan}")
    assert query("select count(*) from articles") == [[EXPECTED["totals"]["articles"]]]
    from pipeline.query import connect, dataset

    assert connect(OUTPUT).sql("select count(*) from articles").fetchall() == [(EXPECTED["totals"]["articles"],)]
    assert dataset(OUTPUT, "articles").count_rows() == EXPECTED["totals"]["articles"]


def test_query_of_a_bucket_without_an_output_is_a_usage_error(bucket: Any) -> None:
    done = run_cli("query", "--output", f"s3://{BUCKET}/nothing-here", "select 1")
    assert done.returncode == 2
    assert "no newsbeam output at s3://" in done.stderr


# a run killed after its first publish step: the data files are put, the state and the manifest are not
KILLER = """
import os, signal, sys
import pipeline.objstore as objstore
from pipeline.cli import main
put = objstore.put_files
def dying_put(fs, local, remote):
    put(fs, local, remote)
    os.kill(os.getpid(), signal.SIGKILL)
objstore.put_files = dying_put
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_kill_mid_publish_then_rerun_leaves_nothing_partial_or_twice(bucket: Any, tmp_path: Path) -> None:
    killer = tmp_path / "killer.py"
    killer.write_text(KILLER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, str(killer), "run", "--output", OUTPUT, "--no-nlp"], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    names = objects(bucket)
    assert [n for n in names if n.endswith(".parquet")], "the kill came before any data file was put"
    assert manifests(bucket) == []  # nothing committed ...
    assert query("select count(*) from articles") == [[0]]  # ... so readers see nothing of it
    assert "_runs/.lock" in names  # the killed writer's lock; its pid is gone, so it is expired

    again = run_sample()
    assert again.returncode == 0, again.stderr
    (manifest,) = manifests(bucket)
    listed = {entry["path"] for entry in manifest["files"]}
    data = {n for n in objects(bucket) if n.split("/", 1)[0] in ("articles", "entities", "quotes", "rejects")}
    assert data == listed  # the killed run's objects were deleted, the new run's are all there
    assert max(data_rows(bucket, "articles", "article_id").values()) == 1
    assert sum(data_rows(bucket, "articles", "article_id").values()) == EXPECTED["totals"]["articles"]


LOCK_HOLDER = """
import sys, time
from pipeline.objstore import RemoteLock
with RemoteLock(sys.argv[1], "run"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_second_writer_is_refused_by_the_conditional_put(bucket: Any, tmp_path: Path) -> None:
    holder_script = tmp_path / "holder.py"
    holder_script.write_text(LOCK_HOLDER, encoding="utf-8")
    holder = subprocess.Popen([sys.executable, str(holder_script), OUTPUT, "60"], cwd=REPO, text=True,
                              stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        refused = run_sample()
        assert refused.returncode == EXIT_LOCKED, refused.stderr
        assert f"another newsbeam run (pid {holder.pid} on {socket.gethostname()}) is writing to {OUTPUT}" \
            in refused.stderr
        compaction = run_cli("compact", "--output", OUTPUT)
        assert compaction.returncode in (EXIT_LOCKED, 2)  # locked (or, with nothing committed, no output yet)
    finally:
        holder.kill()
        holder.wait(timeout=60)
    assert manifests(bucket) == []
    # the holder was killed: its lock is expired (same host, pid gone), and the next writer takes it over
    done = run_sample()
    assert done.returncode == 0, done.stderr


def test_two_writers_started_together_one_is_refused(bucket: Any) -> None:
    processes = [subprocess.Popen(cli_command("run", "--output", OUTPUT, "--no-nlp"), cwd=REPO, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [(process.communicate(timeout=600), process.returncode) for process in processes]
    codes = sorted(code for _, code in results)
    # both may succeed one after the other when the first finished before the second started
    assert codes in ([0, EXIT_LOCKED], [0, 0]), results
    committed = manifests(bucket)
    assert sum(m["counts"]["articles_written"] for m in committed) == EXPECTED["totals"]["articles"]
    assert max(data_rows(bucket, "articles", "article_id").values()) == 1


def test_an_expired_lease_is_taken_over(bucket: Any) -> None:
    from pipeline.objstore import RemoteLock

    stale = {"token": "x", "holder": "run", "host": "another-host", "pid": 1, "expires_at": "2000-01-01T00:00:00+00:00"}
    bucket.pipe_file(f"{BUCKET}/out/_runs/.lock", json.dumps(stale).encode())
    with RemoteLock(OUTPUT, "run") as lock:
        assert lock.held()
    live = {**stale, "expires_at": "2999-01-01T00:00:00+00:00"}
    bucket.pipe_file(f"{BUCKET}/out/_runs/.lock", json.dumps(live).encode())
    from pipeline.locking import OutputLockedError

    with pytest.raises(OutputLockedError, match="pid 1 on another-host"), RemoteLock(OUTPUT, "run"):
        pass


def _two_runs(bucket: Any, sample_dir: Path) -> None:
    for part in ("feeds", "text"):
        done = run_cli("run", "--output", OUTPUT, "--no-nlp", "--input", str(sample_dir / part))
        assert done.returncode == 0, done.stderr


def test_compaction_on_the_bucket_merges_and_deletes_the_old_files_after_its_record(
        bucket: Any, sample_dir: Path) -> None:
    _two_runs(bucket, sample_dir)
    before = query("select count(*), count(distinct article_id) from articles")
    files_before = [n for n in objects(bucket) if n.startswith("articles/")]
    done = run_cli("compact", "--output", OUTPUT, "--dataset", "articles", "--min-files", "2")
    assert done.returncode == 0, done.stderr
    files_after = [n for n in objects(bucket) if n.startswith("articles/")]
    (record_name,) = [n for n in objects(bucket) if n.startswith("_state/compactions/")]
    record = json.loads(bucket.cat_file(f"{BUCKET}/out/{record_name}"))
    merged = {f"articles/published_date={p['partition'].split('=', 1)[-1]}" for p in record["partitions"]}
    assert merged, "nothing was compacted"
    # in every merged partition the files of the two runs are gone: one file of the compaction is left
    for partition in merged:
        left = [n for n in files_after if n.rsplit("/", 1)[0] == partition]
        assert len(left) == 1 and record["compaction_id"] in left[0], left
    assert len(files_after) < len(files_before)
    assert query("select count(*), count(distinct article_id) from articles") == before


def test_plain_local_outputs_are_untouched_by_the_object_store_layer(tmp_path: Path) -> None:
    from pipeline.layout import is_remote, unsupported_scheme

    assert not is_remote(tmp_path / "out") and unsupported_scheme(tmp_path / "out") is None
    assert is_remote("s3://b/out") and unsupported_scheme("s3://b/out") is None
    assert "not supported" in (unsupported_scheme("file:///tmp/out") or "")
    assert "not supported" in (unsupported_scheme("http://example.com/out") or "")



@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A scheduler and two single-threaded workers on 127.0.0.1 (pipeline/dask_cluster.py)."""
    pytest.importorskip("distributed")
    from pipeline.dask_cluster import LocalDaskCluster

    with LocalDaskCluster(2, tmp_path_factory.mktemp("dask"), startup_timeout=120.0) as cluster:
        yield cluster


@pytest.mark.slow
def test_a_dask_cluster_run_into_the_bucket_holds_the_direct_runners_rows(
        bucket: Any, dask_cluster: Any, tmp_path: Path) -> None:
    from schemas import DATASETS

    direct = run_cli("run", "--output", str(tmp_path / "direct"), "--no-nlp")
    assert direct.returncode == 0, direct.stderr
    on_dask = run_cli("run", "--output", OUTPUT, "--no-nlp", "--runner=DaskRunner",
                      f"--dask_client_address={dask_cluster.address}")
    assert on_dask.returncode == 0, on_dask.stderr
    (manifest,) = manifests(bucket)
    assert manifest["runner"].startswith("DaskRunner on dask.distributed")
    copy = tmp_path / "from-bucket"
    bucket.get(f"{BUCKET}/out/", str(copy), recursive=True)
    written = [dataset for dataset in DATASETS if (tmp_path / "direct" / dataset).is_dir()]
    assert written == ["articles", "rejects"]  # no NLP: no entities or quotes
    assert [dataset for dataset in DATASETS if (copy / dataset).is_dir()] == written
    for dataset in written:
        expected = dataset_rows(tmp_path / "direct", dataset)
        assert sum(expected.values()) > 0 and dataset_rows(copy, dataset) == expected, dataset


def test_a_writer_whose_lease_was_taken_over_publishes_no_record(bucket: Any, tmp_path: Path) -> None:
    from pipeline.locking import OutputLockedError
    from pipeline.objstore import RemoteLock, RemoteOutput

    output = RemoteOutput(OUTPUT)
    with RemoteLock(OUTPUT, "run") as lock:
        local = output.fetch()
        data = local / "articles" / "published_date=2026-01-01" / "part-20260101T000000Z-0000beef-00000.parquet"
        data.parent.mkdir(parents=True)
        data.write_bytes(b"PAR1")
        (local / "_runs").mkdir(exist_ok=True)
        (local / "_runs" / "20260101T000000Z-0000beef.json").write_text("{}", encoding="utf-8")
        # another writer found the lease expired (a pause longer than it) and took the lock
        bucket.pipe_file(f"{BUCKET}/out/_runs/.lock", json.dumps({"token": "someone else"}).encode())
        with pytest.raises(OutputLockedError, match="taken over"):
            output.publish(lock)
    names = objects(bucket)
    assert "_runs/20260101T000000Z-0000beef.json" not in names  # the data file went up, its manifest did not
    assert "_runs/.lock" in names  # the other writer's lock is left alone


def _feed(name: str, count: int) -> str:
    return "".join(json.dumps({"url": f"https://example.com/{name}/{n}", "title": f"{name} {n}",
                               "body": f"The {name} story number {n}. " * 20, "published": "2026-03-04"}) + "\n"
                   for n in range(count))


def _wait(condition: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)


@pytest.mark.slow
def test_a_stream_commits_two_windows_to_the_bucket(bucket: Any, tmp_path: Path) -> None:
    watch = tmp_path / "landing"
    watch.mkdir()
    (watch / "first.jsonl").write_text(_feed("first", 3), encoding="utf-8")
    process = subprocess.Popen(cli_command("stream", "--watch", str(watch), "--output", OUTPUT, "--window", "1",
                                           "--settle", "0.5", "--poll", "0.2", "--no-nlp"),
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait(lambda: len(manifests(bucket)) >= 1 or process.poll() is not None, 180, "the first window")
        assert process.poll() is None, process.communicate()
        assert "_state/stream.lock" in objects(bucket)  # the stream's own lock object, while it runs
        (watch / "second.jsonl").write_text(_feed("second", 2), encoding="utf-8")
        _wait(lambda: len(manifests(bucket)) >= 2 or process.poll() is not None, 180, "the second window")
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    windows = manifests(bucket)
    assert len(windows) == 2 and all(m["output"] == OUTPUT and "stream" in m for m in windows)
    assert sorted(Path(i["path"]).name for m in windows for i in m["inputs"]) == ["first.jsonl", "second.jsonl"]
    assert query("select count(*), count(distinct article_id) from articles") == [[5, 5]]
    assert "_state/stream.lock" not in objects(bucket)  # released at the stop


def test_an_incremental_run_on_the_bucket_reads_only_new_inputs(bucket: Any, sample_dir: Path) -> None:
    first = run_cli("run", "--output", OUTPUT, "--no-nlp", "--incremental", "--input", str(sample_dir / "feeds"))
    assert first.returncode == 0, first.stderr
    again = run_cli("run", "--output", OUTPUT, "--no-nlp", "--incremental", "--input", str(sample_dir / "feeds"))
    assert again.returncode == 0, again.stderr
    assert "nothing to do" in again.stdout
    (manifest,) = manifests(bucket)
    assert manifest["output"] == OUTPUT and manifest["job"]["incremental"] is True


@pytest.mark.slow
@pytest.mark.model
def test_enrich_on_the_bucket_adds_entities_and_quotes(bucket: Any) -> None:
    assert run_sample().returncode == 0
    assert query("select count(*) from entities") == [[0]]
    done = run_cli("enrich", "--output", OUTPUT)
    assert done.returncode == 0, done.stderr
    assert query("select count(*) > 0 from entities") == [[True]]
    assert query("select count(distinct article_id) from articles") == [[EXPECTED["totals"]["articles"]]]
