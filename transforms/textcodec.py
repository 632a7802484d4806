"""Bytes to text: the declared or most likely charset, and a clear failure when the bytes are not text."""
from __future__ import annotations

import codecs
import re

# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">, in the first 4 KB
HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# C0 controls other than tab, newline, carriage return and form feed: real text has almost none
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01
# a surrogate pair (two code points that together are one character), else a lone surrogate: UTF-8 and Arrow
# cannot encode the latter, and JSON's "\\ud800" escape or a UTF-7 page makes them
SURROGATE = re.compile("([\ud800-\udbff][\udc00-\udfff])|[\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"

# (mark, codec that reads the bytes after it, charset name reported)
_BOMS = ((codecs.BOM_UTF8, "utf-8", "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"))


class DecodeError(ValueError):
    """The bytes are not text in any charset we could find."""


def replace_lone_surrogates(text: str) -> tuple[str, int]:
    """``text`` made encodable: each lone surrogate becomes U+FFFD, a pair becomes the character it stands for.

    Returns the text and how many lone surrogates were replaced. Every string a decoder hands on goes through
    here, because one unencodable character fails the whole pipeline where Beam or Arrow encodes it.
    """
    if text.isascii():
        return text, 0
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return text, 0
    replaced = 0

    def repair(match: re.Match[str]) -> str:
        nonlocal replaced
        if match.group(1):
            return match.group(1).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        replaced += 1
        return REPLACEMENT_CHARACTER

    return SURROGATE.sub(repair, text), replaced


def _known(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().lower()).name
    except LookupError:
        return None


def declared_charset(data: bytes, http_content_type: str | None = None) -> str | None:
    """The charset named by an HTTP header or an HTML <meta> tag, if it is one Python knows."""
    if http_content_type:
        found = HTTP_CHARSET.search(http_content_type)
        if found and _known(found.group(1)):
            return _known(found.group(1))
    found = HTML_CHARSET.search(data[:4096])
    return _known(found.group(1).decode("ascii", "replace")) if found else None


def _looks_like_text(text: str) -> bool:
    # almost every record has no control character at all: one search answers, without building a list
    if not text or CONTROL_CHARS.search(text) is None:
        return True
    return len(CONTROL_CHARS.findall(text)) <= MAX_CONTROL_SHARE * len(text)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; returns (text, charset used).

    Order: a byte-order mark, strict UTF-8, the declared charset, then windows-1252 (the usual charset of
    mislabelled Western pages; latin-1 text decodes the same for printable characters). Text that still is
    mostly control characters is binary, not text: DecodeError.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"bytes after a {name} byte-order mark do not decode: {exc.reason}") from exc
            return _checked(text, name)
    attempts: list[str] = ["utf-8"]
    declared_name = _known(declared)
    if declared_name and declared_name not in attempts:
        attempts.append(declared_name)
    if "cp1252" not in attempts:
        attempts.append("cp1252")
    errors: list[str] = []
    for name in attempts:
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            errors.append(f"{name}: {exc.reason} at byte {exc.start}")
            continue
        if _looks_like_text(text):
            return text, name
        errors.append(f"{name}: decodes to control characters (binary data)")
    raise DecodeError("not text in any likely charset (" + "; ".join(errors) + ")")


def _checked(text: str, name: str) -> tuple[str, str]:
    if not _looks_like_text(text):
        raise DecodeError(f"{name}: decodes to control characters (binary data)")
    return text, name
