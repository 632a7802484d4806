"""The test inputs themselves: the generated benchmark corpus and the bundled sample corpus.

Both are inputs other tests and benchmarks rely on, so their properties are asserted here, without the
pipeline: the generator is deterministic, realistically shaped and carries every field the contract
reads; the sample holds exactly the records, rejects and duplicates its README promises.
"""
from __future__ import annotations

import gzip
import io
import json
import random
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator

from benchmarks import corpus, make_sample_warc

SAMPLE = Path(__file__).resolve().parent.parent / "pipeline" / "sample"
EXPECTED = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))

# the contract's JSONL field aliases ("Inputs" in docs/data-contract.md), by logical field
ALIASES = {
    "url": {"url", "link"},
    "title": {"title", "headline"},
    "byline": {"byline", "author", "authors"},
    "date": {"published", "date", "published_at", "pubDate"},
    "body": {"text", "body", "content"},
    "source": {"source", "site", "publisher"},
    "fetched": {"fetched_at", "crawled_at"},
}
KNOWN_KEYS = set().union(*ALIASES.values())


def _field(record: dict[str, Any], name: str) -> Any:
    return next((record[key] for key in ALIASES[name] if key in record), None)


def _words(record: dict[str, Any]) -> int:
    return len(_field(record, "body").split())


@pytest.fixture(scope="module")
def sample_records() -> list[dict[str, Any]]:
    return list(corpus.generate_articles(1500, seed=11))


# ------------------------------------------------------------------------------------------ generator
def test_same_seed_same_corpus() -> None:
    assert list(corpus.generate_articles(60, seed=3)) == list(corpus.generate_articles(60, seed=3))


def test_other_seed_other_corpus() -> None:
    first = [_field(r, "body") for r in corpus.generate_articles(30, seed=3)]
    second = [_field(r, "body") for r in corpus.generate_articles(30, seed=4)]
    assert not set(first) & set(second)


def test_article_depends_only_on_seed_and_index() -> None:
    # a longer corpus starts with the shorter one, so benchmarks of 10k and 100k share their first 10k
    assert list(corpus.generate_articles(40, seed=5)) == list(corpus.generate_articles(90, seed=5))[:40]


def test_length_distribution_is_long_tailed_around_800_words(sample_records: list[dict[str, Any]]) -> None:
    lengths = sorted(_words(r) for r in sample_records)
    share = len(lengths) / 100
    assert 700 <= statistics.median(lengths) <= 900
    assert sum(n <= 250 for n in lengths) >= 3 * share  # briefs
    assert sum(n >= 2000 for n in lengths) >= 3 * share  # features
    assert sum(n >= 3000 for n in lengths) >= 0.5 * share
    assert lengths[0] >= 80
    assert lengths[-1] <= 5000


@pytest.mark.parametrize("name", ["url", "title", "body", "source"])
def test_every_record_has_the_core_fields(sample_records: list[dict[str, Any]], name: str) -> None:
    for record in sample_records:
        value = _field(record, name)
        assert isinstance(value, str) and value.strip(), (name, record)


def test_only_contract_aliases_are_used(sample_records: list[dict[str, Any]]) -> None:
    assert set().union(*(r.keys() for r in sample_records)) <= KNOWN_KEYS
    # and every alias of every field occurs, so the decoder's alias table is exercised whole
    used = set().union(*(r.keys() for r in sample_records))
    assert used == KNOWN_KEYS


def test_templates_leave_no_placeholders(sample_records: list[dict[str, Any]]) -> None:
    for record in sample_records:
        text = _field(record, "title") + _field(record, "body")
        assert "{" not in text and "}" not in text and "NAME" not in text


def test_dates_come_in_several_formats(sample_records: list[dict[str, Any]]) -> None:
    values = [_field(r, "date") for r in sample_records]
    kinds = Counter("none" if v is None else type(v).__name__ for v in values)
    assert kinds["int"] > 0 and kinds["str"] > 0 and kinds["none"] > 0
    texts = [v for v in values if isinstance(v, str)]
    assert any(v.endswith("Z") for v in texts)  # ISO UTC
    assert any(v[-6] in "+-" and v[-3] == ":" for v in texts)  # ISO with offset
    assert any(v.endswith(("+0000", "-0000")) or v[-5] in "+-" for v in texts)  # RFC 2822
    assert any(v.endswith("ago") for v in texts)  # relative, with a fetched_at beside it
    assert any(" Uhr" in v for v in texts)  # German
    assert any(v.endswith(("AM EST", "PM EST", "AM EDT", "PM EDT")) for v in texts)
    for record in sample_records:
        value = _field(record, "date")
        if isinstance(value, str) and value.endswith("ago"):
            assert _field(record, "fetched")


def test_bylines_come_in_several_kinds(sample_records: list[dict[str, Any]]) -> None:
    bylines = [_field(r, "byline") for r in sample_records]
    texts = [b for b in bylines if isinstance(b, str)]
    assert any(isinstance(b, list) for b in bylines)
    assert any(b is None for b in bylines)
    assert any(b.startswith("By ") and " and " in b for b in texts)
    assert any(b.startswith("Reporting by ") and "; Editing by " in b for b in texts)
    assert any(b in corpus.STAFF_BYLINES for b in texts)
    assert any(b in corpus.AGENCIES for b in texts)
    assert any(", With " in b or " with " in b for b in texts)
    # the scraper habit of printing a name twice ("MARIA LOPEZ Maria Lopez")
    assert any(len(b.split()) == 4 and b.split()[:2] == b.split()[2:] for b in texts)


def test_most_articles_quote_someone(sample_records: list[dict[str, Any]]) -> None:
    quoting = [r for r in sample_records
               if any(mark in _field(r, "body") for mark in "“‘\"") and " said" in _field(r, "body")]
    assert len(quoting) >= 0.8 * len(sample_records)


def test_duplicates_are_exact_copies_of_earlier_records(sample_records: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    urls: set[str] = set()
    duplicates = 0
    for record in sample_records:
        line = json.dumps(record, sort_keys=True)
        if line in seen:
            duplicates += 1
            continue
        url = _field(record, "url")
        assert url not in urls  # originals never share a url, so dedup only ever meets real copies
        urls.add(url)
        seen.add(line)
    assert 0.004 * len(sample_records) <= duplicates <= 0.02 * len(sample_records)


def test_no_duplicates_when_the_rate_is_zero() -> None:
    lines = [json.dumps(r) for r in corpus.generate_articles(200, seed=2, dup_rate=0.0)]
    assert len(set(lines)) == len(lines)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_broken_lines_never_parse_as_an_object(rng_seed: int) -> None:
    record = corpus.make_article(1, rng_seed % 50)
    broken = corpus.broken_line(json.dumps(record, ensure_ascii=False), random.Random(rng_seed))
    try:
        value = json.loads(broken)
    except json.JSONDecodeError:
        return
    assert not isinstance(value, dict)


@pytest.mark.parametrize("files", [1, 3])
def test_written_corpus_reconciles_with_its_manifest(tmp_path: Path, files: int) -> None:
    stats = corpus.write_corpus(tmp_path, 400, seed=9, files=files, broken_rate=0.02)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["lines"] == stats.lines == stats.records + stats.broken
    assert stats.records == 400 == stats.articles + stats.duplicates
    assert stats.broken > 0
    paths = sorted(tmp_path.glob("articles-*.jsonl.gz"))
    assert [p.name for p in paths] == manifest["files"] and len(paths) == files
    invalid, lines = 0, []
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                lines.append(line)
                try:
                    if not isinstance(json.loads(line), dict):
                        invalid += 1
                except json.JSONDecodeError:
                    invalid += 1
    assert len(lines) == stats.lines and invalid == stats.broken


def test_files_split_the_same_corpus(tmp_path: Path) -> None:
    def lines(folder: Path) -> list[str]:
        out: list[str] = []
        for path in sorted(folder.glob("*.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                out.extend(handle)
        return sorted(out)

    corpus.write_corpus(tmp_path / "one", 120, seed=4, files=1)
    corpus.write_corpus(tmp_path / "four", 120, seed=4, files=4)
    assert lines(tmp_path / "one") == lines(tmp_path / "four")


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    for name in ("a", "b"):
        corpus.write_corpus(tmp_path / name, 80, seed=6, files=2)
    for path in sorted((tmp_path / "a").glob("*.jsonl.gz")):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


def test_command_line_writes_the_corpus(tmp_path: Path) -> None:
    assert corpus.main(["--articles", "50", "--out", str(tmp_path), "--files", "2", "--seed", "2"]) == 0
    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["records"] == 50


# ------------------------------------------------------------------------------------------ bundled sample
def _jsonl_outcomes(data: bytes) -> Counter[str]:
    """What a careful reader makes of each line: the sample's README counts, recomputed from the bytes."""
    outcomes: Counter[str] = Counter()
    seen: set[bytes] = set()
    for line in data.splitlines():
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            outcomes["invalid_json"] += 1
            continue
        if not isinstance(value, dict):
            outcomes["not_an_object"] += 1
        elif not (_field(value, "body") or value.get("html") or "").strip():
            outcomes["empty_body"] += 1
        elif line in seen:
            outcomes["duplicate"] += 1
        else:
            outcomes["article"] += 1
        seen.add(line)
    return outcomes


@pytest.mark.parametrize("name, opener", [("feeds/wire.jsonl", open), ("feeds/regional.jsonl.gz", gzip.open)])
def test_sample_jsonl_holds_what_the_readme_says(name: str, opener: Any) -> None:
    with opener(SAMPLE / name, "rb") as handle:
        outcomes = _jsonl_outcomes(handle.read())
    expected = EXPECTED["files"][name]
    assert outcomes["article"] == expected["articles"]
    assert outcomes["duplicate"] == expected["duplicates"]
    assert {k: v for k, v in outcomes.items() if k not in ("article", "duplicate")} == expected["rejects"]
    assert sum(outcomes.values()) == expected["records"]


def test_sample_truncated_gzip_gives_two_records_then_breaks() -> None:
    lines = []
    with gzip.open(SAMPLE / "broken" / "truncated.jsonl.gz", "rb") as handle, pytest.raises(EOFError):
        for line in handle:
            lines.append(json.loads(line))
    assert [r["url"] for r in lines] == [a["url"] for a in EXPECTED["articles"]
                                         if a["file"] == "broken/truncated.jsonl.gz"]


def test_sample_warc_records() -> None:
    kinds: Counter[str] = Counter()
    dates = set()
    with open(SAMPLE / "warc" / "crawl.warc.gz", "rb") as handle:
        for record in ArchiveIterator(handle):
            content_type = record.http_headers.get_header("Content-Type") if record.http_headers else ""
            kinds[record.rec_type + (":html" if "html" in (content_type or "") else "")] += 1
            dates.add(record.rec_headers.get_header("WARC-Date")[:10])
    assert kinds == {"warcinfo": 1, "request": 1, "response": 1, "response:html": 3}
    assert kinds["response:html"] == EXPECTED["files"]["warc/crawl.warc.gz"]["records"]
    assert dates == {"2026-03-05"}  # crawl time, later than every publication date in the pages


@pytest.mark.parametrize("relative, build", [
    ("warc/crawl.warc.gz", make_sample_warc.build_warc),
    ("broken/truncated.jsonl.gz", make_sample_warc.build_truncated_gzip),
])
def test_sample_binaries_are_reproducible(relative: str, build: Any) -> None:
    assert build() == (SAMPLE / relative).read_bytes()


def test_sample_text_files() -> None:
    paths = sorted((SAMPLE / "text").glob("*.txt"))
    assert len(paths) >= 4
    undecodable = []
    for path in paths:
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            undecodable.append(path.name)
    assert undecodable == ["market-fees-latin1.txt"]
    assert "£15" in (SAMPLE / "text" / "market-fees-latin1.txt").read_bytes().decode("latin-1")
    headline_first = (SAMPLE / "text" / "storm-warning.txt").read_text(encoding="utf-8").split("\n")
    assert headline_first[1] == "" and not headline_first[0].startswith("By ")


def test_sample_html_pages() -> None:
    pages = {p.name: p.read_text(encoding="utf-8") for p in (SAMPLE / "html").glob("*.html")}
    assert len(pages) >= 4
    assert sum('lang="de"' in page for page in pages.values()) == 1
    joined = "".join(pages.values())
    markers = ('"datePublished"', '"dateModified"', 'property="article:published_time"', "<time datetime=",
               "<nav", "<footer", "<aside", "comment")
    for marker in markers:
        assert marker in joined, marker


def test_sample_expected_counts_reconcile() -> None:
    totals = EXPECTED["totals"]
    files = EXPECTED["files"].values()
    assert totals["records"] == totals["articles"] + totals["duplicates"] + sum(totals["rejects"].values())
    assert totals["records"] == sum(f["records"] for f in files)
    assert totals["articles"] == sum(f["articles"] for f in files) == len(EXPECTED["articles"]) >= 24
    urls = [a["url"] for a in EXPECTED["articles"] if a["url"]]
    assert len(urls) == len(set(urls))


def test_sample_is_small() -> None:
    assert sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file()) < 200_000


def _sample_text(relative: str) -> str:
    data = (SAMPLE / relative).read_bytes()
    if relative.endswith(".gz"):
        with gzip.open(io.BytesIO(data), "rb") as handle:
            try:
                data = handle.read()
            except EOFError:  # the truncated sample: its titles are not checked here
                return ""
    return data.decode("utf-8") if "latin1" not in relative else data.decode("latin-1")


@pytest.mark.parametrize("article", [a for a in EXPECTED["articles"] if not a["file"].startswith("broken/")],
                         ids=lambda a: a["title"][:40])
def test_sample_expected_articles_exist_in_their_files(article: dict[str, Any]) -> None:
    assert article["title"] in _sample_text(article["file"])
