"""Throughput of the NLP stage (entities + quotes) on invented 800-word articles, 1 vs 2 processes.

    python -m benchmarks.bench_nlp [--articles 240] [--words 800] [--model en_core_web_sm]

Each worker process loads the spaCy pipeline once (as a Beam worker does in ``DoFn.setup``), warms
up, waits for the others, then runs ``EntityRecognizer.mentions`` over batches, ``canonicalize`` and
``transforms.quotes.extract_quotes`` on every article. The articles are generated here from invented
names and stock sentences: no real text. A last row feeds one hostile body (a million characters, no
sentence breaks) through the same path and reports its time and peak memory.

BLAS/OpenMP threads are pinned to one per process so that "per core" means one core.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402 - the thread pins above must precede any numpy import
import multiprocessing as mp  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.report import Column, print_table  # noqa: E402

GIVEN = ("Marta", "Tomas", "Ilse", "Raul", "Noor", "Brenna", "Osric", "Lena", "Dario", "Kaia", "Fenwick", "Priya")
FAMILY = ("Kovane", "Brightwater", "Delacourt", "Oyelaran", "Vashti", "Quennell", "Marrow", "Teskova", "Albrin",
          "Strand", "Halloway", "Okonkwo-Reyes")
PLACES = ("Dorran", "Vessel Bay", "Northmarch", "Caldera Springs", "Ostrava Minor", "Pell Harbour", "Lindqvist")
ORGS = ("the Velmont Trust", "Harrowgate Council", "the Amberline Rail Company", "Northmarch Rovers",
        "the Institute for Coastal Studies", "Quill & Partners", "the Dorran Chamber of Commerce")
FILLER = (
    "The proposal would change how the district pays for repairs over the next decade.",
    "Officials have spent months weighing the costs against the expected benefits for residents.",
    "Critics argue that the timetable is too ambitious given the state of the local budget.",
    "Several families living near the site said they had not been consulted before the vote.",
    "The figures, published on Tuesday, show a sharp rise in demand since the spring.",
    "Engineers expect the first phase to be finished before the end of next year.",
    "Some of the money will come from a fund set up after the floods three years ago.",
    "The debate has exposed divisions inside the ruling coalition and among local businesses.",
)
QUOTES = (
    "We have listened carefully and we believe this is the right decision for the town",
    "Nobody should pretend that this will be cheap or quick",
    "It is a good day for the people who have waited far too long",
    "I am not convinced the numbers add up, and I will say so at every meeting",
    "The work starts now",
)


def invent_article(rng: random.Random, words: int) -> str:
    """An invented news article of about ``words`` words with people, places, bodies and quotes."""
    people = [(rng.choice(GIVEN), rng.choice(FAMILY)) for _ in range(4)]
    paragraphs: list[str] = []
    count = 0
    first, last = people[0]
    lead = (f"{first} {last}, the head of {rng.choice(ORGS)}, said on Monday that {rng.choice(PLACES)} "
            f"would press ahead with the plan despite objections from {rng.choice(ORGS)}.")
    paragraphs.append(lead)
    count += len(lead.split())
    while count < words:
        first, last = rng.choice(people)
        kind = rng.random()
        if kind < 0.3:
            text = f"“{rng.choice(QUOTES)},” {last} said. {rng.choice(FILLER)}"
        elif kind < 0.45:
            text = f"“{rng.choice(QUOTES)},” said {first} {last}, who lives in {rng.choice(PLACES)}."
        elif kind < 0.55:
            text = f"Mr {last} told reporters: “{rng.choice(QUOTES)}.” {rng.choice(FILLER)}"
        else:
            text = " ".join(rng.choice(FILLER) for _ in range(rng.randint(2, 4)))
            text = text.replace("Officials", f"Officials in {rng.choice(PLACES)}", 1)
        paragraphs.append(text)
        count += len(text.split())
    return "\n\n".join(paragraphs)


def hostile_body(rng: random.Random, chars: int = 1_000_000) -> str:
    """A million characters of words with no sentence breaks and no newlines."""
    vocab = [w.lower() for w in FILLER[0].split()] + list(FAMILY) + list(GIVEN)
    parts: list[str] = []
    size = 0
    while size < chars:
        w = rng.choice(vocab)
        parts.append(w)
        size += len(w) + 1
    return " ".join(parts)[:chars]


def _work(model: str, articles: list[str], batch: int, barrier: Any, results: Any) -> None:
    from transforms.entities import EntityRecognizer, canonicalize
    from transforms.quotes import extract_quotes
    from transforms.rows import people_spans

    recognizer = EntityRecognizer(model, batch_size=batch)
    for body in articles[:2]:                               # warm-up: lazy gazetteers, first-call costs
        extract_quotes(body, people_spans(recognizer.entities(body)))
    barrier.wait()
    t_ner = t_canon = t_quotes = 0.0
    n_entities = n_quotes = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    for i in range(0, len(articles), batch):
        chunk = articles[i:i + batch]
        t0 = time.perf_counter()
        mentions = recognizer.mentions(chunk)
        t1 = time.perf_counter()
        t_ner += t1 - t0
        for body, ms in zip(chunk, mentions, strict=True):
            t1 = time.perf_counter()
            ents = canonicalize(body, ms)
            t2 = time.perf_counter()
            t_canon += t2 - t1
            n_entities += len(ents)
            n_quotes += len(extract_quotes(body, people_spans(ents)))
            t_quotes += time.perf_counter() - t2
    elapsed = time.perf_counter() - start
    results.put({"articles": len(articles), "words": sum(len(a.split()) for a in articles), "elapsed": elapsed,
                 "cpu": time.process_time() - cpu_start,
                 "ner": t_ner, "canon": t_canon, "quotes": t_quotes, "entities": n_entities,
                 "quote_rows": n_quotes, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def run(processes: int, model: str, articles: list[str], batch: int) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(processes)
    results = ctx.Queue()
    shares = [articles[i::processes] for i in range(processes)]
    workers = [ctx.Process(target=_work, args=(model, share, batch, barrier, results)) for share in shares]
    for w in workers:
        w.start()
    parts = [results.get() for _ in workers]
    for w in workers:
        w.join()
    wall = max(p["elapsed"] for p in parts)
    total = {k: sum(p[k] for p in parts) for k in ("articles", "words", "ner", "canon", "quotes", "entities",
                                                   "quote_rows", "cpu")}
    return {**total, "processes": processes, "wall": wall, "articles_s": total["articles"] / wall,
            "articles_cpu_s": total["articles"] / total["cpu"],
            "words_s": total["words"] / wall, "rss_mb": max(p["rss_mb"] for p in parts)}


def _hostile(model: str, body: str, results: Any) -> None:
    from transforms.entities import EntityRecognizer, canonicalize
    from transforms.quotes import extract_quotes
    from transforms.rows import people_spans

    recognizer = EntityRecognizer(model)
    recognizer.entities("Warm-up text about Marta Kovane in Dorran.")
    t0 = time.perf_counter()
    ents = canonicalize(body, recognizer.mentions([body])[0])
    extract_quotes(body, people_spans(ents))
    results.put({"seconds": time.perf_counter() - t0, "entities": len(ents),
                 "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=240, help="articles per run (split across processes)")
    ap.add_argument("--words", type=int, default=800, help="words per invented article")
    ap.add_argument("--batch", type=int, default=16, help="articles per nlp.pipe batch")
    ap.add_argument("--model", default="en_core_web_sm")
    ap.add_argument("--no-hostile", action="store_true", help="skip the million-character body")
    args = ap.parse_args(argv)

    rng = random.Random(20240601)
    articles = [invent_article(rng, args.words) for _ in range(args.articles)]
    load = os.getloadavg()
    rows = [run(p, args.model, articles, args.batch) for p in (1, 2)]
    base = rows[0]["articles_s"]
    avg_words = sum(len(a.split()) for a in articles) / len(articles)
    print(f"\nNLP stage (entities + quotes), {len(articles)} invented articles of ~{avg_words:.0f} words, "
          f"model {args.model!r}, batch {args.batch}; load average before: {load[0]:.1f} on {os.cpu_count()} cores")
    print_table([
        Column("processes", 9, lambda r: str(r["processes"])),
        Column("articles/s", 10, lambda r: f"{r['articles_s']:.1f}"),
        Column("words/s", 8, lambda r: f"{r['words_s']:.0f}"),
        Column("ratio", 6, lambda r: f"{r['articles_s'] / base:.2f}"),
        Column("art/CPU-s", 9, lambda r: f"{r['articles_cpu_s']:.1f}"),
        Column("ner s", 6, lambda r: f"{r['ner']:.1f}"),
        Column("canon s", 7, lambda r: f"{r['canon']:.2f}"),
        Column("quotes s", 8, lambda r: f"{r['quotes']:.2f}"),
        Column("entities", 8, lambda r: str(r["entities"])),
        Column("quotes", 6, lambda r: str(r["quote_rows"])),
        Column("max RSS MB", 10, lambda r: f"{r['rss_mb']:.0f}"),
    ], rows)
    print("articles/s and words/s are wall-clock over all processes; art/CPU-s is articles per CPU-second of one "
          "process (what one core sustains); ner/canon/quotes are wall seconds summed over processes")
    if not args.no_hostile:
        ctx = mp.get_context("spawn")
        results = ctx.Queue()
        body = hostile_body(rng)
        proc = ctx.Process(target=_hostile, args=(args.model, body, results))
        proc.start()
        h = results.get()
        proc.join()
        print(f"\nhostile body: {len(body):,} characters, no sentence breaks: {h['seconds']:.1f} s, "
              f"{h['entities']} entities, max RSS {h['rss_mb']:.0f} MB (NER reads the first "
              f"{_max_chars():,} characters)")
    return 0


def _max_chars() -> int:
    from transforms.entities import MAX_CHARS

    return MAX_CHARS


if __name__ == "__main__":
    raise SystemExit(main())
