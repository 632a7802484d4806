"""Outlet keys: one per outlet, from the registered domain (public-suffix rules), and the display name."""
from __future__ import annotations

import datetime as dt

import pytest

from transforms.articles import build_article
from transforms.outlets import display_name, registered_domain, source_key

NOW = dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize(("url", "given", "key"), [
    # one outlet, however the page or feed names it and whichever host served it
    ("https://www.aldwick-courier.example/news/a", "Aldwick Courier", "aldwick-courier.example"),
    ("https://aldwick-courier.example/news/b", None, "aldwick-courier.example"),
    ("https://news.bbc.co.uk/1/hi/uk/1.stm", "BBC News", "bbc.co.uk"),
    ("https://www.bbc.co.uk/news/uk-1", "BBC", "bbc.co.uk"),
    ("https://edition.cnn.com/2024/01/01/x", None, "cnn.com"),
    ("https://www.abc.net.au/news/x", None, "abc.net.au"),
    # a hosted blog is its own outlet (a private suffix of the list)
    ("https://janedoe.blogspot.com/2024/01/x.html", None, "janedoe.blogspot.com"),
    # a web-archive capture belongs to the page it archived
    ("https://web.archive.org/web/20190101000000/http://www.example.com/story", None, "example.com"),
    ("http://192.168.0.7/story", None, "192.168.0.7"),
    ("http://localhost:8080/story", None, "localhost"),
    # no url with a host: the name given, else unknown
    ("bbc:business/001.txt", "BBC", "BBC"),
    (None, "  Valley   Ledger ", "Valley Ledger"),
    (None, None, "unknown"),
    ("not a url", "", "unknown"),
])
def test_source_key(url: str | None, given: str | None, key: str) -> None:
    assert source_key(url, given) == key


@pytest.mark.parametrize(("host", "domain"), [
    ("WWW.Example.CO.UK.", "example.co.uk"), ("example", "example"), ("", None),
])
def test_registered_domain(host: str, domain: str | None) -> None:
    assert registered_domain(host) == domain


def test_display_name_is_kept_apart_from_the_key() -> None:
    record = {"input_uri": "x", "input_offset": 0, "input_format": "html", "body": "Text.",
              "url": "https://www.aldwick-courier.example/a", "source": "Aldwick Courier",
              "date_candidates": [{"raw": "en-GB", "origin": "page:lang"}]}
    row = build_article(record, ingested_at=NOW, run_id="r")
    assert (row["source"], row["source_name"]) == ("aldwick-courier.example", "Aldwick Courier")
    assert display_name(None) is None


def test_date_raw_is_empty_when_no_date_was_found() -> None:
    # a lang attribute is a candidate for reading dates, never the date string itself
    record = {"input_uri": "x", "input_offset": 0, "input_format": "html", "body": "Text.",
              "url": "https://www.aldwick-courier.example/a",
              "date_candidates": [{"raw": "en-GB", "origin": "page:lang"}]}
    row = build_article(record, ingested_at=NOW, run_id="r")
    assert (row["date_raw"], row["date_source"]) == (None, "ingest")
