"""Hostile input and faults, end to end: no crash, every record an article or a reject, counts reconcile.

One ``--no-nlp`` run reads a folder of hostile files (invalid UTF-8, truncated gzip and WARC, deep and
non-object JSON, NUL bytes, entity bombs, paths in the data, absurd dates and bylines); the tests then check
each file's outcome and the run's reconciliation. Slow tests run the command line again for a 50 MB line,
a million-character unclosed quotation with NLP, and an output folder that is read-only or full.
Killed runs are tested in test_cli.py. All text is invented.
"""
from __future__ import annotations

import contextlib
import errno
import gzip
import io
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from schemas.models import RejectReason
from tests.conftest import REPO, run_cli
from transforms.decoders import DEFAULT_MAX_RECORD_BYTES, Rejected, iter_jsonl, iter_warc

PARTITION_NAME = re.compile(r"^(published_date|ingest_date)=\d{4}-\d{2}-\d{2}$")
SECRET = "NEWSBEAM-SECRET-MARKER-0451"
PARAGRAPHS = (
    "The harbour board met on Thursday to decide how the old sea wall should be repaired before winter.",
    "Engineers told the board that the eastern section had moved by several centimetres since the spring.",
    "Residents of the lower town said they had waited years for the work and hoped it would start soon.",
)


def page(title: str, extra_head: str = "", doctype: str = "<!DOCTYPE html>", marker: str = "") -> str:
    paragraphs = "".join(f"<p>{p} {marker}</p>" for p in PARAGRAPHS)
    return (f'{doctype}\n<html lang="en"><head><title>{title}</title>{extra_head}</head>'
            f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>")


def record(name: str, index: int, **fields: Any) -> dict[str, Any]:
    base = {"url": f"https://hostile.example/{name}/{index}", "title": f"Story {index} of {name}",
            "text": " ".join(PARAGRAPHS)}
    return {**base, **fields}


def jsonl(*records: dict[str, Any]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def recoverable_lines(data: bytes) -> int:
    """Complete lines a reader can decompress from a cut gzip stream."""
    return zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(data).count(b"\n")


def warc(pages: list[tuple[str, str]]) -> tuple[bytes, list[int]]:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    starts = []
    for url, html in pages:
        starts.append(buffer.tell())
        payload = html.encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                              ("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
    return buffer.getvalue(), starts


def billion_laughs() -> str:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10))
    return page("Laughing matter &lol9;", doctype=f'<?xml version="1.0"?>\n<!DOCTYPE html [{entities}]>',
                marker="&lol9;")


def external_entity(secret_file: Path) -> str:
    return page("Council notes &xxe;", marker="&xxe;",
                doctype=f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret_file}">]>')


ABSURD_DATES: list[Any] = [
    "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "0000-00-00", "2024-02-30", "99999999999999",
    10**30, -(10**15), 1e308, "NaN", "../../x", "1" * 5000, "Tue, 31 Dec 9999 23:59:59 -1400",
]
ABSURD_BYLINES: list[Any] = [
    "Jane Doe and " * 20_000, "By " * 50_000, "\x00\x01Jane\x07 Doe\x1b[31m", ["Ann Lee"] * 10_000,
    {"name": {"name": {"name": "Deep Dict"}}}, 12345, True, "🙂" * 1000, "<script>alert(1)</script>",
    "Mr. " * 10_000 + "Smith",
]
# file name -> (articles expected from it, sorted reject reasons expected from it); None: computed
REJECT_CAP = 100  # the hostile run's --max-rejects-per-file
FLOOD_LINES = 3000
EXPECTED: dict[str, tuple[int | None, list[str]]] = {
    "invalid-utf8.jsonl": (1, [RejectReason.DECODE_ERROR]),
    "cut.jsonl.gz": (None, [RejectReason.UNREADABLE_GZIP]),
    "cut.warc.gz": (1, [RejectReason.INVALID_WARC]),
    "cut.html.gz": (0, [RejectReason.UNREADABLE_GZIP]),
    "deep.jsonl": (0, [RejectReason.INVALID_JSON] * 2),
    "not-objects.jsonl": (0, [RejectReason.NOT_AN_OBJECT] * 6),
    "nul.jsonl": (1, [RejectReason.DECODE_ERROR, RejectReason.INVALID_JSON]),
    "binary.txt": (0, [RejectReason.DECODE_ERROR]),
    "laughs.xhtml": (1, []),
    "laughs-field.jsonl": (1, []),
    "external-entity.html": (1, []),
    "escape.jsonl": (6, []),
    "dates.jsonl": (len(ABSURD_DATES), []),
    "bylines.jsonl": (len(ABSURD_BYLINES), []),
    "empty.jsonl": (0, []),
    "surrogates.jsonl": (2, [RejectReason.EMPTY_BODY]),
    "flood.jsonl.gz": (0, [RejectReason.EMPTY_BODY] * REJECT_CAP),
}


def write_hostile_inputs(folder: Path, secret_file: Path) -> dict[str, int]:
    """Write every hostile file; returns the articles expected where they depend on the bytes written."""
    folder.mkdir(parents=True)
    computed: dict[str, int] = {}
    good = json.dumps(record("invalid-utf8", 0, text="Caf\u00e9 owners " + PARAGRAPHS[0])).encode()
    (folder / "invalid-utf8.jsonl").write_bytes(
        good.replace("\u00e9".encode(), b"\xe9") + b"\n"  # windows-1252: read through the fallback
        + b'{"url": "https://hostile.example/utf8/1", "text": "bad \x81\x8d\x8f\x90\x9d\xff bytes"}\n')

    lines = jsonl(*(record("cut-gzip", i) for i in range(6)))
    packed = gzip.compress(lines, mtime=0)
    cut = packed[: len(packed) * 2 // 3]
    (folder / "cut.jsonl.gz").write_bytes(cut)
    computed["cut.jsonl.gz"] = recoverable_lines(cut)

    data, starts = warc([("https://hostile.example/warc/0", page("Sea wall vote")),
                         ("https://hostile.example/warc/1", page("Second sea wall story"))])
    (folder / "cut.warc.gz").write_bytes(data[: starts[1] + (len(data) - starts[1]) // 2])
    html = gzip.compress(page("Cut page").encode(), mtime=0)
    (folder / "cut.html.gz").write_bytes(html[: len(html) // 2])

    (folder / "deep.jsonl").write_bytes(
        b"[" * 200_000 + b"]" * 200_000 + b"\n"
        + json.dumps(record("deep", 1))[:-1].encode() + b', "x": ' + b'{"a": ' * 100_000 + b"1"
        + b"}" * 100_000 + b"}\n")
    (folder / "not-objects.jsonl").write_bytes(b'[1, 2]\n"a string"\n42\nnull\ntrue\n{"list": []}\n'.replace(
        b'{"list": []}', b'[{"url": "https://hostile.example/list", "text": "inside a list"}]'))
    long_text = " ".join(PARAGRAPHS * 4)
    (folder / "nul.jsonl").write_bytes(
        jsonl(record("nul", 0, text="NUL \u0000 escaped \u0000 inside " + long_text))
        + json.dumps(record("nul", 1, text=f"raw NUL {long_text}")).encode().replace(b"raw NUL",
                                                                                     b"raw \x00 NUL")
        + b"\n" + b'{"text": "' + b"\x00" * 500 + b'"}\n')
    (folder / "binary.txt").write_bytes(bytes(random.Random(7).randrange(0, 32) for _ in range(4096)))

    (folder / "laughs.xhtml").write_text(billion_laughs(), encoding="utf-8")
    (folder / "laughs-field.jsonl").write_bytes(jsonl({"url": "https://hostile.example/laughs-field/0",
                                                      "html": billion_laughs()}))
    (folder / "external-entity.html").write_text(external_entity(secret_file), encoding="utf-8")
    (folder / "escape.jsonl").write_bytes(jsonl(
        record("escape", 0, source="../../x"),
        record("escape", 1, url="../../x/escaped"),
        record("escape", 2, url="file:///../../../etc/passwd", source="/etc/passwd"),
        record("escape", 3, published="../../x", source="..\\..\\x"),
        record("escape", 4, url="https://hostile.example/%2e%2e/%2e%2e/x", source="published_date=../../x"),
        record("escape", 5, source="\u0000/../x", title="../../../../tmp/x"),
    ))
    (folder / "dates.jsonl").write_bytes(jsonl(*(record("dates", i, published=value, fetched_at=value)
                                                 for i, value in enumerate(ABSURD_DATES))))
    (folder / "bylines.jsonl").write_bytes(jsonl(*(record("bylines", i, byline=value)
                                                   for i, value in enumerate(ABSURD_BYLINES))))
    (folder / "empty.jsonl").write_bytes(b"\n\n   \n")
    # valid JSON whose escapes are lone surrogates, which no encoder downstream accepts
    (folder / "surrogates.jsonl").write_bytes(jsonl(
        record("surrogates", 0, title="Lone \ud800 high"),
        record("surrogates", 1, title="Lone low", byline="By Jo \udfff Lee"),
        {"url": "https://hostile.example/surrogates/2", "title": "\udc00", "text": "  "},
    ))
    # a few KB of gzip that inflate to thousands of records, all rejected
    (folder / "flood.jsonl.gz").write_bytes(gzip.compress(b"{}\n" * FLOOD_LINES, mtime=0))
    return computed


def read(output: Path, dataset: str) -> list[dict[str, Any]]:
    files = list((output / dataset).glob("*/*.parquet"))
    if not files:
        return []
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    pattern = f"{output / dataset}/*/*.parquet"
    relation = con.sql(f"SELECT * FROM read_parquet('{pattern}', hive_partitioning = true)")
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def manifest_of(output: Path) -> dict[str, Any]:
    (path,) = [p for p in (output / "_runs").glob("*.json") if not p.name.endswith(".pending.json")]
    return json.loads(path.read_text(encoding="utf-8"))


def assert_reconciled(manifest: dict[str, Any], output: Path) -> None:
    counts = manifest["counts"]
    assert counts["records_read"] == (counts["articles_written"] + counts["duplicates_in_run"]
                                      + counts["duplicates_existing"] + counts["rejected"]), counts
    assert len(read(output, "articles")) == counts["articles_written"]
    assert len(read(output, "rejects")) == counts["rejects_written"]


def visible_files(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.parquet") if not any(part.startswith(("_", ".")) for part in
                                                                    p.relative_to(output).parts))


# ------------------------------------------------------------------------------------------ hostile corpus
class HostileRun:
    def __init__(self, root: Path, computed: dict[str, int], proc: subprocess.CompletedProcess[str]) -> None:
        self.root, self.output, self.proc = root, root / "out", proc
        self.expected = {name: (computed.get(name, n), reasons) for name, (n, reasons) in EXPECTED.items()}
        self.manifest = manifest_of(self.output)
        self.articles = read(self.output, "articles")
        self.rejects = read(self.output, "rejects")

    def of(self, rows: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
        return [r for r in rows if Path(r["input_uri"]).name == name]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileRun:
    root = tmp_path_factory.mktemp("hostile")
    secret = root / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    computed = write_hostile_inputs(root / "in", secret)
    proc = run_cli("run", "-q", "--no-nlp", "--input", str(root / "in"), "--output", str(root / "out"),
                   "--max-rejects-per-file", str(REJECT_CAP))
    assert proc.returncode == 0, proc.stderr
    return HostileRun(root, computed, proc)


def test_every_hostile_file_is_read(hostile: HostileRun) -> None:
    assert sorted(Path(i["path"]).name for i in hostile.manifest["inputs"]) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_becomes_articles_and_reasoned_rejects(hostile: HostileRun, name: str) -> None:
    articles, reasons = hostile.expected[name]
    assert len(hostile.of(hostile.articles, name)) == articles
    rejects = hostile.of(hostile.rejects, name)
    assert sorted(r["reason"] for r in rejects) == sorted(reasons)
    assert all(r["detail"] and r["reason"] in RejectReason.ALL for r in rejects)
    (entry,) = [i for i in hostile.manifest["inputs"] if Path(i["path"]).name == name]
    # per file: every record read is accounted for
    assert entry["records"] == articles + len(reasons) + entry.get("rejects_not_kept", 0)


def test_counts_reconcile(hostile: HostileRun) -> None:
    assert_reconciled(hostile.manifest, hostile.output)
    assert hostile.manifest["counts"]["duplicates_in_run"] == 0  # every hostile record is distinct


def test_rejects_keep_their_raw_bytes(hostile: HostileRun) -> None:
    (bad,) = [r for r in hostile.of(hostile.rejects, "invalid-utf8.jsonl")]
    assert b"\x81\x8d\x8f" in bad["raw"]
    assert all(r["raw"] for r in hostile.rejects)


def test_windows_1252_bytes_are_read_not_rejected(hostile: HostileRun) -> None:
    (article,) = hostile.of(hostile.articles, "invalid-utf8.jsonl")
    assert article["body"].startswith("Café owners")


def test_lone_surrogates_are_replaced_and_counted(hostile: HostileRun) -> None:
    titles = sorted(a["title"] for a in hostile.of(hostile.articles, "surrogates.jsonl"))
    assert titles == ["Lone low", "Lone \ufffd high"]
    (empty,) = hostile.of(hostile.rejects, "surrogates.jsonl")
    assert "lone surrogate" in empty["detail"] and b"\\udc00" in empty["raw"]  # the raw bytes as they were
    assert hostile.manifest["counts"]["lone_surrogates_replaced"] == 2  # the reject says so in its detail


def test_rejects_over_the_per_file_cap_are_counted_not_kept(hostile: HostileRun) -> None:
    counts = hostile.manifest["counts"]
    assert counts["rejects_not_kept"] == FLOOD_LINES - REJECT_CAP
    assert counts["rejected_by_reason"][RejectReason.EMPTY_BODY] >= FLOOD_LINES  # counted all the same
    assert counts["rejected"] == (counts["rejects_written"] + counts["rejects_already_recorded"]
                                  + counts["rejects_not_kept"])
    assert all(r["raw"] == b"{}" for r in hostile.of(hostile.rejects, "flood.jsonl.gz"))
    assert hostile.manifest["options"]["max_rejects_per_file"] == REJECT_CAP
    assert f"{FLOOD_LINES - REJECT_CAP:,} of them counted only" in hostile.proc.stdout


def test_nul_characters_are_kept_as_text(hostile: HostileRun) -> None:
    (article,) = hostile.of(hostile.articles, "nul.jsonl")
    assert article["body"].startswith("NUL \x00 escaped")


@pytest.mark.parametrize("name", ["laughs.xhtml", "laughs-field.jsonl", "external-entity.html"])
def test_entities_are_never_expanded(hostile: HostileRun, name: str) -> None:
    (article,) = hostile.of(hostile.articles, name)
    text = f"{article['title']} {article['body']}"
    assert "lollollol" not in text and SECRET not in text
    assert len(article["body"]) < 5 * len(" ".join(PARAGRAPHS))


def test_paths_in_the_data_never_become_paths_on_disk(hostile: HostileRun) -> None:
    assert sorted(p.name for p in hostile.root.iterdir()) == ["in", "out", "secret.txt"]
    for path in hostile.output.rglob("*"):
        assert path.resolve().is_relative_to(hostile.output.resolve())
    for dataset in ("articles", "rejects"):
        assert all(PARTITION_NAME.match(p.name) for p in (hostile.output / dataset).iterdir())
    # the given publisher names are kept as data (the outlet's display name; its key is the url's domain)
    names = {a["source_name"] for a in hostile.of(hostile.articles, "escape.jsonl")}
    assert {"../../x", "/etc/passwd", "..\\..\\x", "published_date=../../x"} <= names


def test_absurd_dates_give_real_partition_dates(hostile: HostileRun) -> None:
    rows = hostile.of(hostile.articles, "dates.jsonl")
    for row in rows:
        assert 1900 <= row["published_date"].year <= 2100, row["date_raw"]
        assert row["published_at"] is None or 1900 <= row["published_at"].year <= 2100


def test_absurd_bylines_give_bounded_author_lists(hostile: HostileRun) -> None:
    for row in hostile.of(hostile.articles, "bylines.jsonl"):
        assert len(row["authors"]) <= 50
        assert all(0 < len(name) <= 100 and "\x00" not in name for name in row["authors"] + row["agencies"])


# ------------------------------------------------------------ impossible dates, unclosed quotations
@pytest.mark.parametrize("raw", ["31 Dec 9999", "1 January 10000", "March 3, 1066"])
def test_an_impossible_year_is_no_date(raw: str) -> None:
    import datetime as dt

    from transforms.dates import parse_date

    assert parse_date(raw, anchor=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)) is None


def test_an_unclosed_quotation_never_swallows_a_huge_paragraph() -> None:
    from transforms.quotes import extract_quotes

    body = "The mayor said: “We will fix it. " + "The sea wall is old and the council has no money. " * 20_000
    assert all(len(q.text) <= 10_000 for q in extract_quotes(body))


# ----------------------------------------------------------------------------------- WARC cut anywhere
def crawl(gzipped: bool) -> tuple[bytes, list[int]]:
    """warcinfo and two HTML responses; returns the bytes and the record offsets."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "newsbeam tests"}))
    for number in range(2):
        payload = page(f"Story {number}").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                              ("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://hostile.example/crawl/{number}", "response",
                                                      payload=io.BytesIO(payload), http_headers=headers))
    data = buffer.getvalue()
    iterator = ArchiveIterator(io.BytesIO(data))
    offsets = []
    for record in iterator:
        record.content_stream().read()
        offsets.append(iterator.get_record_offset())
    return data, offsets


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_warc_cut_at_any_byte_keeps_whole_records_and_rejects_the_rest(gzipped: bool) -> None:
    data, offsets = crawl(gzipped)
    whole = [None, "ok", "ok"]
    # an uncompressed record ends with a blank line: a cut inside it leaves the record whole
    boundaries = {o - k for o in [*offsets[1:], len(data)] for k in range(0 if gzipped else 5)}
    for cut in range(1, len(data), 3):
        results = list(iter_warc(io.BytesIO(data[:cut]), "crawl.warc",
                                 raw_tail=lambda o, cut=cut: data[o:cut]))
        kept = [None if r is None else "ok" for r in results if not isinstance(r, Rejected)]
        rejects = [r for r in results if isinstance(r, Rejected)]
        assert kept == whole[:len(kept)], cut
        if cut in boundaries or cut in offsets:
            assert rejects == [], cut
        else:
            (reject,) = rejects
            expected = (RejectReason.INVALID_WARC, offsets[len(kept)])
            assert (reject.reason, reject.input_offset) == expected, cut
            assert reject.raw == data[offsets[len(kept)]:cut]


# ------------------------------------------------------------------------------ oversized JSONL lines
LIMIT = 64


@pytest.mark.parametrize(("line", "outcome"), [
    (b'{"text": "' + b"x" * 52 + b'"}\n', "ok"),               # 64 bytes: at the limit
    (b'{"text": "' + b"x" * 52 + b'"}\r\n', "ok"),             # a CR LF ending does not count
    (b'{"text": "' + b"x" * 53 + b'"}\n', "too_large"),        # one byte over
    (b'{"text": "' + b"x" * 53 + b'"}', "too_large"),          # one byte over, no final newline
    (b'{"text": "' + b"x" * 100_000 + b'"}\n', "too_large"),   # far over: held only up to the limit
])
def test_jsonl_line_limit(line: bytes, outcome: str) -> None:
    (result,) = iter_jsonl(io.BytesIO(line), "u", max_bytes=LIMIT, chunk_size=7)
    if outcome == "ok":
        assert not isinstance(result, Rejected)
    else:
        assert isinstance(result, Rejected) and result.reason == RejectReason.TOO_LARGE
        held = line.rstrip(b"\r\n") if len(line) <= LIMIT + 2 else line[: LIMIT + 2]
        assert result.raw == held and str(LIMIT) in result.detail


def test_a_line_without_end_is_never_held_whole() -> None:
    class Endless(io.RawIOBase):
        """A stream of 64 MiB of one line, produced as it is read."""

        def __init__(self) -> None:
            self.left = 64 * 2**20

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            count = min(len(buffer), self.left)
            buffer[:count] = b"a" * count
            self.left -= count
            return count

    results = list(iter_jsonl(io.BufferedReader(Endless()), "u", max_bytes=1024))
    assert [(r.reason, len(r.raw)) for r in results] == [(RejectReason.TOO_LARGE, 1026)]
    assert f"{64 * 2**20:,}" in results[0].detail


@pytest.mark.slow
def test_a_50_mb_single_line_record_is_rejected_and_its_neighbours_kept(tmp_path: Path) -> None:
    inputs, output = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    with open(inputs / "huge.jsonl", "wb") as handle:
        handle.write(jsonl(record("huge", 0)))
        handle.write(b'{"url": "https://hostile.example/huge/1", "text": "')
        handle.write(b"word " * (10 * 2**20))  # 50 MiB on one line
        handle.write(b'"}\n')
        handle.write(jsonl(record("huge", 2)))
    proc = run_cli("run", "-q", "--no-nlp", "--input", str(inputs), "--output", str(output))
    assert proc.returncode == 0, proc.stderr
    manifest = manifest_of(output)
    assert_reconciled(manifest, output)
    assert (manifest["counts"]["articles_written"], manifest["counts"]["rejected_by_reason"]) == (
        2, {RejectReason.TOO_LARGE: 1})
    (reject,) = read(output, "rejects")
    assert reject["input_offset"] == len(jsonl(record("huge", 0)))
    assert len(reject["raw"]) == DEFAULT_MAX_RECORD_BYTES + 2  # the head of the line, not all 50 MB


@pytest.mark.slow
@pytest.mark.model
def test_a_million_character_unclosed_quotation_with_nlp(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    inputs, output = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    body = ("The mayor of Pell Harbour said: “We will repair the wall before the storms. "
            + "The council has argued about the money for years and nobody has agreed on a plan. " * 12_000)
    (inputs / "long.jsonl").write_bytes(jsonl(record("long", 0, text=body), record("long", 1)))
    proc = run_cli("run", "-q", "--input", str(inputs), "--output", str(output))
    assert proc.returncode == 0, proc.stderr
    manifest = manifest_of(output)
    assert_reconciled(manifest, output)
    articles = {a["url"]: a for a in read(output, "articles")}
    assert len(articles["https://hostile.example/long/0"]["body"]) == len(body.strip())  # the body is whole
    assert manifest["counts"]["articles_written"] == 2
    for quote in read(output, "quotes"):
        assert 0 <= quote["start"] < quote["end"] <= len(body)


# ------------------------------------------------------------------------------------------------ faults
def small_inputs(folder: Path, count: int = 5, words: int = 200, seed: int = 3) -> list[str]:
    """JSONL with ``count`` articles of random invented words (they compress badly: they fill a disk)."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mer", "tin", "sa", "vu", "rep", "ol", "dan", "ith", "quo", "bel"]
    folder.mkdir(parents=True, exist_ok=True)
    urls = []
    lines = []
    for i in range(count):
        text = " ".join("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))
                        for _ in range(words))
        url = f"https://fault.example/{seed}/{i}"
        urls.append(url)
        lines.append({"url": url, "title": f"Fault story {i}", "text": text, "published": "2026-03-0"
                      f"{1 + i % 9}T10:00:00Z"})
    (folder / f"batch-{seed}.jsonl").write_bytes(jsonl(*lines))
    return urls


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("newsbeam: error:")]


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 1, proc.stderr
    (line,) = error_lines(proc.stderr)
    assert proc.stderr.strip().splitlines()[-1] == line  # the error is the last thing said
    assert any(needle in line for needle in needles), line


def run_with_enospc(inputs: Path, output: Path, where: str, nth: int = 1) -> subprocess.CompletedProcess[str]:
    """A run whose disk fills up at the ``nth`` call of ``where`` ("module:attribute"), in the run's process
    (the local runner executes the pipeline in the process that starts it)."""
    module, _, attribute = where.partition(":")
    script = f"""
import errno, importlib, sys
owner = importlib.import_module({module!r})
*path, name = {attribute!r}.split(".")
for part in path:
    owner = getattr(owner, part)
original = getattr(owner, name)
calls = []
def full(*args, **kwargs):
    calls.append(1)
    if len(calls) >= {nth}:
        raise OSError(errno.ENOSPC, "No space left on device")
    return original(*args, **kwargs)
setattr(owner, name, full)
from pipeline.cli import main
sys.exit(main(["run", "-q", "--no-nlp", "--input", {str(inputs)!r}, "--output", {str(output)!r}]))
"""
    return subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                          timeout=600, check=False)


def pending_runs(output: Path) -> set[str]:
    return {p.name.removesuffix(".pending.json") for p in (output / "_runs").glob("*.pending.json")}


def manifests(output: Path) -> list[Path]:
    return [p for p in (output / "_runs").glob("*.json") if not p.name.endswith(".pending.json")]


@pytest.mark.slow
@pytest.mark.parametrize(("where", "nth"), [
    ("pipeline.commit:write_staged", 1),                        # while workers stage rows
    ("pipeline.commit:PartitionWriter._write_pending", 1),     # while partitions are merged
    ("pipeline.commit:write_json_atomically", 1),               # writing the commit journal
    ("pipeline.commit:write_json_atomically", 2),               # writing the manifest, after the moves
])
def test_a_full_disk_fails_clearly_and_the_next_run_commits_everything(tmp_path: Path, where: str,
                                                                      nth: int) -> None:
    inputs, output = tmp_path / "in", tmp_path / "out"
    urls = small_inputs(inputs)
    failed = run_with_enospc(inputs, output, where, nth)
    assert_one_line_error(failed, "No space left on device")
    assert manifests(output) == []
    pending = pending_runs(output)
    for path in visible_files(output):  # only a run whose journal is pending may have moved files in
        assert any(path.name.startswith(f"part-{run}-") for run in pending), path
    done = run_cli("run", "-q", "--no-nlp", "--input", str(inputs), "--output", str(output))
    assert done.returncode == 0, done.stderr
    assert sorted(a["url"] for a in read(output, "articles")) == sorted(urls)  # each exactly once
    assert not pending_runs(output)
    assert not (output / "_staging").is_dir() or not any((output / "_staging").iterdir())


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def mounted(*args: str, target: Path) -> Iterator[None]:
    if os.geteuid() != 0 or shutil.which("mount") is None or not _mount(*args, str(target)):
        pytest.skip("needs root and mount to make a real read-only or full file system")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


@pytest.mark.slow
def test_a_real_full_file_system(tmp_path: Path) -> None:
    inputs, output = tmp_path / "in", tmp_path / "out"
    urls = small_inputs(inputs, count=40, words=3000)  # ~1 MB of staged text, on a 256 KiB file system
    output.mkdir()
    with mounted("-t", "tmpfs", "-o", "size=256k", "tmpfs", target=output):
        failed = run_cli("run", "-q", "--no-nlp", "--input", str(inputs), "--output", str(output))
        assert_one_line_error(failed, "No space left on device", "Errno 28")
        assert visible_files(output) == []
        assert subprocess.run(["mount", "-o", "remount,size=64m", str(output)], check=False).returncode == 0
        done = run_cli("run", "-q", "--no-nlp", "--input", str(inputs), "--output", str(output))
        assert done.returncode == 0, done.stderr
        assert sorted(a["url"] for a in read(output, "articles")) == sorted(urls)
        assert_reconciled(manifest_of(output), output)


@pytest.mark.slow
def test_a_read_only_output_fails_clearly_and_keeps_what_was_committed(tmp_path: Path) -> None:
    inputs, output = tmp_path / "in", tmp_path / "out"
    small_inputs(inputs, seed=1)
    first = run_cli("run", "-q", "--no-nlp", "--input", str(inputs), "--output", str(output))
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in visible_files(output)}
    small_inputs(inputs, seed=2)
    if os.geteuid() != 0:
        for path in [output, *output.rglob("*")]:
            if path.is_dir():
                path.chmod(0o555)
        context: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
    else:
        context = mounted("--bind", "-o", "ro", str(output), target=output)
    try:
        with context:
            failed = run_cli("run", "-q", "--no-nlp", "--input", str(inputs), "--output", str(output))
            assert_one_line_error(failed, "Read-only file system", "Permission denied")
            assert {p: p.read_bytes() for p in visible_files(output)} == before
    finally:
        for path in [output, *output.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
    assert len(list((output / "_runs").glob("*.json"))) == 1


@pytest.mark.slow
def test_a_failed_run_says_nothing_but_its_error(tmp_path: Path) -> None:
    small_inputs(tmp_path / "in")
    failed = run_with_enospc(tmp_path / "in", tmp_path / "out",
                             "pipeline.commit:PartitionWriter._write_pending")
    assert failed.stderr.strip().splitlines() == error_lines(failed.stderr)
    # the traceback is not lost: the error line names the file that holds it
    (line,) = error_lines(failed.stderr)
    details = Path(line.rsplit("(details: ", 1)[1].removesuffix(")"))
    text = details.read_text(encoding="utf-8")
    details.unlink()
    assert "Traceback" in text and "No space left on device" in text and "_write_pending" in text


# ------------------------------------------------------------------------------- kill -9 at every rename
def run_killed_at_rename(inputs: Path, output: Path, nth: int) -> subprocess.CompletedProcess[str]:
    """A run SIGKILLed at the ``nth`` rename of its commit's publication (the moves, the id index segment, the
    manifest), in the run's process (the local runner executes the pipeline there)."""
    script = f"""
import os, signal, sys
import pipeline.commit as commit
original_apply, original_replace = commit._apply_journal, os.replace
calls = []
def killing_replace(*args, **kwargs):
    calls.append(1)
    if len(calls) == {nth}:
        os.kill(os.getpid(), signal.SIGKILL)
    return original_replace(*args, **kwargs)
def apply(*args, **kwargs):
    os.replace = killing_replace
    try:
        return original_apply(*args, **kwargs)
    finally:
        os.replace = original_replace
commit._apply_journal = apply
from pipeline.cli import main
sys.exit(main(["run", "-q", "--no-nlp", "--input", {str(inputs)!r}, "--output", {str(output)!r}]))
"""
    return subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                          timeout=600, check=False)


# 5 articles over 5 days, without NLP: 5 article files, the id index segment, the manifest
PUBLISH_RENAMES = 7


@pytest.mark.slow
@pytest.mark.parametrize("nth", range(1, PUBLISH_RENAMES + 1))
def test_kill_9_at_any_rename_of_the_publication_shows_all_of_the_run_or_none(tmp_path: Path, nth: int) -> None:
    from pipeline.commit import recover
    from pipeline.query import connect, dataset

    inputs, output = tmp_path / "in", tmp_path / "out"
    urls = small_inputs(inputs)
    killed = run_killed_at_rename(inputs, output, nth)
    assert killed.returncode == -9, killed.stderr
    (journal,) = (output / "_runs").glob("*.pending.json")
    assert len(json.loads(journal.read_text())["moves"]) + 1 == PUBLISH_RENAMES  # every rename is a parameter
    committed = bool(manifests(output))
    expected = len(urls) if committed else 0
    assert connect(output).execute("select count(*) from articles").fetchall()[0][0] == expected
    assert dataset(output, "articles").count_rows() == expected
    listed = run_cli("query", "--output", str(output), "--format", "csv", "select count(*) from articles")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["count_star()", str(expected)]
    assert recover(output) == [journal.name.removesuffix(".pending.json")]
    assert sorted(a["url"] for a in read(output, "articles")) == sorted(urls)


@pytest.mark.slow
def test_a_full_disk_at_the_manifest_leaves_no_file_of_the_run_for_any_reader(tmp_path: Path) -> None:
    """Exit 1, and nothing in place: not for newsbeam's readers, not for read_parquet('out/**')."""
    inputs, output = tmp_path / "in", tmp_path / "out"
    small_inputs(inputs)
    failed = run_with_enospc(inputs, output, "pipeline.commit:write_json_atomically", 2)
    assert_one_line_error(failed, "No space left on device")
    assert manifests(output) == [] and not pending_runs(output)
    assert list(output.glob("*/*=*/*.parquet")) == []  # what a glob over the dataset folders finds


# ------------------------------------------------------------------------------------------ failed runs
def test_a_failed_run_removes_its_staging_and_the_next_run_commits(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import sink
    from pipeline.config import JobConfig
    from pipeline.layout import STAGING_DIR
    from pipeline.run import run_job

    inputs, output = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / "feed.jsonl").write_bytes(jsonl(*(record("staging", i) for i in range(3))))
    job = JobConfig(inputs=[str(inputs)], output=str(output), nlp={"enabled": False})
    staged: list[Path] = []

    def fail_after_staging(output_dir: Any, run_id: str, *args: Any, **kwargs: Any) -> Any:
        staged.extend((Path(output_dir) / STAGING_DIR).rglob("*.arrow"))  # rows were staged
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sink, "plan_commit", fail_after_staging)
    with pytest.raises(Exception, match="No space left"):
        run_job(job, emit=lambda _line: None)
    assert staged
    assert not (output / STAGING_DIR).is_dir() or not any((output / STAGING_DIR).iterdir())

    monkeypatch.undo()
    manifest = run_job(job, emit=lambda _line: None)
    assert manifest["counts"]["articles_written"] == 3


# ------------------------------------------------------------------- WARC records whose length lies
def lying_crawl(gzipped: bool, liar: int, declared: str) -> tuple[list[bytes], bytes]:
    """warcinfo and three HTML responses, record ``liar`` declaring a wrong Content-Length: 10^15 ("huge"),
    100 ("short", inside its payload), 0 ("zero": its HTTP headers and payload follow as if a record) or 50
    bytes more than its block ("long", inside the next record).
    Returns each record's bytes as stored (a gzip member each when gzipped) and the file."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    ends = [0]
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "newsbeam tests"}))
    ends.append(buffer.tell())
    for number in range(3):
        payload = page(f"Story {number}").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                              ("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://hostile.example/lying/{number}", "response",
                                                      payload=io.BytesIO(payload), http_headers=headers))
        ends.append(buffer.tell())
    data = buffer.getvalue()
    records = [data[start:end] for start, end in itertools.pairwise(ends)]
    real = int(re.search(rb"\r\nContent-Length: (\d+)\r\n", records[liar]).group(1))
    wrong = {"huge": 10**15, "short": 100, "zero": 0, "long": real + 50}[declared]
    records[liar] = records[liar].replace(b"\r\nContent-Length: %d\r\n" % real,
                                          b"\r\nContent-Length: %d\r\n" % wrong, 1)
    if gzipped:
        records = [gzip.compress(r) for r in records]
    return records, b"".join(records)


def outcomes(results: list[Any]) -> list[Any]:
    return [r if r is None else (r.reason, r.input_offset, r.raw) if isinstance(r, Rejected) else
            ("article", r["input_offset"], r["title"]) for r in results]


@pytest.mark.parametrize("declared", ["huge", "short", "zero", "long"])
@pytest.mark.parametrize("gzipped", [False, True])
def test_a_warc_record_whose_content_length_lies_is_one_reject_and_the_next_record_is_read(
        gzipped: bool, declared: str) -> None:
    records, data = lying_crawl(gzipped, 2, declared)
    starts = [sum(map(len, records[:i])) for i in range(len(records))]
    results = list(iter_warc(io.BytesIO(data), "crawl.warc", raw_tail=lambda offset: data[offset:]))
    assert outcomes(results) == [None, ("article", starts[1], "Story 0"),
                                 (RejectReason.INVALID_WARC, starts[2], records[2]),
                                 ("article", starts[3], "Story 2")]
    assert "Content-Length" in results[2].detail


@pytest.mark.parametrize("declared", ["huge", "short", "zero", "long"])
@pytest.mark.parametrize("gzipped", [False, True])
def test_a_first_warc_record_whose_content_length_lies_loses_no_other_record(gzipped: bool,
                                                                             declared: str) -> None:
    records, data = lying_crawl(gzipped, 0, declared)
    starts = [sum(map(len, records[:i])) for i in range(len(records))]
    results = list(iter_warc(io.BytesIO(data), "crawl.warc", raw_tail=lambda offset: data[offset:]))
    assert outcomes(results) == [(RejectReason.INVALID_WARC, 0, records[0]),
                                 *[("article", starts[n + 1], f"Story {n}") for n in range(3)]]


@pytest.mark.parametrize("declared", ["huge", "short", "zero"])
@pytest.mark.parametrize("gzipped", [False, True])
def test_a_last_warc_record_whose_content_length_lies_is_one_reject_with_all_its_bytes(
        gzipped: bool, declared: str) -> None:
    records, data = lying_crawl(gzipped, 3, declared)
    starts = [sum(map(len, records[:i])) for i in range(len(records))]
    results = list(iter_warc(io.BytesIO(data), "crawl.warc", raw_tail=lambda offset: data[offset:]))
    assert outcomes(results) == [None, ("article", starts[1], "Story 0"), ("article", starts[2], "Story 1"),
                                 (RejectReason.INVALID_WARC, starts[3], records[3])]


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_warc_payload_quoting_a_record_header_is_not_split(gzipped: bool) -> None:
    # resynchronisation happens only where a length lies: a true length is trusted whatever its block holds
    quoted = page("WARC explained", marker="\r\nWARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\n")
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    for number, html in enumerate([quoted, page("After")]):
        payload = html.encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                              ("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://hostile.example/quoted/{number}", "response",
                                                      payload=io.BytesIO(payload), http_headers=headers))
    data = buffer.getvalue()
    results = list(iter_warc(io.BytesIO(data), "crawl.warc", raw_tail=lambda offset: data[offset:]))
    assert [r["title"] for r in results] == ["WARC explained", "After"]
