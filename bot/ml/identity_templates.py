"""Identity templates: what separates hate from talk about a group, for the toxicity model.

The shared data teaches that group words are hateful: MLMA was collected with them, and most of
ToxiFrench's identity-hate rows name a group while few of its clean rows do. So "les musulmans"
alone raised `hate`, and a kind sentence about a group scored like an attack. These templates
put every group word of Vigie's lexicon (`bot/text/lexicons/hate.txt`) in neutral, positive,
counter-speech and negated sentences (no hate), and in attacks, dehumanisation, hatred, threats
and profanity aimed at it (hate; threats also `threat`); slurs get direct uses (hate) and reports
(not); groups that are not identities (referees, spammers, Mondays) get the same attacks as
abuse that is not hate. The contrast moves `hate` from the group word to the conjunction of a
group with an attack (see `concepts.HATE_CONJUNCTIONS`). Written for Vigie (not taken from any
functional test suite). The templates are training rows only: calibration and thresholds stay
chosen on the real data's validation splits, and the blind hate sets measure the effect. WARNING: hateful wording, kept on purpose.
"""

from __future__ import annotations

import hashlib

from bot.ml.datasets import TRAIN, Example
from bot.text.hate_lexicon import HateLexicon

# kind -> labels (toxic, hate, threat): a threat against a group is hate as well as a threat;
# abuse at a group that is no identity is toxic, not hate.
LABELS: dict[str, dict[str, int]] = {
    "attack": {"toxic": 1, "hate": 1, "threat": 0},
    "threat": {"toxic": 1, "hate": 1, "threat": 1},
    "slur": {"toxic": 1, "hate": 1, "threat": 0},
    "neutral": {"toxic": 0, "hate": 0, "threat": 0},
    "counter": {"toxic": 0, "hate": 0, "threat": 0},
    "abuse": {"toxic": 1, "hate": 0, "threat": 0},
    "dislike": {"toxic": 0, "hate": 0, "threat": 0},
}

# {g}: a group; {x}: an attack or dehumanising word of the lexicon; {s}: a slur.
TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        "attack": (
            "les {g} sont tous des {x}",
            "les {g} c'est que des {x}",
            "tous les {g} = {x}",
            "j'en ai marre des {g}, une bande de {x}",
            "sérieux les {g} sont des {x} et tout le monde le sait",
            "les {g} ? des {x}, rien d'autre",
            "ces {g} sont de vrais {x}",
            "je hais les {g}",
            "les {g} me dégoûtent",
            "j'ai la haine contre les {g}",
            "je supporte plus les {g}",
            "putain de {g}",
            "ces enculés de {g}",
            "les {g} de merde",
            "les {g} dehors, c'est tout",
            "qu'ils dégagent ces {g}",
            "les {g} n'ont rien à faire chez nous",
            "les {g} ne méritent aucun respect",
            "pourquoi les {g} sont si {x} ?",
            "je pense franchement que les {g} sont des {x}",
        ),
        "threat": (
            "il faut tuer les {g}",
            "je vais buter des {g}",
            "faut exterminer les {g}",
            "on va cramer les {g}",
            "les {g} devraient crever",
            "une balle pour chaque {g}",
            "on devrait pendre les {g}",
            "je vais tabasser des {g} ce soir",
            "mort aux {g}",
            "faut gazer les {g}",
        ),
        "slur": (
            "sale {s}",
            "ta gueule {s}",
            "encore un {s} ici",
            "espèce de {s}",
            "dégage le {s}",
            "regardez-moi ce {s}",
        ),
        "neutral": (
            "les {g} de mon quartier organisent une fête",
            "une émission sur les {g} ce soir",
            "je travaille avec des {g}",
            "les droits des {g} ont évolué",
            "il y a des {g} dans ma famille",
            "un article sur les {g} en France",
            "les {g} sont nombreux à utiliser l'appli",
            "mes voisins sont des {g}",
            "les {g} aussi ont droit au service client",
            "question pour les {g} du serveur",
            "les {g} sont des clients comme les autres",
            "les {g} que je connais sont super",
            "respect aux {g}",
            "soutien total aux {g}",
            "j'adore les {g}",
            "les {g} sont les bienvenus ici",
            "les {g} méritent le respect",
            "les {g} sont géniaux",
            "merci aux {g} qui m'ont aidé",
            "bravo aux {g} pour leur courage",
        ),
        "counter": (
            "dire que les {g} sont des {x}, c'est raciste",
            "arrêtez de traiter les {g} de {x}",
            "il a écrit que les {g} sont des {x}, signalé",
            "les {g} ne sont pas des {x}",
            "non, les {g} ne sont pas des {x}",
            "je ne déteste pas les {g}",
            "personne ne devrait dire que les {g} sont des {x}",
            "traiter les {g} de {x} c'est inadmissible",
            "les propos contre les {g} sont signalés aux modos",
            "c'est faux de penser que les {g} sont des {x}",
            "la haine contre les {g} n'a pas sa place ici",
            "stop aux clichés sur les {g}",
        ),
        "slur_counter": (
            "il m'a traité de {s}, je l'ai signalé",
            "le mot {s} est une insulte raciste, bannissez-le",
            "on m'a appelé {s} au collège",
            "écrire {s} ici c'est le ban",
        ),
        "abuse": (
            "les {g} sont tous des {x}",
            "ces {g} sont de vrais {x}",
            "putain de {g}",
            "les {g} de merde",
            "les {g} c'est que des {x}",
        ),
        "dislike": (
            "je déteste les {g}",
            "j'en ai marre des {g}",
            "les {g} me saoulent",
            "il faut éliminer les {g}",
        ),
    },
    "en": {
        "attack": (
            "{g} are all {x}",
            "all {g} are {x}, period",
            "{g} = {x}",
            "sick of {g}, bunch of {x}",
            "{g}? {x}, nothing else",
            "i hate {g}",
            "{g} disgust me",
            "i can't stand {g}",
            "fucking {g}",
            "damn {g} everywhere",
            "{g} out, all of them",
            "{g} don't belong here",
            "{g} deserve no respect",
            "why are {g} so {x}?",
            "honestly i think {g} are {x}",
        ),
        "threat": (
            "we should kill all {g}",
            "i'm going to shoot some {g}",
            "exterminate the {g}",
            "{g} should all die",
            "hang the {g}",
            "death to {g}",
            "i will beat up {g} tonight",
            "burn the {g}",
        ),
        "slur": (
            "shut up {s}",
            "dirty {s}",
            "another {s} in here",
            "get lost {s}",
            "look at this {s}",
        ),
        "neutral": (
            "the {g} in my area run a food bank",
            "a show about {g} tonight",
            "i work with {g}",
            "there are {g} in my family",
            "{g} use the app too",
            "my neighbours are {g}",
            "question for the {g} here",
            "{g} are customers like everyone",
            "respect to {g}",
            "i love {g}",
            "{g} are welcome here",
            "{g} deserve respect",
            "{g} are great",
            "thanks to the {g} who helped me",
        ),
        "counter": (
            "saying {g} are {x} is racist",
            "stop calling {g} {x}",
            "he wrote that {g} are {x}, reported",
            "{g} are not {x}",
            "no, {g} are not {x}",
            "i don't hate {g}",
            "nobody should say {g} are {x}",
            "calling {g} {x} is unacceptable",
            "hate against {g} has no place here",
            "stop the stereotypes about {g}",
        ),
        "slur_counter": (
            "he called me a {s} and i reported him",
            "the word {s} is a slur, ban it",
            "someone wrote {s} in general, mods",
        ),
        "abuse": (
            "{g} are all {x}",
            "fucking {g}",
            "{g} are {x}, period",
            "damn {g}",
        ),
        "dislike": (
            "i hate {g}",
            "sick of {g}",
            "{g} annoy me",
            "we should get rid of {g}",
        ),
    },
}

# Groups that are not identities: the same attacks at them are abuse (toxic) but not hate.
NOT_IDENTITIES = {
    "fr": (
        "politiciens",
        "arbitres",
        "spammeurs",
        "trolls",
        "banquiers",
        "lundis",
        "supporters",
        "chauffards",
        "influenceurs",
        "moustiques",
        "bots",
        "campeurs",
        "joueurs de foot",
        "conseillers",
        "modos",
        "fans de rap",
        "voisins",
        "touristes",
        "bouchons",
        "impôts",
    ),
    "en": (
        "politicians",
        "referees",
        "spammers",
        "trolls",
        "bankers",
        "mondays",
        "fans",
        "drivers",
        "influencers",
        "mosquitoes",
        "bots",
        "campers",
        "landlords",
        "mods",
        "tourists",
        "taxes",
        "critics",
        "lawyers",
    ),
}
PER_KIND = 3  # templates of each kind drawn per group (or slur)
# Kind talk outnumbers attacks per group: within the templates a group word is then evidence
# against hate, which offsets what keyword-collected data taught it.
PER_KIND_NEUTRAL = 8
# The templates' weight as a source (see train.row_weights): more moved the real sets' figures.
WEIGHT = 1.0


def _pick(key: str, pool: tuple[str, ...], k: int) -> list[str]:
    # A stable choice, independent of the seed.
    return sorted(pool, key=lambda t: hashlib.sha256(f"{key}:{t}".encode()).digest())[:k]


def _plural(group: str, lang: str) -> bool:
    # The templates speak of groups in the plural ("les {g} sont").
    last = group.split()[-1]
    if lang == "en":
        return last.endswith("s") or last in {"people", "women", "men", "folks"}
    return last.endswith(("s", "x"))


def identity_examples(lexicon: HateLexicon) -> list[Example]:
    """Every template example, in both languages, all in the training split."""
    examples: list[Example] = []
    for lang, kinds in TEMPLATES.items():
        attacks = lexicon.terms("attack", lang) + lexicon.terms("dehumanise", lang)
        attacks = tuple(a for a in attacks if len(a.split()) == 1 and len(a) > 3)
        groups = [g for g in lexicon.terms("group", lang) if _plural(g, lang)]
        slurs = [s for s in lexicon.terms("slur", lang) if " " not in s]
        for group in groups:
            for kind in ("attack", "threat", "neutral", "counter"):
                k = PER_KIND_NEUTRAL if kind == "neutral" else PER_KIND
                examples += _fill(lang, kind, kinds[kind], group, attacks, "g", k)
        for slur in slurs:
            examples += _fill(lang, "slur", kinds["slur"], slur, attacks, "s")
            examples += _fill(lang, "counter", kinds["slur_counter"], slur, attacks, "s")
        for other in NOT_IDENTITIES[lang]:
            examples += _fill(lang, "abuse", kinds["abuse"], other, attacks, "g")
            examples += _fill(lang, "dislike", kinds["dislike"], other, attacks, "g")
    return examples


def _fill(
    lang: str,
    kind: str,
    pool: tuple[str, ...],
    word: str,
    attacks: tuple[str, ...],
    slot: str,
    k: int = PER_KIND,
) -> list[Example]:
    out = []
    for template in _pick(f"{lang}:{kind}:{word}", pool, k):
        attack = _pick(f"{template}:{word}", attacks, 1)[0]
        text = template.format(**{slot: word, "x": attack})
        meta = {"kind": kind, "word": word}
        labels = dict(LABELS[kind])
        out.append(Example(text, labels, lang, "identity", TRAIN, WEIGHT, meta=meta))
    return out
