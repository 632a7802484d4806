"""Which outlet an article belongs to: one canonical key per outlet, and the name it calls itself.

The key is the registered domain of the article's url ("bbc.co.uk" for news.bbc.co.uk and www.bbc.co.uk),
found with the Public Suffix List as bundled in the ``publicsuffixlist`` package (no download at run
time). Private suffixes of the list count: jane.blogspot.com and joe.github.io are outlets of their own. A
web-archive capture belongs to the outlet of the page it archived. Without a url with a host name, the
publisher name the input gives is the key; without either, "unknown".

The display name ("Aldwick Courier") is kept apart, as given by the feed or the page (og:site_name): the
same outlet spells it in many ways, so it is no key to count by.
"""
from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

UNKNOWN_SOURCE = "unknown"
# https://web.archive.org/web/20190101000000/http://example.com/story -> the archived url
ARCHIVED_URL = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(https?://.+)$", re.IGNORECASE)
WHITESPACE = re.compile(r"\s+")


@functools.cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()  # the list bundled with the package; nothing is fetched


@functools.lru_cache(maxsize=16_384)
def registered_domain(host: str) -> str | None:
    """"news.bbc.co.uk" -> "bbc.co.uk"; an IP address or a single label stays as it is; None for ""."""
    host = host.strip().strip(".").lower()
    if not host:
        return None
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    return _suffixes().privatesuffix(host) or host


def url_host(url: str | None) -> str | None:
    """The host of a url (of the archived page for a web-archive capture), or None."""
    if not url or not url.strip():
        return None
    url = url.strip()
    if embedded := ARCHIVED_URL.match(url):
        url = embedded.group(1)
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host or None


def source_key(url: str | None, given: str | None) -> str:
    """The outlet key: the url's registered domain, else the publisher name given, else "unknown"."""
    host = url_host(url)
    if host and (domain := registered_domain(host)):
        return domain
    name = display_name(given)
    return name or UNKNOWN_SOURCE


def display_name(given: str | None) -> str | None:
    """The outlet's name as the input gives it, whitespace tidied; None when there is none."""
    if not given or not isinstance(given, str):
        return None
    return WHITESPACE.sub(" ", given).strip() or None
