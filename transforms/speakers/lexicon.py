"""Words that tell what kind of speaker a mention is: pronouns, role nouns, organisation nouns.

Data only. Honorifics, job titles and name particles are the shared lists of ``transforms.wordlists``.
"""
from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PERSONAL_PRONOUNS = {"he": "m", "she": "f"}
FIRST_PERSON = _words("i we")
OTHER_PRONOUNS = _words("they it you")
RELATIVE_PRONOUNS = _words("who which that")
FIRST_PERSON_WORDS = _words("i me my mine myself")  # outside quotations: the article speaks in the first person

# A description that starts like this names nobody in particular: 'a woman in the audience', 'one voter'
INDEFINITE = _words("a an one another some several many few two three four five dozens hundreds thousands "
                    "most all other others any each every no")
DETERMINERS = _words("the this that these those his her its their our my your")

# Reporting verbs that carry on the last speaker's words: '“…,” he added' is most likely the same speaker
CONTINUATION_CUES = _words("added adds continued continues went goes concluded concludes repeated repeats "
                           "reiterated reiterates insisted insists")

# Party words: 'the Republican nominee' is not the person the article calls a Democratic candidate
PARTY_WORDS = {
    "republican": "republican", "gop": "republican", "democratic": "democratic", "democrat": "democratic",
    "conservative": "conservative", "tory": "conservative", "labour": "labour", "liberal": "liberal",
    "green": "green", "libertarian": "libertarian", "socialist": "socialist",
}

# Documents and posts quoted as if they spoke ('the statement said'): who issued them is not in the words.
DOCUMENT_NOUNS = _words(
    "statement release letter memo email e-mail tweet post posting message note report ad advert advertisement "
    "commercial video clip transcript document filing complaint lawsuit suit ruling order opinion editorial "
    "headline article story column book poll survey study paper website site page sign signs banner slogan "
    "petition motion resolution text texts card flyer leaflet brochure caption script speech remarks")

# What a document's issuer did to it, when the verb is the noun ('X emailed supporters' -> 'the email said')
DOCUMENT_VERBS = {
    "email": ("emailed", "e-mailed"), "e-mail": ("emailed", "e-mailed"), "tweet": ("tweeted",),
    "post": ("posted",), "posting": ("posted",), "text": ("texted",), "message": ("messaged",),
    "blog": ("blogged",),
}

# Nouns for an organisation: 'the company said', 'the newspaper reported'.
ORGANISATION_NOUNS = _words(
    "company firm group organization organisation agency department ministry office campaign committee "
    "board council party union association federation league club team network channel station broadcaster "
    "newspaper paper daily weekly magazine outlet publication website site court commission government "
    "administration authority authorities regulator bank fund foundation institute institution university "
    "college school hospital charity coalition alliance bureau service police army military navy senate "
    "house parliament assembly legislature congress caucus panel body centre center corporation giant "
    "retailer airline carrier maker manufacturer insurer lender startup operator studio label publisher "
    "pac super-pac thinktank tank")
# Organisation nouns that fit any organisation ('the company' is whatever company the article is about)
GENERIC_ORGANISATION_NOUNS = _words("company firm group organization organisation business corporation agency "
                                    "campaign retailer airline carrier maker manufacturer insurer lender startup "
                                    "operator giant")
# Words in organisation names that mark a newspaper, broadcaster or agency ('The Daily News', 'Fox News').
MEDIA_NAME_WORDS = _words("news times post journal herald tribune gazette daily telegraph guardian chronicle "
                          "observer star sun mail express examiner inquirer courier press review magazine "
                          "record register bulletin standard independent mirror globe reuters ap afp cnn bbc "
                          "msnbc fox abc nbc cbs npr pbs politico bloomberg axios huffpost")
MEDIA_NOUNS = _words("newspaper paper daily weekly magazine outlet publication network channel station "
                     "broadcaster website site")
# Words that, inside a capitalised name, make it an organisation's ('Pew Research Center', 'Club for Growth')
ORGANISATION_NAME_WORDS = ORGANISATION_NOUNS | MEDIA_NAME_WORDS | _words(
    "inc corp co ltd llc plc gmbh ag sa research action fund pac committee foundation institute party "
    "association center centre council union group club league coalition alliance network project watch "
    "international national federal state united america american")

# Role nouns that stand for a person ('the senator', 'the rookie defenceman', 'the 46-year-old'); a role
# mention is linked to the person the article names in that role. Gendered ones also give the gender.
GENDERED_ROLES = {
    **dict.fromkeys(_words(
        "spokesman congressman assemblyman councilman chairman businessman sportsman statesman anchorman "
        "policeman fireman clergyman husband father son brother uncle grandfather boyfriend king prince "
        "actor waiter duke emperor monk priest nephew widower"), "m"),
    **dict.fromkeys(_words(
        "spokeswoman congresswoman assemblywoman councilwoman chairwoman businesswoman sportswoman "
        "stateswoman anchorwoman policewoman wife mother daughter sister aunt grandmother girlfriend queen "
        "princess actress waitress duchess empress nun niece widow mum mom"), "f"),
}
PERSON_ROLES = frozenset(GENDERED_ROLES) | _words(
    "president senator governor mayor minister premier chancellor secretary representative lawmaker "
    "legislator politician candidate nominee hopeful contender frontrunner front-runner challenger incumbent "
    "leader chief director executive ceo founder owner chair spokesperson official officer aide adviser "
    "advisor strategist pollster analyst economist expert professor scientist researcher doctor physician "
    "surgeon nurse lawyer attorney prosecutor judge justice sheriff detective inspector commissioner "
    "general colonel captain commander admiral sergeant soldier veteran coach manager player striker "
    "defender defenceman defenseman goalkeeper goalie quarterback pitcher rookie captain champion athlete "
    "star singer musician rapper artist author writer novelist journalist reporter columnist editor host "
    "anchor presenter comedian director producer billionaire millionaire mogul tycoon magnate entrepreneur "
    "investor banker trader activist campaigner organizer organiser protester resident neighbour neighbor "
    "witness victim survivor mourner student teacher pastor bishop priest rabbi imam cleric "
    "ambassador diplomat envoy delegate governor-elect president-elect speaker whip democrat republican "
    "conservative liberal socialist senior veteran partner ex-wife ex-husband friend boss employee worker "
    "driver pilot farmer owner landlord tenant patient")
# Role words that are one group: 'the nominee' may be called 'candidate Trump' in the same article.
ROLE_GROUPS = (
    _words("candidate nominee hopeful contender frontrunner front-runner challenger"),
    _words("billionaire millionaire mogul tycoon magnate businessman businesswoman entrepreneur developer"),
    _words("spokesman spokeswoman spokesperson"),
    _words("lawyer attorney counsel"),
    _words("representative congressman congresswoman lawmaker"),
    _words("host anchor presenter anchorman anchorwoman"),
    _words("chief executive ceo boss"),
    _words("adviser advisor aide"),
)
# Abbreviated titles written before a name ('Sen. Jane Doe') and the role noun each stands for.
TITLE_ROLE = {
    "sen": "senator", "rep": "representative", "gov": "governor", "pres": "president", "lt": "lieutenant",
    "gen": "general", "col": "colonel", "maj": "major", "capt": "captain", "sgt": "sergeant", "adm": "admiral",
    "cmdr": "commander", "cdr": "commander", "supt": "superintendent", "prof": "professor", "dr": "doctor",
    "atty": "attorney", "sec": "secretary", "amb": "ambassador", "insp": "inspector", "det": "detective",
    "cllr": "councillor", "rev": "reverend", "ag": "attorney general", "da": "district attorney",
    "pm": "prime minister", "mp": "member of parliament", "mep": "member of parliament", "mk": "lawmaker",
}
