"""read_layout: headline, byline, body and page chrome of scraped plain-text articles (invented texts)."""
from __future__ import annotations

import pytest

from transforms.bylines import parse_byline
from transforms.decoders import Rejected, text_article
from transforms.text_layout import read_layout, strip_page_chrome

BODY = ("Islanders say the new winter timetable leaves them without a morning crossing. The company will run "
        "two return sailings a day instead of four.")
LAST = "A review is due after talks with the island council."

# (layout, text, title, authors, body end, comment_count)
LAYOUTS = [
    ("byline repeated, blank lines, bare Comments label",
     f"Maria Lopez Maria Lopez\n\nFerry operator cuts winter sailings\n\n{BODY}\n\n{LAST}\n\nComments\n",
     "Ferry operator cuts winter sailings", ["Maria Lopez"], LAST, None),
    ("byline repeated, blank lines, Comments with a count",
     f"Maria Lopez Maria Lopez\n\nFerry operator cuts winter sailings\n\n{BODY}\n\n{LAST}\n\nComments 12\n",
     "Ferry operator cuts winter sailings", ["Maria Lopez"], LAST, 12),
    ("byline under the headline with a job title",
     f"Ferry operator cuts winter sailings\nBy Oren Blackwood, Political Correspondent\n\n{BODY}\n\n{LAST}\n",
     "Ferry operator cuts winter sailings", ["Oren Blackwood"], LAST, None),
    ("byline and headline without blank lines, counter glued to the last sentence",
     f"Wren Calloway\nFerry operator cuts winter sailings\n{BODY}\n{LAST}Comments7\n",
     "Ferry operator cuts winter sailings", ["Wren Calloway"], LAST, 7),
    ("updated line and dateline under the headline",
     "Ferry operator cuts winter sailings\nUpdated 10:42 GMT, 3 March 2026\n\n"
     f"PORT ALDWICK, March 3 (Reuters) - {BODY}\n\n{LAST}\n\nShare this article\nRelated articles\n"
     "Harbour bridge plan approved\nLifeboat crew rescue two\n",
     "Ferry operator cuts winter sailings", [], LAST, None),
    ("a name-like headline over a paragraph is the headline",
     f"Chelsea Sack Mutu\n\n{BODY}\n\n{LAST}\n",
     "Chelsea Sack Mutu", [], LAST, None),
    ("title-only file", "Ferry operator cuts winter sailings\n",
     "Ferry operator cuts winter sailings", [], "", None),
    ("body with no headline", f"{BODY}\n\n{LAST}\n", None, [], LAST, None),
    ("body with no headline under a byline", f"By Wren Calloway\n\n{BODY}\n\n{LAST}\n",
     None, ["Wren Calloway"], LAST, None),
]


@pytest.mark.parametrize(("layout", "text", "title", "authors", "body_end", "comments"), LAYOUTS,
                         ids=[case[0] for case in LAYOUTS])
def test_layouts(layout: str, text: str, title: str | None, authors: list[str], body_end: str,
                 comments: int | None) -> None:
    result = read_layout(text)
    assert result.title == title
    assert list(parse_byline(result.byline).authors) == authors
    assert result.body.endswith(body_end)
    assert result.comment_count == comments
    # neither the byline nor the headline nor any chrome stays in the body
    for leftover in ("Comments", "Share this", "Related", "Correspondent", "Maria Lopez", "Updated"):
        assert leftover not in result.body


def test_date_lines_become_candidates_and_leave_the_body() -> None:
    result = read_layout(f"Ferry sailings cut\nPublished 2 March 2026\nUpdated 3 March 2026\n\n{BODY}\n")
    assert result.dates == (("2 March 2026", "text:published"), ("3 March 2026", "text:modified"))
    assert result.body == BODY


def test_a_headline_that_is_a_sentence_with_a_counter_word_keeps_its_words() -> None:
    text = f"Ferry sailings cut\n\n{BODY}\n\nComments 12 were left by readers last week.\n"
    result = read_layout(text)
    assert (result.comment_count, result.body.endswith("readers last week.")) == (None, True)


@pytest.mark.parametrize(("lines", "kept", "count"), [
    (["Body.", "", "Comments", ""], ["Body."], None),
    (["Body.", "Comments (3)", "Share", "Print"], ["Body."], 3),
    (["Body.", "More on this story", "A headline", "Another headline"], ["Body."], None),
    # a "Related" heading followed by paragraphs is part of the article
    (["Body.", "Related", "The council met again on Friday. It agreed the plan."],
     ["Body.", "Related", "The council met again on Friday. It agreed the plan."], None),
])
def test_strip_page_chrome(lines: list[str], kept: list[str], count: int | None) -> None:
    assert strip_page_chrome(lines) == count
    assert lines == kept


def test_a_title_only_file_is_rejected_as_empty() -> None:
    result = text_article(b"Ferry operator cuts winter sailings\n", "/data/story.txt")
    assert isinstance(result, Rejected) and result.reason == "empty_body"


def test_text_article_passes_date_lines_on_as_candidates() -> None:
    record = text_article(f"Ferry sailings cut\nPublished 2 March 2026\n\n{BODY}\n".encode(), "/data/story.txt")
    assert not isinstance(record, Rejected)
    assert record["date_candidates"] == [{"raw": "2 March 2026", "origin": "text:published"}]
