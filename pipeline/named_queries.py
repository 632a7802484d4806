"""Named example queries (``newsbeam query --list``), also registered as DuckDB table macros by ``connect()``.

    newsbeam query --name quotes-by-speaker --param who=Marsh
    con = pipeline.query.connect("out"); con.sql("from quotes_by_speaker('Marsh')").show()

Parameters are macro parameters: required ones positional, the others ``name := value``. Their names never
equal a column name, because inside a macro a parameter and a column of the same name cannot be told apart.
"This week" and "recent days" count back from the latest date in the data, not from today, so that the
queries answer the same on a backfill of last year as on today's stream (``as_of`` picks another day).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

PARAM_NAME = re.compile(r"[a-z][a-z0-9_]*")


class NamedQueryError(ValueError):
    """An unknown query name or a bad parameter: a usage error."""


@dataclass(frozen=True)
class Param:
    name: str
    help: str
    type: type = str  # str, int or dt.date: how a command-line value is read
    default: Any = None  # None: optional with no value (the query then does not filter); see `required`
    required: bool = False

    def sql_default(self) -> str:
        if self.default is None:
            return "NULL"
        if isinstance(self.default, int):
            return str(self.default)
        return "'" + str(self.default).replace("'", "''") + "'"

    def parse(self, text: str) -> Any:
        try:
            if self.type is int:
                return int(text)
            if self.type is dt.date:
                return dt.date.fromisoformat(text)
        except ValueError as exc:
            kind = "an integer" if self.type is int else "a date (YYYY-MM-DD)"
            raise NamedQueryError(f"parameter {self.name}: {text!r} is not {kind}") from exc
        return text


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    body: str
    params: tuple[Param, ...] = ()

    @property
    def macro(self) -> str:
        return self.name.replace("-", "_")

    def create_sql(self) -> str:
        required = [p.name for p in self.params if p.required]
        optional = [f"{p.name} := {p.sql_default()}" for p in self.params if not p.required]
        return f"CREATE OR REPLACE MACRO {self.macro}({', '.join(required + optional)}) AS TABLE {self.body}"

    def call(self, values: dict[str, str]) -> tuple[str, dict[str, Any]]:
        """SQL calling the macro with command-line values (``name=value`` strings), and its bound parameters."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise NamedQueryError(f"query {self.name} has no parameter {unknown[0]!r} "
                                  f"(it takes: {', '.join(known) or 'none'})")
        missing = [p.name for p in self.params if p.required and p.name not in values]
        if missing:
            raise NamedQueryError(f"query {self.name} needs --param {missing[0]}=VALUE")
        arguments = [f"${p.name}" for p in self.params if p.required]
        arguments += [f"{p.name} := ${p.name}" for p in self.params if not p.required and p.name in values]
        bound = {name: known[name].parse(text) for name, text in values.items()}
        return f"SELECT * FROM {self.macro}({', '.join(arguments)})", bound


DAYS = Param("days", "how many days back from the latest date", int, 7)
AS_OF = Param("as_of", "the last day counted (default: the latest date in the data)", dt.date)
TOP = Param("top", "how many rows", int, 20)

NAMED_QUERIES: tuple[NamedQuery, ...] = (
    NamedQuery(
        "articles-per-source-per-day",
        "articles per source and publication day, latest days first",
        """
        SELECT published_date, source, count(*) AS articles
        FROM articles
        WHERE days IS NULL OR published_date > (SELECT max(published_date) FROM articles) - CAST(days AS INTEGER)
        GROUP BY ALL
        ORDER BY published_date DESC, articles DESC, source
        """,
        (Param("days", "only the latest N days (all when not given)", int),),
    ),
    NamedQuery(
        "most-quoted-this-week",
        "people quoted most often in the last 7 days of the data",
        """
        WITH span AS (SELECT coalesce(CAST(as_of AS DATE), (SELECT max(published_date) FROM quotes)) AS last_day)
        SELECT q.speaker, count(*) AS quotes, count(DISTINCT q.article_id) AS articles,
               count(DISTINCT a.source) AS sources, max(q.published_date) AS last_quoted
        FROM quotes q JOIN articles a USING (article_id), span
        WHERE q.speaker IS NOT NULL
          AND q.published_date <= span.last_day
          AND q.published_date > span.last_day - CAST(days AS INTEGER)
        GROUP BY q.speaker
        ORDER BY quotes DESC, articles DESC, q.speaker
        LIMIT top
        """,
        (DAYS, AS_OF, TOP),
    ),
    NamedQuery(
        "quotes-by-speaker",
        "what one speaker was quoted saying (name matched in part, any case), newest first",
        """
        SELECT q.published_date, q.speaker, q.text AS quote, q.cue, a.source, a.title
        FROM quotes q JOIN articles a USING (article_id)
        WHERE q.speaker ILIKE '%' || who || '%'
        ORDER BY q.published_date DESC, a.title, q.start
        LIMIT top
        """,
        (Param("who", "the speaker, or part of the name", required=True), Param("top", "how many rows", int, 50)),
    ),
    NamedQuery(
        "co-occurring-entities",
        "pairs of entities named in the same articles, most frequent first",
        """
        SELECT x.entity AS entity_1, x.label AS label_1, y.entity AS entity_2, y.label AS label_2,
               count(DISTINCT x.article_id) AS articles
        FROM entities x JOIN entities y
          ON x.article_id = y.article_id AND (x.entity, x.label) < (y.entity, y.label)
        WHERE entity_label IS NULL OR (x.label = entity_label AND y.label = entity_label)
        GROUP BY ALL
        HAVING count(DISTINCT x.article_id) >= min_articles
        ORDER BY articles DESC, entity_1, entity_2
        LIMIT top
        """,
        (Param("entity_label", "only entities of this label (PERSON, ORG, GPE, ...)"),
         Param("min_articles", "pairs seen in at least this many articles", int, 2), TOP),
    ),
    NamedQuery(
        "rejects-by-reason",
        "rejected records per reason code, with the files they came from and the first detail seen",
        """
        SELECT reason, count(*) AS rejects, count(DISTINCT input_uri) AS files,
               min(ingest_date) AS first_day, max(ingest_date) AS last_day,
               arg_min(detail, ingested_at) AS example
        FROM rejects
        GROUP BY reason
        ORDER BY rejects DESC, reason
        """,
    ),
)
BY_NAME = {q.name: q for q in NAMED_QUERIES}


def named_query(name: str) -> NamedQuery:
    try:
        return BY_NAME[name]
    except KeyError:
        raise NamedQueryError(f"no query named {name!r} (newsbeam query --list shows them)") from None


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["who=Marsh", "top=5"]`` -> ``{"who": "Marsh", "top": "5"}``."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not PARAM_NAME.fullmatch(name.strip()):
            raise NamedQueryError(f"--param takes NAME=VALUE, not {pair!r}")
        values[name.strip()] = value
    return values


def register(con: Any) -> None:
    """Create every named query as a table macro on a DuckDB connection that has the four views."""
    for query in NAMED_QUERIES:
        con.execute(query.create_sql())


def listing() -> str:
    """``newsbeam query --list``: each query, what it answers, its parameters and how to call it."""
    lines = []
    for query in NAMED_QUERIES:
        lines.append(f"{query.name}\n    {query.description}")
        for param in query.params:
            default = "required" if param.required else (f"default {param.default}" if param.default is not None
                                                         else "optional")
            lines.append(f"    --param {param.name}=...  {param.help} [{default}]")
        example = ", ".join([f"'{p.name.upper()}'" for p in query.params if p.required])
        lines.append(f"    SQL: from {query.macro}({example})")
    return "\n".join(lines)
