"""Shared plumbing for the evaluation scripts: write predictions in the contract layout, score them.

The evaluation kit (``score.py`` and gold files) lives outside the repository; every script takes its
folder as ``--eval DIR`` and exits cleanly when it is absent. Anchor predictors (htmldate, trafilatura,
textacy) and newsbeam's own functions are written through the same writer so that ``score.py`` judges
both on the same pages in the same run.
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


def iter_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def require_eval_dir(path: str | None) -> Path:
    """The evaluation folder, or a clean exit (status 0) when it is not on this machine."""
    if not path or not (Path(path) / "score.py").is_file():
        print(f"evaluation kit not found at {path!r}: nothing to score", file=sys.stderr)
        raise SystemExit(0)
    return Path(path)


def bbc_bodies_and_args(description: str, argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    """The options of the side-by-side CPU benchmarks (``--eval``, ``--articles``, ``--rounds``, ``--model``)
    and the first ``--articles`` BBC bodies of the kit."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--eval", default="../shared/eval", help="evaluation kit folder (bbc.jsonl.gz)")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args(argv)
    records = iter_jsonl(require_eval_dir(args.eval) / "bbc.jsonl.gz")
    return args, [record["text"] for record, _ in zip(records, range(args.articles), strict=False)]


def write_predictions(
    out_dir: str | Path,
    articles: Iterable[dict[str, Any]],
    entities: Iterable[dict[str, Any]] = (),
    quotes: Iterable[dict[str, Any]] = (),
) -> Path:
    """Write rows as single-file datasets under OUT/{articles,entities,quotes}/ (columns as given)."""
    out = Path(out_dir)
    for name, rows in (("articles", articles), ("entities", entities), ("quotes", quotes)):
        rows = list(rows)
        target = out / name
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("*.parquet"):
            old.unlink()
        if rows:
            pq.write_table(pa.Table.from_pylist(rows), target / "part-0.parquet")
    return out


# gold that some scorers read beside the main gold file, when the kit has it
EXTRA_GOLD = {"quotes": ("--speakers", "quotes-speakers-dev.jsonl")}


def score(eval_dir: str | Path, task: str, gold: str, out_dir: str | Path,
          details: str | Path | None = None) -> dict[str, Any]:
    """Run the kit's score.py; return its headline JSON (its last output line)."""
    cmd = [sys.executable, str(Path(eval_dir) / "score.py"), task, "--gold", str(Path(eval_dir) / gold),
           "--output", str(out_dir)]
    if task in EXTRA_GOLD and (Path(eval_dir) / EXTRA_GOLD[task][1]).is_file():
        cmd += [EXTRA_GOLD[task][0], str(Path(eval_dir) / EXTRA_GOLD[task][1])]
    if details:
        cmd += ["--details", str(details)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])
