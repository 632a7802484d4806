"""HTML page -> original publication date.

Two steps so that the expensive one (walking the tree) happens once, in the decoder, and the choice can
be re-made later from plain values: ``find_date_candidates`` gathers every date-like string with where it
was found (structured metadata, ``<time>`` elements, the URL, short texts near the title or byline),
and ``choose_publication_date`` parses them and picks the original publication date.

The choice is a weighted vote over calendar days (see FAMILY_WEIGHTS): explicit "published" metadata,
the visible dateline under the headline and the URL weigh most, htmldate's own guess is one vote among
them, generic and "modified" metadata weigh little. Dates inside comments, sidebars and teaser lists are
marked as asides by their origin and never win on their own; nothing after the anchor (+1 day) or before
1990 counts. Timestamps written in UTC are shown in the publisher's zone (found from other offsets on the
page, a local wall-clock time of the same moment, the country domain or the language), so the day is the
one the page's readers saw.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import lxml.html

from transforms.dates import ParsedDate, day_order_for, parse_date
from transforms.html_page import HtmlPage

__all__ = ["DateCandidate", "choose_publication_date", "find_date_candidates", "url_date_candidates"]


@dataclass(frozen=True, slots=True)
class DateCandidate:
    raw: str       # the string as found
    origin: str    # e.g. "jsonld:datePublished", "meta:article:published_time", "time", "url", "text"


# --------------------------------------------------------------------------- sanity limits
EARLIEST_PUBLICATION = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)
MAX_TEXT_CANDIDATE = 160       # a date line longer than this is a paragraph, not a dateline
MAX_CANDIDATES_PER_KIND = 12
TEXT_WINDOW_AFTER_TITLE = 1500  # characters of visible text after the headline searched for a dateline
TEXT_WINDOW_BEFORE_TITLE = 300

# --------------------------------------------------------------------------- metadata names (lower case)
PUBLISHED_META = frozenset({
    "article:published_time", "og:published_time", "og:article:published_time", "article:published",
    "datepublished", "date_published", "publishdate", "publish_date", "publish-date", "pubdate",
    "publication_date", "publication-date", "published_time", "published-time", "published_date",
    "published-date", "originalpublicationdate", "original-publish-date", "rnews:datepublished",
    "sailthru.date", "parsely-pub-date", "dc.date.issued", "dcterms.issued", "dc.date.created",
    "dcterms.created", "dc.date.published", "citation_publication_date", "citation_date",
    "citation_online_date", "article.published", "article_date_original", "cxenseparse:recs:publishtime",
    "bt:pubdate", "displaydate", "date.available", "creation_date", "created", "issued", "pub_date",
    "dcsext.articlefirstpublished", "og:pubdate", "article.created", "vr:published_time",
})
GENERIC_DATE_META = frozenset({"date", "dc.date", "dcterms.date", "dc:date", "content_date", "datetime"})
MODIFIED_META = frozenset({
    "article:modified_time", "og:updated_time", "last-modified", "datemodified", "lastmod",
    "dc.date.modified",
    "dcterms.modified", "revised", "article:updated_time", "modified_time", "updated_time", "article.updated",
    "lastmodified", "last_modified", "date.modified",
})
JSONLD_PUBLISHED_KEYS = ("datePublished", "dateCreated", "uploadDate", "pubDate")
JSONLD_MODIFIED_KEYS = ("dateModified",)
ITEMPROP_KEYS = {"datepublished": "published", "datecreated": "published", "uploaddate": "published",
                 "datemodified": "modified"}
# JSON-LD objects whose dates are not the page's own publication date
JSONLD_ASIDE_TYPES = frozenset({"Comment", "Review", "Answer", "Question", "Event", "Offer", "Person",
                                "Organization", "Product", "Rating", "AggregateRating", "ImageObject",
                                "Recipe", "Course", "JobPosting", "CreativeWorkSeason"})

JSONLD_ASIDE_KEYS = frozenset({"comment", "review", "reviews", "comments", "suggestedAnswer",
                               "acceptedAnswer",
                               "hasPart", "subjectOf", "isPartOf"})

# --------------------------------------------------------------------------- markup hints
# comments and replies are other people's texts wherever they sit
COMMENT_HINT = re.compile(
    r"comment|kommentar|(?<![a-z])repl(?:y|ies)|antwort|forum|discussion|disqus", re.IGNORECASE)
# layout blocks that usually hold other articles' dates, unless the block wraps the headline itself
# (a "content-with-sidebar" wrapper) or is the footer of the article element
ASIDE_HINT = re.compile(
    r"sidebar|related|teaser|footer|recommend|(?<![a-z])aside|(?<![a-z])nav|breadcrumb|archive|calendar"
    r"|popular|most-?read|newsletter|cookie|trending|(?<![a-z])more-|similar|weitere|empfehl|carousel"
    r"|slider|promo|advert|banner|ticker|(?<![a-z])next|(?<![a-z])prev",
    re.IGNORECASE)
DATE_HINT = re.compile(
    r"date|datum|time|zeit|posted|published|publish|pubdate|byline|dateline|timestamp|entry-meta|post-meta"
    r"|article-meta|meta-info|article-info|fecha|data|veroeffentlicht|stand|created|updated",
    re.IGNORECASE)
MODIFIED_HINT = re.compile(r"modif|updat|aktualisiert|edited|revis|mis-?a-?jour", re.IGNORECASE)
PUBLISHED_HINT = re.compile(r"publish|pubdate|posted|created|veroeffentlicht|erschienen", re.IGNORECASE)
ASIDE_TAGS = frozenset({"aside", "footer", "nav"})
HINT_SKIP_TAGS = frozenset({"time", "meta", "html", "body"})  # <time> has its own extractor
SKIP_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "select", "option"})

# a loose finder for date-like snippets in visible text: it only has to find, parse_date decides
DATE_SNIPPET = re.compile(
    r"(?:(?<!\d)\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?(?:\d{4}|\d{2})(?![\d])"
    r"|(?<!\d)(?:19|20)\d{2}[./-]\d{1,2}[./-]\d{1,2}(?!\d)"
    r"|(?<!\d)\d{1,2}(?:st|nd|rd|th|er|\.)?\s*(?:de\s+)?[^\W\d_]{3,10}\.?,?\s*(?:de\s+)?(?:19|20)\d{2}(?!\d)"
    r"|[^\W\d_]{3,10}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}(?!\d))"
    r"(?:[,\s]*(?:um|at|à|a las|alle|om|-|\|)?\s*\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*(?:uhr|[ap]\.?m\.?))?"
    r"(?:\s*[A-Z]{2,4}\b)?)?",
    re.IGNORECASE)
URL_DATE = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d{2})(?P<sep>[/_-])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d])"
    r"|/(?P<y2>(?:19|20)\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?:/|[_-]|\.html?|$)")
URL_YEAR_MONTH = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>[01]?\d)/")
WS = re.compile(r"\s+")
NUMERIC_PAIR = re.compile(r"(?<![\d.])(\d{1,2})[/-](\d{1,2})[/-](?:\d{4}|\d{2})(?!\d)")
JSONLD_DATE_FALLBACK = re.compile(
    r'"(datePublished|dateCreated|dateModified|uploadDate)"\s*:\s*"([^"]{6,40})"')
PARSELY_PUB = re.compile(r'"pub_date"\s*:\s*"([^"]{6,40})"')
COUNTRY_DAYFIRST = {  # TLDs whose numeric dates are month-first; every other country TLD is day-first
    "us": False, "ph": False, "fm": False, "pw": False,
}
GENERIC_TLDS = frozenset({"com", "org", "net", "info", "biz", "io", "co", "news", "blog", "tv", "me", "app"})


# --------------------------------------------------------------------------- candidates
def find_date_candidates(tree: lxml.html.HtmlElement | HtmlPage, url: str | None, *,
                         use_htmldate: bool = True) -> list[DateCandidate]:
    """Every date-like string on the page with where it was found, in a stable order. Reads only.

    ``tree`` is a parsed page or an ``HtmlPage`` shared with the other finders. ``use_htmldate`` adds
    htmldate's own guess as one more candidate (origin "htmldate")."""
    out: list[DateCandidate] = []
    try:
        html_page = HtmlPage.of(tree)
    except (AttributeError, ValueError):
        return out
    root = html_page.root
    lang = (root.get("lang") or root.get("xml:lang") or "").strip()
    if lang:
        out.append(DateCandidate(lang[:12], "page:lang"))
    page = _Layout.of(html_page)
    for extractor in (_jsonld_candidates, _meta_candidates, _itemprop_candidates, _time_candidates,
                      _hinted_text_candidates, _title_text_candidates):
        try:
            out.extend(extractor(page))
        except (ValueError, TypeError, AttributeError, RecursionError):
            continue  # a malformed corner of one page must not cost the other signals
    out.extend(url_date_candidates(url))
    seen: set[tuple[str, str]] = set()
    unique = []
    for c in out:
        if (c.raw, c.origin) not in seen:
            seen.add((c.raw, c.origin))
            unique.append(c)
    htmldate_guess = _htmldate_candidate(root, url) if use_htmldate else None
    if htmldate_guess:
        unique.append(htmldate_guess)
    return unique


def _jsonld_candidates(page: _Layout) -> Iterator[DateCandidate]:
    for block in page.html.jsonld:
        if block.parsed:
            yield from _walk_jsonld(block.data, aside=False, depth=0)
        else:
            # JSON that no parser takes still names its dates in the usual keys
            for key, value in JSONLD_DATE_FALLBACK.findall(block.text):
                yield DateCandidate(value, f"jsonld:{key}")


def _walk_jsonld(node: object, *, aside: bool, depth: int) -> Iterator[DateCandidate]:
    if depth > 12:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk_jsonld(item, aside=aside, depth=depth + 1)
        return
    if not isinstance(node, dict):
        return
    types = node.get("@type")
    type_set = set(types) if isinstance(types, list) else {types}
    here_aside = aside or bool(type_set & JSONLD_ASIDE_TYPES)
    suffix = ":aside" if here_aside else ""
    for key in (*JSONLD_PUBLISHED_KEYS, *JSONLD_MODIFIED_KEYS):
        value = node.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            yield DateCandidate(str(value), f"jsonld:{key}{suffix}")
    for key, value in node.items():
        if isinstance(value, (dict, list)):
            # a comment's or review's nested objects are asides too
            nested_aside = here_aside or key in JSONLD_ASIDE_KEYS
            yield from _walk_jsonld(value, aside=nested_aside, depth=depth + 1)


def _meta_candidates(page: _Layout) -> Iterator[DateCandidate]:
    for meta in page.html.meta_tags:
        content = meta.content
        for key in (meta.property, meta.name, meta.itemprop, meta.http_equiv):
            if not key:
                continue
            if key in PUBLISHED_META:
                yield DateCandidate(content, f"meta:{key}")
            elif key in GENERIC_DATE_META:
                yield DateCandidate(content, f"meta-generic:{key}")
            elif key in MODIFIED_META:
                yield DateCandidate(content, f"meta-modified:{key}")
            elif key == "parsely-page":
                found = PARSELY_PUB.search(content)
                if found:
                    yield DateCandidate(found.group(1), "meta:parsely-page")
            break


@dataclass(slots=True)
class _Layout:
    """Where the headline is and which blocks are comments or asides, found once per page."""

    html: HtmlPage
    root: lxml.html.HtmlElement
    heading: lxml.html.HtmlElement | None
    heading_path: frozenset[lxml.html.HtmlElement]  # the headline and its ancestors
    hints: dict[lxml.html.HtmlElement, tuple[bool, bool, bool]]  # node -> (comment, aside, footer)

    @classmethod
    def of(cls, html: HtmlPage) -> _Layout:
        heading = next(iter(html.root.iter("h1")), None)
        path = frozenset([heading, *heading.iterancestors()]) if heading is not None else frozenset()
        return cls(html, html.root, heading, path, {})

    def node_hints(self, node: lxml.html.HtmlElement) -> tuple[bool, bool, bool]:
        """(comment, aside, footer) for one node, computed once per page: many candidates share ancestors."""
        known = self.hints.get(node)
        if known is None:
            tag = node.tag if isinstance(node.tag, str) else ""
            hint = f"{node.get('class') or ''} {node.get('id') or ''}"
            has_hint = bool(hint.strip())
            known = (has_hint and COMMENT_HINT.search(hint) is not None,
                     tag in ASIDE_TAGS or (has_hint and ASIDE_HINT.search(hint) is not None),
                     tag == "footer" or "footer" in hint.lower())
            self.hints[node] = known
        return known


def _context(el: lxml.html.HtmlElement, page: _Layout) -> str:
    """'aside' when the element sits in a comment, sidebar, teaser list, page footer...; else 'main'."""
    node = el
    in_article = False
    layout_aside = False
    depth = 0
    while node is not None and depth < 40:
        comment, aside, footer = page.node_hints(node)
        if comment:
            return "aside"
        if node in page.heading_path:
            return "aside" if layout_aside else "main"  # the headline's own block
        if node.tag == "article":
            in_article = True
        if aside and not (footer and in_article):  # an article's own footer is part of it
            layout_aside = True
        node = node.getparent()
        depth += 1
    return "aside" if layout_aside else "main"


def _kind_hint(el: lxml.html.HtmlElement) -> str:
    hint = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("itemprop"), el.get("name"))))
    parent = el.getparent()
    if parent is not None:
        hint += " " + " ".join(filter(None, (parent.get("class"), parent.get("id"))))
    if MODIFIED_HINT.search(hint):
        return "modified"
    if PUBLISHED_HINT.search(hint) or el.get("pubdate") is not None:
        return "published"
    return ""


def _itemprop_candidates(page: _Layout) -> Iterator[DateCandidate]:
    for el in page.root.xpath("//*[@itemprop]"):
        if el.tag == "meta":
            continue
        kind = ITEMPROP_KEYS.get((el.get("itemprop") or "").strip().lower())
        if not kind:
            continue
        value = el.get("content") or el.get("datetime") or _short_text(el)
        if value:
            yield DateCandidate(value, f"itemprop:{kind}:{_context(el, page)}")


def _time_candidates(page: _Layout) -> Iterator[DateCandidate]:
    for count, el in enumerate(page.root.iter("time")):
        if count >= MAX_CANDIDATES_PER_KIND * 2:
            break
        kind = _kind_hint(el) or "plain"
        context = _context(el, page)
        value = (el.get("datetime") or "").strip()
        if value:
            yield DateCandidate(value, f"time:{kind}:{context}")
        text = _short_text(el)
        if text and text != value:
            yield DateCandidate(text, f"time-text:{kind}:{context}")


def _short_text(el: lxml.html.HtmlElement) -> str:
    try:
        text = WS.sub(" ", el.text_content()).strip()
    except ValueError:
        return ""
    return text if 0 < len(text) <= MAX_TEXT_CANDIDATE else ""


def _hinted_text_candidates(page: _Layout) -> Iterator[DateCandidate]:
    """Short texts of elements whose class or id says 'date', 'posted', 'byline'..."""
    emitted = 0
    for el in page.root.iter():
        if not isinstance(el.tag, str) or el.tag in SKIP_TEXT_TAGS or el.tag in HINT_SKIP_TAGS:
            continue
        hint = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not hint.strip() or not DATE_HINT.search(hint):
            continue
        text = _short_text(el)
        if not text or not any(ch.isdigit() for ch in text):
            continue
        for snippet in _snippets(text):
            yield DateCandidate(snippet, f"text:{_kind_hint(el) or 'hint'}:{_context(el, page)}")
            emitted += 1
        if emitted >= MAX_CANDIDATES_PER_KIND:
            return


def _snippets(text: str) -> list[str]:
    return [m.group(0).strip() for m in DATE_SNIPPET.finditer(text)][:3]


def _title_text_candidates(page: _Layout) -> Iterator[DateCandidate]:
    """Date-like snippets in the visible text just before and after the headline (the dateline)."""
    heading = page.heading
    if heading is None:
        return
    before: list[str] = []
    after: list[str] = []
    seen_heading = False
    after_len = 0
    for el in page.root.iter():
        if el is heading:
            seen_heading = True
            continue
        if not isinstance(el.tag, str) or el.tag in SKIP_TEXT_TAGS:
            continue
        parent = el.getparent()
        parent_skip = parent is not None and parent.tag in SKIP_TEXT_TAGS
        for piece, is_tail in ((el.text, False), (el.tail, True)):
            if not piece or not piece.strip() or (parent_skip and is_tail):
                continue
            # a sidebar or comment list after the headline is not the article's dateline
            holder = parent if is_tail and parent is not None else el
            if seen_heading and _context(holder, page) == "aside":
                continue
            if seen_heading and not _inside(el, heading):
                after.append(piece)
                after_len += len(piece)
            elif not seen_heading:
                before.append(piece)
        if after_len > TEXT_WINDOW_AFTER_TITLE:
            break
    head = WS.sub(" ", " ".join(before))[-TEXT_WINDOW_BEFORE_TITLE:]
    tail = WS.sub(" ", " ".join(after))[:TEXT_WINDOW_AFTER_TITLE]
    for snippet in _snippets(tail):
        yield DateCandidate(snippet, "text:after-title")
    for snippet in _snippets(head)[-2:]:
        yield DateCandidate(snippet, "text:before-title")


def _inside(el: lxml.html.HtmlElement, ancestor: lxml.html.HtmlElement) -> bool:
    node = el.getparent()
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def url_date_candidates(url: str | None) -> list[DateCandidate]:
    """The date written in a URL path (origin "url"; "url:month" when only year and month are there), for
    records that have a url but no page (a JSONL record without a date field)."""
    if not isinstance(url, str) or not url:
        return []
    try:
        return list(_url_candidates(url))
    except ValueError:  # urlsplit rejects some malformed urls (bad IPv6 brackets)
        return []


def _url_candidates(url: str) -> Iterator[DateCandidate]:
    path = urlsplit(url).path if "://" in url else url
    # archive copies carry the capture time in their own path: read the archived url's path only
    if "web.archive.org" in url:
        inner = re.sub(r"^/web/\d+[a-z_]*/", "", path)
        path = urlsplit(inner).path if "://" in inner else inner
    m = URL_DATE.search(path)
    if m:
        if m["y"]:
            yield DateCandidate(f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}", "url")
        else:
            yield DateCandidate(f"{m['y2']}-{m['m2']}-{m['d2']}", "url")
        return
    ym = URL_YEAR_MONTH.search(path)
    if ym and 1 <= int(ym["m"]) <= 12:
        yield DateCandidate(f"{ym['y']}-{int(ym['m']):02d}", "url:month")


def _htmldate_candidate(root: lxml.html.HtmlElement, url: str | None) -> DateCandidate | None:
    """htmldate's own guess, as one more signal, from the page's markup and url (no network: markup is
    never mistaken for a URL to fetch)."""
    try:
        from htmldate import find_date
    except ImportError:
        return None
    try:
        # serialized rather than the tree itself: given a tree, htmldate deep-copies it before pruning,
        # which costs about twice as much as handing it markup to parse and prune in place
        markup = lxml.html.tostring(root, encoding="unicode")
        if not markup.lstrip().startswith("<"):  # a str that looks like a URL would be fetched
            return None
        guess = find_date(markup, url=url, original_date=True, extensive_search=True)
    except Exception:  # noqa: BLE001 -- htmldate raises assorted errors on broken pages; it is only one signal
        return None
    return DateCandidate(guess, "htmldate") if guess else None


# --------------------------------------------------------------------------- choice
# Each signal family votes once for each calendar day it supports: its first day with the family's full
# weight, further days (a list of teasers, a live blog's entries) with a quarter of it. The day with the
# most weight wins; on a tie the earlier day (the original rather than the revision). The weights encode
# how often each kind of signal names the date a reader sees as the article's date: the visible dateline
# right under the headline and explicit "published" metadata first, the URL, htmldate's own guess, then
# generic and "modified" metadata, and asides (comments, teasers) last.
FAMILY_WEIGHTS: dict[str, float] = {
    "record": 100.0, "jsonld": 3.0, "meta": 3.0, "url": 3.0, "after-title": 3.0, "time-published": 2.5,
    "text-published": 2.5, "htmldate": 2.5, "itemprop": 2.0, "time": 2.0, "text": 2.0, "before-title": 1.5,
    "generic": 1.5, "upload": 1.0, "modified": 1.0, "aside": 0.2,
}
FURTHER_DAY_SHARE = 0.25
VISIBLE_FAMILIES = frozenset({"after-title", "before-title", "text", "text-published", "time",
                              "time-published"})
# which family's string represents the chosen day (the most structured one), and the date_source it gives
FAMILY_RANK = ("record", "jsonld", "meta", "itemprop", "time-published", "time", "generic", "url",
               "text-published", "after-title", "text", "before-title", "htmldate", "modified", "upload",
               "aside")
FAMILY_SOURCE = {"url": "url", "after-title": "text", "before-title": "text", "text": "text",
                 "text-published": "text"}
PRECISION_RANK = {"day": 0, "minute": 1, "second": 2}
# publisher time zone by country domain, for timestamps that are written in UTC ("Z") although the page
# shows local days; generic domains fall back to the page language
ZONE_BY_TLD = {
    "de": "Europe/Berlin", "at": "Europe/Vienna", "ch": "Europe/Zurich", "li": "Europe/Vaduz",
    "fr": "Europe/Paris", "it": "Europe/Rome", "es": "Europe/Madrid", "nl": "Europe/Amsterdam",
    "be": "Europe/Brussels", "lu": "Europe/Luxembourg", "dk": "Europe/Copenhagen", "se": "Europe/Stockholm",
    "no": "Europe/Oslo", "fi": "Europe/Helsinki", "pl": "Europe/Warsaw", "cz": "Europe/Prague",
    "sk": "Europe/Bratislava", "hu": "Europe/Budapest", "si": "Europe/Ljubljana", "hr": "Europe/Zagreb",
    "pt": "Europe/Lisbon", "ie": "Europe/Dublin", "uk": "Europe/London", "gr": "Europe/Athens",
    "ro": "Europe/Bucharest", "bg": "Europe/Sofia", "tr": "Europe/Istanbul", "il": "Asia/Jerusalem",
    "in": "Asia/Kolkata", "jp": "Asia/Tokyo", "kr": "Asia/Seoul", "nz": "Pacific/Auckland",
}
ZONE_BY_LANGUAGE = {
    "de": "Europe/Berlin", "fr": "Europe/Paris", "it": "Europe/Rome", "nl": "Europe/Amsterdam",
    "pl": "Europe/Warsaw", "cs": "Europe/Prague", "hu": "Europe/Budapest", "da": "Europe/Copenhagen",
    "sv": "Europe/Stockholm", "nb": "Europe/Oslo", "fi": "Europe/Helsinki", "el": "Europe/Athens",
    "ja": "Asia/Tokyo", "ko": "Asia/Seoul", "he": "Asia/Jerusalem",
}
MAX_OFFSET = timedelta(hours=14)


@dataclass(slots=True)
class _Vote:
    parsed: ParsedDate
    origin: str
    family: str


def choose_publication_date(candidates: Sequence[DateCandidate], *, anchor: datetime | None,
                            language: str | None = None, url: str | None = None
                            ) -> tuple[ParsedDate, str] | None:
    """The original publication date and where it came from ("metadata", "url", "text", or "modified" when
    only a revision date was found), or None.

    ``anchor`` is the fetch time (else ingest time): relative dates are read against it and nothing after
    it (+1 day) or before 1990 is accepted. Never raises."""
    try:
        return _choose(candidates, anchor=anchor, language=language, url=url)
    except (ValueError, TypeError, OverflowError, AttributeError, KeyError):
        return None


def _choose(candidates: Sequence[DateCandidate], *, anchor: datetime | None, language: str | None,
            url: str | None) -> tuple[ParsedDate, str] | None:
    cands = [c for c in candidates if isinstance(c, DateCandidate) and isinstance(c.raw, str)]
    page_lang = next((c.raw for c in cands if c.origin == "page:lang"), None)
    lang = (language or page_lang or "").split("-")[0].split("_")[0].lower() or None
    dayfirst = _dayfirst_from_context(cands, lang, url)
    if anchor is not None and anchor.tzinfo is None:
        anchor = anchor.replace(tzinfo=UTC)
    latest = (anchor or datetime.now(UTC)) + FUTURE_SLACK
    votes: list[_Vote] = []
    for c in cands:
        family = _family(c.origin)
        if family is None:
            continue
        parsed = parse_date(c.raw, anchor=anchor, language=lang, dayfirst=dayfirst)
        if parsed is None or not EARLIEST_PUBLICATION <= parsed.instant <= latest:
            continue
        votes.append(_Vote(parsed, c.origin, family))
    if not votes:
        return None
    record = [v for v in votes if v.family == "record"]
    if record:  # a record's own date field is the publisher's statement: nothing on a page overrides it
        return record[0].parsed, "metadata"
    zone = _site_zone(votes, lang, url)
    if zone is not None:
        for v in votes:
            if v.parsed.offset_minutes == 0 and v.parsed.precision != "day" and v.family != "record":
                v.parsed = _with_zone(v.parsed, zone)
    if all(v.family == "aside" for v in votes):
        return None  # dates only in comments, teasers or sidebars belong to other texts
    scores: dict[date, float] = {}
    seen: dict[str, set[date]] = {}
    for v in votes:
        day = local_day(v.parsed)
        days = seen.setdefault(v.family, set())
        if day in days:
            continue
        weight = FAMILY_WEIGHTS[v.family] * (1.0 if not days or v.family == "aside" else FURTHER_DAY_SHARE)
        days.add(day)
        scores[day] = scores.get(day, 0.0) + weight
    # ties: the day a reader sees on the page (dateline, <time>), then the earlier day
    visible = {local_day(v.parsed) for v in votes if v.family in VISIBLE_FAMILIES}
    own = {local_day(v.parsed) for v in votes if v.family != "aside"}
    best_day = min(own, key=lambda d: (-round(scores[d], 6), d not in visible, d))
    supporters = [v for v in votes if local_day(v.parsed) == best_day]
    best = min(supporters, key=lambda v: (FAMILY_RANK.index(v.family) if v.family != "htmldate" else 99,
                                          -PRECISION_RANK[v.parsed.precision]))
    if all(v.family == "modified" for v in supporters):
        # only a revision date ("Last updated", dateModified) dates the article: say so
        return best.parsed, "modified"
    source = min((FAMILY_SOURCE.get(v.family, "metadata") for v in supporters),
                 key=lambda s: ("metadata", "url", "text").index(s))
    return best.parsed, source


def _family(origin: str) -> str | None:
    """The signal family of a candidate origin; None for non-date candidates."""
    if origin.startswith("page:"):
        return None
    if origin.endswith(":aside"):
        return "aside"
    head, _, rest = origin.partition(":")
    if head == "metadata":  # a JSONL record's own published field
        return "record"
    if head == "jsonld":
        if rest.startswith("dateModified"):
            return "modified"
        return "upload" if rest.startswith("uploadDate") else "jsonld"
    if head == "meta":
        return "meta"
    if head == "meta-generic":
        return "generic"
    if head == "meta-modified":
        return "modified"
    if head in ("itemprop", "time", "time-text", "text") and ":modified" in origin:
        return "modified"
    if head == "itemprop":
        return "itemprop"
    if head in ("time", "time-text"):
        return "time-published" if ":published" in origin else "time"
    if head == "text":
        if rest.startswith(("after-title", "before-title")):
            return rest
        return "text-published" if rest.startswith("published") else "text"
    if origin == "url":
        return "url"
    if origin == "htmldate":
        return "htmldate"
    return None


def _site_zone(votes: list[_Vote], lang: str | None, url: str | None) -> int | str | None:
    """The publisher's UTC offset (minutes) or zone, for re-expressing timestamps written in UTC.

    Evidence in order: explicit non-zero offsets elsewhere on the page; local wall-clock times that name
    the same moment as a UTC timestamp; the country of the domain; the page language."""
    offsets: dict[int, int] = {}
    for v in votes:
        off = v.parsed.offset_minutes
        if off and v.family != "aside":
            offsets[off] = offsets.get(off, 0) + 1
    if offsets:
        return max(offsets, key=lambda o: offsets[o])
    utc_instants = {v.parsed.instant for v in votes
                    if v.parsed.offset_minutes == 0 and v.parsed.precision != "day"}
    for v in votes:
        if v.parsed.offset_minutes is None and v.parsed.precision != "day":
            for instant in utc_instants:
                diff = v.parsed.instant - instant  # the naive wall time was stored as if UTC
                minutes = int(diff.total_seconds() // 60)
                if diff and abs(diff) <= MAX_OFFSET and minutes % 15 == 0 and diff.seconds % 60 == 0:
                    return minutes
    host = (urlsplit(url).hostname or "") if url else ""
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if tld in ZONE_BY_TLD:
        return ZONE_BY_TLD[tld]
    return ZONE_BY_LANGUAGE.get(lang or "")


def _with_zone(parsed: ParsedDate, zone: int | str) -> ParsedDate:
    if isinstance(zone, str):
        offset = parsed.instant.astimezone(ZoneInfo(zone)).utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    else:
        minutes = zone
    return ParsedDate(parsed.instant, minutes, parsed.precision, parsed.raw)


def _dayfirst_from_context(cands: Sequence[DateCandidate], lang: str | None, url: str | None) -> bool | None:
    """Day/month order for ambiguous numeric dates: unambiguous numeric dates on the same page first,
    then the country of the site, then the language."""
    votes = 0
    for c in cands:
        if c.origin.startswith(("text", "time-text")):
            for m in NUMERIC_PAIR.finditer(c.raw):
                a, b = int(m.group(1)), int(m.group(2))
                votes += (a > 12 >= b) - (b > 12 >= a)
    if votes:
        return votes > 0
    if url:
        host = urlsplit(url).hostname or ""
        tld = host.rsplit(".", 1)[-1] if "." in host else ""
        if tld and tld not in GENERIC_TLDS and len(tld) == 2:
            return COUNTRY_DAYFIRST.get(tld, True)
    return day_order_for(lang)


def local_day(parsed: ParsedDate) -> date:
    """The calendar day as the source wrote it (what a reader of the page sees)."""
    return (parsed.instant + timedelta(minutes=parsed.offset_minutes or 0)).date()
