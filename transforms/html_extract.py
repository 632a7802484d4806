"""One HTML page to the fields of a raw record: main text, title, raw byline and date candidates.

The page is parsed once, and its JSON-LD and meta tags are read once (``HtmlPage``) for all the finders.
The metadata finders (html_authors, html_dates, html_titles) read the tree first, because the main-text
extractor (trafilatura, the best-kept open extractor) prunes the tree it is given.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from transforms.bylines import parse_byline
from transforms.html_authors import find_byline
from transforms.html_dates import find_date_candidates
from transforms.html_page import HtmlPage
from transforms.html_titles import find_title

LANG_CODE = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")
BLANK_LINES = re.compile(r"\n{2,}")
BY_PARAGRAPH = re.compile(r"^(?:by|von|par|por|door)\s*:?\s+\S", re.IGNORECASE)
MAX_BYLINE_PARAGRAPH = 90  # a credit line; a longer paragraph that starts with "By" is prose
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def parse_html(html: str) -> lxml.html.HtmlElement:
    """Parse a page; lxml rejects str input that carries an XML encoding declaration, so drop it."""
    html = XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        raise ValueError("empty HTML document")
    return lxml.html.fromstring(html)


def _language(page: HtmlPage) -> str | None:
    tree = page.tree
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
                  page.meta("og:locale", "language", "content-language", "dc.language")]
    for value in candidates:
        if value and (code := LANG_CODE.match(value)):
            return code.group(1).lower()[:2]
    return None


def _canonical_url(page: HtmlPage) -> str | None:
    for element in page.tree.xpath("//link[@rel='canonical'][@href]"):
        href = element.get("href", "").strip()
        if urlsplit(href).scheme in ("http", "https"):
            return href
    og_url = page.meta("og:url")
    return og_url if og_url and urlsplit(og_url).scheme in ("http", "https") else None


def _trafilatura_text(tree: lxml.html.HtmlElement, url: str | None, *, favor_recall: bool = False) -> str:
    document = trafilatura.bare_extraction(tree, url=url, with_metadata=False, include_comments=False,
                                           include_tables=False, deduplicate=False, favor_recall=favor_recall)
    return getattr(document, "text", None) or ""


def main_text(tree: lxml.html.HtmlElement, html: str, url: str | None) -> str:
    """The article's main text, paragraphs separated by blank lines; empty when none is found.

    trafilatura first as it is tuned (precision); for pages where it finds nothing, again favouring recall,
    then its baseline (the text of the article/main/body paragraphs). Each retry parses the page afresh,
    because trafilatura prunes the tree it is given.
    """
    text = _trafilatura_text(tree, url)
    if not text.strip():
        text = _trafilatura_text(parse_html(html), url, favor_recall=True)
    if not text.strip():
        _, text, _ = trafilatura.baseline(parse_html(html))
    return BLANK_LINES.sub("\n\n", (text or "").replace("\n", "\n\n")).strip()


def extract_html(html: str, url: str | None) -> dict[str, Any]:
    """Fields for a raw record from one page: title, body, byline_raw, date_candidates, language, source, url."""
    tree = parse_html(html)
    if not isinstance(tree, etree._Element):  # a fragment list or a comment: nothing to extract
        raise ValueError("the document has no element tree")
    page = HtmlPage(tree)  # JSON-LD and meta tags read once for every finder below
    byline = find_byline(page, url)
    candidates = [{"raw": c.raw, "origin": c.origin} for c in find_date_candidates(page, url)]
    fields = {
        "title": find_title(page, url),
        "byline_raw": byline,
        "date_candidates": candidates,
        "language": _language(page),
        "source": page.meta("og:site_name", "application-name"),
        "url": url or _canonical_url(page),
    }
    body = main_text(tree, html, url)
    paragraphs = body.split("\n\n", 2)
    # the first paragraph, or the second under a repeated headline
    at = 1 if len(paragraphs) > 1 and fields["title"] and paragraphs[0].strip() == fields["title"] else 0
    if at < len(paragraphs) and is_byline_paragraph(paragraphs[at], fields["byline_raw"]):
        # "By Jane Doe" opening the body: the byline (when the page had none), not body text
        fields["byline_raw"] = fields["byline_raw"] or paragraphs[at].strip()
        body = "\n\n".join(paragraphs[:at] + paragraphs[at + 1:]).strip()
    fields["body"] = body
    return fields


def is_byline_paragraph(paragraph: str, byline: str | None) -> bool:
    """Whether a body paragraph is a "By ..." credit line: the page's byline, or the only one it has."""
    paragraph = paragraph.strip()
    if not paragraph or len(paragraph) > MAX_BYLINE_PARAGRAPH or not BY_PARAGRAPH.match(paragraph):
        return False
    found = parse_byline(paragraph)
    if not found.authors:
        return False
    if byline is None:
        return True
    known = {a.casefold() for a in parse_byline(byline).authors}
    return bool(known) and all(a.casefold() in known for a in found.authors)
