"""Known names found again (also in capitals) and mentions grouped into entities under one canonical name."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from transforms.entities.cleaning import is_title_word
from transforms.entities.gazetteers import fold_key, place_gazetteer
from transforms.entities.model import NUMERIC_LABELS, Candidate, Entity
from transforms.entities.text import in_ranges, is_capitalised, name_key, sentence_initial, surname_of
from transforms.entities.words import FAST_WORD, FUNCTION_WORDS, INITIAL_NAME, POSSESSIVE, WORD


def refind_known_names(body: str, cands: list[Candidate], caps: list[tuple[int, int]]) -> list[Candidate]:
    """Occurrences of already-known names the tagger missed, matched on word boundaries."""
    known: dict[str, str] = {}
    for c in cands:
        if c.label in NUMERIC_LABELS:
            continue
        k = body[c.start:c.end]
        if len(k) < 2 or not is_capitalised(k):
            continue
        known.setdefault(k, c.label)
        if c.label == "PERSON":
            words = k.split()
            if len(words) >= 2:
                known.setdefault(surname_of(words), "PERSON")
    for k in list(known):
        if len(k) < 3 and not k.isupper():
            del known[k]
    gaz_countries, gaz_cities = place_gazetteer()
    upper: dict[str, str] = {}                          # for lines in capitals; longer names win a clash
    for k, v in sorted(known.items(), key=lambda kv: len(kv[0])):
        upper[k.upper()] = v
    span = max((k.count(" ") + 1 for k in known), default=1)   # words in the longest name (upper bound)
    words = [m.span() for m in FAST_WORD.finditer(body)]
    out: list[Candidate] = []
    i, n = 0, len(words)
    while i < n:
        s = words[i][0]
        if not body[s].isupper():
            i += 1
            continue
        in_caps = bool(caps) and in_ranges(s, caps)
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
            if not (single and sentence_initial(body, s)):
                out.append(Candidate(s, e, label, "link"))
            i = j + 1
            continue
        if in_caps:
            out.extend(_caps_gazetteer(body, s, gaz_countries, gaz_cities))
        i += 1
    return out


def _caps_gazetteer(body: str, s: int, countries: frozenset[str], cities: frozenset[str]) -> list[Candidate]:
    """Countries and big cities written in capitals ('BELGIUM BEAT TURKEY'), up to three words."""
    words = list(WORD.finditer(body, s, min(len(body), s + 60)))[:3]
    for j in range(len(words), 0, -1):
        e = words[j - 1].end()
        text = body[s:e]
        if "\n" in text:
            continue
        f = fold_key(text.rstrip("."))
        if f in countries or f in cities:
            return [Candidate(s, s + len(text.rstrip(".")) if text.endswith(".") else e, "GPE", "link")]
    return []


def group_entities(body: str, cands: list[Candidate]) -> list[Entity]:
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
                sur = surname_of(words)
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
    words = name_key(text).split(" ")
    if label == "PERSON":
        while len(words) > 1 and is_title_word(words[0], words[1]):
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
        for f in full_by_surname.get(surname_of(words).casefold(), []):
            if f.casefold() == k.casefold():
                return f
        return k.title()
    return k
