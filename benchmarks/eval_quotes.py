"""Quotes: newsbeam's extractor beside the textacy anchor, scored by the evaluation kit in one run.

    python -m benchmarks.eval_quotes --eval ../shared/eval [--out eval-out/quotes] [--limit N]

Both predictors see the same article bodies (the PolNeAR texts of ``quotes-dev.jsonl.gz``) and the same
PERSON mentions: from ``transforms.entities`` when that module is present, else from spaCy's NER alone.

- textacy anchor: textacy 0.13 ``direct_quotations`` on the full spaCy pipeline, one paragraph at a time,
  apostrophes (``Russia’s``, ``leaders’``, ``’80s``) replaced by a letter-like mark of the same length
  first, since textacy gives up on a paragraph with an odd number of quote marks.
- newsbeam: ``transforms.quotes.extract_quotes(body, people)``.

Prints both ``score.py quotes`` headlines side by side and the quotes-only speed (articles/s) of
newsbeam's extractor (timed without NER) and of the anchor (parser included).
"""
from __future__ import annotations

import argparse
import hashlib
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.evalkit import iter_jsonl, require_eval_dir, score, write_predictions
from transforms.entities import EntityRecognizer, load_spacy_model
from transforms.quotes import extract_quotes, paragraph_spans
from transforms.rows import people_spans

DATA = "quotes-dev.jsonl.gz"
GOLD = "quotes-gold-dev.jsonl.gz"
MODEL = "en_core_web_sm"
# apostrophes that textacy would count as quote marks: inside a word, after a plural s, before a year
APOSTROPHE = re.compile(r"(?<=\w)[’'](?=\w)|(?<=[sS])[’'](?=\s|[,.;:!?)]|$)|[’'‘](?=\d\d)")
PRONOUNS = {"he", "she", "him", "her", "they", "i", "we", "you", "it"}
People = list[tuple[str, int, int]]


def article_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


# ----------------------------------------------------------------------------- PERSON mentions
def people_finder(model: str) -> tuple[str, Callable[[str], People]]:
    """(description, body -> PERSON mentions as (canonical name, start, end)): the pipeline's own NER stage,
    so that the score is the pipeline's."""
    recognizer = EntityRecognizer(model)
    return f"transforms.entities ({model})", lambda body: people_spans(recognizer.entities(body))


# ----------------------------------------------------------------------------- textacy anchor
class TextacyAnchor:
    """textacy's rule-based ``direct_quotations`` (needs the parser), one paragraph at a time."""

    def __init__(self, model: str):
        from textacy.extract.triples import direct_quotations

        self.nlp = load_spacy_model(model)
        self.direct_quotations = direct_quotations

    def quotes(self, body: str, people: People) -> list[dict[str, Any]]:
        out = []
        for ps, pe in paragraph_spans(body):
            para = APOSTROPHE.sub("\u02bc", body[ps:pe])
            if not any(c in para for c in "\"'“”‘’«»"):
                continue
            doc = self.nlp(para)
            try:
                triples = list(self.direct_quotations(doc))
            except ValueError:  # odd number of quote marks in the paragraph
                continue
            for tr in triples:
                content = tr.content
                s = ps + content.start_char
                e = ps + content.end_char
                while s < e and (body[s] in "\"'“”‘’«»`" or body[s].isspace()):
                    s += 1
                while e > s and (body[e - 1] in "\"'“”‘’«»`" or body[e - 1].isspace()):
                    e -= 1
                spk = sorted(tr.speaker, key=lambda t: t.i)
                ms, me = ps + spk[0].idx, ps + spk[-1].idx + len(spk[-1].text)
                mention = body[ms:me]
                out.append({"text": body[s:e], "start": s, "end": e, "speaker_mention": mention,
                            "speaker": _resolve_anchor(mention, ms, me, people), "quote_type": "full"})
        return out


def _resolve_anchor(mention: str, ms: int, me: int, people: People) -> str | None:
    """The anchor's canonical speaker: the nearest earlier person for a pronoun, else the PERSON under it."""
    if mention.lower() in PRONOUNS:
        earlier = [p for p in people if p[2] <= ms]
        return earlier[-1][0] if earlier else None
    for name, s, e in people:
        if s < me and e > ms:
            return name
    return mention


# ----------------------------------------------------------------------------- run
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", default="../shared/eval", help="evaluation kit folder")
    ap.add_argument("--out", default="eval-out/quotes", help="where predictions are written")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--model", default=MODEL, help="spaCy model for PERSON mentions and the anchor")
    ap.add_argument("--no-anchor", action="store_true", help="skip the textacy anchor")
    ap.add_argument("--details", action="store_true", help="write score.py --details files next to --out")
    args = ap.parse_args(argv)
    eval_dir = require_eval_dir(args.eval)
    records = list(iter_jsonl(eval_dir / DATA))
    if args.limit:
        records = records[: args.limit]
    people_source, find_people = people_finder(args.model)
    anchor = None if args.no_anchor else TextacyAnchor(args.model)
    articles, ours, theirs = [], [], []
    t_ours = t_anchor = t_people = 0.0
    for rec in records:
        body, url = rec.get("text") or "", rec["url"]
        aid = article_id(url)
        articles.append({"url": url, "article_id": aid, "body": body})
        t0 = time.perf_counter()
        people = find_people(body)
        t1 = time.perf_counter()
        for n, q in enumerate(extract_quotes(body, people)):
            ours.append({"article_id": aid, "quote_id": f"{aid}-{n}", "text": q.text, "start": q.start,
                         "end": q.end, "speaker": q.speaker, "speaker_mention": q.speaker_mention,
                         "quote_type": q.quote_type, "cue": q.cue, "confidence": q.confidence})
        t2 = time.perf_counter()
        t_people += t1 - t0
        t_ours += t2 - t1
        if anchor is not None:
            for n, q in enumerate(anchor.quotes(body, people)):
                theirs.append({"article_id": aid, "quote_id": f"{aid}-{n}", **q})
            t_anchor += time.perf_counter() - t2
    out = Path(args.out)
    runs = [("newsbeam", ours, t_ours)] + ([("textacy", theirs, t_anchor)] if anchor else [])
    results = {}
    for name, rows, _ in runs:
        write_predictions(out / name, articles, quotes=rows)
        details = out / f"{name}-details.jsonl" if args.details else None
        results[name] = score(eval_dir, "quotes", GOLD, out / name, details)
    n = len(records) or 1
    words = sum(len(a["body"].split()) for a in articles) / n
    print(f"{len(records)} articles, {words:.0f} words on average; PERSON mentions from {people_source} "
          f"({t_people:.1f}s)")
    header = f"{'predictor':10} {'precision':>9} {'recall':>7} {'f1':>7} {'speaker':>8} {'quotes':>7} {'art/s':>9}"
    print(header)
    for name, rows, secs in runs:
        r = results[name]
        print(f"{name:10} {r['precision']:9.4f} {r['recall']:7.4f} {r['f1']:7.4f} {r['speaker_accuracy']:8.4f} "
              f"{len(rows):7d} {n / secs if secs else float('inf'):9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
