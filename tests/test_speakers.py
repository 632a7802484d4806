"""Speaker resolution (transforms.speakers): who each quote is credited to. All texts are invented here.

Entities are given by hand, as the NER stage would give them, so that each rule is tested on its own.
"""
from __future__ import annotations

import pytest

from transforms.entities import Entity
from transforms.extract import quotes_and_entities
from transforms.quotes import Quote, extract_quotes
from transforms.rows import people_spans
from transforms.speakers import resolve_speakers
from transforms.speakers.referents import clean_person_name, one_edit_apart


def entities_in(body: str, *items: tuple[str, str, tuple[str, ...]]) -> list[Entity]:
    """(canonical name, label, surface forms) -> Entity values with every occurrence of each surface form."""
    out = []
    for name, label, surfaces in items:
        spans = set()
        for surface in surfaces:
            start = body.find(surface)
            while start >= 0:
                spans.add((start, start + len(surface)))
                start = body.find(surface, start + 1)
        out.append(Entity(name=name, label=label, mentions=surfaces, spans=tuple(sorted(spans))))
    return out


def person(name: str, *surfaces: str) -> tuple[str, str, tuple[str, ...]]:
    return name, "PERSON", surfaces or (name,)


def org(name: str, *surfaces: str) -> tuple[str, str, tuple[str, ...]]:
    return name, "ORG", surfaces or (name,)


def resolved(body: str, *items, authors: tuple[str, ...] = ()) -> list[Quote]:
    entities = entities_in(body, *items)
    return resolve_speakers(body, extract_quotes(body, people_spans(entities)), entities, authors)


def last(body: str, *items, authors: tuple[str, ...] = ()) -> Quote:
    quotes = resolved(body, *items, authors=authors)
    assert quotes, body
    return quotes[-1]


# (body, entities, speaker, speaker_type, speaker_resolution) of the last quote
RULES = [
    # explicit: the mention holds the name
    ("“We need more buses,” said Anna Berg.", [person("Anna Berg")], "Anna Berg", "person", "explicit"),
    # a surname alone links to the full name the article gives; titles are not part of the name
    ("Geoff Garin ran the poll. “It is close,” Mr. Garin said.", [person("Geoff Garin", "Geoff Garin", "Garin")],
     "Geoff Garin", "person", "surname"),
    ("Sen. Petra Lund spoke first. “Not this year,” said Lund.",
     [person("Petra Lund", "Petra Lund"), person("Lund", "Lund")], "Petra Lund", "person", "surname"),
    # a given name alone, too
    ("Hillary Moss thanked the diners. “We can do it,” Hillary said.",
     [person("Hillary Moss"), person("Hillary", "Hillary said")], "Hillary Moss", "person", "surname"),
    # a pronoun goes to the person it refers to; the mention stays a pronoun
    ("Anna Berg spoke first. “We need more buses,” she said.", [person("Anna Berg")], "Anna Berg", "person",
     "pronoun"),
    # names inside the quotation are not what the pronoun refers to
    ("Paul Grant stood up. “I will never vote for Linda Moss or Tom Reyes,” he said.",
     [person("Paul Grant"), person("Linda Moss"), person("Tom Reyes")], "Paul Grant", "person", "pronoun"),
    # a relative pronoun resolves to its antecedent
    ("The bill was backed by Ida Rask, who told the committee: “We have waited long enough.”",
     [person("Ida Rask")], "Ida Rask", "person", "explicit"),
    # a role noun is the person the article names in that role
    ("Sen. Marta Quill and Gov. Raymond Oduya met on Monday. “We have a deal,” the governor said.",
     [person("Marta Quill"), person("Raymond Oduya")], "Raymond Oduya", "person", "role"),
    ("Jonas Berg, the rookie defenceman, scored twice. Coach Ilse Marr praised him. "
     "“I just shot and hoped,” the defenceman said.",
     [person("Jonas Berg"), person("Ilse Marr")], "Jonas Berg", "person", "role"),
    ("Lena Hart, 46, and Ruth Amsel, 71, spoke at the rally. “It was a long day,” said the 71-year-old.",
     [person("Lena Hart"), person("Ruth Amsel")], "Ruth Amsel", "person", "role"),
    # a plural role before a name is that person's role too
    ("Rosa Vance spoke to Early Show hosts Ines Ruud and Pal Moen. Rosa Vance smiled. “You said no,” the host "
     "said.", [person("Ines Ruud"), person("Pal Moen"), person("Rosa Vance")], "Ines Ruud", "person", "role"),
    # a party word in the role rules out the person named in the other party's role
    ("Democratic candidate Rosa Vance spoke in Ohio. Tom Hale called for a recount on Tuesday. “The count was "
     "rigged,” the Republican nominee wrote.", [person("Rosa Vance"), person("Tom Hale")], "Tom Hale", "person",
     "role"),
    # an organisation speaks as an organisation
    ("Nordwind Energy cut 400 jobs in March. “The market has changed,” the company said.",
     [org("Nordwind Energy")], "Nordwind Energy", "organisation", "role"),
    ("“We stand by our reporting,” The Harbour Gazette said in a statement.", [org("The Harbour Gazette")],
     "The Harbour Gazette", "organisation", "explicit"),
    # a document speaks for whoever issued it
    ("Nordwind Energy issued a statement on Friday. “We regret the delay,” the statement said.",
     [org("Nordwind Energy")], "Nordwind Energy", "organisation", "explicit"),
    ("Tessa Lind posted a message on her website. “Thank you all,” the message said.",
     [person("Tessa Lind")], "Tessa Lind", "person", "explicit"),
    # the issuer did to the document what its noun says ('emailed' an email), or is the agent of the verb
    # that issued it, not the subject of the sentence that reports it
    ("Rosa Eng, the mayor’s chief of staff, emailed the volunteers on Monday. “Thank you all,” the email said.",
     [person("Rosa Eng")], "Rosa Eng", "person", "explicit"),
    ("The Harbour Gazette said Ola Brun provided a written statement. “I made a mistake,” the statement said.",
     [org("The Harbour Gazette"), person("Ola Brun")], "Ola Brun", "person", "explicit"),
    ("Ivo Marr, president of the Harbour Alliance, tweeted during the debate. “Shame,” the tweet said.",
     [person("Ivo Marr"), org("Harbour Alliance")], "Ivo Marr", "person", "explicit"),
    ("“Vote for change,” said an advertisement from the Harbour Alliance, which ran on Sunday.",
     [org("Harbour Alliance")], "Harbour Alliance", "organisation", "explicit"),
    # a document that carries its issuer's name, and a relative pronoun that stands for the document
    ("One Fund for Clean Water ad, airing since May, argues that “only the council can fix the pipes.”", [],
     "Fund for Clean Water", "organisation", "explicit"),
    ("The release linked to the Harbour Gazette report, which notes, “Half the pipes are older than 1950.”",
     [org("Harbour Gazette")], "Harbour Gazette", "organisation", "explicit"),
    # a passive cue: the agent asks, not the one asked
    ("Ida Rask was asked by host Omar Lind, who backs her, “Will you run again?”",
     [person("Ida Rask"), person("Omar Lind")], "Omar Lind", "person", "explicit"),
    # a description of somebody the article names right after it
    ("“It was chaos,” a witness, Mara Lind, told reporters.", [person("Mara Lind")], "Mara Lind", "person",
     "explicit"),
    ("“She never missed a day,” a neighbour, Ilse Brandt told the radio.", [person("Ilse Brandt")], "Ilse Brandt",
     "person", "explicit"),
    # an article's misspelling of its own person's surname is that person, not someone new
    ("The singer Marcus Kiedler spoke on Monday. “We wrote two dozen songs,” Keidler said.",
     [person("Marcus Kiedler"), person("Keidler")], "Marcus Kiedler", "person", "surname"),
    # an unnamed source gets no name rather than a wrong one
    ("Anna Berg left early. “It was a disgrace,” a woman in the audience shouted.", [person("Anna Berg")], None,
     "unnamed", None),
    ("Anna Berg left early. “They never listen,” critics said.", [person("Anna Berg")], None, "unnamed", None),
    # a name that only says whose the source is ('a Vance supporter', 'one Vance aide') names nobody: unnamed;
    # a description followed by the person's name is that person; a document of an organisation is its
    ("Rosa Vance spoke in Ohio. “She will win,” a Vance supporter said.", [person("Rosa Vance")], None, "unnamed",
     None),
    ("Rosa Vance spoke in Ohio. “She is tired,” one Vance aide told reporters.", [person("Rosa Vance")], None,
     "unnamed", None),
    ("“We are ready,” a Harbour Alliance spokesman, Omar Lind, said.", [org("Harbour Alliance"), person("Omar Lind")],
     "Omar Lind", "person", "explicit"),
    ("“We are anxious,” said another Harbour Alliance member, Ines Ruud. “It is getting closer.”",
     [org("Harbour Alliance"), person("Ines Ruud")], "Ines Ruud", "person", "inherited"),
    ("“No troops will move,” a Harbour Council readout said.", [org("Harbour Council")], "Harbour Council",
     "organisation", "explicit"),
    # an owner's role: the person in that role speaks, not the owner
    ("“We listened,” said Greenline’s commercial director, Anita Boateng.",
     [person("Greenline"), person("Anita Boateng")], "Anita Boateng", "person", "explicit"),
    ("Anita Boateng joined in May. “We listened,” Greenline’s director said.",
     [org("Greenline"), person("Anita Boateng", "Anita Boateng")], "Anita Boateng", "person", "role"),
    # a named thing of someone's speaks as itself, not as the owner nor as a person named 'Atlas'
    ("“The county is the best bellwether,” said Ivo Brandt’s Atlas of Northern Elections.",
     [person("Ivo Brandt"), person("Atlas")], "Ivo Brandt’s Atlas of Northern Elections", "organisation",
     "explicit"),
    ("“We will appeal,” said the agency’s Director Ana Ruiz.", [person("Ana Ruiz")], "Ana Ruiz", "person",
     "explicit"),
    # a lone word the text does not show to be a person or an organisation keeps its name, of no kind
    ("“We listened,” said Greenline.", [], "Greenline", None, "explicit"),
    # a province abbreviation after a town is not a speaker
    ("“The ice came early,” said a resident of Kenora, Ont.", [], None, "unnamed", None),
    ("“The ice came early this year,” Kenora, Ont. officials said.", [("Kenora", "GPE", ("Kenora",))], None, None,
     None),
    # without NER, a titled name is still a person
    ("“Taxes are too high,” said Mr. Ekovich.", [], "Ekovich", "person", "explicit"),
]


@pytest.mark.parametrize(("body", "items", "speaker", "kind", "how"), RULES)
def test_resolution_rules(body: str, items: list, speaker: str | None, kind: str | None, how: str | None) -> None:
    q = last(body, *items)
    assert (q.speaker, q.speaker_type, q.speaker_resolution) == (speaker, kind, how)


def test_she_with_one_male_and_one_female_candidate() -> None:
    # the man is mentioned last, nearest the quote: 'she' still skips him (given-name gender)
    body = ("Maria Keller met Tomas Brandt at the town hall. Keller spoke about the budget while Brandt "
            "listened. “The numbers do not add up,” she said.")
    q = last(body, person("Maria Keller", "Maria Keller", "Keller"), person("Tomas Brandt", "Tomas Brandt",
                                                                               "Brandt"))
    assert (q.speaker_mention, q.speaker, q.speaker_resolution) == ("she", "Maria Keller", "pronoun")


def test_pronouns_after_a_person_named_as_an_object_do_not_give_that_person_a_gender() -> None:
    # 'Leslie Quinn' gives no gender; the 'his' after 'to Quinn' and the 'he' opening the next sentence are Roth's
    from transforms.speakers.referents import Referents

    body = ("Paul Roth apologized to Leslie Quinn and to his own staff. He said he regretted it. Roth wrote to "
            "Quinn before his speech. Leslie Quinn said she accepted.")
    refs = Referents(body, entities_in(body, person("Paul Roth", "Paul Roth", "Roth"),
                                       person("Leslie Quinn", "Leslie Quinn", "Quinn")))
    assert {p.name: p.gender for p in refs.people} == {"Paul Roth": "m", "Leslie Quinn": "f"}


def test_a_source_introduced_in_the_sentence_before_takes_the_pronoun() -> None:
    # the last speaker and subject is Vance; the sentence before the quote introduces a new source with a
    # description, and news quotes whom it has just introduced
    body = ("“We will win in November,” Paul Vance said. Vance waved to the crowd. The loudest cheers came from "
            "Omar Lind, a farmer from Ohio who drove all night. “I would not have missed it,” he said.")
    q = last(body, person("Paul Vance", "Paul Vance", "Vance"), person("Omar Lind"))
    assert (q.speaker_mention, q.speaker) == ("he", "Omar Lind")


def test_a_title_case_headline_gives_no_roles() -> None:
    from transforms.speakers.referents import Referents

    body = "A Tense Exchange Happened Between Senator Paul Roth And Leslie Quinn\n\nThe senator Leslie Quinn spoke."
    refs = Referents(body, entities_in(body, person("Paul Roth"), person("Leslie Quinn")))
    roles = {p.name: p.roles for p in refs.people}
    assert "between" not in roles["Paul Roth"] and "senator" in roles["Paul Roth"]
    assert not roles["Leslie Quinn"] & {"and", "between", "happened"} and "senator" in roles["Leslie Quinn"]


def test_a_pronoun_in_an_opening_clause_looks_ahead_to_the_main_subject() -> None:
    # cataphora: 'he' is Swann, named after it, not the man named in the headline, and Swann stays the subject
    body = ("Paul Roth Wins The Vote\n\nAfter he blasted the Harbour Alliance for being “far too timid,” Pastor "
            "Ivo Swann set his sights on the council. He then said it should resign. “They failed us,” he said.")
    quotes = resolved(body, person("Paul Roth"), person("Ivo Swann"), org("Harbour Alliance"))
    assert [(q.speaker_mention, q.speaker) for q in quotes] == [("he", "Ivo Swann"), ("he", "Ivo Swann")]


def test_he_never_resolves_to_a_woman_or_an_organisation() -> None:
    body = "Nordwind Energy hired Anna Berg in May. “It is a fine company,” he said."
    q = last(body, org("Nordwind Energy"), person("Anna Berg"))
    assert q.speaker is None and q.speaker_resolution is None


def test_quote_whose_nearest_name_is_not_the_speaker() -> None:
    # the subject of the reporting clause, not the last person named before the quote
    body = ("In his assessment of the rival, Felix Ortmann criticised Jonah Pike and the voters who back "
            "Pike. “It is incredible that such a candidate could win,” he said.")
    q = last(body, person("Felix Ortmann"), person("Jonah Pike", "Jonah Pike", "Pike"))
    assert q.speaker == "Felix Ortmann"
    body = "Critics of Jonah Pike spoke first, Felix Ortmann said. “It is over,” he added."
    assert last(body, person("Felix Ortmann"), person("Jonah Pike")).speaker == "Felix Ortmann"


def test_a_role_noun_subject_keeps_its_person_salient() -> None:
    body = ("The actress Nora Quill backs the campaign. Ada Marsh, the mayor, spoke first. The actress said she "
            "was tired of waiting. “It is time,” she said.")
    q = last(body, person("Nora Quill"), person("Ada Marsh"))
    assert (q.speaker_mention, q.speaker) == ("she", "Nora Quill")


def test_a_new_subject_takes_over_from_the_last_speaker() -> None:
    body = ("“We will appeal,” said Nadia Sorel. Then Karl Enz, her deputy, took the microphone. "
            "“The ruling is wrong,” he said.")
    q = last(body, person("Nadia Sorel"), person("Karl Enz"))
    assert q.speaker == "Karl Enz"


def test_the_last_subject_beats_a_person_named_often_before() -> None:
    # Milan Vos is named and is the subject again and again; the sentence before the quote is about Ivo Brandt
    body = ("Milan Vos leads the council. Milan Vos met Anders in May, and Milan Vos spoke after Vos’s ally. "
            "Milan Vos left early. Ivo Brandt, a farmer from the valley who has voted for Vos twice, is not "
            "convinced. “He has forgotten us,” he said.")
    q = last(body, person("Milan Vos", "Milan Vos", "Vos"), person("Ivo Brandt"))
    assert q.speaker == "Ivo Brandt"


def test_a_continuing_verb_keeps_the_last_speaker() -> None:
    # 'he added': the speaker carries on, although another man was the subject of the caption in between
    body = ("“We will rebuild the bridge,” said Oskar Lind. Engineer Pavel Dusek holds a plan of the old bridge. "
            "“It will take two years,” he added.")
    q = last(body, person("Oskar Lind"), person("Pavel Dusek"))
    assert q.speaker == "Oskar Lind"
    # the last speech may be reported speech: who spoke last is its subject
    body = ("“We will rebuild the bridge,” said Oskar Lind. Pavel Dusek answered the critics later, stating "
            "that the money was there. “It will take two years,” he added.")
    q = last(body, person("Oskar Lind"), person("Pavel Dusek"))
    assert q.speaker == "Pavel Dusek"


def test_british_partial_quotes_and_a_follow_up() -> None:
    body = ("The Prime Minister, Tom Hale, told allies that ‘what this week has shown’ is that the talks are "
            "‘the only road’, while Ms Vance is the one who ‘has signed up to a ceasefire’. He insisted that "
            "‘sooner or later they will have to negotiate’.")
    quotes = resolved(body, person("Tom Hale"), person("Ms Vance", "Vance"))
    by_text = {q.text: q for q in quotes}
    assert by_text["what this week has shown"].speaker == "Tom Hale"
    assert by_text["the only road"].speaker == "Tom Hale"
    assert by_text["sooner or later they will have to negotiate"].speaker == "Tom Hale"
    assert by_text["sooner or later they will have to negotiate"].speaker_mention == "He"
    assert all(q.quote_type == "partial" for q in quotes)


def test_opinion_piece_in_the_first_person_credits_the_author() -> None:
    body = ("I have covered this council for ten years, and I have never seen a budget like it. When I asked "
            "the mayor about it, my question was waved away. “I have nothing to add,” I wrote to my editor.")
    q = last(body, authors=("Dana Whitfield",))
    assert (q.speaker, q.speaker_type, q.speaker_resolution) == ("Dana Whitfield", "person", "author")


def test_byline_author_is_not_a_speaker_unless_quoted() -> None:
    body = "Dana Whitfield reports. The mayor's office was quiet. “We will not comment,” he said."
    q = last(body, person("Dana Whitfield"), authors=("Dana Whitfield",))
    assert q.speaker is None
    body = "“We will not comment,” said Dana Whitfield, who also writes for this paper."
    assert last(body, person("Dana Whitfield"), authors=("Dana Whitfield",)).speaker == "Dana Whitfield"


def test_inherited_quotes_take_the_speaker_of_the_quote_they_continue() -> None:
    body = "“The vote is final,” Mr. Diaz said. “There will be no recount.”"
    quotes = resolved(body, person("Ruben Diaz", "Diaz"))
    assert [(q.speaker, q.speaker_resolution) for q in quotes] == [("Ruben Diaz", "surname"),
                                                                   ("Ruben Diaz", "inherited")]


def test_scare_quotes_have_their_own_type_and_no_speaker() -> None:
    body = ("Leaders met for what was billed as a ‘virtual summit’. The so-called ‘coalition of the willing’ met "
            "again on Monday, Anna Berg said.")
    entities = entities_in(body, person("Anna Berg"))
    quotes = resolve_speakers(body, extract_quotes(body, people_spans(entities), keep_scare=True), entities)
    assert [(q.text, q.quote_type, q.speaker) for q in quotes] == [("virtual summit", "scare", None),
                                                                    ("coalition of the willing", "scare", None)]
    assert extract_quotes(body, people_spans(entities)) == []  # not speech: left out of quotes by default


@pytest.mark.parametrize(("body", "text"), [
    ("Die Kanzlerin sagte: „Wir schaffen das.“", "Wir schaffen das."),
    ("Le ministre a déclaré : « Nous ne céderons pas. »", "Nous ne céderons pas."),
    ("‘It’s the workers’ money,’ she said, ‘and they’ll want it back.’", "It’s the workers’ money,"),
    ("“He told me ‘never again’ and left,” she said.", "He told me ‘never again’ and left,"),
])
def test_every_quote_style(body: str, text: str) -> None:
    assert text in [q.text for q in extract_quotes(body)]


def test_unknown_speaker_has_low_confidence() -> None:
    unknown = last("“This is the best day of the year for the town.”")
    known = last("“This is the best day of the year for the town,” said Anna Berg.", person("Anna Berg"))
    assert unknown.speaker is None and unknown.confidence < known.confidence


@pytest.mark.parametrize(("a", "b", "apart"), [
    ("kiedis", "keidis", True), ("kiedis", "kiedies", True), ("kiedis", "kiedi", True),
    ("kiedis", "kiedis", False), ("kiedis", "kdeiis", False), ("bush", "rushes", False),
])
def test_one_edit_apart(a: str, b: str, apart: bool) -> None:
    assert one_edit_apart(a, b) is apart
    assert one_edit_apart(b, a) is apart


@pytest.mark.parametrize(("raw", "clean"), [
    ("Sen. Jane Doe", "Jane Doe"),
    ("Prime Minister Keir Starmer", "Keir Starmer"),
    ("Billionaire Donald Trump", "Donald Trump"),
    ("Trader Bernadette Doyle", "Bernadette Doyle"),
    ("Mr. Garin", "Garin"),
    ("Ken Griffey Jr.", "Ken Griffey Jr."),
    ("Ruth Amsel’s", "Ruth Amsel"),
])
def test_canonical_person_names_carry_no_titles(raw: str, clean: str) -> None:
    assert clean_person_name(raw) == clean


def test_speakers_are_entities_of_their_article() -> None:
    body = "“Taxes are too high,” said Mr. Ekovich. “The council should listen,” added Mara Lind."
    article = {"body": body, "authors": []}
    entities, quotes = quotes_and_entities(article, entities_in(body, ("Mara Lind", "GPE", ("Mara Lind",))))
    names = {(e.name, e.label) for e in entities}
    assert {q.speaker for q in quotes} == {"Ekovich", "Mara Lind"}
    assert ("Ekovich", "PERSON") in names and ("Mara Lind", "PERSON") in names
    ekovich = next(e for e in entities if e.name == "Ekovich")
    assert [body[s:e] for s, e in ekovich.spans] == ["Mr. Ekovich"]


# ----------------------------------------------------------------------------- the dependency parse
def parsed(parser, body: str, *items) -> list[Quote]:
    """The quotes of ``body`` resolved with the dependency parse, as the pipeline resolves them."""
    return quotes_and_entities({"body": body, "authors": []}, entities_in(body, *items), parser)[1]


@pytest.fixture(scope="module")
def subject_parser():
    from transforms.speakers.syntax import SubjectParser

    return SubjectParser()


@pytest.mark.model
def test_the_parse_finds_the_subject_of_a_long_reporting_clause(subject_parser) -> None:
    # the rules take the noun phrase before the verb ('the sudden rise of Ines Vidal'); the parse reads the
    # clause and finds the verb's subject, with the name in apposition to it
    body = ("“Nobody saw this coming,” the sudden rise of Ines Vidal in the polls having surprised the party, "
            "the pollster Daron Shaw told reporters.")
    entities = entities_in(body, person("Ines Vidal"), person("Daron Shaw"))
    article = {"body": body, "authors": []}
    assert quotes_and_entities(article, entities)[1][-1].speaker == "Ines Vidal"  # the rules alone
    q = quotes_and_entities(article, entities, subject_parser)[1][-1]
    assert (q.speaker_mention, q.speaker) == ("the pollster Daron Shaw", "Daron Shaw")


@pytest.mark.model
def test_parsed_subjects_steer_a_pronoun(subject_parser) -> None:
    # the last people named before the quote are objects; with the parse as without it, 'he' is the subject
    body = ("Nadia Sorel spoke first. After a long pause, the committee's chairman, Karl Enz, thanked Sorel and "
            "her deputy Paul Roth. “We will vote on Friday,” he said.")
    quotes = parsed(subject_parser, body, person("Nadia Sorel", "Nadia Sorel", "Sorel"), person("Karl Enz"),
                    person("Paul Roth"))
    assert (quotes[-1].speaker_mention, quotes[-1].speaker) == ("he", "Karl Enz")


@pytest.mark.model
def test_a_name_in_an_opening_clause_is_not_the_subject_pronoun(subject_parser) -> None:
    # 'Asked whether Vance would win, she replied': the parse's subject is the pronoun, and Vance, named in the
    # opening clause, is not who it stands for; the speaker before keeps the floor
    body = ("“The campaign is far from over,” said Nadia Sorel, 58. Asked whether Rosa Vance would win the "
            "nomination in the event of a second ballot, she replied: “I really do not know.”")
    quotes = parsed(subject_parser, body, person("Nadia Sorel"), person("Rosa Vance"))
    assert (quotes[-1].speaker_mention, quotes[-1].speaker) == ("she", "Nadia Sorel")


@pytest.mark.model
def test_the_parse_of_an_opening_clause_keeps_the_main_subject(subject_parser) -> None:
    # the reporting verb of an adverbial clause ('After he blasted …,') is not the sentence's main verb
    body = ("Paul Roth Wins The Vote\n\nAfter he blasted the Harbour Alliance for being “far too timid,” Pastor "
            "Ivo Swann set his sights on the council. He then said it should resign. “They failed us,” he said.")
    quotes = parsed(subject_parser, body, person("Paul Roth"), person("Ivo Swann"), org("Harbour Alliance"))
    assert [(q.speaker_mention, q.speaker) for q in quotes] == [("he", "Ivo Swann"), ("he", "Ivo Swann")]


def test_a_speaker_renames_the_entity_it_was_found_in() -> None:
    body = "“We will not back down,” said Sen. Petra Lund."
    entities, quotes = quotes_and_entities({"body": body, "authors": []},
                                           entities_in(body, person("Sen. Petra Lund")))
    assert quotes[0].speaker == "Petra Lund"
    assert [(e.name, e.label) for e in entities] == [("Petra Lund", "PERSON")]


@pytest.mark.model
def test_a_parsed_noun_phrase_subject_is_not_the_person_named_before_it(subject_parser) -> None:
    # 'the actor' is the subject: the interviewer named before it in a prepositional phrase is not
    body = ("Pedro Alcala is touring with a new show. In a long conversation with Radio Sur’s Tomas Ibsen about "
            "the show, the actor discussed the history he learned at school. “Nobody taught us our own past,” "
            "he said.")
    quotes = parsed(subject_parser, body, person("Pedro Alcala"), person("Tomas Ibsen"))
    assert (quotes[-1].speaker_mention, quotes[-1].speaker) == ("he", "Pedro Alcala")


def test_a_bare_lead_in_paragraph_continues_the_speech_before_it() -> None:
    body = ("Ana Kovac won the vote on Tuesday. “We did it together,” Kovac said.\n"
            "Transcript as follows:\n"
            "“Tonight we walked into a diner and people stood up. I will not forget it.”")
    q = last(body, person("Ana Kovac", "Ana Kovac", "Kovac"))
    assert (q.speaker, q.inherited) == ("Ana Kovac", True)
    # a lead-in that names someone else is no continuation
    body = body.replace("Transcript as follows:", "Mayor Ivo Brandt replied:")
    assert last(body, person("Ana Kovac", "Ana Kovac", "Kovac"), person("Ivo Brandt")).speaker == "Ivo Brandt"
