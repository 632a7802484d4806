"""Re-runs, re-crawls and late NLP: committed articles skip NLP; ``enrich`` adds or redoes it, atomically."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from pipeline.catalog import committed_files
from pipeline.enrich import stale_partitions
from pipeline.layout import runs_dir
from tests.conftest import REPO, run_cli
from tests.synthetic import read_dataset
from transforms import versions

pytestmark = pytest.mark.model

PEOPLE = [("Maria Lopez", "council"), ("David Chen", "hospital"), ("Sarah Okafor", "school"),
          ("Tom Becker", "harbour"), ("Anna Novak", "museum"), ("James Hill", "railway")]


def news(n: int, day: str, url: str | None = None) -> dict[str, Any]:
    name, place = PEOPLE[n % len(PEOPLE)]
    surname = name.split()[1]
    body = (f"{name}, who leads the {place} board in Riverton, said on Monday that the plan would go ahead. "
            f"\"We have waited long enough for this,\" {surname} said. The Riverton {place} has been closed "
            f"since March, and {surname} told reporters that work will begin in the spring.")
    return {"url": url or f"https://riverton.example/{place}/{n}", "title": f"The {place} plan, part {n}",
            "author": "By Kim Reyes", "published": f"{day}T09:00:00Z", "text": body}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run(output: Path, *inputs: Path, nlp: bool = True) -> tuple[dict[str, Any], str]:
    args = ["run", "--output", str(output), *(a for i in inputs for a in ("--input", str(i)))]
    result = run_cli(*args, *([] if nlp else ["--no-nlp"]))
    assert result.returncode == 0, result.stderr
    manifests = sorted(runs_dir(output).glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    return json.loads(manifests[-1].read_text()), result.stdout


def derived(output: Path, dataset: str, partition: str | None = None) -> list[tuple[Any, ...]]:
    """A dataset's rows (of one partition folder) without what names the run that made them, in a stable order."""
    where = f"published_date = DATE '{partition.split('=', 1)[1]}'" if partition else "true"
    rows = read_dataset(output, dataset, where)
    return sorted(tuple((k, repr(v)) for k, v in sorted(r.items()) if k != "run_id") for r in rows)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    days = ["2026-05-01", "2026-05-01", "2026-05-02", "2026-05-03"]
    return write_jsonl(tmp_path / "in" / "a.jsonl", [news(n, day) for n, day in enumerate(days)])


def test_a_rerun_skips_nlp_for_every_committed_article(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    first, _ = run(out, corpus)
    assert first["counts"]["nlp_skipped_existing"] == 0
    assert first["counts"]["entities"] > 0 and first["counts"]["quotes"] > 0
    second, _ = run(out, corpus)
    counts = second["counts"]
    assert counts["nlp_skipped_existing"] == 4  # counted by the commit: none of them reached NER
    assert (counts["articles_written"], counts["duplicates_existing"], counts["entities"], counts["quotes"]) \
        == (0, 4, 0, 0)
    # a re-crawl: the same canonical URL with tracking parameters, in another file
    recrawl = write_jsonl(tmp_path / "in" / "b.jsonl",
                          [news(0, "2026-05-01", url="https://riverton.example/council/0?utm_source=feed")])
    third, _ = run(out, recrawl)
    assert (third["counts"]["nlp_skipped_existing"], third["counts"]["duplicates_existing"]) == (1, 1)


def test_a_copy_within_the_run_skips_nlp_and_the_first_copy_wins(tmp_path: Path) -> None:
    records = [news(0, "2026-05-01"), news(1, "2026-05-01"), news(0, "2026-05-01")]
    manifest, _ = run(tmp_path / "out", write_jsonl(tmp_path / "in" / "dup.jsonl", records))
    counts = manifest["counts"]
    assert (counts["articles_written"], counts["duplicates_in_run"], counts["nlp_skipped_in_run"]) == (2, 1, 1)
    run(tmp_path / "single", write_jsonl(tmp_path / "in2" / "one.jsonl", records[:2]))
    assert derived(tmp_path / "out", "entities") == derived(tmp_path / "single", "entities")


def test_the_id_index_is_rebuilt_when_deleted(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    run(out, corpus)
    shutil.rmtree(out / "_index")
    again, _ = run(out, corpus)
    assert again["counts"]["nlp_skipped_existing"] == 4
    assert again["counts"]["articles_written"] == 0
    assert list((out / "_index" / "articles").glob("*.ids"))


def test_no_nlp_then_enrich_equals_nlp_from_the_start(tmp_path: Path, corpus: Path) -> None:
    late, early = tmp_path / "late", tmp_path / "early"
    run(late, corpus, nlp=False)
    rerun, stdout = run(late, corpus)  # NLP on, but every article is committed: it says what to do
    assert rerun["counts"]["entities"] == 0
    assert f"newsbeam enrich --output {late}" in stdout
    result = run_cli("enrich", "--output", str(late))
    assert result.returncode == 0, result.stderr
    run(early, corpus)
    for dataset in ("entities", "quotes"):
        assert derived(late, dataset) == derived(early, dataset)
        assert derived(late, dataset)
    assert stale_partitions(late) == {}
    again = run_cli("enrich", "--output", str(late))  # idempotent: nothing left to do, nothing written
    assert again.returncode == 0 and "nothing to do" in again.stdout
    assert len([m for m in runs_dir(late).glob("*.json") if "enrich" in m.name]) == 1
    _, stdout = run(late, corpus)
    assert "newsbeam enrich" not in stdout


def _bump(version: str, *args: str, before_swap: str = "") -> subprocess.CompletedProcess[str]:
    """``newsbeam ARGS`` with an extractor version bumped (and code run before the swap exchanges folders)."""
    script = textwrap.dedent(f"""
        import sys
        import transforms.versions as versions
        versions.{version} = str(int(versions.{version}) + 1)
        import pipeline.swap as swap
        {before_swap}
        from pipeline.cli import main
        sys.exit(main({list(args)!r}))
    """)
    return subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                          timeout=600, check=False)


def _files(output: Path, dataset: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in committed_files(output, dataset):
        found.setdefault(path.parent.name, set()).add(path.name)
    return found


def test_a_version_bump_makes_enrich_redo_exactly_the_stale_partitions(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    run(out, corpus)  # partitions of May 1st to 3rd, today's versions
    later = write_jsonl(tmp_path / "in" / "later.jsonl", [news(4, "2026-05-04")])
    result = _bump("QUOTES_VERSION", "run", "--output", str(out), "--input", str(later))
    assert result.returncode == 0, result.stderr  # May 4th, made with the next quotes version
    entities_before, quotes_before = _files(out, "entities"), _files(out, "quotes")
    result = _bump("QUOTES_VERSION", "enrich", "--output", str(out))
    assert result.returncode == 0, result.stderr
    (manifest,) = [json.loads(p.read_text()) for p in runs_dir(out).glob("*enrich*.json")]
    stale = ["published_date=2026-05-01", "published_date=2026-05-02", "published_date=2026-05-03"]
    assert manifest["enriched"] == {"quotes": stale}  # entities were current, and so was May 4th
    assert manifest["extractors"]["quotes"].startswith(f"{int(versions.QUOTES_VERSION) + 1} ")
    assert _files(out, "entities") == entities_before
    quotes_after = _files(out, "quotes")
    assert quotes_after["published_date=2026-05-04"] == quotes_before["published_date=2026-05-04"]
    for partition in stale:
        assert quotes_after[partition].isdisjoint(quotes_before[partition])
    assert sum(p.stat().st_size > 0 for p in committed_files(out, "quotes"))


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["before_the_journal", "between_two_partition_swaps"])
def test_kill_9_during_enrich_leaves_old_rows_or_new_never_a_mix(tmp_path: Path, corpus: Path, moment: str) -> None:
    out = tmp_path / "out"
    run(out, corpus)
    before = _files(out, "entities")
    old_rows = {p: derived(out, "entities", p) for p in before}
    kill = "os.kill(os.getpid(), signal.SIGKILL)"
    hooks = {
        "before_the_journal": f"swap.PartitionSwap.publish = lambda self: {kill}",
        "between_two_partition_swaps": textwrap.dedent(f"""
            real, calls = swap.exchange_dirs, []
            def exchange(first, second):
                calls.append(real(first, second))
                if len(calls) == 2:
                    {kill}
                return calls[-1]
            swap.exchange_dirs = exchange"""),
    }
    hook = "import os, signal\n" + hooks[moment]
    result = _bump("ENTITIES_VERSION", "enrich", "--output", str(out), before_swap=hook.replace("\n", "\n        "))
    assert result.returncode == -signal.SIGKILL, result.stderr
    after_kill = _files(out, "entities")
    for partition, names in after_kill.items():  # each partition is all old files or all new ones
        assert names == before[partition] or names.isdisjoint(before[partition])
    if moment == "before_the_journal":
        assert after_kill == before
    assert {p: derived(out, "entities", p) for p in after_kill} == old_rows  # same code, same rows
    finished = _bump("ENTITIES_VERSION", "enrich", "--output", str(out))  # the next writer finishes or redoes it
    assert finished.returncode == 0, finished.stderr
    final = _files(out, "entities")
    assert all(names.isdisjoint(before[p]) for p, names in final.items())
    assert {p: derived(out, "entities", p) for p in final} == old_rows
    swaps = out / "_state" / "swap"
    assert not swaps.exists() or not any(swaps.iterdir())


def test_enrich_refuses_a_folder_without_articles_and_unknown_datasets(tmp_path: Path) -> None:
    missing = run_cli("enrich", "--output", str(tmp_path / "nothing"))
    assert missing.returncode == 2 and "no committed articles" in missing.stderr
    (tmp_path / "out" / "articles").mkdir(parents=True)
    wrong = run_cli("enrich", "--output", str(tmp_path / "out"), "--datasets", "entities,articles")
    assert wrong.returncode == 2 and "articles" in wrong.stderr
    assert os.path.isdir(tmp_path / "out")
