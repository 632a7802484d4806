"""HTML publication dates: candidate gathering (read-only, picklable) and the choice among candidates."""
from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.html_dates import (
    DateCandidate,
    choose_publication_date,
    find_date_candidates,
    local_day,
    url_date_candidates,
)

ANCHOR = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>A test page</title>{head}</head><body>{body}</body></html>"


ARTICLE = "<p>" + "Invented article text about a town council meeting. " * 8 + "</p>"

# (html, url, expected local day or None, expected date_source)
PAGES = [
    (page('<script type="application/ld+json">{"@type": "NewsArticle",'
          ' "datePublished": "2021-03-04T10:00:00+01:00",'
          ' "dateModified": "2021-05-01T08:00:00+01:00"}</script>',
          f"<h1>Council votes</h1>{ARTICLE}"),
     "https://news.example.org/council", "2021-03-04", "metadata"),
    (page('<meta property="article:published_time" content="2020-02-10T09:00:00+00:00">'
          '<meta property="article:modified_time" content="2020-03-11T09:00:00+00:00">',
          f"<h1>Budget</h1>{ARTICLE}"),
     "https://example.com/budget", "2020-02-10", "metadata"),
    (page(body="<article><h1>Harbour opens</h1>"
               f"<time datetime='2019-08-14T07:30:00+02:00'>14. August 2019</time>{ARTICLE}</article>"
               "<section class='comments'><time datetime='2019-09-01'>1.9.2019</time>"
               "<time datetime='2019-09-02'>2.9.2019</time>"
               "<time datetime='2019-09-03'>3.9.2019</time></section>"),
     "https://zeitung.example.de/hafen", "2019-08-14", "metadata"),
    (page(body=f"<h1>Spring fair</h1>{ARTICLE}"), "https://blog.example.net/2018/04/21/spring-fair/",
     "2018-04-21", "url"),
    (page(body="<h1>Neue Brücke</h1>"
               f"<div class='article-meta'>Veröffentlicht am 3. März 2021, 14:05 Uhr</div>{ARTICLE}"),
     "https://www.example.de/bruecke", "2021-03-03", "text"),
    (page(body="<h1>Rentrée</h1>"
               f"<p class='byline'>Par Jeanne Exemple, publié le 2 septembre 2022</p>{ARTICLE}"),
     "https://www.example.fr/rentree", "2022-09-02", "text"),
    # only dates of other texts (a sidebar list, comments): no publication date
    (page(body=f"<h1>About us</h1>{ARTICLE}<aside><ul><li>Older post, 12.01.2020</li>"
               "<li>Another post, 13.01.2020</li></ul></aside>"
               "<div id='comments'><div class='comment'>Posted 14.01.2020 by a reader</div></div>"),
     "https://example.org/about", None, None),
    (page(body=f"<h1>No dates</h1>{ARTICLE}"), "https://example.org/nothing", None, None),
    # a timestamp written in UTC on a German site: the reader's day is the next one (CET)
    (page('<meta property="article:published_time" content="2021-11-04T23:30:00Z">',
          f"<h1>Wahl</h1>{ARTICLE}"),
     "https://www.example.de/wahl", "2021-11-05", "metadata"),
    # a UTC timestamp beside the local wall-clock time of the same moment (US evening)
    (page('<script type="application/ld+json">{"@type": "Article", "datePublished": "2023-03-09T03:10:00Z"}'
          '</script>', f"<h1>Game night</h1><div class='byline'>March 8, 2023 10:10 PM</div>{ARTICLE}"),
     "https://example.com/sports/game-night", "2023-03-08", "metadata"),
    # the future (after the anchor) and the distant past are no publication dates
    (page('<meta name="date" content="2031-01-01">', f"<h1>Plans</h1>{ARTICLE}"),
     "https://example.org/plans", None, None),
    (page('<meta name="date" content="1970-01-01">', f"<h1>Epoch</h1>{ARTICLE}"),
     "https://example.org/epoch", None, None),
    (page('<script type="application/ld+json">{"@type": "Article", "datePublished": 1676551869000}</script>'),
     "https://example.org/ms", "2023-02-16", "metadata"),
    (page('<meta name="parsely-page" content=\'{"title": "x", "pub_date": "2014-11-23T16:00:00+04:00"}\'>'),
     "https://example.org/parsely", "2014-11-23", "metadata"),
]


@pytest.mark.parametrize(("html", "url", "day", "source"), PAGES)
def test_pages_own_signals(html: str, url: str, day: str | None, source: str | None) -> None:
    tree = lxml.html.fromstring(html)
    candidates = find_date_candidates(tree, url, use_htmldate=False)
    chosen = choose_publication_date(candidates, anchor=ANCHOR, url=url)
    if day is None:
        assert chosen is None
        return
    assert chosen is not None
    parsed, date_source = chosen
    assert local_day(parsed) == date.fromisoformat(day)
    assert date_source == source


@pytest.mark.parametrize(("html", "url", "day", "source"), PAGES[:6])
def test_pages_with_htmldate_signal(html: str, url: str, day: str, source: str) -> None:
    tree = lxml.html.fromstring(html)
    chosen = choose_publication_date(find_date_candidates(tree, url), anchor=ANCHOR, url=url)
    assert chosen is not None and local_day(chosen[0]) == date.fromisoformat(day)


@pytest.mark.parametrize(("html", "url"), [(h, u) for h, u, _, _ in PAGES])
def test_candidates_do_not_mutate_tree_and_pickle(html: str, url: str) -> None:
    tree = lxml.html.fromstring(html)
    before = lxml.html.tostring(tree)
    candidates = find_date_candidates(tree, url)
    assert lxml.html.tostring(tree) == before
    assert pickle.loads(pickle.dumps(candidates)) == candidates
    assert all(isinstance(c.raw, str) and isinstance(c.origin, str) for c in candidates)


ORIGINS = [
    ('<meta name="dcterms.modified" content="2020-01-01">', "meta-modified:dcterms.modified"),
    ('<meta itemprop="datePublished" content="2020-01-01">', "meta:datepublished"),
    ('<meta name="date" content="2020-01-01">', "meta-generic:date"),
]


@pytest.mark.parametrize(("head", "origin"), ORIGINS)
def test_meta_origins(head: str, origin: str) -> None:
    tree = lxml.html.fromstring(page(head))
    assert DateCandidate("2020-01-01", origin) in find_date_candidates(tree, None, use_htmldate=False)


URLS = [
    ("https://example.org/2020/03/05/story", "2020-03-05", "url"),
    ("https://example.org/news/2020-03-05-story.html", "2020-03-05", "url"),
    ("https://example.org/20200305/story", "2020-03-05", "url"),
    ("https://example.org/2020/03/story", "2020-03", "url:month"),
    ("https://web.archive.org/web/20110106023242/http://example.org/story?id=5", None, None),
]


@pytest.mark.parametrize(("url", "raw", "origin"), URLS)
def test_url_candidates(url: str, raw: str | None, origin: str | None) -> None:
    found = [c for c in find_date_candidates(lxml.html.fromstring(page()), url, use_htmldate=False)
             if c.origin.startswith("url")]
    assert found == ([DateCandidate(raw, origin)] if raw and origin else [])
    assert url_date_candidates(url) == found


@pytest.mark.parametrize("url", [None, "", "http://[::1", "not a url", "https://example.org/9999/99/99/x"])
def test_url_candidates_odd_input(url: str | None) -> None:
    found = url_date_candidates(url)
    assert choose_publication_date(found, anchor=ANCHOR) is None


CHOICES = [
    # a record's own field wins over everything
    ([DateCandidate("2021-05-04T10:00:00+02:00", "metadata"), DateCandidate("2020-01-01", "url")],
     "2021-05-04", "metadata"),
    # published beats modified, the URL and htmldate agree with it
    ([DateCandidate("2022-02-02", "meta-modified:article:modified_time"),
      DateCandidate("2022-01-15T08:00:00+01:00", "meta:article:published_time"),
      DateCandidate("2022-01-15", "htmldate")], "2022-01-15", "metadata"),
    # the visible dateline and the URL agree against a lone meta date
    ([DateCandidate("2019-01-01", "meta:date"), DateCandidate("5. Mai 2019", "text:after-title"),
      DateCandidate("2019-05-05", "url")], "2019-05-05", "url"),
    # numeric order learnt from another date on the page (31/12 can only be day-first)
    ([DateCandidate("31/12/2020", "text:hint:aside"), DateCandidate("03/04/2021", "text:after-title")],
     "2021-04-03", "text"),
    ([], None, None),
    ([DateCandidate("en", "page:lang")], None, None),
    ([DateCandidate("not a date", "meta:article:published_time")], None, None),
]


@pytest.mark.parametrize(("candidates", "day", "source"), CHOICES)
def test_choose(candidates: list[DateCandidate], day: str | None, source: str | None) -> None:
    chosen = choose_publication_date(candidates, anchor=ANCHOR, url="https://example.com/x")
    if day is None:
        assert chosen is None
    else:
        assert chosen is not None
        assert local_day(chosen[0]) == date.fromisoformat(day)
        assert chosen[1] == source


def test_relative_dateline_uses_anchor() -> None:
    chosen = choose_publication_date([DateCandidate("vor 2 Tagen", "text:after-title")], anchor=ANCHOR)
    assert chosen is not None and local_day(chosen[0]) == (ANCHOR - timedelta(days=2)).date()


def test_naive_anchor_accepted() -> None:
    chosen = choose_publication_date([DateCandidate("2024-06-02", "meta:date")], anchor=datetime(2024, 6, 1))
    assert chosen is not None  # one day of slack after the anchor


CHOICE_ORIGINS = ["meta:x", "jsonld:datePublished", "time:plain:main", "text:after-title", "url", "htmldate",
                  "metadata", "page:lang", "text:hint:aside", "odd"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.sampled_from(CHOICE_ORIGINS)), max_size=8),
       st.one_of(st.none(), st.text(max_size=30)))
def test_choose_never_raises(pairs: list[tuple[str, str]], url: str | None) -> None:
    choose_publication_date([DateCandidate(raw, origin) for raw, origin in pairs], anchor=ANCHOR, url=url)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_candidates_never_raise(text: str) -> None:
    html = page(body=f"<h1>T</h1><div class='date'>{text}</div><time datetime='{text[:20]}'>{text}</time>")
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return
    find_date_candidates(tree, "https://example.org/" + text[:10], use_htmldate=False)


@pytest.mark.parametrize(("origins", "source"), [
    # a revision date alone dates the article, and date_source says so
    ((("2026-03-04T10:00:00Z", "jsonld:dateModified"),), "modified"),
    ((("4 March 2026", "text:modified"),), "modified"),
    # a publication date beats the revision date
    ((("2026-03-04T10:00:00Z", "jsonld:dateModified"), ("2026-03-02T08:00:00Z", "jsonld:datePublished")),
     "metadata"),
])
def test_a_revision_date_is_used_only_when_nothing_else_dates_the_article(
        origins: tuple[tuple[str, str], ...], source: str) -> None:
    chosen = choose_publication_date([DateCandidate(raw=r, origin=o) for r, o in origins],
                                     anchor=datetime(2026, 3, 5, tzinfo=UTC))
    assert chosen is not None and chosen[1] == source
    if source == "metadata":
        assert chosen[0].instant.date().isoformat() == "2026-03-02"
