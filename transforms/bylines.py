"""Byline normalization: turn a raw byline string into person names and credited agencies.

Pure functions over strings. The input comes from JSONL ``byline``/``author`` fields, the first line of
scraped text files and bylines found in HTML pages, so it may carry page furniture ("Share", "Updated
2 hours ago"), e-mail addresses, job titles, places, credit lines and names repeated by scrapers.

Design rule: when a fragment is not clearly a person, it is dropped (or, for an organisation, moved to
``agencies``). Fewer but correct names beat a long list with junk in it.

``parse_byline`` is idempotent on its own output: ``parse_byline(", ".join(b.authors + b.agencies))``
returns ``b`` again. Every rule below is written so that a cleaned name passes through unchanged.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from transforms.entities import is_first_name
from transforms.textkeys import accent_free_key
from transforms.wordlists.credits import (
    AGENCY_ALIASES,
    AUTHOR_ROLE,
    DESK_ABBREVIATIONS,
    DESK_HEADS,
    DETERMINERS,
    JUNK_WORDS,
    NAME_END_WORDS,
    NAME_MONTHS,
    ORG_SUFFIX,
    ORG_WORDS,
    PUBLICATION_NOUNS,
    ROLE_LABEL,
    ROLE_MODIFIERS,
    SPLIT_WORDS,
    TITLE_HEADS,
    TITLE_SUFFIX,
)
from transforms.wordlists.names import GLUED_PARTICLES, NAME_PARTICLES, RECASE_UNSAFE_PARTICLES

__all__ = ["Byline", "is_agency", "nice_case", "parse_byline"]


@dataclass(frozen=True, slots=True)
class Byline:
    authors: tuple[str, ...]
    agencies: tuple[str, ...]


EMPTY = Byline((), ())

# Bylines longer than this are bios, article text or whole page regions, not bylines.
MAX_RAW_CHARS = 600
CACHE_SIZE = 16_384
# A person name has at most this many tokens that are not particles ("van", "de", "al-").
MAX_NAME_TOKENS = 5

# Particles stay lowercase inside a name and do not count as name tokens.
PARTICLES = NAME_PARTICLES - RECASE_UNSAFE_PARTICLES
_AGENCY_BY_ALIAS: dict[str, str] = {
    alias: canonical for canonical, aliases in AGENCY_ALIASES.items() for alias in (*aliases, canonical.casefold())
}
# Lowercase particles glued to a name with a hyphen: al-Assad, el-Sisi.
GLUED_PARTICLE = re.compile("^(?:" + "|".join(re.escape(p) for p in GLUED_PARTICLES) + ")", re.IGNORECASE)

# ----------------------------------------------------------------------------- regexes
WHITESPACE = re.compile(r"[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]+")
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|de|at|ch|uk|fr|it|es|nl|io|info)"
                 r"(?:/\S*)?\b", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\[at\]|\(at\))\s*[\w-]+(?:\s*(?:\.|\[dot\]|\(dot\))\s*[\w-]+)+", re.I)
HANDLE = re.compile(r"(?<![\w@])@\w[\w.]{0,40}")
# markup left in a byline by a CMS: og:author = "By <a href=...>Jane Doe</a>, CNN"
TAG = re.compile(r"<[^<>]{0,500}>")
# a url slug written for a name: "sophie-foster", "jane.doe", "Jenny_Smith" (a lowercase "herr_rein" is a
# screen name, kept as written)
SLUG = re.compile(r"^(?:[a-z]{2,}(?:[-.][a-z]{2,}){1,3}|[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:_[A-ZÀ-ÖØ-Þ][^\W\d_]+){1,3})$")
# an account name: one token with digits ("cc7567", "freeman1984")
ACCOUNT = re.compile(r"^(?=[^ ]*\d)[^\W_][\w.-]{1,30}$")
# what a scraper glues after a repeated byline: the section or a label ("jennifer rubin jennifer rubin opinion")
MAX_GLUED_TAIL = 2
PARENS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
# Clause separators: credit lines use ";", pages use "|" and bullets between byline and date.
CLAUSE_SPLIT = re.compile(r"\s*(?:;|\||•|·|\u2022|\n|\s[-–—]\s|\s[-–—]$|^[-–—]\s|/{2,})\s*")
# Name separators inside a clause.
NAME_SPLIT = re.compile(
    r"\s*(,|&|\+|\s/\s|/(?=\s*[^\W\d_])|"
    # "Jane Doe mit Material von dpa", "Jane Doe with files from AP", "Jane Doe with AP".
    r"\b(?:mit|with)\s+(?:material|files|reporting|informationen|agenturmaterial)\s+(?:von|from|der|des|by)\b|"
    r"\bwith\b|\bmit\b|\band\b|\bund\b|\bsowie\b|\bplus\b|"
    r"(?<=\s)(?:et|y|e|en|og|och)(?=\s))\s*",
    re.IGNORECASE,
)
# Verbs that may stand before "by"/"von" in a leading marker ("Written by", "Veröffentlicht von").
_PREFIX_VERBS = (
    r"written|posted|published|reported|compiled|created|authored|story|words|text|report|"
    r"analysis|opinion|commentary|column|interview|a\s+guest\s+post|guest\s+post|"
    r"submitted|geschrieben|verfasst|veröffentlicht|eingestellt|gespeichert|erstellt|gepostet|publiziert|"
    r"(?:ein\s+)?(?:gast|blog\s*)?(?:beitrag|artikel)|ein\s+kommentar|kommentar|ein\s+interview|"
    r"publié|écrit|rédigé|publicado|escrito|pubblicato|scritto|gepubliceerd|geschreven|a\s+cura"
)
# Leading markers before names ("By", "Von", "Written by", "Posted by", "Autor:").
PREFIX = re.compile(
    rf"^(?:(?:{_PREFIX_VERBS})\s*)?(?:by|von|vom|par|por|di|da|door|av|af|from)\b\s*:?\s*"
    r"|^(?:authors?|autor(?:in|en|innen)?|auteur(?:e|s)?|autore|autori|verfasser(?:in)?|text|texte|texto|"
    r"bylines?|written|reporter|journalist|posted|words|credits?|source|quelle)\s*:\s*"
    r"|^(?:with|mit|plus|über|about)\s+",
    re.IGNORECASE,
)
# "vonChris Jung", "Veröffentlicht vonChris Jung": text of adjacent elements glued by a scraper.
GLUED_PREFIX = re.compile(rf"^(?i:(?:{_PREFIX_VERBS})\s*)?(?:[Bb]y|[Vv]on|[Pp]ar)(?=[A-ZÀ-ÖØ-Þ])")
# A marker inside a fragment: "Posted on September 21, 2020 by Jane Doe".
MID_MARKER = re.compile(r"\s(?P<word>by|von|vom|par|por|door)\s*:?\s+(?=[^\W\d_])", re.IGNORECASE)
# Stands in for a removed URL or e-mail address: the site's own credit ("hessenschau.de, Frankfurt").
URL_MARK = "\ue000"
# A conjunction left at the start of a fragment ("and By Jane Doe", "y Juan Pérez").
LEADING_CONJUNCTION = re.compile(r"^(?:and|und|et|y|e|en|og|och|sowie|plus)\s+", re.IGNORECASE)
# Credit of agency material: "mit Material von dpa", "with wire services", "Quelle: AFP".
MATERIAL = re.compile(r"^(?:(?:mit\s+)?material\s+(?:von|der|des)|with\s+(?:files?\s+from|reporting\s+from))\s+",
                      re.IGNORECASE)
# Date and time fragments that trail a byline ("12.03.2024", "10:42 am", "Mar 12, 2020").
DATEISH = re.compile(r"\d{1,4}[./:-]\d{1,2}|\b\d{1,2}\.\s|\b(?:19|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)\b",
                     re.IGNORECASE)
# Tokens allowed in a name: letters with inner apostrophes, hyphens and dots ("O'Neil", "J.R.").
NAME_TOKEN = re.compile(r"^(?:[^\W\d_]\.?)+(?:['’`\-.][^\W\d_]+\.?)*$")
# A screen name: letters with digits or underscores ("freeman1984", "jane_doe").
HANDLE_TOKEN = re.compile(r"^[^\W_][\w.-]{1,30}$")
# Screen names of site software, not of people: "wordpressadmin", "admin2", "webredaktion".
HANDLE_JUNK = re.compile(r"admin|webmaster|redaktion|editor|moderator|support|noreply|no-reply|info@",
                         re.IGNORECASE)
INITIAL = re.compile(r"^(?:[^\W\d_]\.)+$")
ROMAN = re.compile(r"^(?:II|III|IV|VI|VII|VIII)$")
EDGE_PUNCT = re.compile(
    r"^[\s,.;:|/\\\-–—•·*'\"“”„«»‹›()\[\]{}<>!?#=+_~^]+|[\s,;:|/\\\-–—•·*'\"“”„«»‹›()\[\]{}<>!?#=+_~^]+$"
)
ACRONYM = re.compile(r"^[A-Z]{2,5}$")


# ----------------------------------------------------------------------------- helpers
def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", html.unescape(text))
    return WHITESPACE.sub(" ", text).strip()


def _agency(fragment: str) -> str | None:
    key = fragment.casefold().strip(" .")
    canonical = _AGENCY_BY_ALIAS.get(key)
    if canonical is None:
        return None
    # Short acronyms double as first names ("Ani", "Sid", "Pap"): only ALL CAPS or lowercase count.
    word = fragment.strip(" .")
    if len(key) <= 4 and " " not in key and word[:1].isupper() and word[1:].islower() and word != canonical:
        return None
    return canonical


def is_agency(fragment: str) -> bool:
    """True when the fragment names a known news agency ("Reuters", "the Associated Press")."""
    return _agency(_clean(fragment)) is not None


def _desk(tokens: list[str]) -> bool:
    """A newsroom credit: "Staff", "Redaktion", "Online-Redaktion", "Times Staff", "Team Foo"."""
    low = [t.casefold() for t in tokens]
    if not low or len(low) > 5:
        return False
    return low[-1] in DESK_HEADS or low[0] in DESK_HEADS or any(
        w.endswith("redaktion") for w in low
    )


def _smart_token(token: str, first: bool) -> str:
    low = token.lower()
    if not first and low in PARTICLES:
        return low
    if INITIAL.match(token) or ROMAN.match(token):
        return token
    m = GLUED_PARTICLE.match(token)
    if m and len(token) > len(m.group(0)):
        rest = token[len(m.group(0)):]
        head = m.group(0).lower() if not first else m.group(0).capitalize()
        return head + _smart_token(rest, True)
    parts = re.split(r"([-'’])", low)
    out = []
    for part in parts:
        if part in ("-", "'", "’") or not part:
            out.append(part)
        elif part.startswith("mc") and len(part) > 2:
            out.append("Mc" + part[2:].capitalize())
        else:
            out.append(part[:1].upper() + part[1:])
    return "".join(out)


def nice_case(name: str) -> str:
    """Readable casing for names written in ALL CAPS (or all lowercase with several words).

    Mixed-case names are kept as written ("DeFino", "McAllister"), except ALL-CAPS surname tokens
    ("Jane DOE"), which are common on French and German sites.
    """
    tokens = name.split(" ")
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return name
    all_upper = all(not c.islower() for c in letters)
    all_lower = all(not c.isupper() for c in letters)
    if all_upper and len(letters) > 2:
        return " ".join(_smart_token(t, i == 0) for i, t in enumerate(tokens))
    if all_lower and len(tokens) > 1:
        return " ".join(_smart_token(t, i == 0) for i, t in enumerate(tokens))
    out = []
    for i, tok in enumerate(tokens):
        tl = [c for c in tok if c.isalpha()]
        if len(tl) > 2 and all(c.isupper() for c in tl) and not ROMAN.match(tok) and not INITIAL.match(tok):
            out.append(_smart_token(tok, i == 0))
        else:
            out.append(tok)
    return " ".join(out)


def _undouble(text: str) -> str:
    """"Maria Lopez Maria Lopez", "MARIA LOPEZ Maria Lopez", "Jane DoeJane Doe" -> one copy."""
    tokens = text.split(" ")
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        n = len(tokens)
        folded = [accent_free_key(t) for t in tokens]
        for size in range(1, n // 2 + 1):
            if n % size:
                continue
            first = tokens[:size]
            key = folded[:size]
            if any(key) and all(folded[i:i + size] == key for i in range(size, n, size)):
                # Prefer a copy that is not ALL CAPS.
                copies = [tokens[i:i + size] for i in range(0, n, size)]
                tokens = next((c for c in copies if not " ".join(c).isupper()), first)
                changed = True
                break
    tokens = _repeated_head(tokens)
    joined = " ".join(tokens)
    # Glued copies without a space between them.
    squashed = accent_free_key(joined)
    half = len(squashed) // 2
    if len(squashed) >= 4 and len(squashed) % 2 == 0 and squashed[:half] == squashed[half:]:
        count = 0
        for idx, ch in enumerate(joined):
            if accent_free_key(ch):
                count += len(accent_free_key(ch))
                if count == half:
                    left, right = joined[: idx + 1].strip(), joined[idx + 1:].strip()
                    return right if left.isupper() and not right.isupper() else left
    return joined


def _repeated_head(tokens: list[str]) -> list[str]:
    """"jennifer rubin jennifer rubin opinion" -> the name: a name written twice, then a glued section."""
    folded = [accent_free_key(t) for t in tokens]
    for size in range(2, (len(tokens) - 1) // 2 + 1):
        tail = len(tokens) - 2 * size
        if 0 < tail <= MAX_GLUED_TAIL and all(folded[:size]) and folded[:size] == folded[size:2 * size]:
            first, second = tokens[:size], tokens[size:2 * size]
            return second if " ".join(first).isupper() and not " ".join(second).isupper() else first
    return tokens


def is_account_name(name: str) -> bool:
    """"cc7567": a site account's name. A blog's "Posted by freeman1984" credits it; a CMS's author field
    that holds one names the account that uploaded the page, not the writer."""
    return bool(ACCOUNT.match(name))


def repeats_itself(text: str) -> bool:
    """Whether a byline line writes its name twice ("Maria Lopez Maria Lopez", "MARIA LOPEZ Maria Lopez")."""
    return len(_undouble(WHITESPACE.sub(" ", text).strip()).split(" ")) < len(text.split())


def is_job_title(text: str) -> bool:
    """Whether a fragment is a job title alone: "Political Correspondent", "Staff Writer", "Editor"."""
    tokens = [t for t in WHITESPACE.sub(" ", text).strip().split(" ") if t]
    return _is_title_only(tokens)


def _strip_prefixes(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = EDGE_PUNCT.sub("", text)
        text = PREFIX.sub("", text, count=1)
        text = GLUED_PREFIX.sub("", text, count=1)
        text = MATERIAL.sub("", text, count=1)
        text = LEADING_CONJUNCTION.sub("", text, count=1)
    return text


def _is_title_word(word: str) -> bool:
    """"editor", "Wirtschaftsredakteurin", "FOCUS-Online-Experte": a job title."""
    word = word.casefold().strip(".,:")
    last = word.rsplit("-", 1)[-1]
    return word in TITLE_HEADS or last in TITLE_HEADS or (len(word) > 8 and TITLE_SUFFIX.search(word) is not None)


def _is_initial(token: str) -> bool:
    """"A", "A.", "J.R.": an initial inside a name, never a word ("David A Fahrenthold")."""
    return bool(INITIAL.match(token)) or (len(token) == 1 and token.isupper())


def _cut_name(tokens: list[str]) -> list[str]:
    """Trim trailing job titles, places and anything after a lowercase connector word."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        low = tok.casefold()
        if i > 0 and tok[:1].islower() and low in NAME_END_WORDS:
            break
        if i > 0 and (DATEISH.search(tok) or tok.isdigit()):
            break
        if i > 1 and tok.islower() and low in NAME_MONTHS:
            break
        if i > 0 and low in JUNK_WORDS and low not in PARTICLES and not _is_initial(tok):
            # "Jane Doe Updated 2 hours ago" ends at the junk; "Miami Today" is no name at all.
            if i < 2:
                return []
            break
        # "Jane Doe leitet das Ressort ...": a lowercase word after a full name ends it.
        if i > 1 and tok[:1].islower() and low not in PARTICLES and not GLUED_PARTICLE.match(tok) \
                and not all(t[:1].islower() for t in tokens[:i]):
            break
        out.append(tok)
    # Job titles at the end: find the first title head after the name and drop it with its modifiers.
    for i, tok in enumerate(out):
        if i > 0 and _is_title_word(tok):
            j = i
            while j > 1 and out[j - 1].casefold() in ROLE_MODIFIERS:
                j -= 1
            return out[:j]
    return out


def _is_title_only(tokens: list[str]) -> bool:
    lows = [t.casefold().strip(".,") for t in tokens]
    return bool(lows) and all(_is_title_word(w) or w in ROLE_MODIFIERS for w in lows) and any(
        _is_title_word(w) for w in lows)


def _leading_title(tokens: list[str]) -> list[str]:
    """"Senior Correspondent Jane Doe" -> ["Jane", "Doe"] (a title before the name)."""
    last_head = -1
    for i, tok in enumerate(tokens):
        if _is_title_word(tok):
            last_head = i
        elif tok.casefold().strip(".,") not in ROLE_MODIFIERS:
            break
    return tokens[last_head + 1:] if last_head >= 0 else tokens


def _unnamed_role(tokens: list[str]) -> tuple[str, ...] | None:
    """A job title credited to a publication or agency instead of a person: what it credits, else None.

    "Gazette Reporter", "Evening Standard Staff Writer", "BBC News Correspondent": a desk credit that names
    no person and no news agency gives (). "AFP Correspondent", "Associated Press Writer": the wire
    service is credited, ("AFP",). "Jane Doe Reporter", "Staff Writer", "Newsroom Staff": None (a person
    with a title, a bare title and a desk are handled by the ordinary rules).
    """
    if len(tokens) < 2 or not _is_title_word(tokens[-1]):
        return None
    lows = [t.casefold().strip(".,:") for t in tokens]
    # Every split point where the tail is a title block ("Staff Writer", "Chief Political Correspondent")
    # is tried, longest owner first: "news" or "daily" may belong to the publication or to the title.
    k = len(tokens) - 1
    while k >= 1:
        owner = tokens[:k]
        agency = _agency(" ".join(owner))
        if agency:
            return (agency,)
        last = lows[k - 1]
        if last in PUBLICATION_NOUNS or (len(owner) == 1 and ACRONYM.match(owner[0])):
            return ()
        if not (_is_title_word(last) or last in ROLE_MODIFIERS):
            return None
        k -= 1
    return None


def _person(fragment: str) -> str | None:
    """The fragment as a cleaned person name, or None when it does not look like one."""
    name = _person_name(fragment)
    # Prose is no name, whatever survived the trimming ("Jane schreibt über alles und jeden").
    if name is None or _sentence_like(name):
        return None
    # A cleaned name must come out of the same cleaning unchanged (idempotence); rare leftovers of
    # page junk that would not ("Die DieDie") are dropped rather than half-cleaned.
    return name if name == fragment or _person_name(name) == name else None


def _person_name(fragment: str) -> str | None:
    previous = None
    while previous != fragment:
        # "Author: Senior Editor By Jane Doe": titles and markers may alternate at the start.
        previous = fragment
        fragment = " ".join(_leading_title([t for t in _strip_prefixes(_undouble(fragment)).split(" ") if t]))
    tokens = fragment.split(" ") if fragment else []
    if not tokens:
        return None
    tokens = _cut_name(tokens)
    # Trailing punctuation on tokens ("Doe," "Doe:") left by the split.
    tokens = [t.strip(",;:!?\"'“”„«»") if len(t) > 1 else t for t in tokens]
    tokens = [t for t in tokens if t]
    # A trailing particle is never part of a name ("Jane Doe von").
    while tokens and tokens[-1].casefold() in PARTICLES and len(tokens) > 1:
        tokens.pop()
    if not tokens:
        return None
    name = _undouble(" ".join(tokens))
    tokens = name.split(" ")
    lows = [t.casefold() for t in tokens]
    core = [t for t, low in zip(tokens, lows, strict=True) if low not in PARTICLES]
    if not core or len(core) > MAX_NAME_TOKENS:
        return None
    if any(low.strip(".") in JUNK_WORDS for tok, low in zip(tokens, lows, strict=True)
           if low not in PARTICLES and not _is_initial(tok)):
        return None
    # "der HSS", "the Board": a name does not start with an article; nor with a conjunction ("Y Aa").
    if (lows[0] in DETERMINERS and tokens[0][:1].islower()) or lows[0] in SPLIT_WORDS:
        return None
    if len(tokens) == 1 and SLUG.match(tokens[0]) and not _known_compound(tokens[0]) and _given_first(tokens[0]):
        # a url slug in a name field ("sophie-foster", "Jenny_Smith"): its words, in proper case; a screen
        # name that starts with no given name ("Herr_Rein", "ThE_PaiN") stays as written
        return _person_name(" ".join(re.split(r"[-_.]", tokens[0])))
    if len(tokens) == 1:
        tok = tokens[0]
        if HANDLE_JUNK.search(tok):
            return None
        if NAME_TOKEN.match(tok):
            # "mf", "GNB", "kj", "DITIB": initials or an acronym, not a readable name.
            if (len(tok) <= 3 and tok.islower()) or (len(tok) <= 5 and tok.isupper()):
                return None
            return None if len(tok) < 2 or INITIAL.match(tok) else nice_case(tok)
        if HANDLE_TOKEN.match(tok) and any(c.isalpha() for c in tok) and sum(c.isalpha() for c in tok) >= 2:
            if DATEISH.search(tok) or tok.replace(".", "").isdigit():
                return None
            return tok
        return None
    for i, tok in enumerate(tokens):
        if not NAME_TOKEN.match(tok):
            return None
        if tok[:1].islower() and lows[i] not in PARTICLES and not name.islower() and not GLUED_PARTICLE.match(tok):
            return None
    if all(INITIAL.match(t) or len(t.strip(".")) == 1 for t in core):
        return None
    return nice_case(name)


def _given_first(token: str) -> bool:
    return is_first_name(re.split(r"[-_.]", token, maxsplit=1)[0].capitalize())


def _known_compound(token: str) -> bool:
    """"jean-pierre": a hyphenated given name, not a slug of two names."""
    return "-" in token and "." not in token and is_first_name(token.title())


def _split_roles(clause: str) -> list[tuple[str, str]]:
    """Split "Reporting by A; Editing by B" style text into (role, text) pairs; role "" = none."""
    pieces: list[tuple[str, str]] = []
    last_end = 0
    last_role = ""
    # A removed URL must not hide a label ("Reporting <url> by"): match on a copy of equal length.
    for m in ROLE_LABEL.finditer(clause.replace(URL_MARK, " ")):
        before = clause[last_end:m.start()]
        if before.strip():
            pieces.append((last_role, before))
        last_role = m.group("label")
        last_end = m.end()
    rest = clause[last_end:]
    if rest.strip():
        pieces.append((last_role, rest))
    return pieces


def _is_org(tokens: list[str]) -> bool:
    """An organisation credit: "Hildesheimer Presse", "Deutsches Weininstitut GmbH", "Times Staff"."""
    if not tokens or len(tokens) > 8:
        return False
    if _desk(tokens):
        return True
    # "Das Mitternachtskabinett", "The Editors": an article before a credit names a collective.
    if len(tokens) > 1 and tokens[0][:1].isupper() and tokens[0].casefold() in DETERMINERS:
        return True
    for tok in tokens:
        low = tok.casefold().strip(",;:")
        if low in ORG_WORDS or (len(low) > 6 and ORG_SUFFIX.search(low) is not None):
            return True
    return False


def _org_fragment(fragment: str) -> str | None:
    """An agency, desk or organisation credit, cleaned, or None."""
    credit = _org_credit(fragment)
    if credit is None or credit == fragment:
        return credit
    return credit if _org_credit(credit) == credit else None


def _org_credit(fragment: str) -> str | None:
    agency = _agency(fragment) or _agency(_undouble(fragment))  # "AP AP": the credit written twice
    if agency:
        return agency
    if fragment in DESK_ABBREVIATIONS:
        return fragment
    fragment = _undouble(fragment)
    tokens = fragment.split(" ")
    if not _is_org(tokens):
        return None
    # Page furniture and sentences are not credits: "Share on Facebook", "Read more news".
    if any(t.casefold() in JUNK_WORDS and t.casefold() not in ORG_WORDS and t.casefold() not in PARTICLES
           and t.casefold() not in ("der", "die", "das", "für", "of", "the", "and", "&", "für")
           for t in tokens):
        return None
    if not all(t[:1].isalnum() or t in ("&", "-") for t in tokens):
        return None
    return nice_case(fragment) if fragment.isupper() and len(fragment) > 5 else fragment


def _scan(text: str, authors: list[str], agencies: list[str]) -> None:
    """Fill authors/agencies from one clause of a byline."""
    for role, piece in _split_roles(text):
        if role and not AUTHOR_ROLE.match(role.strip()):
            continue
        # Agencies in parentheses: "Jane Doe (AP)"; other parenthesized text is dropped.
        for m in PARENS.finditer(piece):
            inner = _clean(m.group(1) or m.group(2) or "")
            for part in NAME_SPLIT.split(inner)[::2]:
                agency = _agency(EDGE_PUNCT.sub("", part or ""))
                if agency:
                    agencies.append(agency)
        piece = PARENS.sub(" ", piece)
        if _sentence_like(piece):
            # A bio or a sentence: at most the leading full name ("Jane Doe leitet das Ressort ...").
            lead = _person(_prepare(_prepare(NAME_SPLIT.split(piece)[0]).replace(URL_MARK, " ")))
            if lead and " " in lead and not _org_fragment(lead):
                authors.append(lead)
            agencies.extend(a for a in (_agency(_prepare(f)) for f in NAME_SPLIT.split(piece)[::2]) if a)
            continue
        parts = NAME_SPLIT.split(piece)
        fragments = parts[::2]
        separators = ["", *parts[1::2]]
        pending: list[str] = []
        after_org = False
        for raw_fragment, separator in zip(fragments, separators, strict=True):
            fragment = _prepare(raw_fragment)
            if fragment.startswith(URL_MARK):
                # "von tennisnet.com zuletzt bearbeitet": the site credited itself.
                after_org = True
            if URL_MARK in fragment:
                fragment = _prepare(fragment.replace(URL_MARK, " "))
            if not fragment or _is_title_only(fragment.split(" ")):
                continue
            credited = _unnamed_role(fragment.split(" "))
            if credited is not None:
                # "Gazette Reporter": an unnamed member of a newsroom, neither a person nor an agency.
                agencies.extend(credited)
                after_org = True
                continue
            org = _org_fragment(fragment)
            if org:
                agencies.append(org)
                after_org = True
                continue
            # "Rob Picheta, CNN": a short acronym after a name credits the outlet.
            if pending and ACRONYM.match(fragment):
                agencies.append(fragment)
                after_org = True
                continue
            person = _person(fragment)
            if person is None:
                continue
            org = _org_fragment(person)
            if org:
                # What is left of a fragment once page junk is cut off may name a desk ("Staff").
                agencies.append(org)
                after_org = True
                continue
            # "Jane Doe, BBC News, New York": what follows an outlet after a comma is its place.
            if after_org and (separator.strip() == "," or " " not in person):
                continue
            # "Jane Doe, Kyiv" / "Jane Doe, Political Editor": a lone word after a full name is a
            # place or desk far more often than a second one-word author.
            previous_name = pending[-1] if pending else (authors[-1] if authors else "")
            if " " not in person and " " in previous_name:
                continue
            pending.append(person)
        if agencies:
            # "dpa/lni", "ama/dpa": lowercase initials next to an agency are desk or editor codes.
            pending = [p for p in pending if not (p.islower() and " " not in p and len(p) <= 4)]
        authors.extend(pending)


def _prepare(raw_fragment: str | None) -> str:
    """A fragment without leading markers: "By", "Posted on May 3 by", "Pressemitteilung von"."""
    fragment = _strip_prefixes(_clean(raw_fragment or ""))
    previous = None
    while previous != fragment:
        previous, fragment = fragment, _strip_prefixes(_after_marker(fragment))
    return fragment


def _after_marker(fragment: str) -> str:
    """The names after a "by"/"von" inside a fragment, when what precedes it is not a name."""
    for m in MID_MARKER.finditer(fragment):
        before, after = fragment[:m.start()], fragment[m.end():]
        # "Disko Von Ernst Lohoff": a capitalized marker inside a fragment is never a particle.
        if m.group("word")[:1].isupper():
            return after
        # "Zeige alle Beiträge von jane", "Posted on May 3 by Jane Doe".
        lead = _person(before)
        if lead is None:
            return after
        # "Pressemitteilung von Katja Kipping": one word, then a full name ("Ursula von der Leyen" stays).
        words = after.split()
        if " " not in lead and len(words) >= 2 and all(w[:1].isupper() for w in words[:2]):
            return after
    return fragment


def _sentence_like(piece: str) -> bool:
    """Bios and page text: a stretch with several lowercase words that are neither particles nor
    connectors ("Jane Doe leitet das Ressort Politik und schreibt ..."). Judged per fragment between
    separators, so a list of lowercase screen names is not prose."""
    for fragment in NAME_SPLIT.split(piece)[::2]:
        words = [EDGE_PUNCT.sub("", w) for w in (fragment or "").split()]
        loose = [w for w in words if w[:1].islower() and w.casefold() not in PARTICLES
                 and w.casefold() not in NAME_END_WORDS and w.casefold() not in SPLIT_WORDS]
        if len(loose) >= 3:
            return True
    return False


def _dedupe(names: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = accent_free_key(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


def parse_byline(raw: str | None) -> Byline:
    """Split a raw byline into person names (in order, deduplicated) and credited agencies.

    Never raises: anything unexpected yields an empty result.
    """
    if not raw or not isinstance(raw, str):
        return EMPTY
    try:
        return _parse(raw)
    except Exception:  # noqa: BLE001 -- a normalizer must not take a record down; byline_raw is kept
        return EMPTY


# a feed credits the same few hundred bylines over and over; the result is immutable
@lru_cache(maxsize=CACHE_SIZE)
def _parse(raw: str) -> Byline:
    text = unicodedata.normalize("NFC", html.unescape(raw))
    if len(text) > MAX_RAW_CHARS:
        return EMPTY
    if "<" in text:
        text = TAG.sub(" ", text)
    text = EMAIL.sub(" ", text)
    text = URL.sub(f" {URL_MARK} ", text.replace(URL_MARK, " "))
    text = HANDLE.sub(" ", text)
    authors: list[str] = []
    agencies: list[str] = []
    for clause in CLAUSE_SPLIT.split(text):
        clause = _clean(clause)
        if clause:
            _scan(clause, authors, agencies)
    authors_t = _dedupe(authors)
    agency_keys = {accent_free_key(a) for a in authors_t}
    agencies_t = tuple(a for a in _dedupe(agencies) if accent_free_key(a) not in agency_keys)
    return Byline(authors_t, agencies_t)
