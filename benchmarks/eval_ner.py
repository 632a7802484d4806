"""Named entities on the evaluation kit's NER set: plain spaCy (the anchor) and newsbeam, in one run.

    python -m benchmarks.eval_ner [--eval ../shared/eval] [--model en_core_web_sm] [--out eval-out]

Both predictors see the same documents and the same loaded pipeline (``ner`` component only):

* ``spacy``: every raw span of ``doc.ents`` as its own entity row, label as tagged;
* ``newsbeam``: ``EntityRecognizer.mentions`` (chunked for long texts) + ``canonicalize``.

Both are written in the contract layout with ``evalkit.write_predictions`` and judged by the kit's
``score.py``; the script prints the two headlines and the per-type F1 side by side.
"""
from __future__ import annotations

import argparse
import hashlib
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.evalkit import iter_jsonl, require_eval_dir, score, write_predictions
from transforms.entities import NUMERIC_LABELS, EntityRecognizer, Mention, canonicalize

DATA = "ner-dev.jsonl.gz"
GOLD = "ner-gold-dev.jsonl.gz"
TYPES = ("PER", "ORG", "LOC", "MISC")


def article_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def anchor_rows(aid: str, body: str, mentions: list[Mention]) -> list[dict[str, Any]]:
    """Plain spaCy: one row per raw span, nothing merged or relabelled."""
    return [{"article_id": aid, "entity": m.text, "label": m.label, "mentions": [m.text],
             "spans": [{"start": m.start, "end": m.end}]} for m in mentions]


def newsbeam_rows(aid: str, body: str, mentions: list[Mention]) -> list[dict[str, Any]]:
    return [{"article_id": aid, "entity": e.name, "label": e.label, "mentions": list(e.mentions),
             "spans": [{"start": s, "end": t} for s, t in e.spans]} for e in canonicalize(body, mentions)]


def per_type_f1(eval_dir: Path, details: Path) -> dict[str, float]:
    """Per-type F1 from score.py's own per-document verdicts (missed / spurious) and the gold counts."""
    gold = Counter(e["type"] for g in iter_jsonl(eval_dir / GOLD) for e in g["entities"])
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for row in iter_jsonl(details):
        missed.update(x[2] for x in row.get("missed", []))
        spurious.update(x[2] for x in row.get("spurious", []))
    out = {}
    for t in TYPES:
        tp = gold[t] - missed[t]
        denominator = 2 * tp + missed[t] + spurious[t]
        out[t] = 2 * tp / denominator if denominator else 0.0
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", default="../shared/eval", help="evaluation kit folder")
    ap.add_argument("--model", default="en_core_web_sm", help="spaCy pipeline (package name or path)")
    ap.add_argument("--out", default="eval-out", help="where predictions and score details are written")
    args = ap.parse_args(argv)
    eval_dir = require_eval_dir(args.eval)
    docs = list(iter_jsonl(eval_dir / DATA))
    texts = [d.get("text") or "" for d in docs]
    recognizer = EntityRecognizer(args.model)

    t0 = time.perf_counter()
    raw = [[Mention(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]
           for doc in recognizer.nlp.pipe(texts, batch_size=recognizer.batch_size)]
    t_anchor = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours_mentions = recognizer.mentions(texts)
    t_mentions = time.perf_counter() - t0

    articles = [{"url": d["url"], "article_id": article_id(d["url"]), "body": t}
                for d, t in zip(docs, texts, strict=True)]
    results: dict[str, tuple[dict[str, Any], dict[str, float]]] = {}
    timings = {"spacy": t_anchor, "newsbeam": t_mentions}
    for name, rows_of, mentions in (("spacy", anchor_rows, raw), ("newsbeam", newsbeam_rows, ours_mentions)):
        t0 = time.perf_counter()
        rows = [r for a, ms in zip(articles, mentions, strict=True)
                for r in rows_of(a["article_id"], a["body"], ms)]
        if name == "newsbeam":
            timings[name] += time.perf_counter() - t0
        out = write_predictions(Path(args.out) / f"ner-{name}", articles, rows)
        details = out / "details.jsonl"
        results[name] = (score(eval_dir, "ner", GOLD, out, details=details), per_type_f1(eval_dir, details))

    words = sum(len(t.split()) for t in texts)
    print(f"\nNER on {len(docs)} documents ({words} words), model {args.model!r}; numeric types "
          f"({', '.join(sorted(NUMERIC_LABELS))}) are dropped by newsbeam and by the headline f1\n")
    header = f"{'predictor':<10} {'f1_no_misc':>10} {'f1':>7} {'P_nomisc':>8} {'R_nomisc':>8} " + \
        " ".join(f"{t + '_F1':>7}" for t in TYPES) + f" {'seconds':>8}"
    print(header)
    print("-" * len(header))
    for name, (head, per_type) in results.items():
        print(f"{name:<10} {head['f1_no_misc']:>10.3f} {head['f1']:>7.3f} {head['precision_no_misc']:>8.3f} "
              f"{head['recall_no_misc']:>8.3f} " + " ".join(f"{per_type[t]:>7.3f}" for t in TYPES)
              + f" {timings[name]:>8.1f}")
    print()
    for name, (head, _) in results.items():
        print(name, head)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
