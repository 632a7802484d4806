"""Properties of the normalizers and extractors that their own test files do not cover.

Never raise on any input; offsets always inside the body; and every row the pipeline builds validates against
the contract's pydantic models (schemas/) and fits the Arrow schema of its Parquet files. The model-free
extractors are used (canonicalize over arbitrary mentions, the quote finder), so no spaCy model is needed.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
import unicodedata
from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.layout import file_schema, partition_column
from schemas.models import Article, EntityRow, QuoteRow, RawRecord, RejectReason, RejectRow
from transforms.articles import UNKNOWN_SOURCE, build_article, source_of
from transforms.dates import parse_date
from transforms.decoders import (
    EARLIEST_CRAWL,
    LATEST_CRAWL,
    Rejected,
    html_page,
    iter_jsonl,
    jsonl_record,
    parse_timestamp,
    text_article,
)
from transforms.entities import Mention, canonicalize
from transforms.extract import quotes_and_entities
from transforms.html_dates import DateCandidate, choose_publication_date, url_date_candidates
from transforms.ids import WHITESPACE, article_id, content_hash, normalized_text
from transforms.language import detect_language
from transforms.rows import entity_rows, quote_rows, reject_row
from transforms.textcodec import replace_lone_surrogates

INGESTED = dt.datetime(2026, 5, 4, 3, 2, 1, tzinfo=dt.UTC)
RUN_ID = "20260504T030201Z-props"
INT16 = (-(2**15), 2**15 - 1)
INT32 = (-(2**31), 2**31 - 1)

# text that looks like news: words, names, quote marks of every family, paragraph breaks, dates and numbers
NEWSY_CHARACTERS = list("Ab Cd Ef.,;:!?'’‘“”\"«»\n\n-—()0123456789 Mr Ms Jo Lee said tells")
NEWSY = st.text(alphabet=st.sampled_from(NEWSY_CHARACTERS), max_size=600)
DATEISH = st.text(alphabet="0123456789 ./-:+TZaAmMpPuUhrETJanFebMarDecSunMon,", max_size=40)
WORDS = st.text(max_size=80)
ORIGINS = st.sampled_from(["metadata", "text", "url", "meta:og", "jsonld:datePublished", "time:plain:main",
                           "text:after-title", "htmldate", "odd"])
URLS = st.one_of(st.none(), WORDS, st.builds(lambda host, path: f"https://{host}/{path}",
                                             st.from_regex(r"[a-z0-9.-]{1,20}", fullmatch=True), WORDS))


def fits(dataset: str, rows: list[dict[str, Any]]) -> None:
    """The rows convert to the Arrow schema of the dataset's files (the partition key is the folder)."""
    key = partition_column(dataset)
    pa.Table.from_pylist([{k: v for k, v in row.items() if k != key} for row in rows],
                         schema=file_schema(dataset))


# ---------------------------------------------------------------------------------------------- ids
def test_str_split_and_regex_whitespace_agree_on_every_code_point() -> None:
    # normalized_text collapses whitespace with str.split(); ids hashed before used \s+: they must agree
    space = re.compile(r"\s")
    assert [c for c in range(sys.maxunicode + 1) if bool(space.match(chr(c))) != chr(c).isspace()] == []


@given(st.text(max_size=300))
def test_normalized_text_is_the_regex_definition(text: str) -> None:
    folded = unicodedata.normalize("NFKC", text).casefold()
    assert normalized_text(text) == WHITESPACE.sub(" ", folded).strip()


@given(st.text(max_size=300), st.text(max_size=10))
def test_hashes_ignore_spacing(body: str, gap: str) -> None:
    spaced = re.sub(r" ", lambda _: " " + "".join(c for c in gap if c.isspace()), body)
    assert content_hash(spaced) == content_hash(body)
    assert article_id(None, None, spaced) == article_id(None, None, body)


# ----------------------------------------------------------------------------------------- language
@given(st.text(max_size=3000))
def test_detect_language_never_raises(text: str) -> None:
    code = detect_language(text)
    assert code is None or re.fullmatch(r"[a-z]{2}", code)


# ------------------------------------------------------------------------------------------ sources
@given(st.one_of(st.none(), WORDS), URLS)
def test_source_of_is_never_empty(source: str | None, url: str | None) -> None:
    found = source_of(source, url)
    assert found and found == found.strip()
    if not (source and source.strip()) and not url:
        assert found == UNKNOWN_SOURCE


# -------------------------------------------------------------------------------------- timestamps
JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40), DATEISH,
                         st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()))


@given(JSON_SCALARS)
def test_parse_timestamp_is_utc_or_none(value: Any) -> None:
    parsed = parse_timestamp(value)
    assert parsed is None or (isinstance(parsed, dt.datetime) and parsed.utcoffset() == dt.timedelta(0))
    assert parsed is None or EARLIEST_CRAWL <= parsed < LATEST_CRAWL  # a partition date, when it is used


@given(st.one_of(DATEISH, st.text(max_size=60)), st.sampled_from([None, "en", "de", "fr", "es", "xx"]))
def test_parsed_dates_fit_the_article_columns(raw: str, language: str | None) -> None:
    parsed = parse_date(raw, anchor=INGESTED, language=language)
    if parsed is not None:
        assert parsed.instant.utcoffset() == dt.timedelta(0)
        assert parsed.offset_minutes is None or INT16[0] <= parsed.offset_minutes <= INT16[1]
        assert parsed.precision in ("day", "minute", "second")


@given(st.lists(st.tuples(st.one_of(DATEISH, WORDS), ORIGINS), max_size=6), URLS)
def test_chosen_dates_fit_the_article_columns(pairs: list[tuple[str, str]], url: str | None) -> None:
    chosen = choose_publication_date([DateCandidate(raw=r, origin=o) for r, o in pairs], anchor=INGESTED,
                                     language=None, url=url)
    if chosen is not None:
        parsed, source = chosen
        assert source in ("metadata", "text", "url", "modified")
        assert parsed.instant.utcoffset() == dt.timedelta(0)
        assert parsed.offset_minutes is None or INT16[0] <= parsed.offset_minutes <= INT16[1]


@given(st.one_of(st.none(), st.text(max_size=200), URLS))
def test_url_date_candidates_never_raise(url: str | None) -> None:
    for candidate in url_date_candidates(url):
        assert isinstance(candidate.raw, str) and candidate.raw


# ----------------------------------------------------------------------------------------- articles
@st.composite
def raw_records(draw: st.DrawFn) -> dict[str, Any]:
    record = {
        "input_uri": draw(st.text(min_size=1, max_size=40)),
        "input_offset": draw(st.integers(0, 2**40)),
        "input_format": draw(st.sampled_from(["jsonl", "text", "html", "warc"])),
        "url": draw(URLS),
        "source": draw(st.one_of(st.none(), WORDS)),
        "title": draw(st.one_of(st.none(), WORDS)),
        "byline_raw": draw(st.one_of(st.none(), WORDS, st.sampled_from(["By Jo Lee and Ann Park, Reuters"]))),
        "date_candidates": [{"raw": r, "origin": o} for r, o in
                            draw(st.lists(st.tuples(st.one_of(DATEISH, WORDS), ORIGINS), max_size=4))],
        "body": draw(st.one_of(NEWSY, st.text(max_size=400)).filter(str.strip)),
        "language": draw(st.one_of(st.none(), st.sampled_from(["en", "de", "fr"]))),
        "fetched_at": draw(st.one_of(st.none(), st.datetimes(min_value=dt.datetime(1971, 1, 1),
                                                             max_value=dt.datetime(2090, 1, 1),
                                                             timezones=st.just(dt.UTC)))),
        "comment_count": draw(st.one_of(st.none(), st.integers(0, INT32[1]))),
        "raw": draw(st.binary(max_size=20)),
    }
    RawRecord.model_validate(record)  # the strategy makes what the readers make
    return record


@given(raw_records())
def test_build_article_rows_match_the_schema(record: dict[str, Any]) -> None:
    article = build_article(record, ingested_at=INGESTED, run_id=RUN_ID)
    Article.model_validate(article)
    fits("articles", [article])
    assert article["body"] == record["body"]
    assert article["published_date"] == (article["published_at"] or record["fetched_at"] or INGESTED).date()
    assert article["published_at"] is None or article["published_at"].utcoffset() == dt.timedelta(0)
    assert 0 <= article["word_count"] <= len(record["body"])
    assert build_article(record, ingested_at=INGESTED, run_id=RUN_ID) == article  # deterministic


# ------------------------------------------------------------------------------- entities and quotes
LABELS = st.sampled_from(["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "PER", ""])


@st.composite
def article_and_mentions(draw: st.DrawFn) -> tuple[dict[str, Any], list[Mention]]:
    body = draw(NEWSY.filter(str.strip))
    record = {"input_uri": "in.jsonl", "input_offset": 0, "input_format": "jsonl", "body": body,
              "language": "en", "url": None, "title": None, "byline_raw": None, "date_candidates": [],
              "source": None, "fetched_at": None, "comment_count": None, "raw": b""}
    mentions = []
    for _ in range(draw(st.integers(0, 10))):
        start = draw(st.integers(-3, len(body) + 3))
        end = draw(st.integers(-3, len(body) + 3))
        mentions.append(Mention(body[max(start, 0):max(end, 0)], draw(LABELS), start, end))
    return build_article(record, ingested_at=INGESTED, run_id=RUN_ID), mentions


@settings(max_examples=150)
@given(article_and_mentions())
def test_entity_and_quote_rows_match_the_schema(case: tuple[dict[str, Any], list[Mention]]) -> None:
    article, mentions = case
    body = article["body"]
    entities = canonicalize(body, mentions)
    rows = entity_rows(article, entities)
    for row in rows:
        EntityRow.model_validate(row)
        assert row["mention_count"] == len(row["spans"]) >= 1
        for span in row["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(body)
    fits("entities", rows)
    with_speakers, found = quotes_and_entities(article, entities)
    for row in entity_rows(article, with_speakers):
        EntityRow.model_validate(row)
    quotes = quote_rows(article, found)
    for row in quotes:
        QuoteRow.model_validate(row)
        assert 0 <= row["start"] <= row["end"] <= len(body)
        assert body[row["start"]:row["end"]] == row["text"]
    fits("quotes", quotes)
    assert len({q["quote_id"] for q in quotes}) == len(quotes)


@given(st.text(max_size=60), st.integers(0, 2**62), st.sampled_from(RejectReason.ALL), st.text(max_size=80),
       st.binary(max_size=200))
def test_reject_rows_match_the_schema(uri: str, offset: int, reason: str, detail: str, raw: bytes) -> None:
    row = reject_row(Rejected(uri, offset, reason, detail, raw), ingested_at=INGESTED, run_id=RUN_ID)
    RejectRow.model_validate(row)
    fits("rejects", [row])
    assert row["raw"] == raw


# ----------------------------------------------------------------------------------- the JSONL reader
SAMPLE_LINES = [b'{"text": "a short body"}', b"", b"   ", b"[1]", b'{"text": "' + b"w" * 90 + b'"}']
LINES = st.lists(st.one_of(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")),
                           st.sampled_from(SAMPLE_LINES)), max_size=10)


@given(LINES, st.integers(1, 64), st.integers(8, 120), st.sampled_from([b"\n", b"\r\n"]))
def test_iter_jsonl_offsets_and_raw_bytes_are_the_lines(lines: list[bytes], chunk: int, limit: int,
                                                        ending: bytes) -> None:
    data = b"".join(line + ending for line in lines)
    starts, position = {}, 0
    for line in lines:
        starts[position] = line
        position += len(line) + len(ending)
    results = list(iter_jsonl(io.BytesIO(data), "u", max_bytes=limit, chunk_size=chunk))
    assert len(results) == sum(1 for line in lines if line.strip())
    for result in results:
        offset = result.input_offset if isinstance(result, Rejected) else result["input_offset"]
        line = starts[offset]
        stripped = (line + ending).rstrip(b"\r\n")
        if len(line) + len(ending) > limit + 2:  # held only up to the limit
            assert isinstance(result, Rejected) and result.reason == RejectReason.TOO_LARGE
            assert result.raw == (line + ending)[:limit + 2]
        elif len(stripped) > limit:
            assert isinstance(result, Rejected) and result.reason == RejectReason.TOO_LARGE
            assert result.raw == stripped
        elif isinstance(result, Rejected):
            assert result.raw == stripped and result.reason != RejectReason.TOO_LARGE
        else:
            assert result["raw"] == stripped
            RawRecord.model_validate(result)


# ----------------------------------------------------------------------------------- lone surrogates
# any text, with surrogate code points (U+D800..U+DFFF, lone or paired) drawn far more often than chance would
SURROGATE_POINTS = st.integers(0xD800, 0xDFFF).map(chr)
ANY_TEXT = st.text(st.one_of(st.characters(), SURROGATE_POINTS, SURROGATE_POINTS), max_size=60)
JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), ANY_TEXT),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
                           max_leaves=12)
ARTICLE_KEYS = st.sampled_from(["url", "title", "headline", "byline", "authors", "published", "text", "body",
                                "source", "language", "html", "fetched_at", "x"])


def strings_of(result: dict[str, Any] | Rejected) -> list[str]:
    if isinstance(result, Rejected):
        return [result.detail]
    found = [result[key] for key in ("url", "source", "title", "byline_raw", "body", "language")
             if result[key] is not None]
    return found + [c["raw"] for c in result["date_candidates"]] + [c["origin"] for c in result["date_candidates"]]


@given(ANY_TEXT)
def test_replace_lone_surrogates_leaves_encodable_text(text: str) -> None:
    repaired, replaced = replace_lone_surrogates(text)
    repaired.encode("utf-8")
    lone = len(text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")) - len(repaired)
    assert lone == 0  # pairs joined, lone ones replaced one for one
    if text.encode("utf-8", "surrogatepass") == repaired.encode("utf-8", "surrogatepass"):
        assert replaced == 0
    assert replaced == repaired.count("\ufffd") - text.count("\ufffd")


@given(st.integers(0xD800, 0xDFFF))
def test_every_surrogate_code_point_alone_is_replaced(point: int) -> None:
    line = json.dumps({"title": f"x{chr(point)}", "text": f"a body \\u{point:04x} with {chr(point)}"})
    result = jsonl_record(line.encode("utf-8", "surrogatepass"), "u", 0)
    assert not isinstance(result, Rejected)
    assert result["title"] == "x\ufffd"
    assert result["body"] == f"a body \\u{point:04x} with \ufffd"
    assert result["lone_surrogates_replaced"] == 2
    RawRecord.model_validate(result)


@settings(max_examples=300)
@given(st.dictionaries(ARTICLE_KEYS, JSON_VALUES, max_size=6))
def test_jsonl_strings_with_any_surrogates_leave_the_decoder_encodable(obj: dict[str, Any]) -> None:
    line = json.dumps(obj).encode("ascii")  # escapes every surrogate as JSON does: \\udXXX
    result = jsonl_record(line, "u", 0)
    for text in strings_of(result):
        text.encode("utf-8")
    if not isinstance(result, Rejected):
        RawRecord.model_validate(result)
        build_article(result, ingested_at=INGESTED, run_id=RUN_ID)


@settings(max_examples=100)
@given(ANY_TEXT, ANY_TEXT)
def test_html_and_text_with_surrogates_leave_the_decoders_encodable(title: str, body: str) -> None:
    # UTF-7 is a charset a page may declare, and it spells surrogates; so does a UTF-8 encoder without checks
    page = f"<html><head><title>{title}</title></head><body><article><p>{body} words here</p></article></body></html>"
    for data in (page.encode("utf-8", "surrogatepass"),
                 b'<meta charset="utf-7">' + page.encode("utf-7")):
        for result in (html_page(data, "u"), text_article(data, "u")):
            for text in strings_of(result):
                text.encode("utf-8")
