"""Hand-written probe messages: what a moderator expects of the models on everyday cases.

They are not a benchmark (a few sentences written by the developers, in the style of a Discord or
Telegram community), but they catch a model that is broken or that learnt the wrong thing, and
they cover what the shared data lacks: French complaints and French spam. The shipped artifacts
are tested against them, and `vigie model eval` reports every score.
"""

from __future__ import annotations

# (text, label, lowest acceptable score, highest acceptable score). A message with no sign of
# toxicity sits near the training mix's prior (about 0.25 for `toxic`), hence "low" is < 0.4.
PROBES: tuple[tuple[str, str, float, float], ...] = (
    ("t'es vraiment un gros connard", "toxic", 0.5, 1.0),
    ("ferme ta gueule sale pute", "toxic", 0.5, 1.0),
    ("you are a fucking idiot", "toxic", 0.5, 1.0),
    ("shut up, moron", "toxic", 0.5, 1.0),
    ("merci pour votre aide, bonne soirée à tous", "toxic", 0.0, 0.4),
    ("thanks for the quick answer, have a nice day", "toxic", 0.0, 0.4),
    (
        "Bonjour, j'attends toujours le remboursement de ma commande annulée il y a trois semaines, "
        "pourriez-vous regarder ?",
        "toxic",
        0.0,
        0.4,
    ),
    (
        "Bonjour, j'attends toujours le remboursement de ma commande annulée il y a trois semaines, "
        "pourriez-vous regarder ?",
        "negative",
        0.6,
        1.0,
    ),
    (
        "Hello, my refund is still not here three weeks after the cancellation, could you check "
        "please?",
        "negative",
        0.6,
        1.0,
    ),
    (
        "Hello, my refund is still not here three weeks after the cancellation, could you check "
        "please?",
        "toxic",
        0.0,
        0.4,
    ),
    ("Votre appli plante à chaque mise à jour, c'est inadmissible", "negative", 0.5, 1.0),
    ("super stream hier soir, merci à toute l'équipe", "negative", 0.0, 0.4),
    ("great update, thanks team!", "negative", 0.0, 0.3),
    ("Earn $5000 weekly with bitcoin investment, DM me now https://t.me/+abc123", "spam", 0.7, 1.0),
    (
        "Gagnez 500€ par jour avec le trading crypto, rejoignez mon canal telegram t.me/richesse",
        "spam",
        0.6,
        1.0,
    ),
    ("Cadeau gratuit : cliquez sur le lien pour réclamer votre prix bit.ly/xyz", "spam", 0.5, 1.0),
    ("salut tout le monde, on se retrouve à 20h pour la partie", "spam", 0.0, 0.2),
    ("anyone up for a game tonight?", "spam", 0.0, 0.2),
)

# (insult, the same words in counter-speech, negation or a report, language)
COUNTER_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("you are an idiot", "calling someone an idiot is unacceptable", "en"),
    ("you are an idiot", "you are not an idiot", "en"),
    ("shut up you stupid bitch", "calling women bitches is not ok, please stop", "en"),
    (
        "go back to your country, you dirty immigrant",
        "telling people to go back to their country is racist and it has no place here",
        "en",
    ),
    ("t'es un connard", "traiter quelqu'un de connard, c'est inacceptable", "fr"),
    ("t'es un connard", "tu n'es pas un connard, ne les écoute pas", "fr"),
    (
        "ferme ta gueule sale pute",
        "arrêtez de traiter les femmes de putes, c'est inadmissible",
        "fr",
    ),
    (
        "sale arabe rentre chez toi",
        "dire « sale arabe » à quelqu'un, c'est du racisme et ça n'a pas sa place ici",
        "fr",
    ),
)
