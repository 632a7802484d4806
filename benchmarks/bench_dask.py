"""The same `newsbeam run` on Beam's DaskRunner (one worker, two workers) and on the DirectRunner, in one go.

    python -m benchmarks.bench_dask [--articles 2000] [--files 16] [--variants direct dask-1 dask-2]
                                    [--no-nlp] [--work DIR] [--json bench-out/dask.json]

Each Dask variant starts its own cluster on 127.0.0.1 (a scheduler and N single-threaded worker processes
of this interpreter, ``LocalDaskCluster``), runs ``newsbeam run --runner=DaskRunner`` against it and stops
it; cluster start-up is reported apart from the run. Every variant reads the same generated corpus
(benchmarks/corpus.py) into a fresh output, and the table gives wall time, articles/s and the ratio to the
first variant, and the CPU time the run cost (the newsbeam process and its children, plus, for Dask, the
scheduler's and workers' CPU time during the run): on a machine shared with other jobs, wall time also
measures the neighbours, CPU time much less so. The run counts of every variant must agree (they are
compared); a variant that disagrees fails the benchmark. Compare ratios measured in the same invocation.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import cached_corpus
from benchmarks.report import Column, print_table, save_json
from pipeline.dask_cluster import LocalDaskCluster

DIRECT_TWO_WORKERS = ["--direct_num_workers=2", "--direct_running_mode=multi_processing"]
# variant -> (Dask workers, or 0 for the DirectRunner; extra flags)
VARIANTS: dict[str, tuple[int, list[str]]] = {
    "direct": (0, []),
    "direct-2": (0, DIRECT_TWO_WORKERS),
    "dask-1": (1, []),
    "dask-2": (2, []),
}


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def newsbeam_run(corpus: Path, output: Path, flags: list[str], timeout: float | None = None
                 ) -> tuple[float, float, dict[str, Any]]:
    """(wall seconds, CPU seconds of the process and its children, manifest) of one ``newsbeam run``."""
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pipeline", "run", "-q", "--input", str(corpus / "*.jsonl.gz"),
               "--output", str(output), *flags]
    cpu_before = _children_cpu_seconds()
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    seconds = time.perf_counter() - started
    cpu = _children_cpu_seconds() - cpu_before
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(flags) or 'newsbeam run'} failed: {proc.stderr.strip()[-2000:]}")
    manifest = json.loads(max((output / "_runs").glob("*.json")).read_text(encoding="utf-8"))
    return seconds, cpu, manifest


def run_variant(name: str, corpus: Path, work: Path, extra: list[str]) -> dict[str, Any]:
    workers, flags = VARIANTS[name]
    output = work / f"out-{name}"
    startup = 0.0
    if not workers:
        seconds, cpu, manifest = newsbeam_run(corpus, output, [*flags, *extra])
    else:
        started = time.perf_counter()
        with LocalDaskCluster(workers, work / f"cluster-{name}") as cluster:
            startup = time.perf_counter() - started
            cluster_before = cluster.cpu_seconds()
            seconds, cpu, manifest = newsbeam_run(
                corpus, output, ["--runner=DaskRunner", f"--dask_client_address={cluster.address}", *flags, *extra])
            cpu += cluster.cpu_seconds() - cluster_before
    articles = manifest["counts"]["articles_written"]
    return {"variant": name, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "cluster_startup_s": round(startup, 2), "articles": articles,
            "articles_per_s": round(articles / seconds, 2), "articles_per_cpu_s": round(articles / cpu, 2),
            "runner": manifest["runner"], "counts": manifest["counts"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--files", type=int, default=16, help="input files (one Dask partition each)")
    parser.add_argument("--variants", nargs="+", choices=sorted(VARIANTS), default=["direct", "dask-1", "dask-2"])
    parser.add_argument("--no-nlp", action="store_true", help="skip entities and quotes in every variant")
    parser.add_argument("--work", help="folder for corpus, outputs and cluster logs (default: a temporary folder)")
    parser.add_argument("--json", default="bench-out/dask.json", help="write the results here")
    args = parser.parse_args(argv)
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("dask.distributed is not installed (pip install 'newsbeam[dask]'): nothing to measure", file=sys.stderr)
        return 0
    work = Path(args.work or tempfile.mkdtemp(prefix="newsbeam-bench-dask-"))
    corpus = cached_corpus(work, args.articles, args.files)
    extra = ["--no-nlp"] if args.no_nlp else []
    results = [run_variant(name, corpus, work, extra) for name in args.variants]
    base = results[0]["seconds"]
    print(f"{args.articles:,} generated articles in {args.files} files, NLP {'off' if args.no_nlp else 'on'}, "
          f"{os.cpu_count()} CPU(s)")
    base_cpu, first = results[0]["cpu_seconds"], results[0]["variant"]
    print_table([
        Column("variant", 10, lambda r: r["variant"], left=True),
        Column("seconds", 8, lambda r: f"{r['seconds']:.1f}"),
        Column("articles", 9, lambda r: f"{r['articles']:,}"),
        Column("art/s", 8, lambda r: f"{r['articles_per_s']:.2f}"),
        Column(f"speed vs {first}", 16, lambda r: f"{base / r['seconds']:.2f}x"),
        Column("CPU s", 8, lambda r: f"{r['cpu_seconds']:.1f}"),
        Column(f"CPU vs {first}", 14, lambda r: f"{r['cpu_seconds'] / base_cpu:.2f}x"),
        Column("cluster start s", 16, lambda r: f"{r['cluster_startup_s']:.1f}"),
    ], results)
    disagreeing = [r["variant"] for r in results if r["counts"] != results[0]["counts"]]
    save_json(args.json, {"articles": args.articles, "files": args.files, "nlp": not args.no_nlp,
                          "cpus": os.cpu_count(), "results": results})
    if disagreeing:
        print(f"counts differ from {results[0]['variant']}: {', '.join(disagreeing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
