"""Date strings -> timezone-aware UTC instants with their precision and source offset.

Pure functions over plain values. The common metadata shapes (ISO 8601, RFC 2822 / asctime, epoch
seconds and milliseconds, numeric and month-name dates in many languages) are read by precompiled
regexes; dateparser is only the last resort, restricted to the known language, because it costs about a
millisecond per call and ten when it fails (it then tries every language). Absolute strings are cached;
strings whose meaning depends on the anchor ("3 hours ago", "yesterday", "15 March") never are.

Conventions: a string with no time gives day precision, ``instant`` at 00:00 UTC of that calendar day and
``offset_minutes`` None. A wall-clock time with no zone is kept as if it were UTC with ``offset_minutes``
None, so that the local calendar day is preserved (we do not know the zone, and guessing would move dates
across midnight). A zone offset or a resolvable zone abbreviation gives the real UTC instant and the
offset that the source used.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import import_module
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["ParsedDate", "clear_cache", "day_order_for", "parse_date"]


@dataclass(frozen=True, slots=True)
class ParsedDate:
    instant: datetime            # timezone-aware, UTC
    offset_minutes: int | None   # the source's UTC offset when the string gave one (or a resolved tz abbrev)
    precision: str               # "day" | "minute" | "second"
    raw: str                     # the string as given

    @property
    def local_date(self):
        """Calendar day as the source saw it (instant shifted by the source offset)."""
        return (self.instant + timedelta(minutes=self.offset_minutes or 0)).date()


# --------------------------------------------------------------------------- limits
MIN_YEAR = 1900          # the parser's own plausibility range; publication sanity (>= 1990) is the caller's
MAX_YEAR = 2100
MAX_INPUT_CHARS = 300    # longer strings are paragraphs, not dates: only their head is read
# ~350 bytes an entry: 16k entries bound the cache near 6 MB (65k made peak memory grow with the corpus)
CACHE_SIZE = 16_384

# --------------------------------------------------------------------------- gazetteers (from dateparser's
# CLDR-derived tables, so month and unit names are maintained upstream rather than typed in here)
_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "nb", "fi", "cs", "sk", "ro", "hu",
              "tr", "ca", "hr", "sl", "et", "lv", "lt", "ru", "uk", "el", "id", "ga", "cy", "lb", "is")
_CORE_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")  # unknown language: these are tried, in order
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNIT_KEYS = ("second", "minute", "hour", "day", "week", "month", "year")


def _load_language_tables() -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {}
    for lang in _LANGUAGES:
        try:
            tables[lang] = import_module(f"dateparser.data.date_translation_data.{lang}").info
        except ImportError:  # a leaner dateparser build: the language is simply not supported
            continue
    return tables


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("\u00a0", " ")


_TABLES = _load_language_tables()


def _month_names() -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Global name -> month (names that mean different months in different languages are left out of
    the global map, e.g. 'listopad') and per-language maps used when the language is known."""
    per_lang: dict[str, dict[str, int]] = {}
    seen: dict[str, set[int]] = {}
    for lang, info in _TABLES.items():
        names: dict[str, int] = {}
        for month, key in enumerate(_MONTH_KEYS, start=1):
            for name in info.get(key, []):
                name = _norm(name).rstrip(".")
                if len(name) >= 3 and not name.isdigit():
                    names[name] = month
                    seen.setdefault(name, set()).add(month)
        per_lang[lang] = names
    merged = {name: next(iter(months)) for name, months in seen.items() if len(months) == 1}
    return merged, per_lang


MONTHS, MONTHS_BY_LANGUAGE = _month_names()
WEEKDAYS: dict[str, int] = {}
for _info in _TABLES.values():
    for _wd, _key in enumerate(_WEEKDAY_KEYS):
        for _name in _info.get(_key, []):
            _name = _norm(_name).rstrip(".")
            if len(_name) >= 3:
                WEEKDAYS.setdefault(_name, _wd)
_DATE_ORDER = {lang: info.get("date_order", "DMY") for lang, info in _TABLES.items()}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# any word in month position; the word is then looked up (one big alternation of every month name in every
# language would be tried at each position and costs several times more)
_MON = r"(?P<mon>[^\W\d_]{3,})\.?"
# a month name must not run into further letters ("mai" in "mailand"); \w covers accented letters
_END = r"(?![^\W\d_])"

# --------------------------------------------------------------------------- patterns (on casefolded text)
ISO_DATETIME = re.compile(
    r"(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})"
    r"(?:[t ]+(?P<H>\d{2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?")
EPOCH = re.compile(r"(?P<n>\d{9,10}|\d{12,13})(?:\.\d+)?")
COMPACT_DATETIME = re.compile(
    r"(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?")
YMD = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])")
CJK_YMD = re.compile(r"(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]?")
NUMERIC = re.compile(
    r"(?<![\d.:/-])(?P<a>\d{1,2})\s?(?P<sep>[./-])\s?(?P<b>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4}|\d{2})(?![\d:])")
# The year groups take every digit written there ("1 January 10000"): a five-digit year is still an explicit
# year, and reading only part of it would leave a yearless "1 January" for the relative reading. The one
# exception is a time glued on by a scraper that joined two elements ("November 9, 20235:01 AM").
_YEAR = r"(?P<y>\d{4}(?=\d{1,2}[:h]\d{2})|\d{4,})"
DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|e|º|°|ª)?\.?\s*(?:de\s+|of\s+|-)?{_MON}{_END}"
    r"[\s,.-]*(?:de\s+|del\s+)?(?:" + _YEAR + r"|'(?P<yy>\d{2})(?!\d))")
MONTH_DAY_YEAR = re.compile(
    rf"(?<![^\W\d_]){_MON}{_END}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)\s*,?\s*" + _YEAR)
# asctime / RFC 850 style: "Sun Nov 23 16:00:00 EDT 2014"
ASCTIME = re.compile(
    rf"(?<![^\W\d_]){_MON}{_END}\s+(?P<d>\d{{1,2}})\s+(?P<H>\d{{1,2}}):(?P<M>\d{{2}})(?::(?P<S>\d{{2}}))?"
    r"\s+(?:(?P<tz>[a-z]{2,5}|[+-]\d{4})\s+)?(?P<y>\d{4})(?!\d)")
DAY_MONTH = re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|e|º)?\.?\s*(?:de\s+|of\s+)?{_MON}{_END}")
MONTH_DAY = re.compile(rf"(?<![^\W\d_]){_MON}{_END}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])")
TIME = re.compile(
    r"(?<![\d.:])(?P<H>\d{1,2})(?:(?P<sep>[:h])(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    # "14.05" is a time only where a clock word follows: Uhr/h, am/pm, or a zone (British "14.05 GMT")
    r"|\.(?P<M2>\d{2})(?=\s*(?:uhr|h\b|[ap]\.?\s?m\b|(?:gmt|bst|utc|cet|cest|ist|et|est|edt|pt|pst|pdt|ct|cst|cdt)\b))"
    r"|(?=\s*[ap]\.?\s?m\.?))"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\.?(?![^\W\d_]))?")
NUMERIC_OFFSET = re.compile(
    r"(?:\b(?:utc|gmt)\s*)?(?P<sign>[+-−])\s?(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?(?!\d)")
UTC_WORD = re.compile(r"(?<![^\W\d_])(?:utc|gmt|z)(?![^\W\d_])")
# zone abbreviations are matched on the original (not casefolded) string: 'est', 'ist' are words
TZ_ABBREV = re.compile(r"(?<![A-Za-z])(?P<tz>[A-Z]{2,5})(?![A-Za-z])")

_UNIT_ALT: dict[str, str] = {}
_AGO_ALT: list[str] = []
_UNIT_OF: dict[str, str] = {}
_RELATIVE_WORDS: dict[str, int] = {}     # "gestern" -> 1 (days ago)
for _info in _TABLES.values():
    for _unit in _UNIT_KEYS:
        for _w in _info.get(_unit, []):
            _w = _norm(_w)
            if len(_w) >= 2 or _unit in ("day", "hour", "minute", "second"):
                _UNIT_OF.setdefault(_w, _unit)
    _AGO_ALT += [_norm(w) for w in _info.get("ago", []) if len(w) >= 2 and w.lower() not in ("before", "in")]
    for _key, _words in _info.get("relative-type", {}).items():
        _m = re.fullmatch(r"([012]) day ago", _key)
        if _m:
            for _w in _words:
                _RELATIVE_WORDS.setdefault(_norm(_w), int(_m.group(1)))
_UNIT_WORDS = _alternation(list(_UNIT_OF))
_AGO_WORDS = _alternation(_AGO_ALT)
_COUNT = r"(?P<n>\d+|an?|one|ein(?:e[mnr]?)?|une?|uno?|una)"
RELATIVE_AGO = re.compile(
    rf"(?:(?<![^\W\d_])(?:{_AGO_WORDS})\s+{_COUNT}\s*(?P<u>{_UNIT_WORDS}){_END}"
    rf"|(?<![^\W\d_]){_COUNT.replace('<n>', '<n2>')}\s*(?P<u2>{_UNIT_WORDS}){_END}\s+(?:{_AGO_WORDS}){_END})")
RELATIVE_WORD = re.compile(rf"(?<![^\W\d_])(?:{_alternation(list(_RELATIVE_WORDS))}){_END}")
WEEKDAY_ONLY = re.compile(rf"(?<![^\W\d_])(?P<wd>{_alternation(list(WEEKDAYS))})\.?{_END}")
JUST_NOW = re.compile(
    r"(?<![^\W\d_])(?:just now|gerade eben|soeben|à l'instant|ahora mismo|adesso)(?![^\W\d_])")

# zone abbreviations -> IANA zone (daylight saving applied for the date) or fixed minutes east of UTC.
# Explicit standard/daylight forms (EST, EDT, CEST) are fixed; generic forms (ET, CT, PT) follow the zone.
ZONE_ABBREVIATIONS: dict[str, str | int] = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "IST": 330,
    "CET": 60, "CEST": 120, "MEZ": 60, "MESZ": 120, "EET": 120, "EEST": 180, "MSK": 180,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
    "AKST": -540, "AKDT": -480, "HST": -600, "AST": -240, "ADT": -180, "NST": -210, "NDT": -150,
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles",
    "JST": 540, "KST": 540, "HKT": 480, "SGT": 480, "AWST": 480, "ACST": 570, "ACDT": 630,
    "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780, "WIB": 420, "PKT": 300, "SAST": 120, "WAT": 60,
    "EAT": 180, "CAT": 120, "BRT": -180, "ART": -180,
}
# "IST" is Indian, Irish or Israel Standard Time depending on where the page is from
_IST_BY_LANGUAGE = {"he": "Asia/Jerusalem", "ga": "Europe/Dublin"}

PUBLISH_PREFIX = re.compile(
    r"^\s*(?:(?:first\s+)?published|updated|last\s+(?:modified|updated)|modified|posted(?:\s+on)?|created"
    r"|date|datum|stand|veröffentlicht|aktualisiert|erstellt|zuletzt\s+aktualisiert|publié|mis\s+à\s+jour"
    r"|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|opublikowano)"
    r"(?:\s+(?:on|at|am|um|le|el|il|op|the))?\s*[:\-–|]?\s*")
WHITESPACE = re.compile(r"\s+")
WORDS = re.compile(r"[^\W\d_]{3,}")
ZONE_AFTER_TIME = re.compile(r"\s*(?:uhr\s*)?[(\[]?(?P<tz>[a-z]{2,5})(?![^\W\d_])")

_NEEDS_ANCHOR = object()  # cache marker: the string is relative or lacks a year


# --------------------------------------------------------------------------- public API
def parse_date(raw: str | None, *, anchor: datetime | None = None, language: str | None = None,
               dayfirst: bool | None = None) -> ParsedDate | None:
    """Parse one date string. Never raises; None when no date can be read.

    ``anchor`` (timezone-aware, or naive UTC) resolves relative and year-less strings; without it they give
    None. ``language`` (ISO 639-1) narrows month names and the default day/month order; ``dayfirst``
    overrides that order for ambiguous numeric dates such as 03/04/2025."""
    if not isinstance(raw, str):
        return None
    try:
        lang = (language or "").split("-")[0].split("_")[0].lower() or None
        # long strings (paragraphs) are parsed without the cache: as keys they would pin their memory
        parse = _parse_absolute if len(raw) <= MAX_INPUT_CHARS else _parse_absolute.__wrapped__
        result = parse(raw, lang, dayfirst)
        if result is _NEEDS_ANCHOR:
            if anchor is None:
                return None
            if anchor.tzinfo is None:
                anchor = anchor.replace(tzinfo=UTC)
            return _parse_relative(raw, anchor.astimezone(UTC), lang)
        return result  # type: ignore[return-value]
    except (ValueError, OverflowError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return None


def day_order_for(language: str | None) -> bool | None:
    """Default dayfirst for a language (True for DMY, False for MDY, None when unknown or YMD)."""
    order = _DATE_ORDER.get((language or "").split("-")[0].lower())
    if order is None:
        return None
    return {"DMY": True, "MDY": False}.get(order)


def clear_cache() -> None:
    """Forget cached parses (benchmarks measure the uncached path with it)."""
    _parse_absolute.cache_clear()


# --------------------------------------------------------------------------- absolute (cached)
@lru_cache(maxsize=CACHE_SIZE)
def _parse_absolute(raw: str, lang: str | None, dayfirst: bool | None) -> ParsedDate | object | None:
    text = raw.strip()[:MAX_INPUT_CHARS]
    if not text:
        return None
    low = text.lower() if text.isascii() else _norm(text)
    if not low[0].isdigit():
        low = PUBLISH_PREFIX.sub("", low, count=1)
    if "  " in low or "\t" in low or "\n" in low or "\r" in low:
        low = WHITESPACE.sub(" ", low)
    low = low.strip()
    if not low:
        return None

    m = ISO_DATETIME.fullmatch(low)
    if m:
        return _from_iso(m, raw)
    m = EPOCH.fullmatch(low)
    if m:
        return _from_epoch(m.group("n"), raw)
    m = COMPACT_DATETIME.fullmatch(low)
    if m:
        return _build(raw, int(m["y"]), int(m["m"]), int(m["d"]), (int(m["H"]), int(m["M"]), m["S"]), None)
    m = ISO_DATETIME.match(low)  # ISO date followed by other words
    if m and m.end() < len(low) and not low[m.end()].isalnum():
        return _from_iso(m, raw)
    return _parse_text(raw, low, lang, dayfirst)


def _from_iso(m: re.Match[str], raw: str) -> ParsedDate | None:
    hms = (int(m["H"]), int(m["M"]), m["S"]) if m["H"] else None
    offset = None
    tz = m["tz"]
    if tz and hms:
        minutes = tz[-2:] if len(tz) > 3 else None
        offset = 0 if tz in ("z", "utc", "gmt") else _offset_minutes(tz[0], tz[1:3], minutes)
    return _build(raw, int(m["y"]), int(m["m"]), int(m["d"]), hms, offset)


def _from_epoch(digits: str, raw: str) -> ParsedDate | None:
    seconds = int(digits) / 1000 if len(digits) >= 12 else int(digits)
    instant = datetime.fromtimestamp(seconds, tz=UTC)
    if not MIN_YEAR <= instant.year <= MAX_YEAR:
        return None
    return ParsedDate(instant.replace(microsecond=0), None, "second", raw)  # an epoch names no zone


def _offset_minutes(sign: str, hours: str, minutes: str | None) -> int | None:
    value = int(hours) * 60 + int(minutes or 0)
    if value > 14 * 60:
        return None
    return -value if sign in "-−" else value


def _build(raw: str, year: int, month: int, day: int, hms: tuple[int, int, str | None] | None,
           offset: int | str | None) -> ParsedDate | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if hms is None:
        return ParsedDate(datetime(year, month, day, tzinfo=UTC), None, "day", raw)
    hour, minute, second = hms
    if hour == 24 and minute == 0:
        hour = 0
    precision = "second" if second is not None else "minute"
    if offset is None:
        return ParsedDate(datetime(year, month, day, hour, minute, int(second or 0), tzinfo=UTC), None,
                          precision, raw)
    wall = datetime(year, month, day, hour, minute, int(second or 0))
    if isinstance(offset, str):  # an IANA zone: the offset in force at that wall time
        offset = int(wall.replace(tzinfo=ZoneInfo(offset)).utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    instant = wall.replace(tzinfo=UTC) - timedelta(minutes=offset or 0)
    return ParsedDate(instant, offset, precision, raw)


def _two_digit_year(value: str) -> int:
    year = int(value)
    if len(value) == 4:
        return year
    return 2000 + year if year < 70 else 1900 + year


def _month_lookup(name: str, lang: str | None) -> int | None:
    name = name.rstrip(".")
    if lang and lang in MONTHS_BY_LANGUAGE and name in MONTHS_BY_LANGUAGE[lang]:
        return MONTHS_BY_LANGUAGE[lang][name]
    return MONTHS.get(name)


def _numeric_order(a: int, b: int, sep: str, lang: str | None, dayfirst: bool | None) -> tuple[int, int]:
    """(day, month) for an all-numeric a<sep>b<sep>year date."""
    if a > 12 >= b:
        return a, b
    if b > 12 >= a:
        return b, a
    if sep == ".":  # dotted numeric dates are day-first wherever they are written
        return a, b
    if dayfirst is not None:
        return (a, b) if dayfirst else (b, a)
    order = day_order_for(lang)
    if order is not None:
        return (a, b) if order else (b, a)
    return (b, a) if sep == "/" else (a, b)  # unknown language: slash follows US habit, dash the rest


def _parse_text(raw: str, low: str, lang: str | None, dayfirst: bool | None) -> ParsedDate | object | None:
    found: list[tuple[int, int, int, int, int, re.Match[str]]] = []  # (start, end, y, m, d, match)
    # month-name patterns cost the most: run them only when some word of the string is a month name
    has_word = any(_month_lookup(w, lang) for w in WORDS.findall(low))
    m, month = _month_match(ASCTIME, low, lang) if has_word and ":" in low else (None, 0)
    if m and month:
        hms = (int(m["H"]), int(m["M"]), m["S"])
        tz_text = m["tz"]
        offset: int | str | None = None
        if tz_text:
            offset = _zone_from_token(tz_text.upper() if tz_text[0].isalpha() else tz_text, lang)
        return _build(raw, int(m["y"]), month, int(m["d"]), hms, offset)
    for pattern in (YMD, CJK_YMD):
        m = pattern.search(low)
        if m:
            found.append((m.start(), m.end(), int(m["y"]), int(m["m"]), int(m["d"]), m))
    m = NUMERIC.search(low)
    if m:
        day, month = _numeric_order(int(m["a"]), int(m["b"]), m["sep"], lang, dayfirst)
        if len(m["y"]) == 4 or m["sep"] != "-":
            found.append((m.start(), m.end(), _two_digit_year(m["y"]), month, day, m))
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR) if has_word else ():
        m, month = _month_match(pattern, low, lang)
        if m and month:
            year = int(m["y"]) if m["y"] else _two_digit_year(m.groupdict().get("yy") or "0")
            found.append((m.start(), m.end(), year, month, int(m["d"]), m))
    valid = [f for f in sorted(found) if _valid_day(f[2], f[3], f[4])]
    if not valid:
        # A full date was written but is impossible (a year outside MIN_YEAR..MAX_YEAR, "31.02."): the
        # string is not yearless, so its day and month must not be re-read against the anchor's year.
        if not found and _looks_relative(low, lang):
            return _NEEDS_ANCHOR
        return _dateparser_absolute(raw, low, lang, dayfirst)
    start, end, year, month, day, _ = valid[0]
    rest = low[:start] + " " * (end - start) + low[end:]
    hms, zone = _time_and_zone(raw, rest, end, lang)
    return _build(raw, year, month, day, hms, zone)


def _month_match(pattern: re.Pattern[str], low: str, lang: str | None) -> tuple[re.Match[str] | None, int]:
    """The first match of a month-name pattern whose month word is a month name."""
    for m in pattern.finditer(low):
        month = _month_lookup(m["mon"], lang)
        if month:
            return m, month
    return None, 0


def _valid_day(year: int, month: int, day: int) -> bool:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 and 1 <= day <= 31):
        return False
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


def _time_and_zone(raw: str, rest: str, date_end: int,
                   lang: str | None) -> tuple[tuple[int, int, str | None] | None, int | str | None]:
    """The time of day nearest after the date (or before it), and the zone written after that time."""
    times = [t for t in TIME.finditer(rest) if t["M"] or t["M2"] or t["ampm"]]
    if not times:
        return None, None
    after = [t for t in times if t.start() >= date_end]
    t = after[0] if after else times[-1]
    hour = int(t["H"])
    minute = int(t["M"] or t["M2"] or 0)
    if t["ampm"]:
        if not 1 <= hour <= 12:
            return None, None
        hour = hour % 12 + (12 if t["ampm"] == "p" else 0)
    if hour > 24 or minute > 59 or (t["S"] and int(t["S"]) > 60):
        return None, None
    seconds = t["S"]
    if seconds == "60":
        seconds = "59"
    tail = rest[t.end():t.end() + 24].lstrip()
    zone: int | str | None = None
    off = NUMERIC_OFFSET.match(tail)
    if off and (off.group(0)[:1] in "+-−" or off.group(0)[:3] in ("utc", "gmt")):
        zone = _offset_minutes(off["sign"], off["h"], off["m"])
    else:
        # abbreviations are checked against the original string: in lower case 'est' and 'ist' are words
        abbrev = ZONE_AFTER_TIME.match(tail)
        token = abbrev["tz"].upper() if abbrev else ""
        if token in ZONE_ABBREVIATIONS and token in raw:
            zone = _zone_from_token(token, lang)
        elif UTC_WORD.match(tail):
            zone = 0
    return (hour, minute, seconds), zone


def _zone_from_token(token: str, lang: str | None) -> int | str | None:
    if token[:1] in "+-":
        return _offset_minutes(token[0], token[1:3], token[3:5])
    key = token.upper()
    if key == "IST" and lang in _IST_BY_LANGUAGE:
        return _IST_BY_LANGUAGE[lang]
    if key == "MEZ" and lang not in (None, "de"):
        return None
    return ZONE_ABBREVIATIONS.get(key)


def _looks_relative(low: str, lang: str | None) -> bool:
    return bool(RELATIVE_AGO.search(low) or RELATIVE_WORD.search(low) or JUST_NOW.search(low)
                or _month_match(DAY_MONTH, low, lang)[0] is not None
                or _month_match(MONTH_DAY, low, lang)[0] is not None
                or WEEKDAY_ONLY.fullmatch(low.strip(" ,.")))


# --------------------------------------------------------------------------- anchored (never cached)
def _parse_relative(raw: str, anchor: datetime, lang: str | None) -> ParsedDate | None:
    low = WHITESPACE.sub(" ", PUBLISH_PREFIX.sub("", _norm(raw.strip()[:MAX_INPUT_CHARS]), count=1)).strip()
    m = RELATIVE_AGO.search(low)
    if m:
        count_text = m["n"] or m["n2"]
        unit = _UNIT_OF.get(m["u"] or m["u2"])
        count = int(count_text) if count_text.isdigit() else 1
        if unit is None:
            return None
        if unit in ("second", "minute", "hour"):
            delta = timedelta(**{unit + "s": count})
            return ParsedDate((anchor - delta).replace(microsecond=0), None,
                              "second" if unit == "second" else "minute", raw)
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * count
        return _day_of(anchor - timedelta(days=days), raw)
    if JUST_NOW.search(low):
        return ParsedDate(anchor.replace(microsecond=0), None, "minute", raw)
    m = RELATIVE_WORD.search(low)
    if m:
        day = _day_of(anchor - timedelta(days=_RELATIVE_WORDS[m.group(0)]), raw)
        rest = low[:m.start()] + " " * (m.end() - m.start()) + low[m.end():]
        hms, zone = _time_and_zone(raw, rest, m.end(), lang)
        if hms and day:
            return _build(raw, day.instant.year, day.instant.month, day.instant.day, hms, zone)
        return day
    for pattern in (DAY_MONTH, MONTH_DAY):
        m, month = _month_match(pattern, low, lang)
        if m is None:
            continue
        day_num = int(m["d"])
        # the latest such day that is not after the anchor (+1 day for zone slack)
        for year in (anchor.year + 1, anchor.year, anchor.year - 1):
            if _valid_day(year, month, day_num):
                candidate = datetime(year, month, day_num, tzinfo=UTC)
                if candidate <= anchor + timedelta(days=1):
                    rest = low[:m.start()] + " " * (m.end() - m.start()) + low[m.end():]
                    hms, zone = _time_and_zone(raw, rest, m.end(), lang)
                    return _build(raw, year, month, day_num, hms, zone)
        return None
    m = WEEKDAY_ONLY.search(low)
    if m:
        back = (anchor.weekday() - WEEKDAYS[m["wd"]]) % 7
        return _day_of(anchor - timedelta(days=back), raw)
    return None


def _day_of(moment: datetime, raw: str) -> ParsedDate | None:
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return None
    return ParsedDate(datetime(moment.year, moment.month, moment.day, tzinfo=UTC), None, "day", raw)


# --------------------------------------------------------------------------- dateparser fallback
_LETTERS = re.compile(r"[^\W\d_]{3,}")
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_FAR_BASE = datetime(1800, 1, 1)  # relative readings land near 1800 and are rejected by the year range


def _dateparser_absolute(raw: str, low: str, lang: str | None, dayfirst: bool | None) -> ParsedDate | None:
    # only strings that carry a year and some word (a month name our tables lack) are worth ~1-10 ms
    if len(low) > 80 or not _FOUR_DIGIT_YEAR.search(low) or not _LETTERS.search(low):
        return None
    import dateparser  # deferred: importing it costs ~0.3 s and most runs never get here

    languages = [lang] if lang in _TABLES else list(_CORE_LANGUAGES)
    settings: dict[str, Any] = {"REQUIRE_PARTS": ["day", "month", "year"], "RELATIVE_BASE": _FAR_BASE,
                                "PREFER_DATES_FROM": "past"}
    if dayfirst is not None:
        settings["DATE_ORDER"] = "DMY" if dayfirst else "MDY"
    try:
        value = dateparser.parse(low, languages=languages, settings=settings)
    except Exception:  # noqa: BLE001 -- dateparser raises assorted internal errors on odd input; a fallback must not
        return None
    if value is None or not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
    if value.tzinfo is not None and value.utcoffset() is not None:
        offset = int(value.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
        instant = value.astimezone(UTC)
        return ParsedDate(instant.replace(microsecond=0), offset if has_time else None,
                          "minute" if has_time else "day", raw)
    if not has_time:
        return ParsedDate(datetime(value.year, value.month, value.day, tzinfo=UTC), None, "day", raw)
    return ParsedDate(value.replace(microsecond=0, tzinfo=UTC), None, "minute", raw)
