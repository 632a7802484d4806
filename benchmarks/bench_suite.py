"""The benchmark suite: newsbeam beside the I/O floor and a naive peer, on the same articles, in one run.

    python -m benchmarks.bench_suite [--articles 1000] [--memory-sizes 10000 100000] [--eval ../shared/eval]

Every variant is a separate process over the same input files, run one after the other:

- ``full-1`` / ``full-2``: ``newsbeam run`` (dates, bylines, entities, quotes) with one worker, then two;
- ``nonlp-1`` / ``nonlp-2``: ``newsbeam run --no-nlp`` (decode, normalize, deduplicate, partitioned commit),
  one worker, then two;
- ``floor``: benchmarks/io_floor.py, the same JSONL into Parquet with no processing;
- ``peer``: benchmarks/naive_peer.py, the plain script (dateparser, full spaCy pipeline, textacy quotes);
- then benchmarks/bench_rerun.py: a re-run of a committed input against the first run, ``enrich`` against the
  NLP share of a run, and the id index at a million ids (``--rerun-articles 0`` skips it);
- then benchmarks/bench_report.py: ``newsbeam report`` on an output of ``--report-articles`` articles
  (``--report-articles 0`` skips it);
- then benchmarks/bench_object_store.py: a run into a bucket on a loopback S3 server against a local folder,
  and the publish of 100 and 10,000 files (``--object-store-articles 0`` skips it).

Measured: wall seconds, CPU seconds (user + system of the whole process tree), articles/s and words/s (input
articles: every JSON object of the input, duplicates included, the same count for every variant; words by
the ``word_count`` rule), the peak resident memory of the largest process, and of the process tree summed
(sampled, when psutil is installed). The NLP comparisons run on a generated corpus of ``--articles`` records;
the no-NLP variants and ``floor`` also run at each of ``--memory-sizes`` (the streaming check: peak memory at the
largest size against the smallest); the real BBC articles of the evaluation kit run when it is present.

The machine is shared and noisy: compare ratios measured in the same invocation, and prefer the CPU-second
ratios when the load average is high (both are printed). ``--rounds N`` runs every corpus's variants N times,
interleaved (round 1 of every variant, then round 2, ...), so that a slow spell of the machine hits every
variant alike; the table and the ratios then take each variant's median round. Results go to ``--json``
(bench-out/suite.json).
"""
from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.bench_pipeline import VARIANTS
from benchmarks.corpus import cached_corpus
from benchmarks.report import Column, print_table, save_json
from transforms.articles import word_count
from transforms.decoders import BODY_KEYS
from transforms.ids import normalized_text

# Runs a command and reports, on its last stderr line, the peak RSS of the largest process of its tree and
# the CPU time of the whole tree (children are reaped, so their usage is in RUSAGE_CHILDREN).
PROBE = ("import json, resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
         "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
         "print('BENCH_PROBE', json.dumps({'maxrss_kb': u.ru_maxrss, 'cpu': u.ru_utime + u.ru_stime}), "
         "file=sys.stderr); sys.exit(rc)")
# full_over_peer: one worker, CPU per article; full2_over_peer: two workers, throughput (wall time)
TARGETS = {"nonlp_over_floor": 3.0, "full_over_peer": 2.0, "full2_over_peer": 3.5, "memory_growth": 1.2}
SAMPLE_SECONDS = 0.25


def corpus_stats(files: list[Path]) -> dict[str, int]:
    """Input articles (JSON objects with a body) and their words, counted the way newsbeam counts them."""
    articles = words = 0
    for path in files:
        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rb") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(record, dict):
                    continue
                body = next((record[k] for k in BODY_KEYS if isinstance(record.get(k), str)), "")
                articles += 1
                words += word_count(normalized_text(body))
    return {"articles": articles, "words": words}


def _tree_rss(process: Any) -> int:
    try:
        members = [process, *process.children(recursive=True)]
    except Exception:  # noqa: BLE001 - the tree changes while it is read; a missed sample is harmless
        return 0
    total = 0
    for member in members:
        try:
            total += member.memory_info().rss
        except Exception:  # noqa: BLE001
            continue
    return total


def measure(command: list[str]) -> dict[str, Any]:
    """Wall and CPU seconds, peak RSS of the largest process and (with psutil) of the tree, exit status."""
    try:
        import psutil
    except ImportError:
        psutil = None
    # output goes to files, not pipes: a run that writes more than a pipe holds while memory is sampled
    # would block on its write and never end
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", PROBE, *command], stdout=out, stderr=err, text=True)
        peak_tree = 0
        if psutil is not None:
            watched = psutil.Process(proc.pid)
            while proc.poll() is None:
                peak_tree = max(peak_tree, _tree_rss(watched))
                time.sleep(SAMPLE_SECONDS)
        proc.wait()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    probe_lines = [line for line in stderr.splitlines() if line.startswith("BENCH_PROBE ")]
    probe = json.loads(probe_lines[-1].split(" ", 1)[1]) if probe_lines else {"maxrss_kb": 0, "cpu": 0.0}
    if proc.returncode != 0:
        tail = " | ".join(line for line in stderr.splitlines()[-5:] if not line.startswith("BENCH_PROBE"))
        raise RuntimeError(f"{' '.join(command[:4])} ... failed ({proc.returncode}): {tail}")
    return {"seconds": round(seconds, 2), "cpu_seconds": round(probe["cpu"], 2),
            "peak_rss_mb": round(probe["maxrss_kb"] / 1024), "tree_rss_mb": round(peak_tree / 2**20) or None,
            "stdout": stdout.strip()}


def variant_command(variant: str, inputs: str, output: Path, model: str) -> list[str]:
    python = sys.executable
    if variant == "floor":
        return [python, "-m", "benchmarks.io_floor", "--input", inputs, "--output", str(output)]
    if variant == "peer":
        return [python, "-m", "benchmarks.naive_peer", "--input", inputs, "--output", str(output),
                "--model", model]
    flags = [*VARIANTS[variant], *([] if "--no-nlp" in VARIANTS[variant] else ["--spacy-model", model])]
    return [python, "-m", "pipeline", "run", "-q", "--input", inputs, "--output", str(output), *flags]


def run_variant(variant: str, corpus: str, files: list[Path], stats: dict[str, int], work: Path,
                model: str) -> dict[str, Any]:
    output = work / "out" / f"{corpus}-{variant}"
    shutil.rmtree(output, ignore_errors=True)
    pattern = str(files[0].parent / ("*.jsonl.gz" if files[0].name.endswith(".gz") else "*.jsonl"))
    print(f"  {corpus:<10} {variant:<8} ...", end="", flush=True, file=sys.stderr)
    result = measure(variant_command(variant, pattern, output, model))
    measured = {k: v for k, v in result.items() if k != "stdout"}
    row = {"corpus": corpus, "variant": variant, **stats, **measured,
           "articles_per_s": round(stats["articles"] / result["seconds"], 2),
           "words_per_s": round(stats["words"] / result["seconds"]),
           "articles_per_cpu_s": round(stats["articles"] / result["cpu_seconds"], 2)
           if result["cpu_seconds"] else None}
    if variant not in ("floor", "peer"):
        manifest = json.loads(max((output / "_runs").glob("*.json")).read_text(encoding="utf-8"))
        row["articles_written"] = manifest["counts"]["articles_written"]
        row["runner"] = manifest["runner"]
    print(f" {result['seconds']:.1f} s", file=sys.stderr)
    shutil.rmtree(output, ignore_errors=True)
    return row


def generated_corpus(work: Path, articles: int, files: int) -> list[Path]:
    return sorted(cached_corpus(work, articles, files).glob("*.jsonl.gz"))


def bbc_corpus(eval_dir: Path, work: Path, files: int, limit: int | None) -> list[Path]:
    """The kit's BBC articles dealt over several gzip files (work is split per file between workers)."""
    folder = work / f"bbc-{limit or 'all'}-{files}"
    if not (folder / "done").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        with contextlib.ExitStack() as stack:
            handles = [stack.enter_context(gzip.open(folder / f"bbc-{k:05d}.jsonl.gz", "wb"))
                       for k in range(files)]
            source = stack.enter_context(gzip.open(eval_dir / "bbc.jsonl.gz", "rb"))
            for index, line in enumerate(source):
                if limit is not None and index >= limit:
                    break
                handles[index % files].write(line)
        (folder / "done").touch()
    return sorted(folder.glob("*.jsonl.gz"))


def _by(rows: list[dict[str, Any]], corpus: str, variant: str) -> dict[str, Any] | None:
    return next((r for r in rows if r["corpus"] == corpus and r["variant"] == variant), None)


def ratios(rows: list[dict[str, Any]], corpora: list[str], memory_sizes: list[int]) -> list[dict[str, Any]]:
    """The issue's ratios, by wall time and by CPU time, against their targets."""
    found: list[dict[str, Any]] = []

    def add(name: str, corpus: str, target: float, higher_is_better: bool, wall: float, cpu: float | None,
            what: str, *, judged_on_cpu: bool = False) -> None:
        judged = cpu if judged_on_cpu and cpu else wall
        met = judged >= target if higher_is_better else judged <= target
        found.append({"ratio": name, "corpus": corpus, "wall": round(wall, 2),
                      "cpu": round(cpu, 2) if cpu else None, "target": target,
                      "target_kind": ">=" if higher_is_better else "<=", "met": met, "meaning": what})

    for corpus in corpora:
        floor, peer = _by(rows, corpus, "floor"), _by(rows, corpus, "peer")
        for nonlp_variant in ("nonlp-1", "nonlp-2"):
            if (nonlp := _by(rows, corpus, nonlp_variant)) and floor:
                add(f"{nonlp_variant}/floor", corpus, TARGETS["nonlp_over_floor"], False,
                    nonlp["seconds"] / floor["seconds"],
                    nonlp["cpu_seconds"] / floor["cpu_seconds"] if floor["cpu_seconds"] else None,
                    "times slower than the I/O floor without NLP")
        for full, target, what in (("full-1", "full_over_peer", "times less CPU per article than the naive peer"),
                                   ("full-2", "full2_over_peer", "times the naive peer's throughput")):
            if (row := _by(rows, corpus, full)) and peer:
                add(f"{full}/peer", corpus, TARGETS[target], True, peer["seconds"] / row["seconds"],
                    peer["cpu_seconds"] / row["cpu_seconds"] if row["cpu_seconds"] else None,
                    what, judged_on_cpu=full == "full-1")
    if len(memory_sizes) >= 2:
        small, large = (_by(rows, f"gen-{n}", "nonlp-1") for n in (memory_sizes[0], memory_sizes[-1]))
        if small and large:
            sizes = f"{memory_sizes[-1]:,}/{memory_sizes[0]:,}"
            add(f"peak RSS {sizes}", "nonlp-1", TARGETS["memory_growth"], False,
                large["peak_rss_mb"] / small["peak_rss_mb"], None, "memory growth of the largest process")
            if large.get("tree_rss_mb") and small.get("tree_rss_mb"):
                add(f"tree RSS {sizes}", "nonlp-1", TARGETS["memory_growth"], False,
                    large["tree_rss_mb"] / small["tree_rss_mb"], None, "memory growth of the process tree")
    return found


RESULT_COLUMNS = [
    Column("corpus", 10, lambda r: r["corpus"], left=True),
    Column("variant", 8, lambda r: r["variant"], left=True),
    Column("articles", 8, lambda r: f"{r['articles']:,}"),
    Column("seconds", 8, lambda r: f"{r['seconds']:.1f}"),
    Column("CPU s", 7, lambda r: f"{r['cpu_seconds']:.1f}"),
    Column("art/s", 8, lambda r: f"{r['articles_per_s']:.1f}"),
    Column("art/CPU-s", 9, lambda r: f"{r['articles_per_cpu_s'] or 0:.1f}"),
    Column("words/s", 9, lambda r: f"{r['words_per_s']:,}"),
    Column("peak MB", 8, lambda r: f"{r['peak_rss_mb']:,}"),
    Column("tree MB", 8, lambda r: f"{r['tree_rss_mb'] or 0:,}"),
]
RATIO_COLUMNS = [
    Column("ratio", 26, lambda f: f["ratio"], left=True),
    Column("corpus", 10, lambda f: f["corpus"], left=True),
    Column("wall", 7, lambda f: f"{f['wall']:.2f}"),
    Column("CPU", 7, lambda f: f"{f['cpu']:.2f}" if f["cpu"] is not None else "-"),
    Column("target", 8, lambda f: f"{f['target_kind']:>3}{f['target']:>5.1f}"),
    Column("met", 4, lambda f: "yes" if f["met"] else "NO", left=True),
    Column("meaning", 0, lambda f: f["meaning"], left=True),
]


def median_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (corpus, variant): its median round's time and CPU, its rates recomputed from them, and the
    highest peak memory of its rounds."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault((row["corpus"], row["variant"]), []).append(row)
    found = []
    for group in grouped.values():
        row = dict(group[0])
        row["seconds"] = round(statistics.median(r["seconds"] for r in group), 2)
        row["cpu_seconds"] = round(statistics.median(r["cpu_seconds"] for r in group), 2)
        for memory in ("peak_rss_mb", "tree_rss_mb"):
            peaks = [r[memory] for r in group if r.get(memory)]
            row[memory] = max(peaks) if peaks else row.get(memory)
        row["rounds"] = len(group)
        row["seconds_range"] = [min(r["seconds"] for r in group), max(r["seconds"] for r in group)]
        row["articles_per_s"] = round(row["articles"] / row["seconds"], 2)
        row["words_per_s"] = round(row["words"] / row["seconds"])
        row["articles_per_cpu_s"] = round(row["articles"] / row["cpu_seconds"], 2) if row["cpu_seconds"] else None
        found.append(row)
    return found


def plan(args: argparse.Namespace) -> Iterator[tuple[str, list[str], str]]:
    """(corpus label, variants, corpus kind) in the order they run."""
    if args.articles:
        yield f"gen-{args.articles}", args.variants, "generated"
    for size in args.memory_sizes:
        if size != args.articles or "nonlp-1" not in args.variants:
            yield f"gen-{size}", [v for v in args.variants if v.startswith("nonlp")] + ["floor"], "generated"
    if args.eval_dir is not None:
        yield "bbc", args.variants, "bbc"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000,
                        help="generated articles for the NLP comparisons (0: skip them)")
    parser.add_argument("--variants", nargs="+", default=["full-1", "full-2", "nonlp-1", "nonlp-2", "floor", "peer"],
                        choices=[*VARIANTS, "floor", "peer"])
    parser.add_argument("--memory-sizes", type=int, nargs="*", default=[10_000, 100_000],
                        help="generated corpus sizes for the no-NLP memory and overhead runs (none: skip)")
    parser.add_argument("--eval", default="../shared/eval", help="evaluation kit (its bbc.jsonl.gz is used)")
    parser.add_argument("--bbc-limit", type=int, help="only the first N BBC articles")
    parser.add_argument("--files", type=int, default=8,
                        help="input files per corpus (work is split per file)")
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--rounds", type=int, default=1,
                        help="runs of every variant, interleaved; the median round counts")
    parser.add_argument("--work", default="bench-out/work",
                        help="corpora (kept for the next run) and outputs")
    parser.add_argument("--json", default="bench-out/suite.json")
    parser.add_argument("--rerun-articles", type=int, default=300,
                        help="articles of the re-run / enrich / id index rows (benchmarks/bench_rerun.py; 0: skip)")
    parser.add_argument("--object-store-articles", type=int, default=1000,
                        help="articles of the bucket-against-folder rows on a loopback S3 server "
                             "(benchmarks/bench_object_store.py; 0: skip)")
    parser.add_argument("--report-articles", type=int, default=100_000,
                        help="articles of the output that newsbeam report is timed on (benchmarks/bench_report.py; "
                             "0: skip)")
    args = parser.parse_args(argv)
    bbc = Path(args.eval) / "bbc.jsonl.gz" if args.eval else None
    args.eval_dir = Path(args.eval) if bbc is not None and bbc.is_file() else None
    if args.eval_dir is None:
        print(f"evaluation kit not found at {args.eval!r}: the BBC rows are skipped", file=sys.stderr)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    rows: list[dict[str, Any]] = []
    corpora: list[str] = []
    for label, variants, kind in plan(args):
        if kind == "bbc":
            files = bbc_corpus(args.eval_dir, work, args.files, args.bbc_limit)
        else:
            files = generated_corpus(work, int(label.removeprefix("gen-")), args.files)
        stats = corpus_stats(files)
        corpora.append(label)
        for round_number in range(1, args.rounds + 1):
            for variant in variants:
                rows.append({**run_variant(variant, label, files, stats, work, args.model), "round": round_number})
    every_round, rows = rows, median_rows(rows)
    found = ratios(rows, corpora, sorted(args.memory_sizes))
    load_after = os.getloadavg()
    print(f"\nnewsbeam benchmark suite: {os.cpu_count()} cores, load average {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after\n")
    print_table(RESULT_COLUMNS, rows)
    print()
    print_table(RATIO_COLUMNS, found)
    report = {"cores": os.cpu_count(), "load_average": {"before": load_before, "after": load_after},
              "arguments": {k: v for k, v in vars(args).items() if k != "eval_dir"}, "results": rows,
              "rounds": every_round,
              "ratios": found, "targets": TARGETS}
    save_json(args.json, report)
    print(f"\nsaved {args.json}")
    if args.rerun_articles:
        from benchmarks import bench_rerun

        print()
        bench_rerun.main(["--articles", str(args.rerun_articles), "--eval", args.eval or "", "--model", args.model,
                          "--work", args.work, "--json", str(Path(args.json).with_name("rerun.json"))])
    if args.report_articles:
        from benchmarks import bench_report

        print()
        bench_report.main(["--articles", str(args.report_articles), "--work", args.work,
                           "--json", str(Path(args.json).with_name("report.json"))])
    if args.object_store_articles:
        from benchmarks import bench_object_store

        print()
        bench_object_store.main(["--articles", str(args.object_store_articles), "--work", args.work,
                                 "--json", str(Path(args.json).with_name("object_store.json"))])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
