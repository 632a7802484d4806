"""Dedupe before extraction: articles that are certain to lose deduplication skip NLP.

The commit step (pipeline/commit.py) stays the one place that decides which copy of an article is
written; this stage only keeps NER and quote extraction off the copies that the commit is certain to drop:

- an article whose id the output's id index holds (committed by an earlier run: a re-run, a re-crawl of the
  same canonical URL). The launcher refreshed the index under the output lock before the pipeline started,
  and the commit looks the ids up in the same index, so such an article is dropped there;
- an article of which this worker has already seen a copy from an earlier position (smaller input uri, then
  offset): the commit keeps the copy read first, so this one loses. A copy seen *later* from an earlier
  position cannot be known in advance; both then go through NLP, as before.

Skipped articles still reach the sink, as article rows marked with the reason (``layout.NLP_SKIPPED``), so
the commit counts them as duplicates exactly as before and the manifest says how many skipped NLP.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.pvalue import TaggedOutput

from pipeline.id_index import IdIndex
from pipeline.layout import NLP_SKIPPED
from transforms.stages import NAMESPACE, ParDoWithOutputs

SKIPPED = "skipped"
# article ids a worker remembers to recognise copies within a run (about 150 bytes each); beyond that it
# starts again: a forgotten id only means that a later copy goes through NLP, as it did before this stage
MAX_SEEN_IDS = 100_000


class DedupeFn(beam.DoFn):
    """Article -> the article (main output) or, when it cannot win deduplication, the marked row (``skipped``)."""

    def __init__(self, output_dir: str, max_seen: int = MAX_SEEN_IDS) -> None:
        self.output_dir = output_dir
        self.max_seen = max_seen
        self.index: IdIndex | None = None
        self.skipped_existing = Metrics.counter(NAMESPACE, "nlp_skipped_existing")
        self.skipped_in_run = Metrics.counter(NAMESPACE, "nlp_skipped_in_run")

    def setup(self) -> None:
        self.index = IdIndex.open(self.output_dir)
        self.seen: dict[str, tuple[str, int]] = {}
        self.uris: dict[str, str] = {}

    def process(self, article: dict[str, Any]) -> Iterator[Any]:
        assert self.index is not None
        article_id = article["article_id"]
        if article_id in self.index:
            self.skipped_existing.inc()
            yield TaggedOutput(SKIPPED, ("articles", {**article, NLP_SKIPPED: "existing"}))
            return
        position = (article["input_uri"], article["input_offset"])
        earlier = self.seen.get(article_id)
        if earlier is not None and earlier < position:
            self.skipped_in_run.inc()
            yield TaggedOutput(SKIPPED, ("articles", {**article, NLP_SKIPPED: "in_run"}))
            return
        if len(self.seen) >= self.max_seen:
            self.seen.clear()
            self.uris.clear()
        self.seen[article_id] = (self.uris.setdefault(position[0], position[0]), position[1])
        yield article

    def teardown(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None


class DedupeArticles(beam.PTransform):
    """Article rows -> (articles to extract, ``skipped``: ("articles", marked row) pairs for the sink)."""

    def __init__(self, output_dir: str) -> None:
        super().__init__()
        self.output_dir = output_dir

    def expand(self, articles):
        return articles | "SkipKnownArticles" >> ParDoWithOutputs(DedupeFn(self.output_dir), SKIPPED,
                                                                  main="articles")
