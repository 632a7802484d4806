"""The spaCy models on thinc's bundled blis against numpy's BLAS (``use_numpy_blas``), side by side.

    python -m benchmarks.bench_blas --eval ../shared/eval [--articles 300] [--rounds 3]

On the BBC articles of the evaluation kit, in one process, interleaved round by round so that the machine's
noise hits every variant alike: newsbeam's NER pipeline (the ``ner`` component alone) and the speaker
parser (tagger and parser), each once with thinc's default ops (matrix products through the blis wheel) and
once through numpy's BLAS, one thread. Prints CPU milliseconds per article (median round), the ratio of
default to numpy, and whether both gave the same entities and the same parse. With ``BLIS_ARCH_DEBUG=1`` blis
names the kernels it chose.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import statistics  # noqa: E402 - the thread pins above must precede any numpy import
import time  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.evalkit import bbc_bodies_and_args  # noqa: E402
from benchmarks.report import Column, print_table  # noqa: E402


def _annotations(nlp: Any, bodies: list[str]) -> tuple[float, list[Any]]:
    start = time.process_time()
    found = [([(e.start_char, e.end_char, e.label_) for e in doc.ents], [t.head.i for t in doc] if doc.has_annotation(
        "DEP") else []) for doc in nlp.pipe(bodies, batch_size=16)]
    return time.process_time() - start, found


def main(argv: list[str] | None = None) -> int:
    args, bodies = bbc_bodies_and_args(__doc__.splitlines()[0], argv)

    from thinc.api import NumpyOps

    from transforms.entities import load_ner_pipeline, load_spacy_model, use_numpy_blas, with_cpu_ops

    parser_exclude = ["ner", "lemmatizer", "senter"]
    variants = {
        ("ner", "blis"): with_cpu_ops(load_ner_pipeline(args.model), NumpyOps()),  # as spacy.load gives it
        ("ner", "numpy"): load_ner_pipeline(args.model),
        ("parser", "blis"): load_spacy_model(args.model, exclude=parser_exclude),
        ("parser", "numpy"): use_numpy_blas(load_spacy_model(args.model, exclude=parser_exclude)),
    }
    seconds: dict[tuple[str, str], list[float]] = {key: [] for key in variants}
    results: dict[tuple[str, str], list[Any]] = {}
    for nlp in variants.values():
        list(nlp.pipe(bodies[:5]))  # warm up
    for _ in range(args.rounds):
        for key, nlp in variants.items():
            spent, results[key] = _annotations(nlp, bodies)
            seconds[key].append(spent)
    rows = []
    for model in ("ner", "parser"):
        blis, numpy = (statistics.median(seconds[(model, ops)]) for ops in ("blis", "numpy"))
        rows.append({"model": model, "blis": 1000 * blis / len(bodies), "numpy": 1000 * numpy / len(bodies),
                     "ratio": blis / numpy, "same": results[(model, "blis")] == results[(model, "numpy")]})
    print(f"\nspaCy on blis against numpy's BLAS: {len(bodies)} BBC articles, {args.rounds} rounds, "
          f"load average {os.getloadavg()[0]:.1f}")
    print_table([
        Column("model", 8, lambda r: r["model"]),
        Column("blis ms/art", 11, lambda r: f"{r['blis']:.1f}"),
        Column("numpy ms/art", 12, lambda r: f"{r['numpy']:.1f}"),
        Column("blis/numpy", 10, lambda r: f"{r['ratio']:.2f}"),
        Column("same output", 11, lambda r: "yes" if r["same"] else "NO"),
    ], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
