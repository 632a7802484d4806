"""Normalize stage: a raw record becomes an article row (dates, bylines, language, ids, counts)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from schemas.version import SCHEMA_VERSION
from transforms.bylines import parse_byline
from transforms.html_dates import DateCandidate, choose_publication_date, url_date_candidates
from transforms.ids import article_id, normalized_content_hash, normalized_text
from transforms.language import detect_language
from transforms.outlets import UNKNOWN_SOURCE, display_name, source_key

__all__ = ["UNKNOWN_SOURCE", "build_article", "source_of", "word_count"]


def source_of(source: str | None, url: str | None) -> str:
    """The outlet key (see transforms.outlets): the url's registered domain, else the name given."""
    return source_key(url, source)


def word_count(normalized_body: str) -> int:
    """Whitespace-separated words (what ``wc -w`` counts), of a body passed through ``ids.normalized_text``.

    Counted on the text the content hash is computed from, where words are joined by single spaces: a
    regex over the raw body cost as much as the hash itself. "U.S.", "don't" and "2,000" are one word each.
    """
    return normalized_body.count(" ") + 1 if normalized_body else 0


def build_article(record: dict[str, Any], *, ingested_at: dt.datetime, run_id: str) -> dict[str, Any]:
    """The article row for one raw record (see schemas.Article); pure apart from the model-free normalizers."""
    body: str = record["body"]
    language = record.get("language") or detect_language(body)
    fetched_at: dt.datetime | None = record.get("fetched_at")
    anchor = fetched_at or ingested_at
    candidates = [DateCandidate(raw=c["raw"], origin=c["origin"]) for c in record.get("date_candidates") or []]
    if record.get("input_format") in ("jsonl", "text") and record.get("url"):
        # feeds rarely carry more than one date field; a dated url path is the next best witness
        # (HTML pages already list their url among their candidates)
        candidates += url_date_candidates(record["url"])
    chosen = choose_publication_date(candidates, anchor=anchor, language=language, url=record.get("url"))
    if chosen is not None:
        parsed, date_source = chosen
        published_at = parsed.instant
        published_date = parsed.instant.astimezone(dt.UTC).date()
        offset, precision, date_raw = parsed.offset_minutes, parsed.precision, parsed.raw
    else:
        # date_raw is the string a date came from: with no date there is none (a page's lang="en-GB" is
        # a candidate for reading dates, never a date string)
        published_at = offset = precision = date_raw = None
        date_source = "crawl" if fetched_at else "ingest"
        published_date = anchor.astimezone(dt.UTC).date()
    byline = parse_byline(record.get("byline_raw"))
    normalized = normalized_text(body)
    return {
        "article_id": article_id(record.get("url"), record.get("title"), body, normalized_body=normalized),
        "url": record.get("url"),
        "source": source_of(record.get("source"), record.get("url")),
        "source_name": display_name(record.get("source")),
        "title": record.get("title"),
        "authors": list(byline.authors),
        "agencies": list(byline.agencies),
        "byline_raw": record.get("byline_raw"),
        "published_at": published_at,
        "published_offset_minutes": offset,
        "date_precision": precision,
        "date_raw": date_raw,
        "date_source": date_source,
        "published_date": published_date,
        "language": language,
        "body": body,
        "word_count": word_count(normalized),
        "comment_count": record.get("comment_count"),
        "content_hash": normalized_content_hash(normalized),
        "input_uri": record["input_uri"],
        "input_offset": record["input_offset"],
        "fetched_at": fetched_at,
        "ingested_at": ingested_at,
        "run_id": run_id,
        "schema_version": SCHEMA_VERSION,
    }
