"""Generate large corpora of invented but realistic news articles for benchmarks.

    python -m benchmarks.corpus --articles 10000 --out bench-data/ [--seed 1] [--files 8]

writes ``bench-data/articles-00000.jsonl.gz`` ... (records dealt round-robin over the files) and
``bench-data/manifest.json`` with the counts a run over them must reconcile with: lines, records,
unique articles, exact duplicates, broken lines (``invalid_json`` rejects), words.

What the articles look like, and why:
- Lengths follow a long-tailed mixture (briefs of ~150 words, ordinary stories around 800, features of
  2,000-4,000) with a median near 800 words, because throughput per record depends on length.
- Every outlet is a fixed invented publisher with its own habits: JSONL field aliases, date format and
  time zone, byline style, quotation marks (curly, British single, straight), paragraph separator,
  dateline. A pipeline meets the same mix in a real multi-source crawl.
- People, organisations and places come from invented pools combined at random (first x last names,
  syllable-built towns, pattern-built organisations), so entity extraction and speaker attribution have
  realistic work without any real article text.
- About 1% of the records are exact copies of an earlier record (dedup), and about 0.5% extra lines are
  invalid JSON (rejects).

Everything is deterministic per seed: article ``i`` depends only on ``(seed, i)``, so the corpus is the
same whatever ``--files`` is, and duplicates are rebuilt from their seed instead of being remembered.
Nothing is held in memory beyond one article.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import email.utils
import gzip
import io
import json
import math
import random
import re
import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

GENERATOR_VERSION = "1"
DEFAULT_DUP_RATE = 0.01
DEFAULT_BROKEN_RATE = 0.005
EPOCH_START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
EPOCH_SPAN_SECONDS = int((dt.datetime(2026, 3, 1, tzinfo=dt.UTC) - EPOCH_START).total_seconds())
# per-article random streams: a multiplier larger than any article count keeps (seed, i) keys distinct
SEED_STRIDE = 1_000_000_007

# ------------------------------------------------------------------------------------------ name pools
FIRST_NAMES_F = (
    "Ada", "Adaeze", "Aisha", "Alina", "Amara", "Amira", "Ana", "Anita", "Anya", "Beatriz", "Bethan",
    "Camille", "Carmen", "Chiara", "Clara", "Dalia", "Daniela", "Deborah", "Dina", "Eira", "Elena", "Eleni",
    "Elif", "Elsa", "Esther", "Fatima", "Fiona", "Freya", "Grace", "Hana", "Helen", "Ines",
    "Ingrid", "Irene", "Isla", "Jana", "Janet", "Joanna", "Julia", "Kalinda", "Karin", "Katrin", "Keiko",
    "Lara", "Leila", "Lena", "Lucia", "Lucy", "Mai", "Maja", "Marta", "Maria", "Maya", "Mei", "Miriam",
    "Nadia", "Naledi", "Nina", "Noor", "Olga", "Olivia", "Paloma", "Petra", "Priya", "Rachel", "Rosa",
    "Ruth", "Sabine", "Sadia", "Sara", "Selin", "Siobhan", "Sofia", "Tamsin", "Tanvi", "Teresa", "Thandi",
    "Ulla", "Vera", "Wanjiru", "Yasmin", "Zainab", "Zofia")
FIRST_NAMES_M = (
    "Aarav", "Adam", "Ahmed", "Alan", "Aleksander", "Amir", "Andrei", "Anton", "Arjun", "Ben", "Bruno",
    "Callum", "Carlos", "Chidi", "Emeka", "Chen", "Colm", "Daniel", "David", "Declan", "Dev", "Diego",
    "Dmitri",
    "Emil", "Erik", "Ethan", "Farid", "Felix", "Finn", "Gareth", "George", "Hamid", "Hassan", "Henrik",
    "Hugo", "Ian", "Ibrahim", "Ivan", "Jamal", "Javier", "Jonas", "Jorge", "Joseph", "Kai", "Kenji",
    "Kwame", "Lars", "Leon", "Liam", "Luca", "Luis", "Malik", "Marco", "Mark", "Mateo", "Matthias",
    "Mehmet", "Miguel", "Mohammed", "Nikolai", "Noah", "Oleg", "Omar", "Oscar", "Owen", "Pablo", "Patrick",
    "Paul", "Pedro", "Rafael", "Rahul", "Ravi", "Rhys", "Robert", "Rohan", "Samuel", "Sean", "Sergio",
    "Simon", "Stefan", "Tariq", "Thomas", "Tobias", "Tomasz", "Viktor", "Wei", "Yusuf")
LAST_NAMES = (
    "Abernathy", "Achterberg", "Adeyemi", "Albers", "Amari", "Anand", "Andersen", "Arslan", "Ashworth",
    "Bakker", "Barros", "Bauer", "Bezerra", "Blackwood", "Boateng", "Bowen", "Brandl", "Brennan",
    "Caldwell", "Castellanos", "Chaudhry", "Chen", "Cole", "Costa", "Dahl", "Delgado", "Devlin", "Doyle",
    "Dubois", "Eriksen", "Ferreira", "Fischer", "Fitzgerald", "Garside", "Gillespie", "Grant", "Haddad",
    "Halloran", "Hartmann", "Hayes", "Hollis", "Horvath", "Ibrahim", "Ivanova", "Jansen", "Jenkins",
    "Kapoor", "Kavanagh", "Keller", "Kerr", "Kowalski", "Kruger", "Lambert", "Lindqvist", "Lyle", "MacRae",
    "Marchetti", "Marsh", "Mensah", "Moir", "Molina", "Moreau", "Morgan", "Nakamura", "Ndlovu", "Novak",
    "Nwosu", "Oduya", "Okafor", "Okonkwo", "Okoro", "Ortega", "Osei", "Park", "Pereira", "Petrov", "Pryce",
    "Quinn", "Qureshi", "Rahimi", "Raman", "Reid", "Rennie", "Rossi", "Santos", "Sato", "Schneider", "Shah",
    "Siddiqui", "Silva", "Solberg", "Sorensen", "Tan", "Tillery", "Varga", "Vasquez", "Vaughan", "Vogel",
    "Wallace", "Whitfield", "Wierzbicki", "Yilmaz", "Zhang", "Zielinski")
PLACE_HEADS = (
    "Ash", "Brack", "Bram", "Cald", "Carr", "Dun", "Elm", "Fair", "Farrow", "Glen", "Hal", "Hart", "Kess",
    "Lang", "Lyn", "Mar", "Merrow", "Nor", "Oak", "Orrin", "Pen", "Quar", "Ros", "Sil", "Skerr",
    "Thorn", "Tal", "Wex", "Whit", "Wyn", "Yarn")
PLACE_TAILS = (
    "ford", "ton", "bury", "wick", "mouth", "field", "dale", "haven", "more", "stead", "bridge", "by",
    "worth", "port", "gate", "ley", "cross", "minster", "well", "hope", "ness")
PLACE_FORMS = ("{}", "{}", "{}", "{}", "Port {}", "{} Vale", "North {}", "East {}", "Upper {}", "{} Bay")
COUNTRY_ROOTS = ("Vald", "Ester", "Mar", "Cald", "Ost", "Tyr", "Bren", "Sol", "Kar", "Alv", "Dor", "Lum")
COUNTRY_TAILS = ("oria", "avia", "mark", "land", "onia", "ana", "ia")
COUNTRY_FORMS = ("{}", "{}", "the Republic of {}", "{}")
SURNAME_FIRMS = ("{a} & {b}", "{a} {b} Partners", "{a} Holdings", "{a} Group")
INDUSTRY = ("Energy", "Logistics", "Foods", "Engineering", "Homes", "Pharma", "Telecom", "Motors", "Retail",
            "Insurance", "Shipping", "Software", "Steel", "Water", "Airways", "Bank")
# the organisation an article is about depends on its topic (a council in local news, a company in
# business news); the second organisation (analysts, lenders, partners) comes from the general pool
COMPANY_FORMS = ("{place} {industry}", "{surname} {industry}", "{firm}", "{surname} {industry} Group")
ORG_FORMS_BY_TOPIC = {
    "local": ("{place} City Council", "{place} Borough Council", "{place} County Council",
              "{place} Town Council", "{place} Housing Association"),
    "politics": ("the {party}", "the {ministry}", "{place} City Council"),
    "business": COMPANY_FORMS,
    "courts": ("{place} Police", "{place} Police", "the {place} Prosecution Service"),
    "health": ("{place} General Hospital", "{place} Health Board", "{place} Royal Infirmary",
               "{place} Community Health Trust"),
    "transport": ("{place} Transport Authority", "{place} Rail", "{surname} Buses", "{place} Port Authority",
                  "{place} Airport"),
    "environment": ("the {place} Environment Agency", "{place} Water", "{surname} Energy",
                    "the {place} Wildlife Trust"),
    "education": ("University of {place}", "{place} University", "{place} College",
                  "{place} Education Authority"),
    "sport": ("{club}",),
    "science": (*COMPANY_FORMS, "the {place} Institute", "University of {place}"),
    "culture": ("the {place} Museum", "the {place} Festival", "the {place} Playhouse",
                "{place} Arts Council"),
}
ORG_FORMS = ("University of {place}", "{place} University", "{place} Chamber of Commerce", "{firm}",
             "{place} {industry}", "National {industry} Agency", "{place} Trades Union Council",
             "{place} Community Trust", "the {place} Institute", "{surname} Bank", "{place} Council")
CLUB_FORMS = ("{place} United", "{place} Rovers", "{place} Athletic", "{place} Town", "{place} City",
              "FC {place}", "{place} Wanderers")
MINISTRIES = ("Ministry of Finance", "Ministry of Health", "Ministry of Transport", "Interior Ministry",
              "Department for Education", "Environment Ministry", "Ministry of Defence", "Treasury")
PARTIES = ("Progressive Alliance", "National Union Party", "Green League", "Liberal Reform",
           "Workers’ Party", "Centre Coalition", "People’s Movement")
DATELINE_AGENCY = {"Associated Press": "AP", "Continental Press Agency": "CPA"}
AGENCIES = ("Reuters", "AP", "AFP", "Associated Press", "Meridian Wire", "Continental Press Agency")

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December")
MONTHS_DE = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
    "November", "Dezember")
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# ------------------------------------------------------------------------------------------ topics
# Each topic: url section, roles for its people, organisation forms, headline/lead/fact templates and the
# noun phrases people talk about in quotes. Slots: {p1}..{p4} full names, {p1s} surnames, {p1r} roles,
# {place} {place2} {country} {org} {org2} {club} {club2} {ministry} {party} {outlet}; random per use:
# {n} {n2} {big} {pct} {money} {weekday} {month} {when} {thing}.
TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "local": {
        "section": ("news", "local", "community"),
        "roles": ("council leader", "deputy mayor", "councillor", "head of planning at {org}",
                  "a spokeswoman for {org}", "a spokesman for {org}", "chair of the residents’ association",
                  "local shop owner", "ward councillor"),
        "things": ("the new leisure centre", "the bypass", "the parking scheme", "the library",
                   "the housing development", "the market hall", "the bus station", "the flood defences",
                   "the town centre plan", "bin collections", "the riverside path"),
        "headlines": ("{place} council approves {money} plan for {thing}",
                      "Residents fight plans for {thing} in {place}",
                      "Delays hit {thing} as costs rise by {pct}",
                      "{place} to get {thing} after {n}-year wait",
                      "Council tax in {place} to rise {pct}",
                      "Anger as {org} shelves {thing}"),
        "leads": ("Councillors in {place} have approved a {money} plan for {thing}, ending years of debate "
                  "over the future of the site.",
                  "Residents in {place} have vowed to fight plans for {thing}, saying they were not "
                  "consulted.",
                  "Work on {thing} in {place} has been delayed again after costs rose by {pct}, {org} said "
                  "{when}.",
                  "People in {place} will have to wait until next year for {thing}, {org} has confirmed."),
        "facts": ("The scheme was first proposed {n} years ago but stalled after a legal challenge.",
                  "A public consultation drew more than {big} responses, most of them opposed.",
                  "{org} said the project would create about {n2} jobs during construction.",
                  "Opposition councillors said the decision had been rushed through without a full debate.",
                  "The vote was carried by {n} votes to {n2}.",
                  "Traders on the high street said footfall had fallen by {pct} since the work began.",
                  "The council’s planning committee will consider the detailed designs {soon}.",
                  "A petition against the plan has gathered {big} signatures.",
                  "Officers had recommended approval, saying the site had been empty for {n} years.",
                  "Funding includes {money} from central government and a loan from {org2}."),
        "qnp": ("the high street", "local families", "the town centre", "this community", "the site",
                "council tax payers", "the people who live here"),
    },
    "politics": {
        "section": ("politics", "world", "news"),
        "roles": ("the prime minister", "the finance minister", "the opposition leader",
                  "a senior member of the {party}", "the health minister", "a government spokesperson",
                  "leader of the {party}", "an MP for {place}", "the interior minister"),
        "things": ("the budget", "the new tax on second homes", "the pension reform", "the election",
                   "the coalition deal", "the border agreement", "the spending review",
                   "the new constitution"),
        "headlines": ("{country} government survives vote on {thing}",
                      "{party} pulls out of talks over {thing}",
                      "Minister resigns as row over {thing} deepens",
                      "{country} to hold early election after {thing} collapses",
                      "Thousands march in {place} against {thing}"),
        "leads": ("The government of {country} narrowly survived a parliamentary vote on {thing} {when}, "
                  "with {n} members voting against it.",
                  "The {party} has pulled out of talks on {thing}, throwing the governing coalition in "
                  "{country} into doubt.",
                  "Thousands of people marched through {place} {when} in protest against {thing}.",
                  "{country}’s finance minister has resigned after weeks of pressure over {thing}."),
        "facts": ("Polls suggest support for the governing parties has fallen by {pct} since the spring.",
                  "The measure would raise an estimated {money} a year, according to the {ministry}.",
                  "Opposition parties accused the government of ignoring its own advisers.",
                  "Police said the march passed off peacefully, although {n} people were arrested.",
                  "The {party} holds {n2} seats in the {big}-member assembly.",
                  "Analysts said the row exposed deep divisions within the cabinet.",
                  "The {ministry} declined to comment on the leaked documents.",
                  "A final vote is expected {soon}.",
                  "Talks between the parties broke down late on {weekday} after {n} hours.",
                  "The president is expected to address the nation {soon}."),
        "qnp": ("this country", "working families", "our democracy", "the economy", "public trust",
                "the next generation", "the government"),
    },
    "business": {
        "section": ("business", "money", "markets"),
        "roles": ("chief executive of {org}", "chief financial officer of {org}", "an analyst at {org2}",
                  "chair of {org}", "a spokesperson for {org}", "head of research at {org2}",
                  "founder of {org}", "an economist at {org2}"),
        "things": ("the takeover", "the merger", "annual profits", "the job cuts", "the new factory",
                   "the share offer", "the price rise", "the restructuring plan"),
        "headlines": ("{org} profits fall {pct} as costs bite",
                      "{org} to cut {big} jobs in {thing}",
                      "{org} agrees {money} takeover by {org2}",
                      "Shares in {org} jump after {thing}",
                      "{org} opens {money} plant in {place}"),
        "leads": ("{org} reported a {pct} fall in annual profits {when}, blaming higher energy and "
                  "labour costs.",
                  "{org} has agreed to a {money} takeover by {org2}, creating one of the largest companies "
                  "of its kind in {country}.",
                  "Shares in {org} rose by {pct} {when} after the company announced {thing}.",
                  "{org} will open a {money} plant in {place}, creating {big} jobs, the company said."),
        "facts": ("Revenue rose to {money}, slightly ahead of analysts’ forecasts.",
                  "The company employs about {big} people, most of them in {place}.",
                  "The deal still needs approval from competition regulators.",
                  "Its shares have lost {pct} of their value over the past year.",
                  "{org2} said it expected the market to remain difficult for at least {n} months.",
                  "Unions said they had not been told about the plans in advance.",
                  "The company will pay a dividend of {n} cents a share.",
                  "Operating costs rose by {pct}, driven by wages and energy.",
                  "The board said it would review the results of the plan in {month}.",
                  "Sales in {country} grew by {pct}, while other markets were flat."),
        "qnp": ("our customers", "the business", "our people", "shareholders", "the market",
                "long-term growth", "the balance sheet"),
    },
    "courts": {
        "section": ("news", "crime", "courts"),
        "roles": ("Detective Inspector", "the prosecutor", "defence lawyer", "the judge",
                  "a spokesman for {org}", "the victim’s mother", "a neighbour", "Chief Superintendent"),
        "things": ("the robbery", "the fraud", "the assault", "the arson attack", "the burglaries",
                   "the crash", "the cyber attack"),
        "headlines": ("Man jailed for {n} years over {thing} in {place}",
                      "Woman charged after {thing} in {place}",
                      "Police appeal for witnesses after {thing}",
                      "Trial hears how {thing} left {n} injured",
                      "Former director admits {money} fraud"),
        "leads": ("A man has been jailed for {n} years for {thing} in {place} that left a shopkeeper "
                  "seriously injured.",
                  "Police in {place} have appealed for witnesses after {thing} {when}.",
                  "A jury at {place} Crown Court heard {when} how {thing} was planned over several weeks.",
                  "A former company director has admitted a {money} fraud against {org}."),
        "facts": ("The court heard that the defendant had {n} previous convictions.",
                  "Officers recovered {big} items of stolen property from a lock-up garage.",
                  "The trial is expected to last {n} weeks.",
                  "Anyone with information is asked to call {org} quoting reference {big}.",
                  "The defendant, who denies the charges, was remanded in custody.",
                  "CCTV footage shown to the jury showed two men running from the scene.",
                  "The victim spent {n} days in hospital.",
                  "Sentencing was adjourned until {month} for reports.",
                  "The judge said the offences had caused lasting harm to the victims.",
                  "Detectives said the investigation was still at an early stage."),
        "qnp": ("the victims", "the community", "the family", "public safety", "the evidence",
                "everyone involved"),
    },
    "health": {
        "section": ("health", "news", "science"),
        "roles": ("chief executive of {org}", "a consultant at {org}", "a GP in {place}",
                  "director of public health", "a spokeswoman for {org}", "a nurse at {org}",
                  "the health minister", "a professor at {org2}"),
        "things": ("waiting lists", "the new cancer unit", "the vaccination campaign", "the maternity ward",
                   "the ambulance service", "the mental health service", "the flu season"),
        "headlines": ("Waiting times at {org} hit record high",
                      "{org} to open {thing} after {money} funding",
                      "Nurses at {org} vote to strike over pay",
                      "Study links {thing} to {pct} drop in admissions",
                      "Patients face {n}-hour waits as {thing} struggles"),
        "leads": ("Patients at {org} are waiting longer than ever for treatment, with {big} people on "
                  "the list for more than a year.",
                  "{org} will open {thing} next year after securing {money} in funding.",
                  "Nurses at {org} have voted to strike over pay and staffing, their union said {when}.",
                  "A study by {org2} has linked {thing} to a {pct} drop in hospital admissions."),
        "facts": ("The hospital has {n} vacancies for nurses and {n2} for doctors.",
                  "Ambulances waited an average of {n} minutes to hand over patients last month.",
                  "The study followed {big} patients over {n} years.",
                  "{org} said it had recruited {n2} staff from overseas since {month}.",
                  "The new unit will treat about {big} patients a year.",
                  "Health officials urged people over {n} to book their jabs.",
                  "Bed occupancy at the hospital reached {pct} last winter.",
                  "The research was published in a peer-reviewed journal {when}.",
                  "Campaigners said the figures showed the system was close to breaking point.",
                  "The health board said most planned operations would go ahead."),
        "qnp": ("patients", "our staff", "the service", "patient safety", "the hospital", "care"),
    },
    "transport": {
        "section": ("news", "transport", "travel"),
        "roles": ("managing director of {org}", "a spokesperson for {org}", "the transport minister",
                  "a commuter from {place}", "chair of the passengers’ group", "a union official",
                  "head of operations at {org}"),
        "things": ("the rail strike", "the new timetable", "the tram extension", "the bridge closure",
                   "the fare rise", "the ferry service", "the motorway roadworks", "the airport expansion"),
        "headlines": ("Commuters face disruption as {thing} begins",
                      "{org} announces {pct} fare rise",
                      "{thing} delayed by {n} months",
                      "Flights cancelled at {place} airport after {thing}",
                      "Go-ahead for {thing} after {money} funding deal"),
        "leads": ("Commuters between {place} and {place2} face weeks of disruption as {thing} begins.",
                  "{org} has announced a {pct} rise in fares from {month}, blaming higher costs.",
                  "{thing} will open {n} months late, {org} said {when}.",
                  "Dozens of flights were cancelled at {place} airport {when} because of {thing}."),
        "facts": ("About {big} passengers use the route every day.",
                  "Replacement buses will run between {place} and {place2}.",
                  "The line has been closed {n} times this year because of signal faults.",
                  "{org} said punctuality had improved to {pct} in the last quarter.",
                  "The project is expected to cost {money}, up from an original estimate of {money}.",
                  "Passengers are advised to check before they travel.",
                  "Talks between {org} and the unions are due to resume on {weekday}.",
                  "The old bridge carried about {big} vehicles a day.",
                  "Work is due to finish in {month}.",
                  "Drivers have been warned to expect delays of up to {n} minutes."),
        "qnp": ("passengers", "commuters", "the network", "the timetable", "the line", "travellers"),
    },
    "environment": {
        "section": ("environment", "news", "science"),
        "roles": ("a climate scientist at {org2}", "director of {org}", "a campaigner with {org}",
                  "the environment minister", "a farmer from {place}", "a spokesman for {org}",
                  "chief forecaster at {org}"),
        "things": ("the flooding", "the heatwave", "the drought", "the storm", "river pollution",
                   "the wind farm", "the new national park", "air pollution"),
        "headlines": ("{thing} leaves {big} homes without power",
                      "Warning as {thing} hits {place}",
                      "{org} fined {money} over {thing}",
                      "Plans for {thing} near {place} approved",
                      "Record temperatures as {thing} continues"),
        "leads": ("About {big} homes were left without power after {thing} swept across the region {when}.",
                  "Forecasters have issued a warning as {thing} hits {place} and the surrounding area.",
                  "{org} has been fined {money} over {thing} that killed thousands of fish.",
                  "Plans for {thing} near {place} have been approved despite objections from residents."),
        "facts": ("Rainfall in {month} was {pct} above the long-term average.",
                  "Emergency services rescued {n} people from cars caught in flood water.",
                  "The wind farm will have {n} turbines and power about {big} homes.",
                  "Temperatures reached {n2} degrees in parts of {country}.",
                  "River levels are expected to peak on {weekday}.",
                  "Scientists said such events had become more frequent over the past {n} decades.",
                  "Campaigners said the fine was too small to change the company’s behaviour.",
                  "Farmers reported losing up to {pct} of their crops.",
                  "The authorities opened {n} emergency shelters.",
                  "Engineers worked through the night to restore supplies."),
        "qnp": ("the environment", "our rivers", "the climate", "the countryside", "nature",
                "future generations"),
    },
    "education": {
        "section": ("education", "news", "schools"),
        "roles": ("head teacher at {place} Academy", "the education minister", "a parent",
                  "vice-chancellor of {org}", "a spokeswoman for {org}", "a teachers’ union official",
                  "chair of governors"),
        "things": ("the school closure", "exam results", "tuition fees", "free school meals",
                   "the new curriculum", "teacher shortages", "the school building programme"),
        "headlines": ("Parents protest over {thing} in {place}",
                      "Schools in {place} report progress on {thing}",
                      "{org} to cut {n} courses amid funding gap",
                      "Teachers warn of crisis over {thing}",
                      "{money} boost for {thing}"),
        "leads": ("Parents in {place} protested outside the town hall {when} over {thing}.",
                  "{org} will cut {n} courses next year as it tries to close a {money} funding gap.",
                  "Teachers have warned that {thing} is putting pupils’ education at risk.",
                  "The government has announced a {money} boost for {thing}."),
        "facts": ("The school has {big} pupils and {n} teachers.",
                  "Nationally, {pct} of pupils achieved the expected standard.",
                  "Staff were told about the plans at a meeting on {weekday}.",
                  "The university said no current students would be affected.",
                  "A survey of {big} teachers found most were considering leaving the profession.",
                  "The consultation on the closure runs until {month}.",
                  "Class sizes have risen to an average of {n2}.",
                  "The union said it would consult members on industrial action.",
                  "The new building is due to open in {month}.",
                  "Funding per pupil has fallen by {pct} in real terms."),
        "qnp": ("our pupils", "the children", "teachers", "education", "the school", "students"),
    },
    "sport": {
        "section": ("sport", "football", "sport"),
        "roles": ("manager of {club}", "{club} captain", "{club} striker", "head coach of {club}",
                  "{club} goalkeeper", "chairman of {club}"),
        "things": ("the cup final", "the derby", "the title race", "the semi-final", "relegation",
                   "the transfer window"),
        "headlines": ("{club} beat {club2} to reach {thing}",
                      "Late goal gives {club} win over {club2}",
                      "{club} sack manager after {n} straight defeats",
                      "{club} sign striker in {money} deal",
                      "{club} and {club2} share the points in {thing}"),
        "leads": ("{club} beat {club2} {score} to reach {thing}, with a late goal settling a tense "
                  "match.",
                  "{club} have sacked their manager after a run of {n} straight defeats left them close to "
                  "the bottom of the table.",
                  "{club} have signed a striker from {club2} in a deal worth {money}, the club said.",
                  "{club} and {club2} drew {draw} in {thing} in front of a crowd of {big}."),
        "facts": ("The visitors went ahead after {n} minutes when a corner was headed in at the far post.",
                  "A crowd of {big} watched the match.",
                  "{club} are now {n} points clear at the top of the table.",
                  "The defender was sent off after {n2} minutes for a second bookable offence.",
                  "{club2} have not won away from home since {month}.",
                  "The striker has scored {n} goals in {n2} games this season.",
                  "The two sides meet again in the league in {month}.",
                  "The goalkeeper made a string of saves to keep his side in the game.",
                  "The club said the manager’s assistant would take charge for the next match.",
                  "Tickets for the final went on sale on {weekday}."),
        "qnp": ("the lads", "the supporters", "the club", "the dressing room", "this group", "the fans"),
    },
    "science": {
        "section": ("science", "technology", "tech"),
        "roles": ("a researcher at {org2}", "lead author of the study", "professor of physics at {org2}",
                  "chief technology officer at {org}", "a spokesperson for {org}", "an independent expert"),
        "things": ("the satellite launch", "the new battery", "the data breach", "the AI system",
                   "the telescope", "the gene therapy", "the quantum computer", "the app"),
        "headlines": ("Scientists unveil {thing} that could change {qnp}",
                      "{org} confirms {thing} affected {big} customers",
                      "Researchers in {place} report breakthrough on {thing}",
                      "{org} delays {thing} after test failure",
                      "{country} launches {thing}"),
        "leads": ("Researchers at {org2} say {thing} could cut costs by {pct} within a decade.",
                  "{org} has confirmed that {thing} affected about {big} customers.",
                  "Scientists in {place} have reported a breakthrough on {thing} after {n} years of work.",
                  "{org} has delayed {thing} by {n} months after a test failure."),
        "facts": ("The findings were published in a peer-reviewed journal {when}.",
                  "The team tested the system on {big} samples.",
                  "Other scientists said the results needed to be repeated before firm conclusions were "
                  "drawn.",
                  "The project received {money} in public funding.",
                  "The company said no payment details had been taken.",
                  "A second test is planned for {month}.",
                  "The device weighs about {n} kilograms.",
                  "The regulator said it was looking into the incident.",
                  "Early results suggested an improvement of {pct} over existing methods.",
                  "The work involved researchers from {n} countries."),
        "qnp": ("the field", "the technology", "our understanding", "the data", "the research",
                "the industry"),
    },
    "culture": {
        "section": ("culture", "arts", "entertainment"),
        "roles": ("director of {org}", "the festival organiser", "a curator at {org}", "the author",
                  "the lead actor", "a spokeswoman for {org}", "artistic director of {org}"),
        "things": ("the festival", "the exhibition", "the new theatre", "the film", "the concert",
                   "the book prize", "the museum"),
        "headlines": ("{thing} returns to {place} after {n}-year break",
                      "{place} author wins {thing}",
                      "Record crowds for {thing} in {place}",
                      "{thing} to close after funding cut",
                      "{money} restoration of {thing} completed"),
        "leads": ("{thing} returned to {place} {when} after a {n}-year break, drawing {big} visitors.",
                  "A writer from {place} has won {thing} for a debut novel about a fishing family.",
                  "Record crowds attended {thing} in {place}, organisers said.",
                  "{thing} in {place} will close next year after its funding was cut by {pct}."),
        "facts": ("Tickets sold out within {n} hours.",
                  "The exhibition brings together {n2} works, some never shown before.",
                  "The building was restored at a cost of {money}.",
                  "About {big} people attended over the weekend.",
                  "The prize is worth {money}.",
                  "The festival began in {n} as a small gathering in a church hall.",
                  "The theatre has staged more than {big} performances since it opened.",
                  "Organisers said they hoped to make the event annual.",
                  "The film opens in cinemas in {month}.",
                  "The collection will go on tour to {place2} next year."),
        "qnp": ("the arts", "the audience", "the town", "culture", "the artists", "the building"),
    },
}
TOPIC_NAMES = tuple(TOPICS)
TOPIC_WEIGHTS = (14, 12, 12, 9, 9, 8, 8, 7, 11, 5, 5)

GENERIC_FACTS = (
    "The decision follows months of uncertainty.",
    "It is not the first time the issue has come up: a similar proposal was rejected {n} years ago.",
    "Figures published {when} show the number has risen by {pct} in {n} years.",
    "Critics say the plan does not go far enough.",
    "Others have welcomed the move as long overdue.",
    "A further announcement is expected in {month}.",
    "The details have not yet been made public.",
    "{org} did not respond to a request for comment.",
    "In a statement, {org} said it would study the findings carefully.",
    "About {big} people are thought to be affected.",
    "The issue has divided opinion in {place} for years.",
    "A spokesperson for {org2} said the organisation was aware of the concerns.",
    "The report makes {n} recommendations.",
    "It is expected to take at least {n} months to complete.",
    "Officials said the situation was being monitored closely.",
    "The meeting on {weekday} was attended by more than {n2} people.",
    "Independent experts said it was too early to judge the impact.",
    "The figures do not include {place2}, where data is collected separately.",
)

QUOTE_OPENERS = ("", "", "", "I think ", "We have always said that ", "The simple truth is that ",
                 "Frankly, ", "What we are seeing is that ", "Let me be clear: ", "At the end of the day, ",
                 "Nobody should be surprised that ", "I’m afraid ", "To be honest, ", "We believe ")
QUOTE_CLAUSES = (
    "{qnp} has to come first",
    "this is the right decision for {place}",
    "people deserve better than this",
    "we will keep working until the job is done",
    "the numbers simply don’t add up",
    "we were not consulted at any stage",
    "this was never going to be easy",
    "families across {place} will feel the difference",
    "we owe it to {qnp} to get this right",
    "the decision was taken far too quickly",
    "we are confident the plan will work",
    "there are still serious questions to answer",
    "it’s a huge relief for everyone involved",
    "we’ve been waiting for this for a very long time",
    "nobody wants to see {qnp} suffer",
    "the last few months have been incredibly difficult",
    "we can’t carry on like this",
    "this is a good day for {qnp}",
    "we made mistakes and we have learned from them",
    "there is no quick fix",
    "we need a proper plan, not another promise",
    "the evidence is clear",
    "it will take time, but we are heading in the right direction",
    "we did everything we could",
    "this changes nothing for {qnp}",
    "I have never seen anything like it",
)
QUOTE_SECONDS = (
    "That is what we were elected to do.", "We will be watching very closely.", "It’s as simple as that.",
    "I’m proud of what the team has achieved.", "Nobody wants to see that happen.",
    "We will not give up.", "There is a lot of work still to do.", "People are rightly angry.",
    "We hope to have more to say soon.", "That has to change.", "I think people understand that.",
    "We owe them an answer.", "It has been a long road.", "The next few weeks will be crucial.",
)
PARTIAL_QUOTES = ("a disgrace", "long overdue", "a step in the right direction", "deeply disappointing",
                  "completely unacceptable", "a huge opportunity", "a kick in the teeth", "not good enough",
                  "the best news we’ve had all year", "premature", "a bit of a gamble", "historic")
SAID_VERBS = ("said", "said", "said", "said", "added", "told reporters", "explained", "warned", "insisted",
              "argued", "noted", "admitted", "told {outlet}", "said in a statement", "wrote on social media")
WHEN = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at the weekend",
        "last week", "earlier this month", "this week", "on Sunday", "yesterday")
PERSON_FACTS = (
    "NAME is expected to give evidence to a committee in {month}.",
    "NAME met officials from {org2} {when}.",
    "NAME has held the post for {n} years.",
    "NAME declined to say when a decision would be made.",
    "NAME first raised the issue {n} years ago.",
    "NAME was not available for further comment.",
    "NAME is due to meet residents in {place2} {soon}.",
    "NAME later posted a longer statement online.",
)
SOON = ("next week", "later this month", "in the coming weeks", "next month", "before the summer",
        "by the end of the year")
STAFF_BYLINES = ("Staff Writer", "Staff Reporter", "From staff reports", "News Desk", "Web Desk")
ARTICLES = ("a ", "an ", "the ")
# roles that read badly before a name ("chief executive of X Ann Lee") go after it, as an apposition
ROLE_PREPOSITION = re.compile(r"\b(?:of|at|for|with|from|in)\b|’")
ROLE_TITLES = ("Political Correspondent", "Business Reporter", "Health Editor", "Senior Reporter",
               "Local Democracy Reporter", "Chief Reporter", "Sports Writer", "Science Correspondent",
               "Education Reporter", "Courts Reporter")

# ------------------------------------------------------------------------------------------ outlets
SCHEMAS: dict[str, dict[str, str]] = {
    # logical field -> JSONL key, per feed family (the contract's aliases)
    "A": {"url": "url", "title": "title", "byline": "byline", "date": "published", "body": "text",
          "source": "source"},
    "B": {"url": "link", "title": "headline", "byline": "author", "date": "pubDate", "body": "body",
          "source": "site"},
    "C": {"url": "url", "title": "title", "byline": "authors", "date": "published_at", "body": "content",
          "source": "publisher", "fetched": "fetched_at"},
    "D": {"url": "url", "title": "headline", "byline": "author", "date": "date", "body": "text",
          "source": "source", "fetched": "crawled_at"},
}


@dataclass(frozen=True)
class Outlet:
    name: str
    host: str
    zone: str
    date_style: str
    schema: str
    quotes: str  # "curly" “…”, "british" ‘…’, "straight" "…"
    bylines: tuple[str, ...]  # byline kinds this outlet uses
    honorific: str  # "" (surname alone on later mentions), "Mr." (US) or "Mr" (UK)
    wire: str | None = None  # agency datelines ("KESSLING, March 3 (Reuters) -")
    para_sep: str = "\n\n"
    date_in_url: bool = True
    fixed_offset: int = 0  # used only where the zone database is missing

    @property
    def reference(self) -> str:
        """How other text names the outlet: ``told the Northgate Herald``."""
        name = self.name.split(" (")[0]
        return "t" + name[1:] if name.startswith("The ") else "the " + name


OUTLETS: tuple[Outlet, ...] = (
    Outlet("Northgate Herald", "www.northgate-herald.example", "Europe/London", "uk_long", "A", "curly",
           ("by", "by_two", "role", "staff", "by_in"), "Mr"),
    Outlet("Valley Ledger", "www.valley-ledger.example", "America/New_York", "us_long", "A", "curly",
           ("by", "by_two", "repeat", "with_agency", "staff"), "Mr.", fixed_offset=-300),
    Outlet("Meridian Wire", "wire.meridian.example", "UTC", "rfc2822", "B", "straight",
           ("reporting", "reporting", "agency"), "", wire="Meridian Wire", para_sep="\n", date_in_url=False),
    Outlet("Brackenford Post", "www.brackenford-post.example", "Europe/London", "uk_day", "D", "british",
           ("by", "plain", "role", "by_in"), "Mr"),
    Outlet("Eastbay Tribune", "www.eastbay-tribune.example", "America/Los_Angeles", "iso_offset", "C",
           "curly", ("list", "list", "list", "staff"), "", fixed_offset=-480),
    Outlet("Kessling Gazette", "www.kessling-gazette.example", "Europe/Berlin", "iso_z", "A", "curly",
           ("by", "plain", "none"), "", fixed_offset=60),
    Outlet("The Harbour Times", "www.harbour-times.example", "Australia/Sydney", "iso_offset", "B", "curly",
           ("by", "by_two", "staff", "with_agency"), "", fixed_offset=600),
    # an English-language edition whose German CMS writes German dates
    Outlet("Rheinfeld Observer (English edition)", "www.rheinfeld-observer.example", "Europe/Berlin",
           "german", "D", "curly", ("plain", "by"), "", para_sep="\n", fixed_offset=60),
    Outlet("Daily Courant", "www.daily-courant.example", "America/Chicago", "epoch", "C", "curly",
           ("list", "agency", "list"), "Mr.", fixed_offset=-360),
    Outlet("Merrow Vale Echo", "www.merrow-vale-echo.example", "Europe/London", "relative", "C", "british",
           ("staff", "by", "plain"), "", date_in_url=False),
    Outlet("Continental Press Agency", "www.cpa-news.example", "Europe/Paris", "iso_ms_z", "A", "straight",
           ("agency", "reporting"), "", wire="Continental Press Agency", para_sep="\n", fixed_offset=60),
    Outlet("Sound & Coast", "www.soundandcoast.example", "Asia/Kolkata", "day_only", "D", "curly",
           ("by", "role", "none"), "", fixed_offset=330),
    Outlet("Midlands Ledger", "www.midlands-ledger.example", "Europe/London", "ap_style", "B", "straight",
           ("by", "by_two", "repeat"), "Mr.", date_in_url=False),
    Outlet("Aldwick Courier", "www.aldwick-courier.example", "Europe/London", "epoch_ms", "C", "british",
           ("list", "staff"), "", date_in_url=False),
)
OUTLET_WEIGHTS = (10, 9, 9, 7, 7, 6, 6, 4, 6, 5, 6, 4, 5, 4)


def _zone(outlet: Outlet) -> dt.tzinfo:
    try:
        return ZoneInfo(outlet.zone)
    except (ZoneInfoNotFoundError, ValueError):  # a machine without a time-zone database
        return dt.timezone(dt.timedelta(minutes=outlet.fixed_offset))


ZONES = {outlet.name: _zone(outlet) for outlet in OUTLETS}

# ------------------------------------------------------------------------------------------ lengths
# A mixture, not one distribution: briefs, ordinary stories and long features are written differently
# and a single log-normal has either too few briefs or too short a tail. Median ~800 words.
LENGTH_MIX = (
    # (weight, median words, log-sigma, min, max)
    (0.10, 170, 0.25, 90, 320),
    (0.82, 790, 0.38, 320, 2400),
    (0.08, 2500, 0.25, 1500, 4500),
)


def target_words(rng: random.Random) -> int:
    pick = rng.random()
    for weight, median, sigma, low, high in LENGTH_MIX:
        if pick < weight:
            return max(low, min(high, int(rng.lognormvariate(math.log(median), sigma))))
        pick -= weight
    return 800


# ------------------------------------------------------------------------------------------ the writer
@dataclass
class Person:
    first: str
    last: str
    role: str
    female: bool
    mentioned: bool = False

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Cast:
    """Who and where one article is about: drawn once, so later sentences refer back to the same people."""
    people: list[Person]
    place: str
    place2: str
    country: str
    org: str
    org2: str
    club: str
    club2: str
    ministry: str
    party: str
    outlet: Outlet
    topic: dict[str, tuple[str, ...]]
    slots: dict[str, str]
    topic_deck: deque[str]
    generic_deck: deque[str]


def _place(rng: random.Random) -> str:
    return rng.choice(PLACE_FORMS).format(rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS))


def _country(rng: random.Random) -> str:
    return rng.choice(COUNTRY_FORMS).format(rng.choice(COUNTRY_ROOTS) + rng.choice(COUNTRY_TAILS))


def _org(rng: random.Random, forms: tuple[str, ...], base: dict[str, str]) -> str:
    a, b = rng.sample(LAST_NAMES, 2)
    return rng.choice(forms).format(industry=rng.choice(INDUSTRY), surname=a,
                                    firm=rng.choice(SURNAME_FIRMS).format(a=a, b=b), **base)


def _name(rng: random.Random) -> tuple[str, str, bool]:
    female = rng.random() < 0.5
    return rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M), rng.choice(LAST_NAMES), female


class _Slots(dict):
    """format_map source: fixed cast slots, plus fresh random values for the per-use slots."""

    def __init__(self, fixed: dict[str, str], rng: random.Random, cast: Cast) -> None:
        super().__init__(fixed)
        self.rng = rng
        self.cast = cast

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key == "n":
            return str(rng.randint(2, 19))
        if key == "n2":
            return str(rng.randint(3, 60))
        if key == "big":
            return f"{rng.choice((1, 2, 3, 5, 8, 12, 25, 40, 120, 350))* rng.randint(10, 99):,}"
        if key == "pct":
            value = rng.choice((f"{rng.randint(2, 45)}", f"{rng.randint(1, 19)}.{rng.randint(1, 9)}"))
            return value + ("%" if self.cast.outlet.quotes != "british" else " per cent")
        if key == "money":
            return _money(rng, self.cast.outlet)
        if key == "weekday":
            return rng.choice(WEEKDAYS)
        if key == "month":
            return rng.choice(MONTHS)
        if key == "when":
            return rng.choice(WHEN)
        if key == "score":  # a winning football score
            winner = rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5))
            return f"{winner}-{rng.randrange(winner)}"
        if key == "draw":
            goals = rng.choice((0, 1, 1, 2, 2, 3))
            return f"{goals}-{goals}"
        if key == "soon":
            return rng.choice(SOON)
        if key == "thing":
            return rng.choice(self.cast.topic["things"])
        if key == "qnp":
            return rng.choice(self.cast.topic["qnp"])
        raise KeyError(key)


def _money(rng: random.Random, outlet: Outlet) -> str:
    symbol = {"Europe/London": "£", "Europe/Berlin": "€", "Europe/Paris": "€"}.get(outlet.zone, "$")
    if rng.random() < 0.6:
        amount = (f"{rng.randint(1, 99)}.{rng.randint(1, 9)}" if rng.random() < 0.5
                  else str(rng.randint(2, 900)))
        unit = rng.choice(("m", " million", "bn", " billion")) if symbol == "£" else rng.choice(
            (" million", " billion"))
        return f"{symbol}{amount}{unit}"
    return f"{symbol}{rng.randint(2, 950) * 1000:,}"


def _cast(rng: random.Random, outlet: Outlet, topic_name: str) -> Cast:
    topic = TOPICS[topic_name]
    place, place2 = _place(rng), _place(rng)
    club, club2 = (rng.choice(CLUB_FORMS).format(place=p) for p in (place, place2))
    base = {"place": place, "place2": place2, "country": _country(rng), "club": club, "club2": club2,
            "ministry": rng.choice(MINISTRIES), "party": rng.choice(PARTIES), "outlet": outlet.reference}
    base["org"] = _org(rng, ORG_FORMS_BY_TOPIC[topic_name], base)
    base["org2"] = _org(rng, ORG_FORMS, {**base, "place": place2})
    cast = Cast([], place, place2, base["country"], base["org"], base["org2"], club, club2, base["ministry"],
                base["party"], outlet, topic, base, deque(), deque())
    for _ in range(rng.randint(2, 4)):
        first, last, female = _name(rng)
        role = rng.choice(topic["roles"]).format_map(base)
        # a role names the speaker's sex as often as not ("a spokeswoman for"): keep it consistent
        role = (role.replace("spokesman", "spokeswoman") if female
                else role.replace("spokeswoman", "spokesman"))
        cast.people.append(Person(first, last, role, female))
    return cast


def _next_fact(rng: random.Random, cast: Cast) -> str:
    """Facts are dealt from a shuffled deck per article, so a story repeats itself only when it runs long."""
    deck = cast.topic_deck if rng.random() < 0.65 else cast.generic_deck
    if not deck:
        pool = list(cast.topic["facts"] if deck is cast.topic_deck else GENERIC_FACTS)
        rng.shuffle(pool)
        deck.extend(pool)
    return _capital(_fill(deck.popleft(), rng, cast))


def _fill(template: str, rng: random.Random, cast: Cast) -> str:
    return template.format_map(_Slots(cast.slots, rng, cast))


def _marks(outlet: Outlet) -> tuple[str, str]:
    return {"curly": ("“", "”"), "british": ("‘", "’"), "straight": ('"', '"')}[outlet.quotes]


def _quote_text(rng: random.Random, cast: Cast) -> str:
    opener = rng.choice(QUOTE_OPENERS)
    clause = _fill(rng.choice(QUOTE_CLAUSES), rng, cast)
    text = opener + clause
    text = text[0].upper() + text[1:]
    if rng.random() < 0.45:
        text += ". " + rng.choice(QUOTE_SECONDS)[:-1]
    return text


def _refer(person: Person, outlet: Outlet) -> str:
    """A later mention: surname alone, or with an honorific in outlets whose style uses one."""
    if outlet.honorific:
        title = ("Ms" if person.female else "Mr") + ("." if outlet.honorific.endswith(".") else "")
        return f"{title} {person.last}"
    return person.last


def _introduce(person: Person, rng: random.Random) -> tuple[str, bool]:
    """A first mention as (text, appositive): ``council leader Ann Lee`` or ``Ann Lee, head of X``."""
    person.mentioned = True
    short_title = not person.role.startswith(ARTICLES) and not ROLE_PREPOSITION.search(person.role)
    if short_title and rng.random() < 0.6:
        return f"{person.role} {person.full}", False
    return f"{person.full}, {person.role}", True


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def _quote_paragraph(rng: random.Random, cast: Cast) -> str:
    outlet = cast.outlet
    open_mark, close_mark = _marks(outlet)
    person = rng.choice(cast.people)
    quote = _quote_text(rng, cast)
    verb = _fill(rng.choice(SAID_VERBS), rng, cast)
    if not person.mentioned:
        intro, appositive = _introduce(person, rng)
        form = rng.random()
        if form < 0.45:
            return f"{open_mark}{quote},{close_mark} said {intro}."
        if form < 0.75:
            return f"{_capital(intro)}{',' if appositive else ''} said: {open_mark}{quote}.{close_mark}"
        return f"{open_mark}{quote},{close_mark} {intro}{',' if appositive else ''} {verb}."
    pronoun = "she" if person.female else "he"
    form = rng.random()
    if form < 0.3:
        second = _quote_text(rng, cast)
        return (f"{open_mark}{quote},{close_mark} {_refer(person, outlet)} {verb}. "
                f"{open_mark}{second}.{close_mark}")
    if form < 0.5:
        return f"{open_mark}{quote},{close_mark} {pronoun} {verb}."
    if form < 0.65:
        partial = rng.choice(PARTIAL_QUOTES)
        return (f"{_refer(person, outlet)} described the decision as {open_mark}{partial}{close_mark}, "
                f"adding that {'she' if person.female else 'he'} expected further talks {rng.choice(SOON)}.")
    if form < 0.75:
        # a quotation running over two paragraphs: the first is opened and never closed
        first, second = _quote_text(rng, cast), _quote_text(rng, cast)
        return (f"{open_mark}{first}.{outlet.para_sep}{open_mark}{second},{close_mark} "
                f"{_refer(person, outlet)} said.")
    return f"{open_mark}{quote},{close_mark} {verb} {_refer(person, outlet)}." if verb == "said" else \
        f"{open_mark}{quote},{close_mark} {_refer(person, outlet)} {verb}."


def _fact_paragraph(rng: random.Random, cast: Cast) -> str:
    sentences = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        sentences.append(_next_fact(rng, cast))
    if rng.random() < 0.2:
        # people are also mentioned outside quotes, as in real copy
        person = rng.choice(cast.people)
        if person.mentioned:
            name = _refer(person, cast.outlet)
        else:
            name, appositive = _introduce(person, rng)
            name += "," if appositive else ""
        sentences.append(_capital(_fill(rng.choice(PERSON_FACTS), rng, cast).replace("NAME", name)))
    return " ".join(sentences)


def _body(rng: random.Random, cast: Cast, words: int, published: dt.datetime, agency: str | None) -> str:
    """Paragraphs up to ``words``; agency copy opens with a dateline (``KESSLING, March 3 (AP) -``)."""
    outlet = cast.outlet
    lead = _capital(_fill(rng.choice(cast.topic["leads"]), rng, cast))
    if agency:
        local = published.astimezone(ZONES[outlet.name])
        short = DATELINE_AGENCY.get(agency, agency)
        lead = f"{cast.place.upper()}, {MONTHS[local.month - 1]} {local.day} ({short}) - {lead}"
    paragraphs = [lead]
    count = len(lead.split())
    quote_share = 0.4 if words > 250 else 0.3
    while count < words:
        paragraph = _quote_paragraph(rng, cast) if rng.random() < quote_share else _fact_paragraph(rng, cast)
        paragraphs.append(paragraph)
        count += paragraph.count(" ") + 1
    body = outlet.para_sep.join(paragraphs)
    if outlet.quotes == "straight":
        body = body.replace("’", "'").replace("‘", "'")
    return body


def _headline(rng: random.Random, cast: Cast) -> str:
    title = _fill(rng.choice(cast.topic["headlines"]), rng, cast)
    title = title[0].upper() + title[1:]
    return title.replace("’", "'") if cast.outlet.quotes == "straight" else title


def _byline(rng: random.Random, outlet: Outlet, cast: Cast) -> str | list[str] | None:
    kind = rng.choice(outlet.bylines)
    names = [" ".join(_name(rng)[:2]) for _ in range(3)]
    if kind == "none":
        return None
    if kind == "list":
        return names[:rng.choice((1, 1, 2, 2, 3))]
    if kind == "by":
        return f"By {names[0]}"
    if kind == "by_two":
        return f"By {names[0]} and {names[1]}" if rng.random() < 0.8 else \
            f"By {names[0]}, {names[1]} and {names[2]}"
    if kind == "plain":
        return names[0]
    if kind == "role":
        return f"{names[0]}, {rng.choice(ROLE_TITLES)}" if rng.random() < 0.6 else \
            f"By {names[0]}, {rng.choice(ROLE_TITLES)}"
    if kind == "repeat":
        return f"{names[0].upper()} {names[0]}" if rng.random() < 0.5 else f"{names[0]} {names[0]}"
    if kind == "staff":
        return rng.choice(STAFF_BYLINES)
    if kind == "with_agency":
        return f"{names[0]}, With {rng.choice(('AP', 'Reuters', 'AFP'))}" if rng.random() < 0.5 else \
            f"By {names[0]} with {rng.choice(('AP', 'Reuters', 'AFP'))}"
    if kind == "reporting":
        reporters = " and ".join(names[:rng.choice((1, 1, 2))])
        return f"Reporting by {reporters}; Editing by {names[2]}"
    if kind == "agency":
        return outlet.wire or rng.choice(AGENCIES)
    if kind == "by_in":
        return f"By {names[0]} in {cast.place}"
    raise ValueError(kind)


def _format_date(rng: random.Random, outlet: Outlet, published: dt.datetime) -> tuple[Any, str | None]:
    """(value for the date field, fetched_at) in the outlet's style; fetched_at only for relative dates."""
    local = published.astimezone(ZONES[outlet.name])
    style = outlet.date_style
    if style == "iso_offset":
        return local.isoformat(timespec="seconds"), None
    if style == "iso_z":
        return published.strftime("%Y-%m-%dT%H:%M:%SZ"), None
    if style == "iso_ms_z":
        return published.strftime("%Y-%m-%dT%H:%M:%S.") + f"{published.microsecond // 1000:03d}Z", None
    if style == "rfc2822":
        return email.utils.format_datetime(local), None
    if style == "us_long":
        hour = local.hour % 12 or 12
        return (f"{MONTHS[local.month - 1]} {local.day}, {local.year} {hour}:{local.minute:02d} "
                f"{'AM' if local.hour < 12 else 'PM'} {local.tzname()}"), None
    if style == "ap_style":
        hour = local.hour % 12 or 12
        return (f"{AP_MONTHS[local.month - 1]} {local.day}, {local.year}, {hour}:{local.minute:02d} "
                f"{'a.m.' if local.hour < 12 else 'p.m.'}"), None
    if style == "uk_long":
        return (f"{WEEKDAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]} {local.year} "
                f"{local.hour:02d}.{local.minute:02d} {local.tzname()}"), None
    if style == "uk_day":
        return f"{local.day} {MONTHS[local.month - 1]} {local.year}", None
    if style == "day_only":
        return local.date().isoformat(), None
    if style == "german":
        month = MONTHS_DE[local.month - 1]
        return f"{local.day}. {month} {local.year}, {local.hour}:{local.minute:02d} Uhr", None
    if style == "epoch":
        return int(published.timestamp()), None
    if style == "epoch_ms":
        return int(published.timestamp()) * 1000, None
    if style == "relative":
        hours = rng.randint(1, 23)
        fetched = published + dt.timedelta(hours=hours)
        return (f"{hours} hour{'s' if hours > 1 else ''} ago",
                fetched.strftime("%Y-%m-%dT%H:%M:%SZ"))
    raise ValueError(style)


def _slug(text: str, limit: int = 70) -> str:
    out = []
    for char in text.lower():
        if char.isascii() and char.isalnum():
            out.append(char)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:limit].rstrip("-")


def _article_id(seed: int, index: int) -> str:
    # an odd multiplier is a bijection modulo 2**40, so ids never collide within one corpus
    return f"{((index + 1) * 0x9E3779B1 + seed * 0x632BE5AB) % (1 << 40):010x}"


def _key(seed: int, index: int) -> int:
    return seed * SEED_STRIDE + index


def _is_duplicate(seed: int, index: int, dup_rate: float) -> bool:
    return index > 0 and random.Random(_key(seed, index)).random() < dup_rate


def make_article(seed: int, index: int) -> dict[str, Any]:
    """Article number ``index`` of corpus ``seed``: a JSONL record with the outlet's field names."""
    rng = random.Random(_key(seed, index))
    rng.random()  # the first draw decides duplicates (see _is_duplicate); content starts after it
    outlet = rng.choices(OUTLETS, OUTLET_WEIGHTS)[0]
    topic_name = rng.choices(TOPIC_NAMES, TOPIC_WEIGHTS)[0]
    cast = _cast(rng, outlet, topic_name)
    published = EPOCH_START + dt.timedelta(seconds=rng.randrange(EPOCH_SPAN_SECONDS))
    title = _headline(rng, cast)
    byline = _byline(rng, outlet, cast)
    credit = byline[0] if isinstance(byline, list) and len(byline) == 1 else byline
    agency = outlet.wire or (credit if credit in AGENCIES else None)
    body = _body(rng, cast, target_words(rng), published, agency)
    keys = SCHEMAS[outlet.schema]
    local = published.astimezone(ZONES[outlet.name])
    section = rng.choice(cast.topic["section"])
    path = f"{local:%Y/%m/%d}/" if outlet.date_in_url else ""
    record: dict[str, Any] = {
        keys["url"]: f"https://{outlet.host}/{section}/{path}{_slug(title)}-{_article_id(seed, index)}",
        keys["title"]: title,
    }
    if byline is not None:
        if keys["byline"] == "authors" and isinstance(byline, str):
            byline = [byline]
        elif keys["byline"] != "authors" and isinstance(byline, list):
            byline = " and ".join(byline)
        record[keys["byline"]] = byline
    date_value, fetched = _format_date(rng, outlet, published)
    if rng.random() >= 0.04:  # some records simply carry no date
        record[keys["date"]] = date_value
    elif fetched:
        fetched = None
    record[keys["body"]] = body
    record[keys["source"]] = outlet.name
    if "fetched" in keys or fetched:
        crawl = fetched or (published + dt.timedelta(minutes=rng.randint(5, 4320))).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        record[keys.get("fetched", "fetched_at")] = crawl
    return record


def generate_articles(n: int, seed: int = 1, *,
                      dup_rate: float = DEFAULT_DUP_RATE) -> Iterator[dict[str, Any]]:
    """``n`` records; about ``dup_rate`` of them are exact copies of an earlier record of the stream."""
    for index in range(n):
        if _is_duplicate(seed, index, dup_rate):
            pick = random.Random(_key(seed, index) ^ 0x5DEECE66D)
            original = index - pick.randint(1, min(index, 2000))
            while _is_duplicate(seed, original, dup_rate):  # copy an original, never a copy
                original -= 1
            yield make_article(seed, original)
        else:
            yield make_article(seed, index)


def broken_line(line: str, rng: random.Random) -> str:
    """Invalid JSON as crawlers leave it: a record cut off mid-write, or a stray non-JSON line."""
    kind = rng.random()
    if kind < 0.7:
        return line[:rng.randint(10, max(11, len(line) - 2))]
    if kind < 0.85:
        return line.replace('": "', '": ', 1)
    return rng.choice(("<html><body>502 Bad Gateway</body></html>", "{'url': 'https://", "null,", "}"))


def iter_lines(n: int, seed: int = 1, *, dup_rate: float = DEFAULT_DUP_RATE,
               broken_rate: float = DEFAULT_BROKEN_RATE) -> Iterator[tuple[str, str]]:
    """(kind, line) for every output line: kind is ``article``, ``duplicate`` or ``broken``."""
    for index, record in enumerate(generate_articles(n, seed, dup_rate=dup_rate)):
        kind = "duplicate" if _is_duplicate(seed, index, dup_rate) else "article"
        line = json.dumps(record, ensure_ascii=False)
        yield kind, line
        mishap = random.Random(_key(seed, index) ^ 0x2545F491)
        if mishap.random() < broken_rate:
            yield "broken", broken_line(line, mishap)


@dataclass
class CorpusStats:
    seed: int
    files: list[str]
    lines: int = 0
    records: int = 0
    articles: int = 0
    duplicates: int = 0
    broken: int = 0
    words: int = 0
    bytes_uncompressed: int = 0
    seconds: float = 0.0
    generator_version: str = GENERATOR_VERSION


def _gzip_text(stack: contextlib.ExitStack, path: Path, compresslevel: int) -> io.TextIOWrapper:
    # mtime=0 and no file name in the gzip header: the same seed gives byte-identical files
    raw = stack.enter_context(path.open("wb"))
    binary = stack.enter_context(gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                               compresslevel=compresslevel))
    return io.TextIOWrapper(binary, encoding="utf-8", newline="\n")


def write_corpus(out_dir: str | Path, n: int, seed: int = 1, files: int = 8, *,
                 dup_rate: float = DEFAULT_DUP_RATE, broken_rate: float = DEFAULT_BROKEN_RATE,
                 compresslevel: int = 5) -> CorpusStats:
    """Stream ``n`` records (plus broken lines) into ``files`` gzip JSONL files; write manifest.json."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = [f"articles-{k:05d}.jsonl.gz" for k in range(files)]
    stats = CorpusStats(seed=seed, files=names)
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        handles = [stack.enter_context(_gzip_text(stack, out / name, compresslevel)) for name in names]
        for position, (kind, line) in enumerate(iter_lines(n, seed, dup_rate=dup_rate,
                                                           broken_rate=broken_rate)):
            handles[position % files].write(line + "\n")
            stats.lines += 1
            stats.bytes_uncompressed += len(line) + 1
            if kind == "broken":
                stats.broken += 1
                continue
            stats.records += 1
            if kind == "duplicate":
                stats.duplicates += 1
            else:
                stats.articles += 1
                stats.words += line.count(" ")  # close enough for a words/s figure, and cheap
    stats.seconds = round(time.perf_counter() - started, 3)
    (out / "manifest.json").write_text(json.dumps(asdict(stats), indent=2) + "\n", encoding="utf-8")
    return stats


def cached_corpus(work: str | Path, n: int, files: int, seed: int = 1) -> Path:
    """A generated corpus under ``work``, written on first use and kept for the next benchmark run.

    The folder is named after everything that shapes the corpus (size, files, seed, generator version):
    work is split per file, so a corpus reused with another file count would change what is measured.
    """
    folder = Path(work) / f"corpus-{n}-{files}f-s{seed}-v{GENERATOR_VERSION}"
    if not (folder / "manifest.json").is_file():
        print(f"  generating {n:,} articles in {files} files ...", file=sys.stderr, flush=True)
        write_corpus(folder, n, seed=seed, files=files)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a benchmark corpus of invented news articles.")
    parser.add_argument("--articles", type=int, default=10_000, help="records to write (default 10000)")
    parser.add_argument("--out", type=Path, default=Path("bench-data"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--dup-rate", type=float, default=DEFAULT_DUP_RATE)
    parser.add_argument("--broken-rate", type=float, default=DEFAULT_BROKEN_RATE)
    args = parser.parse_args(argv)
    if args.articles < 0 or args.files < 1:
        parser.error("--articles must be >= 0 and --files >= 1")
    stats = write_corpus(args.out, args.articles, args.seed, args.files, dup_rate=args.dup_rate,
                         broken_rate=args.broken_rate)
    rate = stats.records / stats.seconds if stats.seconds else float("inf")
    print(f"wrote {stats.lines:,} lines to {args.out}/ in {len(stats.files)} files: "
          f"{stats.articles:,} articles, "
          f"{stats.duplicates:,} duplicates, {stats.broken:,} broken lines, "
          f"{stats.bytes_uncompressed / 1e6:,.1f} MB uncompressed, {stats.seconds:.1f} s "
          f"({rate:,.0f} records/s)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
