"""``newsbeam report``: one self-contained HTML page that shows what an output holds.

    from pipeline.report import build_report
    path = build_report("out")                       # out/report.html

The numbers come from DuckDB aggregates over the output's views (pipeline.report.aggregates), places are
located offline (pipeline.report.geo), charts are Vega-Lite specifications (pipeline.report.charts) rendered
to inline SVG (pipeline.report.page). No raw row reaches the page.
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.report.aggregates import Selection, collect

REPORT_FILE = "report.html"
EVERYTHING = Selection()


class ReportError(ValueError):
    """Nothing to report on (no output, no articles, nothing selected): a one-line usage error."""


def report_data(output: str | Path, selection: Selection = EVERYTHING) -> dict[str, Any]:
    """Everything the page shows, as plain data. ReportError when there is nothing to show."""
    import duckdb

    from pipeline.catalog import committed_files
    from pipeline.layout import NotAnOutputError, require_output
    from pipeline.query import SWAP_RETRIES, swapped_away
    from pipeline.report.geo import gazetteer, where

    folder = Path(output).resolve()
    try:
        require_output(folder)
    except NotAnOutputError as exc:
        raise ReportError(str(exc)) from None
    if not committed_files(folder, "articles"):
        raise ReportError(f"the output at {folder} has no articles yet: nothing to report "
                          f"(newsbeam run --output {folder} adds some)")
    # the gazetteer's file is parsed while DuckDB scans (DuckDB's threads do not hold the GIL)
    with ThreadPoolExecutor(1) as pool:
        places = pool.submit(gazetteer)
        for attempt in range(1, SWAP_RETRIES + 1):
            con = duckdb.connect()
            try:
                data = collect(con, folder, selection)
                break
            except duckdb.IOException as exc:
                # a compaction swapped a partition between listing its files and reading one: the next try
                # lists the new files (as pipeline.query.run_query does)
                if attempt == SWAP_RETRIES or not swapped_away(exc):
                    raise
            finally:
                con.close()
        if data["overview"]["articles"] == 0:
            raise ReportError(f"no articles in {folder} match the selection ({selection.describe()})")
        data["where"] = where(data.pop("places"), places.result())
    return data


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # a page to share, not a private temporary file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def build_report(output: str | Path = "out", to: str | Path | None = None, selection: Selection = EVERYTHING,
                 generated_at: dt.datetime | None = None) -> Path:
    """Writes the report (``OUTPUT/report.html`` unless ``to`` names a file) and returns its path."""
    from pipeline.report.charts import charts
    from pipeline.report.page import render, warm_up

    # the chart renderer starts its JavaScript engine meanwhile: a second of the report's time
    with ThreadPoolExecutor(1) as pool:
        renderer = pool.submit(warm_up)
        data = report_data(output, selection)
        renderer.result()
    target = Path(to) if to is not None else Path(output) / REPORT_FILE
    if target.is_dir():
        raise ReportError(f"--to {target} is a folder; give a file name (such as {target / REPORT_FILE})")
    _write_atomically(target, render(data, charts(data), generated_at))
    return target.resolve()
