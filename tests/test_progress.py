"""The progress line: counts from the workers as rows arrive, bytes against the inputs' size, an honest ETA."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline

from pipeline.progress import (
    ProgressCounter,
    ProgressReporter,
    bytes_read,
    describe,
    gather,
    offsets_are_file_positions,
    progress_dir,
)
from pipeline.sink import StageRowsFn
from tests.synthetic import article, entity


@pytest.mark.parametrize(("path", "expected"), [
    ("/in/a.jsonl", True),
    ("/in/page.html", True),
    ("/in/crawl.warc.gz", True),      # warcio's offsets are those of the gzipped file
    ("/in/crawl.warc", True),
    ("/in/feed.jsonl.gz", False),     # offsets in the uncompressed stream: not comparable with the size
    ("/in/notes.TXT.GZ", False),
])
def test_which_offsets_are_file_positions(path: str, expected: bool) -> None:
    assert offsets_are_file_positions(path) is expected


@pytest.mark.parametrize(("offsets", "sizes", "expected"), [
    ({}, {"/a.jsonl": 100}, 0),
    ({"/a.jsonl": 40}, {"/a.jsonl": 100, "/b.jsonl": 100}, 40),
    ({"/a.jsonl": 400}, {"/a.jsonl": 100}, 100),                 # never more than the file
    ({"/page.html": 0}, {"/page.html": 5000, "/b.html": 10}, 5000),  # a one-record file counts whole
    ({"/a.jsonl.gz": 10}, {"/a.jsonl.gz": 100}, None),           # unknown rather than wrong
    ({}, {}, None),
])
def test_bytes_read(offsets: dict[str, int], sizes: dict[str, int], expected: int | None) -> None:
    assert bytes_read(offsets, sizes) == expected


@pytest.mark.parametrize(("done", "total", "bytes_rate", "expected", "absent"), [
    (250, 1000, 25.0, ["120 articles (12.0/s)", "25% of 0.0 MB read", "ETA 30s"], []),
    (None, 1000, 0.0, ["120 articles (12.0/s)"], ["ETA", "read"]),
    (1000, 1000, 25.0, ["100% of"], ["ETA"]),
    (0, 10_000_000, 0.0, ["0% of 10.0 MB read"], ["ETA"]),      # no rate yet: no ETA
    (10, 100_000, 1.0, ["ETA 27h46m"], []),
])
def test_describe(done: int | None, total: int, bytes_rate: float, expected: list[str], absent: list[str]) -> None:
    line = describe(42.0, Counter(articles=120, entities=7, quotes=3), 12.0, done, total, bytes_rate)
    for text in expected:
        assert text in line
    for text in absent:
        assert text not in line
    assert line.endswith("0 rejects, 7 entities, 3 quotes")


def test_workers_counts_are_summed_and_the_furthest_offset_kept(tmp_path: Path) -> None:
    first, second = ProgressCounter(str(tmp_path), "r"), ProgressCounter(str(tmp_path), "r")
    for offset in (0, 300, 200):
        first.count("articles", {"input_uri": "/a.jsonl", "input_offset": offset})
    second.count("articles", {"input_uri": "/a.jsonl", "input_offset": 100})
    second.count("entities", {})
    first.flush()
    second.flush()
    rows, offsets = gather(progress_dir(tmp_path, "r"))
    assert (rows["articles"], rows["entities"], offsets) == (4, 1, {"/a.jsonl": 300})
    reporter = ProgressReporter(str(tmp_path), "r", print, sizes={"/a.jsonl": 600})
    assert "4 articles" in reporter.line() and "50% of" in reporter.line()


def test_the_sink_counts_every_row_that_reaches_it(tmp_path: Path) -> None:
    """Rows are counted as they arrive, not when a staged file of 2,000 rows is flushed."""
    rows = [article(f"a{i}", "/in/a.jsonl", i * 100) for i in range(5)]
    with BeamTestPipeline() as pipeline:
        _ = (pipeline | beam.Create([("articles", r) for r in rows] + [("entities", entity(rows[0], "Ada Quill"))])
             | beam.ParDo(StageRowsFn(str(tmp_path), "run-p", flush_rows=2000)))
    counted, offsets = gather(progress_dir(tmp_path, "run-p"))
    assert (counted["articles"], counted["entities"], offsets) == (5, 1, {"/in/a.jsonl": 400})
