"""``newsbeam report``: its aggregates on a small invented output, places, charts, the page, the command line."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.layout import file_schema, partition_dir
from pipeline.report import ReportError, build_report, report_data
from pipeline.report import charts as report_charts
from pipeline.report.aggregates import OTHER_SOURCES, Selection, articles_per_day, load_runs, select
from pipeline.report.geo import Gazetteer, gazetteer, locate, where
from pipeline.report.page import number, render, table
from tests.synthetic import article_row, entity_row, quote_row, reject_row, write

HAS_RENDERER = __import__("importlib").util.find_spec("vl_convert") is not None
needs_renderer = pytest.mark.skipif(not HAS_RENDERER, reason="vl-convert-python (the report extra) not installed")
BODY_MARKER = "Zanzibar-lighthouse-keeper-body-text"


def _article(article_id: str, day: int, source: str, **changes: Any) -> dict[str, Any]:
    row = article_row(article_id, "run1")
    row.update({"source": source, "published_at": dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC),
                "body": f"{BODY_MARKER} {article_id}", **changes})
    return row


def _quote(article_id: str, quote_id: str, speaker: str | None, kind: str | None, text: str = "The gates hold",
           confidence: float = 0.9) -> dict[str, Any]:
    row = quote_row(article_id, "run1", quote_id, speaker)
    row.update(speaker_type=kind, text=text, confidence=confidence)
    return row


def _entity(article_id: str, name: str, label: str = "PERSON", mentions: int = 1) -> dict[str, Any]:
    row = entity_row(article_id, "run1", name, label)
    row["mention_count"] = mentions
    return row


def _manifest(output: Path, run_id: str, started: str, seconds: float, **counts: int) -> None:
    start = dt.datetime.fromisoformat(started)
    (output / "_runs").mkdir(parents=True, exist_ok=True)
    (output / "_runs" / f"{run_id}.json").write_text(json.dumps({
        "run_id": run_id, "started_at": start.isoformat(),
        "committed_at": (start + dt.timedelta(seconds=seconds)).isoformat(), "counts": counts}), encoding="utf-8")


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three days, two named sources and a third; a German article; one without a date, one without an author."""
    out = tmp_path_factory.mktemp("report") / "out"
    fetched = dt.datetime(2026, 11, 10, 12, tzinfo=dt.UTC)  # 3 hours after 09:00
    write(out, "articles", "2026-11-10", "run1", [
        _article("a1", 10, "tideway.example", fetched_at=fetched),
        _article("a2", 10, "tideway.example", authors=[], language="de", date_source="text")])
    write(out, "articles", "2026-11-12", "run1", [
        _article("a3", 12, "harbour.example", fetched_at=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)),
        _article("a4", 12, "tideway.example", published_at=None, date_raw=None, date_source="ingest")])
    write(out, "articles", "2026-11-14", "run1", [_article("a5", 14, "quay.example")])
    write(out, "entities", "2026-11-10", "run1", [
        _entity("a1", "Ola Brandt", mentions=3), _entity("a1", "Harbour Board", "ORG"),
        _entity("a1", "France", "GPE", 2), _entity("a2", "Ola Brandt"), _entity("a2", "Berlin", "GPE"),
        _entity("a2", "Nowhereville", "GPE")])
    write(out, "entities", "2026-11-12", "run1", [
        _entity("a3", "Ines Calloway"), _entity("a3", "France", "GPE"), _entity("a3", "Alps", "LOC")])
    write(out, "quotes", "2026-11-10", "run1", [
        _quote("a1", "q1", "Ola Brandt", "person", "Weak words", 0.5),
        _quote("a1", "q2", "Ola Brandt", "person", "The strongest words", 0.95),
        _quote("a2", "q3", "Harbour Board", "organisation"), _quote("a2", "q4", None, "unnamed")])
    write(out, "quotes", "2026-11-12", "run1", [_quote("a3", "q5", "Ines Calloway", "person"),
                                                _quote("a3", "q6", None, None)])
    write(out, "rejects", "2026-11-12", "run1", [reject_row("r1", "run1"), reject_row("r2", "run1"),
                                                 reject_row("r3", "run1", reason="empty_body")])
    _manifest(out, "run-old", "2026-11-12T08:00:00+00:00", 4.5, records_read=9, articles_written=5, rejected=3)
    _manifest(out, "run-new", "2026-11-20T08:00:00+00:00", 2.25, records_read=1, articles_written=0, rejected=0)
    (out / "_runs" / "run-wip.pending.json").write_text("{}", encoding="utf-8")
    (out / "_runs" / "broken.json").write_text("{not json", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def data(output: Path) -> dict[str, Any]:
    return report_data(output)


# ------------------------------------------------------------------------------------------------ aggregates
def test_overview(data: dict[str, Any]) -> None:
    o = data["overview"]
    assert (o["articles"], o["sources"], o["first_day"], o["last_day"]) == (
        5, 3, dt.date(2026, 11, 10), dt.date(2026, 11, 14))
    assert (o["without_date"], o["without_author"], o["entities"], o["quotes"], o["runs"]) == (1, 1, 9, 6, 2)
    assert o["rejects"] == 3
    assert o["rejects_by_reason"] == [{"reason": "invalid_json", "rejects": 2}, {"reason": "empty_body", "rejects": 1}]
    assert o["languages"] == [{"language": "en", "articles": 4}, {"language": "de", "articles": 1}]


def test_articles_per_day_names_the_biggest_sources_and_sums_the_rest(output: Path) -> None:
    import duckdb

    con = select(duckdb.connect(), output, Selection())
    per_day = articles_per_day(con, top=1)
    assert per_day["sources"] == ["tideway.example", OTHER_SOURCES]
    assert per_day["totals"] == [{"source": "tideway.example", "articles": 3},
                                 {"source": OTHER_SOURCES, "articles": 2, "sources": 2}]
    assert [(r["day"].day, r["source"], r["articles"]) for r in per_day["days"]] == [
        (10, "tideway.example", 2), (12, OTHER_SOURCES, 1), (12, "tideway.example", 1), (14, OTHER_SOURCES, 1)]
    assert per_day["day_count"] == 3
    assert per_day["busiest"] == {"day": dt.date(2026, 11, 10), "articles": 2}


def test_who_is_mentioned_counts_articles_then_mentions(data: dict[str, Any]) -> None:
    mentioned = data["mentioned"]
    assert mentioned["people"] == [{"entity": "Ola Brandt", "articles": 2, "mentions": 4},
                                   {"entity": "Ines Calloway", "articles": 1, "mentions": 1}]
    assert mentioned["organisations"] == [{"entity": "Harbour Board", "articles": 1, "mentions": 1}]
    assert [r["entity"] for r in mentioned["places"]] == ["France", "Alps", "Berlin", "Nowhereville"]


def test_who_is_quoted(data: dict[str, Any]) -> None:
    quoted = data["quoted"]
    assert quoted["speakers"][0] == {"speaker": "Ola Brandt", "quotes": 2, "articles": 1,
                                     "example": "The strongest words"}  # the most confident quote
    assert {r["speaker"] for r in quoted["speakers"]} == {"Ola Brandt", "Harbour Board", "Ines Calloway"}
    assert {r["speaker_type"]: r["quotes"] for r in quoted["by_type"]} == {
        "named person": 3, "organisation": 1, "unnamed": 1, "no attribution": 1}
    per_source = {r["source"]: (r["articles"], r["quotes"], r["quotes_per_article"]) for r in quoted["per_source"]}
    assert per_source == {"tideway.example": (3, 4, 1.33), "harbour.example": (1, 2, 2.0), "quay.example": (1, 0, 0)}


def test_where_dates_came_from(data: dict[str, Any]) -> None:
    dates = data["dates"]
    assert {r["date_source"]: r["articles"] for r in dates["shares"]} == {"metadata": 3, "text": 1, "ingest": 1}
    assert sum(r["percent"] for r in dates["shares"]) == pytest.approx(100, abs=0.2)
    lag = {r["bucket"]: r["articles"] for r in dates["lag"]}
    assert lag["1-6 hours"] == 1 and lag["7-30 days"] == 1 and sum(lag.values()) == 2
    assert dates["lag_articles"] == 2
    assert dates["median_lag_hours"] == pytest.approx((3 + 8 * 24) / 2, abs=0.1)


def test_runs_come_from_the_manifests_newest_first(output: Path) -> None:
    runs = load_runs(output)
    assert [r["run_id"] for r in runs] == ["run-new", "run-old"]  # no pending journal, no unreadable file
    assert runs[1]["elapsed_seconds"] == 4.5 and runs[1]["articles_written"] == 5 and runs[1]["rejected"] == 3


def test_a_selection_narrows_every_part(output: Path) -> None:
    since = report_data(output, Selection(since=dt.date(2026, 11, 12)))
    assert since["overview"]["articles"] == 3
    assert since["overview"]["quotes"] == 2 and since["overview"]["entities"] == 3
    one = report_data(output, Selection(source="tideway.example", until=dt.date(2026, 11, 11)))
    assert one["overview"]["articles"] == 2 and one["overview"]["sources"] == 1
    assert [r["speaker"] for r in one["quoted"]["speakers"]] == ["Ola Brandt", "Harbour Board"]
    assert one["overview"]["rejects"] == 0  # rejects are picked by the day they were read: 2026-11-12
    assert "tideway.example" in one["selection"] and "2026-11-11" in one["selection"]


def test_a_selection_of_nothing_is_an_error(output: Path) -> None:
    with pytest.raises(ReportError, match=r"no articles .* match the selection"):
        report_data(output, Selection(source="nobody.example"))


def _write_without(output: Path, dataset: str, day: str, name: str, rows: list[dict[str, Any]], column: str) -> None:
    schema = file_schema(dataset)
    schema = schema.remove(schema.get_field_index(column))
    folder = partition_dir(output, dataset, day)
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist([{k: v for k, v in r.items() if k != column} for r in rows], schema=schema),
                   folder / f"part-{name}-00000.parquet")


@pytest.mark.parametrize("old_day", ["2026-11-01", "2026-11-30"])  # the older file read first, or last
def test_files_written_before_a_column_existed_are_read(tmp_path: Path, old_day: str) -> None:
    write(tmp_path, "articles", "2026-11-15", "new", [_article("n1", 15, "tideway.example")])
    _write_without(tmp_path, "articles", old_day, "old", [_article("o1", 15, "tideway.example")], "source_name")
    write(tmp_path, "quotes", "2026-11-15", "new", [_quote("n1", "q1", "Ola Brandt", "person")])
    _write_without(tmp_path, "quotes", old_day, "old", [_quote("o1", "q2", "Ola Brandt", None)], "speaker_type")
    data = report_data(tmp_path)
    assert data["overview"]["articles"] == 2
    assert {r["speaker_type"]: r["quotes"] for r in data["quoted"]["by_type"]} == {"named person": 1,
                                                                                   "no attribution": 1}


def test_an_output_without_entities_quotes_or_rejects_reports_zeros(tmp_path: Path) -> None:
    write(tmp_path, "articles", "2026-11-15", "new", [_article("n1", 15, "tideway.example")])
    data = report_data(tmp_path)
    assert (data["overview"]["entities"], data["overview"]["quotes"], data["overview"]["rejects"]) == (0, 0, 0)
    assert data["mentioned"]["people"] == [] and data["quoted"]["speakers"] == [] and data["runs"] == []


# ------------------------------------------------------------------------------------------------ places
def test_places_are_located_by_name() -> None:
    places = gazetteer()
    assert places is not None
    france = locate("France", places)
    assert france is not None and france["kind"] == "country" and france["iso"] == "FR"
    assert france["lat"] == pytest.approx(48.85, abs=0.1)  # placed at Paris
    berlin = locate("Berlin", places)
    assert berlin is not None and berlin["kind"] == "city" and berlin["iso"] == "DE"
    uk, netherlands = locate("UK", places), locate("the Netherlands", places)
    assert uk is not None and uk["iso"] == "GB" and netherlands is not None and netherlands["iso"] == "NL"
    assert locate("Nowhereville", places) is None


def test_where_sums_mentions_per_country_and_lists_what_it_cannot_place() -> None:
    places = Gazetteer(countries={"france": {"iso": "FR", "name": "France", "lat": 48.9, "lon": 2.3}},
                       cities={"lyon": {"name": "Lyon", "iso": "FR", "lat": 45.8, "lon": 4.8}},
                       country_names={"FR": "France"})
    rows = [{"place": "France", "articles": 3, "mentions": 5}, {"place": "Lyon", "articles": 1, "mentions": 2},
            {"place": "Atlantis", "articles": 1, "mentions": 4}]
    found = where(rows, places)
    assert found["countries"] == [{"country": "France", "places": 2, "mentions": 7}]
    assert [p["place"] for p in found["points"]] == ["France", "Lyon"]
    assert [r["place"] for r in found["unlocated"]] == ["Atlantis"] and found["unlocated_mentions"] == 4
    assert where(rows, None)["available"] is False


# ------------------------------------------------------------------------------------------------ charts and page
def test_every_part_has_a_chart_on_the_fixture(data: dict[str, Any]) -> None:
    specs = report_charts.charts(data)
    assert {name for name, spec in specs.items() if spec is None} == set()
    assert specs["per-day"]["mark"]["type"] == "bar"  # three days: a bar each


def test_a_long_span_is_an_area_with_the_missing_days_as_zeros() -> None:
    first = dt.date(2024, 1, 1)
    days = [{"day": first, "source": "a", "articles": 2},
            {"day": first + dt.timedelta(days=report_charts.MAX_DAYS_AS_BARS + 9), "source": "a", "articles": 1}]
    spec = report_charts.per_day({"days": days, "sources": ["a"], "day_count": report_charts.MAX_DAYS_AS_BARS + 1})
    assert spec is not None and spec["mark"]["type"] == "area"
    values = spec["data"]["values"]
    assert len(values) == report_charts.MAX_DAYS_AS_BARS + 10 and sum(v["articles"] for v in values) == 3


@pytest.mark.parametrize(("counts", "expected"), [([2, 2], [2]), ([1, 2, 3], [1, 2, 3]), ([1, 100], [1, 34, 67, 100])])
def test_a_size_legend_shows_distinct_whole_numbers(counts: list[int], expected: list[int]) -> None:
    assert report_charts.legend_values(counts) == expected


def test_nothing_to_draw_is_no_chart() -> None:
    assert report_charts.bars([], "x", "n") is None
    assert report_charts.bars([{"x": "a", "n": 0}], "x", "n") is None
    assert report_charts.world_map([]) is None


def test_numbers_and_tables() -> None:
    assert (number(12345), number(2.5), number(2.0), number(None), number(dt.date(2026, 1, 2))) == (
        "12,345", "2.5", "2", "–", "2026-01-02")
    html = table("people", [("entity", "name", ""), ("articles", "articles", "num")],
                 [{"entity": "<b>Ola</b> & Co", "articles": 1200}])
    assert "&lt;b&gt;Ola&lt;/b&gt; &amp; Co" in html and '<td class="num" data-col="articles">1,200</td>' in html
    assert 'data-empty="true"' in table("people", [("entity", "name", "")], [])


@needs_renderer
def test_the_page_is_self_contained_and_holds_no_raw_rows(data: dict[str, Any]) -> None:
    page = render(data, report_charts.charts(data), dt.datetime(2026, 11, 21, tzinfo=dt.UTC))
    assert "<script" not in page and "<link" not in page and "@import" not in page
    # the only addresses are XML namespaces (and the Vega-Lite schema's name is not in the SVG)
    addresses = set(re.findall(r"https?://[^\s\"')]+", page))
    assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, addresses
    assert BODY_MARKER not in page
    assert page.count('<figure class="chart"') == len(report_charts.charts(data))
    assert page.count("<svg") >= page.count('<figure class="chart"')
    assert '<span class="value" data-metric="articles">5</span>' in page
    assert "made 2026-11-21 00:00 UTC" in page


# ------------------------------------------------------------------------------------------------ command line
@needs_renderer
def test_report_writes_into_the_output_and_prints_the_path(output: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--output", str(output)]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == str((output / "report.html").resolve())
    assert Path(printed).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not [p for p in output.iterdir() if p.name.startswith(".report.html")]  # no temporary file left


@needs_renderer
def test_report_to_a_file_with_a_selection(output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "pages" / "harbour.html"
    assert main(["report", "--output", str(output), "--to", str(target), "--source", "harbour.example",
                 "--since", "2026-11-01", "--until", "2026-11-30"]) == 0
    assert capsys.readouterr().out.strip() == str(target.resolve())
    assert '<span class="value" data-metric="articles">1</span>' in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(("setup", "args", "message"), [
    ("missing", [], "the folder does not exist"),
    ("plain", [], "has no _runs/ and no dataset folders"),
    ("empty", [], "has no articles yet"),
    ("output", ["--source", "nobody.example"], "match the selection"),
    ("output", ["--since", "2026-11-20", "--until", "2026-11-01"], "is after --until"),
    ("output", ["--to", "{tmp}"], "is a folder"),
])
def test_nothing_to_report_is_a_one_line_usage_error(output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     setup: str, args: list[str], message: str) -> None:
    folders = {"missing": tmp_path / "nothing-here", "plain": tmp_path, "output": output}
    if setup == "empty":
        folders["empty"] = tmp_path / "empty"
        (folders["empty"] / "_runs").mkdir(parents=True)
    assert main(["report", "--output", str(folders[setup]), *[a.format(tmp=tmp_path) for a in args]]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("newsbeam: error: ") and err.count("\n") == 1


def test_report_without_an_output_here_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["report"]) == 2
    assert "no newsbeam output at" in capsys.readouterr().err


@needs_renderer
def test_build_report_returns_the_written_path(output: Path, tmp_path: Path) -> None:
    path = build_report(output, tmp_path / "r.html")
    assert path == (tmp_path / "r.html").resolve() and path.stat().st_size > 10_000


def test_a_partition_swapped_while_it_is_read_is_read_again(output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    import pipeline.report as report_module

    calls = []

    def collect_once_too_early(*args: Any) -> dict[str, Any]:
        calls.append(args)
        if len(calls) == 1:  # what DuckDB raises when compaction removed a file it listed
            raise duckdb.IOException("IO Error: No such file or directory: part-old.parquet")
        return real_collect(*args)

    real_collect = report_module.collect
    monkeypatch.setattr(report_module, "collect", collect_once_too_early)
    assert report_data(output)["overview"]["articles"] == 5 and len(calls) == 2
    monkeypatch.setattr(report_module, "collect", lambda *a: (_ for _ in ()).throw(duckdb.IOException("disk on fire")))
    with pytest.raises(duckdb.IOException, match="disk on fire"):
        report_data(output)
