"""Small text helpers of the entity rules: capitals, headline lines, sentence starts, name keys."""
from __future__ import annotations

import bisect
import math
import re

from transforms.entities.words import ASCII_FOLD, LINE


def is_capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (word[0] in "'’" and len(word) > 1 and word[1].isupper()))


def caps_lines(body: str) -> list[tuple[int, int]]:
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


def in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    """``pos`` inside one of the sorted, disjoint ``ranges`` (binary search: bodies can be huge)."""
    i = bisect.bisect_right(ranges, (pos, math.inf)) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def sentence_initial(body: str, start: int) -> bool:
    """True when ``start`` opens a line or follows sentence-final punctuation."""
    i = start - 1
    while i >= 0 and body[i] in " \t\"“‘'(":
        i -= 1
    return i < 0 or body[i] == "\n" or (body[i] in ".!?:" and not body[max(0, i - 2):i + 1].isupper())


def name_key(text: str) -> str:
    return " ".join(text.translate(ASCII_FOLD).split())


def name_words(text: str) -> list[str]:
    return [w for w in name_key(text).split(" ") if w]


def surname_of(words: list[str]) -> str:
    """Last name word, skipping generational suffixes ('Ken Griffey Jr.')."""
    for w in reversed(words):
        if w.lower().rstrip(".") not in ("jr", "sr", "ii", "iii", "iv"):
            return w
    return words[-1]
