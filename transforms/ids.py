"""Stable identifiers: the same article gets the same id on every run, on every machine."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# query parameters that identify a campaign or a session, not an article
TRACKING_PARAM = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|ocid|cmpid|ns_\w+|at_\w+|_ga|share|ref)$",
                            re.IGNORECASE)
WHITESPACE = re.compile(r"\s+")
ID_HEX_CHARS = 32


def _digest(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\x1f")
    return hasher.hexdigest()[:ID_HEX_CHARS]


def canonical_url(url: str | None) -> str | None:
    """The url with its scheme and host lower-cased, default port, fragment and tracking parameters dropped.

    Non-web identifiers ("bbc:business/001.txt", "urn:...") are kept as given, trimmed.
    """
    if not url or not url.strip():
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    try:
        port = parts.port
    except ValueError:  # a port that is not a number in range: not a url we can normalize
        return url
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not TRACKING_PARAM.match(k)])
    path = parts.path or "/"
    return urlunsplit(("https" if parts.scheme.lower() in ("http", "https") else parts.scheme, host, path, query, ""))


def normalized_text(text: str) -> str:
    """Text folded for hashing: NFKC, case-folded, whitespace collapsed."""
    # str.split() splits on exactly the characters that the regex class \s matches (checked over every code
    # point in tests/test_properties.py), so ids are unchanged; it is several times faster than re.sub on
    # article-length text, and every article body goes through it
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def content_hash(body: str) -> str:
    return normalized_content_hash(normalized_text(body))


def normalized_content_hash(normalized: str) -> str:
    """``content_hash`` of a body already passed through ``normalized_text``."""
    return _digest("body", normalized)


def article_id(url: str | None, title: str | None, body: str, *, normalized_body: str | None = None) -> str:
    """Hash of the canonical url; without a url, of the normalized title and body (``normalized_body``: the
    body already passed through ``normalized_text``, when the caller has it)."""
    canonical = canonical_url(url)
    if canonical:
        return _digest("url", canonical)
    return _digest("text", normalized_text(title or ""),
                   normalized_text(body) if normalized_body is None else normalized_body)


def row_id(*parts: object) -> str:
    """A stable id for a derived row (quote, reject) from the values that identify it."""
    return _digest(*(str(p) for p in parts))
