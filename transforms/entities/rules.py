"""Mentions a statistical tagger misses in structured text: results and fixtures lines, competitors,
initialled names, datelines, match reports and lists of people."""
from __future__ import annotations

import bisect
import re
from collections import Counter

from transforms.entities.cleaning import trim_span
from transforms.entities.gazetteers import is_country
from transforms.entities.labels import org_like
from transforms.entities.model import Candidate
from transforms.entities.text import is_capitalised, name_words
from transforms.entities.words import (
    CALENDAR_WORDS,
    COMPETITOR,
    DATELINE,
    FIXTURE_WORDS,
    FUNCTION_WORDS,
    INITIAL_NAME,
    LINE,
    LINEUP_ITEM,
    MATCH_VERB,
    NAME_PARTICLES,
    NUMBERISH,
    PAREN_TAG,
    TABLE_HINT,
    TABLE_NUMBER,
)


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
        if is_capitalised(tok.strip("(\"“")) and not NUMBERISH.match(tok) and tok[0] not in "(\"“":
            j = i
            while not tokens[j][2].endswith((",", ";", ":", ".")) or tokens[j][2].endswith("St."):
                nxt = tokens[j + 1][2] if j + 1 < n else ""
                if nxt and is_capitalised(nxt) and not NUMBERISH.match(nxt) and nxt[0] not in "(\"“":
                    j += 1
                elif nxt in connectors and j + 2 < n and is_capitalised(tokens[j + 2][2]):
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


def table_candidates(body: str) -> list[Candidate]:
    """Teams in results, standings and fixtures lines: 'Leeds 2 Hull 1', 'Hull 3 1 2 0 5 4 5', 'Leeds v Hull'.

    Only small whole numbers and scores count ('2', '4-38', '429-7'): financial tables ('Sales 1,234.5')
    have separators and decimals. Whether a team is a country (national side) or a club is decided later.
    """
    out: list[Candidate] = []
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
            s2, e2 = trim_span(body, s, e)
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
                out.append(Candidate(s2, e2, "ORG", "rule", team=True))
    return out


def competitor_candidates(body: str) -> list[Candidate]:
    """'Pete Sampras (U.S.)': two to four capitalised words followed by a country in brackets.

    Results lists write competitors this way. Clubs sometimes are too ("Red Star (Yugoslavia)"); a
    given-name condition would miss most non-English competitors, so names with organisational words
    are the only ones left out.
    """
    out = []
    for m in COMPETITOR.finditer(body):
        words = m.group("name").split()
        if is_country(m.group("country")) and not org_like(words) and not is_country(m.group("name")) \
                and words[0].lower() not in CALENDAR_WORDS:
            out.append(Candidate(*m.span("name"), "PERSON", "rule"))
            out.append(Candidate(*m.span("country"), "GPE", "rule"))
    return out


def initial_name_candidates(body: str) -> list[Candidate]:
    out = []
    for m in INITIAL_NAME.finditer(body):
        s, e = m.start(), m.end()
        initials = body[s:e].split()[0] if " " in body[s:e] else body[s:e]
        if initials.rstrip(".").replace(".", "") in ("U", "US", "UN", "UK", "EU", "SA", "NY", "DC"):
            continue
        out.append(Candidate(s, e, "PERSON", "rule"))
    return out


def dateline_candidates(body: str) -> list[Candidate]:
    out = []
    for m in DATELINE.finditer(body[:2000]):
        s, e = m.span("place")
        if len(m.group("place")) >= 3:
            out.append(Candidate(s, e, "GPE", "rule", pinned=True))
        if m.group("region"):
            out.append(Candidate(*m.span("region"), "GPE", "rule", pinned=True))
    return out


def match_candidates(body: str, cands: list[Candidate]) -> None:
    """Mark names on either side of 'beat', 'v', 'drew with', ... as teams (or players)."""
    by_end = {c.end: c for c in cands}
    by_start = {c.start: c for c in cands}
    for m in MATCH_VERB.finditer(body):
        left = by_end.get(m.start())
        right = by_start.get(m.end())
        if left is not None and right is not None:
            left.team = right.team = True


def list_candidates(body: str, cands: list[Candidate]) -> list[Candidate]:
    """Names the tagger skipped inside a list of people ('Ann Lee, Bo Park, Cy Moss, Di Ng'): a line with
    at least three people whose other capitalised runs of two to four words sit between list separators."""
    people_by_line: dict[int, int] = Counter()
    covered: list[tuple[int, int]] = sorted((c.start, c.end) for c in cands)
    line_starts = [m.start() for m in LINE.finditer(body)]
    for c in cands:
        if c.label == "PERSON":
            people_by_line[bisect.bisect_right(line_starts, c.start) - 1] += 1
    out: list[Candidate] = []
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
            s, e = trim_span(body, s, e, True)
            words = name_words(body[s:e])
            if not 2 <= len(words) <= 4 or org_like(words) or is_country(body[s:e]):
                continue
            i = bisect.bisect_left(covered, (s, e))
            if (i > 0 and covered[i - 1][1] > s) or (i < len(covered) and covered[i][0] < e):
                continue
            before = body[max(ls, s - 3):s].strip()
            after = body[e:e + 2].strip()
            next_word = body[e:e + 8].split()[:1]
            if (s == ls or before[-1:] in ",;(-:") and (e == le or after[:1] in ",;()-" or after == ""
                                                        or (next_word and NUMBERISH.match(next_word[0]))):
                out.append(Candidate(s, e, "PERSON", "rule"))
    return out
