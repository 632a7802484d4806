"""The layout of a scraped plain-text article: which lines are the byline, the headline, the body.

Scrapers write the same few pieces in many orders: a byline first (often repeated: "Maria Lopez Maria
Lopez"), or under the headline ("By Jane Doe, Political Correspondent"); blank lines between the pieces or
none; "Published ..." / "Updated ..." lines; and page chrome at the end ("Comments 12", "Share this
article", "Related articles" with a list of headlines). No single line position tells them apart, so each
of the first lines is judged on its own evidence:

- a byline names people: a "By" prefix, the name written twice, a job title after it ("Political
  Correspondent"), or a first word that is a given name, with no sentence punctuation and no lowercase
  prose words;
- a headline is one short line, not a sentence run of a paragraph;
- the body starts at the first paragraph-like line (several sentences, or long), or at a dateline
  ("LONDON, March 3 (Reuters) -").

A line is a credit only when its names (and an outlet after them: "David Jackson, USA TODAY") make up
the whole line: "Laura Ashley chief stepping down" opens with a name but is a headline. A bare credit (no
"By", no repetition, no job title) above the headline needs a headline-like line under it, and a given
name first, or a headline in sentence case (or twice as long) under a line of capitalised names; a
name-like line over a paragraph is the headline ("Chelsea Sack Mutu").

Everything here is a pure function of the text: no files, no Beam.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.bylines import is_job_title, parse_byline, repeats_itself
from transforms.entities import is_first_name
from transforms.textkeys import alnum_key
from transforms.wordlists.names import NAME_PARTICLES

# A scraped comment counter, on its own line: "Comments482", "Kommentare 12", "Comments (3)"
COMMENT_COUNTER = re.compile(r"^\s*(?:comments?|kommentare|commentaires|comentarios|reactions)\s*[:(]?\s*"
                             r"(\d{1,9})\s*\)?\s*$", re.IGNORECASE)
# the same counter glued to the end of the last sentence by a scraper that lost the line break
GLUED_COMMENT_COUNTER = re.compile(r"(?<=[.!?\"”’)])\s*(?:comments?|kommentare|commentaires|comentarios)\s*[:(]?\s*"
                                   r"(\d{1,9})\s*\)?\s*$", re.IGNORECASE)
# Page furniture a scraper keeps after the article: labels and buttons, one per line
CHROME_LINE = re.compile(
    r"^\s*(?:comments?|kommentare|commentaires|comentarios|reactions|"
    r"(?:view|show|read|load|add|post|leave)\s+(?:all\s+)?(?:a\s+)?comments?|"
    r"share(?:\s+(?:this|the))?(?:\s+(?:article|story|page|post))?(?:\s+on\s+\w+)?|"
    r"(?:facebook|twitter|whatsapp|linkedin|email|e-mail|print|tweet|pin\s*it)(?:\s*[|/·•,]\s*\w+)*|"
    r"advertisement|anzeige|back\s+to\s+top|"
    r"(?:copyright|©)\s.{0,80}|all\s+rights\s+reserved\.?)\s*[:.]?\s*$",
    re.IGNORECASE,
)
# A heading above a list of other stories: everything from it on is chrome when only short lines follow
RELATED_HEADING = re.compile(
    r"^\s*(?:related(?:\s+(?:articles?|stories|content|links|coverage|topics|news))?|more\s+on\s+this\s+story|"
    r"(?:read|see)\s+(?:more|also)|you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?|most\s+(?:read|popular)|"
    r"more\s+(?:stories|from\s+\w+(?:\s+\w+)?)|top\s+stories|trending(?:\s+now)?|weitere\s+artikel|"
    r"mehr\s+zum\s+thema|à\s+lire\s+aussi)\s*:?\s*$",
    re.IGNORECASE,
)
MAX_RELATED_ITEM = 160   # a related-story line is a headline, not a paragraph
MAX_RELATED_ITEMS = 12
# "Published 3 March 2026", "Updated 10:42 GMT", "Last updated: ...": a date line in the head
DATE_LINE = re.compile(
    r"^\s*(?P<label>(?:first\s+)?published|posted|updated|last\s+(?:updated|modified)|modified|"
    r"veröffentlicht|aktualisiert|stand|publié|mis\s+à\s+jour)(?:\s+(?:on|at|am|le))?\s*:?\s+"
    r"(?P<date>\S.{2,70})$", re.IGNORECASE)
UPDATE_LABELS = ("updated", "last", "modified", "aktualisiert", "stand", "mis")
# "LONDON, March 3 (Reuters) -", "WASHINGTON (AP) —", "BERLIN/PARIS, 3. März -": the body's first words
DATELINE = re.compile(
    r"^\s*[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’/ -]{1,40}(?:,\s*[^\n()—–-]{1,40})?\s*(?:\([^()\n]{1,30}\))?\s*[-–—]+\s+\S")
MAX_BARE_NAME_WORDS = 4
# lowercase words inside names and lists of names: "Ursula von der Leyen", "Jane Doe and John Roe"
NAME_LIST_WORDS = NAME_PARTICLES | {"and", "und", "et", "&"}
HANDLE = re.compile(r"^@\w{2,30},?$")  # "Rick Jervis, @MrRJervis, USA TODAY"
MIN_HEADLINE_WORDS_UNDER_NAME = 6
BY_WORDS = frozenset({"by", "von", "par", "por", "door"})
MIN_DATELINE_PARAGRAPH = 60  # "UK - France deal agreed" is a headline; a dateline opens a paragraph
BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|door)\s*:?\s+\S", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?…:;]['\"”’)]?$")
# a full stop after a word, then a new sentence ("... harbour. The council"); not after an initial ("M. Wong")
SENTENCE_BREAK = re.compile(r"(?<=[a-zß-öø-ÿ0-9%]{2})[.!?]['\"”’)]?\s+[\"“‘'(]?[A-ZÀ-ÖØ-Þ0-9]")
INITIAL_END = re.compile(r"(?:^|\s)(?:[A-Z]|Jr|Sr)\.$")
# lowercase words that make a line prose or a headline, never a byline
PROSE_WORDS = frozenset({
    "the", "a", "an", "of", "to", "in", "on", "for", "with", "at", "as", "after", "over", "from", "is", "are",
    "was", "were", "will", "has", "have", "says", "said", "into", "against", "amid", "not", "new", "but", "or",
    "der", "die", "das", "und", "ist", "im", "le", "les", "est", "du", "des", "un", "une",
})
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# a sentence this long that ends in a full stop opens a paragraph, whatever its length in characters
MAX_SENTENCE_HEADLINE_WORDS = 20
MAX_HEADLINE_CHARS = 250
MAX_HEADLINE_WORDS = 45
MAX_TWO_SENTENCE_HEADLINE = 120  # "Game over. Will Sanders come down off the pique?" is a headline
MAX_BYLINE_CHARS = 120
HEAD_LINES = 5  # the byline, headline and date lines all sit among the first few non-blank lines


@dataclass(frozen=True, slots=True)
class TextLayout:
    """The pieces of a plain-text article; ``dates`` are (raw date string, candidate origin) pairs."""

    title: str | None
    byline: str | None
    body: str
    comment_count: int | None
    dates: tuple[tuple[str, str], ...] = ()


def read_layout(text: str) -> TextLayout:
    """Split a scraped plain-text article into headline, byline, body, comment counter and date lines."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    _trim_blank(lines)
    comment_count = strip_page_chrome(lines)
    title: str | None = None
    byline: str | None = None
    dates: list[tuple[str, str]] = []
    start = 0  # index of the first line not yet assigned to the head
    examined = 0
    while examined < HEAD_LINES:
        index = _next_line(lines, start)
        if index is None:
            break
        line = lines[index].strip()
        examined += 1
        if (date := DATE_LINE.match(line)) and not SENTENCE_BREAK.search(line):
            updated = date.group("label").split()[0].casefold() in UPDATE_LABELS
            dates.append((date.group("date").strip(), "text:modified" if updated else "text:published"))
        elif byline is None and _is_byline(line, _following(lines, index), title is not None):
            byline = line
        elif title is None and _is_headline(line):
            title = line
        else:
            break
        start = index + 1
    body = PARAGRAPH_BREAK.sub("\n\n", "\n".join(lines[start:]).strip())
    return TextLayout(title=title, byline=byline, body=body, comment_count=comment_count, dates=tuple(dates))


def strip_page_chrome(lines: list[str]) -> int | None:
    """Remove trailing page chrome from ``lines`` in place; the scraped comment count, if one was there."""
    count: int | None = None
    _trim_blank(lines)
    changed = True
    while changed and lines:
        changed = False
        last = lines[-1].strip()
        if counter := COMMENT_COUNTER.match(last):
            count = int(counter.group(1)) if count is None else count
            lines.pop()
            changed = True
        elif CHROME_LINE.match(last):
            lines.pop()
            changed = True
        elif (heading := _related_heading(lines)) is not None:
            del lines[heading:]
            changed = True
        _trim_blank(lines)
    if lines and (glued := GLUED_COMMENT_COUNTER.search(lines[-1])):
        count = int(glued.group(1)) if count is None else count
        lines[-1] = lines[-1][:glued.start()]
    return count


def _related_heading(lines: list[str]) -> int | None:
    """Where a trailing "Related articles" block starts: its heading, followed by headline-length lines only."""
    items = 0
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip()
        if not line:
            continue
        if RELATED_HEADING.match(line):
            return index if index > 0 else None
        items += 1
        if items > MAX_RELATED_ITEMS or len(line) > MAX_RELATED_ITEM or SENTENCE_BREAK.search(line):
            return None
    return None


def _trim_blank(lines: list[str]) -> None:
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()


def _next_line(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)


def _following(lines: list[str], index: int) -> str | None:
    nxt = _next_line(lines, index + 1)
    return lines[nxt].strip() if nxt is not None else None


def _is_paragraph(line: str) -> bool:
    """A line of running text: longer than any headline, several sentences, or opened by a dateline."""
    if len(line) > MAX_HEADLINE_CHARS or len(line.split()) > MAX_HEADLINE_WORDS:
        return True
    if len(line) > MAX_TWO_SENTENCE_HEADLINE and SENTENCE_BREAK.search(line):
        return True
    return len(line) > MIN_DATELINE_PARAGRAPH and bool(DATELINE.match(line))


def _is_headline(line: str) -> bool:
    return not _is_paragraph(line)


def _is_headline_below(line: str) -> bool:
    """Whether the line under a name-like line is a headline (so the name is a byline), not the first
    sentence of the body: a long sentence that ends in a full stop opens a paragraph."""
    long_sentence = len(line.split()) > MAX_SENTENCE_HEADLINE_WORDS and line.endswith((".", "!", "?", ".”", '."'))
    return _is_headline(line) and not long_sentence


def _is_byline(line: str, following: str | None, after_title: bool) -> bool:
    """Whether a head line credits the article's authors (see the module docstring for the evidence)."""
    if len(line) > MAX_BYLINE_CHARS or _is_paragraph(line):
        return False
    if SENTENCE_END.search(line) and not INITIAL_END.search(line):
        return False
    parsed = parse_byline(line)
    credits = parsed.authors + parsed.agencies
    if not credits:
        return False
    if BY_PREFIX.match(line):
        return True
    if repeats_itself(line) and _only_names(line, credits):
        return True
    if any(w.casefold() in PROSE_WORDS and w[:1].islower() for w in line.split()):
        return False
    if parsed.authors and _has_job_title(line):
        return True
    if not _only_names(line, credits):
        return False  # "Laura Ashley chief stepping down": a name at the start of a headline
    if any(len(name.split()) > MAX_BARE_NAME_WORDS for name in credits):
        return False
    # a bare credit: an agency alone ("AP", "Reuters"), or names that start with given names
    given = not parsed.authors or all(is_first_name(name.split()[0]) for name in parsed.authors)
    if after_title:  # right under the headline
        return given
    if following is None or not _is_headline_below(following):
        return False  # a name-like line over a paragraph is the headline ("Chelsea Sack Mutu")
    # above a headline: a given name, or a short line of names over a headline in sentence case or
    # of twice its length
    if given:
        return True
    short, longer = len(line.split()), len(following.split())
    return not _has_lowercase_words(line) and (
        _has_lowercase_words(following) or longer >= max(2 * short, MIN_HEADLINE_WORDS_UNDER_NAME))


def _only_names(line: str, names: tuple[str, ...]) -> bool:
    """Whether the line is a credit: it opens with the names, and what else it holds is no lowercase prose
    (an outlet after a comma, "David Jackson, USA TODAY", is part of a credit; "chief stepping down" is not)."""
    words = {alnum_key(w) for name in names for w in name.split()}
    first = alnum_key(line.split()[0]) if line.split() else ""
    if first not in words and first not in BY_WORDS:
        return False
    return all(alnum_key(w) in words or w.casefold() in NAME_LIST_WORDS or not alnum_key(w)
               or (w[:1].isupper() and not any(c.isdigit() for c in w)) or HANDLE.match(w) for w in line.split())


def _has_lowercase_words(line: str) -> bool:
    return any(w[:1].islower() and w.casefold() not in NAME_LIST_WORDS for w in line.split())


def _has_job_title(line: str) -> bool:
    """"Jane Doe, Political Correspondent", "Jane Doe - Staff Writer": a job title after the name."""
    parts = re.split(r"\s*[,|–—]\s*|\s+-\s+", line)
    return len(parts) > 1 and any(is_job_title(part) for part in parts[1:])
