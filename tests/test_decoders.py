"""Readers: JSONL lines, scraped text files, HTML pages and WARC records to raw records or ``Rejected``.

Every input here is invented for the test; nothing is taken from real articles.
"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import tracemalloc
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.sources import GzipStream
from schemas import RawRecord, RejectReason
from transforms.decoders import (
    Rejected,
    html_page,
    iter_jsonl,
    iter_warc,
    jsonl_record,
    parse_timestamp,
    text_article,
)
from transforms.textcodec import DecodeError

URI = "/data/in.jsonl"
BODY = "The tidal pool at Gull Cove reopened to swimmers on Sunday after a winter of repairs."


def record_of(obj: dict[str, Any], **kwargs: Any) -> dict[str, Any] | Rejected:
    return jsonl_record(json.dumps(obj).encode("utf-8"), URI, 0, **kwargs)


def decoded(result: dict[str, Any] | Rejected | None) -> dict[str, Any]:
    """The raw record, checked against the contract's model."""
    assert isinstance(result, dict), result
    RawRecord.model_validate(result)
    return result


# --------------------------------------------------------------------------------------------- JSONL aliases
# (JSON object, raw-record field, expected value): every alias of the data contract, one at a time
ALIASES = [
    ({"url": "https://a.example/1"}, "url", "https://a.example/1"),
    ({"link": "https://a.example/2"}, "url", "https://a.example/2"),
    ({"title": "Pool reopens"}, "title", "Pool reopens"),
    ({"headline": "Pool reopens"}, "title", "Pool reopens"),
    ({"byline": "By Wren Calloway"}, "byline_raw", "By Wren Calloway"),
    ({"author": "Wren Calloway"}, "byline_raw", "Wren Calloway"),
    ({"authors": "Wren Calloway"}, "byline_raw", "Wren Calloway"),
    ({"published": "2026-01-05T10:00:00Z"}, "date_candidates", [{"raw": "2026-01-05T10:00:00Z", "origin": "metadata"}]),
    ({"date": "5 January 2026"}, "date_candidates", [{"raw": "5 January 2026", "origin": "metadata"}]),
    ({"published_at": "2026-01-05"}, "date_candidates", [{"raw": "2026-01-05", "origin": "metadata"}]),
    ({"pubDate": "Mon, 05 Jan 2026 10:00:00 +0000"}, "date_candidates",
     [{"raw": "Mon, 05 Jan 2026 10:00:00 +0000", "origin": "metadata"}]),
    ({"published": 1767607200}, "date_candidates", [{"raw": "1767607200", "origin": "metadata"}]),
    ({}, "date_candidates", []),
    ({"source": "Gull Cove Gazette"}, "source", "Gull Cove Gazette"),
    ({"site": "gazette.example"}, "source", "gazette.example"),
    ({"publisher": "Gazette Media"}, "source", "Gazette Media"),
    ({"publisher": {"@type": "Organization", "name": "Gazette Media"}}, "source", "Gazette Media"),
    ({"fetched_at": "2026-01-06T08:00:00Z"}, "fetched_at", dt.datetime(2026, 1, 6, 8, tzinfo=dt.UTC)),
    ({"crawled_at": "2026-01-06T08:00:00Z"}, "fetched_at", dt.datetime(2026, 1, 6, 8, tzinfo=dt.UTC)),
    ({"language": "de"}, "language", "de"),
    ({"lang": "fr"}, "language", "fr"),
    ({"title": "  padded  "}, "title", "padded"),
    ({"title": ""}, "title", None),
    ({"title": 2026}, "title", "2026"),
    ({"title": True}, "title", None),
]


@pytest.mark.parametrize(("fields", "key", "value"), ALIASES)
def test_jsonl_aliases(fields: dict[str, Any], key: str, value: Any) -> None:
    assert decoded(record_of({"text": BODY, **fields}))[key] == value


@pytest.mark.parametrize("alias", ["text", "body", "content"])
def test_jsonl_body_aliases(alias: str) -> None:
    record = decoded(record_of({alias: f"  {BODY}\n"}))
    assert (record["body"], record["input_format"]) == (BODY, "jsonl")


# (JSON object, preferred value): the first alias in the contract's order wins, empty values are skipped
PREFERENCE = [
    ({"url": "https://a.example/u", "link": "https://a.example/l"}, "url", "https://a.example/u"),
    ({"url": "", "link": "https://a.example/l"}, "url", "https://a.example/l"),
    ({"title": None, "headline": "Second"}, "title", "Second"),
    ({"byline": [], "author": "Ann Lee"}, "byline_raw", "Ann Lee"),
    ({"text": "", "body": BODY}, "body", BODY),
    ({"published": "2026-01-01", "date": "2025-12-31"}, "date_candidates",
     [{"raw": "2026-01-01", "origin": "metadata"}]),
]


@pytest.mark.parametrize(("fields", "key", "value"), PREFERENCE)
def test_jsonl_alias_preference(fields: dict[str, Any], key: str, value: Any) -> None:
    assert decoded(record_of({"text": BODY, **fields}))[key] == value


# (authors value, byline_raw)
AUTHOR_LISTS = [
    (["Wren Calloway", "Tomas Reyes"], "Wren Calloway; Tomas Reyes"),
    ([{"@type": "Person", "name": "Wren Calloway"}, {"name": "Tomas Reyes"}], "Wren Calloway; Tomas Reyes"),
    ({"@type": "Person", "name": "Wren Calloway"}, "Wren Calloway"),
    (["Wren Calloway", "", None, "  "], "Wren Calloway"),
    ([["Wren Calloway"], "Tomas Reyes"], "Wren Calloway; Tomas Reyes"),
    ([{"url": "/people/1"}], None),
]


@pytest.mark.parametrize(("authors", "byline"), AUTHOR_LISTS)
def test_jsonl_author_lists(authors: Any, byline: str | None) -> None:
    assert decoded(record_of({"text": BODY, "authors": authors}))["byline_raw"] == byline


# (fetched_at value, UTC datetime or None)
FETCHED = [
    (1767607200, dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)),  # epoch seconds
    (1767607200000, dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)),  # epoch milliseconds
    (1767607200.5, dt.datetime(2026, 1, 5, 10, 0, 0, 500000, tzinfo=dt.UTC)),
    ("2026-01-05T10:00:00Z", dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)),
    ("2026-01-05T10:00:00z", dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)),
    ("2026-01-05T11:00:00+01:00", dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)),
    ("2026-01-05T05:00:00-05:00", dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)),
    ("2026-01-05 10:00:00", dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)),  # naive: read as UTC
    ("2026-01-05", dt.datetime(2026, 1, 5, tzinfo=dt.UTC)),
    ("  2026-01-05T10:00:00Z ", dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)),
    ("yesterday", None),
    ("", None),
    (True, None),
    (None, None),
    (1e30, None),
    (["2026-01-05"], None),
]


@pytest.mark.parametrize(("value", "expected"), FETCHED)
def test_parse_timestamp(value: Any, expected: dt.datetime | None) -> None:
    parsed = parse_timestamp(value)
    assert parsed == expected
    if parsed is not None:
        assert parsed.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(("value", "expected"), FETCHED[:9])
def test_jsonl_fetched_at(value: Any, expected: dt.datetime) -> None:
    assert decoded(record_of({"text": BODY, "fetched_at": value}))["fetched_at"] == expected


# ------------------------------------------------------------------------------------------ JSONL rejects
DEEP_ARRAY = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 5_000 + b"1" + b"}" * 5_000

# (raw line, reason code)
REJECTS = [
    (b'{"title": "Cut off", "text": "The line ends', RejectReason.INVALID_JSON),
    (b"{'single': 'quotes'}", RejectReason.INVALID_JSON),
    (b'{"text": "x"} trailing', RejectReason.INVALID_JSON),
    (b"NaN-ish nonsense", RejectReason.INVALID_JSON),
    (DEEP_ARRAY, RejectReason.INVALID_JSON),
    (DEEP_OBJECT, RejectReason.INVALID_JSON),
    (b'["https://a.example/1", "a list, not an article"]', RejectReason.NOT_AN_OBJECT),
    (b'"just a string"', RejectReason.NOT_AN_OBJECT),
    (b"42", RejectReason.NOT_AN_OBJECT),
    (b"null", RejectReason.NOT_AN_OBJECT),
    (b'{"title": "No body at all"}', RejectReason.EMPTY_BODY),
    (b'{"title": "Blank body", "text": "   \\n  "}', RejectReason.EMPTY_BODY),
    (b'{"title": "Body is a number", "text": 12}', RejectReason.EMPTY_BODY),
    (b"{}", RejectReason.EMPTY_BODY),
    (b"\x00\x01\x02\x03\x04\x05\x06\x07\x08" * 8, RejectReason.DECODE_ERROR),
    (b"\x81\x8d\x8f\x90\x9d", RejectReason.DECODE_ERROR),
    (b"\xff\xfe\x00\xd8", RejectReason.DECODE_ERROR),
]


@pytest.mark.parametrize(("line", "reason"), REJECTS, ids=[f"{r}-{i}" for i, (_, r) in enumerate(REJECTS)])
def test_jsonl_rejects_keep_reason_and_raw_bytes(line: bytes, reason: str) -> None:
    result = jsonl_record(line, URI, 1234)
    assert isinstance(result, Rejected)
    assert (result.reason, result.input_uri, result.input_offset, result.raw) == (reason, URI, 1234, line)
    assert result.detail


def test_jsonl_too_large() -> None:
    line = json.dumps({"title": "Long", "text": "word " * 400}).encode()
    result = jsonl_record(line, URI, 0, max_bytes=1024)
    assert isinstance(result, Rejected)
    assert (result.reason, result.raw) == (RejectReason.TOO_LARGE, line)
    assert "1,024" in result.detail
    assert not isinstance(jsonl_record(line, URI, 0, max_bytes=len(line)), Rejected)


# (bytes of a line, expected body): legacy charsets decode, they are not rejected
CHARSETS = [
    ('{"text": "Caf\u00e9 prices rise by \u00a35"}'.encode("latin-1"), "Café prices rise by £5"),
    ('{"text": "\u201cWe are back,\u201d she said \u2013 \u20ac5"}'.encode("cp1252"), "“We are back,” she said – €5"),
    ('{"text": "Stra\u00dfe gesperrt"}'.encode("utf-8"), "Straße gesperrt"),
    (b'\xef\xbb\xbf{"text": "with a byte-order mark"}', "with a byte-order mark"),
]


@pytest.mark.parametrize(("line", "body"), CHARSETS)
def test_jsonl_legacy_charsets(line: bytes, body: str) -> None:
    record = decoded(jsonl_record(line, URI, 0))
    assert (record["body"], record["raw"]) == (body, line)


def test_jsonl_html_field_is_extracted() -> None:
    record = decoded(record_of({"url": "https://gazette.example/pool", "html": PAGE, "crawled_at": 1767607200}))
    assert record["title"] == "Tidal pool reopens after sea wall repairs"
    assert "Volunteers spent three months" in record["body"]
    assert "Wren Calloway" in (record["byline_raw"] or "")
    assert "2026-01-04T09:30:00+00:00" in [c["raw"] for c in record["date_candidates"]]
    assert record["url"] == "https://gazette.example/pool"


def test_jsonl_record_fields_win_over_the_page() -> None:
    record = decoded(record_of({"title": "The feed's title", "text": BODY, "published": "2026-01-05", "html": PAGE}))
    assert (record["title"], record["body"]) == ("The feed's title", BODY)
    assert record["date_candidates"][0] == {"raw": "2026-01-05", "origin": "metadata"}
    assert len(record["date_candidates"]) > 1  # the page's dates follow as further candidates


def test_jsonl_html_without_article_text_never_gives_an_empty_body() -> None:
    result = record_of({"html": "<html><body><nav>Home</nav></body></html>   "})
    assert isinstance(result, Rejected) or decoded(result)["body"].strip()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)
JSON_OBJECTS = st.dictionaries(
    st.sampled_from(["url", "link", "title", "headline", "byline", "author", "authors", "published", "date",
                     "published_at", "pubDate", "text", "body", "content", "source", "site", "publisher",
                     "fetched_at", "crawled_at", "language", "lang", "other"]),
    JSON_VALUES, max_size=8)


@given(JSON_OBJECTS)
def test_jsonl_record_never_raises_on_any_object(obj: dict[str, Any]) -> None:
    result = record_of(obj)
    if not isinstance(result, Rejected):
        RawRecord.model_validate(result)


@given(st.binary(max_size=600))
def test_jsonl_record_never_raises_on_any_bytes(line: bytes) -> None:
    result = jsonl_record(line, URI, 0)
    assert isinstance(result, Rejected | dict)
    if isinstance(result, Rejected):
        assert result.reason in RejectReason.ALL
        assert result.raw == line


# -------------------------------------------------------------------------------------------- JSONL streams
LINES = [json.dumps({"url": f"https://gazette.example/{i}", "title": f"Story {i}",
                     "text": f"Story number {i} " + "and more words " * (5 + i * 7)}).encode() + b"\n"
         for i in range(6)]
PLAIN = b"".join(LINES)
OFFSETS = [sum(len(line) for line in LINES[:i]) for i in range(len(LINES))]


def read_stream(data: bytes, *, gzipped: bool, chunk_size: int = 1 << 16) -> list[Any]:
    stream: Any = io.BytesIO(data)
    if gzipped:
        stream = io.BufferedReader(GzipStream(stream, chunk_size=chunk_size))
    return list(iter_jsonl(stream, "/data/feed.jsonl.gz", chunk_size=chunk_size))


def test_jsonl_stream_offsets_are_byte_offsets() -> None:
    records = [decoded(r) for r in read_stream(PLAIN, gzipped=False)]
    assert [r["input_offset"] for r in records] == OFFSETS
    assert [r["raw"] for r in records] == [line.rstrip(b"\n") for line in LINES]


@pytest.mark.parametrize(("data", "count"), [
    (b"\n\n" + LINES[0] + b"   \n" + LINES[1], 2),  # blank lines skipped, last line without a newline
    (LINES[0].replace(b"\n", b"\r\n") + LINES[1].replace(b"\n", b"\r\n"), 2),  # CRLF
    (b"", 0),
    (b"\n \n", 0),
])
def test_jsonl_stream_lines(data: bytes, count: int) -> None:
    records = [decoded(r) for r in read_stream(data, gzipped=False)]
    assert len(records) == count
    assert all(not r["raw"].endswith((b"\r", b"\n")) for r in records)


@pytest.mark.parametrize("chunk_size", [1, 7, 64, 1 << 16])
def test_gzip_stream_reads_whole_files_in_any_chunk_size(chunk_size: int) -> None:
    records = read_stream(gzip.compress(PLAIN, mtime=0), gzipped=True, chunk_size=chunk_size)
    assert [decoded(r)["input_offset"] for r in records] == OFFSETS


def test_gzip_stream_reads_several_members() -> None:
    data = gzip.compress(b"".join(LINES[:2]), mtime=0) + gzip.compress(b"".join(LINES[2:]), mtime=0)
    assert [decoded(r)["input_offset"] for r in read_stream(data, gzipped=True)] == OFFSETS


def _check_broken(results: list[Any]) -> None:
    """Complete lines first, then exactly one reject holding the partial line, at its offset."""
    *records, last = results
    assert isinstance(last, Rejected)
    assert last.reason == RejectReason.UNREADABLE_GZIP
    assert [decoded(r)["raw"] for r in records] == [line.rstrip(b"\n") for line in LINES[: len(records)]]
    assert last.input_offset == OFFSETS[len(records)] if len(records) < len(LINES) else len(PLAIN)
    assert PLAIN[last.input_offset:].startswith(last.raw)


def test_jsonl_stream_breaking_off_mid_gzip_keeps_complete_lines() -> None:
    data = gzip.compress(PLAIN, mtime=0)
    seen = set()
    for cut in range(len(data)):
        for chunk_size in (5, 1 << 16):
            results = read_stream(data[:cut], gzipped=True, chunk_size=chunk_size)
            _check_broken(results)
            seen.add(len(results) - 1)
    assert seen == set(range(len(LINES) + 1))  # every number of complete lines occurred


def test_jsonl_stream_cut_inside_a_line_rejects_its_partial_bytes() -> None:
    head = b"".join(LINES[:2]) + LINES[2][:40]
    compressor = __import__("zlib").compressobj(9, 8, 31)
    data = compressor.compress(head) + compressor.flush(__import__("zlib").Z_SYNC_FLUSH)  # no end-of-stream
    results = read_stream(data, gzipped=True)
    assert len(results) == 3
    assert (results[2].input_offset, results[2].raw) == (OFFSETS[2], LINES[2][:40])


@pytest.mark.parametrize("tail", [b"trailing garbage", gzip.compress(b"x", mtime=0)[:12] + b"\xff" * 40])
def test_gzip_stream_keeps_the_lines_before_a_bad_member(tail: bytes) -> None:
    results = read_stream(gzip.compress(PLAIN, mtime=0) + tail, gzipped=True)
    assert [r["input_offset"] for r in results if not isinstance(r, Rejected)] == OFFSETS
    assert [r.reason for r in results if isinstance(r, Rejected)] == [RejectReason.UNREADABLE_GZIP]


def test_gzip_stream_reads_members_after_zero_padding() -> None:
    data = gzip.compress(b"".join(LINES[:3]), mtime=0) + b"\x00" * 100 + gzip.compress(b"".join(LINES[3:]), mtime=0)
    for chunk_size in (1, 9, 1 << 16):
        assert [decoded(r)["input_offset"] for r in read_stream(data, gzipped=True, chunk_size=chunk_size)] == OFFSETS


def test_gzip_stream_inflates_a_huge_member_in_bounded_memory() -> None:
    # 64 MiB of one line's repeats packs into one 64 KiB read of the file: inflating a whole read at once held
    # all 64 MiB, and handing it out piece by piece copied the rest again each time (quadratic)
    line = b'{"text": "' + b"a" * 1000 + b'"}\n'
    repeats = (64 << 20) // len(line)
    data = gzip.compress(line * repeats, compresslevel=9, mtime=0)
    stream = io.BufferedReader(GzipStream(io.BytesIO(data)))
    tracemalloc.start()
    try:
        total = 0
        while chunk := stream.read1(1 << 16):
            total += len(chunk)
            assert len(chunk) <= 1 << 16
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert total == len(line) * repeats
    assert peak < 4 << 20, f"peak {peak:,} bytes while inflating"


def test_gzip_stream_ignores_zero_padding_after_the_last_member() -> None:
    # gzip(1) accepts zero bytes after the last member (block-padded files); so do we, silently
    results = read_stream(gzip.compress(PLAIN, mtime=0) + b"\x00" * 512, gzipped=True)
    assert [r["input_offset"] for r in results] == OFFSETS


@given(st.lists(st.sampled_from([*LINES, b"\n", b"{broken\n", b"[1, 2]\n"]), max_size=12),
       st.integers(1, 200))
def test_iter_jsonl_yields_one_result_per_non_blank_line(lines: list[bytes], chunk_size: int) -> None:
    data = b"".join(lines)
    results = list(iter_jsonl(io.BytesIO(data), URI, chunk_size=chunk_size))
    assert len(results) == sum(1 for line in lines if line.strip())
    offsets = [r.input_offset if isinstance(r, Rejected) else r["input_offset"] for r in results]
    assert offsets == sorted(offsets)


# --------------------------------------------------------------------------------------------- text files
# (file bytes, title, byline_raw, body, comment_count)
TEXTS = [
    (b"By Wren Calloway\nTidal pool reopens\nThe pool opened on Sunday.\nSwimmers returned.\n",
     "Tidal pool reopens", "By Wren Calloway", "The pool opened on Sunday.\nSwimmers returned.", None),
    (b"Wren Calloway Wren Calloway\nTidal pool reopens\n\nThe pool opened on Sunday.\n\nSwimmers returned.\n",
     "Tidal pool reopens", "Wren Calloway Wren Calloway", "The pool opened on Sunday.\n\nSwimmers returned.", None),
    (b"WREN CALLOWAY Wren Calloway\nTidal pool reopens\nThe pool opened on Sunday.\n",
     "Tidal pool reopens", "WREN CALLOWAY Wren Calloway", "The pool opened on Sunday.", None),
    (b"Wren Calloway and Tomas Reyes\nTidal pool reopens\nThe pool opened on Sunday.\n",
     "Tidal pool reopens", "Wren Calloway and Tomas Reyes", "The pool opened on Sunday.", None),
    (b"Tidal pool reopens after repairs\n\nThe pool opened on Sunday.\n\nSwimmers returned.\n",
     "Tidal pool reopens after repairs", None, "The pool opened on Sunday.\n\nSwimmers returned.", None),
    (b"Wren Calloway\nTidal pool reopens\nThe pool opened on Sunday.\nComments482\n",
     "Tidal pool reopens", "Wren Calloway", "The pool opened on Sunday.", 482),
    (b"Wren Calloway\nTidal pool reopens\nThe pool opened on Sunday.\n\nComments 12\n\n",
     "Tidal pool reopens", "Wren Calloway", "The pool opened on Sunday.", 12),
    (b"Wren Calloway\nTidal pool reopens\nThe pool opened on Sunday.\nComments: 7\n",
     "Tidal pool reopens", "Wren Calloway", "The pool opened on Sunday.", 7),
    (b"Wren Calloway\r\nTidal pool reopens\r\nThe pool opened on Sunday.\r\n\r\nSwimmers returned.\r\nComments3\r\n",
     "Tidal pool reopens", "Wren Calloway", "The pool opened on Sunday.\n\nSwimmers returned.", 3),
    (b"Wren Calloway\rTidal pool reopens\rThe pool opened on Sunday.\r",
     "Tidal pool reopens", "Wren Calloway", "The pool opened on Sunday.", None),
    (b"\n\n  \nBy Wren Calloway\nTidal pool reopens\nThe pool opened on Sunday.\n\n\n\nSwimmers returned.\n\n",
     "Tidal pool reopens", "By Wren Calloway", "The pool opened on Sunday.\n\nSwimmers returned.", None),
    (b"\xef\xbb\xbfBy Wren Calloway\nTidal pool reopens\nThe pool opened on Sunday.\n",
     "Tidal pool reopens", "By Wren Calloway", "The pool opened on Sunday.", None),
    ("Zo\u00eb Martin\nCaf\u00e9 prices rise by \u00a35\nThe caf\u00e9 raised its prices.\n".encode("latin-1"),
     "Café prices rise by £5", "Zoë Martin", "The café raised its prices.", None),
    ("By Zo\u00eb Martin\n\u201cWe are back\u201d \u2013 pool reopens\nIt cost \u20ac5.\n".encode("cp1252"),
     "“We are back” – pool reopens", "By Zoë Martin", "It cost €5.", None),
    # a headline is a sentence; names do not end in a full stop
    (b"Pool Reopens On Sunday.\nThe pool opened on Sunday.\nSwimmers returned.\n",
     "Pool Reopens On Sunday.", None, "The pool opened on Sunday.\nSwimmers returned.", None),
]


@pytest.mark.parametrize(("data", "title", "byline", "body", "comments"), TEXTS)
def test_text_article(data: bytes, title: str, byline: str | None, body: str, comments: int | None) -> None:
    record = decoded(text_article(data, "/data/story.txt"))
    assert (record["title"], record["byline_raw"], record["body"], record["comment_count"]) == (
        title, byline, body, comments)
    assert (record["input_format"], record["input_offset"], record["raw"]) == ("text", 0, data)


@pytest.mark.parametrize(("last_line", "body_end", "count"), [
    ("the extra demand.Comments17", "the extra demand.", 17),
    ("Swimmers returned!Comments 4", "Swimmers returned!", 4),
    ("“It is back,” she said.Comments2", "“It is back,” she said.", 2),
])
def test_text_comment_counter_glued_to_the_last_sentence(last_line: str, body_end: str, count: int) -> None:
    data = f"Wren Calloway Wren Calloway\nTidal pool reopens\nThe pool opened.\n{last_line}\n".encode()
    record = decoded(text_article(data, "/data/story.txt"))
    assert (record["body"].endswith(body_end), record["comment_count"]) == (True, count)
    assert "Comments" not in record["body"]


def test_text_counter_word_inside_a_sentence_is_body() -> None:
    data = b"Wren Calloway\nTidal pool reopens\nThe pool opened.\nComments 12 were left by readers last week.\n"
    record = decoded(text_article(data, "/data/story.txt"))
    assert (record["comment_count"], record["body"].endswith("readers last week.")) == (None, True)


@pytest.mark.parametrize(("data", "reason"), [
    (b"", RejectReason.EMPTY_BODY),
    (b"  \n\n \r\n", RejectReason.EMPTY_BODY),
    (b"Only a headline\n", RejectReason.EMPTY_BODY),
    (b"By Wren Calloway\nTidal pool reopens\n", RejectReason.EMPTY_BODY),
    (b"\x00\x01\x02\x03\x04\x05\x06\x07" * 32, RejectReason.DECODE_ERROR),
    (bytes(range(256)) * 4, RejectReason.DECODE_ERROR),
])
def test_text_rejects(data: bytes, reason: str) -> None:
    result = text_article(data, "/data/story.txt")
    assert isinstance(result, Rejected)
    assert (result.reason, result.raw, result.input_offset) == (reason, data, 0)


def test_text_too_large() -> None:
    data = b"Wren Calloway\nTidal pool reopens\n" + b"More words here. " * 200
    result = text_article(data, "/data/story.txt", max_bytes=1024)
    assert isinstance(result, Rejected)
    assert (result.reason, result.raw) == (RejectReason.TOO_LARGE, data)


TEXT_LINES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)


@given(st.lists(TEXT_LINES, max_size=8))
def test_text_article_never_raises_on_any_text(lines: list[str]) -> None:
    result = text_article("\n".join(lines).encode("utf-8", "surrogatepass"), "/data/story.txt")
    if not isinstance(result, Rejected):
        RawRecord.model_validate(result)
        assert result["body"].strip()


@given(st.binary(max_size=800))
def test_text_article_never_raises_on_any_bytes(data: bytes) -> None:
    result = text_article(data, "/data/story.txt")
    assert isinstance(result, Rejected | dict)


# ------------------------------------------------------------------------------------------------- HTML
PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Tidal pool reopens after sea wall repairs | Gull Cove Gazette</title>
<meta property="og:title" content="Tidal pool reopens after sea wall repairs">
<meta property="og:site_name" content="Gull Cove Gazette">
<meta property="article:published_time" content="2026-01-04T09:30:00+00:00">
<link rel="canonical" href="https://gazette.example/news/tidal-pool-reopens">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Tidal pool reopens after sea wall repairs</h1>
<p class="byline">By <a rel="author" href="/people/wren-calloway">Wren Calloway</a></p>
<time datetime="2026-01-04T09:30:00+00:00">4 January 2026</time>
<p>The tidal pool at Gull Cove reopened to swimmers on Sunday after a winter of repairs to its sea wall,
which was breached by a storm in November.</p>
<p>Volunteers spent three months clearing sand and weed from the pool before the council signed off the
work. More than two hundred people swam on the first morning.</p>
<p>“We have waited a long time for this,” said Marguerite Osei, who chairs the swimming club. “The pool
is the heart of the village in summer.”</p>
</article>
<aside><h3>Most read</h3><ul>
<li><a href="/x">Harbour lights switched to LED</a> <span>2 December 2025</span></li></ul></aside>
<footer>© 2026 Gull Cove Gazette · <a href="/contact">Contact us</a></footer>
</body></html>
"""


def test_html_page() -> None:
    record = decoded(html_page(PAGE.encode(), "/data/pool.html"))
    assert record["title"] == "Tidal pool reopens after sea wall repairs"
    assert "Volunteers spent three months" in record["body"]
    assert "We have waited a long time for this" in record["body"]
    assert "Contact us" not in record["body"] and "Most read" not in record["body"]
    assert "Wren Calloway" in (record["byline_raw"] or "")
    assert "2026-01-04T09:30:00+00:00" in [c["raw"] for c in record["date_candidates"]]
    assert all(set(c) == {"raw", "origin"} for c in record["date_candidates"])
    assert (record["url"], record["language"], record["source"]) == (
        "https://gazette.example/news/tidal-pool-reopens", "en", "Gull Cove Gazette")
    assert (record["input_format"], record["fetched_at"], record["raw"]) == ("html", None, PAGE.encode())


def test_html_page_given_url_wins_over_canonical_link() -> None:
    record = decoded(html_page(PAGE.encode(), "/data/pool.html", url="https://gazette.example/?p=12"))
    assert record["url"] == "https://gazette.example/?p=12"


@pytest.mark.parametrize(("encoding", "declaration"), [
    ("cp1252", '<meta charset="windows-1252">'),
    ("latin-1", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
    ("cp1252", ""),  # undeclared: windows-1252 is the fallback
])
def test_html_page_legacy_charsets(encoding: str, declaration: str) -> None:
    page = PAGE.replace('<meta charset="utf-8">', declaration).replace("“", '"').replace("”", '"')
    page = page.replace("swimmers on Sunday", "swimmers on Sunday (entry £2, café open)")
    if encoding == "cp1252":
        page = page.replace("said Marguerite", "said – Marguerite")
    record = decoded(html_page(page.encode(encoding), "/data/pool.html"))
    assert "entry £2, café open" in record["body"]


# (page bytes, acceptable reasons): an empty file has no article text, whichever step notices it first
HTML_REJECTS = [
    (b"", {RejectReason.EMPTY_BODY, RejectReason.EXTRACTION_ERROR}),
    (b"   \n", {RejectReason.EMPTY_BODY, RejectReason.EXTRACTION_ERROR}),
    (b"<html><head><title>Nothing</title></head><body></body></html>", {RejectReason.EMPTY_BODY}),
    (b"\x00\x01\x02\x03\x04\x05\x06\x07" * 32, {RejectReason.DECODE_ERROR}),
]


@pytest.mark.parametrize(("data", "reasons"), HTML_REJECTS)
def test_html_rejects(data: bytes, reasons: set[str]) -> None:
    result = html_page(data, "/data/page.html")
    assert isinstance(result, Rejected)
    assert result.reason in reasons
    assert result.raw == data


def test_html_too_large() -> None:
    result = html_page(PAGE.encode(), "/data/pool.html", max_bytes=1024)
    assert isinstance(result, Rejected) and result.reason == RejectReason.TOO_LARGE


@settings(max_examples=50)  # every example runs the HTML extractor
@given(st.binary(max_size=400))
def test_html_page_never_raises_on_any_bytes(data: bytes) -> None:
    assert isinstance(html_page(data, "/data/page.html"), Rejected | dict)


TAG_SOUP = st.lists(st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "<!--", "-->", "<meta charset=x>",
                                    "text ", "<html>", "<?xml version='1.0' encoding='utf-8'?>", "&amp;", "\x00"]),
                    max_size=40).map("".join)


@settings(max_examples=50)
@given(TAG_SOUP)
def test_html_page_never_raises_on_tag_soup(html: str) -> None:
    assert isinstance(html_page(html.encode(), "/data/page.html"), Rejected | dict)


# ------------------------------------------------------------------------------------------------- WARC
CRAWL = "2026-01-06T03:00:0{}Z"
SECOND_PAGE = PAGE.replace("Tidal pool reopens after sea wall repairs", "Lifeguards return to Gull Cove").replace(
    '<link rel="canonical" href="https://gazette.example/news/tidal-pool-reopens">', "")


def build_warc(*, gzipped: bool = True) -> bytes:
    """warcinfo, request, a robots.txt response (not HTML), two HTML article responses."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "newsbeam tests"}))
    request = StatusAndHeaders("GET /news/tidal-pool-reopens HTTP/1.1", [("Host", "gazette.example")],
                               is_http_request=True)
    writer.write_record(writer.create_warc_record("https://gazette.example/news/tidal-pool-reopens", "request",
                                                  http_headers=request))
    responses = [
        ("https://gazette.example/robots.txt", "text/plain", b"User-agent: *\nDisallow:\n"),
        ("https://gazette.example/news/tidal-pool-reopens", "text/html; charset=utf-8", PAGE.encode()),
        ("https://gazette.example/news/lifeguards-return", "text/html", SECOND_PAGE.encode()),
    ]
    for number, (uri, content_type, payload) in enumerate(responses):
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type),
                                              ("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": CRAWL.format(number)}))
    return buffer.getvalue()


def record_offsets(data: bytes) -> list[int]:
    iterator = ArchiveIterator(io.BytesIO(data))
    offsets = []
    for record in iterator:
        record.content_stream().read()
        offsets.append(iterator.get_record_offset())
    return offsets


@pytest.mark.parametrize("gzipped", [True, False])
def test_warc_html_responses(gzipped: bool) -> None:
    data = build_warc(gzipped=gzipped)
    results = list(iter_warc(io.BytesIO(data), "/data/crawl.warc.gz"))
    assert results[:3] == [None, None, None]  # warcinfo, request, robots.txt: skipped, counted by the caller
    first, second = (decoded(r) for r in results[3:])
    assert (first["url"], first["title"], first["input_format"]) == (
        "https://gazette.example/news/tidal-pool-reopens", "Tidal pool reopens after sea wall repairs", "warc")
    assert second["url"] == "https://gazette.example/news/lifeguards-return"
    # WARC-Date is the crawl time: fetched_at, never a publication date candidate
    assert (first["fetched_at"], second["fetched_at"]) == (dt.datetime(2026, 1, 6, 3, 0, 1, tzinfo=dt.UTC),
                                                           dt.datetime(2026, 1, 6, 3, 0, 2, tzinfo=dt.UTC))
    assert all("2026-01-06" not in c["raw"] for c in first["date_candidates"])
    assert [first["input_offset"], second["input_offset"]] == record_offsets(data)[3:]
    assert first["raw"] == PAGE.encode()


def _truncated(gzipped: bool) -> tuple[bytes, int]:
    """A WARC cut in the middle of its last record, and that record's offset."""
    data = build_warc(gzipped=gzipped)
    last = record_offsets(data)[-1]
    return data[: last + (len(data) - last) // 2], last


@pytest.mark.parametrize("gzipped", [True, False])
def test_truncated_warc_gives_one_reject(gzipped: bool) -> None:
    data, last = _truncated(gzipped)
    results = list(iter_warc(io.BytesIO(data), "/data/crawl.warc.gz", raw_tail=lambda offset: data[offset:]))
    assert results[:3] == [None, None, None]
    decoded(results[3])
    assert len(results) == 5
    reject = results[4]
    assert isinstance(reject, Rejected)
    assert (reject.reason, reject.input_offset, reject.raw) == (RejectReason.INVALID_WARC, last, data[last:])


@pytest.mark.parametrize("gzipped", [True, False])
def test_iter_warc_never_raises_on_a_truncated_file(gzipped: bool) -> None:
    data = build_warc(gzipped=gzipped)
    starts = record_offsets(data)
    # cuts inside every record's headers (where warcio is most fragile) and in the middle of its payload
    cuts = {start + step for start in starts for step in range(5, 230, 15)}
    cuts |= {(start + end) // 2 for start, end in zip(starts, [*starts[1:], len(data)], strict=True)}
    failures = []
    for cut in sorted(c for c in cuts if 0 < c < len(data)):
        try:
            list(iter_warc(io.BytesIO(data[:cut]), "/data/crawl.warc", raw_tail=lambda offset: b""))
        except Exception as exc:  # noqa: BLE001 - collecting every failure is the point
            failures.append((cut, type(exc).__name__))
    assert failures == []


@pytest.mark.parametrize("data", [
    b"hello world\n",
    b"<html><body>a page</body></html>\n",
    b"\x00\x01\x02" * 20,
    b"this is not a WARC file\n",
])
def test_not_a_warc_gives_one_reject(data: bytes) -> None:
    results = list(iter_warc(io.BytesIO(data), "/data/crawl.warc", raw_tail=lambda offset: data[offset:]))
    assert [(r.reason, r.input_offset, r.raw) for r in results] == [(RejectReason.INVALID_WARC, 0, data)]


def test_warc_oversized_payload_is_rejected() -> None:
    results = list(iter_warc(io.BytesIO(build_warc()), "/data/crawl.warc.gz", max_bytes=1024))
    assert [r.reason for r in results if isinstance(r, Rejected)] == [RejectReason.TOO_LARGE] * 2


def test_decode_error_is_a_value_error() -> None:
    # callers that only know ValueError still route undecodable bytes to rejects
    assert issubclass(DecodeError, ValueError)


def test_the_end_check_of_a_warc_reads_a_last_member_that_inflates_far_beyond_the_record_limit() -> None:
    from transforms.decoders import _warc_end_problem

    member = gzip.compress(b"\0" * (40 << 20), compresslevel=1)  # ~40 KB that inflate to 40 MB
    assert _warc_end_problem(lambda _offset: member, 0, len(member), max_bytes=1 << 20) is None
    assert _warc_end_problem(lambda _offset: member[:-20], 0, len(member), max_bytes=1 << 20) == (
        0, "the last record is cut short (truncated gzip member)")
