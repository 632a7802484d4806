"""The Beam shell: NormalizeArticles, ReadArticles, ExtractEntitiesAndQuotes over tiny in-memory samples."""
from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import apache_beam as beam
import pytest
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.pvalue import TaggedOutput
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import BeamAssertException, assert_that, equal_to
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.sources import (
    DecodeFileFn,
    InputError,
    ReadArticles,
    detect_format,
    expand_inputs,
    is_hidden_or_temp,
)
from schemas import RejectReason
from transforms.articles import build_article, word_count
from transforms.decoders import jsonl_record, text_article
from transforms.ids import normalized_text
from transforms.stages import ExtractEntitiesAndQuotes, NlpOptions, NormalizeArticles, RunContext

NOW = dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC)
CONTEXT = RunContext(run_id="run-test", ingested_at=NOW)
BODY = ("The tidal pool at Gull Cove reopened to swimmers on Sunday after a winter of repairs to its sea wall. "
        "“We have waited a long time for this,” said Marguerite Osei, who chairs the swimming club.")
GERMAN = ("Das Freibad am Ufer öffnet am Sonntag wieder, nachdem die Stadt die Becken den ganzen Winter über "
          "saniert hat. „Wir haben lange darauf gewartet“, sagte die Vorsitzende des Schwimmvereins.")


def pipeline() -> BeamTestPipeline:
    # the local engine newsbeam itself runs on (pipeline/runners.py)
    return BeamTestPipeline(runner=FnApiRunner())


def jsonl(obj: dict[str, Any], offset: int = 0, uri: str = "/in/feed.jsonl") -> dict[str, Any]:
    record = jsonl_record(json.dumps(obj).encode(), uri, offset)
    assert isinstance(record, dict)
    return record


def every(check: Callable[[Any], bool], what: str) -> Callable[[list[Any]], None]:
    """A matcher: there are elements and ``check`` holds for each."""
    def matcher(actual: list[Any]) -> None:
        if not actual or not all(check(a) for a in actual):
            raise BeamAssertException(f"not every element {what}: {actual!r}")
    return matcher


def contains(*expected: Any) -> Callable[[list[Any]], None]:
    """A matcher: every expected element is among the actual ones (the rest is not this test's business)."""
    def check(actual: list[Any]) -> None:
        missing = [e for e in expected if e not in actual]
        if missing:
            raise BeamAssertException(f"missing {missing!r} in {actual!r}")
    return check


# --------------------------------------------------------------------------------------- NormalizeArticles
RECORDS = [
    jsonl({"url": "https://gazette.example/news/pool", "title": "Pool reopens",
           "byline": "By Wren Calloway and Tomas Reyes", "published": "2026-01-05T10:00:00+01:00", "text": BODY}),
    jsonl({"title": "Lifeguards return", "byline": "Reuters", "text": BODY, "crawled_at": "2026-01-06T08:00:00Z"},
          offset=900),
    jsonl({"title": "No date at all", "author": ["Zoë Martin"], "text": BODY, "site": "Gull Cove Gazette"},
          offset=1800),
]
BROKEN = {**jsonl({"title": "Broken candidates", "text": BODY}, offset=2700),
          "date_candidates": [{"raw": "2026-01-05"}]}  # a candidate without its origin: normalization fails


def test_normalize_articles() -> None:
    p = pipeline()
    result = p | beam.Create([*RECORDS, BROKEN]) | NormalizeArticles(CONTEXT)
    assert_that(result.articles | "Project" >> beam.Map(lambda a: (
        a["title"], a["authors"], a["agencies"], a["date_source"], a["published_date"], a["published_at"],
        a["published_offset_minutes"], a["source"], a["language"], a["run_id"], a["ingested_at"])),
        equal_to([
            ("Pool reopens", ["Wren Calloway", "Tomas Reyes"], [], "metadata", dt.date(2026, 1, 5),
             dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), 60, "gazette.example", "en", "run-test", NOW),
            ("Lifeguards return", [], ["Reuters"], "crawl", dt.date(2026, 1, 6), None, None, "unknown", "en",
             "run-test", NOW),
            ("No date at all", ["Zoë Martin"], [], "ingest", NOW.date(), None, None, "Gull Cove Gazette",
             "en", "run-test", NOW),
        ]), label="Articles")
    assert_that(result.rejects | "ProjectRejects" >> beam.Map(lambda r: (
        r["reason"], r["input_uri"], r["input_offset"], r["raw"], r["run_id"], r["ingest_date"],
        "KeyError" in r["detail"])),
        equal_to([(RejectReason.NORMALIZE_ERROR, "/in/feed.jsonl", 2700, BROKEN["raw"], "run-test",
                   NOW.date(), True)]), label="Rejects")
    outcome = p.run()
    outcome.wait_until_finish()
    counters = {c.key.metric.name: c.committed
                for c in outcome.metrics().query(MetricsFilter().with_namespace("newsbeam"))["counters"]}
    assert (counters["articles_normalized"], counters["articles_dated"],
            counters[f"rejected_{RejectReason.NORMALIZE_ERROR}"]) == (3, 1, 1)


def test_article_rows_are_ids_and_counts_of_their_record() -> None:
    article = build_article(RECORDS[0], ingested_at=NOW, run_id="run-test")
    again = build_article({**RECORDS[0], "input_offset": 5000}, ingested_at=NOW, run_id="run-other")
    assert article["article_id"] == again["article_id"]  # the id follows the url, not where it was read
    assert (article["word_count"], article["comment_count"], article["body"]) == (36, None, BODY)
    text = text_article(b"Wren Calloway\nPool reopens\n" + BODY.encode() + b"\nComments 9\n", "/in/pool.txt")
    assert isinstance(text, dict)
    assert build_article(text, ingested_at=NOW, run_id="r")["comment_count"] == 9


@pytest.mark.parametrize(("body", "words"), [
    ("", 0),
    ("   \n\t ", 0),
    ("One", 1),
    ("The U.S. economy grew 2,000 jobs, officials said.", 8),
    ("  She didn't\u00a0stop \u2014 ever.\n\nNew  paragraph here. ", 8),
    ("Tab\tseparated\r\nand\u2003em-spaced", 4),
])
def test_word_count_counts_whitespace_separated_words(body: str, words: int) -> None:
    assert word_count(normalized_text(body)) == words
    assert word_count(normalized_text(body)) == len(body.split())


def test_a_date_in_the_url_path_dates_a_jsonl_record() -> None:
    record = jsonl({"url": "https://gazette.example/news/2026/01/04/lifeguards-return", "title": "Lifeguards return",
                    "text": BODY, "crawled_at": "2026-01-06T08:00:00Z"})
    article = build_article(record, ingested_at=NOW, run_id="r")
    assert (article["date_source"], article["published_date"]) == ("url", dt.date(2026, 1, 4))


# -------------------------------------------------------------------------------------------- ReadArticles
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour lights switched to LED | Gull Cove Gazette</title>
<meta property="article:published_time" content="2026-02-01T08:00:00+00:00"></head>
<body><article><h1>Harbour lights switched to LED</h1><p class="byline">By Tomas Reyes</p>
<p>The harbour lights at Gull Cove were switched to LED lamps this week, cutting the cost of running them by
more than half, the harbour board said on Monday.</p>
<p>The old lamps had been in place since the harbour wall was rebuilt, and spare parts had become hard to find.</p>
</article></body></html>"""


def warc_bytes(*, pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "newsbeam tests"}))
    for number in range(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://gazette.example/news/lights-{number}", "response", payload=io.BytesIO(PAGE.encode()),
            http_headers=headers, warc_headers_dict={"WARC-Date": "2026-02-02T03:00:00Z"}))
    return buffer.getvalue()


def line(i: int) -> bytes:
    return json.dumps({"url": f"https://gazette.example/{i}", "title": f"Story {i}", "text": BODY}).encode() + b"\n"


@pytest.fixture
def input_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "feeds").mkdir(parents=True)
    (folder / "feeds" / "a.jsonl").write_bytes(line(0) + b'{"title": "cut off\n' + line(2))
    # two gzip members, the second cut short: the stream breaks off inside line 3
    (folder / "feeds" / "b.jsonl.gz").write_bytes(gzip.compress(line(0) + line(1), mtime=0)
                                                  + gzip.compress(line(2), mtime=0)[:60])
    (folder / "feeds" / "early.jsonl.gz").write_bytes(gzip.compress(line(0), mtime=0)[:20])  # before any line
    (folder / "feeds" / "no-extension").write_bytes(line(7))  # sniffed: JSON lines
    (folder / "feeds" / "empty.jsonl").write_bytes(b"")
    (folder / "story.txt").write_bytes(b"Wren Calloway Wren Calloway\nPool reopens\n\n" + BODY.encode() + b"\n")
    (folder / "notes.txt.gz").write_bytes(gzip.compress(b"Pool reopens\n\n" + BODY.encode(), mtime=0))
    (folder / "page.html").write_bytes(PAGE.encode())
    (folder / "crawl.warc.gz").write_bytes(warc_bytes(pages=2))
    return folder


def test_read_articles_from_a_folder_of_small_files(input_folder: Path) -> None:
    paths = [*expand_inputs([str(input_folder)]), str(input_folder / "missing.jsonl")]
    compressed_early = (input_folder / "feeds" / "early.jsonl.gz").read_bytes()

    def name(path: str) -> str:
        return os.path.relpath(path, input_folder)

    with pipeline() as p:
        read = p | ReadArticles(paths, CONTEXT)
        assert_that(read.records | "Records" >> beam.Map(lambda r: (
            name(r["input_uri"]), r["input_offset"] if r["input_format"] != "warc" else "record offset",
            r["input_format"], r["title"])), equal_to([
                ("feeds/a.jsonl", 0, "jsonl", "Story 0"),
                ("feeds/a.jsonl", len(line(0)) + 19, "jsonl", "Story 2"),
                ("feeds/b.jsonl.gz", 0, "jsonl", "Story 0"),
                ("feeds/b.jsonl.gz", len(line(0)), "jsonl", "Story 1"),
                ("feeds/no-extension", 0, "jsonl", "Story 7"),
                ("story.txt", 0, "text", "Pool reopens"),
                ("notes.txt.gz", 0, "text", "Pool reopens"),
                ("page.html", 0, "html", "Harbour lights switched to LED"),
                ("crawl.warc.gz", "record offset", "warc", "Harbour lights switched to LED"),
                ("crawl.warc.gz", "record offset", "warc", "Harbour lights switched to LED"),
            ]), label="Records")
        assert_that(read.records | "Warc" >> beam.Filter(lambda r: r["input_format"] == "warc")
                    | "WarcFields" >> beam.Map(lambda r: (r["url"], r["fetched_at"])), equal_to([
                        ("https://gazette.example/news/lights-0", dt.datetime(2026, 2, 2, 3, tzinfo=dt.UTC)),
                        ("https://gazette.example/news/lights-1", dt.datetime(2026, 2, 2, 3, tzinfo=dt.UTC))]),
                    label="WarcRecords")
        assert_that(read.rejects | "Rejects" >> beam.Map(lambda r: (
            name(r["input_uri"]), r["input_offset"], r["reason"], r["run_id"])), equal_to([
                ("feeds/a.jsonl", len(line(0)), RejectReason.INVALID_JSON, "run-test"),
                ("feeds/b.jsonl.gz", 2 * len(line(0)), RejectReason.UNREADABLE_GZIP, "run-test"),
                ("feeds/early.jsonl.gz", 0, RejectReason.UNREADABLE_GZIP, "run-test"),
                ("missing.jsonl", 0, RejectReason.UNREADABLE_INPUT, "run-test"),
            ]), label="Rejects")
        assert_that(read.rejects | "RejectRaw" >> beam.Map(lambda r: (name(r["input_uri"]), r["raw"])), contains(
            ("feeds/a.jsonl", b'{"title": "cut off'),
            ("feeds/early.jsonl.gz", compressed_early),  # nothing decompressed: the compressed bytes are kept
        ), label="RejectRaw")
        assert_that(read.input_stats | "Stats" >> beam.Map(lambda s: (
            name(s["path"]), s["format"], s["records"], s["skipped"])), equal_to([
                ("feeds/a.jsonl", "jsonl", 3, 0), ("feeds/b.jsonl.gz", "jsonl", 3, 0),
                ("feeds/early.jsonl.gz", "jsonl", 1, 0), ("feeds/no-extension", "jsonl", 1, 0),
                ("feeds/empty.jsonl", "jsonl", 0, 0), ("story.txt", "text", 1, 0),
                ("notes.txt.gz", "text", 1, 0), ("page.html", "html", 1, 0), ("crawl.warc.gz", "warc", 2, 1),
                ("missing.jsonl", None, 1, 0),
            ]), label="Stats")


def decode_file(path: Path, input_format: str = "auto") -> list[Any]:
    """DecodeFileFn.process called directly: the same code path as in a pipeline, without one."""
    return list(DecodeFileFn(CONTEXT, input_format).process(str(path)))


def test_decode_file_with_a_forced_format(tmp_path: Path) -> None:
    odd = tmp_path / "feed.data"
    odd.write_bytes(b"\n" + line(3))
    records = [r for r in decode_file(odd, "jsonl") if isinstance(r, dict)]
    assert [(r["title"], r["input_offset"]) for r in records] == [("Story 3", 1)]
    (stats,) = [r.value for r in decode_file(odd, "jsonl") if isinstance(r, TaggedOutput)]
    status = odd.stat()
    assert stats == {"kind": "input", "path": str(odd), "records": 1, "skipped": 0, "format": "jsonl",
                     "fingerprint": {"size": status.st_size, "mtime_ns": status.st_mtime_ns},
                     "lone_surrogates_replaced": 0, "rejects_not_kept": {}}


def test_decode_file_survives_a_truncated_warc(tmp_path: Path) -> None:
    data = warc_bytes(pages=2)
    iterator = ArchiveIterator(io.BytesIO(data))
    starts = []
    for record in iterator:
        record.content_stream().read()
        starts.append(iterator.get_record_offset())
    broken = tmp_path / "crawl.warc.gz"
    broken.write_bytes(data[: starts[-1] + 110])  # inside the last record's WARC headers
    outputs = decode_file(broken)
    rejects = [o.value for o in outputs if isinstance(o, TaggedOutput) and o.tag == "rejects"]
    assert [r["reason"] for r in rejects] == [RejectReason.INVALID_WARC]


# (path, first bytes, requested format, detected format)
FORMATS = [
    ("/in/a.jsonl", b"", "auto", "jsonl"),
    ("/in/a.NDJSON", b"", "auto", "jsonl"),
    ("/in/a.json.gz", b"", "auto", "jsonl"),
    ("/in/a.txt", b"{not json}", "auto", "text"),
    ("/in/A.HTM", b"", "auto", "html"),
    ("/in/a.warc.gz", b"", "auto", "warc"),
    ("/in/a.arc", b"", "auto", "warc"),
    ("/in/noext", b"WARC/1.0\r\nWARC-Type: warcinfo", "auto", "warc"),
    ("/in/noext", b'  {"url": "x"}', "auto", "jsonl"),
    ("/in/noext", b"<!DOCTYPE html><html>", "auto", "html"),
    ("/in/noext", b"<HTML><body>", "auto", "html"),
    ("/in/noext", b"Jane Doe\nA headline\nBody", "auto", "text"),
    ("/in/noext.gz", b"Jane Doe\nA headline\nBody", "auto", "text"),
    ("/in/a.html", b"", "text", "text"),
]


@pytest.mark.parametrize(("path", "head", "requested", "fmt"), FORMATS)
def test_detect_format(path: str, head: bytes, requested: str, fmt: str) -> None:
    assert detect_format(path, head, requested) == fmt


@pytest.mark.parametrize(("name", "hidden"), [
    ("a.jsonl", False), (".a.jsonl", True), ("_SUCCESS", True), ("~a.txt", True), ("a.jsonl.tmp", True),
    ("a.part", True), ("a.crdownload", True), ("a.partial", True), ("part-1.jsonl", False),
])
def test_hidden_and_temporary_files(name: str, hidden: bool) -> None:
    assert is_hidden_or_temp(f"/in/{name}") is hidden


def test_expand_inputs(input_folder: Path) -> None:
    (input_folder / ".hidden.jsonl").write_bytes(line(1))
    (input_folder / "feeds" / "c.jsonl.part").write_bytes(line(1))
    found = expand_inputs([str(input_folder / "feeds" / "*.jsonl"), str(input_folder / "**" / "a.jsonl"),
                           str(input_folder / "story.txt")])
    assert found == sorted({str(input_folder / "feeds" / "a.jsonl"), str(input_folder / "feeds" / "empty.jsonl"),
                            str(input_folder / "story.txt")})
    everything = expand_inputs([str(input_folder)])
    assert str(input_folder / ".hidden.jsonl") not in everything
    assert str(input_folder / "feeds" / "c.jsonl.part") not in everything
    assert len(everything) == 9


@pytest.mark.parametrize("pattern", ["nothing-here/*.jsonl", "missing.jsonl", "**/*.nope"])
def test_expand_inputs_refuses_a_pattern_that_names_nothing(tmp_path: Path, pattern: str) -> None:
    with pytest.raises(InputError, match="no input files match"):
        expand_inputs([str(tmp_path / pattern)])


# ---------------------------------------------------------------------------------- ExtractEntitiesAndQuotes
ARTICLES = [build_article(r, ingested_at=NOW, run_id="run-test") for r in RECORDS]


def test_extract_with_nlp_disabled_tags_articles_only() -> None:
    with pipeline() as p:
        rows = p | beam.Create(ARTICLES) | ExtractEntitiesAndQuotes(NlpOptions(enabled=False))
        assert_that(rows, equal_to([("articles", a) for a in ARTICLES]))


@pytest.mark.parametrize(("options", "language", "wanted"), [
    (NlpOptions(), "en", True),
    (NlpOptions(), None, True),
    (NlpOptions(), "de", False),
    (NlpOptions(enabled=False), "en", False),
    (NlpOptions(languages=("en", "de")), "de", True),
    (NlpOptions(languages=()), "fi", True),
])
def test_nlp_options_choose_articles_by_language(options: NlpOptions, language: str | None, wanted: bool) -> None:
    assert options.wants(language) is wanted


@pytest.mark.model
def test_extract_entities_and_quotes_with_the_model() -> None:
    german = build_article(jsonl({"title": "Freibad", "text": GERMAN, "language": "de"}, offset=4000),
                           ingested_at=NOW, run_id="run-test")
    articles = [*ARTICLES, german]
    with pipeline() as p:
        rows = p | beam.Create(articles) | ExtractEntitiesAndQuotes(NlpOptions(batch_size=2))
        assert_that(rows | "Articles" >> beam.Filter(lambda kv: kv[0] == "articles")
                    | "ArticleIds" >> beam.Map(lambda kv: kv[1]["article_id"]),
                    equal_to([a["article_id"] for a in articles]), label="EveryArticleOnce")
        entities = rows | "Entities" >> beam.Filter(lambda kv: kv[0] == "entities") | "E" >> beam.Values()
        assert_that(entities | "EntityNames" >> beam.Map(lambda e: (e["entity"], e["label"])),
                    contains(("Marguerite Osei", "PERSON")), label="People")
        assert_that(entities | "EntityIntegrity" >> beam.Map(lambda e: (
            e["article_id"], e["mention_count"] == len(e["spans"]), e["run_id"], e["_input_uri"])),
            every(lambda e: e[0] != german["article_id"] and e[1:] == (True, "run-test", "/in/feed.jsonl"),
                  "belongs to an English article, counts its spans and carries its lineage"), label="EntityRows")
        quotes = rows | "Quotes" >> beam.Filter(lambda kv: kv[0] == "quotes") | "Q" >> beam.Values()
        assert_that(quotes | "QuoteFields" >> beam.Map(lambda q: (
            q["article_id"] == ARTICLES[0]["article_id"], q["text"].strip(" ,"), q["speaker"], q["cue"])),
            contains((True, "We have waited a long time for this", "Marguerite Osei", "said")), label="Quotes")
        assert_that(quotes | "QuoteSpans" >> beam.Map(lambda q: BODY[q["start"]:q["end"]] == q["text"]),
                    every(bool, "indexes the body with its offsets"), label="Offsets")
