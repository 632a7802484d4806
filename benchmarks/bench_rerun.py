"""What a re-run, a late NLP pass and the id index cost, measured side by side in one invocation.

    python -m benchmarks.bench_rerun [--articles 300] [--eval ../shared/eval] [--ids 1000000]

On one corpus (the first ``--articles`` BBC articles of the evaluation kit when it is there, else generated
ones), each a separate ``newsbeam`` process, one after the other:

- ``first``: ``newsbeam run`` with NLP into an empty output;
- ``rerun``: the same command again on that output (every article is committed already);
- ``nonlp``: ``newsbeam run --no-nlp`` into another empty output;
- ``enrich``: ``newsbeam enrich`` on that output (entities and quotes for all of it).

Ratios: ``rerun/first`` (target <= 0.15) and ``enrich/(first - nonlp)``, what enrich costs against the NLP
share of a run (target: about 1, <= 1.2 here). Then the id index at ``--ids`` ids, in a fresh process: the
rebuild from the committed files, the check a run makes when the index is current, lookups of a run's ids,
and the process's memory above what its imports cost (target <= 100 MB at a million ids).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_suite import bbc_corpus, corpus_stats, generated_corpus, measure
from benchmarks.report import Column, print_table, save_json

TARGETS = {"rerun_over_first": 0.15, "enrich_over_nlp": 1.2, "index_mb_at_1m": 100.0}


def _newsbeam(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def rerun_rows(files: list[Path], label: str, work: Path, model: str) -> list[dict[str, Any]]:
    pattern = str(files[0].parent / ("*.jsonl.gz" if files[0].name.endswith(".gz") else "*.jsonl"))
    first, late = work / "out" / f"{label}-first", work / "out" / f"{label}-late"
    for folder in (first, late):
        shutil.rmtree(folder, ignore_errors=True)
    run = ["run", "-q", "--input", pattern, "--spacy-model", model]
    steps = [("first", _newsbeam(*run, "--output", str(first)), first),
             ("rerun", _newsbeam(*run, "--output", str(first)), first),
             ("nonlp", _newsbeam(*run, "--no-nlp", "--output", str(late)), late),
             ("enrich", _newsbeam("enrich", "-q", "--output", str(late), "--spacy-model", model), late)]
    rows = []
    for step, command, output in steps:
        print(f"  {label:<10} {step:<8} ...", end="", flush=True, file=sys.stderr)
        result = measure(command)
        print(f" {result['seconds']:.1f} s", file=sys.stderr)
        manifest = json.loads(max((output / "_runs").glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
                              .read_text(encoding="utf-8"))
        counts = manifest["counts"]
        rows.append({"corpus": label, "step": step, "seconds": result["seconds"], "cpu_seconds": result["cpu_seconds"],
                     "peak_rss_mb": result["peak_rss_mb"], "entities": counts.get("entities", 0),
                     "nlp_skipped": counts.get("nlp_skipped_existing", 0) + counts.get("nlp_skipped_in_run", 0),
                     "articles": counts.get("articles_written", counts.get("articles_read", 0))})
    for folder in (first, late):
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def make_index_data(ids: int, folder: Path, files: int = 100) -> None:
    """An output holding ``ids`` committed article ids (only the id column: all that the index reads)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    shutil.rmtree(folder, ignore_errors=True)
    rng = np.random.default_rng(7)
    per_file = ids // files
    for n in range(files):
        chunk = rng.bytes(16 * per_file)
        partition = folder / "articles" / f"published_date=2026-01-{n % 28 + 1:02d}"
        partition.mkdir(parents=True, exist_ok=True)
        hexes = [chunk[i:i + 16].hex() for i in range(0, len(chunk), 16)]
        pq.write_table(pa.table({"article_id": hexes}), partition / f"part-{n:05d}.parquet")


def index_check(folder: Path, phase: str, lookups: int = 10_000) -> dict[str, Any]:
    """One phase of the id index check over ``folder`` (see ``make_index_data``), in a fresh process each, so
    that its memory shows: ``rebuild`` (the index deleted, rebuilt from the files) or ``run`` (what a run does
    with the index current: check it against the files, look its ids up)."""
    import pyarrow.parquet as pq

    from pipeline.catalog import committed_files
    from pipeline.id_index import IdIndex

    files = committed_files(folder, "articles")
    committed = pq.read_table(files[0], columns=["article_id"]).column("article_id").to_pylist()[:lookups]
    fresh = [os.urandom(16).hex() for _ in range(lookups)]
    baseline = _rss_mb()
    if phase == "rebuild":
        shutil.rmtree(folder / "_index", ignore_errors=True)
        started = time.perf_counter()
        IdIndex.refresh(folder).close()
        return {"rebuild_seconds": round(time.perf_counter() - started, 2),
                "rebuild_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - baseline, 1),
                "index_bytes_on_disk": sum(p.stat().st_size for p in (folder / "_index").rglob("*.ids"))}
    started = time.perf_counter()
    with IdIndex.refresh(folder) as index:
        check = time.perf_counter() - started
        started = time.perf_counter()
        found = index.contains(committed + fresh)  # what the commit does, for a run of 20,000 articles
        batch = time.perf_counter() - started
        started = time.perf_counter()
        for article_id in fresh[:2000]:
            _ = article_id in index  # the dedupe stage asks one article at a time
        single = (time.perf_counter() - started) / 2000
        held = len(index)
        in_use = _rss_mb()
    return {"ids": held, "check_seconds": round(check, 3),
            "lookup_batch_us_per_id": round(batch / len(found) * 1e6, 2), "lookup_one_us": round(single * 1e6, 1),
            "correct": found == [True] * len(committed) + [False] * len(fresh),
            "rss_after_imports_mb": round(baseline),
            "index_mb": round(max(in_use, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024) - baseline, 1)}


ROW_COLUMNS = [
    Column("corpus", 10, lambda r: r["corpus"], left=True),
    Column("step", 7, lambda r: r["step"], left=True),
    Column("articles", 8, lambda r: f"{r['articles']:,}"),
    Column("seconds", 8, lambda r: f"{r['seconds']:.1f}"),
    Column("CPU s", 7, lambda r: f"{r['cpu_seconds']:.1f}"),
    Column("peak MB", 8, lambda r: f"{r['peak_rss_mb']:,}"),
    Column("entities", 9, lambda r: f"{r['entities']:,}"),
    Column("NLP skipped", 11, lambda r: f"{r['nlp_skipped']:,}"),
]
RATIO_COLUMNS = [
    Column("ratio", 24, lambda f: f["ratio"], left=True),
    Column("wall", 7, lambda f: f"{f['wall']:.2f}"),
    Column("CPU", 7, lambda f: f"{f['cpu']:.2f}" if f["cpu"] is not None else "-"),
    Column("target", 8, lambda f: f"<={f['target']:>5.2f}"),
    Column("met", 4, lambda f: "yes" if f["met"] else "NO", left=True),
]


def ratios(rows: list[dict[str, Any]], index: dict[str, Any] | None) -> list[dict[str, Any]]:
    by = {r["step"]: r for r in rows}
    found = []

    def add(name: str, wall: float, cpu: float | None, target: float) -> None:
        found.append({"ratio": name, "wall": round(wall, 3), "cpu": round(cpu, 3) if cpu is not None else None,
                      "target": target, "met": wall <= target})

    add("rerun/first", by["rerun"]["seconds"] / by["first"]["seconds"],
        by["rerun"]["cpu_seconds"] / by["first"]["cpu_seconds"], TARGETS["rerun_over_first"])
    nlp_wall = by["first"]["seconds"] - by["nonlp"]["seconds"]
    nlp_cpu = by["first"]["cpu_seconds"] - by["nonlp"]["cpu_seconds"]
    if nlp_wall > 0:
        add("enrich/(first-nonlp)", by["enrich"]["seconds"] / nlp_wall,
            by["enrich"]["cpu_seconds"] / nlp_cpu if nlp_cpu > 0 else None, TARGETS["enrich_over_nlp"])
    if index is not None:
        add(f"id index MB at {index['ids']:,}", index["index_mb"], None, TARGETS["index_mb_at_1m"])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--eval", default="../shared/eval", help="evaluation kit (its bbc.jsonl.gz is used)")
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--ids", type=int, default=1_000_000, help="ids of the id index check (0: skip it)")
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--work", default="bench-out/work")
    parser.add_argument("--json", default="bench-out/rerun.json")
    parser.add_argument("--index-only", choices=("rebuild", "run"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    work = Path(args.work)
    if args.index_only:
        print(json.dumps(index_check(work / "id-index", args.index_only)))
        return 0
    work.mkdir(parents=True, exist_ok=True)
    eval_dir = Path(args.eval)
    if (eval_dir / "bbc.jsonl.gz").is_file():
        label, files = f"bbc-{args.articles}", bbc_corpus(eval_dir, work, args.files, args.articles)
    else:
        label, files = f"gen-{args.articles}", generated_corpus(work, args.articles, args.files)
    load_before = os.getloadavg()
    rows = rerun_rows(files, label, work, args.model)
    index = None
    if args.ids:
        print(f"  id index   {args.ids:,} ids ...", end="", flush=True, file=sys.stderr)
        make_index_data(args.ids, work / "id-index")
        index = {}
        for phase in ("rebuild", "run"):
            result = measure([sys.executable, "-m", "benchmarks.bench_rerun", "--index-only", phase,
                              "--work", str(work)])
            index.update(json.loads(result["stdout"].splitlines()[-1]))
        print(" done", file=sys.stderr)
        shutil.rmtree(work / "id-index", ignore_errors=True)
    found = ratios(rows, index)
    print(f"\nre-runs, enrich and the id index: {corpus_stats(files)['articles']:,} input articles, "
          f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after\n")
    print_table(ROW_COLUMNS, rows)
    if index is not None:
        print(f"\nid index, {index['ids']:,} ids: rebuilt from the data in {index['rebuild_seconds']} s, checked "
              f"against the committed files in {index['check_seconds']} s, {index['lookup_batch_us_per_id']} us "
              f"per id in a batch, {index['lookup_one_us']} us one by one; in use {index['index_mb']} MB above the "
              f"imports (rebuild peak {index['rebuild_peak_mb']} MB; {index['index_bytes_on_disk'] / 1e6:.1f} MB "
              f"on disk); answers correct: {index['correct']}")
    print()
    print_table(RATIO_COLUMNS, found)
    save_json(args.json, {"load_average": load_before, "rows": rows, "index": index, "ratios": found,
                          "targets": TARGETS, "arguments": vars(args)})
    print(f"\nsaved {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
