"""Shared word lists: honorifics, titles, particles, given names and their gender."""
from __future__ import annotations

import importlib.util
import logging

import pytest

from transforms.wordlists import given_names, names, places

HAS_FAKER = importlib.util.find_spec("faker") is not None


# --------------------------------------------------------------------------- honorifics and titles
@pytest.mark.parametrize(("word", "gender"), [
    ("Mr", "m"), ("Mr.", "m"), ("MR", "m"), ("Sir", "m"), ("Lord", "m"), ("Herr", "m"), ("M.", "m"),
    ("Mrs", "f"), ("Mrs.", "f"), ("Ms", "f"), ("Miss", "f"), ("Lady", "f"), ("Dame", "f"), ("Frau", "f"),
    ("Mme", "f"), ("Mlle.", "f"), ("Señora", "f"),
    ("Dr", None), ("Prof.", None), ("Mx", None), ("Rev", None),
    ("President", None), ("Keir", None), ("", None),
])
def test_honorific_gender(word: str, gender: str | None) -> None:
    assert names.honorific_gender(word) == gender


@pytest.mark.parametrize(("word", "expected"), [
    ("Mr", True), ("mrs.", True), ("Frau", True), ("Mme", True), ("Dr.", True),
    ("President", False), ("Smith", False), ("said", False),
])
def test_is_honorific(word: str, expected: bool) -> None:
    assert names.is_honorific(word) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("President", True), ("Sen.", True), ("Rep", True), ("Gov.", True), ("prime minister", True),
    ("Prime  Minister", True), ("Chancellor", True), ("Minister", True), ("spokeswoman", True),
    ("chief executive", True), ("Coach", True), ("Trader", True), ("Bundeskanzlerin", True),
    ("Keir", False), ("Downing Street", False), ("said", False), ("Mr", False),
])
def test_is_job_title(text: str, expected: bool) -> None:
    assert names.is_job_title(text) is expected


@pytest.mark.parametrize(("words", "expected"), [
    ("Prime Minister Keir Starmer", 2),
    ("Former Prime Minister Keir Starmer", 3),
    ("former US", 0),                                  # a modifier alone is no title
    ("Former Liverpool striker John Barnes", 0),
    ("Ms Vance", 1),
    ("Mr. Smith", 1),
    ("Trader Bernadette Doyle", 1),
    ("Chief Executive Officer Tim Cook", 3),
    ("then-Senator Barack Obama", 1),
    ("ex-President Jacob Zuma", 1),
    ("Acting Police Chief Ann Lee", 3),
    ("Sen. Dr. Jane Doe", 2),
    ("Keir Starmer", 0),
    ("", 0),
])
def test_leading_title_length(words: str, expected: int) -> None:
    assert names.leading_title_length(words.split()) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("van", True), ("de", True), ("von", True), ("bin", True), ("al", True), ("ten", True),
    ("abu", True), ("y", True),
    ("Van", False), ("De", False), ("and", False), ("the", False),
])
def test_is_name_particle(word: str, expected: bool) -> None:
    assert names.is_name_particle(word) is expected


def test_lists_are_normalised() -> None:
    """Entries are lower case, without a final full stop, single-spaced: the accessors rely on it."""
    for table in (names.HONORIFICS, names.JOB_TITLES, names.TITLE_MODIFIERS, names.NAME_PARTICLES,
                  names.ABBREVIATED_TITLES):
        for entry in table:
            assert entry == " ".join(entry.lower().split()), entry
            assert not entry.endswith(".") or entry == "st.", entry
    assert names.ABBREVIATED_TITLES <= names.HONORIFICS | names.JOB_TITLES
    assert {"m"} == names.INITIAL_LIKE_HONORIFICS


# --------------------------------------------------------------------------- given names
needs_faker = pytest.mark.skipif(not HAS_FAKER, reason="faker is not installed")


@needs_faker
@pytest.mark.parametrize(("name", "gender"), [
    ("Bernadette", "f"), ("Angela", "f"), ("Mary", "f"), ("Ursula", "f"), ("Maria", "f"),
    ("Thomas", "m"), ("Emmanuel", "m"), ("Pedro", "m"), ("Donald", "m"), ("Olaf", "m"),
    ("mary", "f"), ("MARY", "f"), ("Anne-Marie", "f"), ("Mary Smith", "f"), ("José", "m"),
    ("Jean", None),            # male in the French lists, female in the English ones
    ("Leslie", None),          # as many locales each way
    ("Volodymyr", None),       # not in the lists
    ("", None), ("   ", None),
])
def test_given_name_gender(name: str, gender: str | None) -> None:
    assert given_names.given_name_gender(name) == gender


@needs_faker
@pytest.mark.parametrize(("token", "expected"), [
    ("Anne", True), ("Thomas", True), ("José", True),
    ("mark", False),           # lower case: a word, not a name
    ("Johnson", False),        # listed as a surname by more locales than as a given name
    ("Red", False),            # one locale only
    ("Keir", False),
])
def test_is_given_name(token: str, expected: bool) -> None:
    assert given_names.is_given_name(token) is expected


def test_a_broken_locale_costs_only_its_names(monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    if not HAS_FAKER:
        pytest.skip("faker is not installed")
    real_import = given_names.importlib.import_module

    def flaky(name: str, *args: object) -> object:
        if name.endswith(".en_US"):
            raise ImportError("broken locale")
        return real_import(name, *args)

    given_names.load.cache_clear()
    monkeypatch.setattr(given_names.importlib, "import_module", flaky)
    try:
        with caplog.at_level(logging.WARNING, logger=given_names.LOG.name):
            lists = given_names.load()
        assert "en_US" in caplog.text
        assert len(lists.names) > 1000
        assert given_names.given_name_gender("Bernadette") == "f"
    finally:
        given_names.load.cache_clear()


def test_without_faker_every_lookup_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str, *args: object) -> object:
        raise ImportError(name)

    given_names.load.cache_clear()
    monkeypatch.setattr(given_names.importlib, "import_module", missing)
    try:
        assert given_names.given_names() == frozenset()
        assert given_names.is_given_name("Anne") is False
        assert given_names.given_name_gender("Anne") is None
    finally:
        given_names.load.cache_clear()


# --------------------------------------------------------------------------- places
@pytest.mark.parametrize(("token", "expected"), [
    ("Ont", True), ("Ont.", True), ("Calif.", True), ("N.Y.", True), ("NSW", True), ("Que.", True),
    ("B.C.", True), ("Toronto", False), ("Ontario", False), ("Said", False), ("", False),
])
def test_is_region_abbreviation(token: str, expected: bool) -> None:
    assert places.is_region_abbreviation(token) is expected


def test_the_quote_rules_read_the_shared_honorifics_and_particles() -> None:
    from transforms.quotes.lexicon import _NAME_PARTICLES
    from transforms.quotes.phrases import _is_honorific
    from transforms.quotes.tokens import _tokens
    from transforms.wordlists.names import NAME_PARTICLES

    assert {p.rstrip(".") for p in _NAME_PARTICLES} <= NAME_PARTICLES
    assert {"van", "bin", "al", "de"} <= _NAME_PARTICLES and "ten" not in _NAME_PARTICLES  # 'ten years'
    text = "Mr. Dame Frau Dr M. mr count Count"
    tokens = {t.text: t for t in _tokens(text, 0, len(text))}
    assert [w for w, t in tokens.items() if _is_honorific(t)] == ["Mr.", "Dame", "Frau", "Dr", "Count"]
