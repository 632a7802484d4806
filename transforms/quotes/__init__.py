"""Direct quotations and their speakers, found with rules over plain text.

The core is pure: ``extract_quotes(body, people)`` takes an article body and the PERSON mentions the NER
stage found in it, (canonical name, start, end), and returns ``Quote`` values whose offsets index into the
body. No parser runs here (spaCy NER already takes most of the time budget): quote marks are paired with a
linear scan and speakers are read off the reporting cue next to each quote.

1. Marks. Each quote mark is classified from its glyph and its neighbours: opening, closing, either, or
   an apostrophe. In British text a closing single quote and an apostrophe are the same character, so
   ``’`` between letters or before a year is an apostrophe, and ``s’`` before a space closes a quote only
   when no better closing mark follows. Sites mix up “ and ”, type " for both, or write '' (NYT): context
   wins over the glyph when it is unambiguous.
2. Quotations. Marks are paired per paragraph with a small stack per family (double, single, guillemets);
   only outermost pairs are quotes. An opener left at the end of a paragraph continues into the next
   paragraph when that one is reopened with the same family (the convention for long quotes); otherwise it
   is kept only when it plainly starts a quotation (after a colon or a cue), up to the paragraph end (or,
   in an over-long paragraph, the last sentence end within ``MAX_UNCLOSED_CHARS``), so an unbalanced mark
   never swallows the rest of the article.
3. Speakers. The words right after a quote ('…,” he said', '…,” said Mr. Garin, a pollster') and the
   sentence before it ('Ms. Ruiz told reporters: “…”', 'According to X, “…”', '…, saying “…”') are searched
   for a cue and its subject. ``speaker_mention`` keeps the words as written (a pronoun stays a pronoun);
   ``speaker`` is the canonical PERSON name under the mention, the person a pronoun refers to, or none.
   Quotes without a cue of their own take the speaker of the quote they continue (split quotes, later
   sentences and paragraphs of the same speech), of a paragraph ending in 'she continued:', or of a
   credit line ('- Jane Roe').
4. Filters. Titles, nicknames and scare quotes are not quotations: a short title-cased or partial quote
   is kept only when a reporting cue touches it ('called it “a disgrace”'), and 'so-called …', a quoted
   phrase used as a noun ('“Top secret” is …') or a subhead in single quotes is dropped.

All context windows are bounded (``_WINDOW`` characters, ``_MAX_QUOTES_BACK`` quotes), so the cost grows
linearly with the text, whatever its marks.
"""
from __future__ import annotations

from transforms.quotes.cues import is_reporting_verb, reporting_verb_base
from transforms.quotes.extract import Quote, extract_quotes
from transforms.quotes.marks import MAX_UNCLOSED_CHARS, paragraph_spans, sentence_starts

__all__ = ["MAX_UNCLOSED_CHARS", "Quote", "extract_quotes", "is_reporting_verb", "paragraph_spans",
           "reporting_verb_base", "sentence_starts"]
