"""find_byline: the raw byline of an HTML page (invented page snippets only)."""
from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.bylines import parse_byline
from transforms.html_authors import find_byline
from transforms.html_extract import extract_html

URL = "https://news.example.org/2024/05/harbour-festival"


def page(head: str = "", body: str = "") -> str:
    return (f"<html><head><title>Harbour festival returns | Example Gazette</title>{head}</head>"
            f"<body><h1>Harbour festival returns</h1>{body}<p>The festival opened on Friday.</p></body></html>")


ARTICLE_LD = ('<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle", '
              '"headline": "Harbour festival returns", "author": {author}}}</script>')

# (page html, expected authors after parse_byline(find_byline(...)))
CASES: list[tuple[str, tuple[str, ...]]] = [
    # JSON-LD: a Person, a list, @graph references, organisations
    (page(ARTICLE_LD.format(author='{"@type": "Person", "name": "Tessa Quillfeather"}'),
          "<p>By Tessa Quillfeather</p>"), ("Tessa Quillfeather",)),
    (page(ARTICLE_LD.format(author='[{"@type": "Person", "name": "Tessa Quillfeather"}, '
                                   '{"@type": "Person", "name": "Oren Blackwood"}]'),
          "<p>Tessa Quillfeather and Oren Blackwood</p>"), ("Tessa Quillfeather", "Oren Blackwood")),
    (page('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
          '{"@type": "Article", "author": {"@id": "https://news.example.org/#/person/1"}},'
          '{"@type": "Person", "@id": "https://news.example.org/#/person/1", "name": "Mira Sandvik"}]}</script>',
          "<span>Mira Sandvik</span>"), ("Mira Sandvik",)),
    # a metadata name the page never shows is not trusted; the visible byline wins
    (page(ARTICLE_LD.format(author='{"@type": "Person", "name": "Upload Account"}'),
          '<div class="byline">By Jaro Wendtland</div>'), ("Jaro Wendtland",)),
    # meta tags
    (page('<meta name="author" content="Lotte Brennecke">', "<p>Lotte Brennecke</p>"), ("Lotte Brennecke",)),
    (page('<meta property="article:author" content="https://www.example.org/profile/lotte">'
          '<meta name="parsely-author" content="Lotte Brennecke">', "<p>Text von Lotte Brennecke</p>"),
     ("Lotte Brennecke",)),
    # microdata: several itemprop=author people in one byline
    (page(body='<p class="byline-dateline">By '
               '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
               '<span itemprop="name">TESSA QUILLFEATHER</span></span>, '
               '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
               '<span itemprop="name">OREN BLACKWOOD</span></span></p>'),
     ("Tessa Quillfeather", "Oren Blackwood")),
    # rel=author and byline classes
    (page(body='<div class="meta">By <a rel="author" href="/author/mira-sandvik">Mira Sandvik</a></div>'),
     ("Mira Sandvik",)),
    (page(body='<div class="article-byline">Von Jaro Wendtland | 12.03.2024, 10:15 Uhr</div>'),
     ("Jaro Wendtland",)),
    (page(body='<span class="author vcard"><a class="url fn n" href="/author/pieter">Pieter van der Molen</a>'
               "</span>"), ("Pieter van der Molen",)),
    # comments, sidebars and footers are not the byline
    (page(body='<div class="comments"><div class="comment-author vcard">Randy Reader says:</div></div>'), ()),
    (page(body='<aside class="sidebar"><div class="author">Oren Blackwood</div>'
               '<a href="/other-story">Another headline entirely</a></aside>'), ()),
    (page(body='<div class="author-tools"><a href="mailto:desk@example.org">Email the author</a>'
               "<span>Share</span><span>Follow</span></div>"), ()),
    # the site itself is not a person
    (page('<meta name="author" content="Example Gazette">', "<p>Example Gazette</p>"), ()),
    # a plain "By ..." line without markup
    (page(body="<p><strong>By Tessa Quillfeather</strong></p>"), ("Tessa Quillfeather",)),
    (page(body="<p>(to be continued)<br><strong>Text:</strong> Lotte Brennecke<br><strong>Fotos:</strong> "
               "Jaro Wendtland</p>"), ("Lotte Brennecke",)),
    (page(body='<span class="meta">Posted by harbourwatcher</span>'), ("harbourwatcher",)),
    (page(body="<byline>Von Jaro Wendtland, dpa</byline>"), ("Jaro Wendtland",)),
    # a noun or verb before the marker, a colon after it
    (page(body="<p><em>Ein Artikel von <strong>Lotte Brennecke</strong> | 12.03.2024</em></p>"),
     ("Lotte Brennecke",)),
    (page(body="<p><em>Written by: <a href='https://elsewhere.example.net/x'>Oren Blackwood</a></em></p>"),
     ("Oren Blackwood",)),
    (page(body="<p>Blog Beitrag von Mira Sandvik</p>"), ("Mira Sandvik",)),
    (page(body="<div class='submitted'>Gespeichert von <span class='username'>harbourwatcher</span> "
               "am 3. Mai 2024</div>"), ("harbourwatcher",)),
    # a byline line in the first child is read without the lines after it
    (page(body="<div><p>Auteur : Aurélie Fontclair</p><p>Edition : Bastien Morvanec</p></div>"),
     ("Aurélie Fontclair",)),
    # prose that starts like a byline is not one
    (page(body="<p>Von Seglern und Surfern</p>"), ()),
    (page(body="<p>Ein Beitrag von Seglern und Surfern</p>"), ()),
    (page(body="<p>Ein Artikel von gestern</p>"), ()),
    (page(body="<p>Text von Goethe, gelesen im Theater</p>"), ()),
    # nothing at all
    (page(body="<p>No byline on this page.</p>"), ()),
]


@pytest.mark.parametrize(("html", "expected"), CASES)
def test_find_byline(html: str, expected: tuple[str, ...]) -> None:
    tree = lxml.html.fromstring(html)
    assert parse_byline(find_byline(tree, URL)).authors == expected


def blog_page(url: str, site: str, author: str) -> tuple[str, str]:
    return url, (f"<html><head><title>Harbour walk | {site}</title>"
                 f"<meta property='og:site_name' content='{site}'></head><body><h1>Harbour walk</h1>"
                 f"<span class='author vcard'><a class='url fn n' href='/author/x/'>{author}</a></span>"
                 "<p>We walked along the harbour.</p></body></html>")


# (page url, page html, expected authors): a blog on a hosting platform is named after its author, a site on
# its own domain credits itself.
SITE_CASES: list[tuple[tuple[str, str], tuple[str, ...]]] = [
    (blog_page("https://quillnotes.wordpress.com/2024/05/harbour", "quillnotes", "quillnotes"), ("quillnotes",)),
    (blog_page("https://quill.blogspot.com/2024/05/harbour.html", "Quill Notes", "Quill Notes"), ("Quill Notes",)),
    (blog_page("https://quill.wordpress.com/2024/05/harbour", "Quill Notes", "Tessa Quillfeather"),
     ("Tessa Quillfeather",)),
    # near misses: the same credit on the site's own domain, or on the platform itself
    (blog_page("https://www.quillnotes.de/2024/05/harbour", "quillnotes", "quillnotes"), ()),
    (blog_page("https://quill.example.org/2024/05/harbour", "Quill Notes", "Quill Notes"), ()),
    (blog_page("https://wordpress.com/2024/05/harbour", "WordPress", "WordPress"), ()),
]


@pytest.mark.parametrize(("site", "expected"), SITE_CASES)
def test_site_names_and_hosted_blogs(site: tuple[str, str], expected: tuple[str, ...]) -> None:
    url, html = site
    assert parse_byline(find_byline(lxml.html.fromstring(html), url)).authors == expected


def test_agency_credit_when_no_person() -> None:
    tree = lxml.html.fromstring(page(body='<div class="byline">Reuters</div>'))
    raw = find_byline(tree, URL)
    assert parse_byline(raw).agencies == ("Reuters",)
    assert parse_byline(raw).authors == ()


def test_does_not_mutate_tree() -> None:
    html = page(ARTICLE_LD.format(author='{"@type": "Person", "name": "Tessa Quillfeather"}'),
                '<div class="byline">By Tessa Quillfeather</div><div class="comments">x</div>')
    tree = lxml.html.fromstring(html)
    before = lxml.html.tostring(tree)
    find_byline(tree, URL)
    assert lxml.html.tostring(tree) == before


def test_works_without_url() -> None:
    tree = lxml.html.fromstring(page(body='<div class="byline">By Oren Blackwood</div>'))
    assert parse_byline(find_byline(tree, None)).authors == ("Oren Blackwood",)


FRAGMENTS = st.sampled_from([
    "<div class='byline'>", "<span itemprop='author'>", "<a rel='author' href='/author/x'>", "</div>", "</span>",
    "</a>", "By ", "Von ", "Tessa Quillfeather", "Share", "<aside class='sidebar'>", "</aside>",
    "<script type='application/ld+json'>{\"@type\": \"Article\", \"author\": ", "\"Oren Blackwood\"}",
    "</script>", "<meta name='author' content='Mira Sandvik'>", "{[\"broken", "<p>", "</p>", "&amp;", "\u00a0",
])


@given(st.lists(FRAGMENTS, min_size=1, max_size=25).map("".join), st.one_of(st.none(), st.text(max_size=40)))
def test_never_raises(body: str, url: str | None) -> None:
    tree = lxml.html.fromstring(f"<html><body>{body}</body></html>")
    raw = find_byline(tree, url)
    assert raw is None or isinstance(raw, str)


# byline hygiene: credits of captions and pull quotes, slugs, account names, markup, glued repetitions
HYGIENE: list[tuple[str, tuple[str, ...]]] = [
    (page(body="<figure><img src='x.jpg'><figcaption>Photo by Oren Blackwood</figcaption></figure>"
               "<p>By Tessa Quillfeather</p>"), ("Tessa Quillfeather",)),
    (page(body="<div class='pull-quote'><span class='author'>Oren Blackwood</span></div>"), ()),
    (page(body="<blockquote><p>We will win.</p><span class='author'>Oren Blackwood</span></blockquote>"), ()),
    (page('<meta name="author" content="tessa-quillfeather">', "<p>Tessa Quillfeather</p>"),
     ("Tessa Quillfeather",)),
    (page('<meta name="author" content="Tessa_Quillfeather">', "<p>Tessa Quillfeather</p>"),
     ("Tessa Quillfeather",)),
    # an account in the CMS's author field is not the writer; a blog's "Posted by" credits it
    (page('<meta name="author" content="cc7567">', "<p>cc7567</p><div class='byline'>By Oren Blackwood</div>"),
     ("Oren Blackwood",)),
    (page(body='<span class="meta">Posted by cc7567</span>'), ("cc7567",)),
    (page('<meta property="og:author" content=\'By <a href="/p/amir">Tessa Quillfeather</a>, Gazette '
          'and Oren Blackwood, Gazette\'>', "<p>Tessa Quillfeather, Oren Blackwood</p>"),
     ("Tessa Quillfeather", "Oren Blackwood")),
    (page(body="<div class='byline'>tessa quillfeather tessa quillfeather opinion</div>"),
     ("Tessa Quillfeather",)),
]


@pytest.mark.parametrize(("html", "expected"), HYGIENE)
def test_byline_hygiene(html: str, expected: tuple[str, ...]) -> None:
    assert parse_byline(find_byline(lxml.html.fromstring(html), URL)).authors == expected


def test_a_page_with_only_meta_author_keeps_it() -> None:
    # nothing visible to check the name against: the metadata stands, as itemprop markup does
    html = ('<html><head><meta name="author" content="Tessa Quillfeather"></head>'
            '<body><video src="x.mp4"></video></body></html>')
    assert find_byline(lxml.html.fromstring(html), URL) == "Tessa Quillfeather"


def test_a_by_line_opening_the_body_is_the_byline_not_body_text() -> None:
    paragraph = "The council approved new water tariffs on Monday after a long debate about repairs. " * 5
    html = (f"<html><head><title>Water tariffs rise</title></head><body><article><h1>Water tariffs rise</h1>"
            f"<p>By Mohloai Mpesi</p><p>{paragraph}</p><p>{paragraph}</p></article></body></html>")
    fields = extract_html(html, "https://www.example.co.ls/news/tariffs")
    assert parse_byline(fields["byline_raw"]).authors == ("Mohloai Mpesi",)
    assert "Mpesi" not in fields["body"] and fields["body"].strip()
