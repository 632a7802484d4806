"""Mention cleaning: split a tagged span at separators and trim titles, determiners and scores off its edges."""
from __future__ import annotations

from transforms.entities.gazetteers import is_demonym, is_first_name
from transforms.entities.labels import looks_like_person
from transforms.entities.text import is_capitalised, sentence_initial
from transforms.entities.words import (
    CALENDAR_WORDS,
    COMMA_SPLIT,
    DETERMINERS,
    LEADING_JUNK,
    MAX_NAME_CHARS,
    NAME_PARTICLES,
    NUMBERISH,
    ORG_OF,
    ORG_SUFFIXES,
    PERSON_TITLES,
    POSSESSIVE,
    REPORTING_VERBS,
    SCORE_TOKEN,
    SEPARATOR,
    SHORT_TITLES,
    WORD,
)
from transforms.wordlists import names as name_lists


def trim_span(body: str, start: int, end: int, person: bool = False) -> tuple[int, int]:
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
        # "Sir Keir Starmer", "Prime Minister Keir Starmer", "Liverpool striker Jo Barnes": the name is the rest
        texts = [w.group() for w in words]
        cut = title_prefix(texts, person)
        if cut:
            start = words[cut].start()
            changed = True
            continue
        rest_is_person = len(words) > 1 and (person or looks_like_person(texts[1:]))
        # "American Dennis Mitchell"; "Says Ann Lee" opening a sentence
        title = fw in SHORT_TITLES or (rest_is_person and (
            (len(words) >= 3 and is_demonym(first.group()))
            or (fw in REPORTING_VERBS and not is_first_name(first.group()) and sentence_initial(body, start))))
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


MAX_TITLE_PREFIX = 4      # capitalised words before a title that name the employer: "Bank of England Governor"
TITLE_OPENERS = name_lists.TITLE_WORDS | name_lists.HONORIFICS    # a word any title or honorific holds
PREFIX_CONNECTORS = frozenset({"of", "and", "&", "for", "the", "de", "du", "des"})


def title_prefix(words: list[str], person: bool = False) -> int:
    """How many leading ``words`` are a title (with its modifiers) and what qualifies it, when a name follows.

    ``Prime Minister Keir Starmer`` -> 2; ``Former Liverpool striker John Barnes`` -> 3 (an employer, team,
    party or nationality may stand before the title, but then the name must have two words);
    ``Trader Bernadette Doyle`` -> 1; ``Dean Jones`` -> 0 (see ``is_title_word``). The rest must read as a
    person's name (or the span is tagged PERSON: ``person``).
    """
    lead, size = _title_split(words, person)
    return lead + size


def _title_split(words: list[str], person: bool) -> tuple[int, int]:
    """(words before the title, words of the title) of ``title_prefix``; (0, 0) when there is no title."""
    if not any(part in TITLE_OPENERS for w in words[:MAX_TITLE_PREFIX + 1]
               for part in w.lower().rstrip(".").split("-")):
        return 0, 0                                   # most spans hold no title word: skip the search
    for lead in range(min(MAX_TITLE_PREFIX, len(words) - 2) + 1):
        if lead and not (is_capitalised(words[lead - 1]) or (lead > 1 and words[lead - 1] in PREFIX_CONNECTORS)):
            break
        size = name_lists.leading_title_length(words[lead:])
        rest = words[lead + size:]
        if not size or not rest or len(rest) < (2 if lead else 1):
            continue
        if size == 1 and not is_title_word(words[lead], rest[0]):
            continue
        if person or looks_like_person(rest):
            return lead, size
    return 0, 0


def employer_mention(body: str, start: int, end: int) -> tuple[int, int, str] | None:
    """The employer, team, party or nationality a person span opens with: 'Ericsson spokesman Per Lund'
    -> ('Ericsson', ORG), 'British Prime Minister Ann Lee' -> ('British', NORP); None when there is none."""
    words = list(WORD.finditer(body, start, end))
    lead, _ = _title_split([w.group() for w in words], True)
    first = 0
    while first < lead and words[first].group().lower() in name_lists.TITLE_MODIFIERS:
        first += 1
    if first >= lead:
        return None
    s, e = words[first].start(), words[lead - 1].end()
    if lead - first == 1 and is_demonym(words[first].group()):
        return s, e, "NORP"
    return s, e, "ORG"


def is_title_word(word: str, following: str) -> bool:
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
    return sentence_initial(body, pos) or word.isupper()


def span_pieces(body: str, start: int, end: int, person: bool = False) -> list[tuple[int, int]]:
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
            s, e = trim_span(body, start + pos, start + a, person)
            if e > s:
                out.append((s, e))
        pos = max(pos, b)
    return out
