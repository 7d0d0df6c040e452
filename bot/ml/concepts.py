"""Hand-written bilingual concept lists: the bridge from English training data to French messages.

There is no French complaint or spam data in the shared folder. Each concept below lists English
and French words for one idea ("refund", "still waiting", "free prize"); the models get one feature
per concept, so the weight they learn from English airline tweets or English SMS spam also fires on
"remboursement" or "gagnez". The lists are generic (no airline, no brand) and part of this project
(same licence as the code). They are deliberately short: a prior, not a rule.
"""

from __future__ import annotations

from bot.ml.lexicon import Lexicon, build_lexicon, with_conjunctions
from bot.text.hate_lexicon import hate_lexicon as words_lexicon

# concept -> (English phrases, French phrases); accents are optional (phrases are folded).
COMPLAINT_CONCEPTS: dict[str, tuple[str, str]] = {
    "refund": (
        "refund refunds refunded reimburse reimbursed reimbursement|money back",
        "rembourse remboursement rembourser remboursements|mon argent",
    ),
    "late": (
        "late delay delayed delays|hours late|still waiting",
        "retard retards retarde|en retard|toujours en attente",
    ),
    "cancel": ("cancel cancelled canceled cancellation", "annule annulation annulee annuler"),
    "wait": ("wait waiting waited hold|on hold", "attente attendre attends attendu patienter"),
    "lost": ("lost missing lose", "perdu perdue perdus disparu egare"),
    "broken": (
        "broken damaged crashed crash bug bugs|not working|doesn work",
        "casse endommage abime plante bug bugs|en panne|marche pas|fonctionne pas",
    ),
    "no_answer": (
        "ignored ignoring unanswered|no response|no answer|no reply|nobody answers",
        "ignore ignores|aucune reponse|pas de reponse|sans reponse|personne ne",
    ),
    "never": ("never still again", "jamais toujours encore"),
    "bad": (
        "worst terrible awful horrible bad poor useless joke ridiculous pathetic "
        "unacceptable disappointed disappointing rude incompetent",
        "pire nul nulle horrible lamentable mauvais mediocre inutile ridicule pathetique "
        "inacceptable inadmissible decu decue decevant impoli incompetent",
    ),
    "angry": (
        "angry furious frustrated frustrating annoyed disgusted|fed up|sick of",
        "enerve furieux furieuse frustre frustrant agace degoute|marre|ras le bol",
    ),
    "scandal": (
        "shame disgrace scam scammed fraud thieves ripoff|rip off",
        "honte scandale arnaque arnaques escroquerie voleurs escrocs",
    ),
    "service": (
        "service agent support hotline representative|customer service",
        "service conseiller support hotline sav|service client",
    ),
    "money": ("fee fees charge charged paid pay price", "frais paye facture prix payer"),
    "order": ("order ordered delivery package parcel", "commande commandee livraison colis"),
    "time": ("hours days weeks minutes hour", "heures jours semaines minutes heure"),
    "request": ("help please why", "aide aidez pourquoi|s il vous plait|s il te plait"),
    "negation": ("not no don can won didn isn", "pas ne non aucun aucune rien"),
    "thanks": ("thanks thank|thank you", "merci remercie"),
    "praise": (
        "great awesome amazing love best excellent perfect wonderful good nice happy "
        "glad fantastic",
        "super genial excellent parfait top adore meilleur bien content "
        "contente ravi ravie merveilleux formidable",
    ),
    "resolved": ("fixed resolved solved sorted", "regle resolu corrige repare"),
}

SPAM_CONCEPTS: dict[str, tuple[str, str]] = {
    "money": (
        "money cash dollars euros profit profits income earn earning earnings",
        "argent gagner gagnez gains revenus euros benefices",
    ),
    "prize": (
        "free win winner won prize award claim bonus gift voucher",
        "gratuit gratuite gratuitement gagnant gagne cadeau prix lot bonus offert bon",
    ),
    "crypto": (
        "crypto cryptocurrency bitcoin btc usdt eth investment invest investing trading "
        "forex broker",
        "crypto bitcoin investissement investir trading courtier",
    ),
    "action": (
        "click link join register subscribe contact call text reply visit dm",
        "cliquez clique lien rejoignez rejoins inscrivez inscris contactez appelez envoyez ecrivez",
    ),
    "urgency": (
        "now urgent today limited hurry guaranteed offer|act now",
        "maintenant urgent aujourd hui limite vite garanti offre",
    ),
    "channel": ("telegram whatsapp inbox", "telegram whatsapp mp|en prive"),
    "job": (
        "job salary remote|work from home|per day|per week",
        "emploi salaire teletravail|par jour|par semaine|depuis chez vous",
    ),
}


# A group word alone carries no hate; these pairs of kinds are what the model may weigh: an
# attack, dehumanisation, hatred, violence or exclusion said in a message that names a group, and
# the same group or slur next to words that report or condemn hate (counter-speech).
MODEL_KINDS = frozenset(
    ["group", "slur", "attack", "dehumanise", "hatred", "violence", "exclude", "counter"]
)
HATE_CONJUNCTIONS: tuple[tuple[str, ...], ...] = (
    ("group", "attack"),
    ("group", "dehumanise"),
    ("group", "hatred"),
    ("group", "violence"),
    ("group", "exclude"),
    ("group", "counter"),
    ("slur", "counter"),
)


def hate_lexicon() -> Lexicon:
    """Vigie's hate lexicon (`bot/text/lexicons/hate.txt`) as features for `toxic`/`hate`: one
    per kind (slur, group, attack...) and one per conjunction of kinds."""
    lexicon = words_lexicon()
    entries = [
        (t, kind, lang)
        for (kind, lang), terms in lexicon.entries.items()
        if kind in MODEL_KINDS
        for t in terms
    ]
    return with_conjunctions(build_lexicon("hate", entries), HATE_CONJUNCTIONS)


def _entries(concepts: dict[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    # Format: single words separated by spaces, then "|"-separated multi-word phrases.
    entries: list[tuple[str, str, str]] = []
    for concept, (english, french) in concepts.items():
        for lang, text in (("en", english), ("fr", french)):
            words, *phrases = text.split("|")
            entries.extend((p, concept, lang) for p in [*words.split(), *phrases])
    return entries


def complaint_lexicon() -> Lexicon:
    """The complaint and praise concepts, as lexicon features for the `negative` label."""
    return build_lexicon("complaint", _entries(COMPLAINT_CONCEPTS))


def spam_lexicon() -> Lexicon:
    """The spam concepts (money, prize, crypto, calls to action...) for the `spam` label."""
    return build_lexicon("spam", _entries(SPAM_CONCEPTS))
