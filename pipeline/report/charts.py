"""Vega-Lite specifications of the report's charts, built from the plain data of pipeline.report.aggregates.

Pure functions: data in, a Vega-Lite dict out (None when there is nothing to draw). pipeline.report.page
renders them to SVG.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
WIDTH = 520
# above this many distinct days a bar per day is thinner than a pixel: an area with the gaps as zeros reads better
MAX_DAYS_AS_BARS = 120
ACCENT = "#3b6ea8"
def count_axis(largest: int) -> dict[str, Any]:
    """An axis of counts: no ticks between whole numbers (Vega's own choice for a scale up to 1 or 2 is
    halves, which an integer format then writes twice)."""
    return {"tickMinStep": 1, "format": "d", "tickCount": max(1, min(int(largest), 8))}



def _base(data: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"$schema": SCHEMA, "data": {"values": data}, "width": WIDTH,
            "config": {"font": "Helvetica, Arial, sans-serif", "view": {"stroke": None},
                       "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 220}},
            **extra}


def bars(data: list[dict[str, Any]], category: str, value: str, *, category_title: str = "",
         value_title: str = "", sort: bool = True, color: str = ACCENT) -> dict[str, Any] | None:
    """Horizontal bars, one per row, longest first unless ``sort`` is False (the rows' own order)."""
    if not data or not any(row.get(value) for row in data):
        return None
    order: Any = "-x" if sort else [row[category] for row in data]
    x: dict[str, Any] = {"field": value, "type": "quantitative", "title": value_title or value}
    if all(isinstance(row.get(value), int) for row in data):
        x["axis"] = count_axis(max(row[value] for row in data))
    else:  # a ratio or seconds: a few round ticks rather than one every fifth of a unit
        x["axis"] = {"tickCount": 5}
    return _base(data, height={"step": 20}, mark={"type": "bar", "color": color},
                 encoding={"y": {"field": category, "type": "nominal", "sort": order, "title": category_title or None},
                           "x": x})


def _every_day(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _epoch_ms(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() * 1000)


def per_day(per_day_data: dict[str, Any]) -> dict[str, Any] | None:
    """Articles per publication day, stacked by source: bars for a short span, an area for a long one."""
    days = per_day_data["days"]
    if not days:
        return None
    sources = per_day_data["sources"]
    color = {"field": "source", "type": "nominal", "sort": sources, "title": "source",
             "scale": {"scheme": "tableau10"}, "legend": {"orient": "bottom", "columns": 3, "labelLimit": 200}}
    tallest = max(per_day_data["busiest"]["articles"] if per_day_data.get("busiest") else 1, 1)
    y = {"field": "articles", "type": "quantitative", "stack": "zero", "title": "articles",
         "axis": count_axis(tallest)}
    # stacked in the order of the colour's sort: the biggest source at the bottom
    if per_day_data["day_count"] <= MAX_DAYS_AS_BARS:
        values = [{"day": row["day"].isoformat(), "source": row["source"], "articles": row["articles"]}
                  for row in days]
        x = {"field": "day", "type": "ordinal", "timeUnit": "yearmonthdate", "title": "published",
             "axis": {"format": "%d %b %Y", "labelAngle": -45, "labelOverlap": True}}
        return _base(values, height=240, mark={"type": "bar"}, encoding={"x": x, "y": y, "color": color})
    counts = {(row["day"], row["source"]): row["articles"] for row in days}
    span = _every_day(min(row["day"] for row in days), max(row["day"] for row in days))
    # days as epoch milliseconds (UTC midnight): Vega then parses no date strings, which at a few thousand
    # points is half of the rendering time
    values = [{"day": _epoch_ms(day), "source": source, "articles": counts.get((day, source), 0)}
              for source in sources for day in span]
    x = {"field": "day", "type": "temporal", "title": "published", "scale": {"type": "utc"}}
    return _base(values, height=240, mark={"type": "area"}, encoding={"x": x, "y": y, "color": color})


def legend_values(counts: list[int], most: int = 4) -> list[int]:
    """Up to ``most`` distinct whole numbers from the smallest count to the largest, for a size legend."""
    low, high = min(counts), max(counts)
    if high - low < most:
        return list(range(low, high + 1))
    step = (high - low) / (most - 1)
    return sorted({round(low + step * n) for n in range(most)})


def world_map(points: list[dict[str, Any]], labelled: int = 6) -> dict[str, Any] | None:
    """Located places on a globe outline (sphere and graticule: Vega draws both without any map data),
    circles sized by mentions, the most mentioned named."""
    if not points:
        return None
    # fitted to the whole globe, not to the points, so that the map is always the world
    projection = {"type": "equalEarth", "fit": {"type": "Sphere"}}
    top = sorted(points, key=lambda p: (-p["mentions"], p["place"]))[:labelled]
    spec = _base([], height=270, projection=projection, layer=[
        {"data": {"sphere": True}, "mark": {"type": "geoshape", "fill": "#eef3f8", "stroke": "#b8c4d0"}},
        {"data": {"graticule": {"step": [30, 30]}}, "mark": {"type": "geoshape", "stroke": "#d5dde6",
                                                               "strokeWidth": 0.5, "fill": None}},
        {"data": {"values": points}, "mark": {"type": "circle", "color": "#c0392b", "opacity": 0.65,
                                              "stroke": "white", "strokeWidth": 0.5},
         "encoding": {"longitude": {"field": "lon", "type": "quantitative"},
                      "latitude": {"field": "lat", "type": "quantitative"},
                      "size": {"field": "mentions", "type": "quantitative", "title": "mentions",
                               "scale": {"range": [30, 900]},
                               "legend": {"orient": "bottom", "format": "d", "values": legend_values(
                                   [p["mentions"] for p in points])}}}},
        {"data": {"values": top}, "mark": {"type": "text", "dy": -10, "fontSize": 10, "color": "#333"},
         "encoding": {"longitude": {"field": "lon", "type": "quantitative"},
                      "latitude": {"field": "lat", "type": "quantitative"},
                      "text": {"field": "place", "type": "nominal"}}},
    ])
    del spec["data"]
    return spec


def charts(report: dict[str, Any]) -> dict[str, dict[str, Any] | None]:
    """Every chart of the page, by the name of the figure that shows it."""
    overview, quoted, dates = report["overview"], report["quoted"], report["dates"]
    runs = [{"run": f"{run['started_at']} {run['kind']}", "elapsed_seconds": run["elapsed_seconds"] or 0}
            for run in report["runs"]]
    return {
        "languages": bars(overview["languages"], "language", "articles"),
        "rejects": bars(overview["rejects_by_reason"], "reason", "rejects", color="#b5651d"),
        "per-day": per_day(report["per_day"]),
        "people": bars(report["mentioned"]["people"], "entity", "articles", value_title="articles naming them"),
        "organisations": bars(report["mentioned"]["organisations"], "entity", "articles",
                              value_title="articles naming them"),
        "places": bars(report["mentioned"]["places"], "entity", "articles", value_title="articles naming them"),
        "speakers": bars(quoted["speakers"], "speaker", "quotes"),
        "speaker-types": bars(quoted["by_type"], "speaker_type", "quotes"),
        "quotes-per-article": bars(quoted["per_source"], "source", "quotes_per_article",
                                   value_title="quotes per article"),
        "map": world_map(report["where"]["points"]),
        "date-sources": bars(dates["shares"], "date_source", "articles"),
        "date-lag": bars(dates["lag"], "bucket", "articles", sort=False, value_title="articles (fetch - published)"),
        "runs": bars(runs, "run", "elapsed_seconds", sort=False, value_title="elapsed seconds"),
    }
