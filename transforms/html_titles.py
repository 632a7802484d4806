"""The headline of an HTML news page.

The article's own headline fields come first: og:title, twitter:title, the JSON-LD ``headline`` of the
article node, ``itemprop="headline"``, the main ``<h1>`` (inside the article when there is one). The
``<title>`` element is the last resort: it is the browser tab's text, usually "Headline | Site".

Whichever is used, a site name glued to its start or end (" | Site", " - Site", "Site: ") is removed. A
segment is the site's when it is the page's published name (og:site_name, application-name, the JSON-LD
publisher), the name in its domain ("bbc" in "BBC News" on bbc.co.uk), or when the other headline
fields of the same page leave it out.
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

from transforms.html_page import HtmlPage
from transforms.outlets import registered_domain, url_host
from transforms.textkeys import accent_free_key

WHITESPACE = re.compile(r"\s+")
# "Headline | Site", "Headline - Site", "Site » Headline", "Headline :: Site"; a hyphen needs spaces around it
SEPARATOR = re.compile(r"\s+(?:[|–—»«·•~/]|::|-{1,2})\s+|\s*\|\s*")
# "Site: Headline" is written with a colon; only a known site name before it is removed
COLON = re.compile(r"^([^:]{2,40}):\s+(\S.*)$")
SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site", "publisher",
             "dc.publisher")
HEADLINE_META = ("og:title", "twitter:title")
MAX_SITE_WORDS = 6  # a site name is short; a longer segment is part of the headline
MIN_HEADLINE_CHARS = 3


def _clean(text: str | None) -> str:
    return WHITESPACE.sub(" ", text or "").strip()


def _meta(page: HtmlPage, name: str) -> str:
    return page.meta(name) or ""


def _jsonld(page: HtmlPage) -> tuple[str, list[str]]:
    """(the article node's headline, publisher names) from the page's JSON-LD."""
    headline = ""
    publishers: list[str] = []
    for data in page.jsonld_values():
        stack: list[object] = [data]
        seen = 0
        while stack and seen < 200:
            node = stack.pop()
            seen += 1
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                value = node.get("headline")
                if not headline and isinstance(value, str) and _clean(value):
                    headline = _clean(value)
                publisher = node.get("publisher")
                if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                    publishers.append(publisher["name"])
                elif isinstance(publisher, str):
                    publishers.append(publisher)
                stack.extend(v for k, v in node.items() if k in ("@graph", "mainEntity", "itemListElement"))
    return headline, publishers


def _text(element: lxml.html.HtmlElement) -> str:
    try:
        return _clean(element.text_content())
    except (ValueError, etree.LxmlError):
        return ""


def _main_h1(tree: lxml.html.HtmlElement) -> str:
    """The article's <h1>: the first inside <article> / <main>, else the page's first non-empty one."""
    for xpath in ("//article//h1", "//main//h1", "//h1"):
        for element in tree.xpath(xpath):
            if len(text := _text(element)) >= MIN_HEADLINE_CHARS:
                return text
    return ""


def _site_keys(page: HtmlPage, url: str | None, publishers: list[str]) -> set[str]:
    names = {_meta(page, key) for key in SITE_META} | set(publishers)
    keys = {accent_free_key(n.lstrip("@")) for n in names if n}
    host = url_host(url)
    domain = registered_domain(host) if host else None
    if domain and "." in domain:
        label = domain.split(".")[0]
        keys.add(accent_free_key(label))
        keys.add(accent_free_key(domain))
    return {k for k in keys if len(k) >= 2}


def _is_site(segment: str, keys: set[str], others: set[str]) -> bool:
    """Whether a title segment names the site rather than the article (see the module docstring)."""
    if len(segment.split()) > MAX_SITE_WORDS:
        return False
    key = accent_free_key(segment)
    if not key:
        return True  # a bare separator or a symbol
    if key in keys or any(len(k) >= 3 and (key.startswith(k) or k.startswith(key)) for k in keys):
        return True
    return bool(others) and not any(key in other for other in others)


def strip_site_name(title: str, keys: set[str], others: set[str] = frozenset()) -> str:
    """A title without the site name glued to its start or end; ``others`` are the page's other headline
    fields, folded (a segment none of them holds is the site's)."""
    parts = [p for p in SEPARATOR.split(title) if p is not None]
    if not any(accent_free_key(p) and accent_free_key(p) in other for p in parts for other in others):
        others = set()  # the other fields are about something else (a logo h1): no evidence either way
    while len(parts) > 1:
        if _is_site(parts[-1], keys, others):
            parts.pop()
        elif _is_site(parts[0], keys, others):
            parts.pop(0)
        else:
            break
    if len(parts) != len(SEPARATOR.split(title)):
        # join what is left with the separators it had in the original text
        start = title.find(parts[0])
        end = title.rfind(parts[-1]) + len(parts[-1])
        title = title[start:end] if 0 <= start < end else " ".join(parts)
    if (colon := COLON.match(title)) and accent_free_key(colon.group(1)) in keys:
        title = colon.group(2)
    return title.strip()


def find_title(tree: lxml.html.HtmlElement | HtmlPage, url: str | None) -> str | None:
    """The page's headline without a site name, or None.

    ``tree`` is a parsed page or an ``HtmlPage`` shared with the other finders."""
    page = HtmlPage.of(tree)
    headline, publishers = _jsonld(page)
    fields = [_meta(page, key) for key in HEADLINE_META]
    fields += [headline, _meta(page, "headline")]
    h1 = _main_h1(page.tree)
    fields.append(h1)
    title_element = page.tree.find(".//title")
    tab = _text(title_element) if title_element is not None else ""
    keys = _site_keys(page, url, publishers)
    # a field that is the site's name alone (a logo in an <h1>) is no headline
    present = [f for f in fields if len(f) >= MIN_HEADLINE_CHARS and accent_free_key(f) not in keys]
    for field in [*present, tab]:
        if len(field) < MIN_HEADLINE_CHARS:
            continue
        # what the page's other headline fields leave out of this one is the site's
        others = {accent_free_key(o) for o in present if accent_free_key(o) != accent_free_key(field)}
        title = strip_site_name(field, keys, others)
        if len(title) >= MIN_HEADLINE_CHARS:
            return title
    return None
