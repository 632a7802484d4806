"""Stable identifiers: canonical URLs, article ids, content hashes and derived row ids."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.ids import ID_HEX_CHARS, article_id, canonical_url, content_hash, normalized_text, row_id

HEX_ID = re.compile(rf"^[0-9a-f]{{{ID_HEX_CHARS}}}$")

CANONICAL = [
    ("https://news.example/a/b", "https://news.example/a/b"),
    ("http://news.example/a/b", "https://news.example/a/b"),
    ("HTTPS://NEWS.EXAMPLE/a/b", "https://news.example/a/b"),
    ("https://news.example/Case/Kept", "https://news.example/Case/Kept"),
    ("https://news.example/a#comments", "https://news.example/a"),
    ("https://news.example:443/a", "https://news.example/a"),
    ("http://news.example:80/a", "https://news.example/a"),
    ("https://news.example:8443/a", "https://news.example:8443/a"),
    ("https://news.example", "https://news.example/"),
    ("https://news.example/a?utm_source=feed&utm_medium=rss&id=7", "https://news.example/a?id=7"),
    ("https://news.example/a?id=7&fbclid=XYZ&gclid=1&ocid=2&ref=home", "https://news.example/a?id=7"),
    ("https://news.example/a?UTM_CAMPAIGN=spring", "https://news.example/a"),
    ("https://news.example/a?page=2&id=7", "https://news.example/a?page=2&id=7"),  # order kept: it can matter
    ("https://news.example/a?reference=9", "https://news.example/a?reference=9"),  # only whole tracking names
    ("https://editor:secret@news.example/a", "https://news.example/a"),
    ("  https://news.example/a  ", "https://news.example/a"),
    ("bbc:business/001.txt", "bbc:business/001.txt"),
    (" urn:uuid:6f1d3c2a-8e4b-4c1d ", "urn:uuid:6f1d3c2a-8e4b-4c1d"),
    ("conll:testa-007", "conll:testa-007"),
    ("mailto:desk@news.example", "mailto:desk@news.example"),
    ("/relative/path", "/relative/path"),
    ("", None),
    ("   ", None),
    (None, None),
]


@pytest.mark.parametrize(("url", "canonical"), CANONICAL)
def test_canonical_url(url: str | None, canonical: str | None) -> None:
    assert canonical_url(url) == canonical


UNUSUAL_HOSTS = [
    "https://news.example:99999/a",  # port out of range
    "https://news.example:abc/a",  # port not a number
    "https://[2001:db8::1]/a",  # IPv6 literal: brackets must survive
    "https://[2001:db8::1]:8080/a",
]


@pytest.mark.parametrize("url", UNUSUAL_HOSTS)
def test_canonical_url_of_unusual_hosts_is_idempotent_and_never_raises(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


# (two urls, whether they name the same article)
SAME_ARTICLE = [
    ("https://news.example/a", "http://news.example/a", True),
    ("https://news.example/a", "https://news.example/a#top", True),
    ("https://news.example/a", "https://NEWS.example/a?utm_source=x&utm_medium=y", True),
    ("https://news.example/a?id=1", "https://news.example/a?id=1&share=twitter", True),
    ("https://news.example/a", "https://news.example/b", False),
    ("https://news.example/a?id=1", "https://news.example/a?id=2", False),
    ("https://news.example/a", "https://other.example/a", False),
    ("https://news.example/a", "https://news.example:8080/a", False),
    ("bbc:business/001.txt", "bbc:business/002.txt", False),
]


@pytest.mark.parametrize(("first", "second", "same"), SAME_ARTICLE)
def test_article_id_follows_the_canonical_url(first: str, second: str, same: bool) -> None:
    # the url decides alone: title and body may differ between two fetches of the same page
    assert (article_id(first, "Title one", "Body one") == article_id(second, "Title two", "Body two")) is same


# ((title, body), (title, body), same) for records without a url
SAME_TEXT = [
    (("Flood warning", "Rivers rise."), ("Flood warning", "Rivers rise."), True),
    (("Flood warning", "Rivers rise."), ("  FLOOD   warning ", "rivers\n\nrise."), True),
    (("Flood warning", "Rivers rise."), ("Flood warning", "Rivers fall."), False),
    (("Flood warning", "Rivers rise."), ("Flood warnings", "Rivers rise."), False),
    (("Flood", "warning Rivers rise."), ("Flood warning", "Rivers rise."), False),  # the parts are kept apart
    ((None, "Rivers rise."), ("", "Rivers rise."), True),
    (("ﬁnal", "Body"), ("final", "Body"), True),  # NFKC folds the ligature
]


@pytest.mark.parametrize(("first", "second", "same"), SAME_TEXT)
def test_article_id_without_url_hashes_title_and_body(first: tuple, second: tuple, same: bool) -> None:
    assert (article_id(None, *first) == article_id(None, *second)) is same
    assert (article_id("", *first) == article_id("  ", *second)) is same


def test_ids_are_stable_across_runs_and_machines() -> None:
    # frozen values: a change of the hashing scheme would silently duplicate every article already committed
    assert article_id("http://news.example/a#x", "T", "B") == "80757705fc22fcd8d2fca56c88802772"
    assert article_id(None, "Flood warning", "Rivers rise.") == "e894801be44323f74b0b105443230766"
    assert content_hash("Rivers rise.") == "5cd3405718a9c4c31853c8d24f5ded2a"
    # a url and a body that happen to be the same string are different things
    assert article_id("https://news.example/a", None, "") != article_id(None, None, "https://news.example/a")
    assert HEX_ID.match(row_id("quote", "abc", 1, 5))


@pytest.mark.parametrize(("first", "second", "same"), [
    ("Rivers rise.", "rivers   RISE.", True),
    ("Rivers rise.", "\n Rivers rise.\n", True),
    ("Rivers rise.", "Rivers rise!", False),
    ("Café", "Cafe\u0301", True),  # composed and decomposed é
])
def test_content_hash_ignores_case_and_spacing(first: str, second: str, same: bool) -> None:
    assert (content_hash(first) == content_hash(second)) is same


@pytest.mark.parametrize(("parts", "other", "same"), [
    (("reject", "a.jsonl", 10, "invalid_json"), ("reject", "a.jsonl", 10, "invalid_json"), True),
    (("reject", "a.jsonl", 10, "invalid_json"), ("reject", "a.jsonl", 11, "invalid_json"), False),
    (("reject", "a.jsonl", 1, "x"), ("reject", "a.jsonl1", "", "x"), False),  # separators keep parts apart
])
def test_row_id(parts: tuple, other: tuple, same: bool) -> None:
    assert (row_id(*parts) == row_id(*other)) is same


HOSTS = st.from_regex(r"[a-z][a-z0-9-]{0,12}(\.[a-z]{2,6}){1,2}", fullmatch=True)
PATHS = st.from_regex(r"(/[A-Za-z0-9._~-]{0,10}){0,4}", fullmatch=True)
PARAMS = st.lists(st.tuples(st.from_regex(r"[a-z]{1,6}", fullmatch=True),
                            st.from_regex(r"[A-Za-z0-9]{0,6}", fullmatch=True)), max_size=3)
TRACKING = st.lists(st.sampled_from(["utm_source=rss", "utm_medium=email", "fbclid=abc", "gclid=1", "ref=home",
                                     "share=x", "mc_cid=9"]), min_size=1, max_size=3)


def _url(scheme: str, host: str, path: str, params: list[tuple[str, str]]) -> str:
    query = "&".join(f"{k}={v}" for k, v in params)
    return f"{scheme}://{host}{path}" + (f"?{query}" if query else "")


@given(st.sampled_from(["http", "https", "HTTP"]), HOSTS, PATHS, PARAMS)
def test_canonical_url_is_idempotent(scheme: str, host: str, path: str, params: list) -> None:
    once = canonical_url(_url(scheme, host, path, params))
    assert once is not None and once.startswith("https://")
    assert canonical_url(once) == once


@given(HOSTS, PATHS, PARAMS, TRACKING, st.from_regex(r"[a-z0-9-]{0,8}", fullmatch=True))
def test_article_id_ignores_tracking_fragment_and_scheme(host: str, path: str, params: list, tracking: list,
                                                         fragment: str) -> None:
    params = [(k, v) for k, v in params if not k.startswith(("utm", "ref", "share", "fbclid", "gclid", "mc"))]
    plain = _url("https", host, path, params)
    query = "&".join([f"{k}={v}" for k, v in params] + tracking)
    decorated = f"http://{host.upper()}{path}?{query}#{fragment}"
    assert article_id(plain, None, "") == article_id(decorated, "other title", "other body")


@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=60)))
def test_ids_of_any_text_never_raise(body: str, title: str | None) -> None:
    assert HEX_ID.match(article_id(None, title, body))
    assert HEX_ID.match(content_hash(body))
    assert normalized_text(normalized_text(body)) == normalized_text(body)
