"""Throughput of whole `newsbeam run`s on a generated corpus, variants side by side in one run.

    python -m benchmarks.bench_pipeline [--articles 10000] [--variants full-1 full-2 nonlp-1 nonlp-2]

Each variant is a separate `newsbeam run` process on the same files; the table gives wall time,
articles/s, words/s, peak RSS of the run's process tree, and the speed-up against the first variant.
The machine is noisy: compare ratios measured in the same invocation, not absolute figures across days.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import cached_corpus
from benchmarks.report import Column, print_table, save_json

TWO_WORKERS = ["--direct_num_workers=2", "--direct_running_mode=multi_processing"]
VARIANTS: dict[str, list[str]] = {
    "full-1": [],
    "full-2": TWO_WORKERS,
    "nonlp-1": ["--no-nlp"],
    "nonlp-2": ["--no-nlp", *TWO_WORKERS],
}
# peak resident memory of the newsbeam process and everything it starts (worker processes included)
RSS_PROBE = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
             "print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
             "sys.exit(rc)")


def run_variant(name: str, corpus: Path, output: Path) -> dict[str, Any]:
    shutil.rmtree(output, ignore_errors=True)
    cmd = [sys.executable, "-c", RSS_PROBE, sys.executable, "-m", "pipeline", "run", "-q",
           "--input", str(corpus / "*.jsonl.gz"), "--output", str(output), *VARIANTS[name]]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{name} failed: {proc.stderr.strip()[-2000:]}")
    peak_kb = next(int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("PEAK_RSS_KB"))
    manifest = json.loads(max((output / "_runs").glob("*.json")).read_text())
    words = int(subprocess.run(
        [sys.executable, "-m", "pipeline", "query", "select coalesce(sum(word_count), 0) from articles",
         "--output", str(output), "--format", "csv"], capture_output=True, text=True, check=True
    ).stdout.splitlines()[-1])
    articles = manifest["counts"]["articles_written"]
    return {"variant": name, "seconds": round(seconds, 2), "articles": articles,
            "articles_per_s": round(articles / seconds, 2), "words_per_s": round(words / seconds),
            "peak_rss_mb": round(peak_kb / 1024), "runner": manifest["runner"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=8, help="input files (work is split per file)")
    parser.add_argument("--variants", nargs="+", choices=sorted(VARIANTS), default=["full-1", "full-2"])
    parser.add_argument("--work", help="folder for corpus and outputs (default: a temporary folder)")
    parser.add_argument("--json", default="bench-out/pipeline.json", help="write the results here")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="newsbeam-bench-"))
    corpus = cached_corpus(work, args.articles, args.files)
    results = [run_variant(name, corpus, work / f"out-{name}") for name in args.variants]
    base = results[0]["seconds"]
    print_table([
        Column("variant", 10, lambda r: r["variant"], left=True),
        Column("seconds", 9, lambda r: f"{r['seconds']:.1f}"),
        Column("articles", 9, lambda r: f"{r['articles']:,}"),
        Column("art/s", 8, lambda r: f"{r['articles_per_s']:.1f}"),
        Column("words/s", 9, lambda r: f"{r['words_per_s']:,}"),
        Column("peak MB", 8, lambda r: f"{r['peak_rss_mb']:,}"),
        Column("speed-up", 9, lambda r: f"{base / r['seconds']:.2f}x"),
    ], results)
    save_json(args.json, {"articles": args.articles, "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
