"""Not people: surface forms read as PERSON that name a street or venue, a team, a place abbreviation, an
employer before a job title, a title alone, or a capitalised word opening a sentence.

Each rule reads only the article (the words around every mention of the name) and the shared word
lists, so it carries over to outlets and countries the rules were not written on. A name that is part
of a person named in full in the same article ("May" with "Theresa May") is always left a person.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from transforms.entities.gazetteers import is_demonym, is_first_name
from transforms.entities.model import Candidate
from transforms.entities.text import name_key, name_words, sentence_initial
from transforms.entities.words import (
    AMBIGUOUS_VENUE_WORDS,
    EMPLOYER_CUE,
    ORG_ONLY_WORDS,
    ORG_SUFFIXES,
    REPORTING_VERBS,
    TEAM_WORDS,
    VENUE_WORDS,
)
from transforms.wordlists import names as name_lists
from transforms.wordlists.places import is_region_abbreviation

NOT_AN_ENTITY = ""        # the label of a surface form whose mentions are dropped
LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
# "Toronto, Ont.", "Fresno, Calif": a region abbreviation right after a capitalised town and a comma
# A participle or an adverb opening a sentence, then a comma, a quote or a lower-case word
OPENING_MODIFIER = re.compile(r"[A-Z][a-z]{2,}(?:ed|ly)(?:,|[ \t]+[a-z'‘“\"])|"
                              # a participle taking its object or clause: "Conceding that …", "Citing the …"
                              r"[A-Z][a-z]{2,}ing[ \t]+(?:that|the|a|an|his|her|their|its|this|these|those)\b")
# "the Sanders campaign": a name used as a modifier of a lower-case noun (verbs after a team are let through)
ATTRIBUTIVE_NOUN = re.compile(r"[ \t]+(?!(?:is|are|was|were|have|has|had|will|would|could|can|may|might|"
                              r"must|should|did|do|does|beat|won|win|lost|lose|lead|led|play|host|face|"
                              r"said|say|drew|draw)\b)[a-z]+(?<!ed)\b")
# words before a street or a venue that a person is not written after ("at Reid Hall", "the junction with
# Mill Lane", "along Church Way", "off Station Road")
VENUE_PREPOSITION = re.compile(r"\b(?:in|at|near|outside|inside|from|along|off|junction[ \t]+with|corner[ \t]+of)"
                               r"[ \t]+(?:the[ \t]+)?$", re.I)
# nouns of a place's streets and people written right after its name ("Merrow Vale high street", "Kenora
# residents"): a place used as a modifier, which a person's name is not
PLACE_MODIFIED = re.compile(r"[ \t]+(?:high[ \t]+street|main[ \t]+street|town[ \t]+cent(?:re|er)|"
                            r"city[ \t]+cent(?:re|er)|town[ \t]+hall|residents|villagers|townspeople|seafront|"
                            r"waterfront|harbour|harbor|outskirts|suburbs)\b")
AFTER_TOWN = re.compile(r"[A-Z][\w.'’-]*,[ \t]*$")


@dataclass(slots=True)
class _Evidence:
    mentions: int = 0
    employer: bool = False        # followed by a lower-case job title and a name: "Ericsson spokesman Per"
    after_town: bool = False      # "Toronto, Ont"
    after_the: int = 0            # "the Brewers" (not "the Sanders campaign")
    placed: bool = False          # after "in", "at", "outside"...: "at Reid Hall"
    modifies_place: bool = False  # "Merrow Vale high street", "Kenora residents"
    sentence_initial: int = 0     # "Death is ...", "Said the minister"
    participle: bool = False      # "Dubbed 'the cost killer', he ...", "Symbolically, ...": no name


def review_people(body: str, cands: list[Candidate], labels: dict[str, str], person_parts: set[str]) -> None:
    """Relabel in place the surface forms of ``labels`` read as PERSON that are no people (see the module
    docstring); ``NOT_AN_ENTITY`` drops them. ``person_parts``: words of people named in full."""
    evidence: dict[str, _Evidence] = defaultdict(_Evidence)
    for c in cands:
        k = name_key(body[c.start:c.end])
        if c.pinned or labels.get(k) != "PERSON" or k in person_parts:
            continue
        ev = evidence[k]
        ev.mentions += 1
        ev.employer |= EMPLOYER_CUE.match(body, c.end) is not None
        ev.after_town |= AFTER_TOWN.search(body, max(0, c.start - 40), c.start) is not None
        ev.after_the += body[max(0, c.start - 4):c.start].lower() == "the " \
            and ATTRIBUTIVE_NOUN.match(body, c.end) is None
        ev.placed |= VENUE_PREPOSITION.search(body, max(0, c.start - 20), c.start) is not None
        ev.modifies_place |= PLACE_MODIFIED.match(body, c.end) is not None
        ev.sentence_initial += sentence_initial(body, c.start)
        ev.participle |= OPENING_MODIFIER.match(body, c.start, c.end + 8) is not None
    lower_words: set[str] | None = None
    for k, ev in evidence.items():
        words = name_words(k)
        if not words:
            continue
        if len(words) == 1 and ev.sentence_initial == ev.mentions and lower_words is None:
            lower_words = set(LOWER_WORD.findall(body))
        if len(words) == 1 and k.endswith("s") and k[:-1] in person_parts:
            continue                                          # "the Clintons": a family of people
        label = _not_a_person(words, ev, lower_words or set())
        if label is not None:
            labels[k] = label


def _not_a_person(words: list[str], ev: _Evidence, lower_words: set[str]) -> str | None:
    """The label a PERSON reading should have instead, NOT_AN_ENTITY, or None when it may be a person."""
    low = [w.lower().rstrip(".") for w in words]
    given = is_first_name(words[0])
    if name_lists.leading_title_length(words) == len(words):
        return NOT_AN_ENTITY                                  # "Chancellor", "Prime Minister", "Ms"
    if len(words) == 1 and ev.after_town and is_region_abbreviation(words[0]):
        return "GPE"                                          # "Toronto, Ont."
    if len(words) == 1 and words[0].endswith(".") and is_region_abbreviation(words[0]) and not given \
            and not name_lists.is_honorific(words[0]):
        return "GPE"                                          # "Calif." on its own
    if ev.modifies_place and not given:
        return "GPE"                                          # "Merrow Vale high street"
    if low[-1] in VENUE_WORDS or (low[-1] in AMBIGUOUS_VENUE_WORDS and ev.placed and not given):
        return "FAC" if len(words) > 1 else NOT_AN_ENTITY     # "Downing Street", "Wembley Stadium"
    if len(words) > 1 and low[-1] in TEAM_WORDS and not given:
        return "ORG"                                          # "Leeds United"
    if len(words) > 1 and not given and any(w in ORG_ONLY_WORDS or w in ORG_SUFFIXES for w in low[1:]):
        return "ORG"                                          # "Birmingham Grand Prix", "Lorrin Trust"
    if len(words) == 1 and ev.employer and not given:
        return "NORP" if len(words) == 1 and is_demonym(words[0]) else "ORG"   # "Ericsson spokesman Per Lund"
    if len(words) <= 3 and ev.after_the == ev.mentions and not given:
        if len(words) == 1 and is_demonym(words[0]):
            return "NORP"                                     # "the Afghan"
        if low[-1].endswith("s") and not low[-1].endswith("ss"):
            return "ORG"                                      # "the Brewers", "the Maple Leafs"
    if len(words) == 1 and ev.sentence_initial == ev.mentions and (
            low[0] in REPORTING_VERBS or (not given and (low[0] in lower_words or ev.participle))):
        return NOT_AN_ENTITY                                  # "Said the minister", "Fog closed ... the fog"
    return None
