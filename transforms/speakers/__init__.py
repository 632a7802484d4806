"""Who said it: each quotation's speaker resolved to the canonical person or organisation.

``resolve_speakers(body, quotes, entities, authors)`` is the stage's pure core (see ``resolve``);
``referents`` builds the article's people and organisations; ``lexicon`` holds the word lists.
"""
from transforms.speakers.resolve import (
    AUTHOR,
    EXPLICIT,
    INHERITED,
    ORGANISATION,
    PERSON,
    PRONOUN,
    ROLE,
    SURNAME,
    UNNAMED,
    resolve_speakers,
)

__all__ = ["AUTHOR", "EXPLICIT", "INHERITED", "ORGANISATION", "PERSON", "PRONOUN", "ROLE", "SURNAME", "UNNAMED",
           "resolve_speakers"]
