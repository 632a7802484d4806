"""Fuzz target for the readers (transforms/decoders.py, transforms/textcodec.py), run with atheris.

    python -m tests.fuzz_decoders -max_total_time=30 [-timeout=20] [CORPUS_DIR ...]

The first byte of each input picks a reader (a JSONL line, a JSONL stream read in small chunks, a scraped
text file, an HTML page, a WARC stream, raw bytes to text); the rest is its input. Whatever the bytes, a
reader returns records or ``Rejected`` values with a known reason code and never raises: any exception, and
any record that breaks the raw-record contract, is a finding (libFuzzer stops and saves the input).
tests/test_fuzz.py runs this for a bounded time; ``seed_corpus`` writes the starting inputs it uses.
"""
from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["transforms"]):
    from schemas.models import RejectReason
    from transforms.decoders import (
        Rejected,
        html_page,
        iter_jsonl,
        iter_warc,
        jsonl_record,
        page_has_metadata,
        text_article,
    )
    from transforms.textcodec import DecodeError, decode_bytes

MAX_BYTES = 4096  # a small record limit, so that the too-large paths are reached too
READERS = ("jsonl_record", "iter_jsonl", "text_article", "html_page", "iter_warc", "decode_bytes")
RECORD_KEYS = frozenset({"input_uri", "input_offset", "input_format", "url", "source", "title", "byline_raw",
                         "date_candidates", "body", "language", "fetched_at", "comment_count", "raw",
                         "lone_surrogates_replaced"})


def check(result: object, data: bytes) -> None:
    """A reader's result is a raw record or a reasoned reject (or None: a WARC record skipped on purpose)."""
    if result is None:
        return
    if isinstance(result, Rejected):
        if result.reason not in RejectReason.ALL or not result.detail:
            raise AssertionError(f"reject without a known reason or detail: {result.reason!r}")
        if not isinstance(result.raw, bytes) or result.input_offset < 0:
            raise AssertionError("reject without its raw bytes or with a negative offset")
        result.detail.encode("utf-8")  # Beam's coders and Arrow encode every string: it must encode
        return
    if not isinstance(result, dict) or set(result) != RECORD_KEYS:
        raise AssertionError(f"not a raw record: {type(result).__name__}")
    if not isinstance(result["body"], str):
        raise AssertionError("a record whose body is no text")
    for key in ("url", "source", "title", "byline_raw", "body", "language"):
        if result[key] is not None:
            result[key].encode("utf-8")  # a lone surrogate here fails the whole run where Beam encodes it
    for candidate in result["date_candidates"]:
        candidate["raw"].encode("utf-8")
    if not result["body"].strip() and not page_has_metadata(result):
        raise AssertionError("a record with neither a body nor a date or byline")
    if not 0 <= result["input_offset"] <= len(data):
        raise AssertionError(f"offset {result['input_offset']} outside an input of {len(data)} bytes")


def one_input(data: bytes) -> None:
    if not data:
        return
    reader, payload = READERS[data[0] % len(READERS)], data[1:]
    if reader == "jsonl_record":
        check(jsonl_record(payload, "fuzz", 0, max_bytes=MAX_BYTES), payload)
    elif reader == "iter_jsonl":
        chunk = 1 + (payload[0] if payload else 0)
        for result in iter_jsonl(io.BytesIO(payload), "fuzz", max_bytes=MAX_BYTES, chunk_size=chunk):
            check(result, payload)
    elif reader == "text_article":
        check(text_article(payload, "fuzz", max_bytes=MAX_BYTES), payload)
    elif reader == "html_page":
        check(html_page(payload, "fuzz", max_bytes=MAX_BYTES), payload)
    elif reader == "iter_warc":
        results = iter_warc(io.BytesIO(payload), "fuzz", max_bytes=MAX_BYTES, raw_tail=lambda o: payload[o:])
        for result in results:
            check(result, payload)
    else:
        try:
            text, charset = decode_bytes(payload)
        except DecodeError:
            return
        if not isinstance(text, str) or not charset:
            raise AssertionError("decode_bytes returned no text or no charset")


def seed_corpus(folder: Path) -> list[Path]:
    """Small valid inputs for every reader (invented text), so that fuzzing starts past the first byte."""
    folder.mkdir(parents=True, exist_ok=True)
    article = {"url": "https://fuzz.example/a", "title": "Harbour repairs", "byline": "By Jo Lee",
               "published": "2026-03-01T10:00:00+01:00",
               "text": "The harbour board met. “We start now,” Lee said."}
    html = ("<html lang='en'><head><title>Harbour repairs</title><meta name='author' content='Jo Lee'></head>"
            "<body><article><p>The harbour board met on Thursday to decide on repairs.</p>"
            "<p>“We start now,” the chair said after the vote.</p></article></body></html>")
    warc = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://fuzz.example/a\r\n"
            b"WARC-Date: 2026-03-01T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            b"Content-Length: %d\r\n\r\n%s\r\n\r\n")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html.encode()
    seeds = {
        "jsonl_record": json.dumps(article).encode(),
        "iter_jsonl": b"\x10" + (json.dumps(article) + "\n[1]\n{broken\n").encode(),
        "text_article": b"Jo Lee Jo Lee\nHarbour repairs\n\nThe board met on Thursday.\n\nComments12\n",
        "html_page": html.encode(),
        "iter_warc": warc % (len(http), http),
        "decode_bytes": "Caf\u00e9 – “quoted”".encode("cp1252"),
    }
    written = []
    for index, (reader, payload) in enumerate(seeds.items()):
        prefix = bytes([READERS.index(reader)])
        for variant, data in (("plain", payload), ("gzip", gzip.compress(payload, mtime=0))):
            path = folder / f"seed-{index}-{reader}-{variant}"
            path.write_bytes(prefix + data)
            written.append(path)
    return written


def main(argv: list[str]) -> None:
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
