"""Comparison keys for text: two spellings of one name, site or headline meet under the same key.

``alnum_key`` keeps accents ("José" and "Jose" stay apart); ``accent_free_key`` drops them as well.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["accent_free_key", "alnum_key"]

# Everything but letters and digits; combining accents count as non-word after NFKD decomposition.
NON_ALNUM = re.compile(r"[\W_]+")


def alnum_key(text: str) -> str:
    """Casefolded letters and digits only: "Jane Doe", "JANE-DOE" and "jane_doe" meet."""
    return NON_ALNUM.sub("", text.casefold())


def accent_free_key(text: str) -> str:
    """``alnum_key`` without accents as well: "José Núñez" and "JOSE NUNEZ" meet."""
    return NON_ALNUM.sub("", unicodedata.normalize("NFKD", text.casefold()))
