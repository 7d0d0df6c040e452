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


def _compile(*alternatives: str) -> re2._Regexp:
    options = re2.Options()
    options.log_errors = False
    return re2.compile(r"(?:^| )(?:" + "|".join(alternatives) + r")(?: |$)", options)


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
)
_REFUND = _compile(r"rembours\w*|refund\w*|money back|dedommag\w*|geste commercial|compensat\w*")
_BOYCOTT = _compile(
    r"boycott\w*|resili\w*|je (?:pars|quitte|change d operateur)|fuyez|partez|ne prenez pas",
    r"cancel\w*|i m (?:leaving|switching|done)|switch(?:ing)? to|avoid \w+|unsubscrib\w*",
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


@dataclass(frozen=True, slots=True)
class Speech:
    """What a message was read as. `quoted` are spans of the folded text that are mentioned, not
    used: inside quotation marks, or just after "traiter de", "calling them"..."""

    complaint: bool = False
    refund: bool = False
    boycott: bool = False
    counter_speech: bool = False
    quoted: tuple[tuple[int, int], ...] = ()
    addressed: bool = False  # speaks to or about someone: you, a mention, the staff, a group

    @property
    def kinds(self) -> tuple[str, ...]:
        """The protected kinds this message belongs to, in a stable order."""
        names = ("complaint", "refund", "boycott", "counter_speech")
        return tuple(name for name in names if getattr(self, name))

    def covers(self, spans: Iterable[tuple[int, int] | None]) -> bool:
        """Whether every span lies inside a quoted span (nothing at all: False)."""
        spans = list(spans)
        if not spans or any(span is None for span in spans):
            return False
        return all(
            any(start <= s and e <= end for start, end in self.quoted)
            for s, e in spans  # type: ignore[misc]
        )


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


def read_speech(text: NormalizedText) -> Speech:
    """Read a normalised message as complaint, refund or boycott call, and/or counter-speech."""
    words = joined_words(text)
    if not words:
        return Speech()
    condemns = _CONDEMN.search(words) is not None
    folded = encodable(text.folded)
    if condemns:
        quoted = _quoted_spans(folded)
    elif any(mark in folded for mark in _QUOTES) and _FRAMES_A_QUOTE.search(words) is not None:
        quoted = tuple(_inside_quotes(folded))
    else:
        quoted = ()
    return Speech(
        complaint=_GRIEVANCE.search(words) is not None,
        refund=_REFUND.search(words) is not None,
        boycott=_BOYCOTT.search(words) is not None or "#boycott" in text.folded,
        counter_speech=bool(quoted),
        quoted=quoted,
        addressed=_ADDRESSED.search(words) is not None or "<@" in text.original,
    )


def _quoted_spans(folded: str) -> tuple[tuple[int, int], ...]:
    """Spans of `folded` inside quotation marks or just after a reporting word."""
    spans = list(_inside_quotes(folded))
    words = [(m.start(), m.end(), m.group(0)) for m in _WORDS.finditer(folded)]
    for index, (start, _, word) in enumerate(words):
        if word in _REPORTING:
            reach = words[index + 1 : index + 1 + _REPORTED_REACH]
            if reach:
                spans.append((start, reach[-1][1]))
    return tuple(spans)


def _inside_quotes(folded: str) -> Iterable[tuple[int, int]]:
    index = 0
    while index < len(folded):
        closing = _QUOTES.get(folded[index])
        end = folded.find(closing, index + 1) if closing else -1
        if closing == "'":
            end = _closing_apostrophe(folded, index)
        if end > index + 1:
            yield (index, end + 1)
            index = end
        index += 1


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
