"""Reading what kind of speech a message is: a complaint about the brand, a call for a refund or a
boycott, or counter-speech that quotes an insult to condemn it.

This is not a detector (a charter cannot sanction it): it is what the engine reads to protect
speech the charter promises to keep (criticism is welcome), and what the duplicates detector reads
to tell a spam raid from many members repeating the same grievance. Patterns run with RE2 (linear
time) over the folded words joined by single spaces, so punctuation, case, accents and look-alike
letters do not matter. Written for Vigie, French and English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import re2

from bot.text.normalize import NormalizedText

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False


def _compile(*alternatives: str) -> re2._Regexp:
    return re2.compile(r"(?:^| )(?:" + "|".join(alternatives) + r")(?: |$)", _OPTIONS)


# Grievance words: an opinion or a fact held against the service (the brand may go unnamed: in a
# bad buzz everyone knows who "ils" are).
_GRIEVANCE = _compile(
    r"nuls?|nulles?|honte|honteu\w*|scandal\w*|inadmissible|inacceptable|arnaqu\w*|escroquer\w*",
    r"lamentable|minable|pitoyable|ridicule|catastroph\w*|n importe quoi|pire|marre|ras le bol",
    r"se (?:fout|foutent|moque|moquent) de|pris pour (?:un|des) (?:con|cons|pigeon|pigeons)",
    r"deux fois|double prelevement|preleve\w*|prelevement\w*|factur\w*|panne\w*|plus d internet",
    r"plus de (?:reseau|connexion|internet|reponse)|aucune? (?:reponse|information|nouvelle|info)",
    r"toujours (?:pas|rien)|depuis \w+ (?:jours|heures|semaines|mois)|en rouge|coupe\w*",
    r"dgccrf|ufc|que choisir|avocat|plainte|mauvaise pub|scam|rip ?off|worst|terrible|awful",
    r"outrageous|ridiculous|disgrace\w*|shame\w*|shameful|pathetic|useless|garbage|joke|fed up",
    r"unacceptable|charged (?:me )?twice|double charged?|overcharg\w*|no (?:internet|signal|service)",
    r"still (?:no|nothing|down|waiting)|outage|down again|never again|sucks?|hopeless",
    # Prices: the other half of every bad buzz ("8 euros de plus", "a price hike").
    r"hausses?|augment\w*|(?:plus|trop) cher\w*|hors de prix|tarif\w*|du vol|voleurs?|racket\w*",
    r"vaches? a lait|pigeons?|foutage de gueule|se fout\w* de (?:nous|moi|vous)|quelle blague",
    r"(?:c est |une )blague|de la merde|merdique|pourri\w*|naze|nul a chier|\d+ (?:euros? |balles )?de plus",
    r"price (?:rise|rises|hike|hikes|increase\w*)|hikes?|hiked|overpriced|more expensive|robbery",
    r"rip\w* (?:us|me|people|customers) off|cash cows?|rubbish|crap|shit(?:ty)?|taking the piss",
    r"(?:is this|what) a joke|kidding (?:me|us)|\d+ more|loyal (?:customers|clients)",
    # Sarcasm at the brand: praise for what angers ("bravo", "merci pour ce cadeau", "well done").
    r"bravo|chapeau|merci (?:pour|de) (?:ce|cette|la|le|rien)|bien joue|champions? (?:de|du)",
    r"well done|thanks for nothing|thanks (?:\w+ )?for (?:the|this|that)|good job|great job|genius",
    # Demands made to the brand: answers, explanations, things given back, a decision undone.
    r"repond\w*|(?:des |une |nos )?(?:reponses?|explications?)|expliquez\w*|rendez\w*|annulez",
    r"on (?:veut|exige|attend|demande)|nous (?:refusons|exigeons|demandons)|stop a (?:la|cette)",
    r"answer\w*|(?:an )?explanation|explain\w*|give (?:us|me) (?:back|our)",
    r"giving (?:us|me) (?:\w+ ){0,3}back|we (?:want|demand|reject|call for)|scrap\w*|reject\w*",
    # Whatever the grievance is about (an outage, a leak, a parcel, an advert, a boss's remark),
    # a complaint accuses, is let down, waits, asks for someone to answer for it.
    r"ment\w*|menti|mensonges?|trahi\w*|meprise?\w*|manque de respect|aucun respect|irrespect\w*",
    r"incompeten\w*|amateur\w*|fiasco|desastre\w*|degout\w*|decu\w*|decevant\w*|ecoeur\w*",
    r"furieu\w*|en colere|revolt\w*|regrett?\w*|derniere fois|(?:plus|pas) confiance|plus jamais",
    r"(?:ne )?(?:remettrai|reviendrai|recommanderai) plus|inutilisable|ne marche (?:plus|pas)",
    r"perdu\w*|en retard|retards?|attente|j attends|on attend|sans (?:prevenir|explication\w*)",
    r"(?:des |vos |d )?excuses?|s excuser|rendre des comptes|responsables?|assum\w*|fuite\w*",
    r"pirat\w*|abonnes absents|personne ne (?:repond|rappelle|decroche|lit)|(?:un|a) humain",
    r"pour rien|prenez pour|prennent pour|de ma faute|pas normal|c est voulu|vraiment\?",
    r"lie|lied|lies|lying|liars?|betray\w*|despis\w*|disrespect\w*|no respect|incompeten\w*",
    r"amateur\w*|fiasco|disaster\w*|disgust\w*|disappoint\w*|furious|angry|livid|appall\w*",
    r"regret\w*|last time|(?:no longer|never) trust|lost|late|delay\w*|on hold|waiting|wait",
    r"without (?:notice|warning|explanation)|no explanation|apolog\w*|accountab\w*|responsible",
    r"own up|leak\w*|hack\w*|missing in action|nobody (?:answers|replies|picks up|calls|reads)",
    r"(?:a|an) human|for nothing|think we re|my fault|anyone (?:at|from) \w+|gone downhill",
    r"excuser|rend\w* des comptes|retirez\w*|trop tard|me balade\w*|s en souviendra|les pieds",
    r"(?:pas|jamais) (?:encore )?(?:arrive\w*|livre\w*|recu\w*)|sans livraison|mise a jour",
    r"unusable|too late|fob\w* (?:me|us) off|won t forget|set\w* foot|pull it|(?:no|non) delivery",
    r"(?:hasn t|haven t|never|not) (?:yet )?(?:arrived|delivered|received|come)|since the update",
)
_REFUND = _compile(r"rembours\w*|refund\w*|money back|dedommag\w*|geste commercial|compensat\w*")
_BOYCOTT = _compile(
    r"boycott\w*|resili\w*|je (?:pars|quitte|change d operateur)|fuyez|partez|ne prenez pas",
    r"cancel\w*|i m (?:leaving|switching|done)|switch(?:ing)? to|avoid \w+|unsubscrib\w*",
    # A petition is a collective call, like a boycott.
    r"petitions?|signez|signe\w*|sign (?:the|it|here)|signatures?|done with",
)
# A link, an invite; the words of an ad. An ad with a link is an offer, not a grievance, however
# it is worded ("Marre d'Opalia ? Box à 9,99 € ici https://…"): it is not protected, and the
# duplicates detector counts both as signs of a raid.
_LINK = re2.compile(
    r"(?i)(?:https?://|www\.|discord(?:app)?\.(?:gg|com/invite)|t\.me/|"
    r"\b[a-z0-9-]+\.(?:com|net|org|io|gg|me|pro|xyz|link|gift|ru|ly|cc|top|biz)\b)"
)
_AD = re2.compile(
    r"(?:^| )(?:gratuit\w*|free|promo\w*|crypto\w*|btc|bitcoin|nitro|casino|paris sportifs?|"
    r"telegram|whatsapp|rejoins|rejoignez|join now|dm me|mp moi|gagne\w*|giveaway|concours|"
    r"invest\w*|bonus|parrainage|airdrop|onlyfans|followers|code promo|promo code|"
    r"offre speciale|special offer|clique\w*|click here|places limitees|limited spots|remplis|"
    r"remplissez|fill (?:in|out)|express|tout de suite ici|right here)(?: |$)"
)
# Condemning an insult or a threat someone else wrote.
_CONDEMN = _compile(
    r"(?:n est |c est |pas )?(?:pas acceptable|pas ok|pas normal|inacceptable|inadmissible)",
    r"on ne traite pas|on traite pas|arrete\w* de traiter|pas besoin d insulter|pas la peine d",
    r"restons? (?:polis|correct\w*|respectu\w*)|un peu de respect|respectez|signale\w*",
    r"not (?:acceptable|ok|okay|cool|fine)|unacceptable|stop calling|no need to|uncalled for",
    r"out of line|be respectful|don t call|do not call|reported|reporting|have some respect",
    r"sans (?:traiter|insulter)|(?:ne )?(?:sert|servira) a rien|n aide personne|(?:ne )?fera pas revenir",
    r"won t (?:help|bring)|doesn t help|will not help",
    r"(?:c est |est |du |de )?(?:racis\w*|homophob\w*|xenophob\w*|antisemit\w*|sexis\w*)",
    r"(?:that s |is |so |pure )?(?:racist|racism|homophobic|bigoted|bigotry|xenophobic|sexist)",
    # Issue 12, threats round: the family of condemnation ("c'est dégueulasse", "disgusting").
    r"degueulasse|degoutant\w*|ignoble|abject\w*|odieu\w*|honteu\w*|choquant\w*|intolerable",
    r"vile|disgusting|disgraceful|shameful|shocking|appalling|hateful|offensive",
    r"(?:homo|trans|islamo|xeno|grosso|judeo|negro|lesbo|bi|sero|gay)phob\w*|validis\w*|misogyn\w*|ableis\w*|discriminat\w*|stigmatis\w*",
)
# What frames words in quotation marks as mentioned, not used: a report to the moderators, a
# judgement on the words, a request to remove them ("Quelqu'un a écrit « … », modos ?").
_FRAMES_A_QUOTE = _compile(
    r"arrete\w* de (?:dire|ecrire|utiliser|repeter|traiter)|stop (?:using|saying|writing|calling)",
    r"(?:ne )?se fait pas|ca suffit|(?:n a|n ont) (?:pas|rien) (?:sa place|leur place|a faire)",
    r"pas (?:\w+ ){0,2}(?:acceptable|tolerable|tolere|normal|ok)|has no place|no place here",
    r"never (?:ok|okay|acceptable|fine)|not allowed|still allowed|harcelement|harass\w*",
    r"insulte\w*|insult\w*|slur\w*|deshumanis\w*|dehumanis\w*|delit|crime|illegal|haine|hate speech",
    r"modos?|mods?|moderat\w*|bann\w*|ban|supprim\w*|delete|remove|intervene\w*|signal\w*|report\w*",
    r"faites quelque chose|do something|please help|aidez|help|serieusement|seriously",
    r"(?:m a|a|ont|m ont) (?:ecrit|dit|envoye|traite\w*|appele\w*)|(?:wrote|dm d|messaged|texted|told)",
    r"c est faux|is wrong|not true|le mot|les mots|the word|the words|ce genre de|this kind of",
    r"on ne dit pas|on dit pas|arretez avec|stop (?:aux|au|a)|c est grave|grave|allowed|delet\w*",
    r"(?:j ai )?recu|received|got a (?:dm|message|pm)|saying|called (?:me|him|her|us|them)|calling",
    r"(?:me|m|se|s|nous|l) (?:a |ont |est |suis |sont )?(?:fait )?traite\w*|traiter (?:\w+ ){0,2}de",
)
# Issue 12, threats round: what frames the words of ONE quotation as mentioned, read near it (a
# few words before it, or after it), not anywhere in the message: verbs of saying, writing and
# reading in every form, words for words and messages, where words are posted, and (after the
# quotation) a judgement, a refusal or a harm ("J'en ai marre de lire « … »", "« … » n'est pas un
# mot qu'on accepte ici", "the '…' comment", "'…' in the replies again, come on").
_SAYING = (
    r"dire|dis|dit|dites|disent|ecri\w*|lire|lis|lit|lu|lue|lus|utilis\w*|employ\w*|emploi\w*",
    r"repet\w*|post\w*|publi\w*|balanc\w*|voir passer|vu passer|tape\w*|commente\w*|repondu",
    r"say|says|said|saying|writ\w*|wrote|typ\w*|repl\w*|us(?:e|es|ed|ing)|read|reading|see|seeing|saw",
    r"seen|call\w*|got called|get called|been called|was called|were called|appel\w*|trait\w*",
)
# Refusing words ("we won't accept '…'", "on n'accepte pas « … »"), before or after them.
_REFUSED = (
    r"(?:on|nous|we) (?:n en |ne |n )?(?:veut|veux|voulons|want|accept\w*|toler\w*)",
    r"accept\w*|toler\w*|evit\w*|avoid\w*|stop with|enough with|assez (?:avec|de)|marre (?:des|de)",
    r"blagues?|jokes?|remarques?|remarks?",
)
_META = (
    r"mots?|termes?|expressions?|insultes?|injures?|arguments?|propos|commentaires?|messages?",
    r"reponses?|posts?|fil|du genre|genre de|words?|terms?|slurs?|comments?|repl(?:y|ies)",
    r"threads?|language|a way to|the kind of|kind of thing|sort of thing",
    r"dans (?:les|le|la|mes|ses|tes|ce|cette) (?:commentaires|fil|chat|salon|reponses|mp|messages)",
    r"sous (?:le|la|ma|mon|ton|ta|son|sa|les) \w+|in (?:the|my|your|his|her|our) (?:comments|replies|chat|thread|dms|general|inbox)",
    r"under (?:my|the|your|his|her|our) \w+",
)
_JUDGED_AFTER = (
    r"degueul\w*|degout\w*|ignobl\w*|abject\w*|odieu\w*|honte\w*|honteu\w*|lamentabl\w*",
    r"choqu\w*|intolerabl\w*|inadmissibl\w*|inacceptabl\w*|vile|disgust\w*|gross|shame\w*",
    r"shock\w*|appall\w*|awful|horribl\w*|nasty|toxic|hateful|offensi\w*|validis\w*",
    r"misogyn\w*|ableis\w*|bigot\w*|discrimin\w*|stigmatis\w*|racist\w*|racism",
    r"pas (?:ici|de ca|un \w+)|plus de|no more|not here|here|ici|en boucle|encore|again|come on",
    r"stay\w* up|still up|blesse\w*|hurt\w*|offens\w*",
    r"garde\w*|keep (?:it|them|your)|aimed at|directed at|adresse\w* a|visant|really|vraiment|serieux",
    r"(?:is|s|are|re|isn t|aren t|n est|c est|ce n est) (?:not|pas|never|jamais|rien)|n a rien",
)
_FRAME_BEFORE = _compile(*_SAYING, *_META, *_REFUSED)
_FRAME_AFTER = _compile(*_SAYING, *_META, *_REFUSED, *_JUDGED_AFTER)
# A quotation said OF someone (scare quotes) is used, not mentioned, unless a word of reporting
# comes first: "t'es un « génie »", "the CM is a 'clown'" (not "he called her a 'whore'").
# Said to the reader, or in an address, no article is needed ("t'es « nul »"); of someone else
# the copula takes one ("the CM is a 'clown'", not "why is 'dumb cunt' still allowed").
_PREDICATE = re2.compile(
    r"(?:(?:^| )(?:t es|tu es|vous etes|t etes|you re|you are|ur|u r|your)(?: \w+){0,2}|"
    r"(?:^| )(?:espece d|espece de|sale|sales|bande de|bande d|pauvre|what a|such a)|(?:^| )(?:es|est|sont|etait|he s|she s|"
    r"is|are|was|were|c est|it s) (?:un|une|des|a|an|the|une vraie|un vrai|un gros|une grosse|"
    r"a real|a total|a complete|a fucking|a big))"
    r"(?: (?:vrai|vraie|gros|grosse|petit|petite|sale|big|fucking|real|total|complete))*$",
    _OPTIONS,
)
_REPORTED_BEFORE = re2.compile(
    r"(?:^| )(?:trait\w*|appel\w*|dire|dit|disent|ecrit|call\w*|said|saying|says|wrote|que|that)"
    r"(?: |$)",
    _OPTIONS,
)
_NEAR_BEFORE, _NEAR_AFTER = 5, 8  # words around a quotation its own frame may use
# A denial: the clause after it is rebutted, not asserted ("ce n'est pas vrai que…", "no one is
# saying…", "I never said…"). Not "I'm not saying… but" nor "je dis pas que…": those assert.
_DENIAL = re2.compile(
    r"(?:^| )(?:(?:ce n est pas|c est pas|il n est pas|n est pas|pas) vrai (?:que|qu)|"
    r"(?:c est|il est) faux(?: de (?:dire|penser|croire))? (?:que|qu)|faux (?:que|qu)|"
    r"(?:personne|aucun de nous) (?:ici )?(?:ne|n) (?:devrait |doit |peut )?(?:dit|dire|pense|penser|"
    r"croit|croire|souhaite|veut|a dit)(?: que| qu)?|"
    r"(?:je|j) (?:n ai|ai) jamais (?:dit|pense|ecrit|cru|voulu)(?: que| qu)?|"
    r"(?:je|j) (?:ne|n) (?:pense|crois) (?:pas|absolument pas|vraiment pas)(?: du tout)? (?:que|qu)|"
    r"arretez de (?:dire|croire|penser) (?:que|qu)|"
    r"(?:it s|it is|that s|that is|its) (?:not true|untrue|false|a lie|a myth|wrong to say)(?: that)?|"
    r"(?:it isn t|it s not|it is not) true(?: that)?|"
    r"(?:no one|nobody|noone|none of us) (?:here )?(?:is |s |ever |should |would |can |could |will )?"
    r"(?:saying|says|said|say|thinks|think|believes|believe|wants|claims|claimed|claim)(?: that)?|"
    r"(?:i|we) (?:never|didn t|did not|don t|do not) (?:said|say|think|believe|claimed|claim|meant)"
    r"(?: that)?|never said(?: that)?|stop (?:saying|claiming|pretending)(?: that)?|"
    r"the (?:myth|lie|stereotype|idea) that|wrong to (?:say|think)(?: that)?)(?: |$)",
    _OPTIONS,
)
# Words without which no denial is there: most messages skip the denial pattern on a set lookup.
_DENIAL_WORDS = frozenset(
    [
        "vrai",
        "faux",
        "personne",
        "aucun",
        "jamais",
        "arretez",
        "true",
        "untrue",
        "false",
        "lie",
        "myth",
        "one",
        "nobody",
        "noone",
        "none",
        "never",
        "didn",
        "did",
        "don",
        "do",
        "stop",
        "idea",
        "wrong",
    ]
)
_CLAUSE_END = re.compile(r"[,.;!?:()\[\]]")
_CLAUSE_WORDS = frozenset(("mais", "but", "sauf", "except", "pourtant", "however"))
_DENIED_REACH = 12  # words a denial governs at most

# Someone the words are aimed at: the reader, a member, the staff, a group (untargeted swearing,
# "putain la box plante", is not an insult to anyone).
_ADDRESSED = _compile(
    r"t|te|tu|toi|ta|ton|tes|vous|vos|votre|t es|espece d\w*|bande d\w*|sale|sales|pauvre",
    r"you|u|ya|your|ur|you re|yourself|ye",
    r"il|elle|ils|elles|lui|eux|he|she|him|her|they|them|his",
    r"cm|modo|modos|moderateur\w*|admin\w*|staff|conseiller\w*|vendeu\w*|technicien\w*|equipe",
    r"mods?|moderators?|advisers?|advisors?|agents?|team|ceo|manager|tech|people|guys?",
    r"les \w+|ces \w+|those \w+|these \w+",
)
# Words that introduce an insult as a word being talked about, not as an address.
_REPORTING = (
    "traiter",
    "traite",
    "traites",
    "traitent",
    "traitee",
    "traitees",
    "traitez",
    "appeler",
    "appelle",
    "appellent",
    "dire",
    "dit",
    "ecrire",
    "ecrit",
    "mot",
    "calling",
    "call",
    "called",
    "word",
    "saying",
    "said",
    "wrote",
    "writing",
)
_REPORTED_REACH = 6  # words after a reporting word that still belong to the quotation
_QUOTES = {"«": "»", '"': '"', "“": "”", "‘": "’", "'": "'"}
_OPENING = re.compile("[" + "".join(_QUOTES) + "]")


@dataclass(frozen=True, slots=True)
class Speech:
    """What a message was read as. `quoted` are spans of the folded text that are mentioned, not
    used: inside quotation marks, or just after "traiter de", "calling them"..."""

    complaint: bool = False
    refund: bool = False
    boycott: bool = False
    counter_speech: bool = False
    quoted: tuple[tuple[int, int], ...] = ()
    denied: tuple[tuple[int, int], ...] = ()  # clauses a denial rebuts ("it's not true that …")
    addressed: bool = False  # speaks to or about someone: you, a mention, the staff, a group

    @property
    def kinds(self) -> tuple[str, ...]:
        """The protected kinds this message belongs to, in a stable order."""
        names = ("complaint", "refund", "boycott", "counter_speech")
        return tuple(name for name in names if getattr(self, name))

    def covers(self, spans: Iterable[tuple[int, int] | None]) -> bool:
        """Whether every span lies inside a quoted or denied span (nothing at all: False)."""
        spans = list(spans)
        if not spans or any(span is None for span in spans):
            return False
        around = self.quoted + self.denied
        return all(
            any(start <= s and e <= end for start, end in around)
            for s, e in spans  # type: ignore[misc]
        )

    def denies(self, span: tuple[int, int] | None) -> bool:
        """Whether a denial rebuts the words at `span` ("no one is saying X should die")."""
        return span is not None and any(s <= span[0] and span[1] <= e for s, e in self.denied)


def encodable(text: str) -> str:
    """RE2 reads UTF-8: a lone surrogate (possible in decoded JSON) becomes "?", same length."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def joined_words(text: NormalizedText) -> str:
    """The folded words joined by single spaces, safe to give RE2."""
    return encodable(" ".join(text.words))


def has_link(text: str) -> bool:
    """Whether the (original) text holds a link or an invite."""
    return _LINK.search(encodable(text)) is not None


def advertises(text: NormalizedText) -> bool:
    """Whether the words of an ad are in the text."""
    return _AD.search(joined_words(text)) is not None


def read_speech(text: NormalizedText) -> Speech:
    """Read a normalised message as complaint, refund or boycott call (not if it is an ad with a
    link), and/or counter-speech."""
    words = joined_words(text)
    if not words:
        return Speech()
    condemns = _CONDEMN.search(words) is not None
    folded = encodable(text.folded)
    quotes = (
        [q for q in _inside_quotes(folded) if not _said_of_someone(folded, q)]
        if any(mark in folded for mark in _QUOTES)
        else []
    )
    if condemns:
        quoted = _quoted_spans(folded, quotes)
    elif quotes and _FRAMES_A_QUOTE.search(words) is not None:
        quoted = tuple(quotes)
    else:
        quoted = tuple(q for q in quotes if _framed_nearby(folded, q))
    denied = () if _DENIAL_WORDS.isdisjoint(text.vocabulary) else _denied_spans(folded, words)
    offer = advertises(text) and has_link(text.original)
    return Speech(
        complaint=not offer and _GRIEVANCE.search(words) is not None,
        refund=not offer and _REFUND.search(words) is not None,
        boycott=not offer and (_BOYCOTT.search(words) is not None or "#boycott" in text.folded),
        counter_speech=bool(quoted or denied),
        quoted=quoted,
        denied=denied,
        addressed=_ADDRESSED.search(words) is not None or "<@" in text.original,
    )


def _quoted_spans(folded: str, quotes: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Spans of `folded` inside quotation marks or just after a reporting word."""
    spans = list(quotes)
    words = [(m.start(), m.end(), m.group(0)) for m in _WORDS.finditer(folded)]
    for index, (start, _, word) in enumerate(words):
        if word in _REPORTING:
            reach = words[index + 1 : index + 1 + _REPORTED_REACH]
            if reach:
                spans.append((start, reach[-1][1]))
    return tuple(spans)


def _near(folded: str, span: tuple[int, int]) -> tuple[str, str]:
    """The few words before and after a quotation, joined by single spaces."""
    before = _WORDS.findall(folded[: span[0]])[-_NEAR_BEFORE:]
    after = _WORDS.findall(folded[span[1] :])[:_NEAR_AFTER]
    return " ".join(before), " ".join(after)


def _framed_nearby(folded: str, span: tuple[int, int]) -> bool:
    """Whether the words around this quotation talk about it as words (see `_FRAME_AFTER`)."""
    before, after = _near(folded, span)
    return _FRAME_BEFORE.search(before) is not None or _FRAME_AFTER.search(after) is not None


def _said_of_someone(folded: str, span: tuple[int, int]) -> bool:
    """Whether the quotation is a predicate or an address ("t'es un « génie »"), not reported."""
    before, _ = _near(folded, span)
    return _PREDICATE.search(before) is not None and _REPORTED_BEFORE.search(before) is None


def _denied_spans(folded: str, words: str) -> tuple[tuple[int, int], ...]:
    """Spans of `folded` that a denial rebuts: from the end of the denial to the end of its
    clause (punctuation, "mais"/"but"), at most `_DENIED_REACH` words."""
    if _DENIAL.search(words) is None:
        return ()
    spans = [m.span() for m in _WORDS.finditer(folded)]
    starts = [0]
    for word in words.split(" ")[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    denied = []
    for found in _DENIAL.finditer(words):
        first = sum(1 for start in starts if start < found.end())
        last = first
        while (
            last + 1 < len(spans)
            and last + 1 - first < _DENIED_REACH
            and _CLAUSE_END.search(folded[spans[last][1] : spans[last + 1][0]]) is None
            and folded[spans[last + 1][0] : spans[last + 1][1]] not in _CLAUSE_WORDS
        ):
            last += 1
        if first < len(spans) and len(spans) == len(starts):
            denied.append((spans[first][0], spans[last][1]))
    return tuple(denied)


def _inside_quotes(folded: str) -> Iterable[tuple[int, int]]:
    opening = _OPENING.search(folded)
    while opening is not None:
        index = opening.start()
        closing = _QUOTES[folded[index]]
        end = (
            _closing_apostrophe(folded, index)
            if closing == "'"
            else folded.find(closing, index + 1)
        )
        if end > index + 1:
            yield (index, end + 1)
            index = end
        opening = _OPENING.search(folded, index + 1)


def _closing_apostrophe(folded: str, index: int) -> int:
    """Where an apostrophe quote opened at `index` closes, or -1. It opens a word after a space
    ("'connard'") and closes after a word, before a non-letter: the apostrophes of "I'll" or
    "don't" inside the quotation are skipped ("'I'll burn your house down' to me")."""
    if index > 0 and folded[index - 1] != " ":
        return -1
    end = folded.find("'", index + 1)
    while end != -1 and end + 1 < len(folded) and folded[end + 1].isalnum():
        end = folded.find("'", end + 1)
    return end


_WORDS = re.compile(r"\w+")  # the same words as the normaliser's
