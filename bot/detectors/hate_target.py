"""The targeted-hate detector: an attack on a group named in the message, in French and English.

It reads the target as well as the insult, and reports both (`kind`, `target`: the routing signal
"targeted hate"): a group (origin, religion, sexual orientation, gender, disability) with a
derogatory predicate ("les X sont tous des voleurs", "X are animals"),
dehumanisation ("ces X sont de la vermine"), a call to exclude ("dehors les X", "X should be
deported"), declared hatred ("je hais les X", "death to X"), violence against them ("il faut tuer
les X", "X should be shot") or a slur. A group word alone
is not hate ("les musulmans de mon quartier sont adorables"), negation clears it ("les X ne sont
pas des voleurs"), and a statement quoted to condemn it is counter-speech. Patterns run with RE2
over the folded words. Vigie's own lists (AGPL-3.0-or-later).
WARNING: hateful wording, kept on purpose to recognise it.
"""

from __future__ import annotations

from typing import Literal

import re2
from pydantic import BaseModel, ConfigDict, Field

from bot.core.decision import Detection
from bot.core.message import Message
from bot.detectors.base import DetectorContext
from bot.detectors.speech import Speech, joined_words, read_speech
from bot.i18n.catalog import messages
from bot.text.hate_lexicon import hate_lexicon

NAME = "hate_target"


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False
    return options


def _alternation(terms: tuple[str, ...], suffix: str = "") -> str:
    # Longest first, so "black people" is tried before "black".
    ordered = sorted(terms, key=len, reverse=True)
    return "(?:" + "|".join(re2.escape(t) + (suffix if " " not in t else "") for t in ordered) + ")"


# Groups, slurs and violence words come from Vigie's hate lexicon (bot/text/lexicons/hate.txt),
# the same list the model and the normaliser read.
_LEXICON = hate_lexicon()
GROUP_FR = _alternation(_LEXICON.terms("group", "fr"))
GROUP_EN = _alternation(_LEXICON.terms("group", "en"))
SLUR = _alternation(_LEXICON.terms("slur"))
VIOLENCE_FR = _alternation(_LEXICON.terms("violence", "fr"), r"\w*")
VIOLENCE_EN = _alternation(_LEXICON.terms("violence", "en"), r"\w*")
PROFANITY = _alternation(_LEXICON.terms("profanity"))
# Derogatory predicates: the detector's own and the lexicon's attacks.
_ATTACKS_FR = _LEXICON.terms("attack", "fr")
_ATTACKS_EN = _LEXICON.terms("attack", "en")
BAD_FR = r"(?:voleurs|violeurs|terroristes|parasites|criminels|delinquants|animaux|sauvages|menteurs|feignants|faineants|barbares|rats|cafards|vermine|sous hommes|singes|macaques|malades|pervers|degenere\w*|inferieurs|dangereux|une plaie|une maladie|un cancer|des chiens|des betes|de la vermine|de la merde|des merdes|des porcs|bons a rien|inutiles|stupides|debiles|cons|sales|fourbes|rapaces|escrocs|sangsues|hyenes|primates|monstres|dechets|betes|porcs|chiens|sauterelles|lapins|une infestation|une invasion\w*|une sous race|sous race|betail|du betail|une vermine|un fardeau|boulets|des boulets|une racaille|racailles|des nuisibles|nuisibles|sous humains|radins|rats|deviants|profiteurs|tricheurs|une epidemie|epidemie|des microbes|microbes|des virus|un virus|parasites|assistes|fainéants|hypocrites|fourbes|arrieres|primitifs|sournois)"
BAD_EN = r"(?:thieves|rapists|terrorists|parasites|criminals|animals|savages|liars|lazy|barbarians|rats|cockroaches|vermin|subhuman|apes|monkeys|sick|perverts|degenerates|inferior|dangerous|a plague|a disease|a cancer|dogs|pigs|filth|trash|garbage|scum|useless|stupid|disgusting|evil|greedy|dirty|filthy|leeches|beasts|cattle|monsters|locusts|a swarm\w*(?: of \w+)?|an infestation|an invasion|a drain(?: on \w+)?|hyenas|pests|a burden|stingy|deviants|deviant|freeloaders|cheaters|germs|an epidemic|a virus|viruses|leeches|backward|primitive|sneaky|hypocrites|too emotional(?: to \w+)?|too stupid(?: to \w+)?)"
BAD_FR = rf"(?:{BAD_FR}|{_alternation(_ATTACKS_FR)})"
BAD_EN = rf"(?:{BAD_EN}|{_alternation(_ATTACKS_EN)})"

_ROWS: tuple[tuple[str, str], ...] = (
    # kind, pattern
    (
        "derogation",
        rf"(?:les|ces|tous les|toutes les|des) {GROUP_FR} (?:\w+ ){{0,2}}(?:sont|c est|restent) (?:tous |toutes |vraiment |juste |que |qu )?(?:des |de la |du )?{BAD_FR}",
    ),
    (
        "derogation",
        rf"(?:tous|toutes) (?:les|ces) {GROUP_FR} (?:\w+ ){{0,2}}(?:sont )?(?:des )?{BAD_FR}",
    ),
    (
        "derogation",
        rf"{GROUP_EN} (?:\w+ ){{0,2}}(?:are|r) (?:all |just |nothing but |such |so )?(?:a bunch of )?{BAD_EN}",
    ),
    (
        "derogation",
        rf"(?:these|those|all|the) {GROUP_EN} (?:\w+ ){{0,1}}(?:are )?(?:all )?{BAD_EN}",
    ),
    (
        "dehumanisation",
        rf"{GROUP_FR} (?:\w+ ){{0,3}}(?:ne sont que|sont comme) (?:des |de la )?{BAD_FR}",
    ),
    (
        "dehumanisation",
        rf"{GROUP_EN} (?:\w+ ){{0,3}}(?:are like|are no better than|breed like) (?:a |the )?(?:rats|cockroaches|vermin|animals|rabbits|a plague|parasites)",
    ),
    # Issue 12, second round: being human denied, breeding, silencing, rights denied.
    (
        "dehumanisation",
        rf"{GROUP_FR} (?:\w+ ){{0,2}}(?:ne sont pas|sont pas) (?:des )?(?:etres )?humains|{GROUP_FR} (?:\w+ ){{0,2}}(?:se reproduisent|pullulent|grouillent|se multiplient)|{GROUP_EN} (?:\w+ ){{0,2}}(?:are not|aren t) (?:even )?(?:human|humans|people)",
    ),
    (
        "exclusion",
        rf"{GROUP_FR} (?:\w+ ){{0,2}}(?:devraient|doivent|devrait|faudrait) (?:tous |toutes )?(?:etre|etre tous) (?:expulse\w*|renvoye\w*|deporte\w*|chasse\w*|enferme\w*|interdit\w*|parque\w*|sterilise\w*)|{GROUP_FR} (?:\w+ ){{0,2}}(?:ne devraient pas|ne doivent pas|devraient pas|n ont pas a) (?:avoir le droit|voter|travailler|etre autorise\w*)|{GROUP_EN} (?:\w+ ){{0,2}}(?:should not|shouldn t|must not|mustn t) be allowed to",
    ),
    (
        "derogation",
        rf"{GROUP_FR} (?:\w+ ){{0,2}}(?:devraient|doivent) (?:la fermer|se taire|rester a la (?:cuisine|maison))|{GROUP_EN} (?:\w+ ){{0,2}}(?:should|must|need to) (?:shut up|stay in the kitchen|know their place)",
    ),
    (
        "hatred",
        rf"{GROUP_FR} (?:\w+ ){{0,1}}me (?:font|donnent envie de) (?:vomir|gerber)|{GROUP_FR} me (?:debectent|degoutent|repugnent)",
    ),
    (
        "hatred",
        rf"(?:je|j) (?:hais|deteste|vomis|exècre|execre|supporte pas|peux pas supporter|peux pas voir) (?:les|ces|tous les) {GROUP_FR}",
    ),
    (
        "hatred",
        rf"(?:mort aux|a mort les|sus aux|crevez les) {GROUP_FR}|{GROUP_FR} (?:me degoutent|me donnent envie de vomir|puent)",
    ),
    (
        "hatred",
        rf"i (?:hate|despise|loathe|can t stand) (?:all |these |those |the )?{GROUP_EN}|death to (?:all |the )?{GROUP_EN}|{GROUP_EN} (?:disgust me|make me sick|stink)",
    ),
    (
        "exclusion",
        rf"(?:dehors|a la porte|expulsez|renvoyez|degagez) (?:tous )?(?:les|ces) {GROUP_FR}|(?:les|ces) {GROUP_FR} (?:\w+ ){{0,2}}(?:dehors|(?:n ont|ont) rien a faire (?:ici|en france|chez nous)|doivent (?:partir|degager|rentrer chez eux|retourner dans leur))",
    ),
    (
        "exclusion",
        rf"{GROUP_EN} (?:\w+ ){{0,2}}(?:should|must|need to) (?:all )?(?:be deported|be banned|be expelled|be locked up|go back|be kicked out|leave our country|get out)|(?:deport|kick out|ban) (?:all )?(?:the |these |those )?{GROUP_EN}",
    ),
)
# Issue 12d: violence against a group, a slur used.
_ROWS += (
    (
        "violence",
        rf"{VIOLENCE_FR} (?:(?:tous|toutes|les|des|ces|du|de|la|quelques|un|une|chaque|le) ){{0,2}}{GROUP_FR}|{GROUP_FR} (?:\w+ ){{0,3}}(?:meritent|doivent|devraient|faut) (?:\w+ ){{0,3}}{VIOLENCE_FR}",
    ),
    (
        "violence",
        rf"{VIOLENCE_EN} (?:(?:all|the|some|every|those|these|a|any) ){{0,2}}{GROUP_EN}|{GROUP_EN} (?:\w+ ){{0,3}}(?:should|must|deserve to|need to|have to|ought to) (?:\w+ ){{0,2}}{VIOLENCE_EN}",
    ),
    ("slur", SLUR),
    (
        "derogation",
        rf"{PROFANITY} (?:(?:de|d|les|des|ces|all|the|those|these) ){{0,2}}(?:{GROUP_FR}|{GROUP_EN})|(?:les |ces |des )?(?:{GROUP_FR}|{GROUP_EN}) {PROFANITY}|(?:ces|les|des|bande de) {BAD_FR} (?:de|d) {GROUP_FR}",
    ),
)
# Saying a stereotype is false is not asserting it.
_DENIED = re2.compile(
    r"(?:^| )(?:pas vrai|c est faux|faux de dire|un mythe|cliche\w*|stereotype\w*|prejuge\w*|"
    r"not true|isn t true|untrue|a myth|a lie that|stereotypes?|prejudice|"
    r"personne (?:\w+ )?ne (?:pense|dit|croit)|nobody (?:\w+ )?(?:thinks|says|should say|believes)|"
    r"no one (?:\w+ )?(?:thinks|says|should say|believes)|"
    r"(?:personne|jamais|nobody|no one|never) (?:\w+ ){0,3}(?:dire|dit|pense\w*|croi\w*|say|said|think\w*|believe\w*)(?: que| qu| that)?|"
    r"faux que|false that|wrong to say|tort de dire)(?: |$)",
    _options(),
)
PATTERNS = tuple(
    (kind, re2.compile(rf"(?:^| ){pattern}(?: |$)", _options())) for kind, pattern in _ROWS
)


Kind = Literal["derogation", "dehumanisation", "hatred", "exclusion", "violence", "slur"]
KINDS: tuple[Kind, ...] = (
    "derogation",
    "dehumanisation",
    "hatred",
    "exclusion",
    "violence",
    "slur",
)
_TARGET = re2.compile(rf"(?:^| )({GROUP_FR}|{GROUP_EN}|{SLUR})(?: |$)", _options())


# Every row at once: one search clears the messages that attack no group.
ANY_PATTERN = re2.compile(
    r"(?:^| )(?:" + "|".join(f"(?:{pattern})" for _, pattern in _ROWS) + r")(?: |$)", _options()
)


class Config(BaseModel):
    """Which attacks on a group to report (the patterns are Vigie's; a charter adds its own words
    with `keywords`)."""

    model_config = ConfigDict(extra="forbid")

    kinds: list[Kind] = Field(
        default_factory=lambda: list(KINDS),
        min_length=1,
        description="derogation, dehumanisation, hatred, exclusion, violence, slur: the attacks "
        "to report",
    )


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report an attack on a named group, or that none was found."""
    words = joined_words(context.text)
    if ANY_PATTERN.search(words) is None:
        return Detection(NAME, False)
    for kind, regex in PATTERNS:
        if kind not in config.kinds:
            continue
        found = regex.search(words)
        if found is None:
            continue
        speech = context.memo.get("speech")
        if not isinstance(speech, Speech):
            speech = context.memo["speech"] = read_speech(context.text)
        if speech.counter_speech or _DENIED.search(words) is not None:
            return Detection(NAME, False, detail={"excused": "counter_speech", "kind": kind})
        excerpt = found.group(0).strip()
        return Detection(
            NAME, True, excerpt=excerpt, detail={"kind": kind, "target": target_of(excerpt)}
        )
    return Detection(NAME, False)


def target_of(excerpt: str) -> str:
    """The group (or slur) an attack names: what routing and reviewers read as its target."""
    found = _TARGET.search(excerpt)
    return found.group(1) if found else ""


# How an explanation names each kind of attack.
_KINDS = {
    "derogation": "detectors.hate_kind.derogation",
    "dehumanisation": "detectors.hate_kind.dehumanisation",
    "hatred": "detectors.hate_kind.hatred",
    "exclusion": "detectors.hate_kind.exclusion",
    "violence": "detectors.hate_kind.violence",
    "slur": "detectors.hate_kind.slur",
}


def explain(detection: Detection, lang: str) -> str:
    """What kind of attack on which group, or why none counts."""
    say = messages().text
    if detection.matched:
        key = _KINDS.get(str(detection.detail.get("kind")))
        kind = say(lang, key) if key else ""
        return say(lang, "detectors.hate_attack", kind=kind, excerpt=detection.excerpt)
    if detection.detail.get("excused"):
        return say(lang, "detectors.hate_excused")
    return say(lang, "detectors.hate_none")
