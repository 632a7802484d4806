"""find_title: the headline of an HTML page without the site's name (invented page snippets only)."""
from __future__ import annotations

import lxml.html
import pytest

from transforms.html_titles import find_title, strip_site_name

URL = "https://www.harbour-gazette.example/news/2026/03/ferry-cuts"


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


CASES = [
    # the article's headline fields beat the browser tab's <title>
    (page("<title>Ferry sailings cut | Harbour Gazette</title>", "<h1>Ferry sailings cut for winter</h1>"),
     "Ferry sailings cut for winter"),
    (page('<title>Harbour Gazette</title><meta property="og:title" content="Ferry sailings cut">'),
     "Ferry sailings cut"),
    (page('<title>Harbour Gazette</title><script type="application/ld+json">'
          '{"@type": "NewsArticle", "headline": "Ferry sailings cut"}</script>'), "Ferry sailings cut"),
    # a site name glued on, named by og:site_name, by the domain, or left out by the page's own <h1>
    (page('<meta property="og:title" content="Ferry sailings cut - The Tidewater Post">'
          '<meta property="og:site_name" content="The Tidewater Post">'), "Ferry sailings cut"),
    (page('<meta property="og:title" content="Ferry sailings cut | Harbour Gazette Online">'),
     "Ferry sailings cut"),
    (page('<meta property="og:title" content="HARBOUR-GAZETTE.EXAMPLE » Ferry sailings cut">'),
     "Ferry sailings cut"),
    (page('<meta property="og:title" content="Ferry sailings cut — Tidewater Media">',
          "<article><h1>Ferry sailings cut</h1></article>"), "Ferry sailings cut"),
    (page("<title>Harbour Gazette: Ferry sailings cut</title>"), "Ferry sailings cut"),
    # a headline that holds a dash or a colon of its own keeps it
    (page('<meta property="og:title" content="Storm - and then the ferries stopped">'
          '<meta property="og:site_name" content="Harbour Gazette">'), "Storm - and then the ferries stopped"),
    (page('<meta property="og:title" content="Ferries: what the new timetable means">'),
     "Ferries: what the new timetable means"),
    # an <h1> that is only the site's logo is no headline
    (page("<title>Ferry sailings cut - Harbour Gazette</title>", "<h1>Harbour Gazette</h1>"),
     "Ferry sailings cut"),
    # the article's <h1> beats a page header's one
    (page(body="<header><h1>Weather</h1></header><article><h1>Ferry sailings cut</h1></article>"),
     "Ferry sailings cut"),
    (page(), None),
]


@pytest.mark.parametrize(("html", "title"), CASES)
def test_find_title(html: str, title: str | None) -> None:
    assert find_title(lxml.html.fromstring(html), URL) == title


@pytest.mark.parametrize(("text", "keys", "expected"), [
    ("Ferry sailings cut | Harbour Gazette", {"harbourgazette"}, "Ferry sailings cut"),
    ("Harbour Gazette | Ferry sailings cut | News", {"harbourgazette", "news"}, "Ferry sailings cut"),
    ("Ferry sailings cut", {"harbourgazette"}, "Ferry sailings cut"),
    ("Harbour Gazette", {"harbourgazette"}, "Harbour Gazette"),
])
def test_strip_site_name(text: str, keys: set[str], expected: str) -> None:
    assert strip_site_name(text, keys) == expected
