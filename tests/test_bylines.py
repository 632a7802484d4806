"""parse_byline: raw byline strings to person names and agencies (invented bylines only)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.bylines import Byline, is_agency, nice_case, parse_byline

# (raw byline, expected authors, expected agencies)
CASES: list[tuple[str | None, tuple[str, ...], tuple[str, ...]]] = [
    # empty and junk-only input
    (None, (), ()),
    ("", (), ()),
    ("   ", (), ()),
    ("Share Follow Email the author", (), ()),
    ("Updated 2 hours ago", (), ()),
    ("Seung Min Kim | 5 min read", ("Seung Min Kim",), ()),
    ("Read more", (), ()),
    # prefixes and separators
    ("By Tessa Quillfeather", ("Tessa Quillfeather",), ()),
    ("by tessa quillfeather", ("Tessa Quillfeather",), ()),
    ("By Tessa Quillfeather and Oren Blackwood", ("Tessa Quillfeather", "Oren Blackwood"), ()),
    ("Tessa Quillfeather & Oren Blackwood", ("Tessa Quillfeather", "Oren Blackwood"), ()),
    ("Tessa Quillfeather, Oren Blackwood and Mira Sandvik", ("Tessa Quillfeather", "Oren Blackwood", "Mira Sandvik"),
     ()),
    ("Von Lotte Brennecke und Jaro Wendtland", ("Lotte Brennecke", "Jaro Wendtland"), ()),
    ("par Aurélie Fontclair et Bastien Morvanec", ("Aurélie Fontclair", "Bastien Morvanec"), ()),
    ("por Inés Carbajosa y Tomás Urquidi", ("Inés Carbajosa", "Tomás Urquidi"), ()),
    ("Written by Oren Blackwood", ("Oren Blackwood",), ()),
    ("Posted by Oren Blackwood", ("Oren Blackwood",), ()),
    ("Veröffentlicht vonLotte Brennecke", ("Lotte Brennecke",), ()),  # scraper glued the element texts
    ("Autor: Jaro Wendtland", ("Jaro Wendtland",), ()),
    ("Posted on March 3, 2021 by Mira Sandvik", ("Mira Sandvik",), ()),
    ("Alle Beiträge von Jaro Wendtland anzeigen", ("Jaro Wendtland",), ()),
    ("Gespeichert von Jaro Wendtland am 3. Mai 2024", ("Jaro Wendtland",), ()),
    ("Submitted by Oren Blackwood on May 3, 2024", ("Oren Blackwood",), ()),
    ("Ein Artikel von Lotte Brennecke | 12.03.2024", ("Lotte Brennecke",), ()),
    ("Blog Beitrag von Mira Sandvik", ("Mira Sandvik",), ()),
    ("Ein Gastbeitrag von Mira Sandvik", ("Mira Sandvik",), ()),
    ("Artikel von gestern", (), ()),
    # job titles and desks
    ("By Tessa Quillfeather, Political Editor", ("Tessa Quillfeather",), ()),
    ("Oren Blackwood Senior Correspondent", ("Oren Blackwood",), ()),
    ("Mira Sandvik, Staff Writer", ("Mira Sandvik",), ()),
    ("Lotte Brennecke, Wirtschaftsredakteurin", ("Lotte Brennecke",), ()),
    ("Chief Political Correspondent Oren Blackwood", ("Oren Blackwood",), ()),
    # places
    ("Tessa Quillfeather in Kyiv", ("Tessa Quillfeather",), ()),
    ("Tessa Quillfeather in Kyiv and Oren Blackwood in Warsaw", ("Tessa Quillfeather", "Oren Blackwood"), ()),
    ("Jaro Wendtland aus Leipzig", ("Jaro Wendtland",), ()),
    ("Tessa Quillfeather, Lisbon", ("Tessa Quillfeather",), ()),
    # e-mails, handles, URLs
    ("Tessa Quillfeather @tquill tessa@example.org", ("Tessa Quillfeather",), ()),
    ("Oren Blackwood https://example.org/people/oren", ("Oren Blackwood",), ()),
    # names repeated by scrapers, casing
    ("Mira Sandvik Mira Sandvik", ("Mira Sandvik",), ()),
    ("MIRA SANDVIK Mira Sandvik", ("Mira Sandvik",), ()),
    ("Mira SandvikMira Sandvik", ("Mira Sandvik",), ()),
    ("OREN BLACKWOOD", ("Oren Blackwood",), ()),
    ("Tessa QUILLFEATHER", ("Tessa Quillfeather",), ()),
    ("SEAN O'HALLORAN", ("Sean O'Halloran",), ()),
    ("DANA MCALLISTER-BYRNE", ("Dana McAllister-Byrne",), ()),
    # particles and diacritics
    ("Pieter van der Molen", ("Pieter van der Molen",), ()),
    ("By Amira al-Khatib", ("Amira al-Khatib",), ()),
    ("Chloé de la Fontaine", ("Chloé de la Fontaine",), ()),
    ("Jürgen Ößwald", ("Jürgen Ößwald",), ()),
    ("Léa Nguyễn", ("Léa Nguyễn",), ()),
    ("J.R. Halvorsen", ("J.R. Halvorsen",), ()),
    ("Tessa Quillfeather,Oren A. Blackwood", ("Tessa Quillfeather", "Oren A. Blackwood"), ()),
    ("Mira A Sandvik", ("Mira A Sandvik",), ()),
    ("Perrin Calloway Jr.", ("Perrin Calloway Jr.",), ()),
    # credit lines: reporters are authors, editors and photographers are not
    ("Reporting by Tessa Quillfeather and Oren Blackwood; Editing by Mira Sandvik",
     ("Tessa Quillfeather", "Oren Blackwood"), ()),
    ("Reporting by Tessa Quillfeather; Additional reporting by Oren Blackwood; Writing by Mira Sandvik; "
     "Editing by Jaro Wendtland", ("Tessa Quillfeather", "Oren Blackwood", "Mira Sandvik"), ()),
    ("Text: Lotte Brennecke, Fotos: Jaro Wendtland", ("Lotte Brennecke",), ()),
    ("Von: Oren Blackwood Übersetzt von: Mira Sandvik", ("Oren Blackwood",), ()),
    ("Datum: 01.02.2023 Autor: Jaro Wendtland Quelle: Beispielblatt", ("Jaro Wendtland",), ()),
    # agencies
    ("Reuters", (), ("Reuters",)),
    ("By Tessa Quillfeather, Reuters", ("Tessa Quillfeather",), ("Reuters",)),
    ("With AP", (), ("AP",)),
    ("The Associated Press", (), ("AP",)),
    ("Oren Blackwood (AFP)", ("Oren Blackwood",), ("AFP",)),
    ("dpa", (), ("dpa",)),
    ("Lotte Brennecke mit Material von dpa", ("Lotte Brennecke",), ("dpa",)),
    ("PA Media", (), ("PA Media",)),
    ("Staff and agencies", (), ("Staff", "Agencies")),
    ("dpa/lni", (), ("dpa",)),
    # organisations and desks are credits, not people
    ("Redaktion", (), ("Redaktion",)),
    ("Online-Redaktion", (), ("Online-Redaktion",)),
    ("von Beispielstadt Redaktion", (), ("Beispielstadt Redaktion",)),
    ("Tessa Quillfeather, BBC News, New York", ("Tessa Quillfeather",), ("BBC News",)),
    ("Oren Blackwood, CNN", ("Oren Blackwood",), ("CNN",)),
    ("Deutsches Beispielinstitut GmbH", (), ("Deutsches Beispielinstitut GmbH",)),
    ("Die Beispielpresse", (), ("Die Beispielpresse",)),
    ("Autor: red", (), ("red",)),
    ("Brenmoor Herald Staff", (), ("Brenmoor Herald Staff",)),  # a desk: the newsroom as a whole
    ("Newsdesk", (), ("Newsdesk",)),
    # a publication credited with a job title is an unnamed member of its newsroom: no person, no agency
    ("By Harbourside Gazette Reporter", (), ()),
    ("Evening Chronicle Staff Writer", (), ()),
    ("Brenmoor Herald Correspondent", (), ()),
    ("Telegraph Reporter", (), ()),
    ("NBX News Correspondent", (), ()),
    ("Sunday Courier Reporters", (), ()),
    ("harbourside gazette reporter", (), ()),
    ("Tessa Quillfeather, Brenmoor Herald Reporter", ("Tessa Quillfeather",), ()),
    ("By Brenmoor Herald Reporter and Oren Blackwood", ("Oren Blackwood",), ()),
    # ... but a wire service credited with a job title stays an agency
    ("AFP Correspondent", (), ("AFP",)),
    ("Oren Blackwood, Associated Press Writer", ("Oren Blackwood",), ("AP",)),
    ("Reuters Staff Writer", (), ("Reuters",)),
    ("Bloomberg News Reporter", (), ("Bloomberg",)),
    ("PA Media Correspondent", (), ("PA Media",)),
    # ... and a person before a job title stays a person
    ("Oren Blackwood Reporter", ("Oren Blackwood",), ()),
    ("Oren Blackwood Senior Political Correspondent", ("Oren Blackwood",), ()),
    ("Staff Reporter", (), ()),
    # screen names and single names
    ("lakeside_writer42", ("lakeside_writer42",), ()),  # a screen name, as a blog credits it
    ("Herr_Rein", ("Herr_Rein",), ()),
    # url slugs of names, names written twice with the section glued on, a glued month, markup
    ("sophie-foster", ("Sophie Foster",), ()),
    ("Jenny_Smith", ("Jenny Smith",), ()),
    ("jennifer rubin jennifer rubin opinion", ("Jennifer Rubin",), ()),
    ("joshua sokol may", ("Joshua Sokol",), ()),
    ("Brian May", ("Brian May",), ()),
    ('By <a href="https://news.example/amir">Amir Vera</a>, CNN and Adam Renton, CNN',
     ("Amir Vera", "Adam Renton"), ("CNN",)),
    ("AP AP", (), ("AP",)),
    ("Lotte", ("Lotte",), ()),
    ("wordpressadmin", (), ()),
    ("mf", (), ()),
    # prose is not a byline
    ("Tessa Quillfeather leitet das Ressort Kultur und schreibt über Musik und Theater.",
     ("Tessa Quillfeather",), ()),
    ("Alles über Lautsprecher und Musik, dazu viele praktische Tipps für zu Hause", (), ()),
    ("x" * 2000, (), ()),
]


@pytest.mark.parametrize(("raw", "authors", "agencies"), CASES)
def test_parse_byline(raw: str | None, authors: tuple[str, ...], agencies: tuple[str, ...]) -> None:
    assert parse_byline(raw) == Byline(authors, agencies)


# Clean structured names joined with "; " (JSON-LD, a JSONL list) come back intact and in order.
STRUCTURED = [
    ["Tessa Quillfeather"],
    ["Tessa Quillfeather", "Oren Blackwood"],
    ["Pieter van der Molen", "Amira al-Khatib", "Chloé de la Fontaine"],
    ["Perrin Calloway Jr.", "J.R. Halvorsen"],
]


@pytest.mark.parametrize("names", STRUCTURED)
def test_structured_names_are_kept(names: list[str]) -> None:
    assert parse_byline("; ".join(names)).authors == tuple(names)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("OREN BLACKWOOD", "Oren Blackwood"),
        ("pieter van der molen", "Pieter van der Molen"),
        ("AMIRA AL-KHATIB", "Amira al-Khatib"),
        ("Dana DeFino", "Dana DeFino"),
        ("Léa NGUYỄN", "Léa Nguyễn"),
        ("J.R. HALVORSEN", "J.R. Halvorsen"),
    ],
)
def test_nice_case(name: str, expected: str) -> None:
    assert nice_case(name) == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [("Reuters", True), ("the Associated Press", True), ("AFP", True), ("Ani", False), ("Tessa", False)],
)
def test_is_agency(fragment: str, expected: bool) -> None:
    assert is_agency(fragment) is expected


BYLINE_WORDS = st.sampled_from([
    "By", "by", "von", "Von:", "und", "and", "&", ",", ";", "|", "/", "-", "Tessa", "QUILLFEATHER", "Oren",
    "Blackwood", "van", "der", "al-Khatib", "O'Halloran", "Jr.", "J.", "Reuters", "AP", "(AP)", "dpa",
    "Redaktion", "Staff", "Writer", "Political", "Editor", "in", "Kyiv", "Updated", "2", "hours", "ago",
    "Share", "Email", "the", "author", "@tquill", "t@example.org", "https://example.org/x", "Reporting",
    "Editing", "Fotos:", "Text:", "GmbH", "Die", "Presse", "et", "y", "mf", "Über", "2021", "12.03.2024",
])
BYLINES = st.one_of(st.text(max_size=120), st.lists(BYLINE_WORDS, max_size=14).map(" ".join))


@given(BYLINES)
def test_never_raises_and_returns_clean_tuples(raw: str) -> None:
    result = parse_byline(raw)
    assert isinstance(result.authors, tuple)
    assert isinstance(result.agencies, tuple)
    for name in result.authors + result.agencies:
        assert name and name == name.strip()
        assert not any(sep in name for sep in (",", ";", "|", "\n"))
    folded = [a.casefold() for a in result.authors]
    assert len(folded) == len(set(folded))


@given(BYLINES)
def test_idempotent_on_own_output(raw: str) -> None:
    first = parse_byline(raw)
    assert parse_byline(", ".join(first.authors + first.agencies)) == first
