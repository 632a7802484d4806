"""The report of the bundled sample, opened from disk in headless Chromium.

No console errors and no request for anything; every chart drew marks; the numbers on the page are those of
the same questions asked through ``newsbeam query``; the page prints. The screenshot of the page in docs/ is
made here: ``NEWSBEAM_WRITE_SCREENSHOT=1 pytest tests/test_report_browser.py`` writes docs/report-sample.png
(otherwise the screenshot goes to the test's temporary folder, so that a test run leaves the tree as it was).

Chromium is Debian's package (``apt-get install chromium``; .ci/run installs it), driven by playwright, which
downloads no browser of its own. Without either, the test is skipped and says why.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.report.aggregates import LAST_RUNS, OTHER_SOURCES, TOP_ENTITIES, TOP_SOURCES_PER_DAY, TOP_SPEAKERS
from tests.conftest import REPO

CHROMIUM = os.environ.get("NEWSBEAM_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT = REPO / "docs" / "report-sample.png"
CHARTS = {"languages", "rejects", "per-day", "people", "organisations", "places", "speakers", "speaker-types",
          "quotes-per-article", "map", "date-sources", "date-lag", "runs"}

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium; "
                                                "or NEWSBEAM_CHROMIUM=/path/to/chrome)"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None,
                       reason="playwright is not installed (the dev extra)"),
    pytest.mark.skipif(importlib.util.find_spec("vl_convert") is None,
                       reason="vl-convert-python is not installed (the report extra)"),
]


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory, cli: Callable[..., subprocess.CompletedProcess[str]]
                  ) -> Path:
    output = tmp_path_factory.mktemp("report-sample") / "out"
    done = cli("run", "--output", str(output))  # the bundled sample, as `make run` runs it
    assert done.returncode == 0, done.stderr
    done = cli("report", "--output", str(output))
    assert done.returncode == 0, done.stderr
    page = Path(done.stdout.strip())
    assert page == (output / "report.html").resolve()
    return page


@pytest.fixture(scope="module")
def browser_page(sample_report: Path) -> Iterator[dict[str, Any]]:
    """The page loaded in Chromium, with what the browser reported while loading it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        console: list[tuple[str, str]] = []
        requests: list[str] = []
        page.on("console", lambda message: console.append((message.type, message.text)))
        page.on("pageerror", lambda error: console.append(("pageerror", str(error))))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(sample_report.as_uri(), wait_until="load")
        yield {"page": page, "console": console, "requests": requests, "url": sample_report.as_uri()}
        browser.close()


def query(output: Path, sql: str) -> list[dict[str, Any]]:
    """The rows of ``newsbeam query --format json``, run as a user runs it."""
    from tests.conftest import run_cli

    done = run_cli("query", "--output", str(output), "--format", "json", sql)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def page_table(page: Any, name: str) -> list[list[str]]:
    return page.evaluate("""name => [...document.querySelectorAll(`table[data-table="${name}"] tbody tr`)]
                            .map(tr => [...tr.cells].map(td => td.textContent.trim()))""", name)


def metric(page: Any, name: str) -> str:
    return page.locator(f'[data-metric="{name}"]').inner_text().strip()


def as_text(value: Any) -> str:
    """A query's value as the page writes it (pipeline.report.page.number)."""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return str(value)


def test_no_console_errors_and_nothing_requested(browser_page: dict[str, Any]) -> None:
    assert [m for m in browser_page["console"] if m[0] in ("error", "warning", "pageerror")] == []
    assert browser_page["requests"] == [browser_page["url"]]  # the page itself, and nothing else


def test_every_chart_drew_something(browser_page: dict[str, Any]) -> None:
    page = browser_page["page"]
    drawn = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('figure.chart')].map(f => {
        const svg = f.querySelector('svg');
        const marks = svg ? [...svg.querySelectorAll('.role-mark > path, .role-mark > text, .role-mark > circle')]
                            .filter(e => { const b = e.getBBox(); return b.width > 0 && b.height > 0; }) : [];
        const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
        return [f.dataset.chart, {marks: marks.length, width: box.width, height: box.height}];
    }))""")
    assert set(drawn) == CHARTS
    for name, chart in drawn.items():
        assert chart["marks"] > 0 and chart["width"] > 100 and chart["height"] > 40, (name, chart)


def test_the_overview_numbers_are_the_queries(browser_page: dict[str, Any], sample_report: Path) -> None:
    page, output = browser_page["page"], sample_report.parent
    (totals,) = query(output, """
        select count(*) as articles, count(distinct source) as sources, min(published_date) as first_day,
               max(published_date) as last_day, count(*) filter (where published_at is null) as without_date,
               count(*) filter (where len(authors) = 0) as without_author,
               (select count(*) from rejects) as rejects, (select count(*) from entities) as entities,
               (select count(*) from quotes) as quotes
        from articles""")
    assert totals["articles"] > 0 and totals["quotes"] > 0 and totals["rejects"] > 0
    assert {name: metric(page, name) for name in totals} == {name: as_text(v) for name, v in totals.items()}
    runs = [p for p in (output / "_runs").glob("*.json") if not p.name.endswith(".pending.json")]
    assert metric(page, "runs") == str(len(runs))
    assert page_table(page, "rejects") == [[r["reason"], as_text(r["n"])] for r in query(
        output, "select reason, count(*) as n from rejects group by 1 order by 2 desc, 1")]
    assert page_table(page, "languages") == [[r["language"], as_text(r["n"])] for r in query(
        output, "select coalesce(language, 'unknown') as language, count(*) as n from articles "
                "group by 1 order by 2 desc, 1")]


def test_articles_per_source_are_the_query(browser_page: dict[str, Any], sample_report: Path) -> None:
    rows = query(sample_report.parent, "select source, count(*) as n from articles group by 1 order by 2 desc, 1")
    expected = [[r["source"], as_text(r["n"])] for r in rows[:TOP_SOURCES_PER_DAY]]
    if len(rows) > TOP_SOURCES_PER_DAY:
        expected.append([OTHER_SOURCES, as_text(sum(r["n"] for r in rows[TOP_SOURCES_PER_DAY:]))])
    assert page_table(browser_page["page"], "per-day-sources") == expected


@pytest.mark.parametrize(("table", "labels"), [("people", "'PERSON'"), ("organisations", "'ORG'"),
                                               ("places", "'GPE', 'LOC'")])
def test_who_is_mentioned_is_the_query(browser_page: dict[str, Any], sample_report: Path, table: str,
                                       labels: str) -> None:
    rows = query(sample_report.parent, f"""
        select entity, count(distinct article_id) as articles, sum(mention_count) as mentions from entities
        where label in ({labels}) group by 1 order by 2 desc, 3 desc, 1 limit {TOP_ENTITIES}""")
    assert rows
    assert page_table(browser_page["page"], table) == [
        [r["entity"], as_text(r["articles"]), as_text(int(r["mentions"]))] for r in rows]


def test_who_is_quoted_is_the_query(browser_page: dict[str, Any], sample_report: Path) -> None:
    page, output = browser_page["page"], sample_report.parent
    speakers = query(output, f"""
        select speaker, count(*) as quotes, count(distinct article_id) as articles from quotes
        where speaker is not null group by 1 order by 2 desc, 3 desc, 1 limit {TOP_SPEAKERS}""")
    shown = page_table(page, "speakers")
    assert [row[:3] for row in shown] == [[r["speaker"], as_text(r["quotes"]), as_text(r["articles"])]
                                          for r in speakers]
    examples = {r["speaker"]: {q["text"] for q in query(output, "select text from quotes where speaker = '"
                                                               + r["speaker"].replace("'", "''") + "'")}
                for r in speakers[:3]}
    for speaker, _, _, example in shown[:3]:  # an example is one of the speaker's own quotes
        text = " ".join(example.strip("“”").removesuffix("…").split())
        assert any(" ".join(q.split()).startswith(text) for q in examples[speaker]), (speaker, example)
    by_type = {r["t"]: r["n"] for r in query(output, "select coalesce(speaker_type, '-') as t, count(*) as n "
                                                     "from quotes group by 1")}
    words = {"named person": "person", "organisation": "organisation", "unnamed": "unnamed", "no attribution": "-"}
    assert {row[0]: row[1] for row in page_table(page, "speaker-types")} == {
        label: as_text(by_type[kind]) for label, kind in words.items() if kind in by_type}
    per_source = query(output, """
        with q as (select article_id, count(*) as n from quotes group by 1)
        select a.source, count(*) as articles, coalesce(sum(q.n), 0) as quotes,
               round(coalesce(sum(q.n), 0) / count(*), 2) as per_article
        from articles a left join q using (article_id) group by 1 order by 2 desc, 1 limit 12""")
    assert page_table(page, "quotes-per-article") == [
        [r["source"], as_text(r["articles"]), as_text(int(r["quotes"])), as_text(float(r["per_article"]))]
        for r in per_source]


def test_dates_and_runs_are_the_queries(browser_page: dict[str, Any], sample_report: Path) -> None:
    page, output = browser_page["page"], sample_report.parent
    shares = query(output, "select date_source, count(*) as n, round(100.0 * count(*) / sum(count(*)) over (), 1) "
                           "as percent from articles group by 1 order by 2 desc, 1")
    assert page_table(page, "date-sources") == [[r["date_source"], as_text(r["n"]), as_text(float(r["percent"]))]
                                                for r in shares]
    (lag,) = query(output, "select count(*) as n from articles where published_at is not null "
                           "and fetched_at is not null")
    assert sum(int(row[1]) for row in page_table(page, "date-lag")) == lag["n"]
    manifests = sorted((p for p in (output / "_runs").glob("*.json") if not p.name.endswith(".pending.json")),
                       key=lambda p: json.loads(p.read_text())["started_at"], reverse=True)[:LAST_RUNS]
    runs = page_table(page, "runs")
    assert [row[0] for row in runs] == [json.loads(p.read_text())["run_id"] for p in manifests]
    counts = json.loads(manifests[0].read_text())["counts"]
    assert runs[0][3:8] == [as_text(counts[k]) for k in ("records_read", "articles_written", "rejected",
                                                         "entities", "quotes")]


def test_the_page_prints_and_its_screenshot_is_kept(browser_page: dict[str, Any], tmp_path: Path) -> None:
    page = browser_page["page"]
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    target = SCREENSHOT if os.environ.get("NEWSBEAM_WRITE_SCREENSHOT") else tmp_path / SCREENSHOT.name
    page.screenshot(path=str(target), full_page=True)
    assert target.read_bytes().startswith(b"\x89PNG") and target.stat().st_size > 50_000
