"""Plain word lists the quote rules test tokens against (lower case): data, no logic. Honorifics and name
particles are the shared lists of ``transforms.wordlists.names``."""
from __future__ import annotations

from transforms.wordlists.names import NAME_PARTICLES


# ----------------------------------------------------------------------------- lexicons
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that can stand between a subject and its cue ("Trump also said", "she has repeatedly argued").
_BETWEEN_SUBJECT_AND_CUE = _words(
    "also later then once again repeatedly recently previously reportedly simply just flatly quickly has had "
    "have would will did does do later further often frequently publicly privately still even first last "
    "earlier initially subsequently afterward afterwards finally had already never always nonetheless "
    "however though yet now today yesterday tonight on monday tuesday wednesday thursday friday saturday "
    "sunday morning afternoon evening night week this last past may might could should can must not "
    "separately directly bluntly openly")
_PRONOUNS = _words("he she they i we you it")
_POSSESSIVE_PRONOUNS = _words("his her their its our my your")
_AUXILIARIES = _words("is was were are be been being am has have had do does did will would shall should "
                         "can could may might must")
_TITLE_WORDS = _words("former then late acting retired current incoming outgoing deputy senior chief "
                      "spokesman spokeswoman spokesperson press secretary adviser advisor aide host "
                      "anchor reporter economist analyst strategist pollster lawyer attorney presidential "
                      "nominee candidate hopeful front-runner frontrunner leader chairman chairwoman director "
                      "president governor senator mayor official founder co-founder executive activist "
                      "organizer delegate commentator columnist editor professor minister congressman "
                      "congresswoman representative justice judge general")
# words that open a clause: the subject of a participle cue follows the nearest of them
_CLAUSE_START = _words("as when while because although though since if but after before where whereas once")
# prepositions and time words that open an introductory phrase ("Alongside the protests, ...")
_INTRO_WORDS = _words(
    "in on at during after before alongside amid amidst despite with without under among following across "
    "throughout for from by of to against about like unlike beyond within since upon outside inside near "
    "behind over until later earlier minutes hours days moments weeks months years ago even then")
_SENTENCE_ADVERBS = _words("but and so then also still now meanwhile however yet")
_PARTICIPLE_PREPOSITIONS = _words("before after by upon while when without in with on of for from through as")
_COMMON_VERBS = _words(
    "is was are were has had have sent made took gave went came got put held kept brought thought felt found won "
    "lost became stood spoke seemed appeared tried began ran met left led paid set sat let hit saw heard knew "
    "says said tells told writes wrote adds asks makes takes gives goes comes gets puts holds keeps brings "
    "read drew grew threw wore fell rose struck sought taught caught bought built meant")
_TAIL_PRONOUNS = _words("he she they i we you it him her them us me his their its that which who")
_INDEFINITES = _words("someone somebody anyone anybody everyone everybody nobody many others few")
_DEMONSTRATIVES = _words("this that these those")
_RELATIVES = _words("who which that")
_OBJECT_PREPOSITIONS = _words("of to with for at in on from about by toward towards against")
_REGION_PREPOSITIONS = _words("in at during on after before while with via through")
_TITLE_STOPWORDS = _words("a an the of and or in on to for at by with from is vs")
_ABBREVIATIONS = _words(
    "mr mrs ms dr sen rep gov gen lt col sgt capt adm prof rev st jr sr pres no vs etc inc corp co ltd "
    "mt ft u.s u.k d.c u.n e.u a.m p.m ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich "
    "minn miss mo mont neb nev n.h n.j n.m n.y n.c n.d okla ore pa r.i s.c s.d tenn tex va vt wash wis wyo "
    "jan feb aug sept oct nov dec")
_DETERMINERS = _words(
    "the a an his her their its our my your one another some many several two three four both this that "
    "these those each every other most")
_CLAUSE_WORDS = _words(
    "and but or nor that which who whom whose when where while because although though if unless as so "
    "than what how why since until after before whether")
_LEADING_NOISE = _words(
    "in on at during after before earlier later yesterday today tonight meanwhile however but and so "
    "then also still now last this next when while as since for speaking asked writing monday tuesday "
    "wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december morning afternoon evening night week weekend month year here there "
    "interview statement speech")
_FORWARD_STOP = _words(
    "in on at during after before to with from about while when as who which that during said says told "
    "adding saying because but and")
# the shared particles, less those that are common English words a quote's context is full of ('ten', 'do')
_NAME_PARTICLES = (NAME_PARTICLES - _words("do ten den op lo e y wa ap af av")) | {p + "." for p in ("st",)}
# verbs whose object is the subject of the infinitive after it: 'prompted the atlas to state', 'urged her to say'
# verbs whose object feels what the subject causes ('The result did not surprise the pollster Ann Li:'): before
# a colon that opens a quote, the one who feels it speaks
_EXPERIENCER_VERBS = frozenset(
    form for base in ("surprise", "anger", "worry", "bother", "frustrate", "concern", "puzzle", "baffle", "amaze",
                      "impress", "delight", "please", "alarm", "shock", "dismay", "trouble", "annoy", "irritate",
                      "stun", "disappoint", "encourage", "excite", "upset", "hearten", "infuriate", "outrage")
    for form in (base, base + "s", base + "d" if base.endswith("e") else base + "ed", base + "es"))
# forms of 'be' and 'get' that make a past participle after them passive: 'was asked', 'got told'
_PASSIVE_AUXILIARIES = _words("is was were are be been being am get gets got gotten getting")
_CONTROL_VERBS = _words("prompted prompts led leads forced forces caused causes urged urges asked asks invited "
                        "invites encouraged encourages allowed allows pushed pressed persuaded convinced inspired")
