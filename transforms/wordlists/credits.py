"""Words of credit lines: news agencies, desks, organisations, publications, page furniture, job titles.

Data for ``transforms.bylines``; the rules that use them live there. Lists shared with the other text
stages (name particles, job titles of the media) come from ``transforms.wordlists.names``. Entries are
lower case unless a list says otherwise.
"""
from __future__ import annotations

import re

from transforms.wordlists.names import MEDIA_TITLES

# and national agencies: a match here is a strong signal that the fragment is not a person.
AGENCY_ALIASES: dict[str, tuple[str, ...]] = {
    "Reuters": ("reuters", "thomson reuters", "reuters staff", "reuters news agency"),
    "AP": ("ap", "a.p.", "associated press", "the associated press", "ap staff"),
    "AFP": ("afp", "agence france-presse", "agence france presse", "a.f.p."),
    "PA Media": ("pa", "pa media", "press association", "the press association", "pa wire"),
    "dpa": ("dpa", "deutsche presse-agentur", "dpa-afx", "dpa-infocom"),
    "Bloomberg": ("bloomberg", "bloomberg news"),
    "UPI": ("upi", "united press international"),
    "ANSA": ("ansa",),
    "EFE": ("efe", "agencia efe"),
    "Europa Press": ("europa press",),
    "Kyodo": ("kyodo", "kyodo news"),
    "Jiji Press": ("jiji", "jiji press"),
    "Xinhua": ("xinhua", "xinhua news agency"),
    "TASS": ("tass", "itar-tass"),
    "RIA Novosti": ("ria novosti",),
    "Interfax": ("interfax",),
    "Ukrinform": ("ukrinform",),
    "Yonhap": ("yonhap", "yonhap news agency"),
    "PTI": ("pti", "press trust of india"),
    "IANS": ("ians",),
    "ANI": ("ani",),
    "AAP": ("aap", "australian associated press"),
    "The Canadian Press": ("cp", "the canadian press", "canadian press"),
    "ANP": ("anp",),
    "Belga": ("belga",),
    "APA": ("apa", "austria presse agentur"),
    "SDA": ("sda", "keystone-sda", "sda-ats", "schweizerische depeschenagentur"),
    "KNA": ("kna", "katholische nachrichten-agentur"),
    "epd": ("epd", "evangelischer pressedienst"),
    "dapd": ("dapd",),
    "ddp": ("ddp",),
    "SID": ("sid", "sport-informations-dienst"),
    "AFX": ("afx",),
    "dts": ("dts", "dts nachrichtenagentur"),
    "Anadolu Agency": ("anadolu", "anadolu agency"),
    "IRNA": ("irna",),
    "PAP": ("pap",),
    "ČTK": ("čtk", "ctk"),
    "MTI": ("mti",),
    "NTB": ("ntb",),
    "TT": ("tt",),
    "Ritzau": ("ritzau",),
    "STT": ("stt",),
    "Bernama": ("bernama",),
    "Antara": ("antara",),
    "CNA": ("cna",),
    "Agencies": ("agencies", "agency", "news agencies", "wires", "wire services", "wire reports",
                 "agenturen", "agentur", "nachrichtenagenturen", "agences", "agencias"),
}

# "red" / "red." is the German newsroom's abbreviation for "Redaktion" ("Autor: red").
DESK_ABBREVIATIONS = frozenset({"red", "red.", "Red.", "RED", "Red"})
DESK_HEADS = frozenset({
    "staff", "newsroom", "newsdesk", "desk", "redaktion", "redaktionsteam", "onlineredaktion",
    "online-redaktion", "nachrichtenredaktion", "team", "rédaction", "redacción", "redazione", "redactie",
    "webdesk", "board", "editorial",
})

# Words that make a credit an organisation: publications, companies, institutions ("Lebensmittel Praxis"
# is not caught, "Hildesheimer Presse" and "Deutsches Weininstitut GmbH" are).
ORG_WORDS = frozenset({
    "presse", "press", "news", "nachrichten", "magazin", "magazine", "zeitung", "zeitschrift", "times",
    "tribune", "herald", "journal", "gazette", "chronicle", "daily", "weekly", "media", "medien", "verlag",
    "verlagsgruppe", "publishing", "publishers", "gmbh", "ag", "kg", "ev", "e.v.", "inc", "inc.", "ltd",
    "ltd.", "llc", "plc", "corp", "corp.", "institut", "institute", "foundation", "stiftung", "verband",
    "verein", "university", "universität", "hochschule", "group", "gruppe", "online", "tv", "radio",
    "network", "netzwerk", "agency", "agentur", "club", "society", "gesellschaft", "association",
    "council", "ministry", "ministerium", "department", "partei", "party", "church", "kirche", "bistum",
    "erzbistum", "company", "solutions", "germany", "deutschland", "österreich", "schweiz", "austria",
    "switzerland", "official", "services", "community", "insider", "portal", "blog", "shop", "store",
    "center", "centre", "zentrum", "office", "studio", "studios", "productions", "redaktion", "staff",
    "collectif", "collective", "kollektiv", "kitchen", "kitchens", "deutsche", "deutsches", "deutscher",
    "österreichische", "österreichischer", "österreichisches", "schweizerische", "schweizerischer",
    "europäische", "europäischer", "bayerische", "bayerischer", "internationale", "nationale", "federal",
    "national", "united",
    "newsroom", "newsdesk", "desk", "team", "editorial", "magazin.de", "e.v", "ggmbh", "mbh", "sa", "s.a.",
    "srl", "bv", "nv", "a/s", "spa", "s.p.a.", "limited", "holding", "holdings",
    "international", "worldwide", "global", "consulting", "marketing", "pr", "kommunikation",
    "communications", "software", "technologies", "technology", "systems", "labs", "ventures",
    "capital", "partners", "bureau", "büro", "amt", "behörde", "polizei", "police", "feuerwehr",
    "government", "regierung", "landkreis", "stadt", "gemeinde", "city", "county", "state",
})
# German compounds ending in an organisation word ("Tagespresse", "Weininstitut", "Bundesministerium").
ORG_SUFFIX = re.compile(
    r"(?:presse|zeitung|verlag|magazin|verband|verein|institut|ministerium|nachrichten|redaktion|news|"
    r"medien|gesellschaft|stiftung|zentrum|agentur|insider|portal|kirche|bistum|gruppe|behörde|amt|"
    r"anstalt|schaft|verwaltung|kammer|dienst|gemeinde|fraktion|partei|ministerium|sender|rundfunk|team)$",
    re.IGNORECASE,
)

# Nouns that end the name of a newspaper, magazine or broadcaster ("Kessling Gazette", "Evening Standard",
# "Herald Sun", "Hafener Anzeiger"). Only consulted for a publication credited with a job title and no person
# ("Gazette Reporter", "Daily Telegraph Staff Writer"): elsewhere several of them are also surnames.
PUBLICATION_NOUNS = frozenset({
    "gazette", "times", "herald", "tribune", "journal", "chronicle", "post", "telegraph", "express", "mirror",
    "standard", "guardian", "observer", "independent", "courier", "examiner", "inquirer", "enquirer",
    "sentinel", "monitor", "globe", "star", "sun", "mail", "record", "register", "bulletin", "dispatch",
    "echo", "argus", "advertiser", "mercury", "messenger", "recorder", "review", "press", "news", "daily",
    "weekly", "magazine", "newspaper", "citizen", "statesman", "republic", "banner", "beacon", "clarion",
    "today", "radio", "tv", "television", "network", "channel", "wire", "zeitung", "kurier", "anzeiger",
    "rundschau", "tagblatt", "tageblatt", "nachrichten", "allgemeine", "bote", "presse", "blatt", "merkur",
    "morgenpost", "abendblatt", "magazin", "quotidien", "hebdo", "gazzetta", "corriere", "diario",
    "periódico", "correo", "heraldo", "noticias", "prensa", "tribuna", "dagblad", "nieuwsblad", "krant",
})

# Words of page furniture: a fragment holding one of these is not a name ("Email the author").
JUNK_WORDS = frozenset({
    "share", "shares", "shared", "follow", "following", "followers", "email", "e-mail", "mail", "print",
    "comment", "comments", "kommentar", "kommentare", "more", "minute", "minutes",
    "hour", "hours", "ago", "days", "updated", "update", "published", "posted", "subscribe",
    "newsletter", "twitter", "facebook", "linkedin", "instagram", "whatsapp", "tweet", "profile", "bio",
    "view", "posts", "articles", "article", "stories", "story", "see", "click", "here", "home", "menu",
    "search", "login", "log", "sign", "contact", "author", "authors", "writers", "about", "unknown",
    "anonymous", "admin", "administrator", "webmaster", "user", "guest", "gast", "teilen", "drucken",
    "folgen", "mehr", "lesen", "artikel", "beitrag", "beiträge", "aktualisiert", "veröffentlicht", "uhr",
    "stand", "minuten", "stunden", "vor", "partager", "suivre", "lire", "compartir", "seguir", "leer",
    "photo", "photos", "image", "images", "foto", "fotos", "bild", "bilder", "video", "videos", "audio",
    "podcast", "listen", "watch", "sponsored", "advertisement", "anzeige", "werbung", "copyright",
    "rights", "reserved", "privacy", "cookie", "cookies", "terms", "and", "or", "the", "a", "an", "is",
    "was", "has", "have", "this", "that", "with", "your", "our", "my", "you", "we", "it", "its", "not",
    "no", "yes", "by", "on", "at", "to", "for", "of", "from", "via", "und", "oder", "der", "die", "das",
    "ein", "eine", "mit", "im", "am", "zum", "auf", "sagt", "says", "said", "wrote", "schreibt", "write",
    "reply", "antworten", "like", "likes", "top", "news", "blog", "website", "www", "http", "https", "com",
    "html", "rss", "feed", "feeds", "javascript", "null", "none", "undefined", "true", "false", "n/a",
    "redakteur", "redakteurin", "quelle", "source", "sources", "credit", "credits", "alle",
    "all", "next", "previous", "back", "weiter", "zurück", "close", "open", "skip", "toggle",
    "january", "february", "march", "july", "september", "october",
    "november", "december", "januar", "februar", "märz", "juni", "juli", "oktober", "dezember",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "montag", "dienstag",
    "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "today", "yesterday", "heute", "gestern",
    "feb", "apr", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "okt", "dez", "fr",
    "publiziert", "geschrieben", "verfasst", "eingestellt", "erstellt", "gepostet", "written", "zeige",
    "anzeigen", "autor", "autorin", "autoren", "auteur", "autore", "verfasser", "name", "vorname",
    "nachname", "pressemitteilung", "pressemeldung", "medienmitteilung", "mitteilung", "interview",
    "gespräch", "rubrik", "kategorie", "category", "tags", "tag", "thema", "themen", "ressort", "publisher",
    "theme", "design", "powered", "wordpress", "what", "how", "why", "who", "when", "where",
    "which", "zuletzt", "bearbeitet", "geändert", "person", "zur", "janvier", "février", "mars", "avril",
    "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "enero", "febrero", "marzo",
    "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre",
})
# Job titles that end a name ("Jane Doe Political Editor") or make up a whole fragment ("Staff Writer"):
# the media's own, and the other jobs, in several languages, that bylines credit.
TITLE_HEADS = MEDIA_TITLES | frozenset({
    "editors", "writers", "correspondents", "reporters", "columnists", "contributors", "journalists",
    "analyst", "intern", "fellow", "director", "founder", "co-founder", "cofounder", "ceo", "cto", "cfo",
    "president", "manager", "strategist", "economist", "researcher", "professor", "lecturer", "student",
    "redakteur", "redakteurin", "korrespondent", "korrespondentin", "journalistin", "autorin",
    "chefredakteur", "chefredakteurin", "reporterin", "fotograf", "fotografin", "volontär", "volontärin",
    "redaktor", "redaktorin", "mitarbeiter", "mitarbeiterin", "kolumnist", "kolumnistin", "rédacteur",
    "rédactrice", "journaliste", "correspondant", "correspondante", "chroniqueur", "chroniqueuse", "envoyé",
    "envoyée", "periodista", "redactor", "redactora", "corresponsal", "columnista", "giornalista",
    "corrispondente", "redattore", "redattrice", "verslaggever", "correspondente", "jornalista", "repórter",
    "leiter", "leiterin", "ressortleiter", "ressortleiterin", "herausgeber", "herausgeberin",
    "geschäftsführer", "geschäftsführerin", "inhaber", "inhaberin", "gründer", "gründerin", "experte",
    "expertin", "sprecher", "sprecherin", "specialist", "expert", "consultant",
})
# German compounds end in a title: "Wirtschaftsredakteurin", "Sportreporter", "Auslandskorrespondent".
TITLE_SUFFIX = re.compile(
    r"(?:redakteur|redakteurin|korrespondent|korrespondentin|reporter|reporterin|journalist|journalistin|"
    r"kolumnist|kolumnistin|fotograf|fotografin|leiter|leiterin|chef|chefin|experte|expertin)$",
    re.IGNORECASE,
)
# Words inside a job title after a name: beats, desks, ranks ("Senior Political Correspondent").
ROLE_MODIFIERS = frozenset({
    "senior", "chief", "deputy", "assistant", "associate", "executive", "managing", "contributing",
    "special", "staff", "political", "politics", "business", "economics", "economic", "economy",
    "finance", "financial", "markets", "science", "health", "sports", "sport", "technology", "tech",
    "foreign", "diplomatic", "security", "defence", "defense", "environment", "environmental", "climate",
    "education", "home", "affairs", "culture", "cultural", "arts", "news", "digital", "social", "media",
    "data", "investigations", "investigative", "legal", "crime", "international", "national", "global",
    "regional", "local", "city", "state", "white", "house", "washington", "europe", "european", "asia",
    "africa", "middle", "east", "america", "americas", "us", "uk", "eu", "bureau", "desk", "freelance",
    "general", "lead", "principal", "features", "feature", "opinion", "travel", "food", "fashion",
    "style", "entertainment", "music", "film", "tv", "television", "books", "motoring", "property",
    "personal", "consumer", "energy", "transport", "medical", "royal", "parliamentary", "courts",
    "editor", "at", "large", "of", "for", "the", "and", "&", "in", "co", "web", "online", "video",
    "audio", "photo", "picture", "graphics", "weekend", "sunday", "daily", "evening", "morning",
    "stellvertretender", "stellvertretende", "leitender", "leitende", "freier", "freie", "freien",
    "grand", "reporter", "correspondent", "writer", "senior-", "vice", "former", "acting", "visiting",
})

# Articles that never start a person's name ("der HSS", "the Board"); nobility particles may.
DETERMINERS = frozenset({"der", "die", "das", "the", "le", "la", "les", "el", "il", "lo", "a", "an", "ein", "eine"})

# Lowercase words that end a name: "Jane Doe in Kyiv", "Jane Doe for The Times", "Jane Doe aus Wien".
NAME_END_WORDS = frozenset({
    "in", "at", "for", "from", "aus", "für", "bei", "à", "en", "of", "on", "with", "is", "was", "has",
    "and", "the", "who", "covers", "writes", "reports", "lives", "says", "said", "sagt", "schreibt",
    "lebt", "ist", "war", "hat", "est", "es", "im", "am", "um", "vom", "zum", "zur", "per", "via",
    "about", "|",
})

# Conjunctions and credit markers that separate names; no name starts with one.
SPLIT_WORDS = frozenset({"and", "und", "et", "y", "e", "en", "og", "och", "sowie", "plus", "by", "von",
                         "par", "por", "door", "vom", "with", "mit"})
# months that are also given names: only a lowercase one glued after a full name is a date ("joshua sokol may")
NAME_MONTHS = frozenset({"may", "june", "april", "august"})

# Role labels of credit lines. A role applies to the text up to the next role label.
ROLE_LABEL = re.compile(
    r"(?P<label>(?:\b(?:additional|further|extra|with|zusätzliche)\s+)?"
    r"\b(?:reporting|reported|writing|written|text|words|story|edited|editing|sub-?edited|"
    r"fact-?checked|fact-?checking|photos?|photographs?|photography|pictures?|images?|illustrations?|"
    r"illustrated|graphics?|video|videos|design|designed|layout|translated|translation|produced|"
    r"production|compiled|research|researched|interview|interviews|contributions?|contributing|"
    r"übersetzt|übersetzung|übertragen|bearbeitet|bearbeitung|redigiert|fotos?|bilder?|grafiken?|"
    r"grafik|mitarbeit|recherche|traduction|traduit|traducción|traducido|edición|editado|fotografía|"
    r"photographie|montage|sound|audio|data|animation)"
    r"(?:\s+(?:and|und|&|et|y)\s+\w+)?"
    r"\s*(?:\bby\b|\bvon\b|\bpar\b|\bpor\b|\bdi\b|\bda\b|:)"
    # Labelled fields of a meta line: "Datum: 19.11.2021 Autor: Jane Doe Quelle: Example".
    r"|\b(?:datum|date|quelle|source|kategorie|category|rubrik|tags?|stand|aktualisiert|updated|published|"
    r"veröffentlicht(?:\s+am)?|lesezeit|reading\s+time|views|kommentare|comments|credits?|bildquelle|"
    r"copyright|ort|location|autor(?:in|en|innen)?|authors?|verfasser(?:in)?|auteur|autore|theme)\s*:"
    # Site software credits in page footers: "Theme: Foo by Bar", "Powered by Baz".
    r"|\bpowered\s+by\b)",
    re.IGNORECASE,
)
# Roles whose names are authors; every other labelled role (editing, photos, translation) is dropped.
AUTHOR_ROLE = re.compile(
    r"^(?:(?:additional|further|extra|zusätzliche|with)\s+)?(?:reporting|reported|writing|written|text|words|"
    r"story|research|researched|recherche|interviews?|contributions?|contributing|mitarbeit|"
    r"autor(?:in|en|innen)?|authors?|verfasser(?:in)?|auteur|autore)\b",
    re.IGNORECASE,
)
