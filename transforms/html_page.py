"""One parsed HTML page with its metadata read once: the JSON-LD blocks and the meta tags.

The date, byline and headline finders all read the same JSON-LD and ``<meta>`` elements. An ``HtmlPage``
reads them on first use and keeps them, so a page is walked for them once however many finders ask, and
bad input is tolerated the same way for all of them:

- a JSON-LD script may be wrapped in an HTML comment or a CDATA section ("<!-- {...} -->",
  "//<![CDATA[ {...} //]]>"), and may hold raw control characters (newlines, tabs) inside its strings;
  a script that still does not parse is kept as text (``JsonLdBlock.parsed`` False) for finders that
  fall back to searching it;
- meta tag keys (``property``, ``name``, ``itemprop``, ``http-equiv``) are compared stripped and in lower
  case; contents are stripped.

The page only reads the tree; finders that get a bare lxml tree wrap it themselves (``HtmlPage.of``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

import lxml.html

__all__ = ["HtmlPage", "JsonLdBlock", "MetaTag"]

# Comment and CDATA wrappers that some CMSs put around a JSON-LD script's text.
JSON_WRAPPER_START = re.compile(r"^\s*(?:<!--|(?://\s*)?<!\[CDATA\[)")
JSON_WRAPPER_END = re.compile(r"(?:-->|(?://\s*)?\]\]>)\s*$")
WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class MetaTag:
    """One ``<meta>`` element: its keys stripped and in lower case ("" when absent), its content stripped."""

    property: str
    name: str
    itemprop: str
    http_equiv: str
    content: str

    @property
    def keys(self) -> tuple[str, str, str]:
        return (self.property, self.name, self.itemprop)


@dataclass(frozen=True, slots=True)
class JsonLdBlock:
    """One JSON-LD script: its text without wrappers, and the parsed value when it parses."""

    text: str
    data: object
    parsed: bool


def _key(element: lxml.html.HtmlElement, attribute: str) -> str:
    return (element.get(attribute) or "").strip().lower()


def unwrap_json(text: str) -> str:
    """A script's JSON without the comment or CDATA wrappers around it."""
    previous = None
    while previous != text:
        previous = text
        text = JSON_WRAPPER_END.sub("", JSON_WRAPPER_START.sub("", text)).strip()
    return text


def parse_jsonld(text: str) -> JsonLdBlock:
    text = unwrap_json(text)
    try:
        # strict=False: raw newlines and tabs inside strings are common in hand-built JSON-LD
        return JsonLdBlock(text, json.loads(text, strict=False), True)
    except (ValueError, RecursionError):
        return JsonLdBlock(text, None, False)


class HtmlPage:
    """A parsed page and the metadata read from it, computed on first use."""

    __slots__ = ("_jsonld", "_meta_tags", "root", "tree")

    def __init__(self, tree: lxml.html.HtmlElement) -> None:
        self.tree = tree
        try:
            self.root = tree.getroottree().getroot()
        except (AttributeError, ValueError):
            self.root = tree
        self._meta_tags: tuple[MetaTag, ...] | None = None
        self._jsonld: tuple[JsonLdBlock, ...] | None = None

    @classmethod
    def of(cls, page: HtmlPage | lxml.html.HtmlElement) -> HtmlPage:
        """The page itself, or a new page over a bare tree."""
        return page if isinstance(page, HtmlPage) else cls(page)

    @property
    def meta_tags(self) -> tuple[MetaTag, ...]:
        """Every ``<meta>`` element with a content, in document order."""
        if self._meta_tags is None:
            tags = []
            for element in self.root.iter("meta"):
                content = (element.get("content") or "").strip()
                if content:
                    tags.append(MetaTag(_key(element, "property"), _key(element, "name"),
                                        _key(element, "itemprop"), _key(element, "http-equiv"), content))
            self._meta_tags = tuple(tags)
        return self._meta_tags

    @property
    def jsonld(self) -> tuple[JsonLdBlock, ...]:
        """Every non-empty ``application/ld+json`` script, in document order."""
        if self._jsonld is None:
            blocks = []
            for script in self.root.iter("script"):
                if "ld+json" not in (script.get("type") or "").lower():
                    continue
                text = (script.text or "").strip()
                if text:
                    blocks.append(parse_jsonld(text))
            self._jsonld = tuple(blocks)
        return self._jsonld

    def jsonld_values(self) -> list[object]:
        """The parsed value of every JSON-LD script that parses."""
        return [block.data for block in self.jsonld if block.parsed]

    def meta(self, *keys: str) -> str | None:
        """The content, whitespace collapsed, of the first meta tag whose property, name or itemprop is one
        of ``keys`` (lower case), trying the keys in the order given; None when there is none."""
        tags = self.meta_tags
        for key in keys:
            for tag in tags:
                if key in tag.keys:
                    return WHITESPACE.sub(" ", tag.content)
        return None
