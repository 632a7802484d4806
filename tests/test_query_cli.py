"""``newsbeam query``: the named example queries (CLI and DuckDB macros), parameters and output formats."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.named_queries import (
    NAMED_QUERIES,
    NamedQueryError,
    Param,
    named_query,
    parse_params,
)
from pipeline.query import connect, dataset, format_rows, run_query
from tests.synthetic import article_row, entity_row, quote_row, reject_row, write

NAMES = ["articles-per-source-per-day", "most-quoted-this-week", "quotes-by-speaker", "co-occurring-entities",
         "rejects-by-reason"]


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three days of a small invented news output."""
    out = tmp_path_factory.mktemp("query") / "out"

    def day_article(article_id: str, day: int, source: str) -> dict[str, Any]:
        row = article_row(article_id, "run1")
        row["source"] = source
        row["published_at"] = dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC)
        return row

    articles = {10: [day_article("a1", 10, "Tideway Times")],
                20: [day_article("a2", 20, "Tideway Times"), day_article("a3", 20, "Harbour Light")],
                24: [day_article("a4", 24, "Harbour Light"), day_article("a5", 24, "Harbour Light")]}
    for day, rows in articles.items():
        write(out, "articles", f"2026-11-{day}", "run1", rows)
    write(out, "quotes", "2026-11-10", "run1", [quote_row("a1", "run1", "q1", "Ola Brandt")])
    write(out, "quotes", "2026-11-20", "run1", [quote_row("a2", "run1", "q2", "Ola Brandt"),
                                                quote_row("a3", "run1", "q3", "Ines Calloway"),
                                                quote_row("a3", "run1", "q4", None)])
    write(out, "quotes", "2026-11-24", "run1", [quote_row("a4", "run1", "q5", "Ines Calloway"),
                                                quote_row("a5", "run1", "q6", "Ines Calloway"),
                                                quote_row("a5", "run1", "q7", "Tom Reyes")])
    write(out, "entities", "2026-11-24", "run1", [
        entity_row("a4", "run1", "Ines Calloway"), entity_row("a4", "run1", "Harbour Board", "ORG"),
        entity_row("a5", "run1", "Ines Calloway"), entity_row("a5", "run1", "Harbour Board", "ORG"),
        entity_row("a5", "run1", "Tom Reyes")])
    write(out, "rejects", "2026-11-24", "run1", [reject_row("r1", "run1"), reject_row("r2", "run1", 1),
                                                 reject_row("r3", "run1", reason="empty_body")])
    return out


def named(output: Path, name: str, **params: str) -> list[tuple[Any, ...]]:
    sql, bound = named_query(name).call(params)
    return run_query(sql, output, bound)[1]


# ---------------------------------------------------------------------------------------------- the queries
NAMED_CASES = [
    ("articles-per-source-per-day", {}, [(dt.date(2026, 11, 24), "Harbour Light", 2),
                                         (dt.date(2026, 11, 20), "Harbour Light", 1),
                                         (dt.date(2026, 11, 20), "Tideway Times", 1),
                                         (dt.date(2026, 11, 10), "Tideway Times", 1)]),
    ("articles-per-source-per-day", {"days": "1"}, [(dt.date(2026, 11, 24), "Harbour Light", 2)]),
    # the week ending with the latest day of the data: 18-24 November
    ("most-quoted-this-week", {}, [("Ines Calloway", 3, 3, 1, dt.date(2026, 11, 24)),
                                   ("Ola Brandt", 1, 1, 1, dt.date(2026, 11, 20)),
                                   ("Tom Reyes", 1, 1, 1, dt.date(2026, 11, 24))]),
    ("most-quoted-this-week", {"as_of": "2026-11-12", "days": "7"}, [("Ola Brandt", 1, 1, 1, dt.date(2026, 11, 10))]),
    ("most-quoted-this-week", {"top": "1"}, [("Ines Calloway", 3, 3, 1, dt.date(2026, 11, 24))]),
    ("quotes-by-speaker", {"who": "brandt"}, [(dt.date(2026, 11, 20), "Ola Brandt", "The gates hold", "said",
                                               "Tideway Times", "Lock gates a2 repaired"),
                                              (dt.date(2026, 11, 10), "Ola Brandt", "The gates hold", "said",
                                               "Tideway Times", "Lock gates a1 repaired")]),
    ("quotes-by-speaker", {"who": "nobody at all"}, []),
    ("co-occurring-entities", {}, [("Harbour Board", "ORG", "Ines Calloway", "PERSON", 2)]),
    ("co-occurring-entities", {"min_articles": "1", "entity_label": "PERSON"},
     [("Ines Calloway", "PERSON", "Tom Reyes", "PERSON", 1)]),
    ("rejects-by-reason", {}, [("invalid_json", 2, 1, dt.date(2026, 11, 24), dt.date(2026, 11, 24), "invalid JSON"),
                               ("empty_body", 1, 1, dt.date(2026, 11, 24), dt.date(2026, 11, 24), "invalid JSON")]),
]


@pytest.mark.parametrize(("name", "params", "expected"), NAMED_CASES,
                         ids=[f"{c[0]}-{'-'.join(c[1]) or 'defaults'}" for c in NAMED_CASES])
def test_named_query_results(output: Path, name: str, params: dict[str, str], expected: list[tuple]) -> None:
    assert named(output, name, **params) == expected


@pytest.mark.parametrize("message", ["IO Error: No such file or directory: 'articles/x.parquet'",
                                     "IO Error: No files found that match the pattern 'articles/x.parquet'"])
def test_a_query_that_lost_a_file_to_a_swap_lists_the_files_again(output: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  message: str) -> None:
    import duckdb

    from pipeline import query

    calls = []

    def connect_after_a_swap(folder: Any) -> Any:
        calls.append(folder)
        if len(calls) == 1:
            raise duckdb.IOException(message)
        return connect(folder)

    monkeypatch.setattr(query, "connect", connect_after_a_swap)
    assert run_query("select count(*) from articles", output)[1] == [(5,)]
    assert len(calls) == 2


def test_every_named_query_runs_on_an_empty_output(tmp_path: Path) -> None:
    (tmp_path / "_runs").mkdir()  # an output whose runs committed no rows
    for query in NAMED_QUERIES:
        values = {p.name: "x" for p in query.params if p.required}
        assert named(tmp_path, query.name, **values) == []


def test_named_queries_are_macros_on_a_python_connection(output: Path) -> None:
    con = connect(output)
    assert con.sql("select count(*) from quotes_by_speaker('Calloway')").fetchall() == [(3,)]
    assert con.sql("from most_quoted_this_week(top := 1)").fetchall()[0][0] == "Ines Calloway"
    assert {q.macro for q in NAMED_QUERIES} == {n.replace("-", "_") for n in NAMES}


# ------------------------------------------------------------------------------------------- parameters
@pytest.mark.parametrize(("pairs", "expected"), [
    ([], {}), (["who=Ola Brandt"], {"who": "Ola Brandt"}), (["top=5", "days=3"], {"top": "5", "days": "3"}),
    (["who=a=b"], {"who": "a=b"}), (["who="], {"who": ""}),
])
def test_parse_params(pairs: list[str], expected: dict[str, str]) -> None:
    assert parse_params(pairs) == expected


@pytest.mark.parametrize("pair", ["who", "=x", "Top=1", "1x=2", "a b=3"])
def test_bad_params_are_usage_errors(pair: str) -> None:
    with pytest.raises(NamedQueryError, match="NAME=VALUE"):
        parse_params([pair])


@pytest.mark.parametrize(("param", "text", "expected"), [
    (Param("top", "", int, 20), "5", 5), (Param("as_of", "", dt.date), "2026-11-24", dt.date(2026, 11, 24)),
    (Param("who", ""), "O'Neill", "O'Neill"),
])
def test_param_values(param: Param, text: str, expected: Any) -> None:
    assert param.parse(text) == expected


@pytest.mark.parametrize(("name", "values", "message"), [
    ("quotes-by-speaker", {}, "needs --param who=VALUE"),
    ("quotes-by-speaker", {"who": "x", "speaker": "y"}, "has no parameter 'speaker'"),
    ("most-quoted-this-week", {"top": "many"}, "'many' is not an integer"),
    ("most-quoted-this-week", {"as_of": "last week"}, "is not a date"),
])
def test_call_errors(name: str, values: dict[str, str], message: str) -> None:
    with pytest.raises(NamedQueryError, match=message):
        named_query(name).call(values)


def test_unknown_query_name() -> None:
    with pytest.raises(NamedQueryError, match="no query named 'top-stories'"):
        named_query("top-stories")


@given(st.lists(st.text(max_size=12), max_size=4))
def test_parse_params_only_raises_usage_errors(pairs: list[str]) -> None:
    try:
        values = parse_params(pairs)
    except NamedQueryError:
        return
    assert all("=" in p for p in pairs) and len(values) <= len(pairs)


@given(st.text(max_size=30))
def test_a_speaker_is_a_bound_value_never_sql(output: Path, who: str) -> None:
    sql, bound = named_query("quotes-by-speaker").call({"who": who})
    assert sql == named_query("quotes-by-speaker").call({"who": "x"})[0] and bound == {"who": who}
    run_query(sql, output, bound)  # quotes, semicolons and percent signs are data, never SQL


# ------------------------------------------------------------------------------------------- command line
def test_query_list(cli) -> None:
    done = cli("query", "--list")
    assert done.returncode == 0, done.stderr
    listed = [line for line in done.stdout.splitlines() if line and not line.startswith(" ")]
    assert listed == NAMES
    assert "--param who=..." in done.stdout


def test_query_by_name_as_json(cli, output: Path) -> None:
    done = cli("query", "--name", "quotes-by-speaker", "--param", "who=Reyes", "--output", str(output),
               "--format", "json")
    assert done.returncode == 0, done.stderr
    assert [row["speaker"] for row in json.loads(done.stdout)] == ["Tom Reyes"]


def test_query_by_name_as_table(cli, output: Path) -> None:
    done = cli("query", "--name", "rejects-by-reason", "--output", str(output))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["reason", "rejects", "files", "first_day", "last_day", "example"]
    assert lines[-1] == "(2 rows)"


@pytest.mark.parametrize(("args", "message"), [
    (["--name", "top-stories"], "no query named 'top-stories'"),
    (["--name", "quotes-by-speaker"], "needs --param who=VALUE"),
    (["select 1", "--name", "rejects-by-reason"], "either SQL or --name"),
    ([], "either SQL or --name"),
    (["select 1", "--param", "x=1"], "--param goes with --name"),
])
def test_query_usage_errors_are_one_line(cli, output: Path, args: list[str], message: str) -> None:
    done = cli("query", *args, "--output", str(output))
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("newsbeam: error:") and message in line


# ------------------------------------------------------------------------------------------- output formats
ROWS = (["title", "authors", "published_date"], [("Lock gates", ["Ola Brandt", "Ines Calloway"], dt.date(2026, 11, 24)),
                                                 ("Ferry", [], None)])


def test_json_is_one_array_that_json_load_reads() -> None:
    assert json.loads(format_rows(*ROWS, "json")) == [
        {"title": "Lock gates", "authors": ["Ola Brandt", "Ines Calloway"], "published_date": "2026-11-24"},
        {"title": "Ferry", "authors": [], "published_date": None}]


def test_ndjson_is_one_object_a_line() -> None:
    lines = format_rows(*ROWS, "ndjson").splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["Lock gates", "Ferry"]


@pytest.mark.parametrize(("fmt", "printed"), [("json", "[]\n"), ("ndjson", ""), ("csv", "title\n")])
def test_an_empty_result_in_each_format(output: Path, capsys: pytest.CaptureFixture[str], fmt: str,
                                        printed: str) -> None:
    assert main(["query", "select title from articles where false", "--output", str(output), "--format", fmt]) == 0
    assert capsys.readouterr().out == printed


def test_csv_writes_lists_as_json_arrays() -> None:
    import csv
    import io

    (_, first, second) = list(csv.reader(io.StringIO(format_rows(*ROWS, "csv"))))
    assert json.loads(first[1]) == ["Ola Brandt", "Ines Calloway"]
    assert (second[1], second[2]) == ("[]", "")


# ------------------------------------------------------------------------------- a folder that is no output
@pytest.mark.parametrize("where", ["missing", "a file", "not an output"])
def test_query_on_a_folder_that_is_no_output_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               where: str) -> None:
    target = {"missing": tmp_path / "nowhere", "a file": tmp_path / "notes.txt", "not an output": tmp_path}[where]
    (tmp_path / "notes.txt").write_text("not parquet")
    assert main(["query", "select count(*) from articles", "--output", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert line.startswith(f"newsbeam: error: no newsbeam output at {target}")
    assert not (tmp_path / "nowhere").exists()


def test_query_without_out_in_the_working_folder_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["query", "select count(*) from articles"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_connect_refuses_a_folder_that_is_no_output(tmp_path: Path) -> None:
    from pipeline.query import QueryError

    with pytest.raises(QueryError, match="no newsbeam output"):
        connect(tmp_path / "nowhere")


# ----------------------------------------------------------------------------- typed partitions from pyarrow
def test_dataset_reads_the_partition_key_as_a_date(output: Path) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    articles = dataset(output, "articles")
    assert articles.schema.field("published_date").type == pa.date32()
    day = articles.to_table(filter=pc.field("published_date") == dt.date(2026, 11, 24))
    assert sorted(day["article_id"].to_pylist()) == ["a4", "a5"]
    assert dataset(output, "rejects").schema.field("ingest_date").type == pa.date32()
    frame = articles.to_table().to_pandas()
    assert set(frame["published_date"]) == {dt.date(2026, 11, 10), dt.date(2026, 11, 20), dt.date(2026, 11, 24)}


def test_dataset_of_an_output_without_that_dataset_is_empty(tmp_path: Path) -> None:
    (tmp_path / "_runs").mkdir()
    quotes = dataset(tmp_path, "quotes")
    assert quotes.count_rows() == 0 and "speaker" in quotes.schema.names


def test_a_run_committed_while_connect_lists_the_datasets_shows_in_all_or_none(
        output: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from pipeline import query

    out = tmp_path / "out"
    shutil.copytree(output, out)
    run = "20261125T090000Z-0123abcd"  # moved into the partitions, its manifest not yet written
    write(out, "articles", "2026-11-25", run, [article_row("late", run)])
    write(out, "quotes", "2026-11-25", run, [quote_row("late", run, "q-late", "Ola Brandt")])
    real = query.committed_run_ids

    def manifest_written_right_after_listing(folder: Path) -> set[str]:
        runs = real(folder)
        (folder / "_runs").mkdir(exist_ok=True)
        (folder / "_runs" / f"{run}.json").write_text(json.dumps({"run_id": run}))
        return runs

    monkeypatch.setattr(query, "committed_run_ids", manifest_written_right_after_listing)
    con = connect(out)
    seen = {name: con.execute(f"select count(*) from {name} where run_id = ?", [run]).fetchone()[0]
            for name in ("articles", "quotes")}
    assert seen == {"articles": 0, "quotes": 0}
    monkeypatch.setattr(query, "committed_run_ids", real)
    con = connect(out)
    assert con.execute("select count(*) from quotes where run_id = ?", [run]).fetchone()[0] == 1
