"""An output on S3 beside a local folder, in one invocation, on a loopback S3 server (moto).

    python -m benchmarks.bench_object_store [--articles 1000] [--rounds 2] [--baseline /path/to/checkout]
                                            [--commit-files 100 10000]

Each a separate ``newsbeam run --no-nlp`` process over the same generated corpus, the variants taking turns
round after round (the machine is shared: compare the ratios, measured side by side):

- ``local``: into an empty local folder;
- ``local-baseline`` (with ``--baseline``): the same with the code of another checkout (``PYTHONPATH``), the
  local path before and after a change;
- ``s3``: into an empty prefix of a bucket on the loopback server (a fresh working folder each time);
- ``s3-rerun``: the same command again on that prefix (every article is committed already).

Requests per run are counted at the server (one log record per HTTP request). Then the publish step alone
(``RemoteOutput.publish``, pipeline/objstore.py) for a commit of N staged files: N small Parquet files in
a working folder, an id index segment and a manifest put last, timed and counted for each ``--commit-files``.

Loopback moto is not S3: it has no network latency and its own per-request cost, so the figures say what
newsbeam's side costs and how many requests it makes, not what a real bucket takes.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_suite import corpus_stats, generated_corpus, measure
from benchmarks.report import Column, print_table, save_json

BUCKET = "newsbeam-bench"


class RequestCounter(logging.Handler):
    """Counts the HTTP requests the loopback server answers (werkzeug logs one record per request)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def start_server() -> tuple[Any, RequestCounter]:
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    counter = RequestCounter()
    werkzeug = logging.getLogger("werkzeug")
    werkzeug.setLevel(logging.INFO)
    werkzeug.propagate = False
    werkzeug.addHandler(counter)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    os.environ.update(AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}", AWS_ACCESS_KEY_ID="bench",
                      AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")
    import s3fs

    s3fs.S3FileSystem(skip_instance_cache=True).mkdir(BUCKET)
    return server, counter


def _newsbeam(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def run_rows(files: list[Path], stats: dict[str, int], work: Path, rounds: int, baseline: str | None,
             counter: RequestCounter) -> list[dict[str, Any]]:
    pattern = str(files[0].parent / "*.jsonl.gz")
    rows: list[dict[str, Any]] = []
    for round_number in range(rounds):
        variants: list[tuple[str, list[str], dict[str, str]]] = []
        local = work / f"local-{round_number}"
        variants.append(("local", _newsbeam("run", "-q", "--no-nlp", "--input", pattern, "--output", str(local)),
                         {}))
        if baseline:
            variants.append(("local-baseline", _newsbeam("run", "-q", "--no-nlp", "--input", pattern, "--output",
                                                         str(work / f"base-{round_number}")),
                             {"PYTHONPATH": baseline}))
        url = f"s3://{BUCKET}/round-{round_number}"
        variants.append(("s3", _newsbeam("run", "-q", "--no-nlp", "--input", pattern, "--output", url), {}))
        variants.append(("s3-rerun", _newsbeam("run", "-q", "--no-nlp", "--input", pattern, "--output", url), {}))
        for name, command, env in variants:
            saved = {key: os.environ.get(key) for key in (*env, "XDG_CACHE_HOME")}
            os.environ.update(env)
            # a working folder per round: empty for ``s3`` (the first run of a machine on the prefix), warm for
            # the re-run after it
            os.environ["XDG_CACHE_HOME"] = str(work / f"cache-{round_number}")
            before = counter.count
            try:
                result = measure(command)
            finally:
                for key, value in saved.items():
                    if value is None:
                        os.environ.pop(key, None)
                    else:
                        os.environ[key] = value
            rows.append({"variant": name, "round": round_number, "wall": result["seconds"],
                         "cpu": result["cpu_seconds"], "articles_per_s": stats["articles"] / result["seconds"],
                         "requests": counter.count - before if name.startswith("s3") else None})
        for folder in (local, work / f"base-{round_number}"):
            shutil.rmtree(folder, ignore_errors=True)
    return rows


def summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for variant in dict.fromkeys(row["variant"] for row in rows):
        mine = [row for row in rows if row["variant"] == variant]
        out.append({"variant": variant, "wall": statistics.median(r["wall"] for r in mine),
                    "cpu": statistics.median(r["cpu"] for r in mine),
                    "articles_per_s": statistics.median(r["articles_per_s"] for r in mine),
                    "requests": mine[0]["requests"]})
    return out


def commit_row(files: int, work: Path, counter: RequestCounter) -> dict[str, Any]:
    """The publish of a commit of ``files`` data files (and its id index segment and manifest), alone."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.catalog import seal
    from pipeline.objstore import RemoteLock, RemoteOutput

    url = f"s3://{BUCKET}/commit-{files}"
    os.environ["XDG_CACHE_HOME"] = str(work / f"commit-cache-{files}")
    output = RemoteOutput(url)
    run_id = "20260101T000000Z-0000beef"
    with RemoteLock(url, "bench") as lock:
        local = output.fetch()
        table = pa.table({"article_id": ["a"], "title": ["t"]})
        entries = []
        for index in range(files):
            relative = f"articles/published_date=2026-01-{index % 28 + 1:02d}/part-{run_id}-{index:05d}.parquet"
            (local / relative).parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, local / relative)
            entries.append({"dataset": "articles", "path": relative, "rows": 1})
        (local / "_state" / "index").mkdir(parents=True, exist_ok=True)
        (local / "_state" / "index" / f"run-{run_id}.npy").write_bytes(b"\0" * 1024)
        (local / "_runs").mkdir(exist_ok=True)
        manifest = seal({"run_id": run_id, "status": "committed", "files": entries})
        (local / "_runs" / f"{run_id}.json").write_text(json.dumps(manifest), encoding="utf-8")
        before = counter.count
        started = time.perf_counter()
        output.publish(lock)
        seconds = time.perf_counter() - started
    return {"files": files, "seconds": seconds, "requests": counter.count - before,
            "files_per_s": files / seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--files", type=int, default=8, help="input files the corpus is dealt over")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", help="a checkout whose code runs the local-baseline variant")
    parser.add_argument("--commit-files", type=int, nargs="*", default=[100, 10_000])
    parser.add_argument("--work", default="bench-out/work")
    parser.add_argument("--json", default="bench-out/object_store.json")
    args = parser.parse_args(argv)
    work = Path(args.work)
    files = generated_corpus(work, args.articles, args.files)
    stats = corpus_stats(files)
    server, counter = start_server()
    scratch = Path(tempfile.mkdtemp(prefix="object-store-", dir=work))
    try:
        rows = run_rows(files, stats, scratch, args.rounds, args.baseline, counter)
        medians = summary(rows)
        print(f"\nnewsbeam run --no-nlp, {stats['articles']:,} articles, median of {args.rounds} round(s)")
        print_table([Column("variant", 16, lambda r: r["variant"], left=True),
                     Column("wall s", 8, lambda r: f"{r['wall']:.2f}"),
                     Column("cpu s", 8, lambda r: f"{r['cpu']:.2f}"),
                     Column("articles/s", 11, lambda r: f"{r['articles_per_s']:.0f}"),
                     Column("requests", 9, lambda r: "" if r["requests"] is None else str(r["requests"]))], medians)
        by = {row["variant"]: row for row in medians}
        ratios = {"s3_over_local_wall": by["s3"]["wall"] / by["local"]["wall"],
                  "s3_rerun_over_local_wall": by["s3-rerun"]["wall"] / by["local"]["wall"]}
        if "local-baseline" in by:
            ratios["local_over_baseline_wall"] = by["local"]["wall"] / by["local-baseline"]["wall"]
            ratios["local_over_baseline_cpu"] = by["local"]["cpu"] / by["local-baseline"]["cpu"]
        for name, value in ratios.items():
            print(f"  {name:<28}{value:.3f}")
        commits = [commit_row(n, scratch, counter) for n in args.commit_files]
        print("\npublish of one commit (data files, id index segment, manifest last)")
        print_table([Column("files", 8, lambda r: f"{r['files']:,}"),
                     Column("seconds", 9, lambda r: f"{r['seconds']:.2f}"),
                     Column("requests", 9, lambda r: str(r["requests"])),
                     Column("files/s", 9, lambda r: f"{r['files_per_s']:.0f}")], commits)
        save_json(args.json, {"articles": stats["articles"], "rounds": rows, "medians": medians, "ratios": ratios,
                              "commits": commits})
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
