"""The naive peer: the plain script a user writes instead of newsbeam, timed on the same articles.

    python -m benchmarks.naive_peer --input 'bench-data/*.jsonl.gz' --output peer-out/ [--model NAME]

It does what the tutorials show, with every library at its defaults: read each JSONL line with
``json.loads``, parse the date with ``dateparser.parse``, run the full spaCy pipeline (``spacy.load(model)``:
tagger, parser, lemmatizer and NER; the same model package newsbeam loads) one article at a time, take the
entities from ``doc.ents`` and the quotations from textacy's ``direct_quotations`` (skipping the articles
where it raises, as it does on an odd number of quote marks), keep the rows in lists and write three Parquet
files at the end. No deduplication, bylines as given, no partitioning, no commit protocol. The results are
not scored: only the time, the words and the memory.
"""
from __future__ import annotations

import argparse
import glob
import gzip
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


def iter_records(paths: list[str]) -> Iterator[dict[str, Any]]:
    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict):
                    yield record


def _first(record: dict[str, Any], *keys: str) -> Any:
    return next((record[k] for k in keys if record.get(k) not in (None, "")), None)


def run(paths: list[str], output: str | Path, model: str = "en_core_web_sm") -> dict[str, Any]:
    import dateparser
    from textacy.extract.triples import direct_quotations

    from transforms.entities import load_spacy_model

    started = time.perf_counter()
    nlp = load_spacy_model(model)  # the full pipeline, as spacy.load(model) gives it
    articles: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    quote_failures = 0
    for index, record in enumerate(iter_records(paths)):
        body = _first(record, "text", "body", "content") or ""
        date = _first(record, "published", "date", "published_at", "pubDate")
        published = dateparser.parse(str(date)) if date is not None else None
        doc = nlp(body)
        for ent in doc.ents:
            entities.append({"article": index, "text": ent.text, "label": ent.label_,
                             "start": ent.start_char, "end": ent.end_char})
        try:
            for speaker, cue, content in direct_quotations(doc):
                quotes.append({"article": index, "speaker": " ".join(t.text for t in speaker),
                               "cue": " ".join(t.text for t in cue), "text": content.text})
        except ValueError:
            quote_failures += 1
        articles.append({"article": index, "url": _first(record, "url", "link"),
                         "title": _first(record, "title", "headline"),
                         "published": published.isoformat() if published else None, "body": body,
                         "words": sum(1 for t in doc if not t.is_punct and not t.is_space)})
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("articles", articles), ("entities", entities), ("quotes", quotes)):
        pq.write_table(pa.Table.from_pylist(rows), out / f"{name}.parquet", compression="zstd")
    return {"records": len(articles), "entities": len(entities), "quotes": len(quotes),
            "quote_failures": quote_failures, "seconds": round(time.perf_counter() - started, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", action="append", required=True, help="JSONL(.gz) glob (repeatable)")
    parser.add_argument("--output", required=True)
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args(argv)
    paths = sorted({path for pattern in args.input for path in glob.glob(pattern, recursive=True)})
    if not paths:
        print(f"no input files match {args.input}", file=sys.stderr)
        return 2
    print(json.dumps(run(paths, args.output, args.model)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
