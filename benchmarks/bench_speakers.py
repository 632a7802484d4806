"""CPU cost of speaker resolution in the NLP stage, on the BBC articles of the evaluation kit.

    python -m benchmarks.bench_speakers --eval ../shared/eval [--articles 300] [--rounds 3]

Runs, in one process and interleaved round by round so that the machine's noise hits every variant alike:

- ``ner``: spaCy NER and entity canonicalization (``EntityRecognizer.entities``), the bulk of the stage;
- ``rules``: NER, then quotes and speakers resolved by rules only (``quotes_and_entities`` without a parser);
- ``parse``: the same with the dependency parse of the attribution sentences (what the pipeline runs).

Prints CPU milliseconds per article (``time.process_time``, the median round) and the ratio of each variant
to ``rules``, plus how many characters the parser read against the characters of the bodies.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import statistics  # noqa: E402 - the thread pins above must precede any numpy import
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.evalkit import bbc_bodies_and_args  # noqa: E402
from benchmarks.report import Column, print_table  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args, bodies = bbc_bodies_and_args(__doc__.splitlines()[0], argv)

    from transforms.entities import EntityRecognizer
    from transforms.extract import quotes_and_entities
    from transforms.speakers.syntax import SubjectParser

    recognizer = EntityRecognizer(args.model)
    parser = SubjectParser(args.model)
    quotes = 0

    def ner(body: str) -> None:
        recognizer.entities(body)

    def rules(body: str) -> None:
        nonlocal quotes
        quotes += len(quotes_and_entities({"body": body, "authors": []}, recognizer.entities(body))[1])

    def parse(body: str) -> None:
        quotes_and_entities({"body": body, "authors": []}, recognizer.entities(body), parser)

    variants: dict[str, Callable[[str], Any]] = {"ner": ner, "rules": rules, "parse": parse}
    for body in bodies[:5]:  # warm up every model
        parse(body)
    parser.parsed_chars = parser.parsed_sentences = 0
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, fn in variants.items():
            started = time.process_time()
            for body in bodies:
                fn(body)
            times[name].append((time.process_time() - started) / len(bodies) * 1000)
    per_article = {name: statistics.median(v) for name, v in times.items()}
    chars = sum(len(b) for b in bodies)
    rows = [{"variant": name, "cpu_ms": per_article[name], "vs_rules": per_article[name] / per_article["rules"]}
            for name in variants]
    print(f"{len(bodies)} BBC articles, {quotes // args.rounds} quotes; the parser read "
          f"{parser.parsed_chars / args.rounds / chars:.1%} of the body characters "
          f"({parser.parsed_sentences // args.rounds} sentences)")
    print_table([Column("variant", 10, lambda r: r["variant"], left=True),
                 Column("CPU ms/article", 14, lambda r: f"{r['cpu_ms']:.1f}"),
                 Column("x rules", 8, lambda r: f"{r['vs_rules']:.2f}")], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
