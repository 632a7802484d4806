"""Readers: raw bytes of each input format to raw records (plain dicts shaped like schemas.RawRecord).

Every function here is pure over bytes or a binary stream: no file system, no Beam. A record that cannot be
read becomes a ``Rejected`` carrying its reason code and its raw bytes, never an exception, so that the
caller can route it to the rejects dataset and the counts reconcile.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any

from schemas.models import DEFAULT_MAX_RECORD_BYTES, RejectReason
from transforms.html_extract import extract_html
from transforms.rejected import Rejected
from transforms.text_layout import read_layout
from transforms.textcodec import DecodeError, declared_charset, decode_bytes, replace_lone_surrogates
from transforms.warc_framing import _finish_gzip_member, _warc_end_problem, _warc_framing

# crawl timestamps outside these bounds are damage, not crawl times (the web is younger than 1990)
EARLIEST_CRAWL = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
LATEST_CRAWL = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
MAX_TIMESTAMP_CHARS = 64

# JSONL field aliases from the data contract, in order of preference
URL_KEYS = ("url", "link")
TITLE_KEYS = ("title", "headline")
BYLINE_KEYS = ("byline", "author", "authors")
DATE_KEYS = ("published", "date", "published_at", "pubDate")
BODY_KEYS = ("text", "body", "content")
SOURCE_KEYS = ("source", "site", "publisher")
FETCHED_KEYS = ("fetched_at", "crawled_at")

WARC_HTML_TYPES = ("text/html", "application/xhtml+xml")


Decoded = dict[str, Any] | Rejected


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = obj.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        parts = [_as_text(v) for v in value]
        return "; ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        return _as_text(value.get("name"))
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    return None


def parse_timestamp(value: Any) -> dt.datetime | None:
    """A crawl timestamp (ISO 8601 or epoch seconds) as an aware UTC datetime; None when unreadable.

    Only instants from ``EARLIEST_CRAWL`` to ``LATEST_CRAWL`` are crawl times: Python reads "1111111111..."
    as an ISO date of the year 1111, and a crawl time is the fallback partition date of an undated article.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        try:
            parsed = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return parsed if EARLIEST_CRAWL <= parsed < LATEST_CRAWL else None
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TIMESTAMP_CHARS:
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    try:
        parsed = parsed.astimezone(dt.UTC)
    except (OverflowError, ValueError):  # a zone offset that moves the instant out of the calendar
        return None
    return parsed if EARLIEST_CRAWL <= parsed < LATEST_CRAWL else None


def _record(uri: str, offset: int, fmt: str, raw: bytes, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "input_uri": uri, "input_offset": offset, "input_format": fmt, "url": None, "source": None,
        "title": None, "byline_raw": None, "date_candidates": [], "body": "", "language": None,
        "fetched_at": None, "comment_count": None, "raw": raw, "lone_surrogates_replaced": 0,
    }
    record.update(fields)
    # the one gate every record leaves through: whatever made its strings, they encode as UTF-8 from here on
    replaced = record["lone_surrogates_replaced"]
    for key in ("url", "source", "title", "byline_raw", "body", "language"):
        if isinstance(record[key], str):
            record[key], count = replace_lone_surrogates(record[key])
            replaced += count
    candidates = []
    for candidate in record["date_candidates"]:
        date_raw, count = replace_lone_surrogates(candidate["raw"])
        origin, origin_count = replace_lone_surrogates(candidate["origin"])
        candidates.append({**candidate, "raw": date_raw, "origin": origin})
        replaced += count + origin_count
    record["date_candidates"] = candidates
    record["lone_surrogates_replaced"] = replaced
    return record


def encodable_json(value: Any) -> tuple[Any, int]:
    """A parsed JSON value with every string (keys too) through ``replace_lone_surrogates``; and the count.

    JSON may escape lone surrogates (``"\\ud800"``), which ``json.loads`` keeps as they are.
    """
    if isinstance(value, str):
        return replace_lone_surrogates(value)
    if isinstance(value, list):
        replaced = 0
        items = []
        for item in value:
            item, count = encodable_json(item)
            items.append(item)
            replaced += count
        return items, replaced
    if isinstance(value, dict):
        replaced = 0
        entries = {}
        for key, item in value.items():
            key, key_count = replace_lone_surrogates(key)
            item, count = encodable_json(item)
            entries[key] = item
            replaced += key_count + count
        return entries, replaced
    return value, 0


def page_has_metadata(page: dict[str, Any]) -> bool:
    """Whether a page without extractable main text still carries a publication date or a byline.

    Such a page (a paywall, a video, a script-rendered article) is kept as an article with an empty body,
    because its url, date and authors are facts an analysis joins on; a page with at most a title is
    rejected as empty_body. A feed record without text is always rejected: there the text is simply missing.
    """
    return bool(page.get("byline_raw") or page.get("date_candidates"))


def _empty(uri: str, offset: int, raw: bytes, what: str) -> Rejected:
    return Rejected(uri, offset, RejectReason.EMPTY_BODY, f"no article text in {what}", raw)


def _too_large(uri: str, offset: int, raw: bytes, limit: int) -> Rejected:
    return Rejected(uri, offset, RejectReason.TOO_LARGE,
                    f"record of {len(raw):,} bytes is over the limit of {limit:,} bytes", raw)


# ------------------------------------------------------------------------------------------------ JSONL
def jsonl_record(line: bytes, uri: str, offset: int, *, max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Decoded:
    """One JSONL line to a raw record (field aliases per the contract), or a Rejected."""
    if len(line) > max_bytes:
        return _too_large(uri, offset, line, max_bytes)
    try:
        text, _ = decode_bytes(line)
    except DecodeError as exc:
        return Rejected(uri, offset, RejectReason.DECODE_ERROR, str(exc), line)
    try:
        obj = json.loads(text)
    except RecursionError:
        return Rejected(uri, offset, RejectReason.INVALID_JSON, "JSON nested too deeply to read", line)
    except ValueError as exc:
        return Rejected(uri, offset, RejectReason.INVALID_JSON, f"invalid JSON: {exc}", line)
    if not isinstance(obj, dict):
        return Rejected(uri, offset, RejectReason.NOT_AN_OBJECT,
                        f"a JSON {type(obj).__name__} where an article object was expected", line)
    if "\\u" in text:  # only an escape makes a lone surrogate out of text that decoded
        obj, replaced = encodable_json(obj)
        if replaced:
            result = json_object_record(obj, uri, offset, line, lone_surrogates_replaced=replaced)
            if isinstance(result, Rejected):
                return Rejected(result.input_uri, result.input_offset, result.reason,
                                f"{result.detail} ({replaced} lone surrogate escape(s) replaced by U+FFFD)",
                                result.raw)
            return result
    return json_object_record(obj, uri, offset, line)


def json_object_record(obj: dict[str, Any], uri: str, offset: int, raw: bytes,
                       lone_surrogates_replaced: int = 0) -> Decoded:
    url = _as_text(_first(obj, URL_KEYS))
    date_raw = _as_text(_first(obj, DATE_KEYS))
    fields: dict[str, Any] = {
        "url": url,
        "source": _as_text(_first(obj, SOURCE_KEYS)),
        "title": _as_text(_first(obj, TITLE_KEYS)),
        "byline_raw": _as_text(_first(obj, BYLINE_KEYS)),
        "date_candidates": [{"raw": date_raw, "origin": "metadata"}] if date_raw else [],
        "fetched_at": parse_timestamp(_first(obj, FETCHED_KEYS)),
        "language": _as_text(obj.get("language") or obj.get("lang")),
    }
    body = _first(obj, BODY_KEYS)
    body = body.strip() if isinstance(body, str) else ""
    html = obj.get("html")
    if isinstance(html, str) and html.strip():
        try:
            page = extract_html(html, url)
        except Exception as exc:  # noqa: BLE001 - a hostile page must become a reject, not a crash
            return Rejected(uri, offset, RejectReason.EXTRACTION_ERROR,
                            f"HTML extraction failed: {type(exc).__name__}: {exc}", raw)
        for key in ("title", "byline_raw", "language"):
            fields[key] = fields[key] or page[key]
        fields["date_candidates"] = fields["date_candidates"] + page["date_candidates"]
        fields["source"] = fields["source"] or page["source"]
        body = body or page["body"]
        if not body and page_has_metadata(page):
            return _record(uri, offset, "jsonl", raw, body="", lone_surrogates_replaced=lone_surrogates_replaced,
                           **fields)
    if not body:
        return _empty(uri, offset, raw, "the JSON record")
    return _record(uri, offset, "jsonl", raw, body=body, lone_surrogates_replaced=lone_surrogates_replaced,
                   **fields)


def iter_jsonl(stream: IO[bytes], uri: str, *, max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
               chunk_size: int = 1 << 16) -> Iterator[Decoded]:
    """Every non-blank line of a JSONL stream; offsets are byte offsets in the (decompressed) stream.

    A stream that breaks off (truncated or corrupt gzip) ends with one Rejected holding the bytes read
    since the last complete line, so nothing read is lost. A line longer than ``max_bytes`` is rejected as
    ``too_large`` without being held whole: its reject keeps the first ``max_bytes`` + 2 bytes, so that a
    multi-gigabyte line (a file without newlines) cannot exhaust a worker's memory.
    """
    offset = 0
    line = _LineBuffer(max_bytes + 2)  # the current, still incomplete line (room for a CR LF ending)
    # read1 makes at most one read of the underlying stream, so a failure never discards bytes already read
    read = getattr(stream, "read1", stream.read)
    while True:
        try:
            chunk = read(chunk_size)
        except (EOFError, OSError, zlib.error) as exc:
            yield _broken_stream(uri, offset, line.head(), exc)
            return
        if not chunk:
            break
        start = 0
        while (newline := chunk.find(b"\n", start)) >= 0:
            line.add(chunk[start:newline + 1])
            if (record := _line_record(line, uri, offset, max_bytes)) is not None:
                yield record
            offset += line.size
            line.clear()
            start = newline + 1
        if start < len(chunk):
            line.add(chunk[start:])
    if (record := _line_record(line, uri, offset, max_bytes)) is not None:
        yield record


class _LineBuffer:
    """The pieces of one line, of which only the first ``keep`` bytes are held; ``size`` counts them all."""

    __slots__ = ("blank", "keep", "kept", "pieces", "size")

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.clear()

    def clear(self) -> None:
        self.pieces: list[bytes] = []
        self.kept = 0
        self.size = 0
        self.blank = True  # whitespace only so far: blank lines are skipped whatever their length

    def add(self, piece: bytes) -> None:
        self.size += len(piece)
        self.blank = self.blank and not piece.strip()
        if self.kept < self.keep:
            piece = piece[:self.keep - self.kept]
            self.pieces.append(piece)
            self.kept += len(piece)

    def head(self) -> bytes:
        return b"".join(self.pieces)


def _line_record(line: _LineBuffer, uri: str, offset: int, max_bytes: int) -> Decoded | None:
    """The record of one complete line (None for a blank line)."""
    if line.blank:
        return None
    raw = line.head()
    if line.size > line.kept:  # over the limit whatever its line break: only its head was held
        return Rejected(uri, offset, RejectReason.TOO_LARGE,
                        f"a line of {line.size:,} bytes is over the limit of {max_bytes:,} bytes "
                        f"(the reject keeps its first {len(raw):,} bytes)", raw)
    return jsonl_record(raw.rstrip(b"\r\n"), uri, offset, max_bytes=max_bytes)


def _broken_stream(uri: str, offset: int, tail: bytes, exc: BaseException) -> Rejected:
    reason = RejectReason.UNREADABLE_GZIP if isinstance(exc, EOFError | zlib.error) or "gzip" in str(
        exc).lower() or "compressed" in str(exc).lower() else RejectReason.TRUNCATED_INPUT
    return Rejected(uri, offset, reason,
                    f"input breaks off at byte {offset:,} of the decompressed stream: {type(exc).__name__}: {exc}",
                    tail)


# ------------------------------------------------------------------------------------------------ text
def text_article(data: bytes, uri: str, *, max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Decoded:
    """A scraped plain-text article; which lines are byline, headline and body is decided by text_layout."""
    if len(data) > max_bytes:
        return _too_large(uri, 0, data, max_bytes)
    try:
        text, _ = decode_bytes(data)
    except DecodeError as exc:
        return Rejected(uri, 0, RejectReason.DECODE_ERROR, str(exc), data)
    text, replaced = replace_lone_surrogates(text)  # a declared charset such as UTF-7 can make them
    layout = read_layout(text)
    if not layout.body:
        return _empty(uri, 0, data, "the text file")
    return _record(uri, 0, "text", data, title=layout.title, byline_raw=layout.byline, body=layout.body,
                   comment_count=layout.comment_count, lone_surrogates_replaced=replaced,
                   date_candidates=[{"raw": raw, "origin": origin} for raw, origin in layout.dates])


# ------------------------------------------------------------------------------------------------ HTML
def html_page(data: bytes, uri: str, *, url: str | None = None, fetched_at: dt.datetime | None = None,
              http_content_type: str | None = None, offset: int = 0, fmt: str = "html",
              max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Decoded:
    """One HTML page (a file or a WARC response payload) to a raw record."""
    if len(data) > max_bytes:
        return _too_large(uri, offset, data, max_bytes)
    try:
        html, _ = decode_bytes(data, declared_charset(data, http_content_type))
    except DecodeError as exc:
        return Rejected(uri, offset, RejectReason.DECODE_ERROR, str(exc), data)
    html, replaced = replace_lone_surrogates(html)  # a declared charset such as UTF-7 can make them
    try:
        page = extract_html(html, url)
    except Exception as exc:  # noqa: BLE001 - a hostile page must become a reject, not a crash
        return Rejected(uri, offset, RejectReason.EXTRACTION_ERROR,
                        f"HTML extraction failed: {type(exc).__name__}: {exc}", data)
    if not page["body"] and not page_has_metadata(page):
        return _empty(uri, offset, data, "the HTML page")
    return _record(uri, offset, fmt, data, url=url or page["url"], fetched_at=fetched_at,
                   lone_surrogates_replaced=replaced, **{
        k: page[k] for k in ("title", "byline_raw", "date_candidates", "body", "language", "source")})


# ------------------------------------------------------------------------------------------------ WARC
def iter_warc(stream: IO[bytes], uri: str, *, max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
              raw_tail: Callable[[int], bytes] | None = None) -> Iterator[Decoded | None]:
    """HTML response records of a WARC stream (gzip or not). Yields None for each record skipped on purpose
    (requests, metadata, non-HTML responses) so that callers can count them. WARC-Date is the fetch time,
    never the publication date. ``raw_tail(offset)`` returns the input's bytes from a (compressed) offset on,
    so that an unreadable or truncated tail is kept whole in the reject.

    A file cut anywhere ends with one ``invalid_warc`` reject starting where its last complete record ends.
    warcio alone does not say so: a gzip member cut inside its headers parses as a short record or as the
    end of the file. So the last record's result is held until the end of the file has been checked.

    A record whose Content-Length lies is one ``invalid_warc`` reject with its bytes, and reading goes on with
    the next record: in an uncompressed (seekable) file the records are checked by ``_WarcFramer`` before
    warcio reads them; in a gzip file each record is its own member, so the record is the member, and
    warcio's own signs tell the lie (a block that ends before its member, or a member that goes on after it).
    """
    from warcio.archiveiterator import ArchiveIterator

    def broken(offset: int, why: str) -> Rejected:
        offset = max(offset, 0)  # warcio reports a negative offset for some malformed records
        return Rejected(uri, offset, RejectReason.INVALID_WARC, f"WARC unreadable from offset {offset:,}: {why}",
                        raw_tail(offset) if raw_tail else b"")

    gzipped, framer = _warc_framing(stream, uri, max_bytes)
    real = framer.real if framer else (lambda offset: offset)

    def cut_out(before: int | None = None) -> list[Rejected]:
        return framer.take_rejects(before) if framer else []

    def lying_member(offset: int, length: int, why: str) -> Rejected:
        member = raw_tail(offset)[:length] if raw_tail else b""
        return Rejected(uri, offset, RejectReason.INVALID_WARC,
                        f"WARC record at offset {offset:,} is unreadable: its Content-Length {why}", member)

    position = 0  # where the record being read starts: the end of the last complete record
    held: list[Decoded | None] = []  # the last record's result, until the end of the file is checked
    last = -1  # offset of the last record read
    try:
        iterator = ArchiveIterator(framer or stream, check_digests=False)
        for record in iterator:
            yield from held  # a record followed by another one is complete
            held = []
            if record.format.startswith("arc") and not str(record.rec_headers.get_header("length")).isdigit():
                # warcio reads any line of words as a legacy ARC header; such input is no archive at all
                yield from cut_out()
                yield broken(position, "not a WARC (or ARC) record header")
                return
            content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
            wanted = record.rec_type == "response" and bool(content_type) and (
                content_type.split(";")[0].strip().lower() in WARC_HTML_TYPES)
            payload = record.content_stream().read(max_bytes + 1) if wanted else None
            if payload is None:
                record.raw_stream.read()  # consume a skipped record, so that a truncation is noticed below
            cut_short = (getattr(record.raw_stream, "limit", 0) > 0
                         and (payload is None or len(payload) <= max_bytes))
            errors = iterator.err_count
            # warcio knows a record's offset only once its content has been read
            last = real(max(iterator.get_record_offset(), 0))
            length = iterator.get_record_length()
            yield from cut_out(last)
            if gzipped and cut_short:
                # a member that ends before the block it declares; the end check below tells a cut file
                held = [lying_member(last, length, "is more than the gzip member holds")]
            elif cut_short:
                yield broken(last, "the record is cut short (truncated file)")
                return
            elif gzipped and iterator.err_count > errors:
                # warcio found no blank line where the block should end: the member goes on after it
                length = _finish_gzip_member(iterator)
                held = [lying_member(last, length, "is less than the gzip member holds")]
            elif payload is None:
                held = [None]
            else:
                target = record.rec_headers.get_header("WARC-Target-URI")
                fetched = parse_timestamp(record.rec_headers.get_header("WARC-Date"))
                held = [html_page(payload, uri, url=target, fetched_at=fetched, http_content_type=content_type,
                                  offset=last, fmt="warc", max_bytes=max_bytes)]
            position = real(max(iterator.get_record_offset(), 0) + length)
    except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on damaged input; all mean the same
        yield from held
        yield from cut_out()
        if raw_tail is not None:  # the next record starts after the blank lines that end an uncompressed one
            gap = raw_tail(position)
            position += len(gap) - len(gap.lstrip(b"\r\n"))
        yield broken(position, f"{type(exc).__name__}: {exc}")
        return
    if raw_tail is None or (framer is not None and framer.rejected_to_end):
        yield from held  # (the bytes after the last record read are in a reject already)
        yield from cut_out()
        return
    problem = _warc_end_problem(raw_tail, last, position, max_bytes)
    if problem is not None and problem[0] == last:
        yield broken(*problem)  # the last record itself is cut: its result is not kept
        return
    yield from held
    yield from cut_out()
    if problem is not None:
        yield broken(*problem)


def read_all(stream: IO[bytes], limit: int) -> bytes:
    """Up to ``limit`` + 1 bytes of a stream (one more than the limit tells an oversized record)."""
    buffer = io.BytesIO()
    while buffer.tell() <= limit:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        buffer.write(chunk)
    return buffer.getvalue()
