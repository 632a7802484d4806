"""What enrich considers missing or stale, folded from the manifests (no NLP runs here)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.enrich import stale_partitions
from pipeline.layout import runs_dir
from transforms import versions
from transforms.versions import extractor_versions

DAYS = ["published_date=2026-05-01", "published_date=2026-05-02", "published_date=2026-05-03"]
OLD = {"entities": "0", "quotes": "0 (entities 0)"}


def _output(tmp_path: Path, manifests: list[dict[str, Any]]) -> Path:
    for day in DAYS:
        (tmp_path / "articles" / day).mkdir(parents=True)
        (tmp_path / "articles" / day / "part-x-00000.parquet").write_bytes(b"")
    for n, manifest in enumerate(manifests):
        runs_dir(tmp_path).mkdir(exist_ok=True)
        body = {"run_id": f"r{n}", "status": "committed", "committed_at": f"2026-05-0{n + 1}T00:00:00+00:00",
                **manifest}
        (runs_dir(tmp_path) / f"r{n}.json").write_text(json.dumps(body))
    return tmp_path


def run(days: list[str], extractors: dict[str, str] | None, **extra: Any) -> dict[str, Any]:
    return {"extractors": extractors, "files": [{"dataset": "articles", "path": f"articles/{d}/part-x-00000.parquet"}
                                                for d in days], **extra}


def enrich(enriched: dict[str, list[str]], extractors: dict[str, str]) -> dict[str, Any]:
    return {"kind": "enrich", "extractors": extractors, "enriched": enriched, "files": []}


CURRENT = "current"
BOTH = {"entities", "quotes"}


@pytest.mark.parametrize(("manifests", "expected"), [
    ([], {d: BOTH for d in DAYS}),                                              # no manifest names them
    ([run(DAYS, None)], {d: BOTH for d in DAYS}),                               # --no-nlp
    ([run(DAYS, CURRENT)], {}),
    ([run(DAYS, OLD)], {d: BOTH for d in DAYS}),                                # an older extractor
    ([run(DAYS[:2], CURRENT), run(DAYS[1:], None)], {DAYS[1]: BOTH, DAYS[2]: BOTH}),  # a mixed partition
    ([run(DAYS, None), enrich({"entities": DAYS, "quotes": DAYS[:1]}, CURRENT)],
     {DAYS[1]: {"quotes"}, DAYS[2]: {"quotes"}}),
    ([run(DAYS, None), enrich({"entities": DAYS, "quotes": DAYS}, CURRENT), run(DAYS[:1], OLD)],
     {DAYS[0]: BOTH}),                                                          # later articles, older code
    ([run(DAYS, None, status="replaced"), run(DAYS, CURRENT)], {}),
    ([run(DAYS, CURRENT, status="replaced")], {d: BOTH for d in DAYS}),         # a replaced run counts for nothing
])
def test_stale_partitions(tmp_path: Path, manifests: list[dict[str, Any]], expected: dict[str, set[str]]) -> None:
    for manifest in manifests:
        if manifest["extractors"] == CURRENT:
            manifest["extractors"] = extractor_versions()
    assert stale_partitions(_output(tmp_path, manifests)) == expected


def test_a_new_entities_version_makes_quotes_stale_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = _output(tmp_path, [run(DAYS, extractor_versions())])
    monkeypatch.setattr(versions, "QUOTES_VERSION", "9")
    assert stale_partitions(output) == {d: {"quotes"} for d in DAYS}
    monkeypatch.setattr(versions, "ENTITIES_VERSION", "9")
    assert stale_partitions(output) == {d: BOTH for d in DAYS}
    assert stale_partitions(output, datasets=["entities"]) == {d: {"entities"} for d in DAYS}


@pytest.mark.parametrize(("since", "until", "expected"), [
    (None, None, DAYS),
    (dt.date(2026, 5, 2), None, DAYS[1:]),
    (None, dt.date(2026, 5, 1), DAYS[:1]),
    (dt.date(2026, 5, 2), dt.date(2026, 5, 2), DAYS[1:2]),
    (dt.date(2026, 6, 1), None, []),
])
def test_since_and_until_pick_partitions(tmp_path: Path, since: dt.date | None, until: dt.date | None,
                                         expected: list[str]) -> None:
    assert sorted(stale_partitions(_output(tmp_path, []), since=since, until=until)) == expected
