"""What the report shows, as plain data: DuckDB aggregates over an output's datasets, never its raw rows.

Every function takes a connection prepared by :func:`select` (tables ``sel_articles``, ``sel_entities``,
``sel_quotes``, ``sel_rejects``: the columns the aggregates need, of the rows ``--since``/``--until``/
``--source`` pick) and returns lists and dicts of numbers and short strings, which the page renders as charts
and as text beside them.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.layout import runs_dir

# how many rows each top list keeps; the rest is summed as "other" where a chart stacks them
TOP_SOURCES_PER_DAY = 8
TOP_ENTITIES = 10
TOP_SPEAKERS = 10
TOP_SOURCES_QUOTES = 12
PLACES_TO_LOCATE = 500
LAST_RUNS = 10
EXAMPLE_QUOTE_CHARS = 180

ENTITY_GROUPS = {"people": ("PERSON",), "organisations": ("ORG",), "places": ("GPE", "LOC")}
SPEAKER_TYPES = {"person": "named person", "organisation": "organisation", "unnamed": "unnamed"}
UNATTRIBUTED = "no attribution"
OTHER_SOURCES = "other sources"
# (label, lower bound in hours, upper bound in hours) of the time from publication to fetch
LAG_BUCKETS = (("fetched before published", None, 0.0), ("under 1 hour", 0.0, 1.0), ("1-6 hours", 1.0, 6.0),
               ("6-24 hours", 6.0, 24.0), ("1-7 days", 24.0, 168.0), ("7-30 days", 168.0, 720.0),
               ("over 30 days", 720.0, None))


@dataclass(frozen=True)
class Selection:
    """What a report covers: published dates from ``since`` to ``until`` (inclusive), one ``source``."""

    since: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None

    def describe(self) -> str:
        parts = []
        if self.since or self.until:
            parts.append(f"published {self.since or '…'} to {self.until or '…'}")
        if self.source:
            parts.append(f"source {self.source}")
        return ", ".join(parts) or "everything in the output"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _date_conditions(column: str, selection: Selection) -> list[str]:
    conditions = []
    if selection.since:
        conditions.append(f"{column} >= DATE {_literal(selection.since.isoformat())}")
    if selection.until:
        conditions.append(f"{column} <= DATE {_literal(selection.until.isoformat())}")
    return conditions


# the columns the aggregates read: each dataset is scanned once into a narrow temporary table, the
# partition key typed as a date. Bodies, spans and raw bytes are never read.
SELECTED_COLUMNS = {
    "articles": "article_id, source, published_date, published_at, fetched_at, "
                "coalesce(len(authors), 0) AS author_count, language, date_source, word_count",
    "entities": "article_id, entity, label, mention_count",
    "quotes": "article_id, quote_id, published_date, text, speaker, speaker_type, confidence",
    "rejects": "ingest_date, reason",
}


def selection_sql(selection: Selection) -> dict[str, str]:
    """Per dataset, the statement that fills its table of selected rows from the view ``source_<dataset>``.

    Entities and quotes follow their articles; rejects carry no source and no publication date, so they are
    picked by the day they were ingested and are never narrowed by source."""
    article_conditions = _date_conditions("published_date", selection)
    if selection.source:
        article_conditions.append(f"source = {_literal(selection.source)}")
    where = " WHERE " + " AND ".join(article_conditions) if article_conditions else ""
    rejects_conditions = _date_conditions("ingest_date", selection)
    rejects_where = " WHERE " + " AND ".join(rejects_conditions) if rejects_conditions else ""
    follow = "" if not article_conditions else " WHERE article_id IN (SELECT article_id FROM sel_articles)"
    wheres = {"articles": where, "entities": follow, "quotes": follow, "rejects": rejects_where}
    return {name: f"CREATE OR REPLACE TEMP TABLE sel_{name} AS SELECT {SELECTED_COLUMNS[name]} FROM source_{name}"
                  f"{wheres[name]}" for name in SELECTED_COLUMNS}


def _source_view(con: Any, name: str, files: list[Path], union_by_name: bool) -> None:
    from pipeline.layout import partition_column
    from schemas import DATASETS, arrow_schema

    if not files:  # the dataset's columns and no rows, as the query views have it
        con.register(f"empty_{name}", arrow_schema(DATASETS[name][0]).empty_table())
        con.execute(f"CREATE OR REPLACE TEMP VIEW source_{name} AS SELECT * FROM empty_{name}")
        return
    paths = ", ".join(_literal(str(path)) for path in files)
    con.execute(f"CREATE OR REPLACE TEMP VIEW source_{name} AS SELECT * FROM read_parquet([{paths}], "
                f"hive_partitioning = true, hive_types = {{'{partition_column(name)}': DATE}}, "
                f"union_by_name = {str(union_by_name).lower()})")


def select(con: Any, output: Path, selection: Selection) -> Any:
    """``con`` with the selected rows of ``output`` as the tables ``sel_<dataset>``.

    The files are those the query views read (pipeline.query), read differently where it matters on an
    output of a few years of daily partitions: the views unify the schemas of all files, reading every
    file's footer whenever a query is bound, which costs more than all the aggregates together. Here the
    files are matched by column name, and unified only when a file lacks a column the others have (one
    written before the column was added).
    """
    import duckdb

    from pipeline.catalog import committed_files, committed_run_ids

    con.execute("SET TimeZone = 'UTC'")
    runs = committed_run_ids(output)  # one listing for every dataset: a run shows in all of them or in none
    for name, statement in selection_sql(selection).items():
        files = committed_files(output, name, runs)
        try:
            _source_view(con, name, files, union_by_name=False)
            con.execute(statement)
        except (duckdb.BinderException, duckdb.InvalidInputException) as exc:
            if isinstance(exc, duckdb.InvalidInputException) and "schema mismatch" not in str(exc):
                raise
            _source_view(con, name, files, union_by_name=True)
            con.execute(statement)
    return con


def _rows(con: Any, sql: str) -> list[dict[str, Any]]:
    relation = con.execute(sql)
    columns = [d[0] for d in relation.description]
    return [dict(zip(columns, row, strict=True)) for row in relation.fetchall()]


def _one(con: Any, sql: str) -> dict[str, Any]:
    return _rows(con, sql)[0]


def overview(con: Any, runs: list[dict[str, Any]]) -> dict[str, Any]:
    totals = _one(con, """
        SELECT count(*) AS articles, count(DISTINCT source) AS sources,
               min(published_date) AS first_day, max(published_date) AS last_day,
               count(*) FILTER (WHERE published_at IS NULL) AS without_date,
               count(*) FILTER (WHERE author_count = 0) AS without_author,
               coalesce(sum(word_count), 0) AS words
        FROM sel_articles""")
    totals["entities"] = _one(con, "SELECT count(*) AS n FROM sel_entities")["n"]
    totals["quotes"] = _one(con, "SELECT count(*) AS n FROM sel_quotes")["n"]
    totals["runs"] = len(runs)
    totals["rejects"] = _one(con, "SELECT count(*) AS n FROM sel_rejects")["n"]
    totals["rejects_by_reason"] = _rows(con, """
        SELECT reason, count(*) AS rejects FROM sel_rejects GROUP BY reason ORDER BY rejects DESC, reason""")
    totals["languages"] = _rows(con, """
        SELECT coalesce(language, 'unknown') AS language, count(*) AS articles
        FROM sel_articles GROUP BY 1 ORDER BY articles DESC, language""")
    return totals


def articles_per_day(con: Any, top: int = TOP_SOURCES_PER_DAY) -> dict[str, Any]:
    """Articles per publication day and source: the ``top`` biggest sources by name, the rest together."""
    sources = _rows(con, "SELECT source, count(*) AS articles FROM sel_articles GROUP BY source "
                         "ORDER BY articles DESC, source")
    named = [row["source"] for row in sources[:top]]
    named_sql = ", ".join(_literal(name) for name in named) or "NULL"
    days = _rows(con, f"""
        SELECT published_date AS day,
               CASE WHEN source IN ({named_sql}) THEN source ELSE {_literal(OTHER_SOURCES)} END AS source,
               count(*) AS articles
        FROM sel_articles GROUP BY ALL ORDER BY day, source""")
    busiest = _rows(con, "SELECT published_date AS day, count(*) AS articles FROM sel_articles GROUP BY 1 "
                         "ORDER BY articles DESC, day LIMIT 1")
    shown = list(named)
    others = sum(row["articles"] for row in sources[top:])
    totals = sources[:top] + ([{"source": OTHER_SOURCES, "articles": others,
                                "sources": len(sources) - top}] if others else [])
    if others:
        shown.append(OTHER_SOURCES)
    day_count = _one(con, "SELECT count(DISTINCT published_date) AS n FROM sel_articles")["n"]
    return {"days": days, "sources": shown, "totals": totals, "day_count": day_count,
            "busiest": busiest[0] if busiest else None}


def mentioned(con: Any, top: int = TOP_ENTITIES) -> dict[str, list[dict[str, Any]]]:
    """Top entities of each group, by the number of articles that name them (mentions beside)."""
    labels = ", ".join(_literal(label) for group in ENTITY_GROUPS.values() for label in group)
    groups = " ".join(f"WHEN label IN ({', '.join(_literal(label) for label in labels)}) THEN {_literal(group)}"
                      for group, labels in ENTITY_GROUPS.items())
    rows = _rows(con, f"""
        WITH counted AS (
            SELECT CASE {groups} END AS entity_group, entity, count(DISTINCT article_id) AS articles,
                   sum(mention_count)::BIGINT AS mentions
            FROM sel_entities WHERE label IN ({labels})
            GROUP BY ALL)
        SELECT * FROM counted
        QUALIFY row_number() OVER (PARTITION BY entity_group ORDER BY articles DESC, mentions DESC, entity)
                <= {int(top)}
        ORDER BY entity_group, articles DESC, mentions DESC, entity""")
    return {group: [{k: row[k] for k in ("entity", "articles", "mentions")} for row in rows
                    if row["entity_group"] == group] for group in ENTITY_GROUPS}


def _shorten(text: str | None, limit: int = EXAMPLE_QUOTE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quoted(con: Any, top: int = TOP_SPEAKERS, top_sources: int = TOP_SOURCES_QUOTES) -> dict[str, Any]:
    speakers = _rows(con, f"""
        SELECT speaker, count(*) AS quotes, count(DISTINCT article_id) AS articles,
               first(text ORDER BY confidence DESC, published_date DESC, quote_id) AS example
        FROM sel_quotes WHERE speaker IS NOT NULL
        GROUP BY speaker ORDER BY quotes DESC, articles DESC, speaker LIMIT {int(top)}""")
    for row in speakers:
        row["example"] = _shorten(row["example"])
    by_type = _rows(con, f"""
        SELECT coalesce(speaker_type, {_literal(UNATTRIBUTED)}) AS speaker_type, count(*) AS quotes
        FROM sel_quotes GROUP BY 1 ORDER BY quotes DESC, speaker_type""")
    for row in by_type:
        row["speaker_type"] = SPEAKER_TYPES.get(row["speaker_type"], row["speaker_type"])
    per_source = _rows(con, f"""
        WITH per_article AS (
            SELECT article_id, count(*) AS quotes FROM sel_quotes GROUP BY article_id)
        SELECT a.source, count(*) AS articles, coalesce(sum(p.quotes), 0)::BIGINT AS quotes,
               round(coalesce(sum(p.quotes), 0) / count(*), 2) AS quotes_per_article
        FROM sel_articles a LEFT JOIN per_article p USING (article_id)
        GROUP BY a.source ORDER BY articles DESC, a.source LIMIT {int(top_sources)}""")
    return {"speakers": speakers, "by_type": by_type, "per_source": per_source}


def places(con: Any, limit: int = PLACES_TO_LOCATE) -> list[dict[str, Any]]:
    """The most mentioned place names (GPE and LOC entities), for locating on the map."""
    return _rows(con, f"""
        SELECT entity AS place, count(DISTINCT article_id) AS articles, sum(mention_count)::BIGINT AS mentions
        FROM sel_entities WHERE label IN ('GPE', 'LOC')
        GROUP BY entity ORDER BY articles DESC, mentions DESC, place LIMIT {int(limit)}""")


def date_sources(con: Any) -> dict[str, Any]:
    shares = _rows(con, """
        SELECT date_source, count(*) AS articles, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS percent
        FROM sel_articles GROUP BY date_source ORDER BY articles DESC, date_source""")
    bucket_cases = []
    for label, low, high in LAG_BUCKETS:
        bounds = [f"hours >= {low}" if low is not None else "", f"hours < {high}" if high is not None else ""]
        bucket_cases.append(f"WHEN {' AND '.join(b for b in bounds if b)} THEN {_literal(label)}")
    lag_sql = f"""
        WITH lag AS (
            SELECT epoch(fetched_at - published_at) / 3600.0 AS hours FROM sel_articles
            WHERE published_at IS NOT NULL AND fetched_at IS NOT NULL)
        SELECT CASE {' '.join(bucket_cases)} END AS bucket, count(*) AS articles FROM lag GROUP BY 1"""
    counted = {row["bucket"]: row["articles"] for row in _rows(con, lag_sql)}
    lag = [{"bucket": label, "articles": counted.get(label, 0)} for label, _, _ in LAG_BUCKETS]
    summary = _one(con, """
        SELECT count(*) AS articles, median(epoch(fetched_at - published_at) / 3600.0) AS median_hours
        FROM sel_articles WHERE published_at IS NOT NULL AND fetched_at IS NOT NULL""")
    return {"shares": shares, "lag": lag, "lag_articles": summary["articles"],
            "median_lag_hours": None if summary["median_hours"] is None else round(summary["median_hours"], 1)}


def _timestamp(text: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None


def load_runs(output: Path) -> list[dict[str, Any]]:
    """Every committed run's manifest, reduced to what the report shows, newest first. A manifest that cannot
    be read is skipped: the report describes the data, it does not vouch for the bookkeeping."""
    runs = []
    folder = runs_dir(output)
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        if path.name.endswith(".pending.json"):
            continue
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(manifest, dict):
            continue
        counts = manifest.get("counts") or {}
        started, committed = _timestamp(manifest.get("started_at")), _timestamp(manifest.get("committed_at"))
        elapsed = manifest.get("elapsed_seconds")
        if elapsed is None and started and committed:
            elapsed = (committed - started).total_seconds()
        runs.append({
            "run_id": str(manifest.get("run_id") or path.stem),
            "kind": str(manifest.get("kind") or "run"),
            "started_at": started.strftime("%Y-%m-%d %H:%M") if started else "",
            "records_read": counts.get("records_read", counts.get("articles_read")),
            "articles_written": counts.get("articles_written"),
            "rejected": counts.get("rejected"),
            "entities": counts.get("entities"),
            "quotes": counts.get("quotes"),
            "elapsed_seconds": None if elapsed is None else round(float(elapsed), 1),
            "_sort": started.isoformat() if started else "",
        })
    runs.sort(key=lambda run: (run["_sort"], run["run_id"]), reverse=True)
    for run in runs:
        del run["_sort"]
    return runs


def collect(con: Any, output: Path, selection: Selection) -> dict[str, Any]:
    """Everything the page shows, as plain data (places are located separately, in pipeline.report.geo)."""
    select(con, output, selection)
    runs = load_runs(output)
    return {
        "output": str(output),
        "selection": selection.describe(),
        "overview": overview(con, runs),
        "per_day": articles_per_day(con),
        "mentioned": mentioned(con),
        "quoted": quoted(con),
        "places": places(con),
        "dates": date_sources(con),
        "runs": runs[:LAST_RUNS],
    }
