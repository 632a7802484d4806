"""``newsbeam enrich``: entities and quotes for committed articles that lack them, or have them from an
older extractor, without reading the inputs again.

**What is stale** is decided from the manifests, in the order they committed. A run puts the extractor
versions it ran with (``extractors``, None without NLP) on every article partition it wrote articles to; an
enrich run sets the partitions it redid to the versions it ran with. A partition of a dataset is current when
the only version on it is the one in ``transforms/versions.py``; a partition of articles no manifest
mentions is stale. Runs a dated retry replaced do not count. So "what is missing" is never guessed from the
rows: an article with no entity is as normal as one whose NLP never ran.

**How it is replaced.** Partition by partition, every committed article of a stale partition goes through the
batch pipeline's extractor (``transforms.stages.ExtractFn``) and the partition's rows of each stale dataset
are written whole into a prepared folder; groups of partitions are then made live with the atomic partition
swap of compaction (pipeline/compact.py: a journal, then one directory exchange per partition), the group's
manifest written by the same swap. A crash before a group's journal leaves the old rows; after it, the next
writer finishes the swap: each partition shows its old rows or its new ones, never a mix. Enrich holds the
output lock, runs the commit and swap recovery first, and a second enrich finds nothing left to do.

Rows keep the ``run_id`` of the run that committed their article (a dated retry that replaces that run then
removes them with it); the versions that made them are in the enrich manifest.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.catalog import committed_files
from pipeline.commit import PartitionWriter, ReconciliationError, recover
from pipeline.layout import file_schema, is_remote, partition_column, runs_dir
from pipeline.ledger import manifests
from pipeline.locking import OutputLock
from pipeline.objstore import working_copy
from pipeline.swap import PartitionSwap, new_operation_id, recover_swaps
from schemas.manifest import RunManifest
from transforms.stages import ExtractFn, NlpOptions
from transforms.versions import extractor_versions

LOG = logging.getLogger(__name__)
DERIVED = ("entities", "quotes")
# articles whose new rows are made live in one swap: a crash loses at most this much work
ARTICLES_PER_SWAP = 5_000
ENRICH_KIND = "enrich"


def _manifests(output: Path) -> list[RunManifest]:
    """The committed manifests, in the order they committed."""
    found = [manifest for manifest in manifests(output) if manifest.is_committed]
    return sorted(found, key=lambda m: (m.committed_at or "", m.run_id))


def partition_versions(output: Path) -> dict[str, dict[str, set[str | None]]]:
    """dataset -> article partition folder -> the extractor versions its rows were made with (see the doc)."""
    state: dict[str, dict[str, set[str | None]]] = {dataset: defaultdict(set) for dataset in DERIVED}
    for manifest in _manifests(output):
        versions = manifest.extractors or {}
        if manifest.kind == ENRICH_KIND:
            for dataset, partitions in (manifest.enriched or {}).items():
                for partition in partitions:
                    state[dataset][partition] = {versions.get(dataset)}
            continue
        partitions = {Path(f.path).parent.name for f in manifest.files if f.dataset == "articles"}
        for dataset in DERIVED:
            for partition in partitions:
                state[dataset][partition].add(versions.get(dataset))
    return state


def _in_range(partition: str, since: dt.date | None, until: dt.date | None) -> bool:
    day = dt.date.fromisoformat(partition.split("=", 1)[1])
    return (since is None or day >= since) and (until is None or day <= until)


def stale_partitions(output_dir: str | Path, datasets: Iterable[str] = DERIVED, since: dt.date | None = None,
                     until: dt.date | None = None) -> dict[str, set[str]]:
    """Article partition folder -> the datasets whose rows there are missing or made by an older extractor."""
    output = Path(output_dir)
    current = extractor_versions()
    state = partition_versions(output)
    partitions = sorted({path.parent.name for path in committed_files(output, "articles")})
    stale: dict[str, set[str]] = {}
    for partition in partitions:
        if not _in_range(partition, since, until):
            continue
        wanted = {d for d in datasets if state[d].get(partition, {None}) != {current[d]}}
        if wanted:
            stale[partition] = wanted
    return stale


def _article_files(output: Path, partition: str) -> list[Path]:
    return [p for p in sorted((output / "articles" / partition).glob("*.parquet")) if not p.name.startswith(("_", "."))]


def _articles(output: Path, partition: str) -> tuple[list[dict[str, Any]], int]:
    """The committed articles of a partition, with the partition key the files leave to the folder name."""
    key = partition_column("articles")
    day = dt.date.fromisoformat(partition.split("=", 1)[1])
    rows: list[dict[str, Any]] = []
    planned = 0
    for path in _article_files(output, partition):
        planned += pq.ParquetFile(path).metadata.num_rows
        rows += [{**row, key: day} for row in pq.read_table(path).to_pylist()]
    return rows, planned


class _Extractor:
    """ExtractFn outside a pipeline: its model loads on the first article that needs it."""

    def __init__(self, options: NlpOptions) -> None:
        self.fn = ExtractFn(options)
        self.ready = False

    def rows(self, article: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
        if not self.ready:
            self.fn.setup()
            self.ready = True
        return self.fn.process(article)


def _enrich_group(output: Path, operation: str, group: list[tuple[str, set[str]]], extractor: _Extractor,
                  options: NlpOptions, started: dt.datetime) -> dict[str, Any]:
    """One swap: the new rows of a group of partitions, live together with their manifest."""
    swap = PartitionSwap(output, operation)
    counts: Counter = Counter()
    enriched: dict[str, list[str]] = defaultdict(list)
    files: list[dict[str, Any]] = []
    try:
        for partition, datasets in group:
            articles, planned = _articles(output, partition)
            writers = {d: PartitionWriter(swap.partition(d, partition), d,
                                          lambda n: f"part-{operation}-{n:05d}.parquet") for d in sorted(datasets)}
            made: dict[str, list[dict[str, Any]]] = defaultdict(list)
            try:
                for article in articles:
                    for dataset, row in extractor.rows(article):
                        if dataset in writers:
                            made[dataset].append(row)
                for dataset, writer in writers.items():
                    writer.write(pa.Table.from_pylist(made[dataset], schema=file_schema(dataset)))
                    writer.finish()
            finally:
                for writer in writers.values():
                    writer.close()
            counts["articles_read"] += len(articles)
            if len(articles) != planned:
                raise ReconciliationError(f"enrich {operation}: {partition} holds {planned} articles but "
                                          f"{len(articles)} were read; nothing of this group is published")
            for dataset, writer in writers.items():
                written = sum(rows for _, rows in writer.files)
                if written != len(made[dataset]):
                    raise ReconciliationError(f"enrich {operation}: {len(made[dataset])} {dataset} rows made for "
                                              f"{partition} but {written} written")
                counts[dataset] += written
                enriched[dataset].append(partition)
                files += [{"dataset": dataset, "path": f"{dataset}/{partition}/{path.name}", "rows": rows}
                          for path, rows in writer.files]
        manifest = {
            "run_id": operation, "kind": ENRICH_KIND, "status": "committed", "output": str(output),
            "started_at": started.isoformat(), "committed_at": dt.datetime.now(dt.UTC).isoformat(),
            "extractors": extractor_versions(),
            "options": {"nlp": {"model": options.model, "languages": list(options.languages)}},
            "enriched": {d: sorted(p) for d, p in sorted(enriched.items())},
            "counts": {"partitions": len(group), "articles_read": counts["articles_read"],
                       "entities": counts["entities"], "quotes": counts["quotes"]},
            "files": files,
        }
        swap.record(f"{runs_dir(output).name}/{operation}.json", manifest)
        swap.publish()
    except BaseException:
        swap.abandon()  # nothing is live before publish(); after its journal, recovery finishes it
        raise
    return manifest


def enrich(output_dir: str | Path, *, datasets: Iterable[str] = DERIVED, since: dt.date | None = None,
           until: dt.date | None = None, options: NlpOptions | None = None,
           emit: Callable[[str], None] = print, articles_per_swap: int = ARTICLES_PER_SWAP) -> dict[str, Any]:
    """Bring the entities and quotes of committed articles up to date (see the module doc); returns a summary.

    An object-store output is enriched in its local working folder, then published (pipeline/objstore.py).
    """
    if is_remote(output_dir):
        with working_copy(os.fspath(output_dir), "enrich", create=False) as local:
            return enrich(local, datasets=datasets, since=since, until=until, options=options, emit=emit,
                          articles_per_swap=articles_per_swap)
    output = Path(output_dir).resolve()
    options = options or NlpOptions()
    datasets = tuple(d for d in DERIVED if d in set(datasets))
    started = dt.datetime.now(dt.UTC)
    summary: dict[str, Any] = {"output": str(output), "runs": [], "partitions": 0, "articles_read": 0,
                               "entities": 0, "quotes": 0, "extractors": extractor_versions()}
    with OutputLock(output):
        recover(output)
        recover_swaps(output)
        stale = stale_partitions(output, datasets, since, until)
        summary["stale_partitions"] = len(stale)
        if not stale:
            emit(f"enrich: the {', '.join(datasets)} of {output} are up to date; nothing to do")
            return summary
        emit(f"enrich: {len(stale)} partition(s) of articles need {', '.join(datasets)}")
        extractor = _Extractor(options)
        base = new_operation_id("enrich", started)
        groups: list[list[tuple[str, set[str]]]] = [[]]
        size = 0
        for partition, wanted in sorted(stale.items()):
            rows = sum(pq.ParquetFile(p).metadata.num_rows for p in _article_files(output, partition))
            if groups[-1] and size + rows > articles_per_swap:
                groups.append([])
                size = 0
            groups[-1].append((partition, wanted))
            size += rows
        for number, group in enumerate(groups):
            manifest = _enrich_group(output, f"{base}-{number:04d}", group, extractor, options, started)
            summary["runs"].append(manifest["run_id"])
            for key in ("partitions", "articles_read", "entities", "quotes"):
                summary[key] += manifest["counts"][key]
            emit(f"enrich: {summary['partitions']}/{len(stale)} partition(s), {summary['articles_read']:,} "
                 f"article(s), {summary['entities']:,} entities, {summary['quotes']:,} quotes committed")
    summary["elapsed_seconds"] = round((dt.datetime.now(dt.UTC) - started).total_seconds(), 3)
    return summary


def format_enrich_summary(summary: dict[str, Any]) -> str:
    versions = ", ".join(f"{d} {v}" for d, v in summary["extractors"].items())
    return "\n".join([
        f"enrich of {summary['output']} ({versions})",
        f"  partitions        {summary['partitions']:,} of {summary['stale_partitions']:,} stale",
        f"  articles read     {summary['articles_read']:,}",
        f"  entities          {summary['entities']:,}",
        f"  quotes            {summary['quotes']:,}",
        f"  elapsed           {summary.get('elapsed_seconds', 0):.1f} s",
        *(f"  manifest          {summary['output']}/_runs/{run}.json" for run in summary["runs"]),
    ])
