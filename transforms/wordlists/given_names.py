"""Given names and their gender, from ``faker``'s per-locale person lists (86 locales, installed data).

Loaded once per process on first use; nothing is downloaded. Each locale is read on its own, so one
broken locale costs only its names. Without ``faker`` the lists are empty and every look-up says
"unknown" (``is_given_name`` False, ``given_name_gender`` None).

A name counts as a given name when at least ``MIN_NAME_LOCALES`` locales list it as one, and no more
locales list it as a surname ("Johnson", "Thomas" as a surname is fine: more locales give it as a
given name). Its gender is the one the locales that split their names by gender agree on, by at least
``GENDER_MAJORITY`` to one ("Jean" is male in French and female in English lists: unknown).
"""
from __future__ import annotations

import functools
import importlib
import logging
import pkgutil
from collections import Counter
from dataclasses import dataclass

LOG = logging.getLogger(__name__)

MIN_NAME_LOCALES = 2   # a given name listed by one locale only is too often also a common word ("Red")
GENDER_MAJORITY = 3    # male locales : female locales (or the reverse) needed to call a name's gender
_LIST_TYPES = (list, tuple, set, frozenset, type({}.keys()))


@dataclass(frozen=True, slots=True)
class GivenNames:
    """The loaded lists: names as written (capitalised) and per-name locale counts."""

    names: frozenset[str]                   # given names (see the module docstring), as written
    male: Counter[str]                      # casefolded name -> locales listing it as male
    female: Counter[str]                    # casefolded name -> locales listing it as female


def _attr(provider: type, name: str) -> set[str]:
    """A list attribute of a faker Provider class (tuple, list or weighted dict), as a set of strings."""
    value = next((b.__dict__[name] for b in provider.__mro__ if name in b.__dict__), None)
    if isinstance(value, dict):
        value = value.keys()
    if not isinstance(value, _LIST_TYPES):
        return set()
    return {v for v in value if isinstance(v, str) and len(v) > 1 and v[:1].isupper()}


@functools.lru_cache(maxsize=1)
def load() -> GivenNames:
    """Read every faker person locale once; empty lists when faker is missing."""
    first: Counter[str] = Counter()
    last: Counter[str] = Counter()
    male: Counter[str] = Counter()
    female: Counter[str] = Counter()
    try:
        pkg = importlib.import_module("faker.providers.person")
        locales = [info.name for info in pkgutil.iter_modules(pkg.__path__)]
    except Exception:
        LOG.warning("given-name lists (faker) could not be loaded; given-name rules are off", exc_info=True)
        return GivenNames(frozenset(), Counter(), Counter())
    for locale in locales:
        try:
            provider = importlib.import_module(f"{pkg.__name__}.{locale}").Provider
            m, f = _attr(provider, "first_names_male"), _attr(provider, "first_names_female")
            given = m | f | _attr(provider, "first_names")
            surnames = _attr(provider, "last_names")
        except Exception:
            LOG.warning("faker locale %s gives no given names", locale, exc_info=True)
            continue
        first.update(given)
        last.update(surnames)
        male.update(n.casefold() for n in m)
        female.update(n.casefold() for n in f)
    names = frozenset(n for n, c in first.items() if c >= max(MIN_NAME_LOCALES, last.get(n, 0)))
    return GivenNames(names, male, female)


def given_names() -> frozenset[str]:
    """Every given name as the lists write it ('Anne', 'José', 'DeShawn')."""
    return load().names


def is_given_name(token: str) -> bool:
    """A capitalised token that is a given name ('Anne'); lower-case words never are ('mark', 'will')."""
    return token in load().names


def given_name_gender(name: str) -> str | None:
    """'m', 'f', or None when the lists disagree or do not know the name. Case-insensitive.

    Only the first word of ``name`` is read, and a hyphenated given name by its first part
    ("Anne-Marie" is read as "Anne").
    """
    words = name.split()
    if not words:
        return None
    key = words[0].split("-")[0].strip(".,;:'’").casefold()
    lists = load()
    m, f = lists.male.get(key, 0), lists.female.get(key, 0)
    if m >= GENDER_MAJORITY * f and m > 0:
        return "m"
    if f >= GENDER_MAJORITY * m and f > 0:
        return "f"
    return None
