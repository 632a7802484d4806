"""Word lists and patterns of the entity rules (the person-name lists are shared: ``transforms.wordlists``)."""
from __future__ import annotations

import re

from transforms.wordlists import names as name_lists

# Titles that precede a name and are not part of it ("Sir Keir Starmer" is "Keir Starmer", "Fullback Andre
# Joubert" is "Andre Joubert"): the shared honorifics and one-word job titles. One-letter honorifics
# ("M.") read like initials and are left out.
NAME_TITLES = (name_lists.HONORIFICS - name_lists.INITIAL_LIKE_HONORIFICS) | name_lists.JOB_TITLES
PERSON_TITLES = frozenset(t for t in NAME_TITLES if " " not in t)
# The abbreviated titles are stripped from any tagged span; the others only from a person's.
SHORT_TITLES = name_lists.ALWAYS_TITLES
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "his", "her",
                         "their", "our", "my", "your"})
# Function words that open sentences: a propagated single-word name that is also one of these is only
# trusted mid-sentence ("Such" the bowler vs. "Such a result ...").
FUNCTION_WORDS = frozenset(re.findall(r"\w+", """
    a about above after again against all also although am among an and another any are as at be
    because been before being below between both but by can could did do does doing down during each
    either every few for from further had has have having he her here hers him his how however i if in
    into is it its just last least less many may me might more most much must my neither never no nor
    not now of off on once one only or other our out over own per same she should since so some such
    than that the their them then there these they this those though through to too under until up upon
    very was we well were what when where whether which while who whom whose why will with within
    without would yet you your
"""))
# Words a tagger takes for a name when they stand alone, capitalised, at the start of a table row or a
# section heading ("Men's singles", "Total 228", "Attendance: 9,402"): never an entity on their own.
GENERIC_WORDS = frozenset({
    "men", "women", "boys", "girls", "juniors", "seniors", "veterans", "total", "totals", "extras",
    "attendance", "scorer", "scorers", "division", "round", "group", "result", "results", "standings",
    "points", "pts", "avg", "average", "winner", "winners", "note", "notes", "next", "previous", "source",
})
# Prepositions and conjunctions that open a sentence and get swept into a tagged span ("On November").
LEADING_JUNK = frozenset({"on", "in", "at", "for", "but", "and", "or", "from", "by", "as", "if", "when",
                          "while", "after", "before", "since", "during", "into", "to", "with", "although"})
# Calendar words open many table lines ("May 15 v Kent") and tagged spans ("August Chicago NAPM").
CALENDAR_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})
# Lower-case particles that belong inside or at the front of names ("Danie van Schalkwyk", "de Silva").
NAME_PARTICLES = name_lists.NAME_PARTICLES
ORG_SUFFIXES = frozenset({"inc", "ltd", "llc", "plc", "corp", "co", "company", "ag", "sa", "nv", "bv",
                          "gmbh", "spa", "ab", "as", "oy", "pty", "lp", "llp", "kg", "bhd", "tbk"})
# Words that make a capitalised run an organisation or a place rather than a person.
NON_PERSON_WORDS = frozenset({
    "bank", "club", "united", "city", "county", "rovers", "athletic", "association", "federation",
    "party", "council", "university", "college", "school", "institute", "ministry", "agency", "group",
    "league", "union", "company", "corporation", "holdings", "airlines", "airways", "news", "times",
    "post", "journal", "committee", "commission", "court", "office", "house", "department", "church",
    "hospital", "republic", "kingdom", "state", "states", "islands", "island", "river", "sea", "ocean",
    "mountains", "airport", "stadium", "park", "street", "road", "square", "bridge", "cup", "open",
    "championship", "championships", "games", "grand", "prix", "tour", "trophy", "series", "index",
    "exchange", "market", "fund", "trust", "foundation", "society", "army", "navy", "force", "forces",
    "police", "service", "services", "television", "radio", "press", "newspaper", "daily", "weekly",
    "international", "national", "world", "north", "south", "east", "west", "central", "new",
    "medical", "pharmaceutical", "pharmaceuticals", "systems", "computer", "computers", "energy", "motors",
    "steel", "oil", "electric", "capital", "securities", "partners", "financial", "industries",
    "technologies", "technology", "communications", "media", "controls", "bancorp", "bancshares", "brothers",
    "bros", "associates", "insurance", "investments", "resources", "mining", "hotel", "hotels",
})
# The organisational words that are also surnames often enough ("Kanye West", "Margaret Court") that a
# name holding one may still be a person's.
SURNAME_LIKE_WORDS = frozenset({"north", "south", "east", "west", "new", "house", "post", "bank", "park", "street",
                                "court", "church", "press", "times", "state", "grand", "island", "brothers",
                                "bros", "cup", "open", "tour", "price", "union", "police", "service"})
ORG_ONLY_WORDS = NON_PERSON_WORDS - SURNAME_LIKE_WORDS
# In results tables and match reports, these connect two teams (or two players).
MATCH_VERBS = ("beat", "beats", "defeated", "defeat", "defeats", "drew with", "draw with", "lost to",
               "lose to", "loses to", "edged", "thrashed", "crushed", "routed", "v", "vs", "vs.", "versus")

FIXTURE_WORDS = frozenset({"v", "vs", "vs.", "versus", "at"})
MATCH_VERB = re.compile(r"(?<=\S) (?:" + "|".join(re.escape(v) for v in sorted(MATCH_VERBS, key=len, reverse=True))
                        + r") (?=\S)")
# A line that can be a results, standings or fixtures line: it has a digit or a fixture connector.
TABLE_HINT = re.compile(r"\d|\s(?:v|vs\.?|versus|at|AT)\s")

# ', who was honoured', ', who said': a relative 'who' after a name is said of people, not of places
WHO_AFTER = re.compile(r",?\s+who\s+(?:(?:[a-z]+ly|both|also|then|later|once)\s+)?"
                       r"(?:is|was|has|had|will|would|said|says|told|[a-z]+ed)\b")
CUE_WEIGHT = 3            # one telling word before a name outweighs a few tagger votes
ORG_CUE = re.compile(
    r"\b(?:company|firm|group|bank|unit|carrier|airline|maker|giant|retailer|subsidiary|conglomerate|"
    r"newspaper|daily|agency|broadcaster|insurer|lender|operator|manufacturer|chain|brewer|miner|"
    r"exporter|developer|automaker|carmaker|club|outfit)\s+$")
# A title written right before a name ("Mr", "Senator", "Prime Minister", "Coach"), capitalised as in running text.
TITLE_CUE = re.compile(r"\b(?:" + "|".join(
    re.escape(" ".join(w[:1].upper() + w[1:] for w in t.split()))
    for t in sorted(NAME_TITLES, key=len, reverse=True)) + r")\.?[ \t]+$")   # on the name's own line
# A line-up item, "13 - Pavel Pardo": three on one line make it a list of people.
LINEUP_ITEM = re.compile(r"\b\d{1,2} - [A-Z]")
PLACE_PREPOSITION = re.compile(r"\b(?:in|at|near|from|to|outside|across|around|of)\s+(?:the\s+)?$", re.I)
SPORTS_WORDS = re.compile(
    r"\b(?:goals?|scored|striker|midfielder|goalkeeper|halftime|half-time|innings|wickets?|batsman|bowler|"
    r"championship|league|semifinal|quarter-final|playoffs?|coach|season|match|matches|fixtures?|"
    r"penalty|touchdown|inning|homers?|pitcher|rugby|soccer|cricket|tennis|golf|cycling|athletics)\b", re.I)

MAX_NAME_CHARS = 120      # longer tagged or rule spans are noise: 'Name (Country)' lists, runs of capitals

# --------------------------------------------------------------------------- precompiled patterns
WORD = re.compile(r"[^\W_](?:[\w'’.&-]*[^\W_])?\.?")
LINE = re.compile(r"[^\n]+")
FAST_WORD = re.compile(r"\w[\w'’.&-]*")         # WORD without its backtracking, for scanning whole bodies
# "J. Smith", "J.J. Smith", "T.O'Gorman": an initial is a capital with a dot; surname a capitalised word.
INITIAL_NAME = re.compile(
    r"(?<![\w.&])(?:[A-Z]\. ?){1,2}(?:[A-Z]\.)? ?(?:(?:Mc|Mac|O'|O’|D'|De|Van|Le|La)?[A-Z][a-z]+)"
    r"(?:[-'’][A-Z][a-z]+)*(?![\w.]|'s|’s)"
)
# Reuters/AP style dateline: an ALL-CAPS place at the start of a line, then a date or an agency.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3})"
    r"(?:, (?P<region>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?))?"
    r"(?= \d{4}-\d\d-\d\d| \d{1,2}/\d{1,2}/\d{2,4}| \([A-Z][A-Za-z]+\))",
    re.M,
)
COMPETITOR = re.compile(
    r"(?<![\w.'’-])(?P<name>[A-Z][\w'’.-]*[a-z][\w'’-]*"
    r"(?: (?:[A-Z][\w'’.-]*|de|van|von|da|di|le|la|del|der)){1,3})"
    r" \((?P<country>[A-Z][\w.]*(?: [A-Z][\w.]*){0,2})\)"
)
NUMBERISH = re.compile(r"^[(\[]?[-+]?[\d][\d.,:/\-–]*[)\],;.]*$|^[(\[]?\d+(?:st|nd|rd|th)[)\],;.]*$")
TABLE_NUMBER = re.compile(r"^\d{1,3}(?:-\d{1,3}){0,3}[,;:.]?$|^\.\d{3}$")   # 2, 4-38, 429-7, .560
SCORE_TOKEN = re.compile(r"^(?!\d{4}-\d\d-\d\d)[(\[]?\d[\d.\-–/]*[)\],;:.]*$")
PAREN_TAG = re.compile(r"^\([A-Z]{1,3}\)[,;:.]?$")            # "Rad (B)": a club's town tag in tables
POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
SEPARATOR = re.compile(
    r"\n+|\s[-–—]+\s|\s*\(|\)|;\s|:\s|\"|“|”|\t|\s{2,}"
    r"|\s(?:at|or|against|beat|v|vs\.?)\s"                                 # two names joined by a word
    r"|(?<=\s)\d[\d.,:\-–/]*(?=\s+[A-Z])"                                   # "Pohang 3 Ulsan": a score
    r"|(?<=\w)['’]s\s(?=[A-Z](?!.*\b(?:Inc|Corp|Co|Ltd|Plc|LLC|SA|AG|NV)\b\.?$))"  # "London's FTSE": two names
    r"|^(?:ex|pro|anti|non|post|pre|mid|neo|pan)-(?=[A-Z])"                # "ex-England"
)
ORG_OF = re.compile(r"\b(?:Inc|Ltd|Corp|Co|Plc|LLC)\.?(\s+of\s)")          # "X Inc of Dallas": two names
COMMA_SPLIT = re.compile(r",\s+(?!(?:Inc|Ltd|LLC|Plc|PLC|Corp|Co|Jr|Sr|S\.A|N\.V|AG|SA|NV|L\.P)\b)")
ASCII_FOLD = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})

# --------------------------------------------------------------------------- not people
# Last words that make a name a street or a venue ("Downing Street", "Wembley Stadium"). The first set is
# never a surname; the second is one often enough ("Stuart Hall", "Sally Field") that a name opening
# with a given name keeps its person reading.
VENUE_WORDS = frozenset({
    "street", "st", "road", "rd", "avenue", "ave", "boulevard", "blvd", "square", "sq", "plaza", "highway",
    "motorway", "expressway", "stadium", "arena", "velodrome", "racecourse", "speedway", "airport",
    "station", "prison", "jail", "gaol", "hospital", "cathedral", "mosque", "synagogue", "theatre",
    "theater", "museum", "gallery", "library", "mall", "hotel", "cinema", "campus", "barracks",
})
AMBIGUOUS_VENUE_WORDS = frozenset({
    "hall", "park", "field", "fields", "lane", "way", "church", "centre", "center", "ground", "temple",
    "chapel", "house", "court", "terrace", "castle", "bridge", "tower", "towers", "palace", "gardens",
    "abbey", "pub",
})
# Last words that make a name a sports team ("Leeds United", "Bolton Wanderers").
TEAM_WORDS = frozenset({"united", "city", "rovers", "wanderers", "athletic", "athletico", "atletico", "albion",
                        "hotspur", "fc", "afc", "cf", "sc", "rangers", "town", "county", "argyle", "orient"})
# Reporting verbs a tagger reads as a name when they open a sentence ("Said the minister: ...").
REPORTING_VERBS = frozenset({
    "said", "says", "added", "adds", "asked", "asks", "told", "tells", "wrote", "writes", "noted", "notes",
    "explained", "explains", "insisted", "insists", "argued", "argues", "warned", "warns", "claimed",
    "claims", "replied", "replies", "continued", "continues", "recalled", "recalls", "stated", "states",
    "according", "speaking", "asking", "adding", "saying", "responding", "commenting",
})
# A name followed by a lower-case job title and another name is the person's employer, party, team or
# nationality, not a person: "Ericsson spokesman Per Lund", "Warwickshire captain Tim Munton".
_ACRONYM_TITLES = {t.upper() for t in name_lists.JOB_TITLES if len(t) <= 3 and " " not in t}   # "CEO", "MP"
_LOWER_TITLES = sorted(set(name_lists.JOB_TITLES) | _ACRONYM_TITLES, key=len, reverse=True)
_LOWER_MODIFIERS = sorted(name_lists.TITLE_MODIFIERS, key=len, reverse=True)
EMPLOYER_CUE = re.compile(
    r"[ \t]+(?:(?:" + "|".join(map(re.escape, _LOWER_MODIFIERS)) + r")[ \t-]+){0,2}"
    r"(?:" + "|".join(re.escape(t).replace(r"\ ", r"[ \t]+") for t in _LOWER_TITLES) + r")"
    r"[ \t]+[A-Z]")
