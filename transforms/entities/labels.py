"""One label per surface form, decided with evidence from the whole article."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from transforms.entities.gazetteers import is_city, is_country, is_first_name
from transforms.entities.model import Candidate
from transforms.entities.people import review_people
from transforms.entities.text import is_capitalised, name_key, name_words, surname_of
from transforms.entities.words import (
    CUE_WEIGHT,
    NON_PERSON_WORDS,
    ORG_CUE,
    ORG_SUFFIXES,
    PLACE_PREPOSITION,
    SPORTS_WORDS,
    TITLE_CUE,
    WHO_AFTER,
)

# a person read as a place ('Rihanna, who was honored'): not groups ('Iraqis, who'), nor bodies
WHO_LABELS = frozenset({"PERSON", "GPE", "LOC", "FAC"})
PLURAL_NAME = re.compile(r"^(?:the\s+)?\w+[^s]s$|^the\s", re.IGNORECASE)


def decide_labels(body: str, cands: list[Candidate]) -> dict[str, str]:
    """One label per surface form: votes, then person-name evidence, then gazetteer and team rules."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    team: dict[str, bool] = defaultdict(bool)
    placed: dict[str, bool] = defaultdict(bool)        # written after "in", "at", "near"...: a place
    for c in cands:
        if c.pinned:
            continue
        k = name_key(body[c.start:c.end])
        weight = 2 if c.source == "rule" else 1
        votes[k][c.label] += weight
        team[k] |= c.team
        # the word before a name often says what it is: "firm Yukos", "Mr Sunak", "Judge Clark"
        context = body[max(0, c.start - 24):c.start]
        if c.label != "NORP" and ORG_CUE.search(context):
            votes[k]["ORG"] += CUE_WEIGHT
        elif TITLE_CUE.search(context) or (c.label in WHO_LABELS and not PLURAL_NAME.search(k)
                                           and WHO_AFTER.match(body, c.end)):  # 'Judge Clark', 'Clark, who said'
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
    inner_words = {w for k in votes for w in name_words(k)[1:] if len(name_words(k)) > 1}
    for k, v in votes.items():
        words = name_words(k)
        if len(words) >= 2 and v["PERSON"] >= max(v.values()) and not org_like(words):
            person_full.add(k)
            person_parts.update(w for w in words[1:] if w[:1].isupper() and len(w) > 1)
            person_parts.add(" ".join(words[1:]))
            person_parts.add(surname_of(words))
    out: dict[str, str] = {}
    for k, v in votes.items():
        label = v.most_common(1)[0][0]
        words = name_words(k)
        if v["PERSON"] and v["PERSON"] == v[label] and (len(words) > 1 or k in person_parts):
            label = "PERSON"                                  # ties go to the person reading of a name
        if k in person_parts and label != "PERSON" and len(words) <= 2:
            label = "PERSON"                                  # a surname of someone named in full
        elif label != "PERSON" and not team[k] and looks_like_person(words):
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
    review_people(body, cands, out, person_parts)
    return out


def looks_like_person(words: list[str]) -> bool:
    """Two or three capitalised words opening with a known given name, none of them organisational."""
    if not 2 <= len(words) <= 3 or not all(is_capitalised(w) for w in words) or org_like(words):
        return False
    if any(is_country(w) or is_city(w) for w in words[1:]) or is_city(" ".join(words)):
        return False
    return is_first_name(words[0])


def org_like(words: list[str]) -> bool:
    return any(w.lower().rstrip(".") in NON_PERSON_WORDS or w.lower().rstrip(".") in ORG_SUFFIXES
               for w in words)
