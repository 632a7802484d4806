"""Abbreviated names of states, provinces and territories, as datelines and addresses write them after a
town ("Toronto, Ont.", "Fresno, Calif.", "Dubbo, NSW"). They name places, never people or speakers.

Entries are lower case without their final full stop ("calif" stands for "Calif." and "Calif"); internal
full stops are kept ("n.y"). Several are also words or names ("Miss.", "Mass", "Del", "Wash", "Vic"), so
read them as places only where a place is expected: right after "Town, ".
"""
from __future__ import annotations

REGION_ABBREVIATIONS = frozenset({
    # United States, AP style
    "ala", "ariz", "ark", "calif", "cal", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans",
    "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nebr", "nev", "n.h", "n.j",
    "n.m", "n.y", "n.c", "n.d", "okla", "ore", "pa", "r.i", "s.c", "s.d", "tenn", "tex", "va", "vt",
    "wash", "wis", "wisc", "w.va", "wyo", "d.c",
    # United States, postal codes
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "hi", "id", "il", "in", "ia", "ks", "me", "mi",
    "mn", "ms", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "ri", "sc", "sd",
    "tn", "tx", "ut", "wa", "wv", "wi", "wy", "dc",
    # Canada
    "ont", "que", "qc", "alta", "sask", "man", "b.c", "bc", "n.s", "ns", "n.b", "nb", "nfld", "nl",
    "p.e.i", "pei", "n.w.t", "nwt", "on", "ab", "sk", "mb", "yt", "nu",
    # Australia
    "nsw", "qld", "vic", "tas", "w.a", "s.a", "n.t", "act",
})


def is_region_abbreviation(token: str) -> bool:
    """'Ont', 'Calif.', 'N.Y.', 'NSW': an abbreviated state or province (see the module docstring)."""
    return token.casefold().rstrip(".") in REGION_ABBREVIATIONS
