"""Direct quotations and their speakers (transforms.quotes). All texts are invented for these tests."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.quotes import MAX_UNCLOSED_CHARS, Quote, extract_quotes, paragraph_spans


def people_in(body: str, *names: tuple[str, str]) -> list[tuple[str, int, int]]:
    """PERSON mentions as the NER stage would give them: (canonical name, start, end) for each surface form."""
    out = []
    for canonical, surface in names:
        start = body.find(surface)
        while start >= 0:
            out.append((canonical, start, start + len(surface)))
            start = body.find(surface, start + 1)
    return sorted(out, key=lambda p: p[1])


def only(quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, quotes
    return quotes[0]


# ----------------------------------------------------------------------------- speakers and cues
# (body, quoted text, speaker_mention, cue)
ATTRIBUTIONS = [
    ("“We will win this race,” she said.", "We will win this race,", "she", "said"),
    ("“Taxes are too high,” said Mr. Ekovich, a baker on Mill Street.", "Taxes are too high,", "Mr. Ekovich",
     "said"),
    ("“The bridge is safe,” the city engineer, Rosa Quint, told reporters.", "The bridge is safe,",
     "the city engineer", "told"),
    ("The minister told reporters: “The bridge will open in May.”", "The bridge will open in May.",
     "The minister", "told"),
    ("Councillor Amara Osei said, “Nobody asked the residents.”", "Nobody asked the residents.",
     "Councillor Amara Osei", "said"),
    ("“Prices will fall,” according to a leaked company memo.", "Prices will fall,", "a leaked company memo",
     "according to"),
    ("According to Jan Novak, “the talks collapsed at midnight.”", "the talks collapsed at midnight.",
     "Jan Novak", "according to"),
    ("“Is this really the best we can do?” asked Senator Petra Lund.", "Is this really the best we can do?",
     "Senator Petra Lund", "asked"),
    ("“It was a mistake,” Dr. Hale, who led the inquiry, admitted on Friday.", "It was a mistake,", "Dr. Hale",
     "admitted"),
    ("''We are ready for the vote,'' said Mr. Lee.", "We are ready for the vote,", "Mr. Lee", "said"),
    ('"The numbers do not add up," the auditor wrote in her report.', "The numbers do not add up,",
     "the auditor", "wrote"),
    ("Farmers were angry, and their leader, Tom Vale, insisted: “We will not pay this levy.”",
     "We will not pay this levy.", "Tom Vale", "insisted"),
    ("Ms. Okafor shook her head and added, “Not this year.”", "Not this year.", "Ms. Okafor", "added"),
    ("The governor hit back on Tuesday, saying “the report is full of errors.”", "the report is full of errors.",
     "The governor", "saying"),
    ("Clinton: “We will not back down on this.”", "We will not back down on this.", "Clinton", ":"),
    # a relative pronoun stays as written; the speaker is what it refers to
    ("The bill was backed by Ida Rask, who told the committee: “We have waited long enough.”",
     "We have waited long enough.", "who", "told"),
    # a participle shares the subject of the cue before it
    ("The talks will resume next week, Ms. Rask said, adding, “Nobody is walking away.”",
     "Nobody is walking away.", "Ms. Rask", "adding"),
    # the object of 'asked', 'prompted', 'urged' is the subject of the infinitive cue after it
    ("The mayor asked Ann Li to say a few words: “Thank you all for coming.”", "Thank you all for coming.",
     "Ann Li", "say"),
    ("The report prompted the Harbour Council, which meets monthly, to state: “We will review every case.”",
     "We will review every case.", "the Harbour Council", "state"),
    # a passive cue: its agent speaks; with no agent its subject was spoken to, and an interviewer asks
    ("Ms. Rask was asked by the host, Omar Lind, who backs her, “Will you run again next year?”",
     "Will you run again next year?", "the host", "asked"),
    ("In an interview with The Harbour Ledger published Monday, Ms. Rask was asked, “Will you run again?”",
     "Will you run again?", "The Harbour Ledger", "asked"),
]
# a name in quote marks inside the attribution is part of it, not the next quote
ATTRIBUTIONS += [
    ("“We have had better weeks than this one,” delegate Omar Lind, wearing a hat and “Ines Ruud” pins, said "
     "calmly.", "We have had better weeks than this one,", "delegate Omar Lind", "said"),
]
# whose view or words the quote gives, after it in its sentence
ATTRIBUTIONS += [
    ("“It is an across-the-board failure” from the budget to diplomacy, in Omar Lind’s view.",
     "It is an across-the-board failure", "Omar Lind", "in view"),
    ("“It is a failure” in the words of Ines Ruud.", "It is a failure", "Ines Ruud", "in view"),
]
# thanking someone for words quoted is saying them
ATTRIBUTIONS += [
    ("Councillor Ruud thanked the mayor for “stepping up when the river rose.”", "stepping up when the river rose.",
     "Councillor Ruud", "thanked"),
]
# before a colon, the one a verb of feeling affects speaks ('doesn't surprise X: “…”')
ATTRIBUTIONS += [
    ("The timing of Lund’s surge doesn’t surprise Republican pollster Ann Mira: “Lesser-known candidates gain "
     "the most.”", "Lesser-known candidates gain the most.", "Republican pollster Ann Mira", ":"),
]
# a passive cue with nobody asking: the one asked is not the speaker
PASSIVE_NOBODY = "At the town meeting on Monday, Ms. Rask was asked, “Will you run again next year?”"


@pytest.mark.parametrize(("body", "text", "mention", "cue"), ATTRIBUTIONS)
def test_speaker_mention_and_cue(body: str, text: str, mention: str, cue: str) -> None:
    q = only(extract_quotes(body))
    assert (q.text, q.speaker_mention, q.cue) == (text, mention, cue)
    assert body[q.start:q.end] == q.text


def test_a_clause_with_a_verb_before_the_colon_is_no_speaker_label() -> None:
    # 'Vance attacked Lind:' is no label of 'Lind' (the object), whoever speaks
    assert only(extract_quotes("Vance attacked Lind: “She is not ready.”")).speaker_mention != "Vance attacked Lind"


def test_passive_cue_without_agent_has_no_speaker() -> None:
    assert only(extract_quotes(PASSIVE_NOBODY)).speaker_mention is None


# (body, expected speaker_mention of every quote in order)
CONTEXT = [
    # split quote: both parts belong to the speaker between them
    ("“We will win,” she said, “and then we will govern.”", ["she", "she"]),
    # the next sentence of the same paragraph continues the last speaker
    ("“The vote is final,” Mr. Diaz said. “There will be no recount.”", ["Mr. Diaz", "Mr. Diaz"]),
    # speaker named in the previous sentence, cue there too
    ("Dana Whitfield defended the plan and said it would pass. “It is the right thing to do.”",
     ["Dana Whitfield"]),
    # a paragraph ending with a cue and a colon introduces the quote below it
    ("The senator continued:\n\n“We cannot wait another year for this law.”", ["The senator"]),
    # a paragraph that is only a quote continues the speaker of the previous paragraph's quote
    ("“Our budget is balanced,” the treasurer said.\n\n“And it will stay balanced next year.”",
     ["the treasurer", "the treasurer"]),
    # an epigraph-style credit on the next line
    ("“Words matter more than ever in politics.”\n\n- Jane Roe, in a speech", ["Jane Roe"]),
    # a lead-in citing a report ('As the Ledger reported, …:') credits every part of the quote below it, even
    # when a later part names someone inside the excerpt
    ("As the Harbour Ledger reported on Friday, the council refused to call the flood of last March a disaster:\n\n"
     "“The council will not meet before May.\n\n“The delay was unavoidable,” Councillor Ines Ruud said.",
     ["the Harbour Ledger", "Councillor Ines Ruud"]),
    # no cue anywhere: no speaker rather than a guess
    ("The crowd waited for an hour.\n\n“This is the best day of the year for the town.”", [None]),
]


@pytest.mark.parametrize(("body", "mentions"), CONTEXT)
def test_attribution_across_sentences_and_paragraphs(body: str, mentions: list[str | None]) -> None:
    assert [q.speaker_mention for q in extract_quotes(body)] == mentions


def test_unknown_speaker_has_low_confidence() -> None:
    body = "The crowd waited for an hour.\n\n“This is the best day of the year for the town.”"
    q = only(extract_quotes(body))
    known = only(extract_quotes("“This is the best day of the year for the town,” the mayor said."))
    assert q.speaker_mention is None and q.confidence < known.confidence


# ----------------------------------------------------------------------------- quote marks
# (body, expected quoted texts)
MARKS = [
    # British: ‘…’ quotes with apostrophes (possessives, contractions, plural possessive, decades) inside
    ("‘It’s the voters’ decision, not Russia’s, and we won’t go back to the ’80s,’ said Mr. Hale.",
     ["It’s the voters’ decision, not Russia’s, and we won’t go back to the ’80s,"]),
    ("The leaders’ summit ended. ‘We have a deal,’ the prime minister said.", ["We have a deal,"]),
    ("‘The farmers’ anger is real,’ she said.", ["The farmers’ anger is real,"]),
    # straight quotes and doubled single quotes
    ('"We can do better," he said. "Much better."', ["We can do better,", "Much better."]),
    ("''It is over,'' said Ms. Park.", ["It is over,"]),
    # nested quotes stay inside the outer quote
    ("“He told me ‘never again’ and he meant it,” Ms. Ruiz said.", ["He told me ‘never again’ and he meant it,"]),
    ('"She called it \'a disgrace\' on live television," the producer said.',
     ["She called it 'a disgrace' on live television,"]),
    # guillemets and German low-high quotes
    ("«Nous allons gagner cette élection», a dit la ministre.", ["Nous allons gagner cette élection"]),
    ("„Wir schaffen das nicht allein“, sagte die Ministerin.", ["Wir schaffen das nicht allein"]),
    # wrong-way marks typed by some sites
    ("”This is not over,” he said.", ["This is not over,"]),
]


@pytest.mark.parametrize(("body", "texts"), MARKS)
def test_quote_marks(body: str, texts: list[str]) -> None:
    assert [q.text for q in extract_quotes(body)] == texts


def test_multi_paragraph_quote_reopened_on_each_paragraph() -> None:
    body = ("The mayor read from her statement:\n\n"
            "“The flood damaged four hundred homes in the valley.\n\n"
            "“We will rebuild every one of them, and we will start this week.\n\n"
            "“Nobody will be left behind.”\n\n"
            "The council meets again on Monday.")
    quotes = extract_quotes(body)
    assert [q.text for q in quotes] == [
        "The flood damaged four hundred homes in the valley.",
        "We will rebuild every one of them, and we will start this week.",
        "Nobody will be left behind.",
    ]
    assert [q.paragraph for q in quotes] == [1, 2, 3]
    assert {q.speaker_mention for q in quotes} == {"The mayor"}


def test_odd_number_of_marks_does_not_swallow_the_article() -> None:
    body = ("He called the plan “absurd and left the room before anyone could answer.\n\n"
            "Later the chair spoke. “We will vote again next week,” she said.\n\n"
            "The meeting ended at nine.")
    quotes = extract_quotes(body)
    assert [q.text for q in quotes] == ["We will vote again next week,"]
    assert quotes[0].paragraph == 1


def test_unclosed_quote_after_a_cue_runs_to_the_paragraph_end_only() -> None:
    body = "The coach said: “We played badly and we know it.\n\nThe team flies home tomorrow."
    q = only(extract_quotes(body))
    assert q.text == "We played badly and we know it."
    assert q.paragraph == 0


def test_long_paragraph_without_closing_mark() -> None:
    body = "He said: “" + "and then it went on " * 50_000
    quotes = extract_quotes(body)
    assert all(body[q.start:q.end] == q.text for q in quotes)
    assert all(len(q.text) <= len(body) for q in quotes)


# An over-long paragraph (line breaks lost by a scraper, or junk) with a quotation that is never closed: the
# quotation ends at the last sentence end within MAX_UNCLOSED_CHARS instead of claiming the whole paragraph.
LONG_RUN = "Nobody has counted the cost of the harbour repairs yet. " * 300
UNCLOSED_IN_LONG_PARAGRAPH = [
    "The mayor said: “We will fix it. " + LONG_RUN,
    "“We will fix it. " + LONG_RUN,  # the opener starts the paragraph
    "The mayor told reporters, “We will fix it. " + LONG_RUN,
    "The mayor said: «We will fix it. " + LONG_RUN,
    'The mayor said: "We will fix it. ' + LONG_RUN,
    "The mayor said: ‘We will fix it. " + LONG_RUN,
]


@pytest.mark.parametrize("body", UNCLOSED_IN_LONG_PARAGRAPH)
def test_unclosed_quote_in_an_over_long_paragraph_ends_at_a_sentence(body: str) -> None:
    q = only(extract_quotes(body))
    assert q.text.startswith("We will fix it. Nobody")
    assert q.text.endswith("repairs yet.")
    assert len(q.text) <= MAX_UNCLOSED_CHARS
    assert body[q.start:q.end] == q.text


# (body, quoted texts): near misses that keep their whole quotation
UNCLOSED_NEAR_MISSES = [
    # an ordinary paragraph: the unclosed quotation runs to the paragraph end
    ("The coach said: “We played badly and we know it. The bus leaves at six.\n\nThe team flies home.",
     ["We played badly and we know it. The bus leaves at six."]),
    # a long paragraph still under the bound
    ("The coach said: “" + "We played badly again today. " * 60,
     [("We played badly again today. " * 60).strip()]),
    # a closed quotation is never cut, however long
    ("“" + "We played badly again today. " * 100 + "” the report said.",
     [("We played badly again today. " * 100).strip()]),
    # one endless sentence with no closing mark is no quotation at all
    ("He said: “" + "and then it went on " * 5000, []),
]


@pytest.mark.parametrize(("body", "texts"), UNCLOSED_NEAR_MISSES)
def test_unclosed_quote_near_misses(body: str, texts: list[str]) -> None:
    assert [q.text for q in extract_quotes(body)] == texts


def test_quotes_after_a_cut_unclosed_quote_are_found() -> None:
    body = "He said: “We will fix it. " + LONG_RUN + "Later the chair spoke. “We vote next week,” she said."
    quotes = extract_quotes(body)
    assert len(quotes) == 2
    assert (quotes[1].text, quotes[1].speaker_mention) == ("We vote next week,", "she")


# ----------------------------------------------------------------------------- what is not a quotation
NOT_QUOTES = [
    "The so-called ‘coalition of the willing’ met again on Tuesday.",
    "She starred in “The Long Road Home” last year.",
    "The senator, known as “the Hammer,” voted no.",
    "Critics see the plan as a “giveaway” to landlords.",
    "He appeared on ABC's “Morning Report” to discuss the budget.",
    "Rock 'n' roll and the '90s are back, the organisers' poster says.",
    "The group staged a play called “Sons of the Desert” in the old theatre.",
    "A self-described “policy nerd,” she ran for the board.",
    "“Top secret” is the highest level of classification.",
    "The review ended in March.\n\n‘A long way to go.’\n\nThe second part of the report looks at costs.",
]


@pytest.mark.parametrize("body", NOT_QUOTES)
def test_scare_quotes_titles_and_apostrophes_are_not_quotes(body: str) -> None:
    assert extract_quotes(body) == []


# (body, quote_type)
TYPES = [
    ("“We will win this race,” she said.", "full"),
    ("She said: “The bridge will open in May.”", "full"),
    ("The mayor called the plan “a reckless gamble with public money.”", "partial"),
    ("He said the deal was “dead on arrival in the Senate this year” and left.", "partial"),
]


@pytest.mark.parametrize(("body", "quote_type"), TYPES)
def test_full_and_partial(body: str, quote_type: str) -> None:
    assert only(extract_quotes(body)).quote_type == quote_type


def test_short_partial_quote_needs_reported_speech_around_it() -> None:
    # a few quoted words are kept when a reporting verb touches them or introduces the speech they are in
    assert [q.text for q in extract_quotes("She called the plan “dead on arrival.”")] == ["dead on arrival."]
    q = only(extract_quotes("He said the deal was “dead on arrival” and left."))
    assert (q.text, q.speaker_mention, q.quote_type) == ("dead on arrival", "He", "partial")
    # with no speech around them they are scare quotes, left out unless asked for
    body = "The deal was “dead on arrival” by the time it reached the floor."
    assert extract_quotes(body) == []
    assert [(q.text, q.quote_type, q.speaker_mention) for q in extract_quotes(body, keep_scare=True)] == [
        ("dead on arrival", "scare", None)]


def test_partial_quote_keeps_its_speaker() -> None:
    q = only(extract_quotes("The mayor called the plan “a reckless gamble with public money.”"))
    assert (q.speaker_mention, q.cue) == ("The mayor", "called")


# ----------------------------------------------------------------------------- paragraphs and inputs
@pytest.mark.parametrize(("body", "spans"), [
    ("One.\n\nTwo.\nThree.", [(0, 4), (6, 10), (11, 17)]),
    ("  padded  \n\n\n", [(2, 8)]),
    ("", []),
    ("\n \n", []),
])
def test_paragraph_spans(body: str, spans: list[tuple[int, int]]) -> None:
    assert paragraph_spans(body) == spans


@pytest.mark.parametrize("people", [
    [("Ghost", 500, 510)],  # outside the body
    [("", 0, 3)],
    [("Bad", 5, 2)],
    [("Odd", "x", None)],  # type: ignore[list-item]
    [None],  # type: ignore[list-item]
])
def test_bad_people_spans_are_ignored(people: list[tuple[str, int, int]]) -> None:
    body = "“We will win this race,” she said."
    assert [q.text for q in extract_quotes(body, people)] == ["We will win this race,"]


# ----------------------------------------------------------------------------- properties
QUOTEY = st.lists(st.sampled_from([*"“”‘’\"'«»„‹›` ,.:;!?-—\n", *"aeHsSTx", "Mr. ", "said ", "she ", "''", "’s ",
                                   "According to "]), max_size=120).map("".join)


def _check(body: str, quotes: list[Quote]) -> None:
    n_paragraphs = len(paragraph_spans(body))
    last_end = -1
    for q in quotes:
        assert 0 <= q.start < q.end <= len(body)
        assert body[q.start:q.end] == q.text
        assert q.start >= last_end  # in order, never overlapping
        last_end = q.end
        assert 0 <= q.paragraph < n_paragraphs
        assert q.quote_type in {"full", "partial", "scare"}
        assert 0.0 <= q.confidence <= 1.0
        assert q.speaker is None or q.speaker.strip()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_any_string(body: str) -> None:
    _check(body, extract_quotes(body))


@settings(max_examples=300, deadline=None)
@given(QUOTEY, st.lists(st.tuples(st.text(max_size=10), st.integers(-5, 400), st.integers(-5, 400)), max_size=5))
def test_never_raises_on_quote_heavy_text(body: str, people: list[tuple[str, int, int]]) -> None:
    quotes = extract_quotes(body, people)
    _check(body, quotes)
    assert extract_quotes(body, people) == quotes  # deterministic


def test_a_name_set_off_by_a_dash_before_the_colon_is_the_speaker() -> None:
    body = "Analysts agree – Nora Quist: “Contact voters as late as you can.”"
    start = body.index("Nora Quist")
    q = only(extract_quotes(body, [("Nora Quist", start, start + len("Nora Quist"))]))
    assert (q.speaker_mention, q.cue) == ("Nora Quist", ":")
    # without a name after the dash the cue before it still speaks
    q = only(extract_quotes("Analysts agree – and loudly: “Contact voters as late as you can.”"))
    assert q.speaker_mention == "Analysts"


def test_a_description_before_a_name_is_part_of_the_subject() -> None:
    body = "The tour goes on. Band member Lio shared the news, writing “We play Leeds on Friday.”"
    start = body.index("Lio")
    q = only(extract_quotes(body, [("Lio", start, start + 3)]))
    assert q.speaker_mention == "Band member Lio"
    # a verb between two names is no description: the subject stays the first name
    body = "The tour goes on. Mayor Ruiz thanked Lio later, writing “We play Leeds on Friday.”"
    start = body.index("Lio")
    q = only(extract_quotes(body, [("Lio", start, start + 3)]))
    assert q.speaker_mention == "Mayor Ruiz"
