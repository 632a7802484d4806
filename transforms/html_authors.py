"""Find the byline of an HTML news page.

Sources are tried from the most structured to the least: JSON-LD ``author`` of the article node, author
meta tags, microdata / ``rel=author`` / hCard markup, elements whose class or id says byline or author,
and finally short "By ..." / "Von ..." lines. A source is used only when ``parse_byline`` finds a person
in it and that person is not the site itself (many pages put the publication's name in ``author``).

The tree is only read, never changed: the same parsed page is used afterwards for dates and body text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from transforms.bylines import is_account_name, is_agency, parse_byline
from transforms.html_page import HtmlPage
from transforms.textkeys import alnum_key

__all__ = ["find_byline", "site_names"]

# Schema.org types whose ``author`` is the author of the page's article.
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "satiricalarticle", "techarticle", "scholarlyarticle", "report", "socialmediaposting",
    "liveblogposting", "discussionforumposting", "posting", "webpage", "itempage", "creativework",
    "medicalwebpage", "aboutpage", "qapage", "collectionpage", "videoobject", "podcastepisode",
})
PERSON_TYPES = frozenset({"person"})

# Meta tags naming the author, most specific first.
META_AUTHOR_KEYS: tuple[str, ...] = (
    "parsely-author", "sailthru.author", "article:author", "og:article:author", "og:author", "author", "byl",
    "dc.creator", "dc:creator", "dcterms.creator", "dc.creator.name", "citation_author", "cxenseparse:author",
    "article.author", "authors", "dc.contributor", "shareaholic:article_author_name",
)
_META_RANK = {key: rank for rank, key in enumerate(META_AUTHOR_KEYS)}

# Class/id words of byline containers ("byline", "article-author", "autor", "verfasser").
BYLINE_CLASS = re.compile(r"byline|author|autor|auteur|verfasser|writer|journalist|reporter|contributor",
                          re.IGNORECASE)
# Class words of a name element inside a byline container.
NAME_CLASS = re.compile(r"(?:^|[\s_-])(?:fn|name|author-?name|authorname|autor-?name|author__name|"
                        r"byline__name|byline-name|author-link|author__link|url)(?:$|[\s_-])", re.IGNORECASE)
# Regions whose names are not the article's author: comments, sidebars, teasers, related stories.
EXCLUDED_REGION = re.compile(
    r"comment|respond|repl(?:y|ies)|sidebar|widget|related|recommend|teaser|navigation|navbar|"
    r"(?:^|[\s_-])(?:nav|menu|promo|ads?|advert|banner|listing|archive|reviews?|rating|recipe|more|other|"
    r"further|similar|latest|list-item)(?:$|[\s_-])|"
    r"share|sharing|social|newsletter|popular|trending|most-read|breadcrumb|cookie|carousel|slider|"
    r"tag-?cloud|forum-?post|guestbook|reference|citation|bibliograph|footnote|"
    r"caption|pull-?quote|(?:photo|image|img|picture)-?credit",
    re.IGNORECASE,
)
# Footers and asides are page furniture, except inside the article itself ("entry-meta" footers).
FOOTER_REGION = re.compile(r"(?:^|[\s_-])(?:footer|foot|aside)(?:$|[\s_-])", re.IGNORECASE)
ARTICLE_CONTAINER = re.compile(r"(?:^|[\s_-])(?:post|entry|hentry|article|story|single)(?:$|[\s_-])",
                               re.IGNORECASE)
# Layout flags on page containers ("has-sidebar", "no-comments") say nothing about the element itself.
LAYOUT_FLAG = re.compile(r"(?:^|\s)(?:has|no|with|without|show|hide|is|enable|disable)[-_]\S*", re.IGNORECASE)
EXCLUDED_TAGS = frozenset({"nav", "form", "button", "select", "option", "noscript", "script", "style",
                           "template", "textarea", "label", "figure", "figcaption", "blockquote"})
# Classes that hold a person's biography rather than a byline.
BIO_CLASS = re.compile(r"bio|about|description|info-?box|profile-?text|author-?box|avatar|image|img|"
                       r"photo|picture|social|follow|twitter|mail", re.IGNORECASE)
# Profile links: /author/jane-doe, /autoren/jane-doe, /people/jane-doe.
PROFILE_HREF = re.compile(r"/(?:authors?|autor(?:en|in)?|auteurs?|journalists?|people|staff|contributors?|"
                          r"profiles?|redaktion|team|writers?|columnists?|by)/[^/?#]+", re.IGNORECASE)
# "By Jane Doe" / "Von Jane Doe" lines in text without byline markup. A verb or noun may stand before the
# marker ("Written by", "Gespeichert von", "Ein Artikel von") and a colon after it ("Written by: Jane Doe").
_LINE_VERBS = (r"posted|written|submitted|geschrieben|verfasst|eingestellt|gespeichert|veröffentlicht|publié|"
               r"écrit|publicado|escrito|erstellt")
_LINE_NOUNS = r"(?:ein\s+)?(?:gast|blog\s*)?(?:artikel|beitrag|text)"
BYLINE_LINE = re.compile(rf"^(?:(?:(?:{_LINE_VERBS}|{_LINE_NOUNS})\s+)?(?:by|von|par|por|door)\s*:?\s+|"
                         r"(?:texte?|autor(?:in)?|auteur|autore|author|written\s+by)\s*:\s*)\S",
                         re.IGNORECASE)
# Lines whose marker names the author outright ("Posted by", "Geschrieben von", "Autor:"): a one-word
# name after it is a screen name. After a noun ("Ein Beitrag von Seglern und Surfern") it may be prose.
EXPLICIT_LINE = re.compile(rf"^(?:(?:{_LINE_VERBS})\s+(?:by|von|par|por)|(?:by|von)\s*:|"
                           r"(?:texte?|autor(?:in)?|auteur|autore|author)\s*:)",
                           re.IGNORECASE)
# Longest element text taken as a byline container (longer: a bio or a whole article header).
MAX_BYLINE_TEXT = 160
MAX_LINE_TEXT = 90
# folded characters of visible text below which a page shows nothing to check its metadata against
MIN_VISIBLE_TEXT = 200
# Verdicts on a candidate byline, best first: it names a person; it credits only an organisation; it names
# a person that only the metadata of a page with almost no visible text shows; nothing usable.
NAMES_PERSON, CREDITS_ORGANISATION, UNUSABLE, UNSEEN = 2, 1, 0, -1
# Meta tags that name the site itself.
SITE_NAME_META = frozenset({"og:site_name", "application-name", "twitter:site", "publisher", "dc.publisher",
                            "copyright", "apple-mobile-web-app-title"})
# Title separators: "Headline | Site Name", "Headline - Site Name".
TITLE_SEPARATORS = re.compile(r"\s+[|–—:»·•-]\s+|\s+-\s+")
# Hosted blogs: "jane.wordpress.com" is Jane's blog, so its subdomain is no publication name.
BLOG_HOSTS = frozenset({
    "wordpress.com", "blogspot.com", "blogger.com", "medium.com", "substack.com", "tumblr.com",
    "hypotheses.org", "over-blog.com", "jimdo.com", "jimdofree.com", "wixsite.com", "weebly.com",
    "livejournal.com", "typepad.com", "ghost.io", "github.io", "home.blog", "blog.de", "twoday.net",
})
# The page behind a web-archive capture: https://web.archive.org/web/2019.../http://example.com/...
ARCHIVED_URL = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(https?://.+)$", re.IGNORECASE)
TEXT_NODES = etree.XPath("descendant-or-self::text()[not(ancestor::script) and not(ancestor::style)]")
WS = re.compile(r"\s+")
MARKUP_TAG = re.compile(r"<[^<>]{0,500}>")
SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;:.!?)])")
# The attributes that may mark byline markup, in document order. Reading attribute values is far cheaper
# than visiting every element in Python (and than long XPath predicates in libxml2).
BYLINE_TAGS = etree.XPath("//byline|//author")
MARKUP_ATTRIBUTES = etree.XPath("//@class|//@id|//@itemprop|//@rel")
MARKUP_ATTRIBUTE_WORDS = re.compile(r"byline|author|autor|auteur|verfasser|writer|journalist|reporter|contributor|"
                                    r"creator", re.IGNORECASE)


# ----------------------------------------------------------------------------- text helpers
def _text(el: lxml.html.HtmlElement) -> str:
    """Visible text with spaces between element texts ("Von" + "Jane Doe" -> "Von Jane Doe")."""
    try:
        parts = TEXT_NODES(el)
    except (ValueError, etree.XPathError):
        return ""
    return SPACE_BEFORE_PUNCT.sub(r"\1", WS.sub(" ", " ".join(str(p) for p in parts))).strip()


def _attr_words(el: lxml.html.HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _inside_article(node: lxml.html.HtmlElement) -> bool:
    return any(anc.tag == "article" or ARTICLE_CONTAINER.search(_attr_words(anc)) for anc in node.iterancestors())


def _in_excluded_region(el: lxml.html.HtmlElement) -> bool:
    """True inside comments, sidebars, navigation, teasers and page footers.

    A region that holds the page's h1 is a layout wrapper whatever its class says ("content sidebar",
    ASP.NET's page-wide <form>), so it does not exclude.
    """
    node = el
    depth = 0
    while node is not None and depth < 40:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("body", "html"):
            return False
        words = LAYOUT_FLAG.sub(" ", _attr_words(node))
        if tag in EXCLUDED_TAGS or (words.strip() and EXCLUDED_REGION.search(words)):
            if node.find(".//h1") is None:
                return True
        elif (tag in ("footer", "aside") or FOOTER_REGION.search(words)) and not _inside_article(node):
            return True
        node = node.getparent()
        depth += 1
    return False


# ----------------------------------------------------------------------------- site names
def _host(url: str) -> str:
    """Host of the page; for web-archive captures, the host of the archived page."""
    embedded = ARCHIVED_URL.search(url)
    if embedded:
        url = embedded.group(1)
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def site_names(tree: lxml.html.HtmlElement | HtmlPage, url: str | None) -> tuple[set[str], set[str]]:
    """Folded names of the site itself: (from the domain, from og:site_name / publisher / title).

    On a hosted blog (jane.wordpress.com) the second set is empty: the blog's title is its author's name.
    """
    page = HtmlPage.of(tree)
    domain: set[str] = set()
    hosted_blog = False
    if url:
        labels = [lab for lab in _host(url).split(".") if lab]
        if len(labels) >= 2:
            registered = ".".join(labels[-2:])
            domain.add(alnum_key(labels[-2]))
            hosted_blog = registered in BLOG_HOSTS and len(labels) >= 3
            # On blog hosting platforms the subdomain is the blogger, not a publication.
            if not hosted_blog:
                domain.add(alnum_key("".join(labels[:-1])))
                if len(labels) >= 3:
                    domain.add(alnum_key(labels[-3]))
    names: set[str] = set()
    if hosted_blog:
        # A blog on a hosting platform is one person's: its title names the blogger ("Jane's notes" by
        # "jane"), so a byline that repeats it is the author, not the site crediting itself.
        return {n for n in domain if len(n) >= 3}, names
    for meta in page.meta_tags:
        if (meta.property or meta.name) in SITE_NAME_META:
            names.add(alnum_key(meta.content))
    title = page.tree.find(".//title")
    if title is not None and title.text:
        parts = TITLE_SEPARATORS.split(title.text.strip())
        if len(parts) > 1:
            names.add(alnum_key(parts[-1]))
            names.add(alnum_key(parts[0]))
    return {n for n in domain if len(n) >= 3}, {n for n in names if len(n) >= 3}


def _is_site(name: str, sites: tuple[set[str], set[str]]) -> bool:
    """The name is the site's own: its domain ("telebasel") or its published name ("Die Tagespresse").

    Only the whole name counts: "Heiko" on heiko-adams.de is the blog's author, not the site. A name
    shaped like a person's ("Jane Doe") that is also the domain is a personal site's owner (janedoe.eu).
    """
    key = alnum_key(name)
    if not key:
        return False
    domain, published = sites
    words = name.split()
    if 1 < len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words):
        return key in published and key not in domain
    return key in published or key in domain


# ----------------------------------------------------------------------------- JSON-LD
def _jsonld_nodes(page: HtmlPage) -> list[dict]:
    return [node for data in page.jsonld_values() for node in _walk_json(data)]


def _walk_json(data: object, depth: int = 0) -> Iterator[dict]:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_json(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "itemListElement", "hasPart"):
            if key in data:
                yield from _walk_json(data[key], depth + 1)


def _types(node: dict) -> set[str]:
    value = node.get("@type")
    if isinstance(value, str):
        return {value.lower()}
    if isinstance(value, list):
        return {v.lower() for v in value if isinstance(v, str)}
    return set()


def _person_names(value: object, by_id: dict[str, dict], depth: int = 0) -> Iterator[tuple[str, bool]]:
    """(name, is_person) pairs of a JSON-LD author value; organisations come with is_person False."""
    if depth > 4 or value is None:
        return
    if isinstance(value, str):
        if value.strip() and not value.strip().startswith(("http://", "https://", "/")):
            yield value.strip(), True
        return
    if isinstance(value, list):
        for item in value:
            yield from _person_names(item, by_id, depth + 1)
        return
    if not isinstance(value, dict):
        return
    node = value
    ref = node.get("@id")
    if isinstance(ref, str) and ref in by_id and by_id[ref] is not node:
        node = {**by_id[ref], **{k: v for k, v in node.items() if k != "@id"}}
    types = _types(node)
    name = node.get("name")
    if isinstance(name, list):
        name = " ".join(x for x in name if isinstance(x, str))
    if not isinstance(name, str) or not name.strip():
        given, family = node.get("givenName"), node.get("familyName")
        name = " ".join(x for x in (given, family) if isinstance(x, str))
    if isinstance(name, str) and name.strip():
        is_person = not types or bool(types & PERSON_TYPES)
        yield name.strip(), is_person


def _from_jsonld(page: HtmlPage, url: str | None) -> list[str]:
    nodes = _jsonld_nodes(page)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    articles = [n for n in nodes if _types(n) & ARTICLE_TYPES and ("author" in n or "creator" in n)]
    if not articles:
        return []
    # Prefer the node about this page; then real article types over WebPage-like ones.
    def rank(node: dict) -> tuple[int, int]:
        about_page = 0
        if url:
            for key in ("url", "@id", "mainEntityOfPage"):
                ref = node.get(key)
                if isinstance(ref, dict):
                    ref = ref.get("@id")
                if isinstance(ref, str) and ref.split("#")[0].rstrip("/") == url.split("#")[0].rstrip("/"):
                    about_page = -1
        generic = 1 if _types(node) <= {"webpage", "itempage", "creativework", "collectionpage",
                                         "aboutpage", "qapage", "medicalwebpage"} else 0
        return (generic, about_page)
    best = min(articles, key=rank)
    names: list[str] = []
    for name, is_person in _person_names(best.get("author") or best.get("creator"), by_id):
        if is_person or is_agency(name):
            names.append(name)
    return names


# ----------------------------------------------------------------------------- meta tags
def _from_meta(page: HtmlPage) -> list[str]:
    found: list[tuple[int, str]] = []
    for meta in page.meta_tags:
        key = meta.name or meta.property
        if key not in _META_RANK:
            continue
        content = meta.content
        if "<" in content:  # markup in the attribute: "By <a href=...>Jane Doe</a>"
            content = WS.sub(" ", MARKUP_TAG.sub(" ", content)).strip()
        if not content or content.startswith(("http://", "https://", "/", "@")) or "://" in content:
            continue
        found.append((_META_RANK[key], content))
    if not found:
        return []
    best_rank = min(rank for rank, _ in found)
    out: list[str] = []
    for rank, content in found:
        if rank == best_rank and content not in out:
            out.append(content)
    return out


# ----------------------------------------------------------------------------- markup
def _name_in(el: lxml.html.HtmlElement) -> str:
    """The name inside a byline element: its name-classed child, profile link, or its own text."""
    for child in el.iterdescendants():
        if not isinstance(child.tag, str):
            continue
        if child.get("itemprop") == "name":
            return (child.get("content") or _text(child)).strip()
    for child in el.iterdescendants():
        if not isinstance(child.tag, str):
            continue
        if NAME_CLASS.search(child.get("class") or "") and _text(child):
            return _text(child)
    for child in el.iterdescendants("a"):
        if PROFILE_HREF.search(child.get("href") or "") and _text(child):
            return _text(child)
    return _text(el)


def _markup_elements(tree: lxml.html.HtmlElement) -> Iterator[tuple[int, lxml.html.HtmlElement]]:
    """(tier, element) for byline markup in document order; lower tiers are more specific."""
    seen: set[int] = set()
    for el in BYLINE_TAGS(tree):  # <byline>Von Jane Doe</byline> in some CMS templates
        seen.add(id(el))
        yield 1, el
    for value in MARKUP_ATTRIBUTES(tree):
        if not MARKUP_ATTRIBUTE_WORDS.search(value):
            continue
        el = value.getparent()
        if el is None or not isinstance(el.tag, str) or id(el) in seen:
            continue
        seen.add(id(el))
        itemprop = (el.get("itemprop") or "").lower().split()
        rel = (el.get("rel") or "").lower().split()
        if "author" in itemprop or "creator" in itemprop or ("author" in rel and el.tag == "a"):
            yield 0, el
        elif BYLINE_CLASS.search(_attr_words(el)):
            yield 1, el


def _markup_text(tier: int, el: lxml.html.HtmlElement) -> str:
    if el.tag in ("meta", "link"):
        value = el.get("content") or ""
        return "" if "://" in value else value
    if tier == 1 and BIO_CLASS.search(_attr_words(el)) and not NAME_CLASS.search(el.get("class") or ""):
        return _name_in(el)
    text = _text(el)
    return _name_in(el) if len(text) > MAX_BYLINE_TEXT else text


def _near(first: lxml.html.HtmlElement, other: lxml.html.HtmlElement, levels: int = 3) -> bool:
    """True when other sits within a few levels of first's container (one byline, several names)."""
    ancestors = []
    node = first.getparent()
    while node is not None and len(ancestors) < levels:
        ancestors.append(node)
        node = node.getparent()
    return any(anc in ancestors for anc in other.iterancestors())


def _from_markup(tree: lxml.html.HtmlElement, sites: tuple[set[str], set[str]]) -> list[str]:
    """Byline texts from markup, best first: itemprop/rel first, then byline/author classes."""
    found: dict[int, list[tuple[lxml.html.HtmlElement, str]]] = {0: [], 1: []}
    for tier, el in _markup_elements(tree):
        if el.tag not in ("meta", "link") and _in_excluded_region(el):
            continue
        text = _markup_text(tier, el)
        if text and len(text) <= MAX_BYLINE_TEXT:
            found[tier].append((el, text))
    out: list[str] = []
    structured = found[0]
    if structured:
        # Several itemprop=author people in one byline ("By A, B and C"): one candidate with all names.
        elements = [el for el, _ in structured]
        top = [(el, text) for el, text in structured
               if not any(other is not el and other in el.iterancestors() for other in elements)]
        first = top[0][0]
        group = [el for el, _ in top if el is first or _near(first, el)]
        if len(group) > 1:
            names = [_name_in(el) if el.tag not in ("meta", "link") else _markup_text(0, el) for el in group]
            out.append("; ".join(n for n in names if n))
        out.extend(text for _, text in structured)
    out.extend(text for _, text in found[1])
    return out


# ----------------------------------------------------------------------------- text lines
LINE_TAGS = ("p", "div", "span", "strong", "b", "em", "i", "small", "address", "h4", "h5", "h6", "li", "td")


def _from_lines(tree: lxml.html.HtmlElement) -> Iterator[str]:
    body = tree.find(".//body")
    root = body if body is not None else tree
    for el in root.iter(*LINE_TAGS):
        first = (el.text or "").lstrip()
        nested = False
        if not first and len(el) and isinstance(el[0].tag, str):
            # "<p><strong>By</strong> Jane Doe</p>"
            first = (el[0].text or "").lstrip()
            nested = el[0].tag in LINE_TAGS
        if not first or not BYLINE_LINE.match(first + " x"):
            continue
        if nested and BYLINE_LINE.match(_text(el[0])):
            # A first child holding a whole byline line is read on its own, without what follows it here.
            continue
        text = _text(el)
        if not BYLINE_LINE.match(text) and el.tail and el.tail.strip():
            # "<strong>Text:</strong> Jane Doe<br>": the name is the tail of the marker element.
            text = f"{text} {WS.sub(' ', el.tail).strip()}"
        if len(text) > MAX_LINE_TEXT or not BYLINE_LINE.match(text):
            continue
        if _in_excluded_region(el):
            continue
        yield text


# ----------------------------------------------------------------------------- choice
# Where a candidate comes from: metadata (JSON-LD, meta tags), byline markup, or free text lines.
STRUCTURED, MARKUP, FREE_TEXT = "structured", "markup", "text"


class _Evidence:
    """What every candidate byline of a page is checked against: the site's own names and the visible
    text (computed on first use)."""

    def __init__(self, page: HtmlPage, url: str | None) -> None:
        self.page = page
        self.sites = site_names(page, url)
        self._visible: str | None = None

    @property
    def visible(self) -> str:
        if self._visible is None:
            body = self.page.tree.find(".//body")
            self._visible = alnum_key(" ".join(str(t) for t in TEXT_NODES(body))) if body is not None else ""
        return self._visible


def _verdict(raw: str, page: _Evidence, kind: str) -> int:
    """NAMES_PERSON, CREDITS_ORGANISATION, UNSEEN or UNUSABLE (see the constants).

    Not usable: the site itself as a person; metadata names that the page never shows (stale CMS
    defaults, the account that uploaded the page); prose lines whose "names" are single words.
    """
    parsed = parse_byline(raw)
    if parsed.authors:
        if any(_is_site(a, page.sites) for a in parsed.authors):
            return UNUSABLE
        if kind == FREE_TEXT and not EXPLICIT_LINE.match(raw) and not all(" " in a for a in parsed.authors):
            return UNUSABLE
        if kind == STRUCTURED and all(is_account_name(a) for a in parsed.authors):
            return UNUSABLE  # the CMS account that uploaded the page ("cc7567"), not its writer
        if kind == STRUCTURED and not all(alnum_key(a) in page.visible for a in parsed.authors):
            # a page with next to no visible text (a video, a script-rendered article) cannot show its
            # byline: there the metadata is kept, but only when nothing else names a person
            return UNSEEN if len(page.visible) < MIN_VISIBLE_TEXT else UNUSABLE
        return NAMES_PERSON
    return CREDITS_ORGANISATION if parsed.agencies and kind != FREE_TEXT else UNUSABLE


def _candidates(page: HtmlPage, url: str | None,
                sites: tuple[set[str], set[str]]) -> Iterable[tuple[str, str]]:
    """(raw byline, kind) pairs, most trusted source first."""
    tree = page.tree
    names = _from_jsonld(page, url)
    if names:
        yield "; ".join(names), STRUCTURED
    meta = _from_meta(page)
    if meta:
        yield "; ".join(meta), STRUCTURED
    for text in _from_markup(tree, sites):
        yield text, MARKUP
    for text in _from_lines(tree):
        yield text, FREE_TEXT


def find_byline(tree: lxml.html.HtmlElement | HtmlPage, url: str | None) -> str | None:
    """The page's byline as found (several structured names joined with "; "), or None.

    ``tree`` is a parsed page or an ``HtmlPage`` shared with the other finders."""
    fallback: str | None = None
    unseen: str | None = None
    try:
        html_page = HtmlPage.of(tree)
        page = _Evidence(html_page, url)
        for raw, kind in _candidates(html_page, url, page.sites):
            raw = WS.sub(" ", raw).strip()
            if not raw:
                continue
            verdict = _verdict(raw, page, kind)
            if verdict == NAMES_PERSON:
                return raw
            if verdict == CREDITS_ORGANISATION and fallback is None:
                fallback = raw
            if verdict == UNSEEN and unseen is None:
                unseen = raw
    except (ValueError, TypeError, etree.LxmlError, RecursionError):
        return unseen or fallback
    # A person only the metadata names, then an organisation credit ("Redaktion", "Reuters").
    return unseen or fallback
