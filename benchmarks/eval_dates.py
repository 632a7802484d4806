"""Publication-date evaluation: newsbeam's find_date_candidates + choose_publication_date against the
htmldate anchor, same pages, same run.

    python -m benchmarks.eval_dates --eval ../shared/eval [--out eval-out/dates-bench] [--workers 2]

For every page of ``dates-dev`` and ``goose3-dev`` the predictors run on the same HTML:

- anchor: htmldate ``find_date(html, url=url, original_date=True, extensive_search=True)`` on the HTML
  string, as in the kit's reference run;
- newsbeam: the page parsed once with lxml (as the HTML decoder does), ``find_date_candidates(tree, url)``,
  then ``choose_publication_date(candidates, anchor=<ingest time>, url=url)``;
- newsbeam without the htmldate signal (``use_htmldate=False``): what the pipeline's own signals reach.

All three are written with ``evalkit.write_predictions`` and scored by the kit's ``score.py``; the
headlines are printed side by side, followed by CPU time per page for each step (CPU rather than wall
time: the machine is shared, and CPU time is what other processes disturb least).
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import time
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import lxml.html

from benchmarks.evalkit import iter_jsonl, require_eval_dir, score, write_predictions
from transforms.html_dates import choose_publication_date, find_date_candidates

SETS = (  # (name, input file, gold file)
    ("dates-dev", "dates-dev.jsonl.gz", "dates-gold-dev.jsonl.gz"),
    ("goose3", "goose3-dev.jsonl.gz", "goose3-dates-gold-dev.jsonl.gz"),
)
PREDICTORS = ("htmldate", "newsbeam", "newsbeam-no-htmldate")
HEADLINE_KEYS = ("accuracy", "precision", "recall", "f1", "coverage")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
INGESTED_AT = dt.datetime.now(dt.UTC)  # the pages carry no fetch time: the pipeline anchors on ingest time


def parse_page(html: str) -> lxml.html.HtmlElement | None:
    """Parse like the HTML decoder does: lxml refuses str input that still carries an XML declaration."""
    try:
        return lxml.html.fromstring(XML_DECLARATION.sub("", html, count=1))
    except (ValueError, lxml.etree.ParserError):
        return None


def _row(url: str, chosen: tuple[Any, str] | None) -> dict[str, Any]:
    if chosen is None:
        return {"url": url, "published_at": None, "published_offset_minutes": None,
                "published_date": INGESTED_AT.date(), "date_source": "ingest"}
    parsed, source = chosen
    return {"url": url, "published_at": parsed.instant, "published_offset_minutes": parsed.offset_minutes,
            "published_date": parsed.instant.date(), "date_source": source}


def _htmldate_row(url: str, html: str) -> dict[str, Any]:
    from htmldate import find_date  # anchor only

    try:
        # the kit's reference call; a str starting with "http" would be fetched, a page never does
        is_markup = html.lstrip()[:1] == "<"
        day = find_date(html, url=url, original_date=True, extensive_search=True) if is_markup else None
    except Exception:  # noqa: BLE001 -- the anchor failing on a page counts as "no date"
        day = None
    if not day:
        return {"url": url, "published_at": None, "published_offset_minutes": None,
                "published_date": INGESTED_AT.date(), "date_source": "ingest"}
    instant = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    return {"url": url, "published_at": instant, "published_offset_minutes": None,
            "published_date": instant.date(), "date_source": "metadata"}


def warm_up() -> None:
    """Pay one-off costs (htmldate's and dateparser's first calls load their data) before timing."""
    tree = lxml.html.fromstring("<html><body><h1>t</h1><p>5. Mai 2020</p></body></html>")
    choose_publication_date(find_date_candidates(tree, "https://example.org/a"), anchor=INGESTED_AT)
    _htmldate_row("https://example.org/a", "<html><body><p>5. Mai 2020</p></body></html>")


def run_page(record: dict[str, Any]) -> dict[str, Any]:
    url, html = record.get("url"), record.get("html") or ""
    t0 = time.process_time()
    tree = parse_page(html)
    t1 = time.process_time()
    # own signals first, then all of them: the page's element proxies are warm for both, so the
    # difference is the htmldate signal's own cost
    own = find_date_candidates(tree, url, use_htmldate=False) if tree is not None else []
    t2 = time.process_time()
    cands = find_date_candidates(tree, url) if tree is not None else []
    t3 = time.process_time()
    chosen = choose_publication_date(cands, anchor=INGESTED_AT, url=url)
    t4 = time.process_time()
    no_htmldate = choose_publication_date(own, anchor=INGESTED_AT, url=url)
    t5 = time.process_time()
    anchor_row = _htmldate_row(url, html)
    t6 = time.process_time()
    return {"rows": {"newsbeam": _row(url, chosen), "newsbeam-no-htmldate": _row(url, no_htmldate),
                     "htmldate": anchor_row},
            "times": {"parse": t1 - t0, "candidates_own": t2 - t1, "candidates": t3 - t2, "choose": t4 - t3,
                      "anchor": t6 - t5}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", default="../shared/eval", help="evaluation kit folder")
    ap.add_argument("--out", default="eval-out/dates-bench", help="where predictions are written")
    ap.add_argument("--workers", type=int, default=2, help="processes (at most 2)")
    args = ap.parse_args(argv)
    eval_dir = require_eval_dir(args.eval)
    workers = max(1, min(2, args.workers))
    results: dict[str, dict[str, dict[str, Any]]] = {}
    timing: dict[str, float] = {"parse": 0.0, "candidates": 0.0, "choose": 0.0, "candidates_own": 0.0,
                                "anchor": 0.0}
    pages = 0
    for name, source, gold in SETS:
        records = list(iter_jsonl(eval_dir / source))
        rows: dict[str, list[dict[str, Any]]] = {p: [] for p in PREDICTORS}
        with Pool(workers, initializer=warm_up) as pool:
            for out in pool.imap(run_page, records, chunksize=8):
                for predictor in PREDICTORS:
                    rows[predictor].append(out["rows"][predictor])
                for key, value in out["times"].items():
                    timing[key] += value
        pages += len(records)
        results[name] = {}
        for predictor in PREDICTORS:
            out_dir = Path(args.out) / name / predictor
            write_predictions(out_dir, rows[predictor])
            results[name][predictor] = score(eval_dir, "dates", gold, out_dir,
                                             details=out_dir / "details.jsonl")

    print()
    print(f"{'set':<10} {'predictor':<22} " + " ".join(f"{k:>9}" for k in HEADLINE_KEYS))
    for name, by_predictor in results.items():
        for predictor, headline in by_predictor.items():
            values = " ".join(f"{headline.get(k, 0.0):>9.4f}" for k in HEADLINE_KEYS)
            print(f"{name:<10} {predictor:<22} {values}")
    print()
    per_page = {k: 1000 * v / max(1, pages) for k, v in timing.items()}
    print(f"CPU time per page over {pages} pages (ms of one core; {workers} worker process(es)):")
    print(f"  lxml parse {per_page['parse']:.2f} | find_date_candidates {per_page['candidates']:.2f} "
          f"(of which the htmldate signal {per_page['candidates'] - per_page['candidates_own']:.2f}) "
          f"| choose_publication_date {per_page['choose']:.2f} | htmldate anchor on the string "
          f"{per_page['anchor']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
