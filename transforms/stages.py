"""The Beam shell around the pure core: one composite PTransform per stage, every step labelled.

Elements are plain dicts. Records that fail go to the ``rejects`` tagged output with a reason code (dead
letters, not exceptions), and every outcome is counted with Beam metrics.

The stages use only what every runner executes the same way (docs/distributed.md): outputs are emitted
from ``process`` (Beam's DaskRunner drops what ``finish_bundle`` emits, so no ``BatchElements``), and a
DoFn's tagged outputs are split by :class:`ParDoWithOutputs` rather than ``.with_outputs`` (the DaskRunner
hands every output of a multi-output ParDo to every consumer).
"""
from __future__ import annotations

import collections
import datetime as dt
import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.pvalue import TaggedOutput

from schemas.models import DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_REJECTS_PER_FILE, RejectReason
from transforms.articles import build_article
from transforms.decoders import Rejected
from transforms.rows import entity_rows, quote_rows, reject_row

LOG = logging.getLogger(__name__)
REJECTS = "rejects"
NAMESPACE = "newsbeam"


@dataclass(frozen=True)
class RunContext:
    """What every worker needs to know about the run: shipped with the DoFns, so keep it small."""

    run_id: str
    ingested_at: dt.datetime
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
    max_rejects_per_file: int = DEFAULT_MAX_REJECTS_PER_FILE


@dataclass(frozen=True)
class NlpOptions:
    enabled: bool = True
    model: str = "en_core_web_sm"
    languages: tuple[str, ...] = ("en",)  # articles in other languages get no entities or quotes
    batch_size: int = 16
    parse_speakers: bool = True  # dependency-parse the sentences around quotes (transforms.speakers.syntax)

    def wants(self, language: str | None) -> bool:
        return self.enabled and (language is None or not self.languages or language in self.languages)


def as_reject(rejected: Rejected, context: RunContext) -> TaggedOutput:
    Metrics.counter(NAMESPACE, f"rejected_{rejected.reason}").inc()
    return TaggedOutput(REJECTS, reject_row(rejected, ingested_at=context.ingested_at, run_id=context.run_id))


class _TagEveryOutput(beam.DoFn):
    """Runs a DoFn that yields ``TaggedOutput``s and emits every output as one ``(tag, value)`` pair."""

    def __init__(self, fn: beam.DoFn, main: str) -> None:
        self.fn = fn
        self.main = main

    def setup(self) -> None:
        self.fn.setup()

    def start_bundle(self) -> None:
        self.fn.start_bundle()

    def process(self, element: Any) -> Iterator[tuple[str, Any]]:
        for output in self.fn.process(element) or ():
            if isinstance(output, TaggedOutput):
                yield output.tag, output.value
            else:
                yield self.main, output

    def finish_bundle(self) -> None:
        if list(self.fn.finish_bundle() or ()):
            raise ValueError(f"{type(self.fn).__name__} emits from finish_bundle, which some runners drop")

    def teardown(self) -> None:
        self.fn.teardown()


class _SelectTag(beam.DoFn):
    """``(tag, value)`` pairs -> the values of one tag; a tag nobody declared is an error, not a loss."""

    def __init__(self, tag: str, declared: Sequence[str]) -> None:
        self.tag = tag
        self.declared = frozenset(declared)

    def process(self, pair: tuple[str, Any]) -> Iterator[Any]:
        tag, value = pair
        if tag == self.tag:
            yield value
        elif tag not in self.declared:
            raise ValueError(f"output tag {tag!r} was not declared (declared: {sorted(self.declared)})")


class ParDoWithOutputs(beam.PTransform):
    """``beam.ParDo(fn).with_outputs(*tags, main=main)`` that every runner executes the same way.

    The DoFn (whose ``process`` takes the element alone) runs as a single-output ParDo emitting
    ``(tag, value)`` pairs; one selecting step per tag then makes the outputs. The result is a named tuple
    with one PCollection per tag (``result.rejects``). Local runners fuse the selecting steps into the
    DoFn's stage, so they cost a function call per element.
    """

    def __init__(self, fn: beam.DoFn, *tags: str, main: str) -> None:
        super().__init__()
        self.fn = fn
        self.tags = (main, *tags)
        self.main = main

    def expand(self, pcoll):
        pairs = pcoll | "Run" >> beam.ParDo(_TagEveryOutput(self.fn, self.main))
        outputs = collections.namedtuple("Outputs", self.tags)
        return outputs(*(pairs | f"Select_{tag}" >> beam.ParDo(_SelectTag(tag, self.tags)) for tag in self.tags))


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
        if article["date_source"] in ("metadata", "text", "url", "modified"):
            self.dated.inc()
        yield article


class NormalizeArticles(beam.PTransform):
    """Raw records -> article rows (main output) and reject rows (``rejects``)."""

    def __init__(self, context: RunContext) -> None:
        super().__init__()
        self.context = context

    def expand(self, records):
        return records | "NormalizeRecord" >> ParDoWithOutputs(NormalizeFn(self.context), REJECTS, main="articles")


class ExtractFn(beam.DoFn):
    """An article -> (dataset, row) pairs: the article, its entities and its quotes.

    The spaCy model loads once per worker in setup(). An article whose NLP fails is kept, without entities
    and quotes, and counted in ``nlp_failures``.
    """

    def __init__(self, options: NlpOptions) -> None:
        self.options = options
        self.recognizer = None
        self.parser = None
        self.entities = Metrics.counter(NAMESPACE, "entities")
        self.quotes = Metrics.counter(NAMESPACE, "quotes")
        self.failures = Metrics.counter(NAMESPACE, "nlp_failures")

    def setup(self) -> None:
        if self.options.enabled:
            self.recognizer = shared_recognizer(self.options.model, self.options.batch_size)
            if self.options.parse_speakers:
                self.parser = shared_subject_parser(self.options.model)

    def process(self, article: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        from transforms.entities import canonicalize
        from transforms.extract import quotes_and_entities

        yield "articles", article
        if self.recognizer is None or not self.options.wants(article.get("language")):
            return
        try:
            entities = canonicalize(article["body"], self.recognizer.mentions([article["body"]])[0])
            entities, quotes = quotes_and_entities(article, entities, self.parser)
        except Exception as exc:  # noqa: BLE001 - the article is kept; only its NLP rows are missing
            self.failures.inc()
            LOG.warning("NLP failed for article %s: %s", article["article_id"], exc)
            return
        lineage = {"_input_uri": article["input_uri"], "_input_offset": article["input_offset"]}
        for row in entity_rows(article, entities):
            yield "entities", {**row, **lineage}
        for row in quote_rows(article, quotes):
            yield "quotes", {**row, **lineage}
        self.entities.inc(len(entities))
        self.quotes.inc(len(quotes))


_RECOGNIZERS = threading.local()


def shared_recognizer(model: str, batch_size: int) -> Any:
    """The spaCy recognizer of this worker thread, loaded on first use.

    Runners call ``setup()`` once per DoFn instance, and Beam's DaskRunner makes a new instance for every
    partition: without this cache each partition would load the model again (seconds each). One instance
    per thread, because a spaCy pipeline is not documented as safe to share between threads.
    """
    from transforms.entities import EntityRecognizer

    return _per_thread(("ner", model, batch_size), lambda: EntityRecognizer(model, batch_size=batch_size))


def shared_subject_parser(model: str) -> Any:
    """The dependency parser for speaker subjects of this worker thread (see ``shared_recognizer``)."""
    from transforms.speakers.syntax import SubjectParser

    return _per_thread(("parser", model), lambda: SubjectParser(model))


def _per_thread(key: tuple, load: Any) -> Any:
    cache: dict[tuple, Any] = getattr(_RECOGNIZERS, "by_key", None) or {}
    _RECOGNIZERS.by_key = cache
    if key not in cache:
        cache[key] = load()
    return cache[key]


class SetUpOnFirstElement(beam.DoFn):
    """Runs a DoFn whose ``setup()`` is costly only once an element arrives.

    A re-run whose articles are all committed already sends none to extraction (pipeline/dedupe.py); loading
    the spaCy model for them anyway was most of such a run's time.
    """

    def __init__(self, fn: beam.DoFn) -> None:
        self.fn = fn
        self.ready = False

    def setup(self) -> None:
        self.ready = False

    def process(self, element: Any) -> Iterator[Any]:
        if not self.ready:
            self.fn.setup()
            self.ready = True
        yield from self.fn.process(element) or ()

    def teardown(self) -> None:
        if self.ready:
            self.fn.teardown()


class ExtractEntitiesAndQuotes(beam.PTransform):
    """Article rows -> (dataset, row) pairs for articles, entities and quotes.

    Articles go through NER one at a time (long bodies are still cut into pieces that ``nlp.pipe`` batches).
    ``BatchElements`` would emit each bundle's last batch from ``finish_bundle``, which Beam's DaskRunner
    drops. Measured here, batches of 16 found the same entities as single articles (bundled sample) and ran
    no faster beyond the machine's noise (generated news-length articles): the NER-only pipeline's cost is
    per token, not per call.
    """

    def __init__(self, options: NlpOptions) -> None:
        super().__init__()
        self.options = options

    def expand(self, articles):
        if not self.options.enabled:
            return articles | "TagArticles" >> beam.Map(lambda a: ("articles", a))
        return articles | "EntitiesAndQuotes" >> beam.ParDo(SetUpOnFirstElement(ExtractFn(self.options)))
