"""Score the whole pipeline on the evaluation kit: `newsbeam run` on each dev set, then the kit's score.py.

    python -m benchmarks.eval_pipeline --eval ../shared/eval [--tasks dates authors ...] [--out eval-out]

This is what users get end to end (readers, HTML extraction, normalizers, NLP, sink). The per-module
scripts (eval_dates, eval_authors, eval_ner, eval_quotes) score the reference tools beside newsbeam's
functions on the same pages; this one checks that the pipeline delivers those numbers.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.evalkit import require_eval_dir, score

# task -> (inputs, [(scorer, gold file, headline keys)], extra run flags)
TASKS: dict[str, tuple[list[str], list[tuple[str, str, tuple[str, ...]]], list[str]]] = {
    "dates": (["dates-dev.jsonl.gz"], [("dates", "dates-gold-dev.jsonl.gz", ("accuracy", "coverage"))],
              ["--no-nlp"]),
    "authors": (["authors-dev.jsonl.gz"],
                [("authors", "authors-gold-dev.jsonl.gz", ("exact_match", "token_f1", "fp_rate_empty"))],
                ["--no-nlp"]),
    "goose3": (["goose3-dev.jsonl.gz"], [("dates", "goose3-dates-gold-dev.jsonl.gz", ("accuracy",)),
                                         ("authors", "goose3-authors-gold-dev.jsonl.gz", ("exact_match",))],
               ["--no-nlp"]),
    "quotes": (["quotes-dev.jsonl.gz"],
               [("quotes", "quotes-gold-dev.jsonl.gz", ("precision", "recall", "f1", "speaker_accuracy",
                                                         "speaker_name_accuracy"))], []),
    "ner": (["ner-dev.jsonl.gz"], [("ner", "ner-gold-dev.jsonl.gz", ("f1", "f1_no_misc", "precision", "recall"))],
            []),
    "body": (["body-dev.jsonl.gz"], [("body", "body-gold-dev.jsonl.gz", ("f1", "precision", "recall"))],
             ["--no-nlp"]),
    "body-warc": (["body-dev.warc.gz"], [("body", "body-gold-dev.jsonl.gz", ("f1", "precision", "recall"))],
                  ["--no-nlp"]),
    "bbc": (["bbc.jsonl.gz", "bbc-sport-199.txt"],
            [("bbc", "bbc-gold.jsonl.gz", ("coverage", "title_exact", "invented_byline_rate",
                                           "invented_date_rate"))], ["--no-nlp"]),
}


def run_newsbeam(inputs: list[Path], output: Path, flags: list[str]) -> dict[str, Any]:
    shutil.rmtree(output, ignore_errors=True)
    cmd = [sys.executable, "-m", "pipeline", "run", "-q", "--output", str(output), *flags]
    for path in inputs:
        cmd += ["--input", str(path)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"newsbeam failed on {inputs}: {proc.stderr.strip()[-2000:]}")
    manifest = json.loads(max((output / "_runs").glob("*.json")).read_text())
    return {"seconds": round(time.perf_counter() - started, 1), "counts": manifest["counts"]}


def evaluate(eval_dir: Path, tasks: list[str], out_root: Path) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for task in tasks:
        inputs, scorers, flags = TASKS[task]
        output = out_root / task
        run = run_newsbeam([eval_dir / name for name in inputs], output, flags)
        for scorer, gold, keys in scorers:
            headline = score(eval_dir, scorer, gold, output)
            name = task if len(scorers) == 1 else f"{task}:{scorer}"
            results[name] = {"seconds": run["seconds"], **{k: headline.get(k) for k in keys}}
            print(f"{name:<16} {run['seconds']:>7.1f}s  " + "  ".join(
                f"{k} {headline.get(k):.4f}" if isinstance(headline.get(k), float) else f"{k} {headline.get(k)}"
                for k in keys), flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", default="../shared/eval", help="the evaluation kit folder")
    parser.add_argument("--tasks", nargs="+", choices=sorted(TASKS), default=list(TASKS))
    parser.add_argument("--out", default="eval-out", help="where the runs write (one folder per task)")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)
    eval_dir = require_eval_dir(args.eval)
    results = evaluate(eval_dir, args.tasks, Path(args.out))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
