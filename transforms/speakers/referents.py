"""The people and organisations of one article that a speaker mention can refer to.

Built once per article from its named entities: for every person, the canonical name as the article
introduces it (titles and honorifics stripped), the gender the text gives it (honorifics, the given name,
gendered role nouns, the pronouns that follow it), the roles it is named in ('Sen. Jane Doe', 'Jane Doe,
the Vermont senator,', 'Doe, 46,') and where it is mentioned outside quotations. Sentences are numbered
so that salience ('the subject of this or the previous sentence') can be read off positions.
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from transforms.quotes import is_reporting_verb
from transforms.speakers.lexicon import (
    GENDERED_ROLES,
    ORGANISATION_NAME_WORDS,
    PERSON_ROLES,
    ROLE_GROUPS,
    TITLE_ROLE,
)
from transforms.wordlists.given_names import given_name_gender, is_given_name
from transforms.wordlists.names import (
    NAME_SUFFIXES,
    TITLE_WORDS,
    honorific_gender,
    is_honorific,
    leading_title_length,
)

PERSON_LABELS = frozenset({"PERSON", "PER"})
ORGANISATION_LABELS = frozenset({"ORG"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

WORD = re.compile(r"[^\W\d_][\w’'.\-]*|\d+")
NAME_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
POSSESSIVE = re.compile(r"[’']s?$")
GENDERED_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}
# ', the Vermont senator,' / ', a Republican pollster,' / ', 69,' right after a name
APPOSITION = re.compile(r",\s+(?:(?P<age>\d{1,3})\s*[,.;)]|(?:the|a|an|his|her|its|their)\s+"
                        r"(?P<role>[^,.;:()\"“”]{2,60}?)\s*(?:[,.;:)]|$|\s+(?:said|says|told|added)\b))")
NEXT_SUBJECT_PRONOUN = re.compile(r"\W*(?:[^\W\d_]+\W+){0,3}?(he|she)\b", re.IGNORECASE)
# a sentence that opens with a participle or a subordinate clause ('Asked about her vote, …', 'When Ott won, …')
OPENING_CLAUSE = re.compile(r"\W*(?:[A-Z][a-z]+(?:ed|ing)|When|While|After|Before|If|Although|Though|As|Since|"
                            r"Because|Once|Unless|Until|Despite|Upon|On)\b")
SUBJECT_PRONOUN = re.compile(r"(?:^|(?<=[\s,]))(he|she)\b(?!\s*[’']s\b)", re.IGNORECASE)
REPORTING_AFTER = re.compile(r"\s+(?:[a-z]+ly\s+)?([a-z]+)\b")
AGE_ROLE = re.compile(r"\b(\d{1,3})-year-old\b")
_PREPOSITIONS = frozenset({"of", "to", "with", "for", "against", "by", "at", "from", "about", "on", "than", "into",
                           "over", "under", "between", "among", "toward", "towards", "like", "unlike", "behind",
                           "beside", "versus", "vs", "via", "after", "before"})
MIN_MISSPELT_LENGTH = 5  # shorter surnames one letter apart are often different names ('Bush' / 'Rush')
_ARTICLES = frozenset({"the", "a", "an"})
_TITLE_CASE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with"})
TITLE_CASE_SHARE = 0.9
_CLAUSE_STOP = frozenset(",;:()[]\"“”‘’—–\n")  # a line break ends a title too (a headline above)
AT_WINDOW = 8  # mentions starting before a span's end that may still overlap it (names do not nest deeper)
MAX_ROLE_WORDS = 6  # words before a name read as its title ('former Republican presidential nominee')


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Casefolded, accents removed: how names are compared."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).casefold()


def name_tokens(name: str) -> list[str]:
    """Folded word tokens of a name without a trailing generational suffix."""
    toks = [fold(t) for t in NAME_WORD.findall(name)]
    while len(toks) > 1 and toks[-1].rstrip(".") in NAME_SUFFIXES:
        toks.pop()
    return toks


def clean_person_name(name: str) -> str:
    """A person's name without leading honorifics and job titles ('Sen. Jane Doe' -> 'Jane Doe',
    'Prime Minister Keir Starmer' -> 'Keir Starmer') and without a possessive ending."""
    words = name.split()
    cut = leading_title_length(words)
    while cut < len(words) - 1 and is_honorific(words[cut]):
        cut += 1
    words = words[cut:] if cut < len(words) else words[-1:]
    while len(words) > 1 and fold(words[0]).rstrip(".") in TITLE_ROLE:
        words = words[1:]  # 'AG Mukasey', 'Supt. Jane Doe'
    while len(words) > 2 and fold(words[0]).rstrip(".") in PERSON_ROLES and is_given_name(words[1]):
        words = words[1:]  # 'Billionaire Donald Trump', 'Trader Bernadette Doyle'
    if words:
        words[-1] = POSSESSIVE.sub("", words[-1]) or words[-1]
    return " ".join(words).strip(" ,;:")


def role_heads(words: Iterable[str]) -> set[str]:
    """Folded role words, abbreviated titles spelt out ('Sen.' -> 'senator'), and the groups they belong to."""
    out: set[str] = set()
    for w in words:
        low = fold(w).rstrip(".")
        if not low or low.isdigit():
            continue
        out.add(TITLE_ROLE.get(low, _singular_role(low)))
    for group in ROLE_GROUPS:
        if out & group:
            out |= group
    return out


def _singular_role(low: str) -> str:
    """'hosts' -> 'host' ('Morning Joe hosts Joe Scarborough and …'); other words as they are."""
    if low.endswith("s") and low not in PERSON_ROLES and low[:-1] in PERSON_ROLES:
        return low[:-1]
    return low


@dataclass(eq=False)
class Referent:
    """A person or organisation of the article."""

    name: str                      # canonical name
    kind: str                      # "person" | "organisation"
    tokens: tuple[str, ...]        # folded name tokens
    spans: list[tuple[int, int]] = field(default_factory=list)   # mentions outside quotations
    all_spans: list[tuple[int, int]] = field(default_factory=list)
    gender: str | None = None
    roles: set[str] = field(default_factory=set)
    ages: set[int] = field(default_factory=set)
    titled: bool = False           # written with an honorific or title somewhere
    is_author: bool = False

    @property
    def plausible_person(self) -> bool:
        """A person by more than the NER's word: a full name, a given name, an honorific or a title."""
        if self.kind != "person":
            return False
        if self.titled or self.roles or self.ages:
            return True
        words = self.name.split()
        if len(words) >= 2:
            return not any(fold(w) in ORGANISATION_NAME_WORDS for w in words)
        return is_given_name(words[0]) if words else False

    @property
    def likely_person(self) -> bool:
        """Plausible, or a single capitalised word that is not a participle or a plural ('Cruz', not
        'Conceding' or 'Latinos')."""
        if self.plausible_person:
            return True
        word = self.name.split()[0] if self.kind == "person" and self.name.split() else ""
        return bool(word) and word[:1].isupper() and not word.lower().endswith(("ing", "os", "as", "ers"))


class Referents:
    """Every person and organisation of one article, with positions, sentences and lookups."""

    def __init__(self, body: str, entities: Sequence, authors: Sequence[str] = (),
                 quoted: Sequence[tuple[int, int]] = (), sentence_starts: Sequence[int] = (0,),
                 parsed_subjects: dict[int, tuple[int, int]] | None = None) -> None:
        self.body = body
        self.quoted = sorted(quoted)
        self._quoted_starts = [a for a, _ in self.quoted]
        self.sentence_starts = list(sentence_starts) or [0]
        self.parsed_subjects = parsed_subjects or {}
        self.people: list[Referent] = []
        self.organisations: list[Referent] = []
        author_tokens = [name_tokens(a) for a in authors if a]
        self.places = sorted(sp for e in entities if getattr(e, "label", None) in PLACE_LABELS for sp in e.spans)
        for entity in entities:
            label = getattr(entity, "label", None)
            if label in PERSON_LABELS:
                kind = "person"
            elif label in ORGANISATION_LABELS:
                kind = "organisation"
            else:
                continue
            name = clean_person_name(entity.name) if kind == "person" else entity.name.strip()
            toks = tuple(name_tokens(name))
            if not toks:
                continue
            ref = Referent(name=name, kind=kind, tokens=toks, all_spans=sorted(entity.spans))
            ref.spans = [sp for sp in ref.all_spans if not self.inside_quote(sp[0])]
            if kind == "person":
                ref.is_author = any(_same_person(toks, a) for a in author_tokens)
                self.people.append(ref)
            else:
                self.organisations.append(ref)
        self._person_starts = sorted(s for p in self.people for s, _ in p.all_spans)
        self._spans = sorted(((s, e, r) for r in self.people + self.organisations for s, e in r.all_spans),
                             key=lambda m: (m[0], m[1]))
        self._span_starts = [m[0] for m in self._spans]
        for person in self.people:
            self._read_context(person)
        # every mention outside quotations, in text order: (start, end, referent)
        self.mentions = sorted(((s, e, r) for r in self.people + self.organisations for s, e in r.spans),
                               key=lambda m: (m[0], -m[1]))
        self._mention_starts = [m[0] for m in self.mentions]

    # ------------------------------------------------------------------ positions
    def inside_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self._quoted_starts, pos) - 1
        return k >= 0 and self.quoted[k][0] <= pos < self.quoted[k][1]

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, pos) - 1)

    def sentence_span(self, index: int) -> tuple[int, int]:
        start = self.sentence_starts[index]
        end = self.sentence_starts[index + 1] if index + 1 < len(self.sentence_starts) else len(self.body)
        return start, end

    def at(self, start: int, end: int) -> Referent | None:
        """The referent a mention spanning [start, end) names: a person before an organisation ('the
        Washington Post's Ishaan Tharoor', 'Aris Shirvanian of the Armenian Patriarchate'), and of several
        people the one named last ('Mark Blumenthal and Jon Cohen')."""
        k = bisect.bisect_left(self._span_starts, end)
        near = [m for m in self._spans[max(0, k - AT_WINDOW): k] if m[1] > start]
        for kind in ("person", "organisation"):
            best = max((m for m in near if m[2].kind == kind), key=lambda m: m[1], default=None)
            if best is not None:
                return best[2]
        return None

    def place_at(self, start: int, end: int) -> bool:
        """Is [start, end) (part of) a place name: a GPE, LOC or FAC entity?"""
        k = bisect.bisect_left(self.places, (end, end))
        return any(s < end and e > start for s, e in self.places[max(0, k - 4): k])

    def mentions_between(self, start: int, end: int) -> list[tuple[int, int, Referent]]:
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_left(self._mention_starts, end)
        return self.mentions[lo:hi]

    def subject_of(self, index: int, before: int | None = None) -> Referent | None:
        """The first referent of sentence ``index`` (up to ``before``) that is not governed by a preposition
        nor a possessive ('Trump attacked Obama' -> Trump; 'In a letter to Obama, Trump said' -> Trump)."""
        start, end = self.sentence_span(index)
        if before is not None:
            end = min(end, before)
        parsed = self.parsed_subjects.get(start)
        if parsed is not None and parsed[0] >= end and OPENING_CLAUSE.match(self.body, start, end) \
                and self.body[start:end].rstrip().endswith(","):
            return None  # 'Asked whether Clinton would win, she replied': Clinton is in the opening clause
        if parsed is not None and OPENING_CLAUSE.match(self.body, start) is not None \
                and SUBJECT_PRONOUN.fullmatch(self.body, *parsed) and "," not in self.body[start:parsed[0]] \
                and "," in self.body[parsed[1]:end]:
            parsed = None  # the pronoun of an opening clause ('After he blasted …,'): the main subject is sought
        if parsed is not None and parsed[1] <= end:
            ref = self.at(*parsed)
            if ref is not None or SUBJECT_PRONOUN.fullmatch(self.body, *parsed):
                return ref  # the parse names the subject (or it is a pronoun: no referent here)
            # the subject is a noun phrase ('the actor'): no one named before it is the subject, though
            # a later clause may have its own ('The moderators moved on, but Christie wasn't having it')
            start = parsed[1]
        found = self.mentions_between(start, end)
        for s, e, ref in found:
            # the subject of a reporting clause: 'Trump's claim that Obama lied, Biden said'
            after = REPORTING_AFTER.match(self.body, e)
            if after is not None and is_reporting_verb(after.group(1)):
                return ref
            prev = WORD.findall(self.body[max(start, s - 12): s])
            if prev and is_reporting_verb(prev[-1]) and self.body[max(start, s - 12): s].rstrip()[-1:].isalpha():
                return ref
        pronoun = SUBJECT_PRONOUN.search(self.body, start, min(end, start + 120))
        if pronoun is not None and OPENING_CLAUSE.match(self.body, start) is not None:
            comma = self.body.find(",", start, end)
            if comma > pronoun.start():
                # 'After he blasted the Harry Potter books, Pastor Kevin Swanson set his sights …': the
                # pronoun of an opening clause looks ahead to the main clause's subject
                pronoun = SUBJECT_PRONOUN.search(self.body, comma, min(end, comma + 120))
                found = [m for m in found if m[0] > comma]
        for s, e, ref in found:
            if pronoun is not None and pronoun.start() < s:
                break  # 'In an interview, he was asked about Obama': the pronoun is the subject
            prev = WORD.findall(self.body[max(start, s - 25): s])
            if prev and fold(prev[-1]) in _PREPOSITIONS:
                continue
            if POSSESSIVE.match(self.body, e) or self.body[e: e + 2] in ("’s", "'s"):
                continue
            return ref
        return None

    def cataphor(self, pos: int) -> Referent | None:
        """The main clause's subject that a pronoun at ``pos`` in an opening clause looks ahead to ('After he
        blasted the film, Pastor Kevin Swanson set his sights …' -> Kevin Swanson), else None."""
        k = self.sentence_of(pos)
        start, end = self.sentence_span(k)
        if OPENING_CLAUSE.match(self.body, start) is None or "," in self.body[start:pos]:
            return None
        comma = self.body.find(",", pos, end)
        if comma < 0:
            return None
        for s, e, ref in self.mentions_between(comma, end):
            words = WORD.findall(self.body[comma:s])
            if len(words) > MAX_ROLE_WORDS:
                return None
            return ref if REPORTING_AFTER.match(self.body, e) or not words or all(
                w[:1].isupper() or fold(w) in _ARTICLES for w in words) else None
        return None

    def agent_before(self, start: int, pos: int) -> Referent | None:
        """The referent named last in [start, pos) that is not governed by a preposition nor a possessive:
        who did what the verb at ``pos`` says ('The Times said Cook provided a statement' -> Cook)."""
        for s, e, ref in reversed(self.mentions_between(start, pos)):
            if e > pos:
                continue
            prev = [w for w in WORD.findall(self.body[max(start, s - 30): s]) if fold(w) not in _ARTICLES]
            if prev and fold(prev[-1]) in _PREPOSITIONS:
                continue  # 'president of the Brady Campaign'
            if POSSESSIVE.match(self.body, e) or self.body[e: e + 2] in ("’s", "'s"):
                continue
            return ref
        return None

    def subject_pronoun(self, index: int) -> str | None:
        """The gender of a 'he' or 'she' that is the subject of sentence ``index`` before anyone is named."""
        start, end = self.sentence_span(index)
        m = SUBJECT_PRONOUN.search(self.body, start, min(end, start + 120))
        if m is None or self.inside_quote(m.start()) or self.mentions_between(start, m.start()):
            return None
        k = bisect.bisect_left(self._quoted_starts, start)
        if k < len(self.quoted) and self.quoted[k][0] < m.start():
            return None  # '“…,” he said': a quote's attribution, resolved as that quote's speaker
        return _PRONOUN_GENDER[m.group(1).lower()]

    # ------------------------------------------------------------------ lookups by name
    def person_by_tokens(self, toks: Sequence[str]) -> Referent | None:
        """The person whose name ends with these tokens ('Keller', 'Maria Keller'), else whose given name
        they are ('Hillary'); the most mentioned one when several fit."""
        if not toks:
            return None
        n = len(toks)
        fits = [p for p in self.people if tuple(p.tokens[-n:]) == tuple(toks) and len(p.tokens) >= n]
        if n == 1 and all(len(p.tokens) == 1 for p in fits):
            fits += [p for p in self.people if len(p.tokens) >= 2 and p.tokens[0] == toks[0]]
        if not fits:
            return None
        return max(fits, key=lambda p: (len(p.tokens) > 1, len(p.all_spans), -p.all_spans[0][0]))

    def person_misspelt(self, token: str) -> Referent | None:
        """The one person with a full name whose surname is ``token`` misspelt by one letter."""
        if len(token) < MIN_MISSPELT_LENGTH:
            return None
        fits = [p for p in self.people if len(p.tokens) > 1 and one_edit_apart(p.tokens[-1], token)]
        return fits[0] if len(fits) == 1 else None

    def organisation_by_tokens(self, toks: Sequence[str]) -> Referent | None:
        key = [t for t in toks if t != "the"]
        if not key:
            return None
        for org in self.organisations:
            otoks = [t for t in org.tokens if t != "the"]
            if otoks == key or (len(key) >= 2 and _contains(otoks, key)):
                return org
        return None

    def organisation_by_acronym(self, acronym: str) -> Referent | None:
        """'DNC' -> 'Democratic National Committee': the organisation whose capitalised words give it."""
        want = acronym.upper()
        for org in self.organisations:
            initials = "".join(w[0] for w in org.name.split() if w[:1].isupper() and w.lower() != "the")
            if initials == want and len(org.name.split()) > 1:
                return org
        return None

    # ------------------------------------------------------------------ roles and gender
    def _read_context(self, person: Referent) -> None:
        body = self.body
        votes = [0, 0]
        g = given_name_gender(person.tokens[0]) if len(person.tokens) >= 2 or is_given_name(person.name) else None
        if g is not None:
            votes[g == "f"] += 3
        for s, e in person.all_spans:
            before = body[max(0, s - 80): s]
            cut = max((before.rfind(ch) for ch in _CLAUSE_STOP), default=-1)
            words = WORD.findall(before[cut + 1:])[-MAX_ROLE_WORDS:]
            mention_words = body[s:e].split()
            lead = leading_title_length(mention_words)
            # in a headline set in title case every word is capitalised: none of them is a title
            title_words = _title_run(words, names_too=not self._title_case_line(s)) + mention_words[:lead]
            if words and is_honorific(words[-1]):
                person.titled = True
                hg = honorific_gender(words[-1])
                if hg is not None:
                    votes[hg == "f"] += 3
            if lead:
                person.titled = True
            person.roles |= role_heads(title_words)
            m = APPOSITION.match(body, e)
            if m is not None:
                if m.group("age"):
                    person.ages.add(int(m.group("age")))
                elif m.group("role"):
                    role_words = WORD.findall(m.group("role"))
                    if 0 < len(role_words) <= MAX_ROLE_WORDS:
                        person.roles |= role_heads(role_words)
                        age = AGE_ROLE.search(m.group("role"))
                        if age:
                            person.ages.add(int(age.group(1)))
            prev = [w for w in WORD.findall(before) if fold(w) not in _ARTICLES][-1:]
            if prev and fold(prev[0]) in _PREPOSITIONS:
                continue  # 'apologized to Clinton and to his staff': the pronouns after an object are the subject's
            pm = GENDERED_PRONOUN.search(body, e, min(len(body), e + 100))
            if pm is not None and not self._person_between(e, pm.start()):
                votes[_PRONOUN_GENDER[pm.group(1).lower()] == "f"] += 1
            # 'Graham said … . He added': a pronoun opening the next sentence, with no one named between
            nxt = self.sentence_of(s) + 1
            if nxt < len(self.sentence_starts):
                ns, ne = self.sentence_span(nxt)
                pm = NEXT_SUBJECT_PRONOUN.match(body, ns, ne)
                if pm is not None and not self._person_between(e, pm.start()):
                    votes[_PRONOUN_GENDER[pm.group(1).lower()] == "f"] += 2
        for role in person.roles:
            rg = GENDERED_ROLES.get(role)
            if rg is not None:
                votes[rg == "f"] += 2
        if votes[0] != votes[1]:
            person.gender = "m" if votes[0] > votes[1] else "f"
        person.titled = person.titled or any(is_honorific(w) for w in person.name.split()[:1])

    def _title_case_line(self, pos: int) -> bool:
        """Is ``pos`` on a line of at least four words that nearly all start with a capital ('A Meaningful
        Exchange Actually Happened Between Marco Rubio And Rand Paul')?"""
        start = self.body.rfind("\n", 0, pos) + 1
        end = self.body.find("\n", pos)
        words = [w for w in WORD.findall(self.body, start, len(self.body) if end < 0 else end)
                 if fold(w) not in _TITLE_CASE_SMALL_WORDS]
        return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)

    def _person_between(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self._person_starts, start)
        return k < len(self._person_starts) and self._person_starts[k] < end


_ADJECTIVE_ENDINGS = ("al", "ial", "ive", "ic", "ian", "ist", "ary", "ent", "ant", "ern", "-old", "-elect")


def _title_run(words: Sequence[str], names_too: bool = True) -> list[str]:
    """The words right before a name that describe it ('Republican presidential nominee', 'the rookie
    defenceman', 'Sen.'), read backwards until a word that cannot be part of a title ('said', 'for').
    ``names_too``: any capitalised word may be part of it ('Vermont', 'White House'); not in a title-case
    headline, where only known titles are."""
    run: list[str] = []
    for w in reversed(words):
        low = fold(w).rstrip(".")
        if (names_too and w[:1].isupper()) or _singular_role(low) in PERSON_ROLES or low in TITLE_ROLE \
                or low in TITLE_WORDS or low.endswith(_ADJECTIVE_ENDINGS):
            run.append(w)
        else:
            break
    return run[::-1]


def _contains(seq: Sequence[str], sub: Sequence[str]) -> bool:
    n = len(sub)
    return any(list(seq[i: i + n]) == list(sub) for i in range(len(seq) - n + 1))


def _same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Same last token, and the same first token when both give more than one."""
    if not a or not b or a[-1] != b[-1]:
        return False
    return len(a) == 1 or len(b) == 1 or a[0] == b[0]


def one_edit_apart(a: str, b: str) -> bool:
    """One substitution, insertion, deletion or swap of neighbours apart ('Keidis' / 'Kiedis'): the
    misspellings of a name that an article makes of its own people."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]


def same_person(a: str, b: str) -> bool:
    return _same_person(name_tokens(a), name_tokens(b))
