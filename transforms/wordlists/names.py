"""Words around and inside person names: honorifics, job titles, name particles.

Every entry is lower case and written without a final full stop ("mr" stands for "Mr" and "Mr.");
multi-word titles are single strings with one space ("prime minister"). Use the accessors, which
normalise a word the same way, rather than testing membership by hand.
"""
from __future__ import annotations

from collections.abc import Sequence

# --------------------------------------------------------------------------- honorifics
# Forms of address before a name, with the gender they imply ("m", "f") or None when they imply none.
HONORIFIC_GENDER: dict[str, str | None] = {
    # English
    "mr": "m", "mister": "m", "sir": "m", "lord": "m",
    "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "dame": "f", "lady": "f",
    "mx": None, "dr": None, "doctor": None, "prof": None, "professor": None, "hon": None,
    # religious
    "rev": None, "revd": None, "reverend": None, "fr": "m", "father": "m", "brother": "m", "sister": "f",
    "pastor": None, "bishop": None, "archbishop": None, "cardinal": "m", "pope": "m",
    "monsignor": "m", "rabbi": None, "imam": "m", "ayatollah": "m", "mullah": "m", "sheikh": "m",
    "sheik": "m", "sheikha": "f",
    # nobility and royalty
    "king": "m", "queen": "f", "prince": "m", "princess": "f", "duke": "m", "duchess": "f", "earl": "m",
    "count": "m", "countess": "f", "baron": "m", "baroness": "f", "emir": "m", "sultan": "m",
    # other languages
    "herr": "m", "frau": "f", "fräulein": "f", "m": "m", "monsieur": "m", "mme": "f", "madame": "f",
    "mlle": "f", "mademoiselle": "f", "señor": "m", "senor": "m", "sr": "m", "señora": "f", "senora": "f",
    "sra": "f", "señorita": "f", "senorita": "f", "srta": "f", "signor": "m", "sig": "m", "signora": "f",
    "sig.ra": "f", "signorina": "f", "doña": "f",
}
HONORIFICS = frozenset(HONORIFIC_GENDER)
# One-letter honorifics ("M. Macron") read like an initial ("M. Smith"): only trust them where an
# initial cannot stand, so name cleaners that strip honorifics leave these out.
INITIAL_LIKE_HONORIFICS = frozenset(h for h in HONORIFICS if len(h) == 1)

# --------------------------------------------------------------------------- job and role titles
# Jobs of the media: written before a name ("Political Editor Jane Doe") and, in credit lines, after it
# ("Jane Doe, Correspondent").
MEDIA_TITLES = frozenset({
    "editor", "editor-at-large", "editor-in-chief", "writer", "correspondent", "reporter", "columnist",
    "contributor", "journalist", "producer", "photographer", "critic", "blogger", "host", "anchor",
    "presenter", "commentator", "author", "staffer", "stringer",
})
# Titles written before a name ("Senator Jane Doe", "Prime Minister Keir Starmer", "Coach Jim Smith",
# "Trader Bernadette Doyle"). They are never part of the canonical name.
JOB_TITLES = frozenset({
    # government and politics
    "president", "pres", "vice president", "vice-president", "prime minister", "premier", "chancellor",
    "vice chancellor", "minister", "deputy prime minister", "first minister", "chief minister",
    "foreign minister", "finance minister", "defence minister", "defense minister", "interior minister",
    "health minister", "home secretary", "foreign secretary", "secretary", "secretary of state",
    "secretary-general", "secretary general", "undersecretary", "under secretary", "senator", "sen",
    "representative", "rep", "congressman", "congresswoman", "assemblyman", "assemblywoman", "councillor",
    "councilor", "councilman", "councilwoman", "alderman", "governor", "gov", "lieutenant governor",
    "mayor", "lord mayor", "deputy mayor", "speaker", "chairman", "chairwoman", "chairperson", "chair",
    "ambassador", "envoy", "consul", "commissioner", "attorney general", "solicitor general",
    "prosecutor", "district attorney", "mp", "mep", "party leader", "leader", "opposition leader",
    "delegate", "nominee", "candidate", "hopeful", "front-runner", "frontrunner", "presidential",
    "official", "spokesman", "spokeswoman", "spokesperson", "press secretary", "adviser", "advisor",
    "aide", "diplomat", "activist", "organizer", "organiser", "campaigner",
    # law
    "judge", "justice", "chief justice", "magistrate", "lawyer", "attorney", "barrister", "solicitor",
    # military and police
    "general", "gen", "lieutenant general", "major general", "brigadier", "colonel", "col",
    "lieutenant colonel", "lt col", "major", "maj", "captain", "capt", "lieutenant", "lt", "sergeant",
    "sgt", "corporal", "cpl", "private", "pte", "admiral", "adm", "rear admiral", "vice admiral",
    "commander", "cmdr", "cdr", "marshal", "field marshal", "commodore", "officer", "police officer",
    "detective", "det", "inspector", "chief inspector", "superintendent", "supt", "constable", "pc",
    "sheriff", "deputy", "trooper", "chief constable", "police chief", "fire chief",
    # business and institutions
    "chief executive", "chief executive officer", "ceo", "cfo", "cto", "coo", "chief financial officer",
    "chief operating officer", "executive", "managing director", "director", "founder", "co-founder",
    "cofounder", "owner", "boss", "head", "chief", "manager", "general manager", "partner", "trader",
    "broker", "analyst", "economist", "strategist", "banker", "investor", "entrepreneur", "consultant",
    "specialist", "expert", "researcher", "scientist", "engineer", "pollster", "dean", "principal",
    "rector", "provost", "lecturer", "teacher", "student", "fellow", "intern",
    # sport
    "coach", "head coach", "assistant coach", "skipper", "striker", "midfielder",
    "defender", "goalkeeper", "keeper", "goalie", "fullback", "centre", "center", "winger", "forward",
    "wing", "flanker", "prop", "hooker", "lock", "scrumhalf", "scrum-half", "fly-half", "flyhalf",
    "pitcher", "catcher", "shortstop", "outfielder", "infielder", "quarterback", "linebacker",
    "receiver", "running back", "defenceman", "defenseman", "guard", "opener", "all-rounder",
    "batsman", "batter", "bowler", "spinner", "off-spinner", "leg-spinner", "paceman", "seamer",
    "wicketkeeper", "wicket-keeper", "jockey", "trainer", "driver", "rider", "veteran", "rookie",
    "champion", "defending champion", "teammate", "team-mate", "referee", "umpire",
    # other occupations often written before a name in news
    "nurse", "surgeon", "physician", "paramedic", "farmer", "worker", "firefighter", "pilot", "chef",
    "artist", "singer", "actor", "actress", "novelist", "poet", "historian", "architect",
    "resident", "neighbour", "neighbor", "witness", "survivor", "shopkeeper", "landlord", "tenant",
    # other languages
    "bundeskanzler", "bundeskanzlerin", "kanzler", "kanzlerin", "ministerpräsident",
    "ministerpräsidentin", "bundespräsident", "bundespräsidentin", "präsident", "präsidentin",
    "bürgermeister", "bürgermeisterin", "sprecher", "sprecherin", "geschäftsführer", "geschäftsführerin",
    "président", "présidente", "ministre", "premier ministre", "maire", "porte-parole", "presidente",
    "ministro", "ministra", "alcalde", "alcaldesa", "portavoz", "sindaco",
}) | MEDIA_TITLES
# Words that qualify a title ("former Prime Minister", "acting chief executive", "then-Senator").
TITLE_MODIFIERS = frozenset({
    "former", "ex", "then", "late", "acting", "interim", "retired", "current", "incoming", "outgoing",
    "deputy", "vice", "assistant", "associate", "senior", "junior", "chief", "shadow", "newly", "elected",
    "designate", "joint", "lead", "principal", "executive", "general", "first", "democratic", "republican",
    "labour", "conservative", "liberal", "independent",
})
# Every single word found in a title or modifier, for scanners that walk a token at a time.
TITLE_WORDS = frozenset(w for t in JOB_TITLES | TITLE_MODIFIERS for w in t.split())
MAX_TITLE_WORDS = max(len(t.split()) for t in JOB_TITLES)

# --------------------------------------------------------------------------- abbreviations
# Honorifics and titles written abbreviated ("Mr", "Sen.", "Lt"). Abbreviations that are also other
# words or the start of a company's name ("Hon Hai", "SIG Sauer", "DET" for Detroit) are left out.
ABBREVIATED_TITLES = frozenset({
    "mr", "mrs", "ms", "mx", "dr", "prof", "rev", "revd", "fr", "mme", "mlle", "sen", "rep", "gov", "pres",
    "gen", "col", "maj", "capt", "lt", "sgt", "cpl", "pte", "adm", "cmdr", "cdr", "supt",
})
# Titles that never begin a name or an organisation's name, so they may be stripped from the front of
# any span, not only a person's: the abbreviations and the honorifics nobody is named after.
ALWAYS_TITLES = ABBREVIATED_TITLES | {"miss", "sir", "dame"}

# --------------------------------------------------------------------------- particles
# Lower-case particles that belong inside or at the front of names ("Danie van Schalkwyk",
# "de Silva", "Osama bin Laden", "José Ortega y Gasset"). They do not count as name words.
NAME_PARTICLES = frozenset({
    "de", "del", "della", "delle", "dei", "degli", "di", "da", "das", "do", "dos", "du", "des", "la", "le",
    "les", "lo", "van", "von", "der", "den", "ter", "ten", "te", "op", "'t", "zu", "af", "av",
    "bin", "bint", "ben", "ibn", "abu", "al", "el", "ul", "y", "e", "wa", "st.", "st", "mac", "ap",
})
# Particles that are also a capitalised part of a surname ("Mac Donald", "St Clair") or a credit word
# ("AP"; Norwegian "av" is "by"): cleaners that re-case ALL-CAPS names or read credit lines leave them out.
RECASE_UNSAFE_PARTICLES = frozenset({"mac", "st", "ap", "av"})
# Particles glued to the name with a hyphen: "al-Assad", "el-Sisi", "ash-Shara".
GLUED_PARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "at-", "az-", "ar-", "an-", "ul-")
# Generational suffixes that end a name and are not its surname ("Ken Griffey Jr.").
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "snr", "jnr"})


# --------------------------------------------------------------------------- accessors
def _norm(word: str) -> str:
    return " ".join(word.casefold().replace("’", "'").split()).rstrip(".")


def is_honorific(word: str) -> bool:
    """'Mr', 'Mrs.', 'Frau', 'M.': a form of address."""
    return _norm(word) in HONORIFIC_GENDER


def honorific_gender(word: str) -> str | None:
    """'m' for 'Mr', 'f' for 'Mrs.', None for 'Dr' or for a word that is no honorific."""
    return HONORIFIC_GENDER.get(_norm(word))


def is_job_title(text: str) -> bool:
    """'President', 'prime minister', 'Sen.', 'chief executive': a title written before names."""
    return _norm(text) in JOB_TITLES


def is_name_particle(word: str) -> bool:
    """'van', 'de', 'bin' written in lower case; a capitalised 'Van' opens a name and is not one."""
    return word[:1].islower() and word.casefold() in NAME_PARTICLES


def leading_title_length(words: Sequence[str]) -> int:
    """How many of the first ``words`` are honorifics, titles and their modifiers.

    ``["Former", "Prime", "Minister", "Keir", "Starmer"]`` -> 3, ``["Ms", "Vance"]`` -> 1,
    ``["Keir", "Starmer"]`` -> 0. Titles are matched longest first; modifiers count only in front of
    a title ("Former Liverpool striker" is not matched past "Former"). Hyphenated prefixes are split
    ("then-Senator", "ex-President").
    """
    norm = []
    for w in words:
        parts = w.split("-", 1)
        if len(parts) == 2 and _norm(parts[0]) in TITLE_MODIFIERS and _norm(parts[1]) in JOB_TITLES | HONORIFICS:
            norm.append((_norm(parts[0]) + " " + _norm(parts[1]), True))
        else:
            norm.append((_norm(w), False))
    i = n_title = 0
    while i < len(norm):
        word, glued = norm[i]
        if glued:
            i += 1
            n_title = i
            continue
        for size in range(min(MAX_TITLE_WORDS, len(norm) - i), 0, -1):
            phrase = " ".join(w for w, _ in norm[i:i + size])
            if phrase in JOB_TITLES or (size == 1 and phrase in HONORIFICS):
                i += size
                n_title = i
                break
        else:
            if word in TITLE_MODIFIERS:
                i += 1
                continue
            break
    return n_title
