"""Speaker resolution: the canonical person or organisation behind each quote's speaker mention.

A quote arrives with the words next to it that name its speaker (``speaker_mention``: 'he', 'Keller',
'the Vermont senator', 'a woman in the audience') and their offsets. Resolution reads the mention by its
form, most specific first:

- **explicit**: the mention holds a named entity, or a name the NER missed ('said Mr. Ekovich');
- **surname**: a surname or a given name alone, linked to the full name the article gives ('Keller' ->
  'Maria Keller');
- **role**: a role noun linked to the person the article names in that role ('the senator' -> the person
  written 'Sen. Jane Doe' or 'Jane Doe, the Vermont senator'; 'the 46-year-old' -> 'Doe, 46,'), an
  organisation noun to the organisation ('the company' -> the last company named);
- **pronoun**: 'he' / 'she' to the most salient person of agreeing gender: the last speaker, the subject
  of this and the previous sentences, the paragraph's topic; never an organisation, never a person of the
  other gender, never the byline's author unless the text names them;
- **author**: first-person quotes ('I', 'we') in an article written in the first person go to its author;
- **inherited**: a quote whose attribution was carried over from another quote takes that quote's speaker.

A description of nobody in particular ('a woman in the audience', 'critics') is ``unnamed`` with no
name: no name is better than a wrong one.
"""
from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from transforms.quotes import reporting_verb_base, sentence_starts
from transforms.speakers.lexicon import (
    CONTINUATION_CUES,
    DETERMINERS,
    DOCUMENT_NOUNS,
    DOCUMENT_VERBS,
    FIRST_PERSON,
    FIRST_PERSON_WORDS,
    GENDERED_ROLES,
    GENERIC_ORGANISATION_NOUNS,
    INDEFINITE,
    MEDIA_NAME_WORDS,
    MEDIA_NOUNS,
    ORGANISATION_NAME_WORDS,
    ORGANISATION_NOUNS,
    OTHER_PRONOUNS,
    PARTY_WORDS,
    PERSON_ROLES,
    PERSONAL_PRONOUNS,
    RELATIVE_PRONOUNS,
)
from transforms.speakers.referents import (
    AGE_ROLE,
    APPOSITION,
    WORD,
    Referent,
    Referents,
    clean_person_name,
    fold,
    name_tokens,
    role_heads,
    same_person,
)
from transforms.wordlists.given_names import is_given_name
from transforms.wordlists.names import is_honorific, is_name_particle, leading_title_length
from transforms.wordlists.places import is_region_abbreviation

PERSON, ORGANISATION, UNNAMED = "person", "organisation", "unnamed"
EXPLICIT, SURNAME, ROLE, PRONOUN, AUTHOR, INHERITED = "explicit", "surname", "role", "pronoun", "author", "inherited"
GUESSED_ROLE = "guessed role"  # internal: a role noun taken for the salient person; written as ROLE

# how sure each kind of resolution is, times the attribution's own confidence
_RESOLUTION_CONFIDENCE = {EXPLICIT: 1.0, SURNAME: 0.95, ROLE: 0.8, PRONOUN: 0.85, AUTHOR: 0.75, GUESSED_ROLE: 0.5}
_UNRESOLVED_CONFIDENCE = 0.3
LOOKBACK_SENTENCES = 6        # how far back a pronoun or a role noun looks for its person
LOOKBACK_CHARS = 2500
FIRST_PERSON_ARTICLE = 4      # first-person words outside quotations that make an article first-person
# salience: the subject of the pronoun's own sentence, then of the sentences before it, then the last
# speakers; a new subject in the previous sentence outweighs the last speaker ('Cruz admitted … “…,” he said')
_SUBJECT_POINTS = (4.0, 3.0, 1.5, 1.0, 0.5)
_SPEAKER_POINTS = (2.0, 1.0, 0.5)
APPOSED_NAME = re.compile(r"\s*[,—–]\s*([A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,3})(?:\s*(?:[,—–);.]|$)|\s+(?=[a-z]))")
OWNER = re.compile(r"([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*)[’']s?\s")
ISSUED_BY = re.compile(r"s?,?\s+(?:from|by|of)\s+(?:the\s+)?([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*)")
ISSUE_VERB = re.compile(r"\b(?:issued|released|sent|posted|published|put out|tweeted|wrote|aired|ran|launched|"
                        r"unveiled|circulated|distributed|emailed|filed|signed|provided|gave|delivered|made|"
                        r"shared|submitted|read out|set up|created|started|is releasing|is running)\b")
ROLE_SUBJECT = re.compile(r"\W*(?:[A-Z][\w’']*\s+){0,1}?[Tt]he\s+(?:[\w\-]+\s+){0,2}?([a-z][\w\-]+)\s+"
                          r"(?:[a-z]+ly\s+)?(?:said|says|told|added|was|is|has|had|appeared|insisted|argued|"
                          r"warned|noted|explained|continued|went|called|wrote)\b")
HEAD_PREPOSITIONS = frozenset({"of", "from", "in", "at", "for", "with", "on"})
AGENT_ENDINGS = ("er", "or", "ant", "ist")  # 'supporter', 'insider', 'confidant', 'loyalist'
OWNED_NAME = re.compile(r"[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*[’']s?\s+(?=[A-Z])")
MAX_OWNED_NAME_WORDS = 10
SPACE_RUN = re.compile(r"\s+")
OWNED_ROLE = re.compile(r"(?:the\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*[’']s?\s+(?=[a-z])")
POSSESSIVE_END = re.compile(r"\w[’']s?$")
ACRONYM = re.compile(r"[A-Z]{2,6}")
_SUPERSEDED = 0.25
_CONTINUING_POINTS = 2.0
# a person introduced with a description right before the quote is as salient as the previous sentence's subject
_INTRODUCED_POINTS = _SUBJECT_POINTS[1]
_UNKNOWN_GENDER_PENALTY = 0.75  # a person whose gender the text does not give is a weaker antecedent of 'she'


@dataclass(frozen=True, slots=True)
class Resolved:
    speaker: str | None
    kind: str | None            # person | organisation | unnamed | None (not known)
    resolution: str | None      # explicit | surname | role | pronoun | author | None
    referent: Referent | None = None


NOBODY = Resolved(None, None, None)
UNNAMED_SOURCE = Resolved(None, UNNAMED, None)


def resolve_speakers(body: str, quotes: Sequence, entities: Sequence = (), authors: Sequence[str] = (),
                     subjects: dict[int, tuple[int, int]] | None = None) -> list:
    """``quotes`` (``transforms.quotes.Quote``) with ``speaker``, ``speaker_type``, ``speaker_resolution``
    and ``confidence`` set. ``entities`` are the article's named entities (``transforms.entities.Entity``),
    ``authors`` its byline's people. ``subjects`` optionally maps a mention start to the span of the
    reporting verb's grammatical subject, from a parser (``transforms.speakers.syntax``)."""
    if not quotes:
        return []
    quoted = [(q.start - 1, q.end + 1) for q in quotes]
    refs = Referents(body, entities, authors, quoted, sentence_starts(body, quoted), subjects or {})
    resolver = _Resolver(body, refs, authors)
    out = []
    by_referent: dict[tuple[int, int], Resolved] = {}
    for q in quotes:
        if q.speaker_mention is None or q.referent_start is None:
            out.append(dataclasses.replace(q, speaker=None, speaker_type=None, speaker_resolution=None,
                                           confidence=round(min(q.confidence, _UNRESOLVED_CONFIDENCE), 3)))
            continue
        key = (q.referent_start, q.referent_end)
        res = by_referent.get(key)
        if res is None:
            res = resolver.resolve(q)
            by_referent[key] = res
        if res.referent is not None or res.speaker is not None:
            resolver.spoke(q.start, res)
        how = INHERITED if q.inherited and res.resolution is not None else res.resolution
        if how == GUESSED_ROLE:
            how = ROLE
        conf = q.confidence * _RESOLUTION_CONFIDENCE.get(res.resolution or "", 0.0) if res.speaker else \
            min(q.confidence, _UNRESOLVED_CONFIDENCE if res.kind != UNNAMED else q.confidence * 0.8)
        if q.inherited and res.speaker:
            conf *= 0.9
        out.append(dataclasses.replace(q, speaker=res.speaker, speaker_type=res.kind, speaker_resolution=how,
                                       confidence=round(max(0.05, min(1.0, conf)), 3)))
    return out


class _Resolver:
    def __init__(self, body: str, refs: Referents, authors: Sequence[str]) -> None:
        self.body = body
        self.refs = refs
        self.authors = [a for a in authors if a]
        self.history: list[tuple[int, Referent]] = []   # (quote start, referent) of resolved speakers
        self._first_person: bool | None = None
        self._role_subjects: dict[tuple[int, int], Referent | None] = {}

    # ------------------------------------------------------------------ entry
    def resolve(self, q) -> Resolved:
        start, end = q.referent_start, q.referent_end
        mention = self.body[start:end]
        words = WORD.findall(mention)
        if not words:
            return NOBODY
        low = [fold(w).rstrip(".") for w in words]
        if len(words) == 1 and low[0] in PERSONAL_PRONOUNS:
            return self.pronoun(start, PERSONAL_PRONOUNS[low[0]], fold(q.cue or "") in CONTINUATION_CUES)
        if len(words) == 1 and low[0] in FIRST_PERSON:
            return self.first_person()
        if len(words) == 1 and (low[0] in OTHER_PRONOUNS or low[0] in RELATIVE_PRONOUNS):
            return NOBODY
        if POSSESSIVE_END.search(mention):
            return NOBODY  # 'Hillary Clinton’s' stands for someone of hers ('… right-hand woman'), not for her
        owned = OWNED_NAME.match(mention)
        if owned is not None and len(words) <= MAX_OWNED_NAME_WORDS:
            # 'Dave Leip’s Atlas of U.S. Presidential Elections': a named thing of someone's speaks as itself,
            # unless the words after the owner name a person ('the agency’s Director Ana Ruiz')
            ref = self.refs.at(start + owned.end(), end)
            if ref is not None and (ref.kind == "organisation" or (ref.plausible_person and len(ref.tokens) > 1)):
                return self.named(ref, start)
            return Resolved(SPACE_RUN.sub(" ", mention.strip()), ORGANISATION, EXPLICIT)
        owner = OWNED_ROLE.match(mention)
        if owner is not None:
            # 'Greenline’s commercial director, Anita Boateng': the owner is not the speaker; the role is
            return self.by_words(start + owner.end(), end, WORD.findall(mention[owner.end():]))
        hit = self.refs.at(start, end)
        if hit is not None and len(words) >= 3 and low[0] in INDEFINITE and words[-1].islower() \
                and low[-1] not in DOCUMENT_NOUNS and (low[-1] in PERSON_ROLES or low[-1].endswith(AGENT_ENDINGS)):
            # 'a Trump supporter', 'one Clinton aide', 'another Twitter user': the name only says whose; the
            # source is unnamed ('a Pentagon readout' is the Pentagon's, 'a Trump ad' a document)
            named = self.apposition(end)
            return self.named(named, start) if named is not None else UNNAMED_SOURCE
        if hit is None and self.refs.place_at(start, end) and all(w[:1].isupper() for w in words) \
                and not is_given_name(words[0]):
            return NOBODY  # 'Kenora, Ont. officials said': a place does not speak ('Mara Lind' may)
        if hit is not None:
            res = self.named(hit, start)
            if res.resolution == EXPLICIT and hit.kind == "person":
                written = name_tokens(clean_person_name(mention))
                if 0 < len(written) < len(hit.tokens) and written[-1] in hit.tokens:
                    return dataclasses.replace(res, resolution=SURNAME)  # 'Mr. Garin' for 'Geoff Garin'
            return res
        return self.by_words(start, end, words)

    def spoke(self, pos: int, res: Resolved) -> None:
        if res.referent is not None:
            self.history.append((pos, res.referent))

    # ------------------------------------------------------------------ forms
    def fuller(self, toks: Sequence[str], pos: int) -> Referent | None:
        """The person with a full name that a lone surname or given name at ``pos`` stands for; of
        several ('Clinton': Bill or Hillary), the most salient there."""
        fits = [p for p in self.refs.people if len(p.tokens) > 1 and (p.tokens[-1] == toks[-1] or (
            len(toks) == 1 and p.tokens[0] == toks[0]))]
        if not fits and len(toks) == 1:
            return self.refs.person_misspelt(toks[0])  # 'Keidis continued' for 'Anthony Kiedis'
        if len(fits) == 1:
            return fits[0]
        return self._salient(pos, gender=None, among=fits) or max(fits, key=lambda p: len(p.all_spans))

    def named(self, ref: Referent, pos: int = 0) -> Resolved:
        if ref.kind == "person" and len(ref.tokens) == 1:
            fuller = self.fuller(ref.tokens, pos)
            if fuller is not None:
                return Resolved(fuller.name, PERSON, SURNAME, fuller)  # 'Hillary' -> 'Hillary Clinton'
        return Resolved(ref.name, PERSON if ref.kind == "person" else ORGANISATION, EXPLICIT, ref)

    def by_words(self, pos: int, end: int, words: list[str]) -> Resolved:
        """A mention with no named entity under it: a name the NER missed, a role noun, a description."""
        words = [w[:-2] if w.endswith(("’s", "'s")) else w.rstrip("’'") for w in words]
        words = [w for w in words if w]
        if not words:
            return NOBODY
        low = [fold(w).rstrip(".") for w in words]
        cut = next((k for k in range(1, len(words)) if low[k] in HEAD_PREPOSITIONS and words[k - 1].islower()), None)
        if cut is not None:  # 'a resident of Kenora', 'the head of the party': the noun before 'of' is the head
            words, low = words[:cut], low[:cut]
        head = low[-1]
        first = low[0]
        if words[-1][:1].isupper() and not (len(words) > 1 and first in DETERMINERS | INDEFINITE and
                                             not any(w[:1].isupper() for w in words[1:-1]) and
                                             head in PERSON_ROLES):
            return self.name_as_written(pos, words)
        if head in DOCUMENT_NOUNS:
            return self.document(pos, end, head)  # 'the statement said': who issued it
        named = self.apposition(end)
        if named is not None:
            return self.named(named, pos)  # 'a spokeswoman, Jane Doe, said' / 'another friend, Mariam Emara'
        if first in INDEFINITE or (first not in DETERMINERS and head.endswith("s") and head not in PERSON_ROLES
                                   and len(words) <= 3):
            return UNNAMED_SOURCE  # 'a woman in the audience', 'one voter', 'critics', 'many analysts'
        if head in ORGANISATION_NOUNS:
            return self.organisation_role(pos, head)
        age = AGE_ROLE.search(self.body, pos, end)
        if age is not None:
            return self.role(pos, set(), int(age.group(1)))
        if head in PERSON_ROLES or any(head in p.roles for p in self.refs.people):
            modifiers = {fold(w) for w in words[:-1] if fold(w) not in DETERMINERS}
            return self.role(pos, role_heads([head]), None, GENDERED_ROLES.get(head), modifiers)
        return NOBODY

    def name_as_written(self, pos: int, words: list[str]) -> Resolved:
        """'Mr. Ekovich', 'Keller', 'Hillary', 'The New York Times': link to the article's full name when
        there is one, else keep the name as written (without titles) and guess its kind."""
        titles = leading_title_length(words)
        core = [w for w in words[titles:] if not is_honorific(w)] or words[-1:]
        lead = len(core)
        while lead > 0 and (core[lead - 1][:1].isupper() or (lead < len(core) and is_name_particle(core[lead - 1]))):
            lead -= 1
        core = core[lead:]  # 'his friend Mahamat Saleh Oumar' -> 'Mahamat Saleh Oumar'
        core_low = [fold(w) for w in core]
        if not core:
            return NOBODY
        toks = name_tokens(" ".join(core))
        org = self.refs.organisation_by_tokens(toks) or (
            self.refs.organisation_by_acronym(core[0]) if len(core) == 1 and ACRONYM.fullmatch(core[0]) else None)
        if org is not None:
            return self.named(org, pos)
        person = self.fuller(toks, pos) if len(toks) == 1 else None
        person = person or self.refs.person_by_tokens(toks)
        if person is None and len(toks) > 1:
            person = self.refs.person_by_tokens(toks[-1:])
            if person is not None and not same_person(" ".join(core), person.name):
                person = None
        if person is not None:
            how = EXPLICIT if len(toks) >= len(person.tokens) else SURNAME
            return Resolved(person.name, PERSON, how, person)
        if len(core) > 5 or (len(core) == 1 and is_region_abbreviation(core[0]) and not is_given_name(core[0])):
            return NOBODY  # a sentence, not a name; or 'Ont.', a province after a town
        name = " ".join(core)
        org_like = any(t in ORGANISATION_NAME_WORDS for t in core_low) or (
            len(core) == 1 and core[0].isupper() and len(core[0]) <= 6) or fold(words[0]) == "the"
        titled = titles > 0 or any(is_honorific(w) for w in words[:-1])
        person_like = titled or is_given_name(core[0])
        if org_like and not person_like:
            return Resolved(name, ORGANISATION, EXPLICIT)
        if person_like or 2 <= len(core) <= 3:
            return Resolved(clean_person_name(name), PERSON, EXPLICIT)
        return Resolved(name, None, EXPLICIT)  # a lone word the text does not show to be a person or a body

    def document(self, pos: int, end: int, head: str) -> Resolved:
        """'the statement said' -> who issued it: the owner in the mention ('Nordwind’s statement'), the
        name after 'from' or 'by' where the document was introduced ('a statement from Nordwind'), or the
        subject of the sentence that says it was issued ('Nordwind issued a statement')."""
        owner = OWNER.search(self.body, pos, end)
        if owner is not None:
            ref = self.refs.at(owner.start(1), owner.end(1))
            if ref is not None:
                return self.named(ref, pos)
        words = WORD.findall(self.body[pos:end])[:-1]
        while words and (fold(words[0]) in DETERMINERS or fold(words[0]) in INDEFINITE):
            words = words[1:]
        if words and words[0][:1].isupper() and words[-1][:1].isupper():
            # 'One Harbour Alliance ad', 'a White House memo', 'a Fund for Peace report': the name it carries
            if all(w[:1].isupper() for w in words):
                return self.name_as_written(pos, words)
            toks = name_tokens(" ".join(words))
            ref = self.refs.organisation_by_tokens(toks)
            return self.named(ref, pos) if ref is not None else Resolved(" ".join(words), ORGANISATION, EXPLICIT)
        by = ISSUED_BY.match(self.body, end)
        if by is not None:
            ref = self.refs.at(by.start(1), by.end(1))
            if ref is not None:
                return self.named(ref, pos)  # 'said an advertisement from the Harbour Alliance'
        lo = max(0, pos - LOOKBACK_CHARS)
        verbs = DOCUMENT_VERBS.get(head, ())
        named_by = re.compile(r"\b(?:" + "|".join([rf"{re.escape(head)}s?", *map(re.escape, verbs)]) + r")\b",
                              re.IGNORECASE)
        intro = None
        for m in named_by.finditer(self.body, lo, pos):
            if not self.refs.inside_quote(m.start()):
                intro = m
        if intro is None:
            return NOBODY
        k = self.refs.sentence_of(intro.start())
        start = self.refs.sentence_span(k)[0]
        if intro.group().lower() in verbs:  # 'Huma Abedin emailed supporters' -> 'the email'
            ref = self.refs.agent_before(start, intro.start())
            return self.named(ref, pos) if ref is not None else NOBODY
        by = ISSUED_BY.match(self.body, intro.end())
        if by is not None:
            ref = self.refs.at(by.start(1), by.end(1))
            if ref is not None:
                return self.named(ref, pos)
        issued = None
        for m in ISSUE_VERB.finditer(self.body, start, intro.start()):
            issued = m
        if issued is not None:
            ref = self.refs.agent_before(start, issued.start()) or self.refs.subject_of(k, before=intro.start())
            if ref is not None:
                return self.named(ref, pos)
        return NOBODY

    def apposition(self, end: int) -> Referent | None:
        """The person named right after a description, between commas or dashes."""
        m = APPOSED_NAME.match(self.body, end)
        if m is None:
            return None
        ref = self.refs.at(m.start(1), m.end(1))
        return ref if ref is not None and ref.kind == "person" and ref.all_spans and any(
            s <= m.start(1) < e for s, e in ref.all_spans) else None

    def pronoun(self, pos: int, gender: str, continuing: bool = False) -> Resolved:
        ahead = self.refs.cataphor(pos)
        if ahead is not None and ahead.kind == "person" and ahead.gender in (None, gender) and not ahead.is_author:
            return Resolved(ahead.name, PERSON, PRONOUN, ahead)  # 'After he blasted the film, Swanson …'
        best = self._salient(pos, gender=gender, continuing=continuing)
        return Resolved(best.name, PERSON, PRONOUN, best) if best is not None else NOBODY

    def first_person(self) -> Resolved:
        if self.authors and self.first_person_article():
            name = self.authors[0]
            ref = next((p for p in self.refs.people if same_person(p.name, name)), None)
            return Resolved(ref.name if ref else name, PERSON, AUTHOR, ref)
        return NOBODY

    def first_person_article(self) -> bool:
        """Does the article speak in the first person outside its quotations (an opinion piece, a diary)?"""
        if self._first_person is None:
            n = 0
            for m in re.finditer(r"\b(?:I|me|my|mine|myself)\b", self.body):
                if fold(m.group()) in FIRST_PERSON_WORDS and not self.refs.inside_quote(m.start()):
                    n += 1
                    if n >= FIRST_PERSON_ARTICLE:
                        break
            self._first_person = n >= FIRST_PERSON_ARTICLE
        return self._first_person

    def role(self, pos: int, roles: set[str], age: int | None, gender: str | None = None,
             modifiers: set[str] = frozenset()) -> Resolved:
        """'the senator' -> the person the article names as a senator ('the Vermont senator' prefers the
        one also named with 'Vermont'); 'the 46-year-old' -> 'Doe, 46,'. With nobody named in that role,
        the most salient person of agreeing gender, at a lower confidence."""
        if age is not None:
            fits = [p for p in self.refs.people if age in p.ages]
        else:
            fits = [p for p in self.refs.people if roles & p.roles]
        if gender is not None:
            fits = [p for p in fits if p.gender in (None, gender)]
        party = {PARTY_WORDS[m] for m in modifiers if m in PARTY_WORDS}
        if party:
            fits = [p for p in fits if not {PARTY_WORDS[r] for r in p.roles if r in PARTY_WORDS} - party]
        if modifiers and len(fits) > 1:
            most = max(len(modifiers & p.roles) for p in fits)
            fits = [p for p in fits if len(modifiers & p.roles) == most]
        best = self._salient(pos, gender=gender, among=fits) if fits else None
        if best is None and fits:
            best = max(fits, key=lambda p: len(p.all_spans))
        if best is not None:
            return Resolved(best.name, PERSON, ROLE, best)
        best = self._salient(pos, gender=gender, subjects_only=True)
        return Resolved(best.name, PERSON, GUESSED_ROLE, best) if best is not None else NOBODY

    def organisation_role(self, pos: int, head: str) -> Resolved:
        """'the company', 'the newspaper', 'the committee': the organisation of that kind named last."""
        lo = max(0, pos - LOOKBACK_CHARS)
        named = [m for m in self.refs.mentions_between(lo, pos) if m[2].kind == "organisation"]
        if not named:
            return NOBODY
        def fits(org: Referent) -> bool:
            if head in org.tokens:
                return True
            return head in MEDIA_NOUNS and any(t in MEDIA_NAME_WORDS for t in org.tokens)
        matching = [m for m in named if fits(m[2])]
        if not matching and head in GENERIC_ORGANISATION_NOUNS:
            # 'the company said': the organisation that is the subject of a recent sentence, or the only one
            here = self.refs.sentence_of(pos)
            subjects = [self.refs.subject_of(k) for k in range(max(0, here - LOOKBACK_SENTENCES), here + 1)]
            matching = [m for m in named if any(m[2] is s for s in subjects)] or (
                named if len({id(m[2]) for m in named}) == 1 else [])
        if not matching:
            return NOBODY
        org = matching[-1][2]
        return Resolved(org.name, ORGANISATION, ROLE, org)

    def subject(self, k: int, before: int | None = None) -> Referent | None:
        """The subject of sentence ``k``: a named referent, or the person a role noun opening the sentence
        stands for ('The actress said she was tired' -> the article's actress)."""
        ref = self.refs.subject_of(k, before)
        if ref is not None:
            return ref
        start, end = self.refs.sentence_span(k)
        m = ROLE_SUBJECT.match(self.body, start, min(end, before or end))
        if m is None or fold(m.group(1)) not in PERSON_ROLES:
            return None
        key = (k, start)
        if key not in self._role_subjects:
            roles = role_heads([m.group(1)])
            fits = [p for p in self.refs.people if roles & p.roles]
            self._role_subjects[key] = fits[0] if len(fits) == 1 else None
        return self._role_subjects[key]

    def _last_speech(self, pos: int, last_speaker: Referent | None) -> Referent | None:
        """Who spoke last before ``pos``: the subject of a reporting clause in a sentence after the last
        quote ('Obama addressed the concerns, stating …'), else the last quote's speaker."""
        refs = self.refs
        here = refs.sentence_of(pos)
        said = refs.sentence_of(self.history[-1][0]) if self.history else here - LOOKBACK_SENTENCES
        for k in range(here - 1, max(said, here - LOOKBACK_SENTENCES, -1), -1):
            start, end = refs.sentence_span(k)
            if any(reporting_verb_base(m.group()) and not refs.inside_quote(m.start())
                   for m in WORD.finditer(self.body, start, end)):
                subject = self.subject(k)
                if subject is not None:
                    return subject
        return last_speaker

    # ------------------------------------------------------------------ salience
    def _salient(self, pos: int, gender: str | None, among: Sequence[Referent] | None = None,
                 subjects_only: bool = False, continuing: bool = False) -> Referent | None:
        """The person a pronoun or role noun at ``pos`` most likely refers to. ``continuing``: the
        reporting verb carries on the last speaker's words ('he added'), so the last speaker keeps the
        floor even if someone else became a subject since."""
        refs = self.refs
        here = refs.sentence_of(pos)
        allowed = None if among is None else {id(p) for p in among}
        scores: dict[int, float] = {}
        people: dict[int, Referent] = {}

        def add(ref: Referent, points: float, as_subject: bool = False) -> None:
            if ref.kind != "person" or (allowed is not None and id(ref) not in allowed):
                return
            if gender is not None and ref.gender not in (None, gender):
                return
            if ref.is_author and allowed is None:
                return
            if allowed is None and not (ref.plausible_person or (as_subject and ref.likely_person)):
                return  # a lone capitalised word the NER called a person counts only as a subject
            people[id(ref)] = ref
            scores[id(ref)] = scores.get(id(ref), 0.0) + points

        first = max(0, here - LOOKBACK_SENTENCES)
        lo = max(refs.sentence_span(first)[0], pos - LOOKBACK_CHARS)
        latest: dict[int, tuple[Referent, int]] = {}
        for s, _e, ref in () if subjects_only else refs.mentions_between(lo, pos):
            latest[id(ref)] = (ref, here - refs.sentence_of(s))
        for ref, back in latest.values():
            add(ref, 1.0 / (1 + back))  # recency of the latest mention: being named often is not being salient
        introduced: list[tuple[int, Referent]] = []
        if not subjects_only:
            # news introduces a new source, then quotes them: a person first named, with a description, in
            # this sentence or the one before ('…, courtesy of Wes Nakagiri, a delegate from Michigan who …')
            for s, e, ref in refs.mentions_between(max(lo, refs.sentence_span(max(0, here - 1))[0]), pos):
                if ref.kind == "person" and ref.all_spans and (s, e) == ref.all_spans[0] \
                        and APPOSITION.match(self.body, e):
                    add(ref, _INTRODUCED_POINTS)
                    introduced.append((s, ref))
        # a person's subject points are those of the latest sentence they are the subject of: subject of
        # the sentence before the pronoun beats subject of three sentences further back
        as_subject: dict[int, tuple[Referent, float]] = {}
        for back in range(0, here - first + 1):
            k = here - back
            subject = self.subject(k, before=pos if back == 0 else None)
            # a sentence whose subject is 'he' continues the subject of the sentences before it
            while subject is None and k > first and back > 0 and gender is not None and \
                    refs.subject_pronoun(k) == gender:
                k -= 1
                subject = self.subject(k)
            if subject is not None and id(subject) not in as_subject:
                as_subject[id(subject)] = (subject, _SUBJECT_POINTS[min(back, len(_SUBJECT_POINTS) - 1)])
        for subject, points in as_subject.values():
            add(subject, points, as_subject=True)
        recent: list[Referent] = []
        subjects_since: dict[int, list[Referent | None]] = {}
        quoted_at: dict[int, int] = {}
        for qpos, ref in reversed(self.history):
            if pos - qpos > LOOKBACK_CHARS or len(recent) == len(_SPEAKER_POINTS):
                break
            if all(ref is not r for r in recent):
                recent.append(ref)
                quoted_at[id(ref)] = qpos
                said = refs.sentence_of(qpos)
                subjects_since[id(ref)] = [self.subject(k, before=pos if k == here else None)
                                           for k in range(said + 1, here + 1)]
        carrying_on = self._last_speech(pos, recent[0] if recent else None) if continuing else None
        if carrying_on is not None:
            add(carrying_on, _CONTINUING_POINTS, as_subject=True)
        for rank, ref in enumerate(recent):
            points = _SPEAKER_POINTS[rank]
            if ref is carrying_on:
                pass
            elif any(s is not None and s is not ref for s in subjects_since[id(ref)]) or any(
                    new is not ref and s > quoted_at[id(ref)] for s, new in introduced):
                points *= _SUPERSEDED  # someone else became the subject, or was introduced, after that quote
            add(ref, points, as_subject=True)
        for pid, ref in people.items():
            scores[pid] += 0.3 * math.log1p(len(ref.all_spans))
            if gender is not None and ref.gender is None:
                scores[pid] -= _UNKNOWN_GENDER_PENALTY
        if not scores:
            return None
        best = max(scores, key=lambda k: (scores[k], -people[k].all_spans[0][0]))
        return people[best]
