"""The speech reader: what it reads as protected (complaints, refund and boycott calls,
petitions) whatever the grievance is about, and what it never protects (an ad with a link).

SET_A was written after the second bad buzz (charters/samples/storm_*.jsonl) about other topics,
measured (main read 5 of 50), then tuned on. SET_B was written before the last change to the
reader and never tuned on: main read 4 of 40, this reader 29; its floor guards a regression, the
misses are the reader's known limit (see the note of issue 12c).
"""

from __future__ import annotations

import pytest

from bot.detectors.speech import read_speech
from bot.text.normalize import normalize

SET_A = [
    "VOTRE NOUVELLE APPLI EST INUTILISABLE DEPUIS LA MISE À JOUR",
    "ENCORE UNE FUITE DE DONNÉES ET PAS UN MOT D'EXCUSE",
    "MA COMMANDE N'EST TOUJOURS PAS ARRIVÉE APRÈS TROIS SEMAINES",
    "@Opalia @Opalia_Support @everyone quand est-ce que vous allez vous excuser ?",
    "@Opalia @Opalia_Support @Ines @Karim @Lea @Theo on attend toujours le remboursement",
    "Mes données bancaires dans la nature, merci Opalia 🙃",
    "Trois semaines sans livraison, le service client me balade",
    "Ils licencient 300 personnes et augmentent le salaire du PDG, dégoûtant",
    "Leur pub est sexiste, retirez-la",
    "Le PDG nous traite d'assistés à la télé, on s'en souviendra",
    "L'appli a effacé toutes mes photos, personne ne répond",
    "IL FAUT QU'ILS RENDENT DES COMPTES",
    "Je ne remettrai plus jamais les pieds chez Opalia",
    "Plus jamais Opalia",
    "Dégoûtée de cette boîte",
    "Opalia, vous avez menti à vos clients",
    "VOUS AVEZ MENTI",
    "On a été trahis par Opalia",
    "Quelle honte cette entreprise",
    "#OpaliaMent #OpaliaMent #OpaliaMent",
    "Mon colis est perdu et on me demande d'attendre encore 15 jours",
    "Ils ont fermé l'agence de mon village sans prévenir",
    "Le rappel du produit arrive trop tard, mon fils a été brûlé par le chargeur",
    "PLUS DE 2H D'ATTENTE AU TÉLÉPHONE POUR RIEN",
    "Je veux parler à un humain, pas à un robot",
    "YOUR NEW APP IS UNUSABLE SINCE THE UPDATE",
    "ANOTHER DATA LEAK AND NOT A WORD OF APOLOGY",
    "MY ORDER STILL HASN'T ARRIVED AFTER THREE WEEKS",
    "@Opalia @OpaliaHelp @everyone when will you apologise?",
    "@Opalia @OpaliaHelp @Grace @Joe @Anya @Sam still waiting for my refund",
    "My bank details leaked, cheers Opalia 🙃",
    "Three weeks and no delivery, customer service keeps fobbing me off",
    "They lay off 300 people and give the CEO a raise, disgusting",
    "Your ad is sexist, pull it",
    "The CEO called us freeloaders on TV, we won't forget",
    "The app wiped all my photos and nobody replies",
    "THEY MUST BE HELD ACCOUNTABLE",
    "Never setting foot in an Opalia shop again",
    "Opalia lied to its customers",
    "YOU LIED TO US",
    "We've been betrayed by Opalia",
    "What a shameless company",
    "My parcel is lost and they tell me to wait another 15 days",
    "They closed my local branch without notice",
    "The recall came too late, my son got burned by the charger",
    "OVER 2 HOURS ON HOLD FOR NOTHING",
    "I want to talk to a human, not a bot",
    "Is anyone at Opalia even reading this?",
    "HELLO??? ANYONE AT OPALIA???",
    "Opalia ne répond plus à personne, c'est voulu ?",
]
SET_B = [
    "Franchement je regrette d'avoir signé chez eux",
    "La box a cramé toute seule, et on me dit que c'est de ma faute",
    "TROIS RENDEZ-VOUS ANNULÉS PAR LE TECHNICIEN, TROIS !",
    "On paie pour un service qu'on n'a pas",
    "C'est la dernière fois que je leur fais confiance",
    "Depuis le rachat tout part en vrille chez Opalia",
    "@Opalia @Opalia_Support @Ines_Opalia @Modo_Karim @Modo_Lea @everyone ça vous amuse ?",
    "Aucun respect pour les clients âgés, ma grand-mère s'est fait avoir par leur vendeur",
    "Le démarchage au téléphone 4 fois par jour, STOP",
    "Leur conseiller m'a vendu une option que je n'ai jamais demandée",
    "J'ai honte d'avoir recommandé Opalia à mes parents",
    "Service client aux abonnés absents depuis une semaine",
    "Ma facture a doublé sans explication",
    "Le chat en ligne me coupe à chaque fois",
    "Vous nous prenez pour des idiots ou quoi ?",
    "QUI EST RESPONSABLE DE CE FIASCO ?",
    "Opalia = incompétence",
    "Ils n'assument rien, comme d'habitude",
    "Merci pour rien Opalia",
    "Une entreprise qui méprise ses clients",
    "I regret ever signing up with them",
    "The router caught fire on its own and they say it's my fault",
    "THREE ENGINEER APPOINTMENTS CANCELLED, THREE!",
    "We're paying for a service we don't get",
    "Last time I ever trust them",
    "Since the takeover everything at Opalia has gone downhill",
    "@Opalia @OpaliaHelp @Grace_Opalia @Mod_Joe @Mod_Anya @everyone is this funny to you?",
    "No respect for elderly customers, my gran got conned by their salesman",
    "Cold calls 4 times a day, STOP IT",
    "Their adviser sold me an add-on I never asked for",
    "Ashamed I recommended Opalia to my parents",
    "Customer service has been missing in action for a week",
    "My bill doubled with no explanation",
    "The online chat cuts me off every time",
    "Do you think we're stupid or what?",
    "WHO IS RESPONSIBLE FOR THIS FIASCO?",
    "Opalia = incompetence",
    "They never own up to anything, as usual",
    "Thanks for nothing Opalia",
    "A company that despises its customers",
]


def protected(text: str) -> bool:
    return bool(read_speech(normalize(text)).kinds)


@pytest.mark.parametrize(("cases", "floor"), [(SET_A, 48), (SET_B, 29)], ids=["a-tuned", "b-blind"])
def test_complaints_about_anything_are_read_as_protected(cases: list[str], floor: int) -> None:
    missed = [text for text in cases if not protected(text)]
    assert len(cases) - len(missed) >= floor, missed


OFFERS = [
    "Marre d'Opalia ? Box 4G à 9,99 €, code promo ZENO30 https://zeno.example",
    "Remboursement express ici https://opalia-rembourse.example/form",
    "Price hike? Claim it back, limited spots https://refunds.example/claim",
    "Crypto x2 en 24h, scandale des banques, rejoins t.me/cryptox2",
]
NOT_OFFERS = [
    "Signez la pétition contre la hausse https://petitions.example/p/stop",
    "Scandale : l'article est sorti https://journal.example/opalia",
    "Ils m'avaient promis un mois gratuit, toujours rien, c'est honteux",
]


@pytest.mark.parametrize("text", OFFERS)
def test_an_ad_with_a_link_is_never_protected(text: str) -> None:
    assert not protected(text)


@pytest.mark.parametrize("text", NOT_OFFERS)
def test_a_grievance_with_a_link_or_an_ad_word_alone_stays_protected(text: str) -> None:
    assert protected(text)
