"""The Beam shell around the pure core: one composite PTransform per stage, every step labelled.

Elements are plain dicts. Records that fail go to the ``rejects`` tagged output with a reason code (dead
letters, not exceptions), and every outcome is counted with Beam metrics.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.pvalue import TaggedOutput

from schemas.models import RejectReason
from transforms.articles import build_article
from transforms.decoders import Rejected
from transforms.rows import entity_rows, people_spans, quote_rows, reject_row

LOG = logging.getLogger(__name__)
REJECTS = "rejects"
NAMESPACE = "newsbeam"


@dataclass(frozen=True)
class RunContext:
    """What every worker needs to know about the run: shipped with the DoFns, so keep it small."""

    run_id: str
    ingested_at: dt.datetime
    max_record_bytes: int = 16 * 1024 * 1024


@dataclass(frozen=True)
class NlpOptions:
    enabled: bool = True
    model: str = "en_core_web_sm"
    languages: tuple[str, ...] = ("en",)  # articles in other languages get no entities or quotes
    batch_size: int = 16
    extra: dict[str, Any] = field(default_factory=dict)

    def wants(self, language: str | None) -> bool:
        return self.enabled and (language is None or not self.languages or language in self.languages)


def as_reject(rejected: Rejected, context: RunContext) -> TaggedOutput:
    Metrics.counter(NAMESPACE, f"rejected_{rejected.reason}").inc()
    return TaggedOutput(REJECTS, reject_row(rejected, ingested_at=context.ingested_at, run_id=context.run_id))


class NormalizeFn(beam.DoFn):
    """Raw record -> article row (dates, bylines, language, ids); a failure becomes a normalize_error reject."""

    def __init__(self, context: RunContext) -> None:
        self.context = context
        self.normalized = Metrics.counter(NAMESPACE, "articles_normalized")
        self.dated = Metrics.counter(NAMESPACE, "articles_dated")

    def process(self, record: dict[str, Any]) -> Iterator[Any]:
        try:
            article = build_article(record, ingested_at=self.context.ingested_at, run_id=self.context.run_id)
        except Exception as exc:  # noqa: BLE001 - dead letter, not a crashed pipeline
            LOG.warning("normalize failed for %s@%s: %s", record.get("input_uri"), record.get("input_offset"), exc)
            yield as_reject(Rejected(record["input_uri"], record["input_offset"], RejectReason.NORMALIZE_ERROR,
                                     f"normalization failed: {type(exc).__name__}: {exc}", record.get("raw", b"")),
                            self.context)
            return
        self.normalized.inc()
        if article["date_source"] in ("metadata", "text", "url"):
            self.dated.inc()
        yield article


class NormalizeArticles(beam.PTransform):
    """Raw records -> article rows (main output) and reject rows (``rejects``)."""

    def __init__(self, context: RunContext) -> None:
        super().__init__()
        self.context = context

    def expand(self, records):
        return records | "NormalizeRecord" >> beam.ParDo(NormalizeFn(self.context)).with_outputs(
            REJECTS, main="articles")


class ExtractFn(beam.DoFn):
    """A batch of articles -> (dataset, row) pairs: the article, its entities and its quotes.

    The spaCy model loads once per worker in setup(); batches go through ``nlp.pipe``.
    """

    def __init__(self, options: NlpOptions) -> None:
        self.options = options
        self.recognizer = None
        self.entities = Metrics.counter(NAMESPACE, "entities")
        self.quotes = Metrics.counter(NAMESPACE, "quotes")
        self.failures = Metrics.counter(NAMESPACE, "nlp_failures")

    def setup(self) -> None:
        if self.options.enabled:
            from transforms.entities import EntityRecognizer

            self.recognizer = EntityRecognizer(self.options.model, batch_size=self.options.batch_size)

    def process(self, batch: Sequence[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
        from transforms.entities import canonicalize
        from transforms.quotes import extract_quotes

        wanted = [a for a in batch if self.recognizer is not None and self.options.wants(a.get("language"))]
        try:
            mentions = self.recognizer.mentions([a["body"] for a in wanted]) if wanted else []
        except Exception as exc:  # noqa: BLE001 - fall back to one article at a time to isolate the bad one
            LOG.warning("NER batch failed (%s); retrying articles one by one", exc)
            mentions = [self._mentions_one(a) for a in wanted]
        by_id = {id(a): m for a, m in zip(wanted, mentions, strict=True)}
        for article in batch:
            yield "articles", article
            if id(article) not in by_id:
                continue
            try:
                entities = canonicalize(article["body"], by_id[id(article)])
                quotes = extract_quotes(article["body"], people_spans(entities))
            except Exception as exc:  # noqa: BLE001 - the article is kept; only its NLP rows are missing
                self.failures.inc()
                LOG.warning("NLP failed for article %s: %s", article["article_id"], exc)
                continue
            lineage = {"_input_uri": article["input_uri"], "_input_offset": article["input_offset"]}
            for row in entity_rows(article, entities):
                yield "entities", {**row, **lineage}
            for row in quote_rows(article, quotes):
                yield "quotes", {**row, **lineage}
            self.entities.inc(len(entities))
            self.quotes.inc(len(quotes))

    def _mentions_one(self, article: dict[str, Any]) -> list:
        try:
            return self.recognizer.mentions([article["body"]])[0]
        except Exception as exc:  # noqa: BLE001
            self.failures.inc()
            LOG.warning("NER failed for article %s: %s", article["article_id"], exc)
            return []


class ExtractEntitiesAndQuotes(beam.PTransform):
    """Article rows -> (dataset, row) pairs for articles, entities and quotes."""

    def __init__(self, options: NlpOptions) -> None:
        super().__init__()
        self.options = options

    def expand(self, articles):
        if not self.options.enabled:
            return articles | "TagArticles" >> beam.Map(lambda a: ("articles", a))
        return (articles
                | "BatchArticles" >> beam.BatchElements(min_batch_size=1, max_batch_size=self.options.batch_size)
                | "EntitiesAndQuotes" >> beam.ParDo(ExtractFn(self.options)))
