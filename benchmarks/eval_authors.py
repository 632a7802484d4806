"""Byline evaluation: newsbeam's find_byline + parse_byline against the trafilatura anchor, same pages, same run.

    python -m benchmarks.eval_authors --eval ../shared/eval [--out eval-out/authors-bench] [--workers 2]

For every page of ``authors-dev`` and ``goose3-dev`` both predictors run on the same HTML:

- anchor: trafilatura ``extract_metadata(html).author`` split on ``;`` (as the kit's reference score);
- newsbeam: the HTML decoder's ``parse_html`` once, ``find_byline(tree, url)``, then ``parse_byline``.

Both are written with ``evalkit.write_predictions`` and scored by the kit's ``score.py``; the headlines
are printed side by side, followed by speed figures (pages/s for find_byline, bylines/s for parse_byline).
"""
from __future__ import annotations

import argparse
import json
import time
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from benchmarks.evalkit import iter_jsonl, require_eval_dir, score, write_predictions
from transforms.bylines import parse_byline
from transforms.html_authors import find_byline
from transforms.html_extract import parse_html

SETS = (  # (name, input file, gold file)
    ("authors-dev", "authors-dev.jsonl.gz", "authors-gold-dev.jsonl.gz"),
    ("goose3", "goose3-dev.jsonl.gz", "goose3-authors-gold-dev.jsonl.gz"),
)
HEADLINE_KEYS = ("exact_match", "exact_match_nonempty", "token_f1", "fp_rate_empty")


def _trafilatura_authors(html: str) -> list[str]:
    from trafilatura import extract_metadata  # anchor only; imported lazily in the worker

    try:
        meta = extract_metadata(html)
    except Exception:  # noqa: BLE001 -- the anchor failing on a page counts as "no author"
        return []
    author = getattr(meta, "author", None) if meta is not None else None
    return [a.strip() for a in author.split(";") if a.strip()] if author else []


def run_page(record: dict[str, Any]) -> dict[str, Any]:
    url, html = record.get("url"), record.get("html") or ""
    start = time.process_time()
    try:
        tree = parse_html(html)  # the HTML decoder's own parse: once per page
    except (ValueError, TypeError):
        tree = None
    parsed_at = time.process_time()
    raw = find_byline(tree, url) if tree is not None else None
    found_at = time.process_time()
    byline = parse_byline(raw)
    ours = {"url": url, "authors": list(byline.authors), "agencies": list(byline.agencies), "byline_raw": raw}
    anchor_authors = _trafilatura_authors(html)
    anchor = {"url": url, "authors": anchor_authors, "agencies": [], "byline_raw": "; ".join(anchor_authors) or None}
    return {"ours": ours, "anchor": anchor, "t_parse": parsed_at - start, "t_find": found_at - parsed_at}


def bylines_per_second(raws: list[str], min_seconds: float = 1.0) -> float:
    """parse_byline throughput over the bylines found on the pages (repeated to run at least min_seconds)."""
    if not raws:
        return 0.0
    calls, start = 0, time.process_time()
    while True:
        for raw in raws:
            parse_byline(raw)
        calls += len(raws)
        elapsed = time.process_time() - start
        if elapsed >= min_seconds:
            return calls / elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", default="../shared/eval", help="evaluation kit folder")
    parser.add_argument("--out", default="eval-out/authors-bench", help="where predictions are written")
    parser.add_argument("--workers", type=int, default=2, help="processes (at most 2)")
    parser.add_argument("--details", action="store_true", help="write score.py --details files next to the output")
    args = parser.parse_args(argv)
    eval_dir = require_eval_dir(args.eval)
    workers = max(1, min(2, args.workers))
    out = Path(args.out)

    results: dict[str, dict[str, dict[str, Any]]] = {}
    t_find = t_parse = 0.0
    pages = 0
    raws: list[str] = []
    wall_start = time.perf_counter()
    with Pool(workers) as pool:
        for name, input_file, gold_file in SETS:
            rows = list(pool.imap(run_page, iter_jsonl(eval_dir / input_file), chunksize=8))
            for predictor in ("ours", "anchor"):
                target = out / predictor / name
                write_predictions(target, [r[predictor] for r in rows])
                details = out / f"details-{predictor}-{name}.jsonl" if args.details else None
                results.setdefault(name, {})[predictor] = score(eval_dir, "authors", gold_file, target, details)
            t_find += sum(r["t_find"] for r in rows)
            t_parse += sum(r["t_parse"] for r in rows)
            pages += len(rows)
            raws.extend(r["ours"]["byline_raw"] for r in rows if r["ours"]["byline_raw"])
    wall = time.perf_counter() - wall_start

    print(f"\n{'set':<12} {'metric':<22} {'newsbeam':>9} {'trafilatura':>12}")
    for name, _, _ in SETS:
        for key in HEADLINE_KEYS:
            ours, anchor = results[name]["ours"].get(key, 0.0), results[name]["anchor"].get(key, 0.0)
            print(f"{name:<12} {key:<22} {ours:>9.3f} {anchor:>12.3f}")
    speed = {
        "find_byline_pages_per_s": pages / t_find if t_find else 0.0,
        "lxml_parse_pages_per_s": pages / t_parse if t_parse else 0.0,
        "parse_byline_bylines_per_s": bylines_per_second(raws),
        "pages": pages,
        "wall_seconds_both_predictors": wall,
        "workers": workers,
    }
    print("\nspeed (CPU time in the worker process, newsbeam only): " + ", ".join(
        f"{k}={v:.0f}" if isinstance(v, float) else f"{k}={v}" for k, v in speed.items()))
    print(json.dumps({"results": results, "speed": speed}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
